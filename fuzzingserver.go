package main

// The fuzzingserver subcommand: Autobahn|Testsuite's fuzzing server, built
// in (package conformance's FuzzingServer). A client under test connects
// to it once per case, with the client scripts projects already have for
// Autobahn's Docker image, and the reports come out as Autobahn writes
// them.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/wssample/wssample/conformance"
)

// fuzzingSpec is Autobahn's fuzzingserver.json.
type fuzzingSpec struct {
	URL               string              `json:"url"`
	Outdir            string              `json:"outdir"`
	Cases             []string            `json:"cases"`
	ExcludeCases      []string            `json:"exclude-cases"`
	ExcludeAgentCases map[string][]string `json:"exclude-agent-cases"`
	// Options are Autobahn's protocol settings (failByDrop …) and webport
	// its embedded web server: accepted so that a spec runs unchanged,
	// and said to be unused.
	Options map[string]any `json:"options"`
	Webport *int           `json:"webport"`
}

// readFuzzingSpec reads and checks a spec file. Its error names the field
// and says what is allowed.
func readFuzzingSpec(path string) (*fuzzingSpec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var spec fuzzingSpec
	if err := dec.Decode(&spec); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr):
			return nil, fmt.Errorf("%s: the field %q is a %s, where it must be %s", path, typeErr.Field, typeErr.Value, specFieldKinds[strings.SplitN(typeErr.Field, ".", 2)[0]])
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return nil, fmt.Errorf("%s: %s; the fields are url, outdir, cases, exclude-cases, exclude-agent-cases, options, webport", path, strings.TrimPrefix(err.Error(), "json: "))
		}
		return nil, fmt.Errorf("%s is not a JSON spec: %v", path, err)
	}
	if spec.URL != "" {
		u, err := url.Parse(spec.URL)
		if err != nil || u.Scheme != "ws" || u.Port() == "" {
			return nil, fmt.Errorf("%s: \"url\" is %q; it must be ws://host:port, such as ws://127.0.0.1:9001 (wss:// is not served)", path, spec.URL)
		}
	}
	return &spec, nil
}

// specFieldKinds says what each field of the spec must be.
var specFieldKinds = map[string]string{
	"url": "a string such as \"ws://127.0.0.1:9001\"", "outdir": "a string (a directory)",
	"cases": "a list of case patterns such as [\"*\"] or [\"1.*\", \"6.4.1\"]", "exclude-cases": "a list of case patterns",
	"exclude-agent-cases": "an object of agent → list of case patterns", "options": "an object", "webport": "a number",
}

// patternsFilter is the filter of a list of case patterns; nil for none.
func patternsFilter(field string, patterns []string) (func(conformance.Case) bool, error) {
	if len(patterns) == 0 {
		return nil, nil
	}
	f, err := conformance.ClientCaseFilter(strings.Join(patterns, ","))
	if err != nil {
		return nil, fmt.Errorf("%q: %v", field, err)
	}
	return f, nil
}

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
		spec, err := readFuzzingSpec(*specFile)
		if err != nil {
			fmt.Fprintln(stderr, "fuzzingserver: -spec: "+err.Error())
			return 2
		}
		if spec.URL != "" && !set["addr"] {
			u, _ := url.Parse(spec.URL)
			*addr = u.Host
		}
		if spec.Outdir != "" && !set["outdir"] {
			*outdir = spec.Outdir
		}
		keep, err := patternsFilter("cases", spec.Cases)
		if err == nil && keep != nil {
			filters = append(filters, keep)
		}
		var drop func(conformance.Case) bool
		if err == nil {
			drop, err = patternsFilter("exclude-cases", spec.ExcludeCases)
		}
		if drop != nil {
			filters = append(filters, func(c conformance.Case) bool { return !drop(c) })
		}
		perAgent := map[string]func(conformance.Case) bool{}
		for agent, patterns := range spec.ExcludeAgentCases {
			if err != nil {
				break
			}
			perAgent[agent], err = patternsFilter("exclude-agent-cases."+agent, patterns)
		}
		if err != nil {
			fmt.Fprintf(stderr, "fuzzingserver: -spec: %s: %v\n", *specFile, err)
			return 2
		}
		if len(perAgent) > 0 {
			// The keys are patterns of agent names, matched whole, as Autobahn's.
			opts.Skip = func(agent string, c conformance.Case) bool {
				for pattern, f := range perAgent {
					if ok, _ := path.Match(pattern, agent); ok && f != nil && f(c) {
						return true
					}
				}
				return false
			}
		}
		var unused []string
		for k := range spec.Options {
			unused = append(unused, "options."+k)
		}
		if spec.Webport != nil {
			unused = append(unused, "webport")
		}
		if len(unused) > 0 {
			slices.Sort(unused)
			fmt.Fprintf(stdout, "Not used by this server (Autobahn's protocol options and web server): %s\n", strings.Join(unused, ", "))
		}
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
