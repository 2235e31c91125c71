package main

// The check subcommand: the conformance suite (package conformance)
// against one WebSocket echo endpoint, from the command line.

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/wssample/wssample/conformance"
)

// headerFlags collects repeated -header "Name: value" flags.
type headerFlags http.Header

func (h headerFlags) String() string { return "" }

func (h headerFlags) Set(v string) error {
	name, value, ok := strings.Cut(v, ":")
	if !ok || strings.TrimSpace(name) == "" {
		return fmt.Errorf("%q is not a header: write it as \"Name: value\"", v)
	}
	http.Header(h).Add(strings.TrimSpace(name), strings.TrimSpace(value))
	return nil
}

// runCheck runs "wssample check [flags] URI" and returns the exit code:
// 0 when no case failed, 1 when one did (FAILED in its behaviour or its
// close behaviour) or the server stopped answering part way, 2 when nothing could be checked
// (bad flags, a bad address, a server that cannot be reached, refuses the
// handshake or is not an echo) or the check was interrupted.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	categories := fs.String("category", "", "run only these categories, comma-separated: `list` such as 1,7,H or 7.9")
	cases := fs.String("case", "", "run only the cases whose IDs match, comma-separated `patterns` as in Autobahn's spec file: 6.*, 7.9.*, 1.1.1")
	timeout := fs.Duration("timeout", conformance.DefaultCaseTimeout, "bound of each case (the few that move megabytes or wait for the server's own timeouts take longer)")
	caFile := fs.String("ca", "", "trust the CA certificates in this PEM `file` for wss:// (instead of the system's)")
	certFile := fs.String("cert", "", "PEM `file` with a client certificate to present (with -key)")
	keyFile := fs.String("key", "", "PEM `file` with the private key of -cert")
	header := headerFlags{}
	fs.Var(header, "header", "extra handshake header, `\"Name: value\"` (repeatable)")
	protocols := fs.String("protocol", "", "subprotocols to offer, comma-separated `list`")
	jsonFile := fs.String("json", "", "write the report as JSON to `file`")
	htmlFile := fs.String("html", "", "write the report as a self-contained HTML page to `file`")
	mdFile := fs.String("md", "", "write the report as Markdown to `file`")
	list := fs.Bool("list", false, "list the cases and exit")
	full := fs.Bool("full", false, "run every case, Autobahn's 9 (limits and performance), 12 and 13 (permessage-deflate) too, instead of the quick run")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wssample check [flags] URI\n\n"+
			"Checks the WebSocket echo endpoint at URI (ws://… or wss://…) against RFC 6455:\n"+
			"Autobahn|Testsuite's quick run (categories 1–7 and 10, its case IDs and verdicts)\n"+
			"and this checker's own cases (H handshake, M masking, X framing, L limits), %d cases,\n"+
			"one connection at a time, about 20 s; -full adds Autobahn's other categories (%d cases in all).\n"+
			"Each case has a behaviour and a close behaviour. For Autobahn's spec file and reports: wssample fuzzingclient.\n"+
			"Exit status: 0 no case FAILED, 1 a case FAILED (either behaviour) or the server stopped answering, 2 nothing could be checked.\n\nFlags:\n", quickCount(), len(conformance.Cases()))
		fs.PrintDefaults()
	}
	const oneURI = "give exactly one URI, such as ws://127.0.0.1:8080/echo"
	if code, goOn := parseCommand(fs, args, stderr, 1, oneURI); !goOn {
		return code
	}
	if *list {
		printCases(stdout)
		return 0
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "check: "+oneURI)
		fs.Usage()
		return 2
	}
	uri := fs.Arg(0)

	opts := conformance.Options{CaseTimeout: *timeout}
	if len(header) > 0 {
		opts.Header = http.Header(header)
	}
	if *protocols != "" {
		for p := range strings.SplitSeq(*protocols, ",") {
			opts.Subprotocols = append(opts.Subprotocols, strings.TrimSpace(p))
		}
	}
	if err := loadTLSFlags(&opts, *caFile, *certFile, *keyFile); err != nil {
		fmt.Fprintln(stderr, "check: "+err.Error())
		return 2
	}
	var filters []func(conformance.Case) bool
	if *categories != "" {
		f, err := conformance.CategoryFilter(*categories)
		if err != nil {
			fmt.Fprintln(stderr, "check: -category: "+err.Error())
			return 2
		}
		filters = append(filters, f)
	}
	if *cases != "" {
		f, err := conformance.CaseFilter(*cases)
		if err != nil {
			fmt.Fprintln(stderr, "check: -case: "+err.Error())
			return 2
		}
		filters = append(filters, f)
	}
	filter := chooseCases(*full, filters)
	if filter != nil && !slices.ContainsFunc(conformance.Cases(), filter) {
		fmt.Fprintln(stderr, "check: -category and -case together leave no case to run")
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "Checking %s\n\n", uri)
	first := true
	rep, err := conformance.Run(ctx, uri, opts, filter, func(r conformance.Result) {
		if first {
			fmt.Fprintf(stdout, "%-17s %-17s %-5s %s\n", "Behaviour", "Close", "Code", "Case")
			first = false
		}
		printResult(stdout, r)
	})
	if rep == nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "check: interrupted")
		} else {
			fmt.Fprintln(stderr, "check: "+err.Error())
		}
		return 2
	}
	printSummary(stdout, rep)
	printStopped(stdout, rep)
	if werr := writeReports(rep, *jsonFile, *htmlFile, *mdFile, stdout); werr != nil {
		fmt.Fprintln(stderr, "check: "+werr.Error())
		return 2
	}
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "check: interrupted after %d cases\n", len(rep.Results))
		return 2
	case len(rep.Results) == 0:
		return 2 // it stopped answering before the first case: nothing was checked
	case rep.Failed(), rep.Stopped != "":
		return 1
	}
	return 0
}

