package main

// The serve subcommand: the built-in sample server on its own, no window,
// for a browser, wscat, websocat or another copy of the app.

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/wssample/wssample/sampleserver"
)

// runServe runs "wssample serve [flags]" until Ctrl+C or SIGTERM and
// returns the process exit code: 0 after a clean stop, 1 when the server
// cannot start, 2 for bad flags.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` of the ws:// listener (port 0: any free port)")
	tlsAddr := fs.String("tls-addr", "127.0.0.1:8443", "`host:port` of the wss:// listener")
	authAddr := fs.String("clientauth-addr", "127.0.0.1:8444", "`host:port` of the wss:// listener that requires a client certificate")
	certFile := fs.String("cert", "", "PEM `file` with a real certificate (and chain) for the wss:// listener, instead of the generated one")
	keyFile := fs.String("key", "", "PEM `file` with the private key of -cert")
	exportDir := fs.String("export-certs", "", "write the generated CA and client certificate as PEM files into `dir` (for other clients)")
	quiet := fs.Bool("quiet", false, "do not log connections to stderr")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wssample serve [flags]\n\n"+
			"Runs the built-in WebSocket sample server until Ctrl+C.\n"+
			"It listens on loopback only, unless an address says otherwise.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if code, goOn := parseCommand(fs, args, stderr, 0, "it takes flags only"); !goOn {
		return code
	}
	if (*certFile == "") != (*keyFile == "") {
		fmt.Fprintln(stderr, "serve: -cert and -key go together: give both files or neither.")
		return 2
	}

	cfg := sampleserver.Config{Addr: *addr, TLSAddr: *tlsAddr, ClientAuthAddr: *authAddr}
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			fmt.Fprintf(stderr, "serve: cannot use the certificate in %s with the key in %s: %v\n", *certFile, *keyFile, err)
			return 1
		}
		cfg.Certificate = &cert
	}
	if !*quiet {
		cfg.Log = log.New(stderr, "", log.LstdFlags)
	}

	// Ctrl+C (SIGINT) and SIGTERM (what service managers and kill send)
	// end ctx; the server then says goodbye to its clients and stops.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	srv, err := sampleserver.Start(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "serve: "+startProblem(err))
		return 1
	}
	if *exportDir != "" {
		if err := exportCerts(srv, *exportDir, stdout); err != nil {
			fmt.Fprintf(stderr, "serve: cannot write the certificates: %v\n", err)
			srv.Close()
			return 1
		}
	}
	printBanner(stdout, srv)

	<-srv.Done()
	fmt.Fprintln(stdout, "Stopped.")
	return 0
}

// startProblem says in plain words why the server did not start.
func startProblem(err error) string {
	var opErr *net.OpError
	if errors.Is(err, syscall.EADDRINUSE) && errors.As(err, &opErr) && opErr.Addr != nil {
		return fmt.Sprintf("%s is already in use (another server, or another copy of this one?). "+
			"Stop it, or choose other addresses with -addr, -tls-addr and -clientauth-addr (port 0 picks a free one).", opErr.Addr)
	}
	return err.Error()
}

// printBanner prints where the server listens, one URL per line, and what
// a client needs to trust its certificate.
func printBanner(w io.Writer, srv *sampleserver.Server) {
	var b strings.Builder
	b.WriteString("WebSocket Sample server\n\nws:// (plain):\n")
	width := 0
	for _, e := range sampleserver.Endpoints() {
		width = max(width, len(srv.URL(e.Example)))
	}
	for _, e := range sampleserver.Endpoints() {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, srv.URL(e.Example), e.Summary)
	}
	b.WriteString("\nwss:// (TLS), the same endpoints:\n")
	for _, e := range sampleserver.Endpoints() {
		fmt.Fprintf(&b, "  %s\n", srv.SecureURL(e.Example))
	}
	fmt.Fprintf(&b, "\nwss:// with a client certificate (like /sample):\n  %s\n", srv.ClientAuthURL())

	leaf := srv.ServerCertificate()
	fmt.Fprintf(&b, "\nTLS certificate: %s, issued by %s\n", leaf.Subject.CommonName, leaf.Issuer.CommonName)
	fmt.Fprintf(&b, "SHA-256 fingerprint: %s\n", srv.Fingerprint())
	fmt.Fprintf(&b, "Built-in CA: %s (made at start-up; it signs the client certificate", srv.CA().Subject.CommonName)
	if leaf.Issuer.CommonName == srv.CA().Subject.CommonName {
		b.WriteString(" and the TLS certificate; clients must trust it or skip verification")
	}
	b.WriteString(")\n")
	fmt.Fprintf(&b, "Index: http://%s/\n\nPress Ctrl+C to stop.\n", strings.TrimPrefix(srv.URL(""), "ws://"))
	io.WriteString(w, b.String())
}

// exportCerts writes the CA and the client certificate and key as PEM, so
// that tools other than this app can trust the server and pass /clientauth.
func exportCerts(srv *sampleserver.Server, dir string, stdout io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	certPEM, keyPEM := srv.ClientCertificatePEM()
	files := []struct {
		name string
		data []byte
		perm os.FileMode
	}{
		{"ca.pem", sampleserver.CertificatePEM(srv.CA()), 0o644},
		{"client.pem", certPEM, 0o644},
		// The key is a secret, even a throwaway one: owner only.
		{"client-key.pem", keyPEM, 0o600},
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, f.data, f.perm); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote %s\n", path)
	}
	return nil
}
