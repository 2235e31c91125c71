//go:build unix

package realwindow

// The app's process in a session: built (or taken from WSSAMPLE_BINARY),
// or the Windows .exe under Wine (wine.go), started on its own display,
// stopped as its platform's user would stop it, and its output checked for
// what must never appear.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	windowTitle = "WebSocket Sample"
	screen      = "1000x700x24"

	buildTimeout  = 8 * time.Minute // a cold Fyne+GLFW build is 3–4 min on 2 cores
	xvfbTimeout   = 15 * time.Second
	windowTimeout = 30 * time.Second
	paintTimeout  = 15 * time.Second
	exitTimeout   = 10 * time.Second
	xdoTimeout    = 10 * time.Second
	stateTimeout  = 10 * time.Second // a page switch, a connect
)

// forbidden are lines that must never appear in the app's output.
var forbidden = []string{
	"Error in Fyne call thread", // a widget touched off the UI goroutine (missing fyne.Do)
	"Fyne error",                // fyne.LogError
	"panic:",
	"fatal error:",
	"DATA RACE",
	"Error parsing user locale", // LANG=C.UTF-8 must not greet the user with this
	"Unhandled page fault",      // Wine: the Windows app crashed (Wine then starts its debugger)
}

// App is one running app under its own Xvfb, driven by one test.
type App struct {
	t       testing.TB
	ctx     context.Context // bounds everything the session does
	display string          // ":N"
	window  string          // X window id of the app's main window
	dir     string          // scratch dir: screenshots, config
	out     appOutput       // the app's stdout+stderr
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the app process has exited
	waitErr error         // valid once exited is closed
	stopped bool
	// quit asks the app to quit, as its platform's user would, and
	// cleanExit says whether the way it then ended is a clean quit.
	quit      func()
	cleanExit func(err error) bool
}

// Start builds the app (or takes WSSAMPLE_BINARY), starts Xvfb and the app
// with args, and returns once the app's window exists. Cleanup stops both
// and checks the output.
//
// The build is `go build .` in the test's working directory, which is the
// root package's when its tests call Start: a plain build (no
// migrated_fynedo tag), so Fyne's thread checks are on. The app runs in
// that directory too, as for `go run .`: it may read FyneApp.toml from
// there, which must not switch the checks off.
func Start(t testing.TB, args ...string) *App {
	t.Helper()
	requireTools(t, "Xvfb", "xdotool", "import")
	s := newApp(t, buildTimeout+2*time.Minute)
	bin := os.Getenv("WSSAMPLE_BINARY")
	if bin == "" {
		bin = build(t, s.ctx, filepath.Join(s.dir, "wssample"))
	} else {
		t.Logf("testing WSSAMPLE_BINARY=%s", bin)
	}
	s.display = startXvfb(t, s.ctx)
	cmd := exec.Command(bin, args...)
	cmd.Env = appEnv(s.display, filepath.Join(s.dir, "config"))
	s.run(cmd, windowTimeout)
	return s
}

// requireTools skips the test when a tool is missing, or fails it under
// CI, which must not pass by skipping the one test that runs a real window.
func requireTools(t testing.TB, tools ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("real-window smoke test skipped in -short mode")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			msg := fmt.Sprintf("%s not installed: run `make test`, which installs %s", tool, strings.Join(tools, ", "))
			if os.Getenv("CI") != "" {
				t.Fatal(msg + " (CI must not skip the real-window test)")
			}
			t.Skip(msg)
		}
	}
}

// newApp is a session not started yet, bounded by limit in all.
func newApp(t testing.TB, limit time.Duration) *App {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	t.Cleanup(cancel)
	s := &App{t: t, ctx: ctx, dir: t.TempDir(), out: &syncBuffer{}, exited: make(chan struct{})}
	s.quit, s.cleanExit = s.sigterm, killedBySIGTERM
	return s
}

