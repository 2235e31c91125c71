package conformance

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// request is an opening handshake request as raw header lines: the
// checker writes the bytes itself so that a case can send a broken one
// (a wrong version, no key, a huge header) that net/http would refuse to
// write.
type request struct {
	method, target, proto string
	headers               []headerLine
	// key is the Sec-WebSocket-Key the request was made with, to check
	// the server's Sec-WebSocket-Accept against.
	key string
}

type headerLine struct{ name, value string }

// newKey makes a Sec-WebSocket-Key: 16 random bytes in base64 (§4.1).
func newKey() string {
	var k [16]byte
	rand.Read(k[:])
	return base64.StdEncoding.EncodeToString(k[:])
}

// offers returns the value of the request's header name, or "".
func (r *request) offers(name string) string {
	for _, h := range r.headers {
		if strings.EqualFold(h.name, name) {
			return h.value
		}
	}
	return ""
}

// deflateAnswerProblem checks a server's answer to the checker's offer of
// permessage-deflate with client_max_window_bits (RFC 7692 §7.1): one
// extension, permessage-deflate, with each parameter at most once and a
// window of 8 to 15 bits. It returns what is wrong, or "".
func deflateAnswerProblem(ext string) string {
	if strings.Contains(ext, ",") {
		return fmt.Sprintf("it agreed to several extensions (%q) where the checker offered one (RFC 6455 §9.1)", ext)
	}
	parts := strings.Split(ext, ";")
	if strings.TrimSpace(parts[0]) != "permessage-deflate" {
		return fmt.Sprintf("it agreed to the extension %q, which the checker never offered", ext)
	}
	seen := map[string]bool{}
	for _, p := range parts[1:] {
		name, value, hasValue := strings.Cut(strings.TrimSpace(p), "=")
		name, value = strings.TrimSpace(name), strings.Trim(strings.TrimSpace(value), `"`)
		if seen[name] {
			return fmt.Sprintf("its permessage-deflate answer has %s twice (RFC 7692 §7)", name)
		}
		seen[name] = true
		switch name {
		case "server_no_context_takeover", "client_no_context_takeover":
			if hasValue {
				return fmt.Sprintf("its permessage-deflate answer gives %s a value (RFC 7692 §7.1.1)", name)
			}
		case "server_max_window_bits", "client_max_window_bits":
			if bits, err := strconv.Atoi(value); err != nil || bits < 8 || bits > 15 {
				return fmt.Sprintf("its permessage-deflate answer has %s=%q, not 8 to 15 (RFC 7692 §7.1.2)", name, value)
			}
		default:
			return fmt.Sprintf("its permessage-deflate answer has the unknown parameter %q (RFC 7692 §7.1)", name)
		}
	}
	return ""
}

func (r *request) add(name, value string) { r.headers = append(r.headers, headerLine{name, value}) }

// set replaces the value of the header name, or adds it.
func (r *request) set(name, value string) {
	for i, h := range r.headers {
		if strings.EqualFold(h.name, name) {
			r.headers[i].value = value
			return
		}
	}
	r.add(name, value)
}

// del removes the header name.
func (r *request) del(name string) {
	kept := r.headers[:0]
	for _, h := range r.headers {
		if !strings.EqualFold(h.name, name) {
			kept = append(kept, h)
		}
	}
	r.headers = kept
}

// bytes is the request as it goes on the wire.
func (r *request) bytes() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %s\r\n", r.method, r.target, r.proto)
	for _, h := range r.headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h.name, h.value)
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// describe is the request for a report: its lines, long values cut.
func (r *request) describe() string {
	lines := []string{fmt.Sprintf("%s %s %s", r.method, r.target, r.proto)}
	for _, h := range r.headers {
		v := h.value
		if len(v) > 60 {
			v = fmt.Sprintf("%s… (%d bytes)", v[:40], len(v))
		}
		lines = append(lines, h.name+": "+v)
	}
	return strings.Join(lines, " | ")
}

// maxResponseHeader bounds the handshake answer the checker reads.
const maxResponseHeader = 64 << 10

// handshakeAnswer is what the server answered to an opening handshake.
type handshakeAnswer struct {
	status     int
	statusText string // "404 Not Found"
	header     http.Header
	bodyLine   string // the first line of a refusal's body
}

