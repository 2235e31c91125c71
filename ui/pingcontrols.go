package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// pinger sends a ping with payload and waits for its pong (Stream.Ping,
// MessageSocket.Ping, FrameSocket.Ping); it blocks, for at most the ping
// timeout.
type pinger func(ctx context.Context, payload []byte) (time.Duration, error)

// pingControls are the Ping button and its payload field, on every page
// with a connection: Ping sends a ping frame with the payload typed (RFC
// 6455 §5.5.2), and the log and the status bar show the pong that carries
// it back, with its round-trip time. Every client type's Ping sends the
// payload it is given (wsclient writes the ping itself, under the
// library), so every page sends what is typed, and all alike.
//
// Its fields belong to the UI goroutine; a ping waits on a goroutine of
// its own.
type pingControls struct {
	page    *connPage
	ping    pinger
	waiting bool // a ping is on its way: one at a time
	button  *widget.Button
	payload *widget.Entry
	content fyne.CanvasObject
	onRTT   func(time.Duration) // if set, told each round trip (the stream page's chart)
}

// newPingControls adds Ping to c: ping sends it with the payload field's
// text.
func newPingControls(c *connPage, ping pinger) *pingControls {
	pc := &pingControls{page: c, ping: ping}
	pc.button = widget.NewButtonWithIcon("Ping", theme.MediaReplayIcon(), pc.onPing)
	pc.payload = widget.NewEntry()
	pc.payload.SetPlaceHolder("payload (optional, ≤ 125 bytes)")
	pc.payload.OnSubmitted = func(string) { pc.onPing() }
	field := container.NewGridWrap(fyne.NewSize(230, pc.payload.MinSize().Height), pc.payload)
	pc.content = container.NewHBox(pc.button, field)
	c.ping = pc
	return pc
}

// update enables Ping while connected and not busy, and not while a ping
// waits for its pong.
func (pc *pingControls) update(s connState) {
	on := s.connected && !s.busy() && !pc.waiting
	kit.SetEnabled(pc.button, on)
	kit.SetEnabled(pc.payload, on)
}

// onPing is the Ping button (and Enter in the payload field).
func (pc *pingControls) onPing() {
	c := pc.page
	if !c.state.connected || c.state.busy() || pc.waiting {
		return
	}
	payload := []byte(pc.payload.Text)
	if len(payload) > wsclient.MaxPingPayload {
		c.env.notify(fmt.Sprintf("%s This one has %d.", wsclient.ErrPingPayloadTooLong, len(payload)), errorMessage)
		return
	}
	line := "Ping sent; " + describePingPayload(payload)
	pc.waiting = true
	c.log.AppendEntries(present.LogEntry{Time: time.Now(), Kind: present.LogKindNote, Dir: present.DirSent, Summary: line, Payload: payload})
	c.updateState()
	go func() {
		rtt, err := pc.ping(context.Background(), payload)
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
		if pc.onRTT != nil {
			pc.onRTT(rtt)
		}
		line := wsclient.Event{Kind: wsclient.EventPong, RTT: rtt}.String() + "; " + describePingPayload(payload)
		c.log.AppendEntries(present.LogEntry{Time: time.Now(), Kind: present.LogKindPong, Dir: present.DirReceived, Summary: line, Payload: payload})
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
