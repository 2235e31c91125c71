package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/flows"
	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/ui/protoview"
	"github.com/wssample/wssample/wsclient"
)

// streamAddressKey is the preference that remembers this page's address.
const streamAddressKey = "stream.address"

// streamPage is scenario 2, "Binary data stream": the sample's
// StreamWebSocket page. Start connects and the stream sends "Hello World"
// every second; the counters show the bytes sent and received; Stop closes
// with 1000 and wsclient.StopReason.
//
// Beyond the sample it offers a menu of demo flows (flowmenu.go), the
// Connection panel (connpanel.go), the Advanced settings (advanced.go) and
// file transfers (transferpanel.go); this file wires them to the stream.
//
// Its fields below the widgets belong to the UI goroutine. Goroutines of
// its own feed it through env.do: the event pump (connPage, for the page's
// life), the counter poller (while connected) and a watcher per file
// transfer.
type streamPage struct {
	*connPage
	stream *wsclient.Stream

	flows              *flowMenu
	validate           *widget.Check // "Perform custom server certificate validation"
	sent, received     *widget.Label
	sentRate, recvRate *widget.Label
	xfer               *transferPanel
	conn               *connPanel
	charts             *rateCharts       // the last minute's rates and round trips, in the Connection section
	connSection        *widget.Accordion // hidden while disconnected
	adv                *advancedSection
	advSection         *widget.Accordion
	hex                *protoview.HexView // the latest bytes received or sent
	hexSection         *widget.Accordion
	content            fyne.CanvasObject

	stopPoll    func() // stops the counter poller; nil while disconnected
	meter       rateMeter
	chunk       int    // the file chunk size of the current connection
	flowTimeout string // the handshake timeout a flow put in Advanced, "" if none
}

// streamVerbs are the sample's words for Start and Stop.
func streamVerbs() connVerbs {
	return connVerbs{
		primary: "Start", primaryIcon: theme.MediaPlayIcon(),
		halt: "Stop", haltIcon: theme.MediaStopIcon(),
		halting: "Stopping", halted: "Stopped",
	}
}

