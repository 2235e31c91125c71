package sampleserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

func TestReject(t *testing.T) {
	s := startServer(t, Config{})
	for path, want := range map[string]int{
		"/reject":            403,
		"/reject?status=404": 404,
		"/reject?status=500": 500,
		"/reject?status=302": 302,
	} {
		status, body := dialStatus(t, s, s.URL(path))
		if status != want || body != "Handshake refused by the sample server (/reject).\n" {
			t.Errorf("%s: %d %q, want %d and the refusal text", path, status, body, want)
		}
	}
}

// Query values an endpoint cannot use get a 400 with a one-line reason,
// before any WebSocket exists.
func TestBadQueryValues(t *testing.T) {
	s := startServer(t, Config{})
	for _, path := range []string{
		"/reject?status=abc", "/reject?status=101", "/reject?status=200", "/reject?status=600",
		"/close?code=999", "/close?code=1004", "/close?code=1005", "/close?code=1006", "/close?code=1015",
		"/close?code=2999", "/close?code=5000", "/close?code=x", "/close?reason=" + strings.Repeat("r", 124),
		"/close?after=-1s", "/close?after=soon", "/close?after=2h",
		"/drop?after=x", "/drop?after=-5",
		"/flood?rate=0", "/flood?rate=-1", "/flood?rate=2G", "/flood?rate=fast", "/flood?rate=1T",
	} {
		status, body := dialStatus(t, s, s.URL(path))
		if status != http.StatusBadRequest || strings.Count(body, "\n") != 1 || !strings.HasPrefix(body, "Bad request to ") {
			t.Errorf("%s: %d %q, want 400 with one line", path, status, body)
		}
	}
	// Values at the edges are accepted.
	for _, path := range []string{
		"/close?code=1000&after=1h", "/close?code=1014&after=1h", "/close?code=3000&after=1h", "/close?code=4999&after=1h",
		"/close?reason=" + strings.Repeat("r", 123) + "&after=1h", "/drop?after=1.5", "/flood?rate=1", "/flood?rate=1GiB",
	} {
		if status, body := dialStatus(t, s, s.URL(path)); status != http.StatusSwitchingProtocols {
			t.Errorf("%s: %d %q, want 101", path, status, body)
		}
	}
}

func TestCloseEndpoint(t *testing.T) {
	s := startServer(t, Config{})
	// It echoes until then. (An hour away: a close due in 300 ms could
	// overtake the echo on a loaded machine.)
	c := dial(t, s, s.URL("/close?after=1h"))
	write(t, c, websocket.MessageText, []byte("still there?"))
	if _, got := read(t, c); got != "still there?" {
		t.Errorf("echo = %q", got)
	}
	// Then it closes with the code and reason asked for, not before the time.
	began := time.Now()
	c = dial(t, s, s.URL("/close?code=4002&reason=Done+here&after=300ms"))
	_, _, err := c.Read(testCtx(t))
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4002 || ce.Reason != "Done here" {
		t.Fatalf("read: %v, want close 4002 %q", err, "Done here")
	}
	if d := time.Since(began); d < 300*time.Millisecond {
		t.Errorf("closed after %v, want 300ms", d)
	}
}

func TestCloseEndpointDefaults(t *testing.T) {
	s := startServer(t, Config{})
	c := rawDial(t, s.Addr(), "/close?after=10ms")
	code, reason := c.recvClose()
	if code != 4000 || reason != "Server closed the connection" {
		t.Fatalf("close = %d %q", code, reason)
	}
}

func TestDrop(t *testing.T) {
	s := startServer(t, Config{})
	// It echoes until then (an hour away, so the drop cannot overtake it).
	c := dial(t, s, s.URL("/drop?after=1h"))
	write(t, c, websocket.MessageText, []byte("hi"))
	if _, got := read(t, c); got != "hi" {
		t.Errorf("echo = %q", got)
	}
	// Then it cuts the connection, not before the time.
	began := time.Now()
	c = dial(t, s, s.URL("/drop?after=200ms"))
	_, _, err := c.Read(testCtx(t))
	if d := time.Since(began); d < 200*time.Millisecond {
		t.Errorf("dropped after %v, want 200ms", d)
	}
	if err == nil || websocket.CloseStatus(err) != -1 || err == io.EOF {
		t.Fatalf("read after the drop: %v, want an abnormal close (CloseStatus -1)", err)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("read after the drop timed out: %v", err)
	}
}

