package ui

import (
	"errors"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/diagram"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/ui/logview"
	"github.com/wssample/wssample/ui/protoview"
	"github.com/wssample/wssample/wsclient"
)

// connVerbs are a page's words for its two actions: the labels and icons
// of its buttons, and what the status bar says while and after the user
// closes ("Stopping" and "Stopped" on the stream page, "Closing" and
// "Closed" on the message pages, as in the sample).
type connVerbs struct {
	primary, halt         string
	primaryIcon, haltIcon fyne.Resource
	halting, halted       string
}

// connPage is what every page with a connection shares, whatever socket it
// has: the server address, the primary button (Start or Connect) and the
// halt button (Stop or Disconnect), the output log, the connection's state
// (connstate.go), and the event pump that feeds the log and the state.
// Leave and Close, the halt button, Esc and the menu's Stop all end up
// here. A page embeds one and adds its own controls through the hooks.
//
// Its fields belong to the UI goroutine. One goroutine of its own, the
// event pump, feeds it through env.do for the page's life.
type connPage struct {
	env   pageEnv
	verbs connVerbs
	state connState

	address    *widget.Entry
	primaryBtn *widget.Button
	haltBtn    *widget.Button
	log        *logview.Pane

	// closeConn closes the connection and waits for it, a couple of
	// seconds at most (Stream.Stop, MessageSocket.Close, …);
	// ErrNotConnected means there was none.
	closeConn func() error

	// Hooks a page may set; each runs on the UI goroutine.
	//
	// lines words an event for the log; nil means Event.Lines, wsclient's
	// words.
	lines func(e wsclient.Event) []string
	// refresh sets the page's own controls after a state change; the
	// shared ones are set already.
	refresh func()
	// observers see every event, in order, before the state moves on:
	// the page's own reactions (the stream's counters and Connection
	// panel) and anything else that follows the connection.
	observers []func(e wsclient.Event)
	// prettyJSON says whether received text that is JSON is logged
	// indented; nil means never.
	prettyJSON func() bool

	// ping is the page's Ping button (pingcontrols.go), nil until the page
	// adds it.
	ping *pingControls
	// wire is the Frames tab (protoview.WirePanel); panel the Connection section
	// (connpanel.go), nil until the page adds it.
	wire    *protoview.WirePanel
	panel   *connPanel
	diagram *diagram.View // the Diagram tab

	done      chan struct{} // closed by Close: the page's goroutines end
	closeOnce sync.Once
}

// newConnPage builds the shared part of a page and starts its event pump
// on events. address prefills the server address field; Enter there and
// the primary button call onPrimary.
func newConnPage(env pageEnv, verbs connVerbs, events <-chan wsclient.Event, closeConn func() error,
	address string, onPrimary func()) *connPage {
	c := &connPage{
		env:       env,
		verbs:     verbs,
		log:       logview.NewPane(env.clipboard),
		closeConn: closeConn,
		done:      make(chan struct{}),
	}
	c.address = widget.NewEntry()
	c.address.SetPlaceHolder("ws://host:port/path or wss://host:port/path")
	c.address.SetText(address)
	c.address.OnSubmitted = func(string) { onPrimary() } // Enter = Start or Connect
	c.primaryBtn = widget.NewButtonWithIcon(verbs.primary, verbs.primaryIcon, onPrimary)
	c.haltBtn = widget.NewButtonWithIcon(verbs.halt, verbs.haltIcon, c.onHalt)
	c.wire = protoview.NewWirePanel(env.do, c.done)
	c.observe(c.wire.Observe)
	c.diagram = diagram.NewView(env.do, c.done, env.clipboard)
	c.observe(c.diagram.Observe)
	go pumpEvents(events, env.do, c.done, c.handle)
	return c
}

// observe adds fn to the functions that see every event.
func (c *connPage) observe(fn func(e wsclient.Event)) { c.observers = append(c.observers, fn) }

// FocusTarget is the address field: Enter there is Start or Connect.
func (c *connPage) FocusTarget() fyne.Focusable { return c.address }

