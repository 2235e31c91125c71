package realwindow

// The app's output: a buffer the child process writes into while the test
// reads it (or a file, under Wine), and the one report of Fyne's own that a
// clean quit may leave.

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
)

// appOutput is where the app's output goes, read back as it grows.
type appOutput interface {
	io.Writer
	String() string
}

// fileOutput is the app's output in a file the process writes itself. Under
// Wine the app's helpers (wineserver, Wine's services) inherit its output:
// through a pipe, exec would wait for them too, long after the app exited.
type fileOutput struct{ f *os.File }

func (o fileOutput) Write(p []byte) (int, error) { return o.f.Write(p) }

func (o fileOutput) String() string {
	b, _ := os.ReadFile(o.f.Name())
	return string(b)
}

// dropShutdownPrefsRace removes, from the output written after SIGTERM
// (from offset on), Fyne's "Preferences load error: ... Cause: EOF" report
// and returns what it removed.
//
// On SIGTERM Fyne quits cleanly and saves the preferences: os.Create
// truncates preferences.json before Fyne marks the save as its own, and
// Fyne's fsnotify watcher on that folder, which once the event loop has
// ended runs on its own goroutine, may reload the file in that gap and log
// "Fyne error:  Preferences load error: / Cause: EOF" (fyne v2.7.1
// app/preferences.go save/load; fyne-io/fyne#2936; seen about 1 run in 12
// on a loaded machine). Nothing is lost: the failed load changes no value.
// The watcher logs from its own goroutine, so the process may exit in the
// middle of the report: a report cut short counts too, but only at the
// very end of the output. That is Fyne racing itself at exit, not the app;
// anything else still fails.
func dropShutdownPrefsRace(out string, offset int) (kept, dropped string) {
	head, tail := out[:offset], out[offset:]
	lines := strings.SplitAfter(tail, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	report := []string{"Fyne error:  Preferences load error:", "Cause: EOF", "At: "}
	var k, d strings.Builder
	for i := 0; i < len(lines); i++ {
		n := 0 // how many of the report's lines start at i
		for n < len(report) && i+n < len(lines) && strings.Contains(lines[i+n], report[n]) {
			n++
		}
		if n >= 2 || (n >= 1 && i+n == len(lines)) { // whole, or cut off by the exit
			for _, l := range lines[i : i+n] {
				d.WriteString(l)
			}
			i += n - 1
			continue
		}
		k.WriteString(lines[i])
	}
	return head + k.String(), d.String()
}

// syncBuffer is a bytes.Buffer safe for a writer and readers on different
// goroutines (exec copies the child's output on its own goroutine).
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

var _ io.Writer = (*syncBuffer)(nil)
