package ui

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/wsclient"
)

// pinger sends a ping with payload and waits for its pong (Stream.Ping,
// MessageSocket.Ping, FrameSocket.Ping); it blocks, for at most the ping
// timeout.
type pinger func(payload []byte) (time.Duration, error)

// pingControls are the Ping button and its payload field, on every page
// with a connection: Ping sends a ping frame (RFC 6455 §5.5.2), and the
// log and the status bar show the pong with its round-trip time. Only a
// FrameSocket writes its own frames and so can send the payload typed;
// on the other pages coder/websocket writes the ping and chooses its
// payload itself, and the field says so.
//
// Its fields belong to the UI goroutine; a ping waits on a goroutine of
// its own.
type pingControls struct {
	page       *connPage
	ping       pinger
	ownPayload bool // the payload field is used (FrameSocket)
	waiting    bool // a ping is on its way: one at a time
	button     *widget.Button
	payload    *widget.Entry
	content    fyne.CanvasObject
}

// libraryPayload is what the payload field says where the library
// chooses the payload.
const libraryPayload = "payload: the library's own"

// newPingControls adds Ping to c: ping sends it; ownPayload says whether
// it sends the payload field's text.
func newPingControls(c *connPage, ping pinger, ownPayload bool) *pingControls {
	pc := &pingControls{page: c, ping: ping, ownPayload: ownPayload}
	pc.button = widget.NewButtonWithIcon("Ping", theme.MediaReplayIcon(), pc.onPing)
	pc.payload = widget.NewEntry()
	if ownPayload {
		pc.payload.SetPlaceHolder("payload (optional, ≤ 125 bytes)")
		pc.payload.OnSubmitted = func(string) { pc.onPing() }
	} else {
		pc.payload.SetPlaceHolder(libraryPayload)
		pc.payload.Disable() // never enabled: the library writes the ping
	}
	field := container.NewGridWrap(fyne.NewSize(230, pc.payload.MinSize().Height), pc.payload)
	pc.content = container.NewHBox(pc.button, field)
	c.ping = pc
	return pc
}

// update enables Ping while connected and not busy, and not while a ping
// waits for its pong.
func (pc *pingControls) update(s connState) {
	on := s.connected && !s.busy() && !pc.waiting
	setEnabled(pc.button, on)
	if pc.ownPayload {
		setEnabled(pc.payload, on)
	}
}

// onPing is the Ping button (and Enter in the payload field).
func (pc *pingControls) onPing() {
	c := pc.page
	if !c.state.connected || c.state.busy() || pc.waiting {
		return
	}
	var payload []byte
	line := "Ping sent; the payload is coder/websocket's own"
	if pc.ownPayload {
		payload = []byte(pc.payload.Text)
		if len(payload) > wsclient.MaxPingPayload {
			c.env.notify(fmt.Sprintf("%s This one has %d.", wsclient.ErrPingPayloadTooLong, len(payload)), errorMessage)
			return
		}
		line = "Ping sent; " + describePingPayload(payload)
	}
	pc.waiting = true
	c.log.AppendEntries(logEntry{Time: time.Now(), Kind: logKindNote, Dir: dirSent, Summary: line, Payload: payload})
	c.updateState()
	go func() {
		rtt, err := pc.ping(payload)
		select {
		case <-c.done:
			return // the app is quitting
		default:
		}
		c.env.do(func() { pc.answered(rtt, err, payload) })
	}()
}

// answered shows the outcome of a ping.
func (pc *pingControls) answered(rtt time.Duration, err error, payload []byte) {
	c := pc.page
	pc.waiting = false
	switch {
	case err == nil:
		line := wsclient.Event{Kind: wsclient.EventPong, RTT: rtt}.String()
		if pc.ownPayload {
			line += "; " + describePingPayload(payload)
		}
		c.log.AppendEntries(logEntry{Time: time.Now(), Kind: logKindPong, Dir: dirReceived, Summary: line, Payload: payload})
		c.env.notify(line, statusMessage)
	case errors.Is(err, wsclient.ErrNotConnected):
		// The connection ended under the ping; the close line says how.
	default:
		c.logNow(err.Error())
		c.env.notify(err.Error(), errorMessage)
	}
	c.updateState()
}

// describePingPayload words a ping's payload for the log: "payload "abc"
// (3 bytes)", or "no payload".
func describePingPayload(p []byte) string {
	if len(p) == 0 {
		return "no payload"
	}
	return fmt.Sprintf("payload %s (%d bytes)", strconv.Quote(string(p)), len(p))
}
