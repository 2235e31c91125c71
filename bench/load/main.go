// Command load puts echo servers under the load of many concurrent clients
// on loopback and compares them, for make bench (scripts/bench.sh).
//
// Each -server is a command that prints its echo URL (ws://127.0.0.1:…) on
// its first line and exits when its standard input closes: bench/echoserver
// (the built-in server's /echo), bench/node/echo-server.js (npm's ws) and
// bench/gorillaecho (gorilla/websocket). The first is the one the others
// are compared with.
//
// For each number of clients (-clients), each workload and each round,
// every server runs once, interleaved (the order turns each round), each
// in a fresh process, so that a ratio compares runs taken moments apart
// and memory and CPU time are that run's own. The workloads:
//
//   - small: 11 B text messages at a fixed rate per client (-rate);
//   - large: 64 KiB binary messages, each client sending the next as soon
//     as the last came back.
//
// Every client keeps one message in flight and checks each echo byte for
// byte. A run reports the echoed payload in MB/s, the echoes per second,
// the round trip's median, 99th percentile and maximum, the server's
// resident memory per connection (its RSS with the clients connected and
// after the load, less its RSS before they connected, divided by the
// clients), and its CPU (percent of one core, and per echo). Everything is
// bounded: at most 1,024 clients, 60 s a run, -timeout in all.
//
//	go run ./bench/load -server builtin=./echoserver -server 'node=node bench/node/echo-server.js' -server gorilla=./gorillaecho
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// target is a server to measure: a name for the tables and its command.
type target struct{ name, command string }

// targets is the -server flag, repeatable.
type targets []target

func (t *targets) String() string { return fmt.Sprint(*t) }

func (t *targets) Set(v string) error {
	name, cmd, ok := strings.Cut(v, "=")
	if !ok || name == "" || strings.TrimSpace(cmd) == "" {
		return errors.New("want NAME=COMMAND")
	}
	*t = append(*t, target{name, cmd})
	return nil
}

// Bounds on what the flags may ask.
const (
	maxClients  = 1024
	maxDuration = 60 * time.Second
)

