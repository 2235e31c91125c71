//go:build unix

package realwindow

// Driving the app's window with xdotool: finding it, moving the pointer,
// clicking, typing and pressing keys.

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// waitWindow waits up to wait for a visible window titled windowTitle and
// returns its id. It fails at once if the app exits first.
func (s *App) waitWindow(wait time.Duration) string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, wait)
	defer cancel()
	go func() {
		select {
		case <-s.exited:
			cancel()
		case <-ctx.Done():
		}
	}()
	start := time.Now()
	cmd := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--onlyvisible", "--name", "^"+windowTitle)
	cmd.Env = appEnv(s.display, "")
	b, err := cmd.Output()
	if err != nil {
		select {
		case <-s.exited:
			s.t.Fatalf("the app exited (%v) before a %q window appeared; its output:\n%s", s.waitErr, windowTitle, s.out.String())
		default:
		}
		s.t.Fatalf("no %q window within %s (%v); app output:\n%s", windowTitle, time.Since(start).Round(time.Second), err, s.out.String())
	}
	ids := strings.Fields(string(b))
	if len(ids) == 0 {
		s.t.Fatalf("xdotool found no window; app output:\n%s", s.out.String())
	}
	s.t.Logf("window up after %s", time.Since(start).Round(100*time.Millisecond))
	return ids[0]
}

// xdotool runs xdotool on the app's display with a deadline and returns its
// stdout. "%w" in args is replaced by the app's window id.
func (s *App) xdotool(args ...string) string {
	s.t.Helper()
	s.checkAlive()
	ctx, cancel := context.WithTimeout(s.ctx, xdoTimeout)
	defer cancel()
	a := make([]string, len(args))
	for i, arg := range args {
		a[i] = strings.ReplaceAll(arg, "%w", s.window)
	}
	cmd := exec.CommandContext(ctx, "xdotool", a...)
	cmd.Env = appEnv(s.display, "")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		s.t.Fatalf("xdotool %s: %v\n%s", strings.Join(a, " "), err, stderr.String())
	}
	return string(b)
}

// MovePointer moves the pointer to (x, y) in window coordinates without
// clicking: away from a row it would highlight, for instance.
func (s *App) MovePointer(x, y int) {
	s.t.Helper()
	// No --sync: it waits for the pointer to move, forever when it is
	// there already.
	s.xdotool("mousemove", "--window", "%w", strconv.Itoa(x), strconv.Itoa(y))
}

// Click clicks at (x, y) in window coordinates (pixels from the window's
// top-left corner, as measured on a Screenshot).
func (s *App) Click(x, y int) {
	s.t.Helper()
	// No --sync: it waits for the pointer to move, forever when it is
	// there already. The X server handles the move before the click anyway.
	s.xdotool("mousemove", "--window", "%w", strconv.Itoa(x), strconv.Itoa(y), "click", "1")
}

// Drag presses the button at (x0, y0), moves to (x1, y1) in two steps, as
// a hand does, and lets go: a divider moved, for instance.
func (s *App) Drag(x0, y0, x1, y1 int) {
	s.t.Helper()
	s.xdotool("mousemove", "--window", "%w", strconv.Itoa(x0), strconv.Itoa(y0), "mousedown", "1",
		"mousemove", "--window", "%w", strconv.Itoa(x0), strconv.Itoa((y0+y1)/2), "sleep", "0.2",
		"mousemove", "--window", "%w", strconv.Itoa(x1), strconv.Itoa(y1), "sleep", "0.2", "mouseup", "1")
}

// Type types text into the focused widget of the app's window.
func (s *App) Type(text string) {
	s.t.Helper()
	s.xdotool("type", "--window", "%w", "--delay", "20", text)
}

// Key sends key presses (xdotool names: Return, Tab, ctrl+a, …) to the window.
func (s *App) Key(keys ...string) {
	s.t.Helper()
	s.xdotool(append([]string{"key", "--window", "%w"}, keys...)...)
}

// Clipboard is the text on the display's clipboard (xclip), as another
// program pasting it would get it: how a test reads what the app's "Copy"
// actions copied.
func (s *App) Clipboard() string {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, xdoTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "xclip", "-o", "-selection", "clipboard")
	cmd.Env = appEnv(s.display, "")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		s.t.Fatalf("xclip -o: %v\n%s", err, stderr.String())
	}
	return string(b)
}
