// Package conformance checks a WebSocket echo endpoint against RFC 6455,
// the way Autobahn|Testsuite's fuzzing client does, in a few seconds and
// without anything to install.
//
// A WebSocket library hides the wire: it masks, frames, answers pings and
// refuses broken frames for you. A checker must do the opposite. This
// package speaks raw RFC 6455 over its own TCP (or TLS) connection, with
// its own opening handshake written byte by byte, and a frame writer that
// can put anything on the wire: any FIN and RSV bits, any opcode, any
// length encoding (non-minimal ones too), masked or not, a length that
// does not match the payload. It then reads exactly what the server
// answers, frame by frame, and judges it.
//
// The target must be an echo endpoint (every message sent back unchanged,
// such as the built-in server's /echo): that is how a case knows a frame
// was accepted. Run makes sure of it first and says so in plain words
// when the endpoint answers something else.
//
// # Cases
//
// Cases are grouped in Autobahn|Testsuite's categories and numbered like
// its cases ("7.9.3" is the third invalid close code), plus two of this
// package's own:
//
//	handshake  the opening handshake (§4.1, §4.2): version, key, method, header bounds
//	1          framing (§5.2): every length encoding, text and binary
//	2          pings and pongs (§5.5.2, §5.5.3)
//	3          reserved bits (§5.2): RSV1–3 without a negotiated extension
//	4          opcodes (§5.2): the reserved data and control opcodes
//	5          fragmentation (§5.4)
//	6          UTF-8 handling (§5.6, §8.1)
//	7          close handling (§5.5.1, §7.1–§7.4)
//	9          limits (§10.4): large messages, many messages
//	masking    masking (§5.1, §5.3)
//
// Each case runs on a connection of its own, one at a time, bounded in
// time (Options.CaseTimeout, 5 s by default; a few cases that move
// megabytes or wait for the server's own timeouts take longer) and in
// bytes. It records what it sent, what a conforming server does, what the
// server did (frames, close code and reason, bytes echoed, time taken) and
// a verdict:
//
//   - Pass: the server did what RFC 6455 asks.
//   - Fail: it broke a MUST of RFC 6455.
//   - NonStrict: what it did is allowed but not ideal, such as dropping the
//     TCP connection without a close frame where a 1002 close would have
//     told the client why, or closing with another code than the one the
//     RFC names.
//   - Informational: the RFC leaves the choice to the server (how large a
//     message it takes, whether it accepts a non-minimal length encoding);
//     the result says which choice it made.
//
// # Use
//
//	report, err := conformance.Run(ctx, "ws://127.0.0.1:8080/echo", conformance.Options{}, nil, nil)
//	if err != nil {
//		log.Fatal(err) // a bad address, a refused handshake, not an echo: nothing was checked
//	}
//	fmt.Println(report.Summary)
//	os.WriteFile("report.html", report.HTML(), 0o644)
//
// A filter (CategoryFilter) runs only some cases; a progress function sees
// each Result as soon as its case ends. Report.JSON, Report.HTML and
// Report.Markdown write the report in three forms; the HTML is one
// self-contained file.
//
// The checker only connects to the one address it is given, only when
// asked, and never floods it: the largest case sends one 16 MiB message.
package conformance
