package conformance

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Hostile clients: each gets a clear verdict or message, within a
// deadline, and the server stays responsive.

// notes collects a fuzzing server's notes for a test.
type notes struct {
	mu   sync.Mutex
	list []string
	ch   chan struct{}
}

func newNotes() *notes { return &notes{ch: make(chan struct{}, 100)} }

func (n *notes) add(s string) {
	n.mu.Lock()
	n.list = append(n.list, s)
	n.mu.Unlock()
	select {
	case n.ch <- struct{}{}:
	default:
	}
}

// wait waits up to 10 s for a note containing want.
func (n *notes) wait(t *testing.T, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		n.mu.Lock()
		for _, s := range n.list {
			if strings.Contains(s, want) {
				n.mu.Unlock()
				return
			}
		}
		got := strings.Join(n.list, " | ")
		n.mu.Unlock()
		select {
		case <-n.ch:
		case <-deadline:
			t.Fatalf("no note says %q within 10 s; the notes: %s", want, got)
		}
	}
}

// dialRaw connects to the fuzzing server without any WebSocket.
func dialRaw(t *testing.T, s *FuzzingServer) net.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", strings.TrimPrefix(s.URL(), "ws://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	return nc
}

// handshake sends a correct opening handshake for path and reads the
// answer's status line.
func handshake(t *testing.T, nc net.Conn, path string) (*bufio.Reader, string) {
	t.Helper()
	fmt.Fprintf(nc, "GET %s HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", path, newKey())
	br := bufio.NewReader(nc)
	block, err := readHeaderBlock(br)
	if err != nil {
		t.Fatalf("no answer to %s: %v", path, err)
	}
	status, _, _ := strings.Cut(string(block), "\r\n")
	return br, status
}

