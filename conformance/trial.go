package conformance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"
)

// trial is one case being run: its deadline, its connections and the
// result being filled in.
type trial struct {
	ctx      context.Context
	tg       *target
	timeout  time.Duration
	deadline time.Time
	res      *Result

	mu     sync.Mutex
	conns  []net.Conn
	closed bool
	// sockets are the case's WebSockets, whose background writes must end
	// with the case.
	sockets []*wsConn
	// wire logs the frames of the case's connections (wirelog.go).
	wire wireLog
	// lost is why the case could not reach the server at all: no TCP
	// connection, or no answer to a plain handshake. Run then checks
	// whether the server stopped answering.
	lost error
}

func newTrial(ctx context.Context, tg *target, timeout time.Duration, res *Result) *trial {
	return &trial{ctx: ctx, tg: tg, timeout: timeout, deadline: time.Now().Add(timeout), res: res}
}

// track registers a connection to close when the case ends; it closes it
// and reports false when the case has already ended.
func (t *trial) track(nc net.Conn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		nc.Close()
		return false
	}
	t.conns = append(t.conns, nc)
	return true
}

// end closes the case's connections and waits for its background writes.
func (t *trial) end() {
	t.closeAll()
	for _, ws := range t.sockets {
		ws.finishWrite()
	}
}

// closeAll closes every connection of the case.
func (t *trial) closeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	for _, nc := range t.conns {
		nc.Close()
	}
	t.conns = nil
}

// politeWait bounds the wait for a close answer the case does not judge.
func (t *trial) politeWait() time.Duration { return min(500*time.Millisecond, t.timeout/10) }

// maxEvents bounds the events kept per case.
const maxEvents = 40

func (t *trial) sent(line string) {
	if len(t.res.Sent) < maxEvents {
		t.res.Sent = append(t.res.Sent, "→ "+line)
	} else if len(t.res.Sent) == maxEvents {
		t.res.Sent = append(t.res.Sent, "… (more frames)")
	}
}

func (t *trial) event(format string, args ...any) {
	ev := &t.res.Observed.Events
	if len(*ev) < maxEvents {
		*ev = append(*ev, fmt.Sprintf(format, args...))
	} else if len(*ev) == maxEvents {
		*ev = append(*ev, "… (more)")
	}
}

// verdict sets the case's verdict and its words. The first verdict
// stands: a case decides once.
func (t *trial) verdict(v Verdict, format string, args ...any) {
	if t.res.Verdict == "" {
		t.res.Verdict, t.res.Detail = v, sentence(format, args...)
	}
}

// closeVerdict sets the case's close behaviour and its words, once.
func (t *trial) closeVerdict(v Verdict, format string, args ...any) {
	if t.res.CloseVerdict == "" {
		t.res.CloseVerdict, t.res.CloseDetail = v, sentence(format, args...)
	}
}

// sentence formats a verdict's words as a sentence: a capital first
// letter and a full stop.
func sentence(format string, args ...any) string {
	s := capital(fmt.Sprintf(format, args...))
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func (t *trial) pass(format string, args ...any)      { t.verdict(Pass, format, args...) }
func (t *trial) fail(format string, args ...any)      { t.verdict(Fail, format, args...) }
func (t *trial) nonStrict(format string, args ...any) { t.verdict(NonStrict, format, args...) }
func (t *trial) info(format string, args ...any)      { t.verdict(Informational, format, args...) }

// connect opens the TCP (and TLS) connection for a case, tracked so that
// it is closed when the case ends.
func (t *trial) connect() (net.Conn, error) {
	nc, err := t.tg.dial(t.ctx, t.deadline)
	if err != nil {
		t.lost = err
		return nil, err
	}
	if !t.track(nc) {
		return nil, net.ErrClosed
	}
	return t.wire.tap(nc), nil
}

// dialWS connects and does the opening handshake req, and checks the
// server's answer the way a client must. Its errors wrap ErrUnreachable
// or ErrRefused and say what went wrong.
func (t *trial) dialWS(req *request) (*wsConn, *handshakeAnswer, error) {
	nc, err := t.connect()
	if err != nil {
		return nil, nil, err
	}
	br, ans, err := sendHandshake(nc, req, t.deadline)
	if err != nil && t.tg.secure && strings.Contains(err.Error(), "tls: ") {
		// With TLS 1.3 the server judges the client's certificate after
		// the client's side of the handshake is done: its refusal arrives
		// as an alert on the first read.
		return nil, nil, &setupError{kind: ErrUnreachable, msg: tlsProblem(t.tg.dialAddr, err), cause: err}
	}
	if err != nil {
		msg := fmt.Sprintf("%s gave no valid answer to the WebSocket handshake: %s", t.tg.dialAddr, endWords(err))
		if isTimeout(err) {
			msg = fmt.Sprintf("%s did not answer the WebSocket handshake within %v", t.tg.dialAddr, t.timeout)
		}
		return nil, nil, &setupError{kind: ErrRefused, msg: msg, cause: err}
	}
	t.res.Observed.HTTPStatus = ans.status
	if p := acceptProblem(ans, req, t.tg.opts.Subprotocols); p != "" {
		return nil, ans, &setupError{kind: ErrRefused, msg: "the server refused the WebSocket handshake: " + p}
	}
	c := &wsConn{t: t, nc: nc, br: br}
	t.sockets = append(t.sockets, c)
	if t.tg.greeting {
		if err := c.skipGreeting(); err != nil {
			return nil, ans, &setupError{kind: ErrRefused, msg: "no greeting from the endpoint: " + endWords(err), cause: err}
		}
	}
	return c, ans, nil
}

// open opens a WebSocket for a case. When it cannot, the case fails with
// the reason and open returns nil.
func (t *trial) open() *wsConn {
	c, ans, err := t.dialWS(t.tg.handshakeRequest())
	if err != nil && ans == nil && !errors.Is(err, net.ErrClosed) {
		t.lost = err // a plain handshake without any answer
	}
	if err != nil {
		// As Autobahn says of a case whose handshake never completed.
		t.closeVerdict(Fail, "the WebSocket opening handshake was never completed")
		if errors.Is(err, net.ErrClosed) {
			t.fail("interrupted")
		} else {
			t.fail("could not open a WebSocket for this case: %v", err)
		}
		return nil
	}
	return c
}