// begin starts a connection to addr with connect (Stream.Start,
// MessageSocket.Connect, …): the page turns Busy and remembers the
// address. A refused start (a bad address, in the sample's words) is said
// in red and changes nothing; begin reports whether it started.
func (c *connPage) begin(addr, key string, connect func(string) error) bool {
	if err := connect(addr); err != nil {
		c.env.notify(err.Error(), errorMessage)
		return false
	}
	rememberAddress(c.env.prefs, key, addr, c.env.builtIn)
	c.state.start()
	c.updateState()
	return true
}

// onHalt is Stop or Disconnect: the close handshake, with 1000 "Closed due
// to user request.", runs on its own goroutine (it waits for the server);
// EventClosed (or, between reconnect attempts, EventReconnectCancelled)
// brings the page back.
func (c *connPage) onHalt() {
	if !c.state.canHalt() {
		return
	}
	c.state.halt()
	c.env.notify(c.verbs.halting, statusMessage)
	c.updateState()
	go func() {
		if err := c.closeConn(); errors.Is(err, wsclient.ErrNotConnected) {
			// Nothing was open. If the server closed first, its
			// EventClosed is on its way and ends the Busy state; if the
			// connection was already gone, nothing else will.
			c.env.do(func() {
				if c.state.closing && !c.state.connected && !c.state.connecting {
					c.state.end()
					c.env.notify("There is no active socket to stop.", statusMessage)
					c.updateState()
				}
			})
		}
	}()
}

// Leave closes the connection in the background, as the sample's
// OnNavigatedFrom does; its events still reach the log.
func (c *connPage) Leave() {
	if !c.state.active() {
		return
	}
	c.state.halt()
	c.updateState()
	go c.closeConn() // bounded; ErrNotConnected means it already is
}

// Close stops the page's goroutines and closes the connection, waiting for
// it (about two seconds at most).
func (c *connPage) Close() {
	c.closeOnce.Do(func() {
		close(c.done)
		_ = c.closeConn() // ErrNotConnected: nothing was open
	})
}

// handle applies a batch of events on the UI goroutine: one log append and
// one state update for the whole batch.
func (c *connPage) handle(batch []wsclient.Event) {
	entries := make([]present.LogEntry, 0, len(batch))
	pretty := c.prettyJSON != nil && c.prettyJSON()
	for _, e := range batch {
		words := e.Lines()
		if c.lines != nil {
			words = c.lines(e)
		}
		if c.wire.Logged(e) {
			entries = protoview.WithProtocolEntries(entries, e, eventEntry(e, words, pretty))
		}
		for _, fn := range c.observers {
			fn(e)
		}
		if msg, kind, say := c.state.apply(e, c.verbs.halted); say {
			c.env.notify(msg, kind)
		}
	}
	c.log.AppendEntries(entries...)
	c.updateState()
}

// updateState enables the controls for the sample's visual states:
// Disconnected (the halt button off), Connected (the primary button and
// the address off), Busy (both buttons off); then the page's own controls
// follow.
func (c *connPage) updateState() {
	kit.SetEnabled(c.primaryBtn, c.state.idle())
	kit.SetEnabled(c.haltBtn, c.state.canHalt())
	kit.SetEnabled(c.address, c.state.idle())
	if c.ping != nil {
		c.ping.update(c.state)
	}
	if c.refresh != nil {
		c.refresh()
	}
}

// logNow logs lines the page itself says, present.Stamped with the time now.
func (c *connPage) logNow(lines ...string) {
	c.log.Append(present.Stamped(time.Now(), lines...)...)
}

// halt and output are what the window's menu and shortcuts ask of every
// page with a connection (pageactions.go); each page adds primary.
func (c *connPage) halt()                 { c.onHalt() }
func (c *connPage) output() *logview.Pane { return c.log }

// logArea is what a page shows below its controls: its log in the Output
// tab, the wire view in the Frames tab, the sequence diagram in the
// Diagram tab.
func (c *connPage) logArea() fyne.CanvasObject { return c.wire.Tabs(c.log.Content(), c.diagram) }

// viewOptions are o with the wire view on, for the connection about to
// start.
func (c *connPage) viewOptions(o wsclient.Options) wsclient.Options { return c.wire.Options(o) }
