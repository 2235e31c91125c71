// Package flows is the catalogue of ready-made demos of WebSocket connect
// and error flows, each one click away in the window's "Try a flow" menu
// and each served by the built-in server, so a presenter needs no
// misbehaving server of their own.
//
// A Flow is only an address (and, for the handshake timeout, a shorter
// timeout): everything a person sees comes from the client reacting to
// what the server really does.
package flows

import "time"

// Servers are the base addresses of the built-in server's listeners, such
// as "ws://127.0.0.1:8080" and "wss://127.0.0.1:8443".
type Servers struct {
	WS, WSS string
}

// Flow is one demo.
type Flow struct {
	// Name is the menu label.
	Name string
	// Address is what goes into the address field.
	Address string
	// HandshakeTimeout, when set, replaces the handshake timeout so the
	// demo does not keep an audience waiting for the default 15 s.
	HandshakeTimeout time.Duration
	// Shows says what the person will see, in a sentence.
	Shows string
}

// Refused is an address where nothing listens: port 1 on loopback, which
// no ordinary machine serves, so the connection is refused at once.
const Refused = "ws://127.0.0.1:1/"

// HangTimeout is the handshake timeout of the "handshake timeout" flow.
const HangTimeout = 3 * time.Second

// List returns every flow, in the order of the menu. Every flow has a
// row in expect_test.go's expectations, which says what it must show (its
// timeline and its last line); the tests fail for a flow without one.
func List(s Servers) []Flow {
	return []Flow{
		{Name: "Echo", Address: s.WS + "/echo",
			Shows: "every byte sent comes back; Stop closes with 1000"},
		{Name: "Sample server (announces, answers)", Address: s.WS + "/sample",
			Shows: "the Windows sample server: an announcement, then an answer per message"},
		{Name: "Server closes with 4000", Address: s.WS + "/close",
			Shows: "after 2 s the server closes: code 4000 and its reason, closed by the server"},
		{Name: "Connection drops (no close frame)", Address: s.WS + "/drop",
			Shows: "after 2 s the TCP connection is cut: 1006 with the cause"},
		{Name: "Handshake rejected (403)", Address: s.WS + "/reject?status=403",
			Shows: "the HTTP status and the first line of the server's answer"},
		{Name: "Not found (404)", Address: s.WS + "/reject?status=404",
			Shows: "Cannot connect to the server, with the 404"},
		{Name: "Nothing listening (refused)", Address: Refused,
			Shows: "Cannot connect to the server: connection refused"},
		{Name: "Handshake timeout", Address: s.WS + "/hang", HandshakeTimeout: HangTimeout,
			Shows: "the server never answers the handshake: the timeout that expired"},
		{Name: "Untrusted certificate (wss)", Address: s.WSS + "/echo",
			Shows: "the certificate problem in words; tick custom validation to accept the built-in issuer"},
		{Name: "Peer that never reads", Address: s.WS + "/silent",
			Shows: "the close handshake gets no answer: Stop still returns within its bound"},
		{Name: "Flood (1 MiB/s)", Address: s.WS + "/flood?rate=1MiB",
			Shows: "data pours in; counters and log stay smooth"},
	}
}
