package sampleserver

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// The flood tests: TCP connections that open and send nothing, not even a
// request line, re-opened as fast as the server closes them. They must not
// keep a legitimate client from being served, and the server must hold no
// more than its bound of them. Like wsclient's soak tests they run short
// in every go test (1,000 connections, a few seconds) and in full with
// WSSAMPLE_SOAK=1 (make soak): 50 clients, a slower slow client, and
// 5,000 connections.
func floodSoak() bool { return os.Getenv("WSSAMPLE_SOAK") != "" }

// servedWithin bounds a legitimate client's handshake and first echo
// during a flood.
const servedWithin = time.Second

// silentFlood holds n silent TCP connections to one address from a
// process of its own: this test binary again, running
// TestSilentFloodProcess. An attacker's connections come from elsewhere;
// run here, the flood's thousands of goroutines would compete with the
// legitimate client for this process's scheduler and could keep it from
// sending its request, whatever the server does. In their own process
// they share the CPU through the kernel, as they would on one machine.
type silentFlood struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    bytes.Buffer
	opened int64 // connections the flood opened in all, once stopped
}

// floodEnv passes the address, the number of connections and the bound
// on connections opened in all to the flood process.
const floodEnv = "WSSAMPLE_TEST_FLOOD"

// startFlood starts the flood process: n connections to addr that send
// nothing, each re-opened as soon as the server closes it, until stop,
// the process's time is up (2 × testTimeout) or maxOpens connections
// have been opened in all.
func startFlood(t *testing.T, addr string, n int, maxOpens int64) *silentFlood {
	t.Helper()
	f := &silentFlood{cmd: exec.Command(os.Args[0], "-test.run=^TestSilentFloodProcess$", "-test.count=1")}
	f.cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d %d", floodEnv, addr, n, maxOpens))
	f.cmd.Stdout, f.cmd.Stderr = &f.out, &f.out
	var err error
	if f.stdin, err = f.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := f.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.stop)
	return f
}

// stop ends the flood (closing its standard input), waits for the process
// and reads how many connections it opened. A process that does not end
// within testTimeout is killed.
func (f *silentFlood) stop() {
	if f.cmd.ProcessState != nil {
		return
	}
	f.stdin.Close()
	done := make(chan struct{})
	go func() { f.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(testTimeout):
		f.cmd.Process.Kill()
		<-done
	}
	for line := range strings.Lines(f.out.String()) {
		fmt.Sscanf(line, "opened %d", &f.opened)
	}
}

// TestSilentFloodProcess is the flood process (startFlood): it does
// nothing in an ordinary test run.
func TestSilentFloodProcess(t *testing.T) {
	var addr string
	var n int
	var maxOpens int64
	if _, err := fmt.Sscanf(os.Getenv(floodEnv), "%s %d %d", &addr, &n, &maxOpens); err != nil {
		t.Skip("only as the flood process of startFlood")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*testTimeout)
	defer cancel()
	var opened atomic.Int64
	var wg sync.WaitGroup
	var d net.Dialer
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil && opened.Add(1) <= maxOpens {
				conn, err := d.DialContext(ctx, "tcp", addr)
				if err != nil {
					continue // the listen queue was full; the context bounds the retries
				}
				stop := context.AfterFunc(ctx, func() { conn.Close() })
				conn.Read(make([]byte, 1)) // returns when the server closes it (or at the end)
				stop()
				conn.Close()
			}
		}()
	}
	stopped := context.AfterFunc(ctx, func() { os.Stdin.Close() })
	io.Copy(io.Discard, os.Stdin) // until the test closes it, or the time is up
	stopped()
	cancel()
	wg.Wait()
	fmt.Printf("opened %d\n", min(opened.Load(), maxOpens))
}

// legitimate does what a client does: a TCP connection, a WebSocket
// handshake on /echo and one echo. It returns how long the TCP connection
// took (the kernel's part: a SYN dropped because the listen queue was
// full is sent again a second later) and how long the rest took once
// connected (the server's part), which must stay within servedWithin.
func legitimate(s *Server) (connect, served time.Duration, err error) {
	began := time.Now()
	conn, err := net.DialTimeout("tcp", s.Addr(), testTimeout)
	if err != nil {
		return time.Since(began), 0, fmt.Errorf("connect: %w", err)
	}
	connect = time.Since(began)
	began = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), servedWithin)
	defer cancel()
	// The handshake goes over that connection, the only one to dial; if
	// the handshake never takes it, it is closed here.
	unused := make(chan net.Conn, 1)
	unused <- conn
	defer func() {
		select {
		case c := <-unused:
			c.Close()
		default:
		}
	}()
	hc := &http.Client{Transport: &http.Transport{
		DisableKeepAlives: true,
		DialContext: func(context.Context, string, string) (net.Conn, error) {
			select {
			case c := <-unused:
				return c, nil
			default:
				return nil, errors.New("one connection only")
			}
		},
	}}
	c, _, err := websocket.Dial(ctx, s.URL("/echo"), &websocket.DialOptions{HTTPClient: hc})
	if err != nil {
		return connect, time.Since(began), fmt.Errorf("handshake: %w", err)
	}
	defer c.CloseNow()
	shook := time.Since(began)
	if err := c.Write(ctx, websocket.MessageText, []byte("Hello World")); err != nil {
		return connect, time.Since(began), fmt.Errorf("write: %w", err)
	}
	if _, p, err := c.Read(ctx); err != nil || string(p) != "Hello World" {
		return connect, time.Since(began), fmt.Errorf("echo (handshake done in %v): %q, %v", shook.Round(time.Millisecond), p, err)
	}
	served = time.Since(began)
	c.Close(websocket.StatusNormalClosure, clientCloseReason)
	return connect, served, nil
}

