//go:build unix

package realwindow

// The private X server a session runs on, and the environment the app
// gets there.

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startXvfb starts a private X server on a free display (Xvfb picks it and
// reports it through -displayfd) and stops it at cleanup.
func startXvfb(t testing.TB, ctx context.Context) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var xlog syncBuffer
	cmd := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", screen, "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w} // fd 3
	cmd.Stdout = &xlog
	cmd.Stderr = &xlog
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	xdone := make(chan struct{})
	go func() { _ = cmd.Wait(); close(xdone) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-xdone:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-xdone
		}
	})

	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(l)
	}()
	select {
	case l := <-line:
		if _, err := strconv.Atoi(l); err != nil {
			t.Fatalf("Xvfb did not report a display (got %q); its output:\n%s", l, xlog.String())
		}
		return ":" + l
	case <-xdone:
		t.Fatalf("Xvfb exited at start; its output:\n%s", xlog.String())
	case <-time.After(xvfbTimeout):
		t.Fatalf("Xvfb reported no display within %s; its output:\n%s", xvfbTimeout, xlog.String())
	case <-ctx.Done():
		t.Fatalf("Xvfb: %v", ctx.Err())
	}
	return ""
}

// appEnv is the app's environment: ours, on the private display, with the
// C.UTF-8 locale a fresh Debian has (the app must cope with it quietly), and
// a private config dir so preferences don't leak between runs.
func appEnv(display, configDir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "DISPLAY", k == "WAYLAND_DISPLAY", k == "XAUTHORITY", k == "XDG_CONFIG_HOME",
			k == "LANG", k == "LANGUAGE", strings.HasPrefix(k, "LC_"):
			continue
		}
		env = append(env, kv)
	}
	return append(env, "DISPLAY="+display, "LANG=C.UTF-8", "XDG_CONFIG_HOME="+configDir)
}
