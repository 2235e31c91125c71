// Package ui is the Fyne face of WebSocket Sample: a shell with the
// sample's scenario list on the left, one page per scenario, and a status
// bar at the bottom, as in Microsoft's Windows "WebSocket sample".
//
// Data flows one way. A page's wsclient socket (Stream, MessageSocket or
// FrameSocket) reports what happens on its Events channel; one goroutine per page reads that channel and hands the
// events, in batches, to the UI goroutine, which is the only goroutine that
// touches a widget. User actions flow back as plain method calls on the
// socket. The package never sees a *websocket.Conn.
//
// "Hand to the UI goroutine" is a function, Config.Do: the real app passes
// fyne.Do; tests pass a queue that the test goroutine drains while it waits,
// so widget updates and assertions share one goroutine and tests are
// deterministic under the race detector. (Fyne's test driver runs fyne.Do
// inline on the calling goroutine, which would make every such test racy.)
//
// Files by concern:
//   - the shell: window.go (scenario list, status bar, remembered size and
//     scenario), menu.go (main menu and shortcuts), pageactions.go (what the
//     menu can ask of a page), about.go, status.go;
//   - what every page shares: page.go (what a page is), logpane.go and
//     logring.go (the output pane), address.go (prefill and memory of the
//     server address), certcheck.go (the custom validation checkbox);
//   - scenario 2, the stream: streampage.go, with its panels flowmenu.go
//     ("Try a flow"), connpanel.go (Connection), advanced.go (Advanced),
//     transferpanel.go (Send file), poller.go (the ≤10 Hz counter refresh)
//     and controlslayout.go;
//   - scenarios 1, 3 and 4: socketpage.go (what they share: Connect,
//     Disconnect, the sample's three visual states, the event pump), then
//     utf8page.go, clientauthpage.go and partialpage.go.
package ui
