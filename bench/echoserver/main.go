// Command echoserver runs the app's built-in sample server on loopback for
// benchmarks written in other languages (bench/node/echo-bench.js). It
// prints the ws:// URL of /echo on a line of its own, then the wss:// one,
// and runs until its standard input closes or it gets SIGINT or SIGTERM, so
// a script can start it with a pipe and stop it by closing the pipe or
// killing it. With -ca FILE it first writes the server's CA certificate
// (PEM) there, for clients that must trust it (NODE_EXTRA_CA_CERTS=FILE).
//
//	go run ./bench/echoserver            # prints ws://127.0.0.1:PORT/echo and wss://…/echo
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/wssample/wssample/sampleserver"
)

func main() {
	caFile := flag.String("ca", "", "write the server's CA certificate (PEM) to `FILE`")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := sampleserver.Start(ctx, sampleserver.Config{}) // all listeners on 127.0.0.1:0
	if err != nil {
		fmt.Fprintln(os.Stderr, "echoserver:", err)
		os.Exit(1)
	}
	if *caFile != "" {
		if err := os.WriteFile(*caFile, sampleserver.CertificatePEM(srv.CA()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "echoserver:", err)
			os.Exit(1)
		}
	}
	fmt.Println(srv.URL("/echo"))
	fmt.Println(srv.SecureURL("/echo"))
	go func() {
		io.Copy(io.Discard, os.Stdin) // returns when stdin closes
		stop()
	}()
	select {
	case <-ctx.Done():
		srv.Close()
	case <-srv.Done():
	}
}
