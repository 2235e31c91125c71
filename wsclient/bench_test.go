package wsclient_test

// Benchmarks for "prove the speed". They print numbers and assert nothing
// about them; scripts/bench.sh (make bench) runs them and turns them into
// ratios. Everything stays on loopback.
//
//	go test -run '^$' -bench . -benchtime 1s ./wsclient/
//
//	BenchmarkEcho                  wsclient.Stream (continuous) against the built-in /echo
//	BenchmarkEchoExternal          the same against an echo in another process (WSSAMPLE_BENCH_URL)
//	BenchmarkEchoExternalTLS       the same over wss:// (WSSAMPLE_BENCH_TLS_URL, WSSAMPLE_BENCH_CA)
//	BenchmarkEchoDelaySmallWrites  BenchmarkEcho with Options.DelaySmallWrites (Nagle)
//	BenchmarkRawTCP                the same bytes through a plain TCP echo: the physical limit
//	BenchmarkEchoNaiveServer       BenchmarkEcho against a plain io.Copy echo loop, for comparison
//	BenchmarkEchoTLS               BenchmarkEcho over wss:// to the built-in /echo
//	BenchmarkRawTLS                the same bytes through a plain crypto/tls echo: the limit for wss
//	BenchmarkStop                  Stop latency against a live /echo peer with data in flight
//
// bench_file_test.go holds the file-transfer and idle-CPU measurements.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// benchSizes are the chunk sizes every throughput benchmark runs, by name.
var benchSizes = []struct {
	name string
	size int
}{
	{"11B", 11},
	{"1KiB", 1 << 10},
	{"64KiB", 64 << 10},
	{"1MiB", 1 << 20},
}

// benchReadSize is the ReadSize the benchmarks give the Stream (and the
// raw TCP reader): max(chunk, 32 KiB). A read never crosses a frame, so a
// larger buffer buys nothing once it holds a whole frame of the echo.
func benchReadSize(chunk int) int { return max(chunk, 32<<10) }

// benchDeadline bounds every wait: a broken echo fails the benchmark
// instead of hanging it.
const benchDeadline = 60 * time.Second

func payload(n int) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = byte('a' + i%26)
	}
	return p
}

// streamRun is one connected Stream whose received bytes are counted by
// OnData, so a waiter is woken by the reader itself (no polling).
type streamRun struct {
	s      *wsclient.Stream
	got    atomic.Int64             // bytes seen by OnData
	waiter atomic.Pointer[waitMark] // the wait under way, if any
	ended  chan struct{}            // the event drain saw the final event
	final  atomic.Pointer[wsclient.Event]
}

// waitMark is one wait: reached is closed once got >= target.
type waitMark struct {
	target  int64
	reached chan struct{}
	once    sync.Once
}

func (w *waitMark) check(got int64) {
	if got >= w.target {
		w.once.Do(func() { close(w.reached) })
	}
}

// connectStream starts a Stream on uri and returns once it is connected.
// Its events are drained (and the last one kept) until the connection ends.
func connectStream(b testing.TB, uri string, opts wsclient.StreamOptions) *streamRun {
	b.Helper()
	r := &streamRun{ended: make(chan struct{})}
	opts.OnData = func(p []byte) {
		got := r.got.Add(int64(len(p)))
		if w := r.waiter.Load(); w != nil {
			w.check(got)
		}
	}
	r.s = wsclient.NewStream(opts)
	connected := make(chan error, 1)
	go func() {
		defer close(r.ended)
		for e := range r.s.Events() {
			switch {
			case e.Kind == wsclient.EventConnected:
				connected <- nil
			case e.Kind == wsclient.EventConnectFailed:
				connected <- e.Err
			}
			if e.IsFinal() {
				r.final.Store(&e)
				return
			}
		}
	}()
	if err := r.s.Start(uri); err != nil {
		b.Fatal(err)
	}
	select {
	case err := <-connected:
		if err != nil {
			<-r.ended
			b.Fatal(err)
		}
	case <-time.After(benchDeadline):
		b.Fatal("no connection within", benchDeadline)
	}
	return r
}

