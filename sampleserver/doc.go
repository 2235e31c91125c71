// Package sampleserver is the WebSocket server built into WebSocket
// Sample: the server that shipped with Microsoft's Windows "WebSocket
// sample" (EchoWebSocket.ashx, partialMessages.ashx and the client
// certificate variant under IIS), re-created in Go, plus a few endpoints
// that misbehave on purpose so a client's error handling can be seen.
//
// Start listens on three loopback ports:
//
//   - ws://  (Addr)           every endpoint;
//   - wss:// (TLSAddr)        the same endpoints over TLS, with a server
//     certificate issued by a CA generated at start-up (CAName);
//   - wss:// (ClientAuthAddr) /clientauth only, behaving like /sample, and
//     only after the TLS handshake has verified a client certificate
//     issued by the same CA (ClientCertificate).
//
// The endpoints are listed once, in the endpoints table of routes.go:
// the router, the index page (GET /), Endpoints and "wssample serve" all
// read that table, so a new endpoint is a handler and a row there. The
// sample's own are /echo, /sample and /partial; the others (/reject,
// /close, /drop, /hang, /silent, /flood) each show one way a connection
// can go wrong, and their query parameters say how.
//
// Every endpoint answers a client's close frame with the client's own code
// and reason (/silent, which never reads, aside). Query values it cannot
// use are answered with HTTP 400 and a one-line reason; requests beyond
// Config.MaxConnections with HTTP 503. Close (or the end of Start's
// context) sends every open WebSocket a 1001 "going away", gives clients a
// second to answer, cuts what is left and waits for every goroutine.
//
// A server that teaches must also survive a client that misbehaves:
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
//     at most 2 × MaxConnections TCP connections: to make room it closes
//     first the connection that has waited longest without sending a
//     byte, then the one idle the longest, never one sending its request;
//   - /silent notices a client that left and frees its slot; /flood's
//     memory is the same at any rate.
//
// The files (TestDocMap fails when one is missing here or one named here
// is gone):
//
//	sampleserver/     the built-in server
//	  server.go       Config, Start, Close: the three listeners and shutdown
//	  routes.go       the endpoints table, the routers, the connection limit, GET /
//	  echo.go         /echo and /greet
//	  sample.go       /sample and /clientauth, the Windows sample's answers
//	  partial.go      /partial, frame by frame through internal/wsframe
//	  faults.go       /reject, /close, /drop, /hang, /silent, /flood
//	  session.go      the WebSocket handshake and what every endpoint shares
//	  checkedconn.go  the connection that holds a client's bytes to RFC 6455
//	  conns.go        the TCP connections: idle and count limits
//	  room.go         the silent queue: who goes first when room is needed
//	  peek_unix.go    has a client's first byte arrived, unread? (Unix)
//	  peek_other.go   the same elsewhere: never known
//	  certs.go        the CA, server and client certificates made at start-up
//	  accessors.go    URLs, addresses and certificates for clients and tests
//	  query.go        query parameters, and HTTP 400 for the bad ones
//	  doc.go          this map
//
// The package knows nothing of the client: tests and the app talk to it
// over real loopback sockets, as any client would.
package sampleserver
