package ui

import (
	"testing"

	"github.com/wssample/wssample/wsclient"
)

// The events of one connection move the state through the sample's
// visual states, and the status bar says what wsclient says, except after
// a close the user asked for.
func TestConnStateWalks(t *testing.T) {
	closedByServer := wsclient.Event{Kind: wsclient.EventClosed, Close: wsclient.CloseInfo{Code: 4001, Reason: "bye", By: wsclient.ClosedByServer}}
	lost := wsclient.Event{Kind: wsclient.EventClosed, Close: wsclient.CloseInfo{Code: 1006, By: wsclient.ClosedAbnormally}}
	userClose := wsclient.Event{Kind: wsclient.EventClosed, Close: wsclient.CloseInfo{Code: 1000, Reason: wsclient.StopReason, By: wsclient.ClosedByClient}}
	refused := wsclient.Event{Kind: wsclient.EventConnectFailed, Err: &wsclient.ConnectError{Kind: wsclient.KindCannotConnect, Detail: "refused"}}
	lostRetry := lost
	lostRetry.Retry = 1e9
	waiting := wsclient.Event{Kind: wsclient.EventReconnecting, Retry: 1e9, Attempt: 1}
	connected := wsclient.Event{Kind: wsclient.EventConnected}

	type step struct {
		do    string         // "start", "halt" (Stop), "leave" (another page shown), or "" to apply ev
		ev    wsclient.Event // applied when do is ""
		say   string         // the status said ("-" for nothing)
		red   bool
		state string // the visual state after: Disconnected, Connected, Busy or Retrying (Busy with Stop on)
	}
	for _, tt := range []struct {
		name  string
		steps []step
	}{
		{"connect, the user closes", []step{
			{do: "start", state: "Busy"},
			{ev: connected, say: connected.String(), state: "Connected"},
			{do: "halt", state: "Busy"},
			{ev: userClose, say: "Stopped", state: "Disconnected"},
		}},
		{"the server closes", []step{
			{do: "start", state: "Busy"},
			{ev: connected, say: connected.String(), state: "Connected"},
			{ev: closedByServer, say: closedByServer.String(), state: "Disconnected"},
		}},
		{"the connection is lost", []step{
			{do: "start", state: "Busy"},
			{ev: connected, say: connected.String(), state: "Connected"},
			{ev: lost, say: lost.String(), red: true, state: "Disconnected"},
		}},
		{"refused", []step{
			{do: "start", state: "Busy"},
			{ev: refused, say: refused.String(), red: true, state: "Disconnected"},
		}},
		{"left while connecting", []step{
			{do: "start", state: "Busy"},
			{do: "leave", state: "Busy"},
			{ev: refused, say: "Stopped", state: "Disconnected"},
		}},
		{"reconnect, then Stop during the wait", []step{
			{do: "start", state: "Busy"},
			{ev: connected, say: connected.String(), state: "Connected"},
			{ev: lostRetry, say: lostRetry.String(), red: true, state: "Retrying"},
			{ev: waiting, say: waiting.String(), state: "Retrying"},
			{ev: connected, say: connected.String(), state: "Connected"},
			{ev: lostRetry, say: lostRetry.String(), red: true, state: "Retrying"},
			{do: "halt", state: "Busy"},
			{ev: waiting, say: "-", state: "Busy"}, // the user's close has the last word
			{ev: wsclient.Event{Kind: wsclient.EventReconnectCancelled}, say: "Stopped", state: "Disconnected"},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var s connState
			for i, st := range tt.steps {
				switch st.do {
				case "start":
					s.start()
				case "halt":
					if !s.canHalt() {
						t.Fatalf("step %d: Stop is not enabled in %+v", i, s)
					}
					s.halt()
				case "leave":
					if !s.active() {
						t.Fatalf("step %d: nothing to close in %+v", i, s)
					}
					s.halt()
				default:
					msg, kind, say := s.apply(st.ev, "Stopped")
					switch {
					case st.say == "-" && say:
						t.Fatalf("step %d (%s): said %q", i, st.ev.String(), msg)
					case st.say != "-" && (!say || msg != st.say || (kind == errorMessage) != st.red):
						t.Fatalf("step %d (%s): said %q (red %v, said %v), want %q (red %v)",
							i, st.ev.String(), msg, kind == errorMessage, say, st.say, st.red)
					}
				}
				if got := visualState(s); got != st.state {
					t.Fatalf("step %d: %s (%+v), want %s", i, got, s, st.state)
				}
			}
		})
	}
}

// visualState names s as the sample's controls show it.
func visualState(s connState) string {
	switch {
	case s.idle():
		return "Disconnected"
	case s.retrying && s.canHalt():
		return "Retrying"
	case s.connected && s.canHalt():
		return "Connected"
	case s.busy() && !s.canHalt():
		return "Busy"
	}
	return "inconsistent"
}

// A send makes the page Busy and ends on its own: a close does not end it.
func TestConnStateSending(t *testing.T) {
	s := connState{connected: true}
	s.sending = true
	if !s.busy() || s.canHalt() || s.idle() {
		t.Fatalf("sending: %+v is not Busy", s)
	}
	s.apply(wsclient.Event{Kind: wsclient.EventClosed, Close: wsclient.CloseInfo{Code: 1000, By: wsclient.ClosedByServer}}, "Closed")
	if !s.sending || s.connected || s.active() {
		t.Fatalf("after the close: %+v", s)
	}
}
