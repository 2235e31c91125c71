package ui

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/wsclient"
)

// streamAddressKey is the preference that remembers this page's address.
const streamAddressKey = "stream.address"

// maxEventBatch caps how many events one UI call handles, so a flood of
// events still lets the window draw between batches.
const maxEventBatch = 256

// timeFormat stamps each log line: hours to milliseconds, enough to see
// the one-second rhythm of the sends and how long a connect took.
const timeFormat = "15:04:05.000"

// streamPage is scenario 2, "Binary data stream": the sample's
// StreamWebSocket page. Start connects and the stream sends "Hello World"
// every second; the counters show the bytes sent and received; Stop closes
// with 1000 "Closed due to user request.".
//
// Beyond the sample it offers a menu of demo flows (flowmenu.go), the
// Connection panel (connpanel.go), the Advanced settings (advanced.go) and
// file transfers (transferpanel.go); this file wires them to the stream.
//
// Its fields below the widgets belong to the UI goroutine. Goroutines of
// its own feed it through env.do: the event pump (for the page's life),
// the counter poller (while connected) and a watcher per file transfer.
type streamPage struct {
	env    pageEnv
	stream *wsclient.Stream
	base   wsclient.Options // the options the page was made with; Advanced adds to them

	address            *widget.Entry
	flows              *flowMenu
	flowHint           *widget.Label // what the picked flow will show
	validate           *widget.Check // "Perform custom server certificate validation"
	start, stop        *widget.Button
	sent, received     *widget.Label
	sentRate, recvRate *widget.Label
	xfer               *transferPanel
	conn               *connPanel
	connSection        *widget.Accordion // hidden while disconnected
	adv                *advancedSection
	advSection         *widget.Accordion
	log                *logPane
	content            fyne.CanvasObject

	busy         bool   // connecting or closing: both buttons off (the sample's Busy state)
	connected    bool   // a connection is open
	stopping     bool   // the user (or Leave) asked to close
	reconnecting bool   // Options.Reconnect is between attempts: Busy, but Stop works
	stopPoll     func() // stops the counter poller; nil while disconnected
	meter        rateMeter
	chunk        int    // the file chunk size of the current connection
	flowAddr     string // the address the picked flow put in the field, "" if none
	flowTimeout  string // the handshake timeout a flow put in Advanced, "" if none

	done      chan struct{} // closed by Close: the page's goroutines end
	closeOnce sync.Once
}

