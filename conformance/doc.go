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
// The cases are Autobahn|Testsuite's, case for case, under Autobahn's own
// IDs and with its meaning: what is sent and in what pieces (whole frames,
// each frame written on its own, chops of a few bytes, pauses), what the
// server must answer, and the verdict rules. This package has 1
// Framing, 2 Pings/Pongs, 3 Reserved bits, 4 Opcodes, 5 Fragmentation, 6
// UTF-8 (with the 132 generated cases of 6.5–6.23), 7 Close and 10 Misc,
// the 247 of Autobahn's quick run (QuickRun); and 9 Limits and
// performance (54 cases of up to 16 MiB or 1000 messages, timed, with
// the throughput per group in Report.Throughput), 12 and 13
// permessage-deflate (RFC 7692: 90 cases of five kinds of data, 126 of
// seven offers of its parameters, 1000 compressed messages each): all
// 517. The checker offers the extension in its own handshake, holds the
// answer to RFC 7692 §7.1, compresses what it sends within the window
// the server asks for and checks that the server keeps to the window and
// context it agreed to (internal/deflate); each case says which
// parameters it exercised.
// Its own cases, which Autobahn lacks, come after them under letters that cannot
// collide with Autobahn's numbers: H the opening handshake, M masking, X
// other framing checks, L limits. Categories lists them in the order
// they run; each has a file of its own, cases_<name>.go, whose comments
// name the RFC 6455 sections it checks, and "wssample check -list"
// prints every case.
//
// A server that stops answering part way (it died on a case, or no
// longer accepts connections) is said once, in Report.Stopped, and the
// cases after it are not run (Report.NotRun) rather than each failed
// with "connection refused".
//
// Each case runs on a connection of its own, one at a time, bounded in
// time (Options.CaseTimeout, 5 s by default, or longer where Autobahn's
// pauses and waits need it) and in bytes. A result has two verdicts, as
// Autobahn's reports do. The behaviour (what the server did with what
// was sent) is OK, NON-STRICT (allowed, not the best choice),
// INFORMATIONAL (RFC 6455 leaves the choice open), UNIMPLEMENTED (an
// optional feature the server lacks) or FAILED. The close behaviour (how
// the connection ended) is OK, WRONG CODE, UNCLEAN (no clean closing
// handshake where one is required), FAILED BY CLIENT (the checker had to
// close TCP, which the server should have done) or FAILED, with the
// server's close code. Result.Status gives the one a list shows; a
// FAILED in either is a failure.
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
// A filter (CategoryFilter, or CaseFilter with Autobahn's patterns such
// as "6.*") runs only some cases; a progress function sees
// each Result as soon as its case ends. Report.JSON, Report.HTML and
// Report.Markdown write the report in three forms; the HTML is one
// self-contained file.
//
// The checker only connects to the one address it is given, only when
// asked, and never floods it: the largest case sends one 16 MiB message,
// and the cases that send many wait for each echo before the next.
//
// # Checking a client
//
// The same cases check a client too, the other way round: a
// FuzzingServer (Autobahn|Testsuite's fuzzing server, built in) listens,
// a client under test connects once per case to Autobahn's URLs
// (/runCase?case=N&agent=NAME …) and echoes what it receives, and the
// server plays the case's script with unmasked frames, as a server must,
// judging what the client does by the same rules. ClientCases lists the
// cases: every Autobahn case, then category C, what only a client must do
// (fail on a masked frame, mask with fresh keys, refuse a broken 101).
//
//	s, err := conformance.StartFuzzingServer(ctx, "127.0.0.1:9001", conformance.FuzzingOptions{
//		OnResult: func(r conformance.AgentResult) { fmt.Println(r.Agent, r.Result.ID, r.Result.Status()) },
//	})
//	runMyClient(s.URL()) // it runs s.URL()+"/runCase?case=N&agent=mine" for N = 1 … len(s.Cases())
//	fmt.Println(s.Report("mine").Summary)
//	s.Stop()
//
// # Files
//
// One line per file; the cases are in the order they run. TestDocMap
// fails when a file is missing here or a file named here is gone.
//
//	conformance/              the checker
//	  run.go                  Run: checks the target is an echo, then runs each case
//	  case.go                 Case, Category, Verdict, Result and the table of all cases
//	  abcase.go               an Autobahn case: its script, the events it expects, its close
//	  abrun.go                an Autobahn case run as its client runs it, and judged by its rules
//	  abside.go               which end the engine plays: the checker (a client) or the fuzzing server
//	  abseq.go                an Autobahn case's messages sent one after the echo of the other
//	  cases_framing.go        1, framing: text and binary messages of every edge length
//	  cases_ping.go           2, pings and pongs
//	  cases_reserved.go       3, the reserved bits
//	  cases_opcodes.go        4, the reserved opcodes
//	  cases_fragmentation.go  5, fragmentation
//	  cases_utf8.go           6, UTF-8 handling: 6.1–6.4 and the generated 6.5–6.23
//	  utf8vectors.go          the byte sequences of 6.5–6.23
//	  cases_close.go          7, close handling, and 10, miscellaneous
//	  cases_deflate.go        12 and 13, permessage-deflate: five kinds of data, seven offers
//	  deflatedata.go          the five kinds of data the compression cases send
//	  pmd.go                  permessage-deflate: the offers, the answer held to RFC 7692, the session
//	  cases_performance.go    9, limits and performance: large messages, fragments, chops, round trips
//	  cases_handshake.go      H, the opening handshake (§4.1, §4.2)
//	  cases_masking.go        M, masking (§5.1, §5.3)
//	  cases_extra.go          X, framing checks Autobahn lacks
//	  cases_limits.go         L, larger and more messages
//	  trial.go                one case being run: its deadline, connections and verdicts
//	  expect.go               the judgements this package's own cases end with
//	  conn.go                 one WebSocket of a case, spoken frame by frame
//	  writer.go               frames as a case wants them, rules broken on purpose
//	  reader.go               frames as the server sent them, checked for size
//	  wirelog.go              the wire log: a case's bytes read back as frames, both ways
//	  handshake.go            the opening handshake, written header by header
//	  closecode.go            close payloads and the names of close codes
//	  target.go               the address, dialled afresh for each case
//	  options.go              Options: timeouts, headers, subprotocols, TLS
//	  errors.go               why nothing could be checked
//	  clientcases.go          the cases the fuzzing server plays against a client, and C, the client's own duties
//	  fuzzserver.go           FuzzingServer: Autobahn's fuzzing server, checking a client
//	  fuzzserver_http.go      its URL interface (/getCaseCount, /runCase …) and the handshakes
//	  fuzzserver_case.go      one case played against a client
//	  fuzzdeflate.go          permessage-deflate from the fuzzing server's side: the client's offers, 12 and 13 turned round
//	  ownclients.go           this app's clients (wsclient) as the clients of a fuzzing run
//	  report.go               Report and its totals, as JSON and Markdown
//	  throughput.go           the throughput of category 9, per group
//	  html.go                 the report as one self-contained HTML page
//	  abreport.go             Autobahn's reports: index.json, a JSON report per case and agent
//	  abindexhtml.go          Autobahn's reports: index.html's grid and a page per case and agent
//	  abspec.go               Autobahn's spec files, what both share: case patterns, exclusions, options, strict fields
//	  abspec_client.go        Autobahn's fuzzing client spec (fuzzingclient.json): outdir, servers
//	  abspec_server.go        Autobahn's fuzzing server spec (fuzzingserver.json): url, outdir, webport …
//	  doc.go                  this map
package conformance
