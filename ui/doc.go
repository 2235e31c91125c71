// Package ui is the Fyne face of WebSocket Sample: a shell with the
// sample's scenario list on the left, one page per scenario, and a status
// bar at the bottom, as in Microsoft's Windows "WebSocket sample".
//
// Data flows one way. A page's wsclient socket (Stream, MessageSocket or
// FrameSocket) reports what happens on its Events channel; one goroutine
// per page reads that channel and hands the events, in batches, to the UI
// goroutine, which is the only goroutine that touches a widget. There
// every event passes one place, connPage.handle: it is logged, the page's
// observers see it (the Frames and Diagram tabs, the Connection panel), and the page's
// connection state moves on. User actions flow back as plain method calls
// on the socket. The package never sees a *websocket.Conn.
//
// "Hand to the UI goroutine" is a function, Config.Do: the real app passes
// fyne.Do; tests pass a queue (ui/internal/uitest) that the test goroutine
// drains while it waits, so widget updates and assertions share one
// goroutine and tests are deterministic under the race detector. (Fyne's
// test driver runs fyne.Do inline on the calling goroutine, which would
// make every such test racy.) The shell hands each page its Do in pageEnv;
// a view in a sub-package gets it as an argument (protoview.NewWirePanel)
// or in an Env (checkpage.Env), never by importing ui.
//
// Adding a page is a row in scenarios.go, a file with its constructor,
// func(pageEnv) page, and its line in the map below. A page with a
// connection embeds *connPage (newConnPage) and so gets the address
// field, Start or Connect and Stop or Disconnect, the log, the sample's
// states, Leave, Close and the menu's actions; a message page embeds
// *socketPage instead. Its own reactions to events go in an observer
// (connPage.observe), its own controls in connPage.refresh. In the tests,
// showProbe gives a probe of any such page (harness_test.go).
//
// # The house
//
// The shell and the pages stay here; what several pages show is a
// sub-package with a small surface, and what needs no widget is in
// internal/present, which builds and tests without cgo. The sub-packages
// import kit and present, never ui or each other, so none can reach into
// the shell. The check pages are packages of their own because they are
// pages apart: no connection, their own tables, dialogs and reports. The log's
// ring, filter and export are in present rather than logview: they are
// plain data, tested without a window.
//
// # Map
//
// One line per file (tests sit beside what they test; the tests that drive
// a page through the window are in ui). TestDocMap fails when a file is
// missing here or a file named here is gone.
//
//	ui/                      the shell and the scenario pages
//	  scenarios.go           the scenario table: one row per page; the list, the menu, the shortcuts and the remembered scenario follow from it
//	  window.go              the window: list, page holder, status routing, remembered size; Config, BuiltIn
//	  menu.go                the main menu and the window's keys
//	  pageactions.go         what the menu asks of a page; the check page's place in the shell
//	  clientcheck.go         the client check page's place in the shell
//	  status.go              the status bar
//	  about.go               Help › About
//	  page.go                what a page is, and pageEnv, what the shell hands it
//	  connpage.go            the part of a page with a connection: address, buttons, log, Leave, Close
//	  connstate.go           where a connection stands: Disconnected, Connected, Busy
//	  pump.go                the event pump: the socket's events to the UI goroutine, in batches
//	  evententry.go          an event as a log entry
//	  connpanel.go           the Connection panel: the timeline, TLS, rates
//	  pingcontrols.go        Ping and its pong
//	  address.go             prefill and memory of the server address
//	  certcheck.go           the custom validation checkbox
//	  filedialog.go          the file-open dialog
//	  streampage.go          scenario 2, the stream
//	  flowmenu.go            the stream page's "Try a flow"
//	  advanced.go            the stream page's Advanced section (its values are parsed in present)
//	  transferpanel.go       the stream page's Send file, with a chart of its rate
//	  ratecharts.go          the stream page's charts of the last minute: bytes per second each way, the ping round trip
//	  socketpage.go          what the message pages share: Connect, blocking sends, the send controls
//	  composer.go            scenarios 1 and 3: a message as text, JSON, hex, base64 or a file
//	  savedmessages.go       named messages kept in the preferences
//	  utf8page.go            scenario 1, UTF-8 text messages
//	  clientauthpage.go      scenario 3, client authentication
//	  partialpage.go         scenario 4, partial and complete messages
//	  doc.go                 this map
//	ui/kit/                  what every view shares
//	  theme.go               the one theme file: the status colours, white text, the compact rows
//	  widgets.go             enabling and labels without needless redraws, the page heading
//	  poller.go              the ≤10 Hz refresh of counters and lists
//	  chart.go               a live line chart drawn with canvas lines and texts
//	  controlslayout.go      a page's controls above its log or results, with the divider between them
//	  listdetail.go          a list with its selected row's detail below, a split the user drags; dense rows
//	  filesave.go            every Save…: the dialog, the name offered, the endings listed, problems in words
//	  reportsave.go          the check pages' Save report…: JSON, HTML or Markdown
//	  pageenv.go             what the shell hands a page of a package of its own
//	  doc.go                 the package
//	ui/logview/              a page's output log on screen
//	  logpane.go             the pane: filter, follow, Save (text or JSON Lines), Copy, Clear, the list
//	  logdetail.go           the selected row whole, with its bytes as a hex dump
//	  doc.go                 the package
//	ui/protoview/            the protocol as it happens
//	  wirepanel.go           the Frames tab and its log entries
//	  hexview.go             the stream page's hex dump of the latest bytes
//	  timelineview.go        a connect attempt step by step, and its log line
//	  doc.go                 the package
//	ui/diagram/              the Diagram tab: a connection as a sequence diagram
//	  view.go                the tab: follows the events, draws only while shown, the open row, Export
//	  drawing.go             the ladder drawn with Fyne's canvas, a row a click lands on
//	  export.go              the PNG (the drawing painted off screen), the format a name asks for, Export's save
//	  doc.go                 the package
//	ui/checkpage/            scenario 5, the check
//	  checkpage.go           the page, its Env and its run, its results shown in batches at ≤10 Hz
//	  checkoptions.go        the quick or the full run, the categories, and the connection options
//	  checkresults.go        the table: a cheap row per case, both verdicts, the filter by verdict
//	  checkdetail.go         a case whole, its frames in the Frames tab's words
//	  doc.go                 the package
//	ui/clientpage/           scenario 6, the check of a client
//	  clientpage.go          the page, its Env, the fuzzing server and this app's clients run through it
//	  results.go             the agents, the verdict filter, the list of cases and a case whole
//	  doc.go                 the package
//	ui/internal/uitest/      what the tests share
//	  queue.go               the queue that stands in for fyne.Do
//	  cases.go               the conformance cases of some categories
//	internal/present/        the presentation logic without Fyne
//	  format.go              how times, counts, sizes and rates are written
//	  logentry.go            a log entry and its rows
//	  logring.go             the bounded ring of rows a log keeps
//	  logfilter.go           the rows a filter matches
//	  logexport.go           the log as text or JSON Lines
//	  hexdump.go             the hex dump and the byte tail
//	  payloadformat.go       a message typed as text, JSON, hex, base64 or a file
//	  settings.go            the Advanced section's values, and the parsers the check page shares
//	  chart.go               a live chart's samples (a fixed ring per series), its axes and ticks, its lines scaled
//	  ladder.go              a connection's sequence diagram (ladder) from its events: the connect, the close
//	  ladderframes.go        its frames: runs folded, pongs timed, fragments grouped, at most 200 rows
//	  ladderlayout.go        where its parts go, for the Diagram tab and the SVG alike
//	  ladderexport.go        the ladder as SVG and as Mermaid sequenceDiagram text
//	  doc.go                 the package
package ui
