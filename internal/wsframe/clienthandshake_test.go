package wsframe

import (
	"net/http"
	"testing"
)

// Each rule of RFC 6455 §4.1 for the server's 101, with the sentence a
// person reads when it is broken.
func TestCheckServerHandshake(t *testing.T) {
	const key = "dGhlIHNhbXBsZSBub25jZQ==" // the example of §1.3
	good := func() *http.Response {
		return &http.Response{StatusCode: 101, Status: "101 Switching Protocols", Header: http.Header{
			"Upgrade":              {"WebSocket"},
			"Connection":           {"keep-alive, Upgrade"},
			"Sec-Websocket-Accept": {"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
		}}
	}
	for _, tc := range []struct {
		name    string
		change  func(*http.Response)
		offered []string
		want    string
	}{
		{"valid", func(*http.Response) {}, nil, ""},
		{"offered subprotocol", func(r *http.Response) { r.Header.Set("Sec-WebSocket-Protocol", "chat") }, []string{"superchat", "chat"}, ""},
		{"not 101", func(r *http.Response) { r.StatusCode, r.Status = 200, "200 OK" }, nil, "the server answered 200 OK, not 101 Switching Protocols"},
		{"no Upgrade", func(r *http.Response) { r.Header.Del("Upgrade") }, nil, `the server's 101 answer does not say "Upgrade: websocket"`},
		{"no Connection", func(r *http.Response) { r.Header.Set("Connection", "close") }, nil, `the server's 101 answer does not say "Connection: Upgrade"`},
		{"wrong accept", func(r *http.Response) { r.Header.Set("Sec-WebSocket-Accept", "AAAA") }, nil, "the server's Sec-WebSocket-Accept does not match the key the client sent"},
		{"extension", func(r *http.Response) {
			r.Header.Set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits, x-other")
		}, nil, `the server chose extension "permessage-deflate", which the client did not offer`},
		{"subprotocol not offered", func(r *http.Response) { r.Header.Set("Sec-WebSocket-Protocol", "chat") }, nil, `the server chose subprotocol "chat", which the client did not offer`},
		{"subprotocol of another case", func(r *http.Response) { r.Header.Set("Sec-WebSocket-Protocol", "Chat") }, []string{"chat"}, `the server chose subprotocol "Chat", which the client did not offer`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := good()
			tc.change(r)
			err := CheckServerHandshake(r, key, tc.offered, "")
			if got := errText(err); got != tc.want {
				t.Errorf("CheckServerHandshake = %q, want %q", got, tc.want)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