// /hang takes the request and never answers: the client's handshake
// timeout ends the wait.
func TestHang(t *testing.T) {
	s := startServer(t, Config{})

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, _, err := websocket.Dial(ctx, s.URL("/hang"), &websocket.DialOptions{HTTPClient: httpClient(s, nil)})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("dial /hang: %v, want the handshake to time out", err)
	}

	// Seen from a raw socket: the request is read, nothing comes back.
	conn, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /hang HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	var b [1]byte
	if n, err := conn.Read(b[:]); n != 0 || !errors.Is(err, net.ErrClosed) && !isTimeout(err) {
		t.Fatalf("read from /hang: %d bytes, %v; want nothing until the deadline", n, err)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// /silent never reads: a client's large write cannot complete.
func TestSilent(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s, s.URL("/silent"))
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	// 64 MiB is far beyond what the loopback TCP buffers hold.
	err := c.Write(ctx, websocket.MessageBinary, make([]byte, 64<<20))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("write to /silent: %v, want it to block until the deadline", err)
	}
}

// /silent notices a client that leaves and gives its connection back: more
// clients than MaxConnections come and go one after the other, and each
// finds a free slot; a normal client is served after them.
func TestSilentReleasesItsSlotWhenTheClientLeaves(t *testing.T) {
	s := startServer(t, Config{MaxConnections: 2, heartbeat: 10 * time.Millisecond})
	for i := range 6 {
		var c *websocket.Conn
		waitFor(t, fmt.Sprintf("a free slot for /silent client %d", i+1), func() bool {
			var err error
			c, _, err = websocket.Dial(testCtx(t), s.URL("/silent"), &websocket.DialOptions{HTTPClient: httpClient(s, nil)})
			return err == nil
		})
		c.CloseNow() // leave without a word, as a crashed client would
	}
	waitFor(t, "every /silent handler to end", func() bool { return len(s.slots) == 0 })
	assertServes(t, s)
}

// /silent's heartbeat is an unsolicited pong (RFC 6455 §5.5.3: no answer
// expected), and at shutdown it still says goodbye with 1001.
func TestSilentHeartbeatAndGoodbye(t *testing.T) {
	s, err := Start(context.Background(), Config{heartbeat: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := rawDial(t, s.Addr(), "/silent")
	for range 3 {
		if f := c.recv(); f.Opcode != wsframe.Pong || len(f.Payload) != 0 {
			t.Fatalf("heartbeat: %v %q, want an empty pong", f.Opcode, f.Payload)
		}
	}
	go s.Close()
	if code, reason := c.recvClose(); code != 1001 || reason != shutdownReason {
		t.Errorf("at shutdown: %d %q, want 1001 %q", code, reason, shutdownReason)
	}
	c.send(true, wsframe.Close, wsframe.ClosePayload(1001, ""))
	c.expectEOF()
}

// /flood's memory does not grow with its rate: a flood at 1 GiB/s costs the
// server what one at 1 KiB/s does (its buffer was rate/100 bytes: 10 MiB
// per connection at 1 GiB/s). The clients do not read, as in the report,
// so the server's writes back up.
func TestFloodMemoryIndependentOfRate(t *testing.T) {
	s := startServer(t, Config{})
	perConn := func(rate string) uint64 {
		const n = 4
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for range n {
			c := dial(t, s, s.URL("/flood?rate="+rate))
			c.SetReadLimit(-1)
			// The first byte of the first message: the flood is running.
			_, r, err := c.Reader(testCtx(t))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Read(make([]byte, 1)); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / n
	}
	slow, fast := perConn("1K"), perConn("1GiB")
	t.Logf("allocated per flood connection: %d KiB at 1 KiB/s, %d KiB at 1 GiB/s", slow>>10, fast>>10)
	if fast > slow+256<<10 || fast > 1<<20 {
		t.Errorf("a flood at 1 GiB/s allocates %d KiB, one at 1 KiB/s %d KiB: memory grows with the rate", fast>>10, slow>>10)
	}
}

func TestFlood(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s, s.URL("/flood?rate=1MiB"))
	c.SetReadLimit(-1)
	ctx := testCtx(t)
	start := time.Now()
	var total int
	for total < 3<<19 { // 1.5 MiB
		typ, p, err := c.Read(ctx)
		if err != nil {
			t.Fatalf("read after %d bytes: %v", total, err)
		}
		if typ != websocket.MessageBinary || len(p) == 0 || len(p) > 1<<20/100+1 {
			t.Fatalf("message: %v of %d bytes", typ, len(p))
		}
		total += len(p)
	}
	// A lower bound only: 1.5 MiB at 1 MiB/s cannot arrive in under a
	// second unless the pacing is broken. (Slow machines only add time.)
	if d := time.Since(start); d < time.Second {
		t.Errorf("1.5 MiB at 1 MiB/s arrived in %v", d)
	}
	// The server reads too: the close handshake completes.
	if err := c.Close(4001, "bye"); err != nil {
		t.Errorf("Close: %v", err)
	}
}
