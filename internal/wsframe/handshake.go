package wsframe

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// acceptGUID is the fixed string RFC 6455 §1.3 appends to the client's key.
// The server proves it understood the WebSocket handshake (and is not some
// HTTP server that happened to answer) by hashing key+GUID.
const acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// AcceptKey computes the Sec-WebSocket-Accept value for a client's
// Sec-WebSocket-Key: base64(SHA-1(key + GUID)).
func AcceptKey(clientKey string) string {
	// SHA-1 is what the RFC prescribes; it is a handshake check, not security.
	sum := sha1.Sum([]byte(clientKey + acceptGUID))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// ServerHandshake checks that r is a WebSocket opening handshake, takes the
// connection over from net/http and answers 101 Switching Protocols.
//
// It checks what RFC 6455 §4.2.1 asks of the request: GET, HTTP/1.1 or
// later, "Upgrade: websocket", "Connection: Upgrade", version 13 and a key
// that is 16 base64-encoded bytes. When a check fails it answers with a
// plain-text HTTP error (426 with the headers that invite an upgrade, 405
// or 400) and returns an error; nothing has been hijacked then.
//
// No subprotocol and no extension is agreed: RFC 6455 lets a server ignore
// the client's offers, and the frames that follow are plain frames.
//
// On success the caller owns the returned net.Conn (close it when done) and
// must read frames through the returned ReadWriter's Reader, which may
// already hold bytes the client sent right after its request. Deadlines
// net/http may have set are cleared.
func ServerHandshake(w http.ResponseWriter, r *http.Request) (net.Conn, *bufio.ReadWriter, error) {
	if code, err := checkRequest(w, r); err != nil {
		http.Error(w, err.Error(), code)
		return nil, nil, err
	}

	// http.ResponseController finds the Hijacker even when w is wrapped by
	// middleware (as long as the wrapper has an Unwrap method).
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "this server cannot take over the connection for a WebSocket", http.StatusInternalServerError)
		return nil, nil, fmt.Errorf("websocket handshake: hijack: %w", err)
	}
	// The server may have set deadlines for reading the request; a WebSocket
	// lives on, so clear them.
	if err := conn.SetDeadline(time.Time{}); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("websocket handshake: clear deadlines: %w", err)
	}
	// The hijacked bufio.Reader reads through net/http's internal reader,
	// which should not be used after a hijack (golang/go#32314). Keep the
	// bytes it already buffered and read the rest straight from the conn.
	buffered, _ := brw.Reader.Peek(brw.Reader.Buffered())
	brw.Reader.Reset(io.MultiReader(bytes.NewReader(buffered), conn))

	resp := "HTTP/1.1 101 Switching Protocols\r\n" +
		"Upgrade: websocket\r\n" +
		"Connection: Upgrade\r\n" +
		"Sec-WebSocket-Accept: " + AcceptKey(strings.TrimSpace(r.Header.Get("Sec-WebSocket-Key"))) + "\r\n" +
		"\r\n"
	_, err = brw.WriteString(resp)
	if err == nil {
		err = brw.Flush()
	}
	if err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("websocket handshake: write 101 response: %w", err)
	}
	return conn, brw, nil
}

// checkRequest returns the HTTP status and the reason a request is not a
// valid WebSocket opening handshake, or 0 and nil.
func checkRequest(w http.ResponseWriter, r *http.Request) (int, error) {
	if !headerHasToken(r.Header, "Connection", "upgrade") || !headerHasToken(r.Header, "Upgrade", "websocket") {
		// 426 Upgrade Required tells a browser or curl user that this URL
		// only speaks WebSocket.
		w.Header().Set("Connection", "Upgrade")
		w.Header().Set("Upgrade", "websocket")
		return http.StatusUpgradeRequired, errors.New("this is a WebSocket endpoint: the request must carry Connection: Upgrade and Upgrade: websocket")
	}
	if !r.ProtoAtLeast(1, 1) {
		return http.StatusBadRequest, fmt.Errorf("a WebSocket handshake needs HTTP/1.1 or later, not %s", r.Proto)
	}
	if r.Method != http.MethodGet {
		return http.StatusMethodNotAllowed, fmt.Errorf("a WebSocket handshake is a GET request, not %s", r.Method)
	}
	if code, err := checkVersion(w, r); err != nil {
		return code, err
	}
	keys := r.Header.Values("Sec-WebSocket-Key")
	if len(keys) != 1 {
		return http.StatusBadRequest, fmt.Errorf("the request must carry exactly one Sec-WebSocket-Key header, not %d", len(keys))
	}
	if k, err := base64.StdEncoding.DecodeString(strings.TrimSpace(keys[0])); err != nil || len(k) != 16 {
		return http.StatusBadRequest, fmt.Errorf("invalid Sec-WebSocket-Key %q: it must be 16 bytes in base64", keys[0])
	}
	return 0, nil
}

// checkVersion answers a handshake that does not ask for version 13. A
// version the server does not speak gets 426 Upgrade Required, the code
// RFC 6455 §4.2.2 names, and a missing one 400; both carry
// "Sec-WebSocket-Version: 13", telling the client which version the
// server speaks (§4.4).
func checkVersion(w http.ResponseWriter, r *http.Request) (int, error) {
	v := r.Header.Get("Sec-WebSocket-Version")
	if v == "13" {
		return 0, nil
	}
	w.Header().Set("Sec-WebSocket-Version", "13")
	if v == "" {
		return http.StatusBadRequest, errors.New("the request must carry Sec-WebSocket-Version: 13")
	}
	return http.StatusUpgradeRequired, fmt.Errorf("unsupported Sec-WebSocket-Version %q: only 13 is supported", v)
}

// RefuseVersion answers a WebSocket handshake that asks for another
// version than 13 (426 Upgrade Required, or 400 when none is named) and
// reports whether it did. A server whose WebSocket library answers such a
// handshake differently calls it first: coder/websocket says 400.
func RefuseVersion(w http.ResponseWriter, r *http.Request) bool {
	if !headerHasToken(r.Header, "Upgrade", "websocket") {
		return false // not a WebSocket handshake: the library words that
	}
	code, err := checkVersion(w, r)
	if err != nil {
		http.Error(w, err.Error(), code)
		return true
	}
	return false
}

// headerHasToken reports whether a comma-separated header such as
// "Connection: keep-alive, Upgrade" contains token, ignoring case.
func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}