// newStreamPage builds the page around a Stream with opts and starts its
// event pump. address prefills the server address field.
func newStreamPage(env pageEnv, opts wsclient.Options, address string) *streamPage {
	p := &streamPage{
		env:    env,
		stream: wsclient.NewStream(opts),
		base:   opts,
		log:    newLogPane(env.clipboard),
		done:   make(chan struct{}),
	}

	p.address = widget.NewEntry()
	p.address.SetPlaceHolder("ws://host:port/path or wss://host:port/path")
	p.address.SetText(address)
	p.address.OnSubmitted = func(string) { p.onStart() } // Enter = Start
	p.address.OnChanged = func(s string) {
		if p.flowAddr != "" && s != p.flowAddr { // edited: the hint no longer applies
			p.flowAddr = ""
			p.flowHint.Hide()
		}
	}
	p.flows = newFlowMenu(availableFlows(env.builtIn), p.pickFlow)
	p.flowHint = streamHint("")
	p.flowHint.Hide()
	p.validate = newCustomValidationCheck()

	p.start = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), p.onStart)
	p.stop = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), p.onStop)

	p.sent = widget.NewLabelWithStyle("0", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.received = widget.NewLabelWithStyle("0", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.sentRate, p.recvRate = widget.NewLabel(""), widget.NewLabel("")

	p.xfer = newTransferPanel(func() { pickFile(p.content, p.sendFile) })
	p.conn = newConnPanel()
	p.connSection = widget.NewAccordion(widget.NewAccordionItem("Connection", p.conn.content))
	p.connSection.Hide()
	p.adv = newAdvancedSection()
	p.advSection = widget.NewAccordion(widget.NewAccordionItem("Advanced", p.adv.content))

	header := pageHeader("Binary data stream",
		"This scenario shows how to use a stream WebSocket to send binary data. "+
			"Once connected it sends \"Hello World\" (11 bytes) as a binary message every second "+
			"and counts the bytes sent and received. The built-in server's /echo endpoint "+
			"sends every byte back, so both counters grow together.")
	addressRow := container.NewBorder(nil, nil, widget.NewLabel("Server address:"), p.flows.button, p.address)
	// Send file… sits with Start and Stop; a transfer's progress shows
	// below them while a file is on its way.
	buttons := container.NewHBox(p.start, p.stop, p.xfer.send)
	counters := container.NewHBox(
		widget.NewLabel("Bytes sent:"), p.sent, p.sentRate,
		widget.NewLabel("   Bytes received:"), p.received, p.recvRate,
	)
	controls := container.NewVBox(header, addressRow, p.flowHint, p.validate, buttons, p.xfer.running, counters,
		p.connSection, p.advSection, widget.NewSeparator())
	layout, content := newControlsAndLog(controls, p.log.Content())
	p.content = content
	// Opening a section in a short window would leave most of it below the
	// fold: scroll it into view instead.
	wasOpen := map[*widget.Accordion]bool{}
	layout.onChange = func() {
		for _, a := range []*widget.Accordion{p.connSection, p.advSection} {
			open := a.Visible() && a.Items[0].Open
			if open && !wasOpen[a] {
				layout.reveal(a)
			}
			wasOpen[a] = open
		}
	}

	p.updateState()
	go p.pump()
	return p
}

func (p *streamPage) Title() string              { return "Binary data stream" }
func (p *streamPage) Content() fyne.CanvasObject { return p.content }

// FocusTarget is the address field: Enter there is Start.
func (p *streamPage) FocusTarget() fyne.Focusable { return p.address }

// Leave closes the connection in the background, as the sample's
// OnNavigatedFrom does; its events still reach the log.
func (p *streamPage) Leave() {
	if !p.busy && !p.connected {
		return
	}
	p.stopping, p.busy = true, true
	p.updateState()
	go p.stream.Stop() // blocks until closed; ErrNotConnected just means it already is
}

// Close stops the page's goroutines and closes the connection, waiting for
// it (Stream.Stop is bounded to about two seconds).
func (p *streamPage) Close() {
	p.closeOnce.Do(func() {
		close(p.done)
		_ = p.stream.Stop() // ErrNotConnected: nothing was open
	})
}

// onStart is the Start button and Enter in the address field.
func (p *streamPage) onStart() {
	if p.busy || p.connected {
		return
	}
	addr := p.address.Text
	p.env.notify("", statusMessage) // an old message would mislead while connecting
	settings, err := parseAdvanced(p.adv.input())
	if err != nil {
		// A bad Advanced field names itself; nothing is started.
		p.env.notify(err.Error(), errorMessage)
		p.advSection.Open(0) // show the field in question
		return
	}
	// SetOptions applies to the next Start; the connection keeps its copy.
	p.stream.SetOptions(withCustomValidation(settings.apply(p.base), p.validate.Checked, p.env.builtIn.CA))
	p.chunk = settings.Chunk
	if err := p.stream.Start(addr); err != nil {
		// A bad address (*wsclient.URIError) is said in the sample's words;
		// nothing was sent.
		p.env.notify(err.Error(), errorMessage)
		return
	}
	rememberAddress(p.env.prefs, streamAddressKey, addr, p.env.builtIn)
	p.busy = true
	p.showCounters(0, 0)
	p.updateState()
}

// pickFlow is a pick from the "Try a flow" menu: the flow's address goes
// into the field, its handshake timeout (if it has one) into Advanced, and
// a line says what it will show. It does not start: the presenter does.
func (p *streamPage) pickFlow(f flows.Flow) {
	if p.busy || p.connected {
		return
	}
	p.flowAddr = f.Address // before SetText, whose OnChanged would clear the hint
	p.address.SetText(f.Address)
	hintText := "You will see: " + f.Shows + ". Press Start."
	switch {
	case f.HandshakeTimeout > 0:
		p.flowTimeout = formatSeconds(f.HandshakeTimeout)
		p.adv.handshake.SetText(p.flowTimeout)
		hintText += " (Handshake timeout set to " + p.flowTimeout + " s under Advanced.)"
	case p.flowTimeout != "" && p.adv.handshake.Text == p.flowTimeout:
		// An earlier flow shortened it and nobody changed it since: back to
		// the default, or the next flow would time out unexpectedly soon.
		p.adv.handshake.SetText(defaultAdvanced.Handshake)
		p.flowTimeout = ""
	}
	p.flowHint.SetText(hintText)
	p.flowHint.Show()
	p.env.notify("", statusMessage)
	// Enter now starts the flow.
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.address); c != nil {
		c.Focus(p.address)
	}
}

