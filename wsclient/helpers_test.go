package wsclient_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient"
)

// The tests run real servers on loopback: purpose-built ones here, each
// misbehaving in one way, so every class of failure is produced for real.

// handlers counts the websocket handlers still running so a test server
// can wait for them: httptest does not track hijacked connections.
type handlers struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// enter registers a handler; false means the server is shutting down.
func (h *handlers) enter() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.wg.Add(1)
	return true
}

func (h *handlers) leave() { h.wg.Done() }

// closeAndWait refuses new handlers, then waits for the running ones. (A
// WaitGroup.Add racing Wait is a misuse: the flag prevents it.)
func (h *handlers) closeAndWait() {
	h.mu.Lock()
	h.closed = true
	h.mu.Unlock()
	h.wg.Wait()
}

// accepting is an HTTP handler that accepts each WebSocket and hands it to
// handle, counted in running; the connection is closed when handle returns.
func accepting(ctx context.Context, running *handlers, handle func(ctx context.Context, c *websocket.Conn)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !running.enter() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		defer running.leave()
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
		if err != nil {
			return
		}
		defer c.CloseNow()
		handle(ctx, c)
	})
}

// wsServer starts a plain ws server whose handler gets each accepted
// connection. The handler's connection is closed when it returns.
func wsServer(t *testing.T, handle func(ctx context.Context, c *websocket.Conn)) *httptest.Server {
	t.Helper()
	var running handlers
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewServer(accepting(ctx, &running, handle))
	t.Cleanup(func() {
		cancel()
		srv.CloseClientConnections()
		srv.Close()
		running.closeAndWait()
	})
	return srv
}

// echo copies every message back with its type until the connection ends.
func echo(ctx context.Context, c *websocket.Conn) {
	c.SetReadLimit(-1)
	for {
		typ, r, err := c.Reader(ctx)
		if err != nil {
			return
		}
		w, err := c.Writer(ctx, typ)
		if err != nil {
			return
		}
		if _, err := io.Copy(w, r); err != nil {
			return
		}
		if err := w.Close(); err != nil {
			return
		}
	}
}

func wsURL(srv *httptest.Server, path string) string {
	return "ws" + strings.TrimPrefix(srv.URL, "http") + path
}

// statusServer refuses every handshake with the given status and body.
func statusServer(t *testing.T, status int, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, body, status)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// hangListener accepts TCP connections and never answers the handshake.
func hangListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return "ws://" + ln.Addr().String() + "/"
}

// closedPort returns an address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "ws://" + addr + "/"
}

// testPKI is a CA with a server certificate for 127.0.0.1 and localhost.
type testPKI struct {
	ca     *x509.Certificate
	pool   *x509.CertPool
	server tls.Certificate
}

func newPKI(t *testing.T, caName string, notBefore, notAfter time.Time) testPKI {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: caName},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "localhost"},
		DNSNames:     []string{"localhost"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leafTmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return testPKI{ca: ca, pool: pool, server: tls.Certificate{Certificate: [][]byte{leafDER, caDER}, PrivateKey: key}}
}

// tlsEchoServer serves echo over wss with the PKI's server certificate.
func tlsEchoServer(t *testing.T, pki testPKI) string {
	t.Helper()
	return wssServer(t, &tls.Config{Certificates: []tls.Certificate{pki.server}}, echo)
}

// wssServer is wsServer over TLS with cfg, and returns the wss URL of "/".
func wssServer(t *testing.T, cfg *tls.Config, handle func(ctx context.Context, c *websocket.Conn)) string {
	t.Helper()
	var running handlers
	ctx, cancel := context.WithCancel(context.Background())
	srv := httptest.NewUnstartedServer(accepting(ctx, &running, handle))
	srv.TLS = cfg
	srv.Config.ErrorLog = quietLog()
	srv.StartTLS()
	t.Cleanup(func() {
		cancel()
		srv.CloseClientConnections()
		srv.Close()
		running.closeAndWait()
	})
	return "wss" + strings.TrimPrefix(srv.URL, "https") + "/"
}

// recorder reads a Stream's events so a test can wait for them with a
// deadline, in order.
type recorder struct {
	t      *testing.T
	events <-chan wsclient.Event
	seen   []wsclient.Event
}

func record(t *testing.T, s *wsclient.Stream) *recorder {
	return &recorder{t: t, events: s.Events()}
}

// waitFor returns the first event (after those already consumed) of the
// kind, failing the test if none comes within the deadline.
func (r *recorder) waitFor(kind wsclient.EventKind, within time.Duration) wsclient.Event {
	r.t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		select {
		case e := <-r.events:
			r.seen = append(r.seen, e)
			if e.Kind == kind {
				return e
			}
		case <-deadline.C:
			r.t.Fatalf("no event of kind %d within %s; saw %v", kind, within, r.lines())
			return wsclient.Event{}
		}
	}
}

