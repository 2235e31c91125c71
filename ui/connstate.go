package ui

import "github.com/wssample/wssample/wsclient"

// connState is where a page's connection stands. The Windows sample keeps
// two things, its socket and a "busy" flag, and shows three visual states:
// Disconnected, Connected and Busy. These flags say the same and also why
// the page is busy, which decides what the status bar says when the
// connection ends. Every page with a connection keeps one (connPage);
// it belongs to the UI goroutine.
//
// The flags change in three places only: start when the user connects,
// halt when the user (or Leave) closes, and apply for each event the
// socket reports. sending is set by the page around a blocking send.
type connState struct {
	connecting bool // Start or Connect was pressed, no answer yet
	connected  bool // a connection is open
	closing    bool // the user (or Leave) asked to close
	retrying   bool // Options.Reconnect waits for its next attempt: Busy, but Stop works
	sending    bool // a send is on its way (message pages)
}

// busy is the sample's Busy state: an operation is under way and the
// buttons wait for it.
func (s connState) busy() bool { return s.connecting || s.closing || s.retrying || s.sending }

// idle is the sample's Disconnected state: Start or Connect, and whatever
// the next connection reads (the address, the options), are enabled.
func (s connState) idle() bool { return !s.busy() && !s.connected }

// canHalt says whether Stop or Disconnect is enabled: while connected and
// not busy, and while a reconnect is pending, so that Stop ends it at once.
func (s connState) canHalt() bool { return s.connected && !s.busy() || s.retrying }

// active says whether there is a connection or an attempt to close when
// the page is left.
func (s connState) active() bool { return s.connecting || s.connected || s.retrying }

// start records that a connection was asked for.
func (s *connState) start() { s.connecting = true }

// halt records that the user asked to close; a pending reconnect is
// abandoned with it.
func (s *connState) halt() { s.closing, s.retrying = true, false }

// end is the state after a connection's final event: Disconnected (a send
// still on its way ends on its own).
func (s *connState) end() {
	s.connecting, s.connected, s.closing, s.retrying = false, false, false, false
}

// apply moves the state on for event e and returns what the status bar
// should say about it, if anything (say is false: leave it as it is).
// halted is the page's word for a close the user asked for, "Stopped" or
// "Closed"; otherwise the words are wsclient's (Event.String), green for
// news and red for a failure.
func (s *connState) apply(e wsclient.Event, halted string) (msg string, kind statusKind, say bool) {
	msg, kind = e.String(), statusMessage
	if e.IsError() {
		kind = errorMessage
	}
	switch e.Kind {
	case wsclient.EventConnected:
		s.connecting, s.connected, s.retrying = false, true, false
	case wsclient.EventConnectFailed:
		if e.IsFinal() {
			if s.closing { // Stop, Disconnect or Leave cancelled the (re)connect
				msg, kind = halted, statusMessage
			}
			s.end()
		}
	case wsclient.EventWriteFailed, wsclient.EventReadFailed:
	case wsclient.EventReconnecting:
		if s.closing {
			return "", statusMessage, false // the user's close has the last word
		}
		s.retrying = true
	case wsclient.EventClosed, wsclient.EventReconnectCancelled:
		s.connected = false
		if !e.IsFinal() {
			// Options.Reconnect tries again: Busy until it is over, with
			// Stop enabled to end it. The loss itself is news in red.
			s.retrying = !s.closing
			return msg, errorMessage, true
		}
		if s.closing {
			msg, kind = halted, statusMessage
		}
		// A close by the server is said in its own words (green, or red
		// when the connection was lost), or "Connected" would linger.
		s.end()
	default:
		return "", statusMessage, false
	}
	return msg, kind, true
}
