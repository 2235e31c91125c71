package main

// The fuzzingclient subcommand: Autobahn|Testsuite's fuzzing client in
// one binary. It reads Autobahn's spec file, checks each of its servers
// with the conformance package's cases, and writes Autobahn's reports, so
// that a CI job can drop Autobahn's Docker image and keep its spec and
// the script that reads index.json.

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/wssample/wssample/conformance"
)

// runFuzzingClient runs "wssample fuzzingclient [-spec FILE]" and returns
// the exit code: 0 when every server was checked (whatever the verdicts:
// as with Autobahn, the reports say them and a script judges), 1 when a
// server stopped answering part way (its cases after that are missing
// from index.json, where no script would see them), 2 when the spec
// cannot be used, a server could not be checked at all, the reports
// could not be written, or the run was interrupted.
func runFuzzingClient(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fuzzingclient", flag.ContinueOnError)
	specFile := fs.String("spec", "fuzzingclient.json", "Autobahn's fuzzing client spec `file`")
	timeout := fs.Duration("timeout", conformance.DefaultCaseTimeout, "bound of each case (the few that move megabytes or wait for the server's own timeouts take longer)")
	caFile := fs.String("ca", "", "trust the CA certificates in this PEM `file` for wss:// (instead of the system's)")
	certFile := fs.String("cert", "", "PEM `file` with a client certificate to present (with -key)")
	keyFile := fs.String("key", "", "PEM `file` with the private key of -cert")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wssample fuzzingclient [-spec fuzzingclient.json] [flags]\n\n"+
			"Does what Autobahn|Testsuite's \"wstest -m fuzzingclient -s fuzzingclient.json\" does: checks each server\n"+
			"of the spec (its \"servers\", \"cases\", \"exclude-cases\", \"exclude-agent-cases\") with Autobahn's cases,\n"+
			"and writes Autobahn's reports under the spec's \"outdir\": index.json, index.html and a report per case.\n"+
			"Exit status: 0 every server was checked (the reports hold the verdicts), 1 a server stopped answering\n"+
			"part way, 2 the spec cannot be used or a server could not be checked at all.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, goOn := parseCommand(fs, args, stderr, 0, "the servers are in the spec file (-spec)"); !goOn {
		return code
	}
	spec, err := readSpecFile(*specFile, conformance.ParseSpec)
	if err != nil {
		fmt.Fprintln(stderr, "fuzzingclient: "+err.Error())
		return 2
	}
	base := conformance.Options{CaseTimeout: *timeout}
	if err := loadTLSFlags(&base, *caFile, *certFile, *keyFile); err != nil {
		fmt.Fprintln(stderr, "fuzzingclient: "+err.Error())
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var runs []conformance.AgentRun
	unchecked, stopped := 0, 0
	names := map[string]bool{} // agents' file names, taken
	for _, srv := range spec.Servers {
		if srv.Agent != "" {
			names[conformance.AgentFileName(srv.Agent)] = true
		}
	}
	for i, srv := range spec.Servers {
		for _, n := range srv.Notes {
			fmt.Fprintln(stderr, "fuzzingclient: note: "+n)
		}
		opts := serverOptions(base, srv)
		agent := srv.Agent
		if agent == "" {
			// As Autobahn: a server the spec does not name is named by the
			// Server header it answers with.
			server, err := conformance.Probe(ctx, srv.URL, opts)
			if err != nil {
				if ctx.Err() != nil {
					break
				}
				fmt.Fprintf(stderr, "fuzzingclient: servers[%d] (%s) could not be checked: %v\n", i, srv.URL, err)
				unchecked++
				continue
			}
			agent = uniqueAgent(server, names)
			names[conformance.AgentFileName(agent)] = true
		}
		cases := spec.Cases(agent)
		if len(cases) == 0 {
			fmt.Fprintf(stdout, "\n%s (%s): no case to run, exclude-agent-cases excludes them all\n", agent, srv.URL)
			continue
		}
		fmt.Fprintf(stdout, "\nChecking %s at %s: %d cases\n\n", agent, srv.URL, len(cases))
		fmt.Fprintf(stdout, "%-17s %-17s %-5s %s\n", "Behaviour", "Close", "Code", "Case")
		rep, err := conformance.Run(ctx, srv.URL, opts, spec.Filter(agent), func(r conformance.Result) { printResult(stdout, r) })
		if rep == nil {
			if ctx.Err() != nil {
				break
			}
			fmt.Fprintf(stderr, "fuzzingclient: %s (%s) could not be checked: %v\n", agent, srv.URL, err)
			unchecked++
			continue
		}
		runs = append(runs, rep.AgentRun(agent))
		fmt.Fprintf(stdout, "\n%s: %s in %s.\n", agent, rep.Summary, conformance.Round(rep.Duration))
		printStopped(stdout, rep)
		switch {
		case len(rep.Results) == 0:
			unchecked++ // it stopped answering before the first case
		case rep.Stopped != "":
			stopped++
		}
		if err != nil {
			break // interrupted: write what was done
		}
	}
	if len(runs) > 0 {
		if err := conformance.WriteAutobahnReports(spec.OutDir, conformance.CheckedServer, runs); err != nil {
			fmt.Fprintln(stderr, "fuzzingclient: "+err.Error())
			return 2
		}
		agents := fmt.Sprintf("%d agents", len(runs))
		if len(runs) == 1 {
			agents = "1 agent"
		}
		fmt.Fprintf(stdout, "\nWrote %s and %s (%s)\n", filepath.Join(spec.OutDir, "index.json"), filepath.Join(spec.OutDir, "index.html"), agents)
	}
	switch {
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "fuzzingclient: interrupted")
		return 2
	case unchecked > 0:
		fmt.Fprintf(stderr, "fuzzingclient: %d of %d servers could not be checked\n", unchecked, len(spec.Servers))
		return 2
	case stopped > 0:
		return 1
	}
	return 0
}

// readSpecFile reads one of Autobahn's spec files with parse
// (conformance.ParseSpec, conformance.ParseServerSpec). Its errors name
// the file, then the field and what it may hold.
func readSpecFile[S any](file string, parse func([]byte) (S, error)) (S, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		var none S
		return none, fmt.Errorf("cannot read the spec: %v", err)
	}
	spec, err := parse(data)
	if err != nil {
		return spec, fmt.Errorf("%s: %v", file, err)
	}
	return spec, nil
}

// serverOptions are the options for one server of the spec: the flags',
// with the server's Origin, subprotocols and TLS server name.
func serverOptions(base conformance.Options, srv conformance.SpecServer) conformance.Options {
	opts := base
	if srv.Origin != "" {
		opts.Header = http.Header{"Origin": {srv.Origin}}
	}
	opts.Subprotocols = srv.Protocols
	if srv.Hostname != "" {
		opts.TLS = &tls.Config{ServerName: srv.Hostname}
	}
	return opts
}

// uniqueAgent is the agent name a Server header gives ("UnknownServer"
// when there is none, as Autobahn's), made unique among those taken:
// Autobahn would merge two servers of one name into one agent.
func uniqueAgent(server string, taken map[string]bool) string {
	agent := strings.TrimSpace(server)
	if conformance.AgentFileName(agent) == "" {
		agent = "UnknownServer"
	}
	name := agent
	for n := 2; taken[conformance.AgentFileName(name)]; n++ {
		name = fmt.Sprintf("%s #%d", agent, n)
	}
	return name
}