// newStreamPage builds the page around a Stream (scenarios.go) and starts
// its event pump.
func newStreamPage(env pageEnv) page {
	p := &streamPage{stream: wsclient.NewStream(wsclient.StreamOptions{})}
	address := env.initialAddress(streamAddressKey, env.builtIn.EchoURL)
	p.connPage = newConnPage(env, streamVerbs(), p.stream.Events(), p.stream.Stop, address, p.onStart)
	p.lines = streamLines
	p.observe(p.react)
	p.refresh = p.updateOwn
	newPingControls(p.connPage, p.stream.Ping)

	p.flows = newFlowMenu(availableFlows(env.builtIn), p.pickFlow)
	p.validate = newCustomValidationCheck()

	p.sent = widget.NewLabelWithStyle("0", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.received = widget.NewLabelWithStyle("0", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.sentRate, p.recvRate = widget.NewLabel(""), widget.NewLabel("")

	p.xfer = newTransferPanel(func() {
		chooseFile(env.window, fileRequest{}, func(path string) {
			if path != "" {
				p.sendFile(path)
			}
		})
	})
	p.conn = newConnPanel(p.connPage, true)
	p.connSection = p.conn.section
	p.charts = newRateCharts(p.connPage, p.conn)
	p.adv = newAdvancedSection()
	p.advSection = widget.NewAccordion(widget.NewAccordionItem("Advanced", p.adv.content))
	p.hex = protoview.NewHexView()
	p.hexSection = widget.NewAccordion(widget.NewAccordionItem("Hex dump", p.hex.Content()))

	header := kit.PageHeader(env.title,
		"This scenario shows how to use a stream WebSocket to send binary data. "+
			"Once connected it sends \"Hello World\" (11 bytes) as a binary message every second "+
			"and counts the bytes sent and received. The built-in server's /echo endpoint "+
			"sends every byte back, so both counters grow together.")
	addressRow := container.NewBorder(nil, nil, widget.NewLabel("Server address:"), p.flows.button, p.address)
	// Send file… sits with Start and Stop, Ping on the right; a transfer's
	// progress shows below them while a file is on its way.
	buttons := container.NewBorder(nil, nil, container.NewHBox(p.primaryBtn, p.haltBtn, p.xfer.send), p.ping.content)
	counters := container.NewHBox(
		widget.NewLabel("Bytes sent:"), p.sent, p.sentRate,
		widget.NewLabel("   Bytes received:"), p.received, p.recvRate, counterNote(),
	)
	controls := container.NewVBox(header, addressRow, p.validate, buttons, p.xfer.running, counters,
		p.connSection, p.hexSection, p.advSection)
	layout, content := kit.NewControlsAndLog(controls, p.logArea(), env.prefs, env.prefKey("logShare"))
	p.content = content
	// Opening a section in a short window would leave most of it below the
	// fold: scroll it into view instead.
	wasOpen := map[*widget.Accordion]bool{}
	layout.OnChange = func() {
		for _, a := range []*widget.Accordion{p.connSection, p.hexSection, p.advSection} {
			open := a.Visible() && a.Items[0].Open
			if open && !wasOpen[a] {
				layout.Reveal(a)
			}
			wasOpen[a] = open
		}
	}

	p.updateState()
	return p
}

func (p *streamPage) Content() fyne.CanvasObject { return p.content }

// onStart is the Start button and Enter in the address field.
func (p *streamPage) onStart() {
	if !p.state.idle() {
		return
	}
	addr := p.address.Text
	p.env.notify("", statusMessage) // an old message would mislead while connecting
	settings, err := present.ParseAdvanced(p.adv.input())
	if err != nil {
		// A bad Advanced field names itself; nothing is started.
		p.env.notify(err.Error(), errorMessage)
		p.advSection.Open(0) // show the field in question
		return
	}
	opts := settings.Apply(wsclient.StreamOptions{})
	opts.Options = withCustomValidation(opts.Options, p.validate.Checked, p.env.builtIn.CA)
	payload := opts.Payload
	if payload == nil { // the Stream's default
		payload = []byte(wsclient.DefaultPayload)
	}
	p.hex.Begin(payload)
	// The reader goroutine hands every partial read to the hex view's
	// tail, a copy of at most 100 bytes (the read size) under a lock.
	tail := p.hex.Received()
	opts.OnData = func(b []byte) { tail.Write(b) }
	// SetOptions applies to the next Start; the connection keeps its copy.
	opts.Options = p.viewOptions(opts.Options)
	p.stream.SetOptions(opts)
	p.chunk = settings.Chunk
	// A bad address (*wsclient.URIError) is said in the sample's words;
	// nothing is sent.
	if p.begin(addr, streamAddressKey, p.stream.Start) {
		p.showCounters(0, 0)
	}
}

// pickFlow is a pick from the "Try a flow" menu: the flow's address goes
// into the field, its handshake timeout (if it has one) into Advanced, and
// the log says what it will show, right above where it will show it. It
// does not start: the presenter does. Nothing above the log moves, so the
// pointer, where the menu was, is still over what it was over.
func (p *streamPage) pickFlow(f flows.Flow) {
	if !p.state.idle() {
		return
	}
	p.address.SetText(f.Address)
	hintText := f.Name + ": you will see " + f.Shows + ". Press Start."
	switch {
	case f.HandshakeTimeout > 0:
		p.flowTimeout = present.FormatSeconds(f.HandshakeTimeout)
		p.adv.handshake.SetText(p.flowTimeout)
		hintText += " (Handshake timeout set to " + p.flowTimeout + " s under Advanced.)"
	case p.flowTimeout != "" && p.adv.handshake.Text == p.flowTimeout:
		// An earlier flow shortened it and nobody changed it since: back to
		// the default, or the next flow would time out unexpectedly soon.
		p.adv.handshake.SetText(present.DefaultAdvanced.Handshake)
		p.flowTimeout = ""
	}
	// The status bar keeps what it says until Start: hiding it would
	// change the page's height, and move the divider and the log.
	p.logNow(hintText)
	p.env.window.Canvas().Focus(p.address) // Enter now starts the flow
}

// sendFile streams the file at path over the open connection: the "Send
// file…" dialog calls it with the chosen file.
func (p *streamPage) sendFile(path string) {
	if !p.state.connected || p.state.busy() || p.xfer.transfer != nil {
		return
	}
	t, err := p.stream.SendFile(path, p.chunk)
	if err != nil {
		// An unreadable or vanished file: wsclient says which, in words.
		// The connection is untouched.
		p.env.notify(err.Error(), errorMessage)
		p.logNow(err.Error())
		return
	}
	p.xfer.begin(t)
	p.hex.FileSent()
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

// streamLines are an event's log lines: wsclient's words, and for a
// refused handshake what the server answered.
func streamLines(e wsclient.Event) []string {
	lines := e.Lines()
	if e.Kind == wsclient.EventConnectFailed {
		lines = append(lines, refusedLines(e.Err)...)
	}
	return lines
}

// react is the page's own part in an event (connPage moves the state and
// the status bar on): the Connection panel and the counters follow the
// connection.
func (p *streamPage) react(e wsclient.Event) {
	switch e.Kind {
	case wsclient.EventConnected:
		p.startCounters()
	case wsclient.EventClosed, wsclient.EventReconnectCancelled:
		p.stopCounters()
		if e.Kind == wsclient.EventClosed {
			p.showCounters(e.Sent, e.Received) // the final totals
			p.hex.End(e.Sent)
		}
	}
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

// startCounters refreshes the counters, the rates and a transfer's
// progress from the stream's atomics at most ten times a second while
// connected: one poller does it all, so a flood costs the UI no more.
func (p *streamPage) startCounters() {
	p.stopCounters()
	p.meter.reset()
	p.stopPoll = kit.StartPoller(kit.CounterRefresh, p.env.do, p.done, p.tick)
}

func (p *streamPage) stopCounters() {
	if p.stopPoll != nil {
		p.stopPoll()
		p.stopPoll = nil
	}
	kit.SetLabel(p.sentRate, "")
	kit.SetLabel(p.recvRate, "")
}

// tick is one refresh of the poller.
func (p *streamPage) tick() {
	now, sent, recv := time.Now(), p.stream.Sent(), p.stream.Received()
	p.showCounters(sent, recv)
	p.meter.add(now, sent, recv)
	up, down := p.meter.rates()
	kit.SetLabel(p.sentRate, "("+present.FormatRate(up)+")")
	kit.SetLabel(p.recvRate, "("+present.FormatRate(down)+")")
	p.conn.showRates(up, down)
	p.charts.tick(now, up, down)
	p.xfer.tick(now)
	p.hex.Tick(sent)
}

func (p *streamPage) showCounters(sent, received int64) {
	kit.SetLabel(p.sent, present.GroupDigits(sent))
	kit.SetLabel(p.received, present.GroupDigits(received))
}

// updateOwn sets the page's own controls for the sample's visual states
// (connPage has set Start, Stop and the address): what is read at Start
// (the flows, the checkbox, Advanced) is only editable while
// disconnected; "Send file…" only while connected and idle.
func (p *streamPage) updateOwn() {
	idle := p.state.idle()
	kit.SetEnabled(p.validate, idle)
	if len(p.flows.list) > 0 {
		kit.SetEnabled(p.flows.button, idle)
	}
	for _, c := range p.adv.controls() {
		kit.SetEnabled(c, idle)
	}
	kit.SetEnabled(p.xfer.send, p.state.connected && !p.state.busy() && p.xfer.transfer == nil)
}
