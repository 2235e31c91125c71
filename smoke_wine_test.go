//go:build unix

package main

import (
	"encoding/json"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/realwindow"
	"github.com/wssample/wssample/wsclient"
)

// windowsExeEnv names the packaged Windows app for TestSmokeWindows
// (make smoke-windows sets it to dist/WebSocket Sample.exe).
const windowsExeEnv = "WSSAMPLE_WINDOWS_EXE"

// Where TestSmokeWindows looks and clicks, measured on the Windows app's
// window at its default size under Wine (996×660, Fyne's menu bar inside
// the window), while scenario 2 is shown; add the difference between the
// list's Offset and windowsMenuOffset for a window laid out otherwise.
const (
	windowsMenuOffset                    = 27
	windowsFileX, windowsFileY           = 27, 14   // the File menu
	windowsCopyLogX, windowsCopyLogY     = 44, 84   // its "Copy log"
	windowsFlowX, windowsFlowY           = 935, 175 // "Try a flow"
	windowsUntrustedX, windowsUntrustedY = 838, 522 // its "Untrusted certificate (wss)"
	windowsCustomX, windowsCustomY       = 290, 215 // "Perform custom server certificate validation"
)

// windowsPlaceholder is the inside of the Ping payload field, where its
// placeholder "payload (optional, ≤ 125 bytes)" is drawn (legible once
// connected; disabled, it is too pale to measure).
var windowsPlaceholder = image.Rect(770, 242, 982, 266)

// TestSmokeWindows runs the packaged Windows app, the .exe a user
// downloads, under Wine on its own Xvfb, through the same driver as the
// Linux smoke tests, as a Windows user would use it: the window opens on
// the stream page; Start streams "Hello World" to the built-in /echo and
// the counters grow; the Ping field's "≤" is a glyph, not "�"; the
// untrusted-certificate flow (wss:// to the built-in server) is refused,
// then accepted with custom validation; the log, copied with File › Copy
// log, says all of it, and File › Save log saves it through Fyne's file
// dialog into the user's home (C:\users\<name>); Alt+F4 quits with exit code 0, leaving the
// preferences in %APPDATA%, and a second start reads them back.
//
// It runs only when WSSAMPLE_WINDOWS_EXE names the .exe (make
// smoke-windows, part of make test, sets it after make release), and
// needs Wine (make deps installs Debian's; with Wine 8.0 the prefix gets
// realwindow's test-only stand-in for bcryptprimitives.dll).
func TestSmokeWindows(t *testing.T) {
	exe := os.Getenv(windowsExeEnv)
	if exe == "" {
		t.Skip(windowsExeEnv + " is not set: make smoke-windows runs this on the packaged .exe")
	}
	wine := realwindow.NewWine(t)
	s := realwindow.StartWindows(t, wine, exe)
	s.WaitPainted()
	s.Screenshot("windows-window")

	list := s.FindScenarios()
	dy := list.Offset() - windowsMenuOffset
	t.Logf("the window's content is %d px below where it was measured", dy)
	list.Select(2)
	s.Screenshot("windows-stream")

	// Start: Enter in the address field. The counters tick every second.
	s.Key("Return")
	s.WaitStatus(realwindow.StatusGreen, "Connected after Start on scenario 2")
	counters := func(img image.Image, dy int) image.Rectangle { return image.Rect(370, 280+dy, 700, 306+dy) }
	before, _ := s.Capture()
	s.Changes(before, counters, dy, "the byte counters growing")
	time.Sleep(2 * time.Second)
	connected, shot := s.Screenshot("windows-stream-connected")
	checkPlaceholderGlyph(t, connected, windowsPlaceholder.Add(image.Pt(0, dy)), shot)
	s.Key("Escape") // Stop
	s.WaitStatus(realwindow.StatusGreen, "Stopped")
	log := copyLog(t, s, dy)
	for _, want := range []string{"Connecting to ws://127.0.0.1:", "/echo", "Connected", " → WebSocket open", "Closed; Code: 1000"} {
		if !strings.Contains(log, want) {
			t.Errorf("the stream's log lacks %q; it reads:\n%s", want, log)
		}
	}

	// File › Save log (Ctrl+S): Fyne's own dialog, which opens in the
	// user's home (C:\users\<name>) with a file name filled in; Enter saves.
	before, _ = s.Capture()
	s.Key("ctrl+s")
	s.Changes(before, realwindow.PageArea, dy, "the save dialog opening")
	s.Screenshot("windows-save-dialog")
	s.Key("Return")
	home := filepath.Dir(filepath.Dir(wine.AppData())) // AppData\Roaming's user
	saved := waitFile(t, filepath.Join(home, "websocket-sample-log-*.txt"))
	if !strings.Contains(saved, "Connected") || !strings.Contains(saved, "→ WebSocket open") {
		t.Errorf("the saved log lacks the connect; it reads:\n%s", saved)
	}
	s.WaitStatus(realwindow.StatusGreen, "the log saved")

	// wss:// to the built-in server: the flow's address, refused as
	// untrusted, then accepted with custom validation (Ctrl+Enter: the
	// check box has the focus, and Enter is its own).
	before = s.Settled(realwindow.PageArea, dy, "scenario 2 stopped")
	s.Click(windowsFlowX, windowsFlowY+dy)
	s.Changes(before, realwindow.PageArea, dy, "the flow menu opening")
	s.Screenshot("windows-flows")
	s.Click(windowsUntrustedX, windowsUntrustedY+dy)
	s.Key("Return") // the address field has the focus after a flow
	s.WaitStatus(realwindow.StatusRed, "the untrusted certificate refused")
	s.Screenshot("windows-wss-untrusted")
	s.Click(windowsCustomX, windowsCustomY+dy)
	s.Key("ctrl+Return")
	s.WaitStatus(realwindow.StatusGreen, "Connected over wss with custom validation")
	time.Sleep(2 * time.Second)
	s.WaitStatus(realwindow.StatusGreen, "still streaming over wss")
	s.Screenshot("windows-wss")
	s.Key("ctrl+period")
	s.WaitStatus(realwindow.StatusGreen, "Stopped")
	log = copyLog(t, s, dy)
	for _, want := range []string{"wss://127.0.0.1:", wsclient.NoteValidationPassed, "Closed; Code: 1000"} {
		if !strings.Contains(log, want) {
			t.Errorf("the wss log lacks %q; it reads:\n%s", want, log)
		}
	}

	// Scenario 1 last, so there is something to remember; Alt+F4 quits.
	list.Select(1)
	s.Stop()
	prefs := filepath.Join(wine.AppData(), "fyne", appID, "preferences.json")
	b, err := os.ReadFile(prefs)
	if err != nil {
		t.Fatalf("the preferences are not in %%APPDATA%%: %v", err)
	}
	var remembered map[string]any
	if err := json.Unmarshal(b, &remembered); err != nil {
		t.Fatalf("%s: %v\n%s", prefs, err, b)
	}
	t.Logf("%s after the first run: %s", prefs, b)
	if remembered["window.scenarioKey"] != "utf8" {
		t.Errorf("%s remembers scenario %v, want utf8:\n%s", prefs, remembered["window.scenarioKey"], b)
	}

	// The same user starts it again: it opens where they left it.
	s = realwindow.StartWindows(t, wine, exe)
	s.WaitPainted()
	s.Screenshot("windows-restarted")
	if n := list.Highlighted(s); n != 1 {
		t.Errorf("after a restart scenario %d is shown, want 1 (remembered in %s)", n, prefs)
	}
	s.Stop()
	b, _ = os.ReadFile(prefs)
	t.Logf("%s after the second run: %s", prefs, b)
}