// await arms the target at the current count plus n bytes and waits until
// the reader has seen them (or the deadline passes).
func (r *streamRun) await(b testing.TB, n int64) {
	b.Helper()
	w := &waitMark{target: r.got.Load() + n, reached: make(chan struct{})}
	r.waiter.Store(w)
	defer r.waiter.Store(nil)
	w.check(r.got.Load())
	select {
	case <-w.reached:
	case <-r.ended:
		b.Fatalf("the connection ended before %d bytes came back: %v", n, r.final.Load())
	case <-time.After(benchDeadline):
		b.Fatalf("the echo did not return %d bytes within %s (got %d)", n, benchDeadline, r.got.Load())
	}
}

// stop stops the Stream and waits until every goroutine of it is gone.
func (r *streamRun) stop(b testing.TB) time.Duration {
	b.Helper()
	start := time.Now()
	if err := r.s.Stop(); err != nil && !errors.Is(err, wsclient.ErrNotConnected) {
		b.Error("Stop:", err)
	}
	d := time.Since(start)
	select {
	case <-r.ended:
	case <-time.After(benchDeadline):
		b.Fatal("no final event after Stop")
	}
	return d
}

// echoBench measures echo throughput of wsclient.Stream against uri.
// b.N is the number of messages; the clock runs until b.N*chunk bytes
// have come back after the warm-up.
func echoBench(b *testing.B, uri string, chunk int, tune ...func(*wsclient.StreamOptions)) {
	readSize := benchReadSize(chunk)
	opts := wsclient.StreamOptions{Payload: payload(chunk), Interval: wsclient.Continuous, ReadSize: readSize}
	for _, t := range tune {
		t(&opts)
	}
	r := connectStream(b, uri, opts)
	// Warm up: the pipeline is full and the buffers exist.
	r.await(b, int64(min(8*chunk, 4<<20)))
	b.SetBytes(int64(chunk))
	b.ReportAllocs()
	before := r.s.WireStats()
	b.ResetTimer()
	r.await(b, int64(b.N)*int64(chunk))
	b.StopTimer()
	after := r.s.WireStats()
	b.ReportMetric(float64(readSize), "readsize_B")
	// The client's writes to the connection under the WebSocket layer per
	// message sent: write(2) calls over ws://; over wss:// writes into TLS,
	// which makes a system call of each record (16 KiB at most).
	if msgs := after.Messages - before.Messages; msgs > 0 {
		b.ReportMetric(float64(after.Writes-before.Writes)/float64(msgs), "writes/msg")
	}
	r.stop(b)
}

// BenchmarkEcho is wsclient.Stream echo throughput against the built-in
// /echo on loopback.
func BenchmarkEcho(b *testing.B) {
	srv := testserver.Start(b)
	defer srv.Close()
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { echoBench(b, srv.URL("/echo"), sz.size) })
	}
}

// BenchmarkEchoExternal is BenchmarkEcho against an echo server in another
// process, given by WSSAMPLE_BENCH_URL (scripts/bench.sh starts
// bench/echoserver, the built-in server on its own, and points both this
// and the Node client at it). That way wsclient and Node ws are compared
// with the same server, and the server shares neither the client's CPU
// scheduler nor its garbage collector. Skipped when the variable is unset.
func BenchmarkEchoExternal(b *testing.B) {
	url := os.Getenv("WSSAMPLE_BENCH_URL")
	if url == "" {
		b.Skip("set WSSAMPLE_BENCH_URL to a ws:// echo URL")
	}
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { echoBench(b, url, sz.size) })
	}
}

// BenchmarkEchoExternalTLS is BenchmarkEchoExternal over wss://: the URL
// in WSSAMPLE_BENCH_TLS_URL, the CA to trust in the PEM file
// WSSAMPLE_BENCH_CA (bench/echoserver -ca writes it).
func BenchmarkEchoExternalTLS(b *testing.B) {
	url, caFile := os.Getenv("WSSAMPLE_BENCH_TLS_URL"), os.Getenv("WSSAMPLE_BENCH_CA")
	if url == "" || caFile == "" {
		b.Skip("set WSSAMPLE_BENCH_TLS_URL to a wss:// echo URL and WSSAMPLE_BENCH_CA to its CA (PEM)")
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		b.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		b.Fatal("no certificate in", caFile)
	}
	trust := func(o *wsclient.StreamOptions) { o.TLSConfig = &tls.Config{RootCAs: roots} }
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { echoBench(b, url, sz.size, trust) })
	}
}

