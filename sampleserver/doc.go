// Package sampleserver is the WebSocket server built into WebSocket
// Sample: the server that shipped with Microsoft's Windows "WebSocket
// sample" (EchoWebSocket.ashx, partialMessages.ashx and the client
// certificate variant under IIS), re-created in Go, plus a few endpoints
// that misbehave on purpose so a client's error handling can be seen.
//
// Start listens on three loopback ports:
//
//   - ws://  (Addr)           every endpoint below;
//   - wss:// (TLSAddr)        the same endpoints over TLS, with a server
//     certificate issued by a CA generated at start-up (CAName);
//   - wss:// (ClientAuthAddr) /clientauth only, behaving like /sample, and
//     only after the TLS handshake has verified a client certificate
//     issued by the same CA (ClientCertificate).
//
// Endpoints (GET / on the ws listener lists them too):
//
//	/echo      every message back, byte for byte, with its type (streamed)
//	/sample    "EchoWebSocket Connected at: …", then You said: "…" for text and
//	           "binary message received, size=N bytes" for binary
//	/partial   every frame answered by a You said: "…" frame with the same FIN bit
//	/greet     a welcome text, then echo
//	/reject    ?status=N   refuse the handshake with HTTP N (default 403)
//	/close     ?code=C&reason=R&after=D   echo, then close with C and R after D
//	/drop      ?after=D    echo, then cut the TCP connection (no close frame)
//	/hang      never answer the handshake
//	/silent    accept, then never read (a pong each second notices a client that left)
//	/flood     ?rate=R     send binary data at R bytes/s (default 1 MiB/s)
//
// Every endpoint answers a client's close frame with the client's own code
// and reason (/silent, which never reads, aside). Query values it cannot
// use are answered with HTTP 400 and a one-line reason; requests beyond
// Config.MaxConnections with HTTP 503. Close (or the end of Start's
// context) sends every open WebSocket a 1001 "going away", gives clients a
// second to answer, cuts what is left and waits for every goroutine.
//
// Against a client that misbehaves (checkedconn.go, conns.go):
//
//   - every byte a WebSocket client sends is held to RFC 6455 before any
//     endpoint acts on it (wsframe.Checker): invalid UTF-8 in a text message
//     or a close reason closes with 1007, as soon as a byte cannot be valid;
//     an unmasked frame, reserved bits, an unknown opcode, a length not in
//     its shortest encoding, a bad fragment order or a close code that may
//     not be sent closes with 1002; the reason says what was wrong;
//   - after its close frame the server reads on, for up to 2 s, until the
//     client closes, so that unread client data cannot make TCP reset the
//     connection and destroy the close frame (RFC 6455 §7.1.1);
//   - request headers (and the TLS handshake) must arrive within 10 s, an
//     idle keep-alive connection is closed after 30 s, and the server holds
//     at most 2 × MaxConnections TCP connections, closing the longest idle
//     to make room;
//   - /silent notices a client that left and frees its slot; /flood's
//     memory is the same at any rate.
//
// The package knows nothing of the client: tests and the app talk to it
// over real loopback sockets, as any client would.
package sampleserver
