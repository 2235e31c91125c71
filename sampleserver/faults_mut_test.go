package sampleserver

import (
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// /close and /drop without ?after= echo for their default 2 s before they
// end the connection, so a client has time to see the echo work first.
func TestCloseAndDropEchoBeforeTheirDefaultDelay(t *testing.T) {
	s := startServer(t, Config{})
	for _, path := range []string{"/close", "/drop"} {
		t.Run(path, func(t *testing.T) {
			c := rawDial(t, s.Addr(), path)
			c.sendFrames(text(true, "hello"))
			if f := c.recv(); f.Opcode != wsframe.Text || string(f.Payload) != "hello" {
				t.Fatalf("first frame: %v %q, want the echo of \"hello\" (the end comes 2 s later)", f.Opcode, f.Payload)
			}
			c.sendFrames(closeFrame(1000, ""))
			if code, _ := c.recvCloseOrErr(); code != 1000 {
				t.Errorf("close: %d, want 1000 echoed", code)
			}
		})
	}
}

// /flood reads and discards what the client sends while it floods: the
// client's messages neither stop the flood nor end the connection.
func TestFloodGoesOnThroughTheClientsMessages(t *testing.T) {
	s := startServer(t, Config{})
	c := dial(t, s, s.URL("/flood?rate=1MiB"))
	c.SetReadLimit(-1)
	ctx := testCtx(t)
	for i := range 3 {
		if err := c.Write(ctx, websocket.MessageText, []byte(fmt.Sprint("message ", i))); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
		for range 3 { // the flood goes on after each
			if typ, _, err := c.Read(ctx); err != nil || typ != websocket.MessageBinary {
				t.Fatalf("after message %d: %v, %v; want the flood's binary messages", i, typ, err)
			}
		}
	}
	if err := c.Close(websocket.StatusNormalClosure, ""); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// The query values at their edges: a delay of 0 is allowed (the end comes
// at once), and a rate that is only a unit ("B", "KiB") is refused with a
// 400 like any other rate that is not a number.
func TestQueryValuesAtTheirEdges(t *testing.T) {
	s := startServer(t, Config{})
	for _, path := range []string{"/close?after=0", "/drop?after=0s"} {
		if status, body := dialStatus(t, s, s.URL(path)); status != http.StatusSwitchingProtocols {
			t.Errorf("%s: %d %q, want 101", path, status, body)
		}
	}
	for _, path := range []string{"/flood?rate=B", "/flood?rate=KiB", "/flood?rate="} {
		want := http.StatusBadRequest
		if path == "/flood?rate=" {
			want = http.StatusSwitchingProtocols // empty: the default rate
		}
		if status, body := dialStatus(t, s, s.URL(path)); status != want {
			t.Errorf("%s: %d %q, want %d", path, status, body, want)
		}
	}
}

// Every endpoint of the list the UI shows has an example address to try,
// its path when it takes no query.
func TestEveryEndpointHasAnExample(t *testing.T) {
	for _, e := range Endpoints() {
		if !strings.HasPrefix(e.Example, e.Path) {
			t.Errorf("%s: example %q does not start with the path", e.Path, e.Example)
		}
	}
}

// When /flood ends, its log line says why: here the client broke a rule
// (an unmasked frame, RFC 6455 §5.1), which its reader found, while the
// flood itself stopped without an error of its own. The line names the
// rule, as on every endpoint, not a clean close.
func TestFloodLogsWhyItEndedRFC6455Section5_1(t *testing.T) {
	logs := newLogWatcher()
	s := startServer(t, Config{Log: logs.logger()})
	c := rawDial(t, s.Addr(), "/flood?rate=1K")
	c.sendFrames(frame{fin: true, op: wsframe.Text, payload: "x", unmasked: true})
	if code, reason := c.recvClose(); code != 1002 {
		t.Fatalf("close %d %q, want 1002 for an unmasked frame", code, reason)
	}
	c.conn.Close() // the server's linger ends with the connection
	if l := floodsLastLine(t, s, logs, c); !strings.Contains(l, ": ended: ") || !strings.HasSuffix(l, "Client frames must be masked.\n") {
		t.Errorf("logged %q, want the rule the client broke", l)
	}
}

// floodsLastLine waits until c's /flood handler has ended (its slot is
// back: it logs before it returns) and returns the line it logged last.
func floodsLastLine(t *testing.T, s *Server, logs *logWatcher, c *rawConn) string {
	t.Helper()
	waitFor(t, "/flood to end", func() bool { return len(s.slots) == 0 })
	logs.mu.Lock()
	defer logs.mu.Unlock()
	prefix := "/flood " + c.conn.LocalAddr().String() + ": "
	last := ""
	for _, l := range logs.lines {
		if strings.HasPrefix(l, prefix) {
			last = l
		}
	}
	return last
}

// When /flood's write fails because the connection broke under it (here
// the client, which never reads, resets TCP while the flood waits in a
// write for room), the log says the write failed: what the flood was
// doing when the connection was lost. Only a close frame from the client
// (read by the reader) is reported instead, as the reason.
func TestFloodLogsTheWriteThatFailed(t *testing.T) {
	logs := newLogWatcher()
	s := startServer(t, Config{Log: logs.logger()})
	c := rawDial(t, s.Addr(), "/flood?rate=1GiB")
	// Never reading, the client fills the TCP buffers; then the flood's
	// goroutine waits in a write, parked until the socket has room.
	waitFor(t, "the flood to wait in a write", func() bool {
		for _, g := range bytes.Split(allStacks(), []byte("\n\n")) {
			if bytes.Contains(g, []byte("sampleserver.flood(")) && bytes.Contains(g, []byte("waitWrite")) {
				return true
			}
		}
		return false
	})
	c.conn.(*net.TCPConn).SetLinger(0) // close sends a reset
	c.conn.Close()
	if l := floodsLastLine(t, s, logs, c); !strings.Contains(l, ": ended: ") || !strings.Contains(l, "write") {
		t.Errorf("logged %q, want the write that failed", l)
	}
}
