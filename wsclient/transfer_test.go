package wsclient_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// randomFile writes size random bytes to a temporary file and returns its
// path and SHA-256.
func randomFile(t *testing.T, size int64) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "payload.bin")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(f, h), rand.Reader, size); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path, hex.EncodeToString(h.Sum(nil))
}

// connectedStream starts a stream to the built-in server's path and waits
// for it to connect.
func connectedStream(t *testing.T, uri string, opts wsclient.StreamOptions) (*wsclient.Stream, *recorder) {
	t.Helper()
	s := wsclient.NewStream(opts)
	rec := record(t, s)
	if err := s.Start(uri); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(wsclient.EventConnected, 5*time.Second)
	t.Cleanup(func() {
		if s.Stop() == nil {
			rec.waitForEnd(5 * time.Second)
		}
	})
	return s, rec
}

// A 50 MiB file round-trips through the echo endpoint and is verified, and
// the heap does not grow with the file.
func TestSendFileEchoVerifiedWithBoundedMemory(t *testing.T) {
	srv := testserver.Start(t)
	path, sum := randomFile(t, 50<<20)
	s, rec := connectedStream(t, srv.URL("/echo"), wsclient.StreamOptions{ReadSize: 32 << 10})

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tr, err := s.SendFile(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SendFile(path, 0); !errors.Is(err, wsclient.ErrTransferRunning) {
		t.Errorf("a second transfer = %v, want ErrTransferRunning", err)
	}
	select {
	case <-tr.Done():
	case <-time.After(60 * time.Second):
		t.Fatal("transfer did not finish")
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	r := tr.Result()
	if !r.EchoVerified() || r.SHA256 != sum || r.Bytes != 50<<20 {
		t.Fatalf("result = %+v, lines %q", r, r.Lines())
	}
	done := rec.waitFor(wsclient.EventTransferDone, 5*time.Second)
	if lines := done.Lines(); len(lines) != 2 || !strings.HasPrefix(lines[0], "Sent 52428800 bytes in ") || lines[1] != "Echo verified (SHA-256 "+sum+")" {
		t.Errorf("log lines = %q", lines)
	}
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 8<<20 {
		t.Errorf("heap grew by %d bytes streaming a 50 MiB file", grew)
	}
	// The periodic payload resumes after the transfer.
	sent := s.Sent()
	eventually(t, 5*time.Second, "Hello World resumes", func() bool { return s.Sent() >= sent+11 })
}

func TestSendFileCancelKeepsTheConnection(t *testing.T) {
	srv := testserver.Start(t)
	path, _ := randomFile(t, 64<<20)
	s, rec := connectedStream(t, srv.URL("/echo"), wsclient.StreamOptions{Interval: 20 * time.Millisecond})
	tr, err := s.SendFile(path, 16<<10)
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "transfer under way", func() bool { return tr.Sent() > 0 })
	tr.Cancel()
	r := tr.Result()
	if !r.Cancelled || r.Bytes >= 64<<20 || r.Err != nil {
		t.Fatalf("result = %+v", r)
	}
	if got := r.Lines()[0]; !strings.HasPrefix(got, "Transfer cancelled after ") {
		t.Errorf("line = %q", got)
	}
	// Still connected: more Hello Worlds go out and come back.
	sent := s.Sent()
	eventually(t, 5*time.Second, "stream goes on", func() bool { return s.Sent() > sent && s.Received() >= s.Sent() })
	for _, e := range rec.seen {
		if e.IsFinal() {
			t.Fatalf("connection ended: %v", rec.lines())
		}
	}
}

// dropServer echoes until drop is closed, then cuts the TCP connection
// without a close frame (1006). The test says when: a drop after a fixed
// time could come before a loaded machine had even started the transfer.
func dropServer(t *testing.T, drop <-chan struct{}) *httptest.Server {
	return wsServer(t, func(ctx context.Context, c *websocket.Conn) {
		echoed := make(chan struct{})
		go func() { defer close(echoed); echo(ctx, c) }()
		select {
		case <-drop:
		case <-ctx.Done():
		}
		c.CloseNow()
		<-echoed
	})
}

func TestSendFileConnectionLostMidTransfer(t *testing.T) {
	drop := make(chan struct{})
	srv := dropServer(t, drop)
	path, _ := randomFile(t, 256<<20)
	s, rec := connectedStream(t, wsURL(srv, "/"), wsclient.StreamOptions{})
	tr, err := s.SendFile(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "transfer under way", func() bool { return tr.Sent() > 0 })
	close(drop)
	r := tr.Result()
	if r.Err == nil || !strings.HasPrefix(r.Lines()[0], "Transfer failed after ") {
		t.Fatalf("result = %+v %q", r, r.Lines())
	}
	if closed := rec.waitFor(wsclient.EventClosed, 5*time.Second); closed.Close.Code != 1006 {
		t.Errorf("close = %+v", closed.Close)
	}
}

func TestSendFileUnreadableFileSaysSoAndChangesNothing(t *testing.T) {
	srv := testserver.Start(t)
	s, rec := connectedStream(t, srv.URL("/echo"), wsclient.StreamOptions{Interval: 20 * time.Millisecond})
	dir := t.TempDir()
	_, err := s.SendFile(filepath.Join(dir, "missing.bin"), 0)
	if err == nil || err.Error() != "Cannot read missing.bin: the file does not exist" {
		t.Errorf("missing file: %v", err)
	}
	if _, err := s.SendFile(dir, 0); err == nil || !strings.HasPrefix(err.Error(), "Cannot read ") {
		t.Errorf("directory: %v", err)
	}
	sent := s.Sent()
	eventually(t, 5*time.Second, "stream goes on", func() bool { return s.Sent() > sent })
	for _, e := range rec.seen {
		if e.IsFinal() || e.Kind == wsclient.EventTransferStarted {
			t.Fatalf("unexpected event: %v", rec.lines())
		}
	}
	idle := wsclient.NewStream(wsclient.StreamOptions{})
	if _, err := idle.SendFile(dir, 0); !errors.Is(err, wsclient.ErrNotConnected) {
		t.Errorf("idle stream: %v", err)
	}
}

// Against an endpoint that answers differently, the check says where the
// echo first differs.
func TestSendFileEchoDiffers(t *testing.T) {
	srv := testserver.Start(t)
	path, _ := randomFile(t, 1<<20)
	s, _ := connectedStream(t, srv.URL("/sample"), wsclient.StreamOptions{Payload: []byte{}})
	// Wait for the announcement so the span starts with the answers.
	eventually(t, 5*time.Second, "announcement", func() bool { return s.Received() > 0 })
	tr, err := s.SendFile(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := tr.Result()
	if r.DiffersAt < 0 || r.EchoVerified() {
		t.Fatalf("result = %+v", r)
	}
	if got := r.Lines()[1]; !strings.HasPrefix(got, "Echo differs after byte ") {
		t.Errorf("line = %q", got)
	}
}
