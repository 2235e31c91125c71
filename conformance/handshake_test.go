package conformance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// A client must fail a 101 answer that does not prove the server read its
// key, or agrees to what was never offered (§4.1).
func TestAcceptProblem(t *testing.T) {
	req := &request{key: "dGhlIHNhbXBsZSBub25jZQ=="}
	good := func() *handshakeAnswer {
		return &handshakeAnswer{status: 101, statusText: "101 Switching Protocols", header: http.Header{
			"Upgrade":              {"websocket"},
			"Connection":           {"Upgrade"},
			"Sec-Websocket-Accept": {wsframe.AcceptKey(req.key)},
		}}
	}
	if p := acceptProblem(good(), req, nil); p != "" {
		t.Fatalf("a good answer: %s", p)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*handshakeAnswer)
		words string
	}{
		{"refused", func(a *handshakeAnswer) { a.status, a.statusText = 404, "404 Not Found" }, "answered HTTP 404 Not Found"},
		{"no Upgrade", func(a *handshakeAnswer) { a.header.Del("Upgrade") }, "Upgrade"},
		{"no Connection", func(a *handshakeAnswer) { a.header.Set("Connection", "keep-alive") }, "without Upgrade"},
		{"wrong Accept", func(a *handshakeAnswer) { a.header.Set("Sec-WebSocket-Accept", "x") }, "where \"s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\" proves it read our key"},
		{"extension", func(a *handshakeAnswer) { a.header.Set("Sec-WebSocket-Extensions", "permessage-deflate") }, "never offered"},
		{"subprotocol", func(a *handshakeAnswer) { a.header.Set("Sec-WebSocket-Protocol", "chat") }, "subprotocol \"chat\""},
	} {
		a := good()
		tt.edit(a)
		if p := acceptProblem(a, req, nil); !strings.Contains(p, tt.words) {
			t.Errorf("%s: %q, want the words %q", tt.name, p, tt.words)
		}
	}
}

// Options.Header and Options.Subprotocols go with every handshake.
func TestOptionsHeaderAndSubprotocols(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer sesame" {
			http.Error(w, "Who are you?", http.StatusUnauthorized)
			return
		}
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{Subprotocols: []string{"echo.v2"}})
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			typ, p, err := c.Read(context.Background())
			if err != nil || c.Write(context.Background(), typ, p) != nil {
				return
			}
		}
	}))
	defer hs.Close()
	url := "ws" + strings.TrimPrefix(hs.URL, "http") + "/"

	if _, err := Run(context.Background(), url, Options{}, nil, nil); err == nil || !strings.Contains(err.Error(), "HTTP 401 Unauthorized (Who are you?)") {
		t.Errorf("without the header: %v", err)
	}
	opts := Options{Header: http.Header{"Authorization": {"Bearer sesame"}}, Subprotocols: []string{"echo.v1", "echo.v2"}}
	rep := runAgainst(t, url, opts, keep("H.1", "1.1.1"))
	for _, r := range rep.Results {
		if r.Verdict != Pass {
			t.Errorf("%s: %s: %s", r.ID, r.Verdict, r.Detail)
		}
		if r.ID == "H.1" && !strings.Contains(strings.Join(r.Sent, ""), "Sec-WebSocket-Protocol: echo.v1, echo.v2 | User-Agent: wssample-conformance | Authorization: Bearer sesame") {
			t.Errorf("the handshake sent: %s", r.Sent)
		}
	}
}