func main() {
	var servers targets
	flag.Var(&servers, "server", "`NAME=COMMAND` of an echo server (repeat; the first is compared with the others)")
	clientsFlag := flag.String("clients", "1,64,256", "the numbers of concurrent clients, comma-separated")
	duration := flag.Duration("duration", 5*time.Second, "how long each run sends")
	rounds := flag.Int("rounds", 2, "runs of each server for each number of clients and workload")
	rate := flag.Int("rate", 50, "small messages per second per client")
	timeout := flag.Duration("timeout", 20*time.Minute, "the whole benchmark's bound")
	flag.Parse()
	if len(servers) == 0 {
		fatal(errors.New("no -server"))
	}
	var counts []int
	for _, s := range strings.Split(*clientsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > maxClients {
			fatal(fmt.Errorf("-clients: %q is not a number from 1 to %d", s, maxClients))
		}
		counts = append(counts, n)
	}
	if *duration <= 0 || *duration > maxDuration || *rounds < 1 || *rounds > 10 || *rate < 1 || *rate > 1000 {
		fatal(errors.New("-duration must be in (0, 60s], -rounds in [1, 10], -rate in [1, 1000]"))
	}
	workloads := []workload{
		{name: fmt.Sprintf("11 B at %d/s per client", *rate), size: 11, every: time.Second / time.Duration(*rate), typ: websocket.MessageText},
		{name: "64 KiB as fast as possible", size: 64 << 10, typ: websocket.MessageBinary},
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	fmt.Println("machine")
	fmt.Printf("cores:  %d\n", runtime.NumCPU())
	for _, l := range machine() {
		fmt.Println(l)
	}
	fmt.Printf("go:     %s (the load generator)\n", runtime.Version())
	fmt.Printf("load: %d rounds of %v per server, clients %v, interleaved, each server a fresh process per run\n",
		*rounds, *duration, counts)

	var summary []summaryRow
	for _, n := range counts {
		for _, w := range workloads {
			runs := make(map[string][]measure)
			for round := range *rounds {
				for i := range servers {
					t := servers[(i+round)%len(servers)] // the order turns each round
					m, err := measureRun(ctx, t, n, w, *duration)
					if err != nil {
						fmt.Printf("  %-8s %3d clients, %s, round %d: %v\n", t.name, n, w.name, round+1, err)
						continue
					}
					fmt.Printf("  %-8s %3d clients, %s, round %d: %s\n", t.name, n, w.name, round+1, m)
					runs[t.name] = append(runs[t.name], m)
				}
			}
			summary = append(summary, printTable(n, w, servers, runs))
		}
	}
	printRatios(servers, summary)
}

// measure is one run of one server.
type measure struct {
	result
	rssIdle, rssLoaded int64         // bytes per connection, connected and after the load
	cpu                time.Duration // the server's CPU time during the load
}

func (m measure) String() string {
	return fmt.Sprintf("%7s MB/s %8.0f msg/s  p50 %-8v p99 %-8v max %-8v  RSS/conn %s idle, %s loaded  CPU %3.0f%%",
		mbps(m.MBps()), m.perSecond(), roundRTT(m.quantile(0.5)), roundRTT(m.quantile(0.99)), roundRTT(m.maxRTT()),
		kib(m.rssIdle), kib(m.rssLoaded), 100*m.cpu.Seconds()/m.elapsed.Seconds())
}

// measureRun starts t afresh, connects n clients, runs w for d and stops
// the server.
func measureRun(ctx context.Context, t target, n int, w workload, d time.Duration) (measure, error) {
	var m measure
	s, err := startServer(t.command, 30*time.Second)
	if err != nil {
		return m, err
	}
	defer s.stop()
	rss0, err := s.rss()
	if err != nil {
		return m, err
	}
	conns, err := dialAll(ctx, s.url, n, 10*time.Second)
	if err != nil {
		return m, err
	}
	defer closeAll(conns)
	rssIdle, err := s.rss()
	if err != nil {
		return m, err
	}
	cpu0, err := s.cpu()
	if err != nil {
		return m, err
	}
	res, err := load(ctx, conns, w, d, 10*time.Second)
	if err != nil {
		return m, err
	}
	cpu1, err := s.cpu()
	if err != nil {
		return m, err
	}
	rssLoaded, err := s.rss()
	if err != nil {
		return m, err
	}
	return measure{result: res, rssIdle: (rssIdle - rss0) / int64(n), rssLoaded: (rssLoaded - rss0) / int64(n), cpu: cpu1 - cpu0}, nil
}

// summaryRow is one table's medians, server by server.
type summaryRow struct {
	clients  int
	workload string
	by       map[string]median
}

// median is the middle of a server's runs: throughput, RSS and CPU are
// the median run's; the round trips are those of every run together.
type median struct {
	MBps, perSecond    float64
	p50, p99, max      time.Duration
	rssIdle, rssLoaded int64
	cpuPct, cpuPerMsg  float64 // percent of a core; µs per echo
}

func summarize(runs []measure) median {
	mid := func(f func(measure) float64) float64 {
		v := make([]float64, len(runs))
		for i, m := range runs {
			v[i] = f(m)
		}
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	var all result
	for _, m := range runs {
		all.rtts = append(all.rtts, m.rtts...)
	}
	slices.Sort(all.rtts)
	return median{
		MBps:      mid(func(m measure) float64 { return m.MBps() }),
		perSecond: mid(func(m measure) float64 { return m.perSecond() }),
		p50:       all.quantile(0.5), p99: all.quantile(0.99), max: all.maxRTT(),
		rssIdle:   int64(mid(func(m measure) float64 { return float64(m.rssIdle) })),
		rssLoaded: int64(mid(func(m measure) float64 { return float64(m.rssLoaded) })),
		cpuPct:    mid(func(m measure) float64 { return 100 * m.cpu.Seconds() / m.elapsed.Seconds() }),
		cpuPerMsg: mid(func(m measure) float64 { return 1e6 * m.cpu.Seconds() / max(1, float64(m.messages)) }),
	}
}

// printTable prints the medians of one number of clients and workload.
func printTable(n int, w workload, servers targets, runs map[string][]measure) summaryRow {
	row := summaryRow{clients: n, workload: w.name, by: make(map[string]median)}
	fmt.Printf("\n%d clients, %s (medians of %s)\n", n, w.name, "the rounds; round trips of all runs together")
	fmt.Println("| server | MB/s | msg/s | RTT p50 | p99 | max | RSS/conn idle | loaded | CPU % of a core | CPU µs/echo |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, t := range servers {
		if len(runs[t.name]) == 0 {
			fmt.Printf("| %s | failed |\n", t.name)
			continue
		}
		m := summarize(runs[t.name])
		row.by[t.name] = m
		fmt.Printf("| %s | %s | %.0f | %v | %v | %v | %s | %s | %.0f | %.1f |\n", t.name, mbps(m.MBps), m.perSecond,
			roundRTT(m.p50), roundRTT(m.p99), roundRTT(m.max), kib(m.rssIdle), kib(m.rssLoaded), m.cpuPct, m.cpuPerMsg)
	}
	return row
}

// printRatios compares the first server with each other one, row by row:
// throughput (higher is better for the first), p99 and RSS per connection
// under load (lower is better for the first).
func printRatios(servers targets, rows []summaryRow) {
	a := servers[0].name
	for _, b := range servers[1:] {
		fmt.Printf("\n%s / %s: throughput (MB/s; > 1: %s ahead), p99 and RSS per connection under load (< 1: %s ahead)\n", a, b.name, a, a)
		fmt.Println("| clients | workload | throughput | p99 | RSS/conn |")
		fmt.Println("|---:|---|---:|---:|---:|")
		for _, r := range rows {
			ma, oka := r.by[a]
			mb, okb := r.by[b.name]
			if !oka || !okb {
				fmt.Printf("| %d | %s | - | - | - |\n", r.clients, r.workload)
				continue
			}
			fmt.Printf("| %d | %s | %s | %s | %s |\n", r.clients, r.workload,
				ratio(ma.MBps, mb.MBps), ratio(float64(ma.p99), float64(mb.p99)), ratio(float64(ma.rssLoaded), float64(mb.rssLoaded)))
		}
	}
}

func ratio(a, b float64) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// roundRTT keeps three significant figures or so.
func roundRTT(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(time.Microsecond)
	}
}

// mbps formats MB/s with three significant figures or so.
func mbps(v float64) string {
	if v < 10 {
		return fmt.Sprintf("%.3f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// kib formats bytes as KiB.
func kib(b int64) string { return fmt.Sprintf("%.0f KiB", float64(b)/1024) }

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "load:", err)
	os.Exit(2)
}
