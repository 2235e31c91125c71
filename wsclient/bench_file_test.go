//go:build linux

package wsclient_test

// Measurements that are not throughput loops, run by scripts/bench.sh
// (make bench) through environment variables; go test skips them. They
// print figures and assert only that the work was done (the echo verified).
//
//	TestSendFile1GiB  Stream.SendFile of a 1 GiB file through /echo, echo verified,
//	                  MB/s and RSS, against a raw TCP copy of the same file through
//	                  an echo (WSSAMPLE_BENCH_FILE=1)
//	TestIdleCPU       CPU used by the sample's idle "Hello World" stream over 30 s
//	                  (WSSAMPLE_BENCH_IDLE=1; WSSAMPLE_BENCH_URL to use an echo in
//	                  another process, so only the client is counted)

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// benchFileSize is the size of TestSendFile1GiB's file.
const benchFileSize = 1 << 30

// writeBenchFile writes size pseudo-random bytes (ChaCha8, so it costs
// little CPU and no compression can flatter a result) to a file in dir.
func writeBenchFile(t testing.TB, dir string, size int64) string {
	t.Helper()
	path := filepath.Join(dir, "bench.bin")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rng := rand.NewChaCha8([32]byte{'w', 's', 's'})
	buf := make([]byte, 1<<20)
	for written := int64(0); written < size; written += int64(len(buf)) {
		rng.Read(buf)
		if _, err := f.Write(buf[:min(int64(len(buf)), size-written)]); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestSendFile1GiB(t *testing.T) {
	if os.Getenv("WSSAMPLE_BENCH_FILE") == "" {
		t.Skip("set WSSAMPLE_BENCH_FILE=1 to send a 1 GiB file and print MB/s and memory")
	}
	path := writeBenchFile(t, t.TempDir(), benchFileSize)
	srv := testserver.Start(t)
	defer srv.Close()

	// The raw limit first: the same file, in the same chunks, through a
	// plain TCP echo, with the echo compared against a second read of the
	// file as SendFile does.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closeRaw := serveRawEcho(ln)
	rawMBps := rawFileCopy(t, ln.Addr().String(), path, wsclient.DefaultChunkSize)
	closeRaw()

	r := connectStream(t, srv.URL("/echo"), wsclient.StreamOptions{ReadSize: wsclient.DefaultChunkSize})
	defer r.stop(t)
	tr, err := r.s.SendFile(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Memory is sampled as the transfer passes 64 MiB (after which RSS
	// should stay flat), half way, and at the end.
	marks := []int64{64 << 20, benchFileSize / 2}
	var rss []float64
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(5 * time.Minute)
	for done := false; !done; {
		select {
		case <-tr.Done():
			done = true
		case <-tick.C:
			if len(marks) > 0 && tr.Sent() >= marks[0] {
				rss = append(rss, float64(vmRSSKB(t))/1024)
				marks = marks[1:]
			}
		case <-deadline:
			t.Fatal("the transfer did not finish within 5 minutes")
		}
	}
	rss = append(rss, float64(vmRSSKB(t))/1024)
	res := tr.Result()
	if !res.EchoVerified() {
		t.Fatalf("echo not verified: %v", res.Lines())
	}
	growth := 100 * (rss[len(rss)-1] - rss[0]) / rss[0]
	t.Logf("file result: SendFile %.0f MB/s, raw TCP copy %.0f MB/s, ratio %.2f; echo verified; "+
		"RSS at 64 MiB / half / end: %s MiB (growth after 64 MiB %+.1f %%)",
		res.MBps(), rawMBps, res.MBps()/rawMBps, fmtList(rss), growth)
}

// rawFileCopy sends the file through a raw TCP echo in chunk-sized writes
// while a reader compares the echo with a second read of the file, and
// returns the rate in MB/s.
func rawFileCopy(t testing.TB, addr, path string, chunk int) float64 {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	src, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	check, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	start := time.Now()
	writeErr := make(chan error, 1)
	go func() {
		buf := make([]byte, chunk)
		for {
			n, err := src.Read(buf)
			if n > 0 {
				if _, werr := c.Write(buf[:n]); werr != nil {
					writeErr <- werr
					return
				}
			}
			if err == io.EOF {
				writeErr <- nil
				return
			}
			if err != nil {
				writeErr <- err
				return
			}
		}
	}()
	c.SetReadDeadline(time.Now().Add(5 * time.Minute))
	got, want := make([]byte, chunk), make([]byte, chunk)
	for total := int64(0); total < benchFileSize; {
		n, err := c.Read(got)
		if n > 0 {
			if _, err := io.ReadFull(check, want[:n]); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got[:n], want[:n]) {
				t.Fatalf("raw echo differs near byte %d", total)
			}
			total += int64(n)
		}
		if err != nil {
			t.Fatalf("raw echo read after %d bytes: %v", total, err)
		}
	}
	elapsed := time.Since(start)
	if err := <-writeErr; err != nil {
		t.Fatal(err)
	}
	return float64(benchFileSize) / 1e6 / elapsed.Seconds()
}

func TestIdleCPU(t *testing.T) {
	if os.Getenv("WSSAMPLE_BENCH_IDLE") == "" {
		t.Skip("set WSSAMPLE_BENCH_IDLE=1 to measure the CPU of an idle Hello World stream")
	}
	seconds := 30
	if s, err := strconv.Atoi(os.Getenv("WSSAMPLE_BENCH_IDLE_SECONDS")); err == nil && s > 0 {
		seconds = s
	}
	url, where := os.Getenv("WSSAMPLE_BENCH_URL"), "an echo in another process (client only)"
	if url == "" {
		srv := testserver.Start(t)
		defer srv.Close()
		url, where = srv.URL("/echo"), "the built-in /echo in this process (client and server)"
	}
	r := connectStream(t, url, wsclient.StreamOptions{}) // the sample's defaults: Hello World every second
	defer r.stop(t)
	r.await(t, 11) // the first echo is back
	before, start := cpuTime(t), time.Now()
	r.await(t, int64(11*seconds)) // one echo a second
	used, elapsed := cpuTime(t)-before, time.Since(start)
	t.Logf("idle result: %.3f %% of one core over %s (%s of CPU) against %s",
		100*used.Seconds()/elapsed.Seconds(), elapsed.Round(time.Second), used.Round(time.Microsecond), where)
}

// cpuTime is the user + system CPU time this process has used.
func cpuTime(t testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Skip("getrusage:", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func fmtList(v []float64) string {
	var b bytes.Buffer
	for i, x := range v {
		if i > 0 {
			b.WriteString(" / ")
		}
		fmt.Fprintf(&b, "%.1f", x)
	}
	return b.String()
}
