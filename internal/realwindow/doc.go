// Package realwindow drives the real app in a real (virtual) window, for
// the root package's smoke tests: it builds the binary, starts it on a
// private Xvfb display with Fyne's GLFW driver and its thread checks on,
// types and clicks with xdotool, reads the window back with ImageMagick's
// import, and checks the app's output for what must never appear.
//
// The same driver runs the packaged Windows .exe under Wine (NewWine,
// StartWindows): a fresh Wine prefix per test, the app in it on its own
// Xvfb, quit with Alt+F4 rather than SIGTERM. Wine 8.0 (Debian 12's) lacks
// ProcessPrng, which Go's runtime needs from bcryptprimitives.dll; the
// prefix then gets a test-only stand-in built from winestub/ with
// mingw-w64, never shipped.
//
// A test starts a session with Start and drives it with the App's
// methods; Stop (or the test's cleanup) quits the app with SIGTERM and
// fails the test if its output holds a thread error, a panic, a race or
// any other of the lines the session forbids.
//
//	s := realwindow.Start(t)
//	s.WaitPainted()
//	list := s.FindScenarios()
//	list.Select(2)
//	s.Key("Return")
//	s.WaitStatus(realwindow.StatusGreen, "Connected")
//	s.Stop()
//
// The files, by concern (TestDocMap fails when one is missing here or one
// named here is gone):
//
//	internal/realwindow/  the driver
//	  app.go              the app's process: build, start, stop, the output checks
//	  output.go           the app's output: a buffer for it, and Fyne's exit race filtered out
//	  xvfb.go             the private X server and the app's environment
//	  xdotool.go          finding the window, clicks and keys (Click, MovePointer, Type, Key), the clipboard
//	  pixels.go           screenshots and what they show (Screenshot, WaitPainted, WaitStatus, Settled, Changes, MostlyChanges, Ticks)
//	  layout.go           where the pages show things (PageArea, LogArea)
//	  text.go             words on a screenshot, without reading them (Words, Ink)
//	  wine.go             the Windows app under Wine: the prefix, the stand-in DLL, StartWindows
//	  scenarios.go        the scenario list as measured on screenshots (FindScenarios, Select)
//	  doc.go              the package, and this map
//
// It needs Xvfb, xdotool and ImageMagick's import, and for the Windows app
// Wine, xclip and mingw-w64 (`make deps` installs them). Without them Start skips the test, except under CI, where it
// fails: CI must not pass by skipping the one test that runs a real window.
// It runs on Unix only (Xvfb and signals); this file alone builds elsewhere.
//
// Knobs (environment):
//
//	WSSAMPLE_BINARY     test this binary instead of building one (make smoke-package
//	                    points it at the binary inside the packaged tarball)
//	WSSAMPLE_SHOTS_DIR  also copy the screenshots there
//	WINEDEBUG           Wine's own logging for the Windows app (default -all: quiet)
package realwindow
