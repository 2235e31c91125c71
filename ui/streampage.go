package ui

import (
	"errors"
	"strconv"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wssample/wsclient"
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
// Its fields below the widgets belong to the UI goroutine. Two goroutines
// of its own feed it through env.do: the event pump (for the page's life)
// and the counter poller (while connected).
type streamPage struct {
	env    pageEnv
	stream *wsclient.Stream

	address        *widget.Entry
	start, stop    *widget.Button
	sent, received *widget.Label
	log            *logPane
	content        fyne.CanvasObject

	busy      bool   // connecting or closing: both buttons off (the sample's Busy state)
	connected bool   // a connection is open
	stopping  bool   // the user (or Leave) asked to close
	stopPoll  func() // stops the counter poller; nil while disconnected

	done      chan struct{} // closed by Close: the page's goroutines end
	closeOnce sync.Once
}

// newStreamPage builds the page around a Stream with opts and starts its
// event pump. address prefills the server address field.
func newStreamPage(env pageEnv, opts wsclient.Options, address string) *streamPage {
	p := &streamPage{
		env:    env,
		stream: wsclient.NewStream(opts),
		log:    newLogPane(env.clipboard),
		done:   make(chan struct{}),
	}

	p.address = widget.NewEntry()
	p.address.SetPlaceHolder("ws://host:port/path or wss://host:port/path")
	p.address.SetText(address)
	p.address.OnSubmitted = func(string) { p.onStart() } // Enter = Start

	p.start = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), p.onStart)
	p.stop = widget.NewButtonWithIcon("Stop", theme.MediaStopIcon(), p.onStop)

	p.sent = widget.NewLabelWithStyle("0", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.received = widget.NewLabelWithStyle("0", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	header := pageHeader("Binary data stream",
		"This scenario shows how to use a stream WebSocket to send binary data. "+
			"Once connected it sends \"Hello World\" (11 bytes) as a binary message every second "+
			"and counts the bytes sent and received. The built-in server's /echo endpoint "+
			"sends every byte back, so both counters grow together.")
	addressRow := container.NewBorder(nil, nil, widget.NewLabel("Server address:"), nil, p.address)
	buttons := container.NewHBox(p.start, p.stop)
	counters := container.NewHBox(
		widget.NewLabel("Bytes sent:"), p.sent,
		widget.NewLabel("   Bytes received:"), p.received,
	)
	top := container.NewVBox(header, addressRow, buttons, counters, widget.NewSeparator())
	p.content = container.NewBorder(top, nil, nil, nil, p.log.Content())

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

// onStop is the Stop button. Stream.Stop waits for the close handshake, so
// it runs on its own goroutine; EventClosed brings the page back.
func (p *streamPage) onStop() {
	if p.busy || !p.connected {
		return
	}
	p.stopping, p.busy = true, true
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
// one state update for the whole batch. The words come from Event.String,
// the one place wsclient says what happened.
func (p *streamPage) handle(batch []wsclient.Event) {
	lines := make([]string, 0, len(batch))
	for _, e := range batch {
		if e.Kind == wsclient.EventProgress {
			continue // counters come from the poller, at a steady rate
		}
		lines = append(lines, e.Time.Format(timeFormat)+"  "+e.String())
		switch e.Kind {
		case wsclient.EventConnected:
			p.busy, p.connected = false, true
			p.env.notify(e.String(), statusMessage)
			p.startCounters()
		case wsclient.EventConnectFailed:
			p.env.notify(e.String(), errorMessage)
			if e.IsFinal() {
				p.busy, p.connected, p.stopping = false, false, false
			}
		case wsclient.EventWriteFailed, wsclient.EventReadFailed:
			p.env.notify(e.String(), errorMessage)
		case wsclient.EventClosed, wsclient.EventReconnectCancelled:
			p.connected = false
			p.stopCounters()
			if e.Kind == wsclient.EventClosed {
				p.showCounters(e.Sent, e.Received) // the final totals
			}
			p.closed(e)
		}
	}
	p.log.Append(lines...)
	p.updateState()
}

// closed updates the page for the end of a connection. With
// Options.Reconnect (not used by this page) a close may not be final: the
// stream tries again, and the page stays Busy until it is over.
func (p *streamPage) closed(e wsclient.Event) {
	switch {
	case !e.IsFinal():
		p.busy = true
		p.env.notify(e.String(), errorMessage)
		return
	case p.stopping:
		p.env.notify("Stopped", statusMessage)
	case e.IsError():
		p.env.notify(e.String(), errorMessage)
	default: // the server closed: say so, or "Connected" would linger
		p.env.notify(e.String(), statusMessage)
	}
	p.busy, p.stopping = false, false
}

// startCounters refreshes the counters from the stream's atomics at most
// ten times a second while connected.
func (p *streamPage) startCounters() {
	p.stopCounters()
	p.stopPoll = startPoller(counterRefresh, p.env.do, p.done, func() {
		p.showCounters(p.stream.Sent(), p.stream.Received())
	})
}

func (p *streamPage) stopCounters() {
	if p.stopPoll != nil {
		p.stopPoll()
		p.stopPoll = nil
	}
}

func (p *streamPage) showCounters(sent, received int64) {
	if s := groupDigits(sent); p.sent.Text != s {
		p.sent.SetText(s)
	}
	if s := groupDigits(received); p.received.Text != s {
		p.received.SetText(s)
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
// while connecting or closing (everything off).
func (p *streamPage) updateState() {
	setEnabled(p.start, !p.busy && !p.connected)
	setEnabled(p.stop, !p.busy && p.connected)
	setEnabled(p.address, !p.busy && !p.connected)
}

// setEnabled avoids a refresh when nothing changes.
func setEnabled(w fyne.Disableable, on bool) {
	switch {
	case on && w.Disabled():
		w.Enable()
	case !on && !w.Disabled():
		w.Disable()
	}
}
