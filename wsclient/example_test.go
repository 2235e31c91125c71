package wsclient_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// A Stream against the built-in echo server: "Hello World" goes out, comes
// back, and Stop closes with the sample's code and reason.
func Example() {
	srv, err := sampleserver.Start(context.Background(), sampleserver.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()

	// OnData sees every partial read; here it waits for the whole echo.
	echoed := make(chan struct{})
	var once sync.Once
	var got int
	s := wsclient.NewStream(wsclient.StreamOptions{OnData: func(p []byte) {
		if got += len(p); got >= len(wsclient.DefaultPayload) {
			once.Do(func() { close(echoed) })
		}
	}})
	if err := s.Start(srv.URL("/echo")); err != nil {
		fmt.Println(err)
		return
	}
	<-echoed
	s.Stop() // returns once the connection is closed and EventClosed queued

	for ev := range s.Events() {
		switch ev.Kind {
		case wsclient.EventConnecting, wsclient.EventProgress:
			// The address has an ephemeral port; progress is throttled.
		case wsclient.EventClosed:
			// The line is "Closed; Code: 1000, Reason: " + wsclient.StopReason …
			fmt.Println("closed with", ev.Close.Code, "and StopReason:", ev.Close.Reason == wsclient.StopReason, "-", ev.Close.By)
		default:
			fmt.Println(ev)
		}
		if ev.IsFinal() {
			fmt.Printf("sent %d bytes, received %d bytes\n", ev.Sent, ev.Received)
			break
		}
	}
	// Output:
	// Connected
	// Background read starting.
	// Background write starting.
	// closed with 1000 and StopReason: true - closed by the client
	// sent 11 bytes, received 11 bytes
}

// ParseURI answers in the Windows sample's words.
func ExampleParseURI() {
	for _, s := range []string{" ws://localhost:8080/echo ", "http://localhost/", "wss://host/#top", ""} {
		u, err := wsclient.ParseURI(s)
		fmt.Println(u, err)
	}
	// Output:
	// ws://localhost:8080/echo <nil>
	// <nil> Only 'ws' and 'wss' schemes supported. Please re-enter URI
	// <nil> URI fragments not supported in WebSocket URIs.
	// <nil> Please specify a URI to connect to
}