// waitFile waits for one file matching pattern and returns its content.
func waitFile(t *testing.T, pattern string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m, _ := filepath.Glob(pattern); len(m) == 1 {
			if b, err := os.ReadFile(m[0]); err == nil && len(b) > 0 {
				t.Logf("saved %s (%d bytes)", m[0], len(b))
				return string(b)
			}
		} else if len(m) > 1 {
			t.Fatalf("more than one %s: %v", pattern, m)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s within 10 s", pattern)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// copyLog copies the page's log with File › Copy log and returns it.
func copyLog(t *testing.T, s *realwindow.App, dy int) string {
	t.Helper()
	before, _ := s.Capture()
	s.Click(windowsFileX, windowsFileY)
	s.Changes(before, func(img image.Image, _ int) image.Rectangle { return image.Rect(0, 0, 200, 200) }, dy, "the File menu opening")
	s.Click(windowsCopyLogX, windowsCopyLogY)
	deadline := time.Now().Add(5 * time.Second)
	for {
		if text := s.Clipboard(); text != "" {
			return text
		}
		if time.Now().After(deadline) {
			t.Fatal("File › Copy log left the clipboard empty")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkPlaceholderGlyph fails unless the Ping field's placeholder,
// "payload (optional, ≤ 125 bytes)", shows its "≤" as a glyph: five words,
// the third as narrow as a symbol and as light as strokes. A character no
// font has is drawn by Fyne as "�", a filled diamond (about half of its
// box inked) that also swallows the space after it.
func checkPlaceholderGlyph(t *testing.T, img image.Image, r image.Rectangle, shot string) {
	t.Helper()
	words := realwindow.Words(img, r, 4)
	var desc []string
	for _, w := range words {
		desc = append(desc, w.String())
	}
	if len(words) != 5 {
		t.Fatalf("the Ping placeholder shows %d words, want 5 (payload (optional, ≤ 125 bytes)): %v (screenshot %s)", len(words), desc, shot)
	}
	le := words[2]
	ink := realwindow.Ink(img, le, r)
	t.Logf("the placeholder's \"≤\": %v, %.0f%% ink", le, ink*100)
	if le.Dx() > 12 || le.Dy() > 11 {
		t.Errorf("the Ping placeholder's \"≤\" looks like \"�\": %dx%d px, %.0f%% ink (screenshot %s)", le.Dx(), le.Dy(), ink*100, shot)
	}
}