// BenchmarkEchoDelaySmallWrites is BenchmarkEcho with Options.DelaySmallWrites
// (Nagle's algorithm on). coder/websocket masks a client's frames through a
// 4 KiB buffer, so a 64 KiB message leaves in 16 write(2) calls; with Nagle
// the kernel merges them into fewer, larger segments. Off by default: it
// trades latency for throughput.
func BenchmarkEchoDelaySmallWrites(b *testing.B) {
	srv := testserver.Start(b)
	defer srv.Close()
	nagle := func(o *wsclient.StreamOptions) { o.DelaySmallWrites = true }
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { echoBench(b, srv.URL("/echo"), sz.size, nagle) })
	}
}

// BenchmarkRawTCP is the same echo without WebSocket: a plain TCP server
// that copies the connection back to itself, a writer goroutine writing
// chunk-sized writes and a reader counting the bytes in reads of the same
// size as BenchmarkEcho's ReadSize.
func BenchmarkRawTCP(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer serveRawEcho(ln)()
	dial := func() (net.Conn, error) { return net.Dial("tcp", ln.Addr().String()) }
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { rawBench(b, dial, sz.size) })
	}
}

// BenchmarkEchoTLS is BenchmarkEcho over wss:// to the built-in /echo: the
// client's frames are encrypted in TLS records on their way out.
func BenchmarkEchoTLS(b *testing.B) {
	srv := testserver.Start(b)
	defer srv.Close()
	trust := func(o *wsclient.StreamOptions) { o.TLSConfig = &tls.Config{RootCAs: srv.CAPool()} }
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { echoBench(b, srv.SecureURL("/echo"), sz.size, trust) })
	}
}

// BenchmarkRawTLS is BenchmarkRawTCP inside TLS (crypto/tls on both ends,
// the built-in server's certificate): the physical limit for wss, with the
// same chunking, so BenchmarkEchoTLS / BenchmarkRawTLS is what the
// WebSocket layer costs over TLS.
func BenchmarkRawTLS(b *testing.B) {
	certs, err := sampleserver.NewTestCertificates("Bench CA")
	if err != nil {
		b.Fatal(err)
	}
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ln := tls.NewListener(inner, &tls.Config{Certificates: []tls.Certificate{certs.Server}})
	defer serveRawEcho(ln)()
	roots := x509.NewCertPool()
	roots.AddCert(certs.CA)
	dial := func() (net.Conn, error) {
		return tls.Dial("tcp", inner.Addr().String(), &tls.Config{RootCAs: roots, ServerName: "localhost"})
	}
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { rawBench(b, dial, sz.size) })
	}
}

// serveRawEcho copies every connection accepted on ln back to itself until
// the returned function closes the listener and the connections.
func serveRawEcho(ln net.Listener) (closeAll func()) {
	var serving sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	serving.Add(1)
	go func() {
		defer serving.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			serving.Add(1)
			go func() {
				defer serving.Done()
				defer c.Close()
				// A user-space copy through a 256 KiB buffer. Plain
				// io.Copy(c, c) would splice(2) instead, which measured
				// slower here (0.8–1.3 GB/s against 1.2–2.3 GB/s at 64 KiB
				// and 1 MiB), and the limit should be the faster one.
				// The struct wrappers hide ReadFrom/WriteTo from io.CopyBuffer.
				io.CopyBuffer(struct{ io.Writer }{c}, struct{ io.Reader }{c}, make([]byte, 256<<10))
			}()
		}
	}()
	return func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		serving.Wait()
	}
}

