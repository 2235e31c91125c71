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
// package's own, the opening handshake and masking. Categories lists them
// in the order they run; each has a file of its own, cases_<name>.go,
// whose comments name the RFC 6455 sections it checks and quote what they
// ask, and "wssample check -list" prints every case.
//
// Each case runs on a connection of its own, one at a time, bounded in
// time (Options.CaseTimeout, 5 s by default; a few cases that move
// megabytes or wait for the server's own timeouts take longer) and in
// bytes. It records what it sent, what a conforming server does, what the
// server did (frames, close code and reason, bytes echoed, time taken) and
// a Verdict: Pass, NonStrict (allowed but not ideal) or Fail, or
// Informational where the RFC leaves the choice to the server and the
// result only says which choice it made.
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
//
// # Files
//
// One line per file; the cases are in the order they run. TestDocMap
// fails when a file is missing here or a file named here is gone.
//
//	conformance/              the checker
//	  run.go                  Run: checks the target is an echo, then runs each case
//	  case.go                 Case, Category, Verdict and the table of all cases
//	  cases_handshake.go      the opening handshake (§4.1, §4.2)
//	  cases_framing.go        1, framing: text and binary messages of every edge length
//	  cases_ping.go           2, pings and pongs
//	  cases_reserved.go       3, the reserved bits
//	  cases_opcodes.go        4, the reserved opcodes
//	  cases_fragmentation.go  5, fragmentation
//	  cases_utf8.go           6, UTF-8 handling
//	  cases_close.go          7, close handling
//	  cases_limits.go         9, larger and more messages
//	  cases_masking.go        masking (§5.1, §5.3)
//	  trial.go                one case being run: its deadline and connections
//	  expect.go               the judgements most cases end with (an echo, a close)
//	  conn.go                 one WebSocket of a case, spoken frame by frame
//	  writer.go               frames as a case wants them, rules broken on purpose
//	  reader.go               frames as the server sent them, checked for size
//	  handshake.go            the opening handshake, written header by header
//	  closecode.go            close payloads and the names of close codes
//	  target.go               the address, dialled afresh for each case
//	  options.go              Options: timeouts, headers, subprotocols, TLS
//	  errors.go               why nothing could be checked
//	  report.go               Report and its totals, as JSON and Markdown
//	  html.go                 the report as one self-contained HTML page
//	  doc.go                  this map
package conformance
