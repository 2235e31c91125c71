// Command gorillaecho is an echo server built on github.com/gorilla/websocket,
// the Go WebSocket library most servers in the wild use, for the load
// comparison of make bench (bench/load). It is gorilla's own echo example
// (examples/echo: ReadMessage, then WriteMessage) with the library's
// defaults, the way people run it. It listens on 127.0.0.1 only, prints the
// ws:// URL of /echo on a line of its own, and runs until its standard input
// closes or it gets SIGINT or SIGTERM.
//
//	go run ./bench/gorillaecho        # prints ws://127.0.0.1:PORT/echo
package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/gorilla/websocket"
)

// upgrader takes gorilla's default buffer sizes (4 KiB each way) and, like
// the built-in server, no compression and any origin.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func echo(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered with an HTTP error
	}
	defer c.Close()
	for {
		mt, msg, err := c.ReadMessage()
		if err != nil {
			return
		}
		if err := c.WriteMessage(mt, msg); err != nil {
			return
		}
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gorillaecho:", err)
		os.Exit(1)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/echo", echo)
	srv := &http.Server{Handler: mux}
	fmt.Printf("ws://%s/echo\n", ln.Addr())
	go func() {
		io.Copy(io.Discard, os.Stdin) // returns when stdin closes
		stop()
	}()
	go srv.Serve(ln)
	<-ctx.Done()
	srv.Close() // hijacked WebSockets end with the process
}
