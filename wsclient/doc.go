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
//   - Options carry what every client type shares, as the sample's
//     StreamWebSocketControl offers and more: TLS roots, a client
//     certificate, the sample's custom server certificate validation
//     (IssuedBy), headers, subprotocols, HTTP Basic credentials,
//     reconnecting after a loss with backoff, the wire view.
//     MessageOptions add what the two client types built on coder/websocket
//     do (keep-alive pings, compression); StreamOptions add the sample's
//     loop (payload, interval, read size). A FrameSocket takes Options
//     alone, so no client type is handed a field it ignores.
//   - Ping, on every client type, sends a ping with the payload it is
//     given and times the round trip to the pong that carries it back.
//
// The data flows one way: network → wsclient → Event → the owner (a UI, a
// test, a command-line tool). The owner calls methods; it never touches the
// underlying *websocket.Conn.
//
// Only a call that waits for the server for its answer takes a
// context.Context: Ping, which waits for its pong. Start and Connect
// return at once (the connect goes on in the background and reports on
// Events); Stop and Close are bounded by StopTimeout; Send, SendBinary and
// SendFrame wait only while the server does not read, until the
// connection ends. They take no context on purpose: the library closes the
// whole connection when a context given to a write ends, so to give up on
// a send, Close.
//
// What is exported is what a program shows a person: the three client
// types and their options, the events, and the typed errors and steps
// behind each sentence (ConnectError, Timeline, FrameRecord …), each with
// the String or Lines that words it here rather than in every caller. The
// bytes (frame checks, batching, the wire view's capture, pings with a
// payload) are not exported at all; they live in internal/wire.
//
// # Where things are
//
// words.go makes every sentence a person reads, and classify (errors.go)
// sorts every error once into the failure it words, for the connect error,
// the timeline and the events alike. The bytes are below, in
// internal/wire. One line per file; TestDocMap fails when a file is
// missing here or a file named here is gone.
//
//	wsclient/                 the client
//	  stream.go               the sample's loop: connect, write every interval, read in partial reads, close
//	  transfer.go             Stream.SendFile
//	  batch.go                sends back to back, a batch per write
//	  message.go              MessageSocket: whole messages
//	  send.go                 MessageSocket's sends
//	  frames.go               FrameSocket: single frames, with or without FIN
//	  conn.go                 the lifecycle the three client types share
//	  ping.go                 Ping, timed to its pong
//	  keepalive.go            the keep-alive pings
//	  events.go               the events, and their queue to the owner
//	  dial.go                 the opening handshake, step by step
//	  upgrade.go              the HTTP upgrade and its 101, checked
//	  timeline.go             the steps of a connect, for the timeline
//	  options.go              what the owner hands in: Options, MessageOptions, StreamOptions
//	  errors.go               ConnectError, and classify
//	  uri.go                  ParseURI
//	  certload.go             a client certificate from PEM files
//	  conninfo.go             what the owner gets back of a connection
//	  compress.go             the permessage-deflate extension
//	  wireview.go             the frames seen, for the wire view
//	  words.go                every sentence a person reads
//	  doc.go                  this map
//	wsclient/internal/wire/   the byte layer under the client
//	  conn.go                 Conn, which holds the server to RFC 6455
//	  batch.go                one write per frame, and batches
//	  view.go                 the wire view's records
//	  ping.go                 pings with the caller's payload
//
// # Holding the server to RFC 6455
//
// A client must not trust what a server sends. Under every client type,
// below the library and above TLS, sits one small connection type, the
// wire (internal/wire), that sees every byte. Its read side follows the server's
// frames with internal/wsframe's Checker as they pass, at the cost of a few
// branches per read, and checks what coder/websocket does not (a masked
// server frame, whose payload the library would hand on still masked;
// UTF-8 of text messages, across reads and fragments, and of close
// reasons; the shortest length encoding) along with the rest of the
// framing rules: reserved bits, undefined opcodes, control frames that are
// fragmented or longer than 125 bytes, continuations without a message, a
// new message inside a fragmented one, close codes that may not be sent.
// The handshake's 101 is checked too, for every client type: the accept
// key, and no subprotocol or extension the client did not offer (§4.1).
//
// When the server breaks a rule the client fails the connection (§7.1.7):
// the reader above the wire gets the bytes before the broken rule, never a
// whole offending frame, and then an error, so it cannot act on the frame
// (a Stream may have had the valid start of a bad text); the client sends a
// close frame with 1002 (protocol error), 1007 (invalid UTF-8) or 1009
// (message too big) and the rule in words as its reason, drops TCP, and
// the final event says it:
//
//	Closed; Code: 1002, Reason: Server frames must not be masked. [the client failed the connection]
//
// A server that does not read cannot hold this up: the close frame gets
// StopTimeout, like Stop's.
//
// # One lifecycle, bounded everywhere
//
// Stream, MessageSocket and FrameSocket share one lifecycle (conn.go): at
// most one connection at a time, one reader that sees the end first, one
// bounded close, one place that says how a connection ended. FrameSocket
// speaks frames by hand, but every write it makes is bounded: a pong gets
// 5 s, a close frame StopTimeout, and Close drops the connection under a
// write that the server does not read.
//
// Events queue for the owner with a policy for an owner that falls behind
// (events.go): progress events are coalesced to the latest; past 1,024
// waiting messages or frames the reader waits, so TCP slows the server down
// instead of the client's memory growing; close and error events are never
// dropped; and nothing waits for the owner once Stop or Close has begun.
//
// Four rules of the underlying library shape this package and are worth
// knowing when you write your own client:
//
//   - Any context passed to Read or Write that expires closes the whole
//     connection. So each connection has exactly one context, cancelled
//     only to tear it down; there are no per-read timeouts.
//   - Close waits up to 5 s to send the close frame and 5 s more for the
//     peer's answer. Stream.Stop bounds this to StopTimeout and then drops
//     the connection, so a peer that never reads cannot hang the caller.
//   - It does not check that a server's frames are unmasked, nor that text
//     is UTF-8: the wire does.
//   - It chooses every ping's payload itself (a counter), and its ping
//     waits behind its write lock with no word of when it left. The wire
//     writes a ping with the caller's payload between two of the
//     library's frames (§5.4: never inside one), ahead of the frames still
//     to come, and matches the pong by payload; the library ignores a pong
//     whose payload it did not send (internal/wire/ping.go). Ping and the
//     keep-alive both ping this way, timed from when the ping left; the
//     keep-alive drops only a server silent for the ping timeout, not one
//     slow to read (ping.go, roundTrip).
package wsclient