// printStopped says once that the server stopped answering, and how many
// cases were not run for it.
func printStopped(w io.Writer, rep *conformance.Report) {
	if rep.Stopped == "" {
		return
	}
	fmt.Fprintf(w, "\n%s%s. %d cases were not run.\n", strings.ToUpper(rep.Stopped[:1]), rep.Stopped[1:], len(rep.NotRun))
}

// chooseCases is the filter for Run: the cases both -category and -case
// keep when given (whatever their category: naming cases runs them);
// else the quick run, or every case (nil) with -full.
func chooseCases(full bool, filters []func(conformance.Case) bool) func(conformance.Case) bool {
	switch {
	case len(filters) > 0:
		return func(c conformance.Case) bool {
			for _, f := range filters {
				if !f(c) {
					return false
				}
			}
			return true
		}
	case full:
		return nil
	}
	return conformance.QuickRun
}

// quickCount is the number of cases of the quick run.
func quickCount() int {
	n := 0
	for _, c := range conformance.Cases() {
		if conformance.QuickRun(c) {
			n++
		}
	}
	return n
}

// loadTLSFlags reads -ca, -cert and -key into opts.
func loadTLSFlags(opts *conformance.Options, caFile, certFile, keyFile string) error {
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return fmt.Errorf("-ca: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return fmt.Errorf("-ca: %s holds no PEM certificate", caFile)
		}
		opts.RootCAs = pool
	}
	if (certFile == "") != (keyFile == "") {
		return errors.New("-cert and -key go together: give both files or neither")
	}
	if certFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return fmt.Errorf("cannot use the certificate in %s with the key in %s: %v", certFile, keyFile, err)
		}
		opts.ClientCertificate = &cert
	}
	return nil
}

// printCases lists every case, by category, with the number of cases in
// each.
func printCases(w io.Writer) {
	all := conformance.Cases()
	count := map[string]int{}
	for _, c := range all {
		count[c.Category.Key]++
	}
	var last conformance.Category
	for _, c := range all {
		if c.Category != last {
			if last.Key != "" {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s (%d cases)\n", c.Category, count[c.Category.Key])
			last = c.Category
		}
		fmt.Fprintf(w, "  %-8s %s (%s)\n", c.ID, c.Title, c.Section)
	}
}

// printResult prints one line per case (its behaviour, its close
// behaviour, the server's close code), and for a case that is not OK in
// both the reasons on the next lines.
func printResult(w io.Writer, r conformance.Result) {
	fmt.Fprintf(w, "%-17s %-17s %-5s %-8s %s (%s)\n", r.Verdict, orDash(string(r.CloseVerdict)), closeCode(r), r.ID, r.Title, r.Duration.Round(time.Millisecond))
	if r.Verdict != conformance.Pass {
		fmt.Fprintf(w, "%50s%s\n", "", r.Detail)
	}
	if r.CloseVerdict != "" && r.CloseVerdict != conformance.Pass && r.CloseVerdict != conformance.Informational {
		fmt.Fprintf(w, "%50s%s\n", "", r.CloseDetail)
	}
}

// orDash shows an empty value as "-".
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// closeCode shows the server's close code, or "-".
func closeCode(r conformance.Result) string {
	if r.RemoteCloseCode == nil {
		return "-"
	}
	return fmt.Sprint(*r.RemoteCloseCode)
}

// printSummary prints the totals per category (by each case's status:
// FAILED if either behaviour is, else a close behaviour that is not OK,
// else the behaviour) and in all.
func printSummary(w io.Writer, rep *conformance.Report) {
	var shown []conformance.Verdict
	for _, v := range conformance.Verdicts() {
		if rep.Summary.Count(v) > 0 || v == conformance.Pass || v == conformance.Fail {
			shown = append(shown, v)
		}
	}
	fmt.Fprintf(w, "\n%-26s %5s", "Category", "Cases")
	for _, v := range shown {
		fmt.Fprintf(w, " %*s", max(5, len(v)), v)
	}
	fmt.Fprintln(w)
	for _, c := range rep.Categories {
		fmt.Fprintf(w, "%-26s %5d", c.Category, c.Total)
		for _, v := range shown {
			fmt.Fprintf(w, " %*d", max(5, len(v)), c.Count(v))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\n%s in %s.\n", rep.Summary, conformance.Round(rep.Duration))
}

// writeReports writes the report files that were asked for.
func writeReports(rep *conformance.Report, jsonFile, htmlFile, mdFile string, stdout io.Writer) error {
	js, err := rep.JSON()
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{jsonFile, js}, {htmlFile, rep.HTML()}, {mdFile, rep.Markdown()}} {
		if f.name == "" {
			continue
		}
		if err := os.WriteFile(f.name, f.data, 0o644); err != nil {
			return fmt.Errorf("cannot write the report: %v", err)
		}
		fmt.Fprintf(stdout, "Wrote %s\n", f.name)
	}
	return nil
}
