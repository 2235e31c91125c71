package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/sampleserver"
)

// TestMain lets the test binary stand in for "wssample serve": run with
// WSSAMPLE_SERVE_CHILD=1, it is the serve command with its arguments. That
// tests serve as a real process, signals and exit code included, without
// building the whole app (and its GUI) first.
func TestMain(m *testing.M) {
	if os.Getenv("WSSAMPLE_SERVE_CHILD") == "1" {
		os.Exit(runServe(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

const serveTimeout = 20 * time.Second

// serveChild starts "serve args..." as a child process. Its stdout lines
// arrive on the returned channel; stderr is kept for failure messages.
func serveChild(t *testing.T, args ...string) (*exec.Cmd, <-chan string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "WSSAMPLE_SERVE_CHILD=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	return cmd, lines, &stderr
}

// waitLine returns the first field of the first line that has a field
// matching match, failing the test at the deadline.
func waitLine(t *testing.T, lines <-chan string, deadline <-chan time.Time, match func(string) bool) string {
	t.Helper()
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatal("serve's output ended early")
			}
			for _, f := range strings.Fields(line) {
				if match(f) {
					return f
				}
			}
		case <-deadline:
			t.Fatal("serve did not print the expected line in time")
		}
	}
}

func TestServeProcess(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGTERM cannot be sent to a process on Windows")
	}
	dir := t.TempDir()
	cmd, lines, stderr := serveChild(t, "-addr", "127.0.0.1:0", "-tls-addr", "127.0.0.1:0",
		"-clientauth-addr", "127.0.0.1:0", "-export-certs", dir)
	deadline := time.After(serveTimeout)

	echoURL := waitLine(t, lines, deadline, func(f string) bool {
		return strings.HasPrefix(f, "ws://127.0.0.1:") && strings.HasSuffix(f, "/echo")
	})
	secureURL := waitLine(t, lines, deadline, func(f string) bool {
		return strings.HasPrefix(f, "wss://127.0.0.1:") && strings.HasSuffix(f, "/echo")
	})
	fingerprint := waitLine(t, lines, deadline, func(f string) bool { return strings.Count(f, ":") == 31 })

	ctx, cancel := context.WithTimeout(context.Background(), serveTimeout)
	defer cancel()
	c, _, err := websocket.Dial(ctx, echoURL, nil)
	if err != nil {
		t.Fatalf("dial %s: %v\nstderr:\n%s", echoURL, err, stderr)
	}
	if err := c.Write(ctx, websocket.MessageText, []byte("Hello World")); err != nil {
		t.Fatal(err)
	}
	if _, p, err := c.Read(ctx); err != nil || string(p) != "Hello World" {
		t.Fatalf("echo: %q, %v", p, err)
	}
	c.Close(websocket.StatusNormalClosure, "")

	// The exported CA verifies the wss listener, whose certificate has the
	// printed fingerprint.
	caPEM, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatal("ca.pem holds no certificate")
	}
	u, _ := url.Parse(secureURL)
	conn, err := tls.Dial("tcp", u.Host, &tls.Config{RootCAs: pool})
	if err != nil {
		t.Fatalf("TLS to %s with the exported CA: %v", u.Host, err)
	}
	if got := sampleserver.Fingerprint(conn.ConnectionState().PeerCertificates[0]); got != fingerprint {
		t.Errorf("served certificate %s, printed %s", got, fingerprint)
	}
	conn.Close()
	if _, err := tls.LoadX509KeyPair(filepath.Join(dir, "client.pem"), filepath.Join(dir, "client-key.pem")); err != nil {
		t.Errorf("exported client certificate: %v", err)
	}

	// SIGTERM: a clean stop, exit 0, the port free again.
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for range lines {
		// Drain stdout so the child never blocks on it.
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("serve after SIGTERM: %v\nstderr:\n%s", err, stderr)
		}
	case <-time.After(serveTimeout):
		t.Fatal("serve did not exit after SIGTERM")
	}
	ln, err := net.Listen("tcp", strings.TrimSuffix(strings.TrimPrefix(echoURL, "ws://"), "/echo"))
	if err != nil {
		t.Fatalf("port still in use after serve exited: %v", err)
	}
	ln.Close()
}

func TestServeBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-cert", "only.pem"}, {"-addr"}} {
		var stdout, stderr bytes.Buffer
		if code := runServe(args, &stdout, &stderr); code != 2 {
			t.Errorf("serve %q: exit %d, want 2", args, code)
		}
		if !strings.Contains(stderr.String(), "Usage: wssample serve") && !strings.Contains(stderr.String(), "-cert and -key") {
			t.Errorf("serve %q: stderr %q, want the usage", args, stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := runServe([]string{"-h"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "-clientauth-addr") {
		t.Errorf("serve -h: exit %d, %q", code, stderr.String())
	}
}

func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout, stderr bytes.Buffer
	code := runServe([]string{"-addr", ln.Addr().String(), "-tls-addr", "127.0.0.1:0", "-clientauth-addr", "127.0.0.1:0"}, &stdout, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), ln.Addr().String()+" is already in use") {
		t.Errorf("exit %d, stderr %q; want 1 and a plain message", code, stderr.String())
	}
}

func TestServeUnreadableCertificate(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	garbage := filepath.Join(dir, "garbage.pem")
	os.WriteFile(garbage, []byte("not a certificate"), 0o600)
	for _, args := range [][]string{{"-cert", missing, "-key", missing}, {"-cert", garbage, "-key", garbage}} {
		var stdout, stderr bytes.Buffer
		code := runServe(append(args, "-addr", "127.0.0.1:0", "-tls-addr", "127.0.0.1:0", "-clientauth-addr", "127.0.0.1:0"), &stdout, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "serve: cannot use the certificate in ") {
			t.Errorf("serve %q: exit %d, stderr %q", args, code, stderr.String())
		}
	}
}

// A real certificate given with -cert and -key is the one served (and
// fingerprinted).
func TestServeRealCertificate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGTERM cannot be sent to a process on Windows")
	}
	real, err := sampleserver.NewTestCertificates("Real CA")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: real.Server.Certificate[0]})
	keyDER, _ := x509.MarshalPKCS8PrivateKey(real.Server.PrivateKey)
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	os.WriteFile(filepath.Join(dir, "cert.pem"), certPEM, 0o600)
	os.WriteFile(filepath.Join(dir, "key.pem"), keyPEM, 0o600)

	cmd, lines, _ := serveChild(t, "-addr", "127.0.0.1:0", "-tls-addr", "127.0.0.1:0", "-clientauth-addr", "127.0.0.1:0",
		"-cert", filepath.Join(dir, "cert.pem"), "-key", filepath.Join(dir, "key.pem"), "-quiet")
	fp := waitLine(t, lines, time.After(serveTimeout), func(f string) bool { return strings.Count(f, ":") == 31 })
	if want := sampleserver.Fingerprint(real.Server.Leaf); fp != want {
		t.Errorf("printed fingerprint %s, want that of -cert %s", fp, want)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
}