// sendHandshake writes req on nc and reads the answer, by deadline.
// The returned reader holds whatever the server sent after its answer
// (the first frames, once the WebSocket is open).
func sendHandshake(nc net.Conn, req *request, deadline time.Time) (*bufio.Reader, *handshakeAnswer, error) {
	nc.SetDeadline(deadline)
	if _, err := nc.Write(req.bytes()); err != nil {
		return nil, nil, err
	}
	br := bufio.NewReader(nc)
	ans, err := readAnswer(br)
	return br, ans, err
}

// readAnswer reads an HTTP answer from br. Only the status line and the
// headers are taken from br for a 101 (frames come next); for a refusal
// also the first line of its body, which usually says why. Both are
// bounded, so a server cannot make the checker read without end.
func readAnswer(br *bufio.Reader) (*handshakeAnswer, error) {
	block, err := readHeaderBlock(br)
	if err != nil {
		return nil, err
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
	if err != nil {
		return nil, err
	}
	ans := &handshakeAnswer{status: resp.StatusCode, statusText: resp.Status, header: resp.Header}
	if resp.StatusCode == http.StatusSwitchingProtocols {
		return ans, nil
	}
	// Parse again with the body after the headers, so that net/http
	// undoes a chunked or length-delimited body for us.
	resp, err = http.ReadResponse(bufio.NewReader(io.MultiReader(bytes.NewReader(block), io.LimitReader(br, 512))), nil)
	if err == nil {
		line, _ := bufio.NewReader(resp.Body).ReadString('\n')
		ans.bodyLine = strings.TrimSpace(line)
		resp.Body.Close()
	}
	return ans, nil
}

// readHeaderBlock reads the status line and headers up to and including
// the empty line that ends them, at most maxResponseHeader bytes.
func readHeaderBlock(br *bufio.Reader) ([]byte, error) {
	var block []byte
	lineStart := true
	for {
		chunk, err := br.ReadSlice('\n')
		block = append(block, chunk...)
		if len(block) > maxResponseHeader {
			return nil, fmt.Errorf("the answer's headers are longer than %d bytes", maxResponseHeader)
		}
		switch {
		case err == bufio.ErrBufferFull:
			lineStart = false // the same line goes on
			continue
		case err == io.EOF && len(block) == 0:
			return nil, io.EOF
		case err != nil:
			return nil, unexpected(err)
		}
		if lineStart && (string(chunk) == "\r\n" || string(chunk) == "\n") {
			return block, nil
		}
		lineStart = true
	}
}

// describe is the answer for a report: "HTTP 404 Not Found (No such endpoint)".
func (a *handshakeAnswer) describe() string {
	s := "HTTP " + a.statusText
	if a.bodyLine != "" {
		s += " (" + a.bodyLine + ")"
	}
	return s
}

// acceptProblem checks a 101 answer the way a client must (§4.1, the
// numbered list at its end) and returns what is wrong with it, or "".
func acceptProblem(a *handshakeAnswer, req *request, offered []string) string {
	if a.status != http.StatusSwitchingProtocols {
		return "it answered " + a.describe() + " instead of 101 Switching Protocols"
	}
	if !strings.EqualFold(a.header.Get("Upgrade"), "websocket") {
		return fmt.Sprintf("its 101 answer has Upgrade: %q, not websocket", a.header.Get("Upgrade"))
	}
	if !hasToken(a.header, "Connection", "upgrade") {
		return fmt.Sprintf("its 101 answer has Connection: %q, without Upgrade", a.header.Get("Connection"))
	}
	if got, want := a.header.Get("Sec-WebSocket-Accept"), wsframe.AcceptKey(req.key); got != want {
		return fmt.Sprintf("its Sec-WebSocket-Accept is %q, where %q proves it read our key", got, want)
	}
	if ext := a.header.Get("Sec-WebSocket-Extensions"); ext != "" {
		if req.offers("Sec-WebSocket-Extensions") == "" {
			return fmt.Sprintf("it agreed to the extension %q, which the checker never offered", ext)
		}
		if p := deflateAnswerProblem(ext); p != "" {
			return p
		}
	}
	if p := a.header.Get("Sec-WebSocket-Protocol"); p != "" {
		found := false
		for _, o := range offered {
			found = found || o == p
		}
		if !found {
			return fmt.Sprintf("it chose the subprotocol %q, which the checker never offered", p)
		}
	}
	return ""
}

// hasToken reports whether a comma-separated header contains token,
// ignoring case ("Connection: keep-alive, Upgrade").
func hasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}
