package wsclient_test

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// TestMemory1GiB streams 1 GiB (after a 64 MiB warm-up) through the
// built-in /echo with a Stream (continuous 64 KiB messages) and prints heap
// and RSS at the start, the middle and the end. It prints, it does not
// judge: scripts/bench.sh runs it with WSSAMPLE_BENCH_MEMORY=1. The server
// runs in the same process, so the figures cover client and server together.
func TestMemory1GiB(t *testing.T) {
	if os.Getenv("WSSAMPLE_BENCH_MEMORY") == "" {
		t.Skip("set WSSAMPLE_BENCH_MEMORY=1 to stream 1 GiB and print memory use")
	}
	const (
		total = int64(1) << 30
		chunk = 64 << 10
	)
	srv := testserver.Start(t)
	defer srv.Close()
	r := connectStream(t, srv.URL("/echo"), wsclient.StreamOptions{Payload: payload(chunk), Interval: wsclient.Continuous, ReadSize: chunk})
	defer r.stop(t)

	type sample struct {
		label            string
		at               int64
		heapInuse, rssKB uint64
		numGC            uint32
	}
	take := func(label string) sample {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return sample{label, r.s.Received(), ms.HeapInuse, vmRSSKB(t), ms.NumGC}
	}
	// "Start" is after a 64 MiB warm-up: the connection, its buffers, the
	// pipeline and the first GC cycles exist, as they will for the rest.
	// Then 1 GiB more is streamed.
	r.await(t, 64<<20)
	begin := time.Now()
	samples := []sample{take("start")}
	r.await(t, total/2)
	samples = append(samples, take("middle"))
	r.await(t, total/2)
	elapsed := time.Since(begin)
	samples = append(samples, take("end"))

	for _, s := range samples {
		t.Logf("memory %-6s received=%5d MiB heap_inuse=%6.1f MiB rss=%6.1f MiB gc=%d",
			s.label, s.at>>20, float64(s.heapInuse)/(1<<20), float64(s.rssKB)/1024, s.numGC)
	}
	first, mid, last := samples[0], samples[1], samples[2]
	pct := func(from, to uint64) float64 { return 100 * (float64(to) - float64(from)) / float64(from) }
	t.Logf("memory result: %d MiB streamed from start to end in %s (%.0f MB/s); "+
		"RSS %0.1f -> %0.1f MiB, growth %+.1f %% (middle to end %+.1f %%); heap_inuse %0.1f -> %0.1f MiB",
		(last.at-first.at)>>20, elapsed.Round(time.Millisecond), float64(last.at-first.at)/1e6/elapsed.Seconds(),
		float64(first.rssKB)/1024, float64(last.rssKB)/1024, pct(first.rssKB, last.rssKB), pct(mid.rssKB, last.rssKB),
		float64(first.heapInuse)/(1<<20), float64(last.heapInuse)/(1<<20))
}

// vmRSSKB is this process's resident set size (VmRSS) in KiB.
func vmRSSKB(t testing.TB) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				t.Fatal("VmRSS:", err)
			}
			return kb
		}
	}
	t.Fatal("no VmRSS in /proc/self/status")
	return 0
}