// slowHandshake is a slow but honest client: it sends a WebSocket
// handshake for /echo one byte at a time, the first pause bytes a second
// apart and the rest every step, all within the server's header timeout,
// and returns the server's answer (101 when served).
func slowHandshake(addr string, pause int, step time.Duration) (int, error) {
	conn, err := net.DialTimeout("tcp", addr, testTimeout)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(defaultReadHeaderTimeout + testTimeout))
	req := "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	for i := range len(req) {
		if _, err := conn.Write([]byte{req[i]}); err != nil {
			return 0, fmt.Errorf("byte %d: %w", i, err)
		}
		if i < pause {
			time.Sleep(time.Second) // the pace of this client, not a wait for the server
		} else if i < len(req)-1 {
			time.Sleep(step)
		}
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// memInUse is the heap and the goroutine stacks in use, after a
// collection: what is live, not what the flood's churn left to collect.
func memInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse + m.StackInuse
}

// testFloodServes floods s with n silent connections, waits until the
// server holds its bound of them and has closed some to make room, then
// checks that tries legitimate clients, one after the other, are each
// served within servedWithin once connected, that a slow but honest
// client (slowPause bytes a second apart, then one every 10 ms) is
// answered with 101, and that the server never held more connections
// than its bound. strictConnect: the TCP connection itself must take
// less than servedWithin too.
func testFloodServes(t *testing.T, n, tries, slowPause int, strictConnect bool) {
	s := startServer(t, Config{})
	bound := s.conns.max
	memBefore := memInUse()

	f := startFlood(t, s.Addr(), n, int64(n)*1000)
	waitFor(t, fmt.Sprintf("the server to hold its bound of %d connections", bound), func() bool { return s.conns.len() >= bound })
	// The flood keeps coming: connections beyond the first n were opened
	// because the server closed some of the first.
	// The flood keeps coming: the server has accepted more connections
	// than the flood holds, each beyond the first n a re-opened one.
	waitFor(t, "the flood to re-open connections", func() bool { return s.conns.accepted() > n+bound })

	type answer struct {
		status int
		err    error
	}
	slow := make(chan answer, 1)
	go func() {
		status, err := slowHandshake(s.Addr(), slowPause, 10*time.Millisecond)
		slow <- answer{status, err}
	}()
	var worst, worstConnect time.Duration
	for i := range tries {
		connect, served, err := legitimate(s)
		if err == nil && served > servedWithin {
			err = fmt.Errorf("served in %v", served)
		}
		if err == nil && strictConnect && connect+served > servedWithin {
			err = fmt.Errorf("connected in %v, served %v later", connect, served)
		}
		if err != nil {
			t.Fatalf("legitimate client %d of %d, %d silent connections (%d accepted so far): not served within %v: %v",
				i+1, tries, n, s.conns.accepted(), servedWithin, err)
		}
		worst, worstConnect = max(worst, served), max(worstConnect, connect)
	}
	var a answer
	select {
	case a = <-slow:
	case <-time.After(defaultReadHeaderTimeout + testTimeout):
		t.Fatal("the slow client got no answer")
	}
	if a.err != nil || a.status != http.StatusSwitchingProtocols {
		t.Errorf("slow but honest client: %d, %v; want 101", a.status, a.err)
	}
	mem := memInUse()
	f.stop()
	opened := f.opened
	t.Logf("%d silent connections, %d opened in all; %d legitimate clients served, the slowest in %v once connected (connecting took up to %v); the slow client got %d; the server held at most %d (bound %d); heap and stacks %+.1f MiB",
		n, opened, tries, worst.Round(time.Millisecond), worstConnect.Round(time.Millisecond), a.status, s.conns.peak(), bound,
		float64(int64(mem)-int64(memBefore))/(1<<20))
	if p := s.conns.peak(); p > bound {
		t.Errorf("the server held %d TCP connections at once, beyond its bound of %d", p, bound)
	}
	// A few KiB per connection held (goroutine, buffers); connections
	// kept after they were closed would soon pass this.
	if budget := uint64(bound) * 32 << 10; mem > memBefore+budget {
		t.Errorf("heap and stacks grew by %d KiB, more than %d KiB for %d connections", (mem-memBefore)>>10, budget>>10, bound)
	}
	waitFor(t, "the flood's connections to be gone", func() bool { return s.conns.len() == 0 })
}

// 1,000 silent connections, held and re-opened, against the default
// server: a legitimate client is served within a second, every time, and
// a slow one whose headers arrive within the header timeout is served.
func TestSoakSilentConnections(t *testing.T) {
	tries, pause := 5, 2
	if floodSoak() {
		tries, pause = 50, 5
	}
	testFloodServes(t, 1000, tries, pause, true)
}

// 5,000: more than the server's bound (512) and the kernel's listen
// queue (net.core.somaxconn, 4096 here) together. The kernel then drops
// some SYNs before the server sees them, the legitimate client's too, and
// TCP sends it again a second later: only the part after the connection
// is the server's to keep within a second.
func TestSoakSilentConnections5000(t *testing.T) {
	if !floodSoak() {
		t.Skip("5,000 connections: make soak (WSSAMPLE_SOAK=1)")
	}
	testFloodServes(t, 5000, 20, 3, false)
}
