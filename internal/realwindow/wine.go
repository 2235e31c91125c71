//go:build unix

package realwindow

// The Windows app under Wine: a Windows user's home (a Wine prefix) made
// for the test, and the app started in it on the session's own Xvfb.

import (
	"context"
	_ "embed"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	wineBootTimeout   = 3 * time.Minute  // a fresh prefix is 15–60 s on 2 cores
	wineWindowTimeout = 90 * time.Second // the first start in a prefix starts Wine's services too
	wineSessionLimit  = 10 * time.Minute
)

// standInSource is the C source of the test-only bcryptprimitives.dll.
//
//go:embed winestub/bcryptprimitives.c
var standInSource []byte

// Wine is a Wine prefix, a Windows user's C: drive and registry, made for
// one test and removed with it; the app can start in it more than once,
// like a user starting it again.
type Wine struct {
	t      testing.TB
	Prefix string // WINEPREFIX
	// StandIn says whether the prefix got the test-only
	// bcryptprimitives.dll, because this Wine lacks ProcessPrng.
	StandIn bool
	Version string // `wine --version`
}

// NewWine makes a fresh prefix with wineboot, and when this Wine has no
// bcryptprimitives.dll of its own (Wine 8.0 has none; newer ones have
// ProcessPrng) builds the stand-in from winestub/ with mingw-w64 into the
// prefix's system32. It skips without Wine, except under CI, where it
// fails. Cleanup stops the prefix's wineserver (and whatever still runs
// there).
func NewWine(t testing.TB) *Wine {
	t.Helper()
	requireTools(t, "wine", "wineserver", "x86_64-w64-mingw32-gcc")
	w := &Wine{t: t, Prefix: filepath.Join(t.TempDir(), "prefix")}
	ctx, cancel := context.WithTimeout(context.Background(), wineBootTimeout)
	defer cancel()
	w.Version = strings.TrimSpace(w.command(ctx, nil, "wine", "--version"))
	start := time.Now()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = w.cmd(ctx, nil, "wineserver", "-k").Run()
	})
	// No display: wineboot needs none, and shows nothing.
	w.command(ctx, nil, "wine", "wineboot", "--init")
	w.command(ctx, nil, "wineserver", "-w") // until wineboot's helpers are done
	t.Logf("%s: prefix made in %s", w.Version, time.Since(start).Round(100*time.Millisecond))

	system32 := filepath.Join(w.Prefix, "drive_c", "windows", "system32")
	if _, err := os.Stat(filepath.Join(system32, "bcryptprimitives.dll")); err == nil {
		t.Logf("%s has its own bcryptprimitives.dll: no stand-in", w.Version)
		return w
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "bcryptprimitives.c")
	if err := os.WriteFile(src, standInSource, 0o644); err != nil {
		t.Fatal(err)
	}
	dll := filepath.Join(system32, "bcryptprimitives.dll")
	cc := exec.CommandContext(ctx, "x86_64-w64-mingw32-gcc", "-shared", "-O2", "-s", "-o", dll, src, "-ladvapi32")
	if b, err := cc.CombinedOutput(); err != nil {
		t.Fatalf("build the stand-in bcryptprimitives.dll: %v\n%s", err, b)
	}
	w.StandIn = true
	t.Logf("%s lacks bcryptprimitives.dll (ProcessPrng): the test-only stand-in is in %s", w.Version, dll)
	return w
}

// wineDLLOverrides switches off, in the test's Wine only:
//   - mscoree and mshtml: no offer to install Wine's Mono and Gecko;
//   - XInput (every version GLFW looks for): Wine 8.0's xinput1_4.dll runs
//     a HID thread ("wine_xinput_hid") that outlives the DLL. GLFW loads
//     XInput at start and unloads it as the app quits; the thread then ran
//     into the unmapped code ("Unhandled page fault on execute access" at
//     an address inside xinput1_4.dll's code; about 1 quit in 6, exit code
//     137). The app uses no game controller, and without XInput GLFW
//     simply has none; Windows' own XInput has no such thread.
const wineDLLOverrides = "mscoree,mshtml=;xinput1_1,xinput1_2,xinput1_3,xinput1_4,xinput9_1_0="

// env is base with the prefix's settings: quiet Wine (unless WINEDEBUG is
// set), and wineDLLOverrides.
func (w *Wine) env(base []string) []string {
	if base == nil {
		base = os.Environ()
	}
	env := []string{"WINEPREFIX=" + w.Prefix, "WINEDLLOVERRIDES=" + wineDLLOverrides}
	if os.Getenv("WINEDEBUG") == "" {
		env = append(env, "WINEDEBUG=-all")
	}
	for _, kv := range base {
		k, _, _ := strings.Cut(kv, "=")
		if k != "WINEPREFIX" && k != "WINEDLLOVERRIDES" && k != "DISPLAY" {
			env = append(env, kv)
		}
	}
	return env
}

func (w *Wine) cmd(ctx context.Context, env []string, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = w.env(env)
	return cmd
}

// command runs a Wine command to its end and returns its output; it fails
// the test if the command fails. The output goes through a file, not a
// pipe, which the wineserver it may start would hold open (see
// fileOutput).
func (w *Wine) command(ctx context.Context, env []string, name string, args ...string) string {
	w.t.Helper()
	f, err := os.CreateTemp(w.t.TempDir(), "wine-output")
	if err != nil {
		w.t.Fatal(err)
	}
	defer f.Close()
	cmd := w.cmd(ctx, env, name, args...)
	cmd.Stdout, cmd.Stderr = f, f
	err = cmd.Run()
	out := fileOutput{f}.String()
	if err != nil {
		w.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// AppData is %APPDATA% of the prefix's user, where Windows apps keep their
// settings (Fyne: fyne\<app ID>\preferences.json), as a path on this
// machine.
func (w *Wine) AppData() string {
	w.t.Helper()
	users, _ := filepath.Glob(filepath.Join(w.Prefix, "drive_c", "users", "*", "AppData", "Roaming"))
	for _, u := range users {
		if !strings.Contains(u, string(filepath.Separator)+"Public"+string(filepath.Separator)) {
			return u
		}
	}
	w.t.Fatalf("no user's AppData\\Roaming in %s", w.Prefix)
	return ""
}

// StartWindows starts the Windows exe with args under Wine in prefix w, on
// its own Xvfb, and returns once its window exists. Stop (and Cleanup)
// quit it with Alt+F4, as a Windows user closes a window; only exit code
// 0 is a clean quit. The app's own output is checked as on Linux.
func StartWindows(t testing.TB, w *Wine, exe string, args ...string) *App {
	t.Helper()
	requireTools(t, "Xvfb", "xdotool", "import", "xclip")
	if _, err := os.Stat(exe); err != nil {
		t.Fatalf("the Windows app: %v", err)
	}
	s := newApp(t, wineSessionLimit)
	s.quit = func() { s.Key("alt+F4") }
	s.cleanExit = func(error) bool { return false }
	s.display = startXvfb(t, s.ctx)
	cmd := exec.Command("wine", append([]string{exe}, args...)...)
	cmd.Env = append(w.env(appEnv(s.display, "")), "DISPLAY="+s.display)
	f, err := os.Create(filepath.Join(s.dir, "output.txt"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	s.out = fileOutput{f}
	cmd.Stdout, cmd.Stderr = f, f
	start := time.Now()
	s.run(cmd, wineWindowTimeout)
	t.Logf("Windows app (%s) up after %s", w.Version, time.Since(start).Round(100*time.Millisecond))
	return s
}
