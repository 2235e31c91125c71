// Package wsframe is a tiny RFC 6455 frame codec: the bytes a WebSocket
// actually puts on the wire, without the conveniences of a full library.
//
// github.com/coder/websocket, which the rest of WebSocket Sample uses, hides
// frames: it hands out whole messages (or a stream of their bytes) and never
// says where one frame ended or whether it carried the FIN bit. The Windows
// sample's "partial messages" scenario is all about frames, so the sample
// server's /partial endpoint (and the client that talks to it) speak frames
// through this package instead.
//
// A frame on the wire (RFC 6455 §5.2):
//
//	 0                   1                   2                   3
//	 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//	+-+-+-+-+-------+-+-------------+-------------------------------+
//	|F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//	|I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//	|N|V|V|V|       |S|             |   (if payload len==126/127)   |
//	| |1|2|3|       |K|             |                               |
//	+-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//	|     Extended payload length continued, if payload len == 127  |
//	+ - - - - - - - - - - - - - - - +-------------------------------+
//	|                               | Masking-key, if MASK set to 1 |
//	+-------------------------------+-------------------------------+
//	| Masking-key (continued)       |          Payload Data         |
//	+-------------------------------- - - - - - - - - - - - - - - - +
//
// The pieces:
//
//   - Frame, Opcode, ReadFrame and WriteFrame read and write one frame. They
//     work on either side: a client masks what it writes (pass a key), a
//     server does not (pass nil); ReadFrame unmasks whatever it reads and
//     reports whether the frame was masked so the caller can enforce the rule.
//   - Parser follows a stream of bytes passively and says where each frame
//     header begins and ends, without holding the payload; Header is what it
//     read, and the rules a header alone can break.
//   - Checker follows one direction of a connection through a Parser and
//     judges it as a receiver must: masking, header rules, fragmentation,
//     UTF-8 of text and close reasons, close codes. A broken rule is a
//     *Violation carrying the close code to answer with (1002 or 1007) and the
//     reason in words. The sample server reads every client's bytes through
//     one, and so does the client its server's.
//   - UTF8Validator checks text that arrives in pieces (frames, reads) as
//     valid UTF-8, failing at the first byte that cannot be (§8.1).
//   - ClosePayload and ParseClosePayload build and read the body of a close
//     frame (a 2-byte status code and a UTF-8 reason).
//   - FrameWriter hands a connection each frame whole, in one write, however
//     the library above it splits its writes.
//   - AcceptKey and ServerHandshake do the server half of the opening
//     handshake on top of net/http, ending with a hijacked net.Conn;
//     CheckServerHandshake holds a server's 101 answer to §4.1.
//   - What permessage-deflate (RFC 7692) changes for the Checker: RSV1 on a
//     message's first frame, UTF-8 checked once inflated.
//
// The files (TestDocMap fails when one is missing here or one named here
// is gone):
//
//	internal/wsframe/       the frame codec
//	  frame.go              Frame, Opcode, ReadFrame, WriteFrame
//	  parser.go             Parser, the passive follower of a byte stream
//	  header.go             Header, and the rules a header alone can break
//	  checker.go            Checker and Violation
//	  utf8.go               UTF8Validator
//	  close.go              ClosePayload, ParseClosePayload
//	  framewriter.go        FrameWriter
//	  handshake.go          AcceptKey, ServerHandshake: the server's half
//	  clienthandshake.go    CheckServerHandshake: a server's 101 held to §4.1
//	  deflate.go            what permessage-deflate changes for the Checker
//	  doc.go                the package, and this map
//
// The package does not reassemble messages, negotiate or apply extensions
// (permessage-deflate) or answer control frames by itself: that is the
// caller's job, and seeing it done by hand is the point.
package wsframe
