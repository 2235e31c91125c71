package conformance

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Servers that misbehave as a whole, not in one frame: one that dies part
// way (as an npm ws echo without an error handler dies on a bad frame),
// one that stops answering, one that stalls, floods or drops in the
// middle of a case. Each is a real echo (the strict test server) behind
// a loopback proxy that does the one wrong thing from its n-th
// connection on; the checker's own probe is connection 1, then one per
// case.

// proxyFault is what the proxy does wrong.
type proxyFault int

const (
	// dies: at connection n it forwards the handshake, then, as soon as
	// the client sends anything more, it closes its listener and every
	// connection: the process died, and connections are refused after.
	dies proxyFault = iota
	// hangs: from connection n on it accepts and never answers.
	hangs
	// stalls: on connection n it forwards the handshake's answer, then
	// nothing more from the server.
	stalls
	// floods: on connection n it forwards the handshake's answer, then
	// sends text frames without end.
	floods
	// drops: on connection n it closes the connection right after the
	// handshake's answer.
	drops
)

// faultProxy is the proxy; see proxyFault.
type faultProxy struct {
	ln     net.Listener
	target string
	fault  proxyFault
	at     int

	wg    sync.WaitGroup
	mu    sync.Mutex
	n     int
	conns map[net.Conn]bool
}

// startFaultProxy starts a proxy to the strict test server that does f
// from connection at on, and returns its ws:// URL. Everything ends with
// the test.
func startFaultProxy(t *testing.T, f proxyFault, at int) string {
	t.Helper()
	echo := startTestServer(t, noFault)
	hostport := strings.TrimSuffix(strings.TrimPrefix(echo, "ws://"), "/echo")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{ln: ln, target: hostport, fault: f, at: at, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(func() {
		p.crash()
		p.wg.Wait()
	})
	return "ws://" + ln.Addr().String() + "/echo"
}

// track keeps a connection to close at the end; false when it is over.
func (p *faultProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conns == nil {
		c.Close()
		return false
	}
	p.conns[c] = true
	return true
}

// crash closes the listener and every connection, once.
func (p *faultProxy) crash() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *faultProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.n++
		k := p.n
		p.mu.Unlock()
		if !p.track(c) {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer c.Close()
			p.serve(c, k)
		}()
	}
}

// serve forwards connection number k, or does the fault.
func (p *faultProxy) serve(c net.Conn, k int) {
	if p.fault == hangs && k >= p.at {
		io.Copy(io.Discard, c) // until the checker gives up and closes
		return
	}
	up, err := net.Dial("tcp", p.target)
	if err != nil || !p.track(up) {
		return
	}
	defer up.Close()
	faulty := k == p.at
	fromClient, fromServer := bufio.NewReader(c), bufio.NewReader(up)
	p.wg.Add(1)
	go func() { // client → server
		defer p.wg.Done()
		defer up.Close()
		if !faulty || p.fault != dies {
			io.Copy(up, fromClient)
			return
		}
		if copyHeaders(up, fromClient) != nil {
			return
		}
		if _, err := fromClient.Peek(1); err == nil {
			p.crash() // the first frame kills it
		}
	}()
	if !faulty || p.fault == dies {
		io.Copy(c, fromServer)
		return
	}
	if copyHeaders(c, fromServer) != nil {
		return
	}
	switch p.fault {
	case stalls:
		io.Copy(io.Discard, fromServer)
	case floods:
		frame := append([]byte{0x81, 125}, bytes.Repeat([]byte("x"), 125)...)
		for {
			if _, err := c.Write(frame); err != nil {
				return
			}
		}
	case drops:
		c.Close()
	}
}

// copyHeaders copies an HTTP head, up to its blank line.
func copyHeaders(w io.Writer, r *bufio.Reader) error {
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		if _, err := io.WriteString(w, line); err != nil {
			return err
		}
		if line == "\r\n" {
			return nil
		}
	}
}

// ids lists the results' case IDs.
func ids(results []Result) []string {
	var out []string
	for _, r := range results {
		out = append(out, r.ID)
	}
	return out
}

// caseIDs lists the cases' IDs.
func caseIDs(cases []Case) []string {
	var out []string
	for _, c := range cases {
		out = append(out, c.ID)
	}
	return out
}