func TestFuzzingServerHostileClients(t *testing.T) {
	n := newNotes()
	filter, _ := ClientCaseFilter("1.1.1,1.1.8,6.4.1")
	s := startFuzzing(t, FuzzingOptions{Filter: filter, OnNote: n.add, RequestTimeout: 300 * time.Millisecond, CaseTimeout: 3 * time.Second, maxHeld: 4 << 20})

	t.Run("connects and sends nothing", func(t *testing.T) {
		dialRaw(t, s)
		n.wait(t, "sent no complete HTTP request within 300ms")
	})
	t.Run("garbage instead of a handshake", func(t *testing.T) {
		nc := dialRaw(t, s)
		io.WriteString(nc, "\x16\x03\x01\x02\x00garbage\r\n\r\n")
		line, _ := bufio.NewReader(nc).ReadString('\n')
		if !strings.HasPrefix(line, "HTTP/1.1 400") {
			t.Errorf("garbage got %q, want a 400", line)
		}
		n.wait(t, "is not an HTTP request")
	})
	t.Run("a request without end", func(t *testing.T) {
		nc := dialRaw(t, s)
		go func() { // the server stops reading; so does this writer
			io.WriteString(nc, "GET / HTTP/1.1\r\nX-Long: "+strings.Repeat("a", 64<<10))
		}()
		line, _ := bufio.NewReader(nc).ReadString('\n')
		if !strings.HasPrefix(line, "HTTP/1.1 431") {
			t.Errorf("an endless header got %q, want a 431", line)
		}
		n.wait(t, "without ending its request")
	})
	t.Run("a plain HTTP request", func(t *testing.T) {
		nc := dialRaw(t, s)
		io.WriteString(nc, "GET /runCase?case=1&agent=x HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(nc), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 400 || !strings.Contains(string(body), "§4.1") {
			t.Errorf("a plain GET got %d %q, want 400 naming §4.1", resp.StatusCode, body)
		}
		// The request asked for a case: the case failed, and says why.
		s.settled("x", 10*time.Second)
		if r := s.Report("x").Results[0]; r.Status() != Fail || !strings.Contains(r.Detail, "Upgrade") {
			t.Errorf("a plain GET's case: %s: %s", r.Status(), r.Detail)
		}
	})
	t.Run("a case that does not exist", func(t *testing.T) {
		for _, q := range []string{"case=4", "case=0", "case=x", ""} {
			_, status := handshake(t, dialRaw(t, s), "/runCase?agent=a&"+q)
			if !strings.Contains(status, "404") {
				t.Errorf("%s: %s, want 404", q, status)
			}
		}
		n.wait(t, "the cases are numbered 1 to 3")
	})
	t.Run("a path that does not exist", func(t *testing.T) {
		_, status := handshake(t, dialRaw(t, s), "/nothing")
		if !strings.Contains(status, "404") {
			t.Errorf("%s, want 404", status)
		}
	})
	t.Run("never reads", func(t *testing.T) {
		// The client sends its handshake and then nothing: no echo, no
		// close. The case ends by its own timers with a verdict.
		handshake(t, dialRaw(t, s), "/runCase?case=1&agent=silent")
		if !s.settled("silent", 10*time.Second) {
			t.Fatal("the case did not end")
		}
		r := s.Report("silent").Results[0]
		if r.Status() != Fail || !strings.Contains(r.CloseDetail, "did not answer the close frame") {
			t.Errorf("a silent client: %s/%s: %s | %s", r.Verdict, r.CloseVerdict, r.Detail, r.CloseDetail)
		}
	})
	t.Run("disappears mid-case", func(t *testing.T) {
		nc := dialRaw(t, s)
		br, _ := handshake(t, nc, "/runCase?case=3&agent=gone")
		if _, err := readFrame(br, maxReadPayload); err != nil {
			t.Fatal(err)
		}
		nc.Close()
		if !s.settled("gone", 10*time.Second) {
			t.Fatal("the case did not end")
		}
		r := s.Report("gone").Results[0]
		if r.Status() != Fail || !strings.Contains(r.Observed.End, "by the client") {
			t.Errorf("a client gone mid-case: %s/%s: %s | %s | %s", r.Verdict, r.CloseVerdict, r.Detail, r.CloseDetail, r.Observed.End)
		}
	})
	t.Run("floods", func(t *testing.T) {
		// A frame that announces 1 GiB is refused before a byte of it is
		// kept; many frames in one endless message stop at maxHeld (64
		// MiB, lowered to 4 here).
		for _, flood := range []struct {
			agent string
			write func(net.Conn)
			want  string
		}{
			{"huge-frame", func(nc net.Conn) {
				n := uint64(1 << 30)
				f := frame{Opcode: opBinary, Announce: &n}
				nc.Write(f.header())
			}, "frame too big"},
			{"endless-message", func(nc net.Conn) {
				p := make([]byte, 1<<20)
				nc.Write((&frame{Opcode: opBinary, Payload: p}).encode())
				more := (&frame{Opcode: opContinuation, Payload: p}).encode()
				for range 8 {
					if _, err := nc.Write(more); err != nil {
						return
					}
				}
			}, "more than 4 MiB"},
		} {
			nc := dialRaw(t, s)
			// Case 2 (1.1.8) gives the client 10 s to echo: the flood
			// meets the limit before the case's time is up.
			handshake(t, nc, "/runCase?case=2&agent="+flood.agent)
			go flood.write(nc)
			if !s.settled(flood.agent, 20*time.Second) {
				t.Fatal("the case did not end")
			}
			r := s.Report(flood.agent).Results[0]
			all := r.Detail + r.CloseDetail + strings.Join(r.Observed.Events, " ")
			if r.Status() != Fail || !strings.Contains(all, flood.want) {
				t.Errorf("%s: %s/%s: %s | %s | %q", flood.agent, r.Verdict, r.CloseVerdict, r.Detail, r.CloseDetail, r.Observed.Events)
			}
		}
	})
	t.Run("stop ends a case under way", func(t *testing.T) {
		s2 := startFuzzing(t, FuzzingOptions{Filter: filter})
		nc := dialRaw(t, s2)
		handshake(t, nc, "/runCase?case=3&agent=cut")
		stopped := make(chan struct{})
		go func() { s2.Stop(); close(stopped) }()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
			t.Fatal("Stop did not return within 5 s with a case under way")
		}
		if rep := s2.Report("cut"); len(rep.Results) != 0 {
			t.Errorf("a case cut short by Stop was recorded: %+v", rep.Results)
		}
	})
	if got := s.Agents(); strings.Join(got, ",") != "x,silent,gone,huge-frame,endless-message" {
		t.Errorf("agents %v", got)
	}
}