// sendFile streams the file at path over the open connection: the "Send
// file…" dialog calls it with the chosen file.
func (p *streamPage) sendFile(path string) {
	if !p.connected || p.busy || p.xfer.transfer != nil {
		return
	}
	t, err := p.stream.SendFile(path, p.chunk)
	if err != nil {
		// An unreadable or vanished file: wsclient says which, in words.
		// The connection is untouched.
		p.env.notify(err.Error(), errorMessage)
		p.log.Append(time.Now().Format(timeFormat) + "  " + err.Error())
		return
	}
	p.xfer.begin(t)
	p.env.notify("Sending "+t.Name+"…", statusMessage)
	p.updateState()
	// The watcher ends with the transfer (Done always closes, whether the
	// file was sent, cancelled or the connection was lost).
	go func() {
		select {
		case <-t.Done():
		case <-p.done:
			return
		}
		r := t.Result()
		p.env.do(func() { p.transferEnded(t, r) })
	}()
}

// transferEnded puts the page back after a transfer; its result lines are
// already in the log (EventTransferDone).
func (p *streamPage) transferEnded(t *wsclient.Transfer, r wsclient.TransferResult) {
	if p.xfer.transfer != t {
		return
	}
	p.xfer.end()
	// The status bar gets the gist; the log has every line, hash included.
	lines := r.Lines()
	msg, kind := lines[0], statusMessage
	switch {
	case r.EchoVerified():
		msg += "; echo verified"
	case len(lines) > 1:
		msg += "; " + lines[1]
	}
	if r.Err != nil || r.DiffersAt >= 0 {
		kind = errorMessage
	}
	p.env.notify(msg, kind)
	p.updateState()
}

// onStop is the Stop button. Stream.Stop waits for the close handshake, so
// it runs on its own goroutine; EventClosed (or, between reconnect
// attempts, EventReconnectCancelled) brings the page back.
func (p *streamPage) onStop() {
	if !p.reconnecting && (p.busy || !p.connected) {
		return
	}
	p.stopping, p.busy, p.reconnecting = true, true, false
	p.env.notify("Stopping", statusMessage)
	p.updateState()
	go func() {
		if err := p.stream.Stop(); errors.Is(err, wsclient.ErrNotConnected) {
			// The server closed first; its EventClosed is on its way.
			p.env.do(func() {
				if p.stopping && !p.connected {
					p.stopping, p.busy = false, false
					p.env.notify("There is no active socket to stop.", statusMessage)
					p.updateState()
				}
			})
		}
	}()
}

