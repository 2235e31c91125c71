// Package ui is the Fyne face of WebSocket Sample: a shell with the
// sample's scenario list on the left, one page per scenario, and a status
// bar at the bottom, as in Microsoft's Windows "WebSocket sample".
//
// Data flows one way. A page's wsclient socket (Stream, MessageSocket or
// FrameSocket) reports what happens on its Events channel; one goroutine
// per page reads that channel and hands the events, in batches, to the UI
// goroutine, which is the only goroutine that touches a widget. There
// every event passes one place, connPage.handle: it is logged, the page's
// observers see it, and the page's connection state moves on. User actions
// flow back as plain method calls on the socket. The package never sees a
// *websocket.Conn.
//
// "Hand to the UI goroutine" is a function, Config.Do: the real app passes
// fyne.Do; tests pass a queue that the test goroutine drains while it waits,
// so widget updates and assertions share one goroutine and tests are
// deterministic under the race detector. (Fyne's test driver runs fyne.Do
// inline on the calling goroutine, which would make every such test racy.)
//
// Files by concern:
//   - the shell: scenarios.go (the scenario table: one row per page, from
//     which the list, the menu and its shortcuts, the status routing and
//     the remembered scenario follow), window.go (the list, the status bar,
//     the remembered size), menu.go (main menu and shortcuts),
//     pageactions.go (what the menu can ask of a page), about.go,
//     status.go;
//   - what every page shares: page.go (what a page is, and pageEnv, what
//     the shell hands it: its title, the UI goroutine, the status bar, the
//     window, the preferences), connpage.go (the part of a page with a
//     connection: address, the two buttons, the log, Leave and Close),
//     connstate.go (where a connection stands: the sample's Disconnected,
//     Connected and Busy), pump.go (the event pump), evententry.go (an
//     event as a log entry), logpane.go and logring.go (the output pane),
//     controlslayout.go (the controls above the log, with the divider
//     between them), pingcontrols.go (Ping and its pong), address.go
//     (prefill and memory of the server address), certcheck.go (the
//     custom validation checkbox), filedialog.go (the file dialog),
//     format.go (how times, counts and rates are written), widgets.go
//     (enabling and labels without needless redraws);
//   - scenario 2, the stream: streampage.go, with its panels flowmenu.go
//     ("Try a flow"), connpanel.go (Connection), hexview.go (Hex dump, on
//     hexdump.go's dump and byte tail), advanced.go (Advanced),
//     transferpanel.go (Send file) and poller.go (the ≤10 Hz counter
//     refresh);
//   - scenarios 1, 3 and 4: socketpage.go (what the message pages share:
//     Connect, blocking sends, the send controls), composer.go (scenarios
//     1 and 3: a message as text, JSON, hex, base64 or a file, read by
//     payloadformat.go) with savedmessages.go (named messages kept in the
//     preferences), then utf8page.go, clientauthpage.go and
//     partialpage.go.
//   - scenario 5, the check, a page without a connection of its own
//     (package conformance runs the cases): checkpage.go (the page and
//     its run), checkoptions.go (the categories and the connection
//     options), checkresults.go (the table), checkdetail.go (a case
//     whole) and checksave.go (the report as JSON, HTML or Markdown).
//
// Adding a page is a row in scenarios.go and a file with its constructor,
// func(pageEnv) page. A page with a connection embeds *connPage
// (newConnPage) and so gets the address field, Start or Connect and Stop
// or Disconnect, the log, the sample's states, Leave, Close and the menu's
// actions; a message page embeds *socketPage instead. Its own reactions to
// events go in an observer (connPage.observe), its own controls in
// connPage.refresh. In the tests, showProbe gives a probe of any such page
// (harness_test.go).
package ui
