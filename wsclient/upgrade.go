package wsclient

import (
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// upgradeTransport is the HTTP transport of one opening handshake. When
// the server answers 101 it checks the answer as RFC 6455 §4.1 asks (one
// check for every client type, before the library or FrameSocket sees it)
// and puts a wire.Conn in place of the response body, the upgraded
// connection: below the library and above TLS, so it reads frames in the
// clear on wss too, and through a proxy. It also feeds the handshake's
// timeline: the httptrace callbacks, then the answer.
type upgradeTransport struct {
	base *http.Transport
	rec  *timelineRecorder

	mu   sync.Mutex
	wire *wire.Conn // the upgraded connection, once the server agreed
}

// RoundTrip sends the request and takes over a 101 answer.
func (t *upgradeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// The 101's body hides the net.Conn under it; the trace hands it over,
	// for write deadlines. A trace already in the context still gets its
	// calls: WithClientTrace chains them.
	var mu sync.Mutex
	var conn net.Conn
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		mu.Lock()
		conn = info.Conn
		mu.Unlock()
	}}
	ctx := httptrace.WithClientTrace(req.Context(), t.rec.trace())
	resp, err := t.base.RoundTrip(req.WithContext(httptrace.WithClientTrace(ctx, trace)))
	if err != nil {
		return resp, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.rec.answered(req, resp, "")
		return resp, err
	}
	offered := splitTokens(req.Header.Get("Sec-WebSocket-Protocol"))
	extensions := req.Header.Get("Sec-WebSocket-Extensions")
	if err := wsframe.CheckServerHandshake(resp, req.Header.Get("Sec-WebSocket-Key"), offered, extensions); err != nil {
		t.rec.answered(req, resp, err.Error())
		resp.Body.Close()
		return nil, &badUpgradeError{status: resp.Status, err: err}
	}
	rwc, ok := resp.Body.(io.ReadWriteCloser)
	if !ok { // net/http has always given one since Go 1.12
		err := errNoWritableConn
		t.rec.answered(req, resp, err.Error())
		resp.Body.Close()
		return nil, &badUpgradeError{status: resp.Status, err: err}
	}
	t.rec.answered(req, resp, "")
	mu.Lock()
	w := wire.New(rwc, conn)
	mu.Unlock()
	if resp.Header.Get("Sec-WebSocket-Extensions") != "" {
		// The check above let through only a permessage-deflate the
		// client offered: RSV1 now marks compressed messages.
		w.AllowCompression()
	}
	resp.Body = w
	t.mu.Lock()
	t.wire = w
	t.mu.Unlock()
	return resp, nil
}

// upgraded is the wire.Conn of the handshake's 101, or nil.
func (t *upgradeTransport) upgraded() *wire.Conn {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.wire
}

// splitTokens splits a comma-separated header value such as
// "chat.v1, chat.v2".
func splitTokens(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// badUpgradeError is a 101 answer the client must refuse (§4.1).
type badUpgradeError struct {
	status string // "101 Switching Protocols"
	err    error
}

func (e *badUpgradeError) Error() string { return e.err.Error() }
func (e *badUpgradeError) Unwrap() error { return e.err }