// pump carries the stream's events to the UI goroutine for the page's
// life. It takes everything already waiting as one batch, makes one UI call
// for it, and waits for that call before taking the next batch: while the
// UI is busy, events gather in the next batch instead of piling up as
// separate calls.
func (p *streamPage) pump() {
	events := p.stream.Events()
	for {
		var batch []wsclient.Event
		select {
		case e := <-events:
			batch = append(batch, e)
		case <-p.done:
			return
		}
		for more := true; more && len(batch) < maxEventBatch; {
			select {
			case e := <-events:
				batch = append(batch, e)
			default:
				more = false
			}
		}
		if onlyProgress(batch) {
			continue // the poller shows the counters; nothing to log
		}
		handled := make(chan struct{})
		p.env.do(func() {
			defer close(handled)
			p.handle(batch)
		})
		select {
		case <-handled:
		case <-p.done:
			return
		}
	}
}

func onlyProgress(batch []wsclient.Event) bool {
	for _, e := range batch {
		if e.Kind != wsclient.EventProgress {
			return false
		}
	}
	return true
}

// handle applies a batch of events on the UI goroutine: one log append and
// one state update for the whole batch. The words come from Event.Lines,
// the one place wsclient says what happened.
func (p *streamPage) handle(batch []wsclient.Event) {
	lines := make([]string, 0, len(batch))
	for _, e := range batch {
		if e.Kind == wsclient.EventProgress {
			continue // counters come from the poller, at a steady rate
		}
		stamp := e.Time.Format(timeFormat) + "  "
		for _, l := range e.Lines() {
			lines = append(lines, stamp+l)
		}
		switch e.Kind {
		case wsclient.EventConnected:
			p.busy, p.connected, p.reconnecting = false, true, false
			p.env.notify(e.String(), statusMessage)
			p.conn.show(e.Info)
			p.connSection.Show()
			p.startCounters()
		case wsclient.EventConnectFailed:
			for _, l := range refusedLines(e.Err) {
				lines = append(lines, stamp+l)
			}
			switch {
			case p.stopping && e.IsFinal():
				p.env.notify("Stopped", statusMessage) // Stop cancelled a (re)connect
			default:
				p.env.notify(e.String(), errorMessage)
			}
			if e.IsFinal() {
				p.busy, p.connected, p.stopping, p.reconnecting = false, false, false, false
			}
		case wsclient.EventWriteFailed, wsclient.EventReadFailed:
			p.env.notify(e.String(), errorMessage)
		case wsclient.EventReconnecting:
			if !p.stopping {
				p.busy, p.reconnecting = true, true
				p.env.notify(e.String(), statusMessage)
			}
		case wsclient.EventClosed, wsclient.EventReconnectCancelled:
			p.connected = false
			p.stopCounters()
			p.conn.clear()
			p.connSection.Hide()
			if e.Kind == wsclient.EventClosed {
				p.showCounters(e.Sent, e.Received) // the final totals
			}
			p.closed(e)
		}
	}
	p.log.Append(lines...)
	p.updateState()
}

// refusedLines are the extra log lines for a refused handshake: the HTTP
// status line and the body the server sent with it (wsclient keeps the
// first 1 KiB), which often says why. Nil for any other error.
func refusedLines(err error) []string {
	var ce *wsclient.ConnectError
	if !errors.As(err, &ce) || ce.StatusCode == 0 {
		return nil
	}
	lines := []string{"Response: " + ce.Status}
	body := strings.TrimRight(ce.Body, " \t\r\n")
	for i, l := range strings.Split(body, "\n") {
		l = strings.TrimRight(l, " \t\r")
		switch {
		case body == "":
		case i == 0:
			lines = append(lines, "Body: "+l)
		default:
			lines = append(lines, "      "+l) // under the first line's text
		}
	}
	return lines
}

