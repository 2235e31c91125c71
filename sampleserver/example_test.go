package sampleserver_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/sampleserver"
)

// Start a server on ephemeral loopback ports and talk to /sample the way
// the Windows sample's first scenario does.
func Example() {
	ctx := context.Background()
	srv, err := sampleserver.Start(ctx, sampleserver.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	c, _, err := websocket.Dial(ctx, srv.URL("/sample"), nil)
	if err != nil {
		panic(err)
	}
	defer c.CloseNow()

	c.Read(ctx) // "EchoWebSocket Connected at: <time>"
	c.Write(ctx, websocket.MessageText, []byte("Hello World"))
	_, reply, _ := c.Read(ctx)
	fmt.Println(string(reply))

	// The server echoes our close code and reason, so Close returns nil.
	fmt.Println(c.Close(websocket.StatusNormalClosure, "done"))
	// Output:
	// You said: "Hello World"
	// <nil>
}

// Connect over wss:// trusting the server's generated CA, and present the
// client certificate that /clientauth requires.
func ExampleServer_ClientAuthURL() {
	ctx := context.Background()
	srv, err := sampleserver.Start(ctx, sampleserver.Config{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{
		RootCAs:      srv.CAPool(),                               // trust the built-in CA
		Certificates: []tls.Certificate{srv.ClientCertificate()}, // and prove who we are
	}}}
	defer client.CloseIdleConnections()
	c, _, err := websocket.Dial(ctx, srv.ClientAuthURL(), &websocket.DialOptions{HTTPClient: client})
	if err != nil {
		panic(err)
	}
	defer c.CloseNow()
	fmt.Println("connected as", srv.ClientCertificate().Leaf.Subject.CommonName)
	c.Close(websocket.StatusNormalClosure, "")
	// Output: connected as WebSocketSample
}