// A server that dies on a case's first frame (connection 4: case 1.1.3)
// is said to have stopped answering after that case, once, and the cases
// after it are not run: not failures of "connection refused".
func TestServerDiesPartWay(t *testing.T) {
	url := startFaultProxy(t, dies, 4)
	rep := runAgainst(t, url, Options{CaseTimeout: time.Second}, keep("1.1.1", "1.1.2", "1.1.3", "1.1.4", "2.1", "H.1"))
	if got := ids(rep.Results); !slices.Equal(got, []string{"1.1.1", "1.1.2", "1.1.3"}) {
		t.Errorf("ran %v", got)
	}
	if r := rep.Results[2]; r.Verdict != Fail {
		t.Errorf("1.1.3, where the server died without echoing: %s %s", r.Verdict, r.Detail)
	}
	if !strings.HasPrefix(rep.Stopped, "the server stopped answering after 1.1.3: ") || !strings.Contains(rep.Stopped, "refused") {
		t.Errorf("Stopped = %q", rep.Stopped)
	}
	if got := caseIDs(rep.NotRun); !slices.Equal(got, []string{"1.1.4", "2.1", "H.1"}) {
		t.Errorf("not run: %v", got)
	}
	if rep.Summary.Total != 3 {
		t.Errorf("the cases not run count in the totals: %s", rep.Summary)
	}
	if md := string(rep.Markdown()); !strings.Contains(md, "**The server stopped answering after 1.1.3: ") || !strings.Contains(md, "3 cases were not run (1.1.4 … H.1).") {
		t.Errorf("the Markdown report does not say it:\n%.400s", md)
	}
	if !strings.Contains(string(rep.HTML()), "The server stopped answering after 1.1.3") {
		t.Error("the HTML report does not say it")
	}
}

// A server that stops answering handshakes (connection 3 on: case
// 1.1.2) is said to have stopped after 1.1.1, in its own words.
func TestServerHangsPartWay(t *testing.T) {
	url := startFaultProxy(t, hangs, 3)
	rep := runAgainst(t, url, Options{CaseTimeout: 300 * time.Millisecond}, keep("1.1.1", "1.1.2", "1.1.3"))
	if got := ids(rep.Results); !slices.Equal(got, []string{"1.1.1"}) {
		t.Errorf("ran %v", got)
	}
	if !strings.HasPrefix(rep.Stopped, "the server stopped answering after 1.1.1: ") || !strings.Contains(rep.Stopped, "within 300ms") {
		t.Errorf("Stopped = %q", rep.Stopped)
	}
	if got := caseIDs(rep.NotRun); !slices.Equal(got, []string{"1.1.2", "1.1.3"}) {
		t.Errorf("not run: %v", got)
	}
}

// A case whose connection stalls, floods or drops is reported, within its
// deadline, and the run goes on: the server answers the next case.
func TestCaseStallsFloodsOrDrops(t *testing.T) {
	for _, c := range []struct {
		name  string
		fault proxyFault
		words string
	}{
		{"stalls", stalls, "sent nothing"},
		{"floods", floods, ""},
		{"drops", drops, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := startFaultProxy(t, c.fault, 3)
			const timeout = 400 * time.Millisecond
			rep := runAgainst(t, url, Options{CaseTimeout: timeout}, keep("1.1.1", "1.1.2", "1.1.3"))
			if got := ids(rep.Results); !slices.Equal(got, []string{"1.1.1", "1.1.2", "1.1.3"}) || rep.Stopped != "" {
				t.Fatalf("ran %v, stopped %q", got, rep.Stopped)
			}
			r := rep.Results[1]
			if r.Status() != Fail || !strings.Contains(r.Detail+r.CloseDetail, c.words) {
				t.Errorf("1.1.2: %s / %s: %s %s", r.Verdict, r.CloseVerdict, r.Detail, r.CloseDetail)
			}
			// The case's deadline: the larger of CaseTimeout and its own
			// minimum (Autobahn's cases wait for closes of their own).
			deadline := max(timeout, r.minTimeout)
			if r.Duration > deadline+200*time.Millisecond {
				t.Errorf("1.1.2 took %v, over its deadline of %v: %s %s", r.Duration, deadline, r.Detail, r.CloseDetail)
			}
			if len(r.Observed.Events) > maxEvents+1 || len(r.Sent) > maxEvents+1 {
				t.Errorf("1.1.2 kept %d events", len(r.Observed.Events))
			}
			for _, r := range []Result{rep.Results[0], rep.Results[2]} {
				if r.Status() != Pass {
					t.Errorf("%s: %s %s", r.ID, r.Status(), r.Detail)
				}
			}
		})
	}
}
