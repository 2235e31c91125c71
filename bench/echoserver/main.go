// Command echoserver runs the app's built-in sample server on loopback for
// benchmarks written in other languages (bench/node/echo-bench.js). It
// prints the ws:// URL of /echo on a line of its own and runs until its
// standard input closes or it gets SIGINT or SIGTERM, so a script can
// start it with a pipe and stop it by closing the pipe or killing it.
//
//	go run ./bench/echoserver            # prints ws://127.0.0.1:PORT/echo
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/wssample/wssample/sampleserver"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := sampleserver.Start(ctx, sampleserver.Config{}) // all listeners on 127.0.0.1:0
	if err != nil {
		fmt.Fprintln(os.Stderr, "echoserver:", err)
		os.Exit(1)
	}
	fmt.Println(srv.URL("/echo"))
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