// closed updates the page for the end of a connection. With
// Options.Reconnect a close may not be final: the stream tries again, and
// the page stays Busy until it is over, with Stop enabled to end it.
func (p *streamPage) closed(e wsclient.Event) {
	switch {
	case !e.IsFinal():
		p.busy = true
		p.reconnecting = !p.stopping
		p.env.notify(e.String(), errorMessage)
		return
	case p.stopping:
		p.env.notify("Stopped", statusMessage)
	case e.IsError():
		p.env.notify(e.String(), errorMessage)
	default: // the server closed: say so, or "Connected" would linger
		p.env.notify(e.String(), statusMessage)
	}
	p.busy, p.stopping, p.reconnecting = false, false, false
}

// startCounters refreshes the counters, the rates and a transfer's
// progress from the stream's atomics at most ten times a second while
// connected: one poller does it all, so a flood costs the UI no more.
func (p *streamPage) startCounters() {
	p.stopCounters()
	p.meter.reset()
	p.stopPoll = startPoller(counterRefresh, p.env.do, p.done, p.tick)
}

func (p *streamPage) stopCounters() {
	if p.stopPoll != nil {
		p.stopPoll()
		p.stopPoll = nil
	}
	setLabel(p.sentRate, "")
	setLabel(p.recvRate, "")
}

// tick is one refresh of the poller.
func (p *streamPage) tick() {
	now, sent, recv := time.Now(), p.stream.Sent(), p.stream.Received()
	p.showCounters(sent, recv)
	p.meter.add(now, sent, recv)
	up, down := p.meter.rates()
	setLabel(p.sentRate, "("+formatRate(up)+")")
	setLabel(p.recvRate, "("+formatRate(down)+")")
	p.conn.showRates(up, down)
	p.xfer.tick(now)
}

func (p *streamPage) showCounters(sent, received int64) {
	setLabel(p.sent, groupDigits(sent))
	setLabel(p.received, groupDigits(received))
}

// setLabel avoids a refresh when the text is unchanged.
func setLabel(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

// groupDigits writes n with a comma every three digits, "261,724,320":
// against a fast server the counters reach hundreds of millions, which
// are hard to read as one run of digits.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// updateState enables the controls for the sample's three visual states:
// Disconnected (Stop off), Connected (Start and the address off), Busy
// while connecting or closing (everything off) — except that Stop stays on
// while a reconnect is pending, so it can end it at once. What is read at
// Start (the address, the flows, the checkbox, Advanced) is only editable
// while disconnected; "Send file…" only while connected and idle.
func (p *streamPage) updateState() {
	idle := !p.busy && !p.connected
	setEnabled(p.start, idle)
	setEnabled(p.stop, !p.busy && p.connected || p.reconnecting)
	setEnabled(p.address, idle)
	setEnabled(p.validate, idle)
	if len(p.flows.list) > 0 {
		setEnabled(p.flows.button, idle)
	}
	for _, c := range p.adv.controls() {
		setEnabled(c, idle)
	}
	setEnabled(p.xfer.send, p.connected && !p.busy && p.xfer.transfer == nil)
}

// setEnabled enables or disables w, touching it only when that changes
// something. A control that is disabled while it has the keyboard focus
// gives the focus up: a disabled field holding it would swallow the keys
// meant for the window, such as Esc to stop after Enter started.
func setEnabled(w fyne.Disableable, on bool) {
	switch {
	case on && w.Disabled():
		w.Enable()
	case !on && !w.Disabled():
		w.Disable()
		releaseFocus(w)
	}
}

// releaseFocus unfocuses w if it has the focus of its window's canvas.
func releaseFocus(w fyne.Disableable) {
	obj, ok := w.(fyne.CanvasObject)
	if !ok || fyne.CurrentApp() == nil {
		return
	}
	if c := fyne.CurrentApp().Driver().CanvasForObject(obj); c != nil {
		if f, ok := w.(fyne.Focusable); ok && c.Focused() == f {
			c.Unfocus()
		}
	}
}