// run starts cmd, the app on s.display, and waits up to wait for its
// window.
func (s *App) run(cmd *exec.Cmd, wait time.Duration) {
	s.t.Helper()
	if cmd.Stdout == nil {
		cmd.Stdout, cmd.Stderr = s.out, s.out
	}
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start %s: %v", cmd.Path, err)
	}
	s.cmd = cmd
	go func() {
		s.waitErr = cmd.Wait()
		close(s.exited)
	}()
	s.t.Cleanup(s.cleanup)

	s.window = s.waitWindow(wait)
	s.t.Logf("window %s on display %s", s.window, s.display)
}

// build builds the app into out with the go tool that runs this test.
func build(t testing.TB, ctx context.Context, out string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, buildTimeout)
	defer cancel()
	gotool, err := exec.LookPath("go") // go test puts GOROOT/bin first on PATH
	if err != nil {
		t.Fatalf("find the go tool: %v", err)
	}
	start := time.Now()
	// -buildvcs=false: the test needs no VCS stamp, and stamping fails in a
	// checkout git distrusts ("dubious ownership").
	cmd := exec.CommandContext(ctx, gotool, "build", "-buildvcs=false", "-o", out, ".")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build (after %s): %v\n%s", time.Since(start).Round(time.Second), err, b)
	}
	t.Logf("go build: %s", time.Since(start).Round(100*time.Millisecond))
	return out
}

// checkAlive fails the test if the app has exited.
func (s *App) checkAlive() {
	s.t.Helper()
	select {
	case <-s.exited:
		s.t.Fatalf("the app exited unexpectedly (%v); its output:\n%s", s.waitErr, s.out.String())
	default:
	}
}

// Stop quits the app (SIGTERM on Linux, as Ctrl+C or a logout would;
// Alt+F4 under Wine, as a Windows user closes a window), waits for it to
// exit and checks its output. Cleanup calls it too; calling it twice is
// harmless.
func (s *App) Stop() {
	s.t.Helper()
	if s.stopped {
		return
	}
	s.stopped = true
	termAt := -1 // length of the output when the app was asked to quit
	select {
	case <-s.exited:
		if !s.t.Failed() { // else the failure already said so
			s.t.Errorf("the app had exited before it was asked to quit (%v)", s.waitErr)
		}
	default:
		termAt = len(s.out.String())
		s.quit()
		select {
		case <-s.exited:
		case <-time.After(exitTimeout):
			_ = s.cmd.Process.Kill()
			<-s.exited
			s.t.Errorf("the app did not quit within %s and was killed", exitTimeout)
		}
	}
	if s.waitErr != nil && !s.cleanExit(s.waitErr) && !s.t.Failed() {
		s.t.Errorf("app exit: %v", s.waitErr)
	}

	out := s.out.String()
	if termAt >= 0 {
		var dropped string
		out, dropped = dropShutdownPrefsRace(out, termAt)
		if dropped != "" {
			s.t.Logf("tolerated Fyne's own shutdown race (preferences saved on quit, read back half-written):\n%s", dropped)
		}
	}
	for _, bad := range forbidden {
		if strings.Contains(out, bad) {
			s.t.Errorf("app output contains %q", bad)
		}
	}
	if s.t.Failed() || testing.Verbose() {
		s.t.Logf("app output (%d bytes):\n%s", len(out), out)
	}
}

// sigterm is how a Linux session quits: SIGTERM.
func (s *App) sigterm() { _ = s.cmd.Process.Signal(syscall.SIGTERM) }

// killedBySIGTERM: killed by our SIGTERM, or a clean exit after handling
// it (err == nil), are both clean.
func killedBySIGTERM(err error) bool {
	var ee *exec.ExitError
	return errors.As(err, &ee) && isSIGTERM(ee)
}

// Output is what the app has printed so far.
func (s *App) Output() string { return s.out.String() }

func (s *App) cleanup() {
	if !s.stopped {
		s.Stop()
	}
}

func isSIGTERM(ee *exec.ExitError) bool {
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGTERM
}
