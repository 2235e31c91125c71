package main

// The fuzzingserver subcommand: Autobahn|Testsuite's fuzzing server, built
// in (package conformance's FuzzingServer). A client under test connects
// to it once per case, with the client scripts projects already have for
// Autobahn's Docker image, and the reports come out as Autobahn writes
// them.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/wssample/wssample/conformance"
)

// runFuzzingServer runs "wssample fuzzingserver [flags]" until /stopServer
// or Ctrl+C, and returns the exit code: 0 once stopped, 2 when it could
// not start (bad flags, a bad spec, an address in use).
func runFuzzingServer(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fuzzingserver", flag.ContinueOnError)
	addr := fs.String("addr", conformance.DefaultFuzzingAddr, "listen on this `host:port` (loopback unless you choose otherwise)")
	outdir := fs.String("outdir", "reports/clients", "write Autobahn's reports (index.json, index.html, a report per case) into this `directory`")
	specFile := fs.String("spec", "", "Autobahn's fuzzingserver.json `file`: url, outdir, cases, exclude-cases, exclude-agent-cases (the flags win)")
	cases := fs.String("case", "", "play only the cases whose IDs match, comma-separated `patterns`: 1.*, 6.4.1, C.*")
	timeout := fs.Duration("timeout", conformance.DefaultCaseTimeout, "bound of each case (longer where a case's waits need it)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wssample fuzzingserver [flags]\n\n"+
			"Checks a WebSocket client against RFC 6455, as Autobahn|Testsuite's fuzzingserver does:\n"+
			"the client connects to ws://ADDR/runCase?case=N&agent=NAME for N = 1 … /getCaseCount,\n"+
			"echoes every message, then calls /updateReports?agent=NAME. %d cases: Autobahn's that\n"+
			"apply to a client and C, the client's own duties. /stopServer or Ctrl+C stops it.\n\nFlags:\n",
			len(conformance.ClientCases()))
		fs.PrintDefaults()
	}
	if code, goOn := parseCommand(fs, args, stderr, 0, "it takes flags only"); !goOn {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	opts := conformance.FuzzingOptions{CaseTimeout: *timeout}
	var filters []func(conformance.Case) bool
	if *specFile != "" {
		spec, err := readSpecFile(*specFile, conformance.ParseServerSpec)
		if err != nil {
			fmt.Fprintln(stderr, "fuzzingserver: "+err.Error())
			return 2
		}
		for _, n := range spec.Notes {
			fmt.Fprintln(stderr, "fuzzingserver: note: "+n)
		}
		if spec.Addr != "" && !set["addr"] {
			*addr = spec.Addr
		}
		if spec.OutDir != "" && !set["outdir"] {
			*outdir = spec.OutDir
		}
		filters = append(filters, spec.Filter())
		opts.Skip = spec.Skip
	}
	if *cases != "" {
		f, err := conformance.ClientCaseFilter(*cases)
		if err != nil {
			fmt.Fprintln(stderr, "fuzzingserver: -case: "+err.Error())
			return 2
		}
		filters = append(filters, f)
	}
	if len(filters) > 0 {
		opts.Filter = func(c conformance.Case) bool {
			for _, f := range filters {
				if !f(c) {
					return false
				}
			}
			return true
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var out sync.Mutex // the connections' goroutines print
	say := func(format string, args ...any) {
		out.Lock()
		defer out.Unlock()
		fmt.Fprintf(stdout, format, args...)
	}
	var srv *conformance.FuzzingServer
	writeReports := func() error {
		var runs []conformance.AgentRun
		for _, agent := range srv.Agents() {
			if rep := srv.Report(agent); len(rep.Results) > 0 { // not one whose cases were all excluded
				runs = append(runs, rep.AgentRun(agent))
			}
		}
		if len(runs) == 0 {
			return nil
		}
		if err := conformance.WriteAutobahnReports(*outdir, conformance.CheckedClient, runs); err != nil {
			return err
		}
		say("Reports written to %s (index.json, index.html)\n", *outdir)
		return nil
	}
	opts.OnResult = func(r conformance.AgentResult) {
		res := r.Result
		say("%-20s %4d  %-8s %-16s %s\n", r.Agent, r.Number, res.ID, res.Status(), sentenceOf(res))
	}
	opts.OnNote = func(s string) { say("%s\n", s) }
	opts.OnUpdateReports = func(string) error { return writeReports() }
	srv, err := conformance.StartFuzzingServer(ctx, *addr, opts)
	if err != nil {
		fmt.Fprintln(stderr, "fuzzingserver: "+err.Error())
		return 2
	}
	say("Fuzzing server on %s: %d cases. A client runs case N of 1 … %d at\n  %s/runCase?case=N&agent=NAME\n"+
		"echoing what it receives, then calls %s/updateReports?agent=NAME. Ctrl+C or /stopServer stops it.\n\n",
		srv.URL(), len(srv.Cases()), len(srv.Cases()), srv.URL(), srv.URL())
	<-srv.Done()
	if err := writeReports(); err != nil {
		fmt.Fprintln(stderr, "fuzzingserver: the reports: "+err.Error())
	}
	for _, agent := range srv.Agents() {
		say("%s: %s\n", agent, srv.Report(agent).Summary)
	}
	return 0
}

// sentenceOf is a result's reason, for a non-OK one, in one line.
func sentenceOf(r conformance.Result) string {
	switch {
	case r.Status() == conformance.Pass:
		return ""
	case r.CloseVerdict != "" && r.CloseVerdict != conformance.Pass && r.Verdict == conformance.Pass:
		return r.CloseDetail
	}
	return r.Detail
}
