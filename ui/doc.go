// Package ui is the Fyne face of WebSocket Sample: a shell with the
// sample's scenario list on the left, one page per scenario, and a status
// bar at the bottom, as in Microsoft's Windows "WebSocket sample".
//
// Data flows one way. A page's wsclient.Stream reports what happens on its
// Events channel; one goroutine per page reads that channel and hands the
// events, in batches, to the UI goroutine, which is the only goroutine that
// touches a widget. User actions flow back as plain method calls on the
// Stream. The package never sees a *websocket.Conn.
//
// "Hand to the UI goroutine" is a function, Config.Do: the real app passes
// fyne.Do; tests pass a queue that the test goroutine drains while it waits,
// so widget updates and assertions share one goroutine and tests are
// deterministic under the race detector. (Fyne's test driver runs fyne.Do
// inline on the calling goroutine, which would make every such test racy.)
//
// Files by concern: window.go (the shell), page.go (what a page is, and the
// placeholder page), status.go (the status bar), logpane.go and logring.go
// (the output pane every page shares), streampage.go (scenario 2),
// poller.go (the counter refresh), address.go (prefill and memory of the
// server address).
package ui