func rawBench(b *testing.B, dial func() (net.Conn, error), chunk int) {
	c, err := dial()
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	readSize := benchReadSize(chunk)
	p := payload(chunk)
	buf := make([]byte, readSize)
	warm := min(8*chunk, 4<<20)
	total := int64(warm) + int64(b.N)*int64(chunk)
	// The writer writes exactly what the reader waits for (warm-up
	// included), chunk by chunk, and stops on the first error.
	writeErr := make(chan error, 1)
	go func() {
		for sent := int64(0); sent < total; {
			n := int(min(int64(chunk), total-sent))
			if _, err := c.Write(p[:n]); err != nil {
				writeErr <- err
				return
			}
			sent += int64(n)
		}
		writeErr <- nil
	}()
	c.SetReadDeadline(time.Now().Add(benchDeadline))
	var got int64
	read := func(until int64) {
		for got < until {
			n, err := c.Read(buf)
			got += int64(n)
			if err != nil {
				b.Fatalf("raw read after %d bytes: %v", got, err)
			}
		}
	}
	read(int64(warm))
	b.SetBytes(int64(chunk))
	b.ReportAllocs()
	b.ResetTimer()
	read(total)
	b.StopTimer()
	b.ReportMetric(float64(readSize), "readsize_B")
	if err := <-writeErr; err != nil {
		b.Fatal("raw write:", err)
	}
}

// BenchmarkEchoNaiveServer is BenchmarkEcho against the simplest echo loop
// one would write (Reader, Writer, io.Copy), served locally. The built-in
// /echo began as this loop; profiling showed it allocating a fresh 32 KiB
// buffer per message and ending each message with an empty frame, so
// sampleserver now reads a message whole into a pooled buffer and sends it
// back in one frame (sampleserver/session.go). The gap between the two
// benchmarks is what that change buys.
func BenchmarkEchoNaiveServer(b *testing.B) {
	url, closeServer := localEcho(b, echoNaive)
	defer closeServer()
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) { echoBench(b, url, sz.size) })
	}
}

// echoNaive is the textbook echo loop: each io.Copy piece is a frame.
func echoNaive(ctx context.Context, c *websocket.Conn) error {
	for {
		typ, r, err := c.Reader(ctx)
		if err != nil {
			return err
		}
		w, err := c.Writer(ctx, typ)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, r); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
}

// localEcho serves loop on a loopback listener; closeServer cuts every
// connection and waits for every handler.
func localEcho(b testing.TB, loop func(context.Context, *websocket.Conn) error) (url string, closeServer func()) {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var running handlers
	ctx, cancel := context.WithCancel(context.Background())
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !running.enter() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		defer running.leave()
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.SetReadLimit(-1)
		stop := context.AfterFunc(ctx, func() { c.CloseNow() })
		defer stop()
		loop(ctx, c)
	})}
	served := make(chan struct{})
	go func() { defer close(served); hs.Serve(ln) }()
	return "ws://" + ln.Addr().String() + "/echo", func() {
		cancel()
		hs.Close()
		<-served
		running.closeAndWait()
	}
}

// BenchmarkStop measures Stop against a live /echo peer while 64 KiB
// messages stream both ways: the close handshake has to get past the data
// in flight. The clock runs only during Stop, so ns/op is the mean Stop
// latency; p50_ms and max_ms are the median and the worst.
func BenchmarkStop(b *testing.B) {
	srv := testserver.Start(b)
	defer srv.Close()
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		r := connectStream(b, srv.URL("/echo"), wsclient.StreamOptions{Payload: payload(64 << 10), Interval: wsclient.Continuous, ReadSize: 64 << 10})
		r.await(b, 4<<20) // traffic flows both ways
		b.StartTimer()
		d := r.stop(b)
		b.StopTimer()
		lat = append(lat, d)
		if f := r.final.Load(); f == nil || f.Close.By != wsclient.ClosedByClient || f.Close.Code != 1000 {
			b.Fatalf("Stop did not end in a clean close: %+v", f)
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(ms(lat[len(lat)/2]), "p50_ms")
	b.ReportMetric(ms(lat[len(lat)-1]), "max_ms")
	if testing.Verbose() {
		b.Logf("Stop latencies over %d stops: p50 %s, max %s", len(lat), lat[len(lat)/2], lat[len(lat)-1])
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
