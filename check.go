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
// 0 when no case failed, 1 when one did, 2 when nothing could be checked
// (bad flags, a bad address, a server that cannot be reached, refuses the
// handshake or is not an echo) or the check was interrupted.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	categories := fs.String("category", "", "run only these categories or cases, comma-separated: `list` such as 1,7,handshake or 7.9")
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
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wssample check [flags] URI\n\n"+
			"Checks the WebSocket echo endpoint at URI (ws://… or wss://…) against RFC 6455:\n"+
			"%d cases in Autobahn|Testsuite's categories, one connection at a time, about 15 s.\n"+
			"Exit status: 0 no case failed, 1 a case failed, 2 nothing could be checked.\n\nFlags:\n", len(conformance.Cases()))
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *list {
		printCases(stdout)
		return 0
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "check: give exactly one URI, such as ws://127.0.0.1:8080/echo")
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
	var filter func(conformance.Case) bool
	if *categories != "" {
		var err error
		if filter, err = conformance.CategoryFilter(*categories); err != nil {
			fmt.Fprintln(stderr, "check: -category: "+err.Error())
			return 2
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintf(stdout, "Checking %s\n\n", uri)
	rep, err := conformance.Run(ctx, uri, opts, filter, func(r conformance.Result) { printResult(stdout, r) })
	if rep == nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "check: interrupted")
		} else {
			fmt.Fprintln(stderr, "check: "+err.Error())
		}
		return 2
	}
	printSummary(stdout, rep)
	if werr := writeReports(rep, *jsonFile, *htmlFile, *mdFile, stdout); werr != nil {
		fmt.Fprintln(stderr, "check: "+werr.Error())
		return 2
	}
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "check: interrupted after %d cases\n", len(rep.Results))
		return 2
	case rep.Failed():
		return 1
	}
	return 0
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

// printCases lists every case, by category.
func printCases(w io.Writer) {
	var last conformance.Category
	for _, c := range conformance.Cases() {
		if c.Category != last {
			if last.Key != "" {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s\n", c.Category)
			last = c.Category
		}
		fmt.Fprintf(w, "  %-12s %s (%s)\n", c.ID, c.Title, c.Section)
	}
}

// printResult prints one line per case, and for a case that did not pass
// the reason on the next line.
func printResult(w io.Writer, r conformance.Result) {
	fmt.Fprintf(w, "%-13s %-12s %s (%s)\n", r.Verdict, r.ID, r.Title, r.Duration.Round(time.Millisecond))
	if r.Verdict != conformance.Pass {
		fmt.Fprintf(w, "%27s%s\n", "", r.Detail)
	}
}

// printSummary prints the totals per category and in all.
func printSummary(w io.Writer, rep *conformance.Report) {
	fmt.Fprintf(w, "\n%-22s %5s %5s %5s %10s %13s\n", "Category", "Cases", "Pass", "Fail", "Non-strict", "Informational")
	for _, c := range rep.Categories {
		fmt.Fprintf(w, "%-22s %5d %5d %5d %10d %13d\n", c.Category, c.Total, c.Pass, c.Fail, c.NonStrict, c.Informational)
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
