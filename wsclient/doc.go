// Package wsclient is the WebSocket client of WebSocket Sample, free of any UI.
//
// It is the Go counterpart of the Windows sample's StreamWebSocket and
// MessageWebSocket, built on github.com/coder/websocket (the maintained home
// of nhooyr.io/websocket):
//
//   - ParseURI checks an address as the sample does (ws or wss, absolute,
//     no fragment) and answers in the sample's words.
//   - Stream connects, sends a payload ("Hello World") every interval,
//     reads whatever arrives in partial reads of at most ReadSize bytes
//     across message boundaries, counts bytes both ways in atomics, and
//     reports everything that happens as Events, in order.
//   - Stream.SendFile streams a file from disk in chunks while the payload
//     pauses, and checks what comes back against the file.
//   - MessageSocket sends and receives whole messages (the sample's
//     MessageWebSocket); FrameSocket sends and receives single frames with
//     or without FIN, for the sample's partial-messages scenario.
//   - ConnectError sorts a failed connect into the classes a person
//     understands: cannot connect, handshake rejected, TLS problem,
//     cancelled, other.
//   - Options carry what the sample's StreamWebSocketControl offers and
//     more: TLS roots, a client certificate, the sample's custom server
//     certificate validation (IssuedBy), headers, subprotocols, HTTP Basic
//     credentials, keep-alive pings with their round-trip time, and
//     reconnecting after a loss with backoff.
//
// The data flows one way: network → wsclient → Event → the owner (a UI, a
// test, a command-line tool). The owner calls methods; it never touches the
// underlying *websocket.Conn.
//
// Two rules of the underlying library shape this package and are worth
// knowing when you write your own client:
//
//   - Any context passed to Read or Write that expires closes the whole
//     connection. So each connection has exactly one context, cancelled
//     only to tear it down; there are no per-read timeouts.
//   - Close waits up to 5 s to send the close frame and 5 s more for the
//     peer's answer. Stream.Stop bounds this to StopTimeout and then drops
//     the connection, so a peer that never reads cannot hang the caller.
package wsclient