// waitForEnd returns the event that ends the current attempt: a failed
// connect or a close.
func (r *recorder) waitForEnd(within time.Duration) wsclient.Event {
	r.t.Helper()
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	for {
		select {
		case e := <-r.events:
			r.seen = append(r.seen, e)
			if e.IsFinal() {
				return e
			}
		case <-deadline.C:
			r.t.Fatalf("the attempt did not end within %s; saw %v", within, r.lines())
			return wsclient.Event{}
		}
	}
}

func (r *recorder) lines() []string {
	var out []string
	for _, e := range r.seen {
		out = append(out, e.String())
	}
	return out
}

func (r *recorder) kinds() []wsclient.EventKind {
	var out []wsclient.EventKind
	for _, e := range r.seen {
		out = append(out, e.Kind)
	}
	return out
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stoppedEvent is the final event of a connection closed by Stop or Close:
// its line is what the owner shows.
var stoppedEvent = wsclient.Event{Kind: wsclient.EventClosed,
	Close: wsclient.CloseInfo{Code: 1000, Reason: wsclient.StopReason, By: wsclient.ClosedByClient}}

// waitSocket waits, within d, until what the kernel says of the TCP
// socket of this process from local (nil: whichever) to peer satisfies
// cond (sockbuf_linux_test.go), and with also, until that holds too. It
// returns what the kernel said. A counter that stops moving would not do:
// on a loaded machine a writer that is merely unscheduled looks the same.
func waitSocket(t *testing.T, d time.Duration, what string, local, peer net.Addr, cond func(sockMem) bool, also func() bool) sockMem {
	t.Helper()
	deadline := time.Now().Add(d)
	var last sockMem
	var found bool
	for {
		m, ok, err := socketTo(local, peer)
		if err != nil {
			if runtime.GOOS != "linux" {
				t.Skipf("cannot tell that %s: %v", what, err)
			}
			t.Fatalf("%s: %v", what, err)
		}
		if ok {
			last, found = m, true
			if cond(m) && (also == nil || also()) {
				return m
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s (the socket to %v: found %v, %v)", d, what, peer, found, last)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// timedStop calls stop and returns how long it took, as the goroutine
// that called it saw, and how long the process was stalled meanwhile:
// the time a goroutine that asks to run every millisecond was kept
// waiting, in all, counting only waits of stallAtLeast or more. On a loaded machine (nice 19 under a load of 30, say)
// the whole process may get no CPU for seconds, and no code meets a
// bound then; took - stalled is the time Stop itself took. If stop has
// not returned when bound has passed (net of the stall), every
// goroutine's stack is logged, so a slow Stop shows where it waits.
func timedStop(t *testing.T, stop func() error, bound time.Duration) (took, stalled time.Duration, err error) {
	t.Helper()
	type result struct {
		took time.Duration
		err  error
	}
	done := make(chan result, 1)
	var stall stallMeter
	stall.start()
	began := time.Now()
	go func() {
		err := stop()
		done <- result{time.Since(began), err}
	}()
	check := time.NewTicker(bound / 4)
	defer check.Stop()
	dumped := false
	for {
		select {
		case r := <-done:
			return r.took, stall.stop(), r.err
		case <-check.C:
		}
		if net := time.Since(began) - stall.sofar(); net > bound && !dumped {
			dumped = true
			var stacks strings.Builder
			pprof.Lookup("goroutine").WriteTo(&stacks, 2)
			t.Logf("Stop has not returned after %s (net of a stall of %s); the goroutines:\n%s", time.Since(began), stall.sofar(), stacks.String())
		}
	}
}

// stallMeter measures how long this process's goroutines were kept from
// running: a goroutine sleeps a millisecond at a time and adds up how much
// later than asked it woke, each time that was more than stallAtLeast.
type stallMeter struct {
	total atomic.Int64 // nanoseconds late, in all
	quit  chan struct{}
	ended chan struct{}
}

// stallAtLeast is the shortest wait a stallMeter counts as a stall.
const stallAtLeast = 50 * time.Millisecond

func (m *stallMeter) start() {
	m.quit, m.ended = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(m.ended)
		const tick = time.Millisecond
		for {
			select {
			case <-m.quit:
				return
			default:
			}
			asked := time.Now()
			time.Sleep(tick)
			// Only a long wait counts: a loaded machine makes every wake-up
			// a little late, which a bound must absorb, but a process that
			// ran nothing for this long could not have met any bound.
			if late := time.Since(asked) - tick; late > stallAtLeast {
				m.total.Add(int64(late))
			}
		}
	}()
}

func (m *stallMeter) sofar() time.Duration { return time.Duration(m.total.Load()) }

func (m *stallMeter) stop() time.Duration {
	close(m.quit)
	<-m.ended
	return m.sofar()
}
