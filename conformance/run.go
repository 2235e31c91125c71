package conformance

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"
)

// Run checks the echo endpoint at uri with the cases filter keeps (all of
// them when filter is nil), one at a time, each on a connection of its
// own. progress, when set, is called with each Result as soon as its case
// ends, from the goroutine that called Run.
//
// Before any case, Run opens one WebSocket and sends one text message. An
// error wrapping ErrBadInput, ErrUnreachable, ErrRefused or ErrNotEcho
// means nothing could be checked: a bad address, a server that cannot be
// reached or refuses the handshake, or one that does not send the message
// back unchanged. A report of failures is not an error.
//
// When ctx ends, Run stops at once and returns the report of the cases
// done so far with ctx's error.
func Run(ctx context.Context, uri string, opts Options, filter func(Case) bool, progress func(Result)) (*Report, error) {
	tg, err := newTarget(uri, opts)
	if err != nil {
		return nil, err
	}
	return run(ctx, tg, filter, progress)
}

// run is Run on a prepared target (tests set its hidden settings).
func run(ctx context.Context, tg *target, filter func(Case) bool, progress func(Result)) (*Report, error) {
	if err := probe(ctx, tg); err != nil {
		return nil, err
	}
	rep := &Report{URI: tg.uri, Started: time.Now()}
	defer rep.finish()
	for _, c := range allCases() {
		if filter != nil && !filter(c) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		r := runCase(ctx, tg, c)
		if err := ctx.Err(); err != nil {
			return rep, err // the case was cut short: its verdict means nothing
		}
		rep.Results = append(rep.Results, r)
		if progress != nil {
			progress(r)
		}
	}
	return rep, nil
}

// probeText is the message that shows an endpoint is an echo.
const probeText = "WebSocket Sample conformance check: please echo this message."

// probe opens one WebSocket and checks that the endpoint echoes a text
// message. Its error says in plain words what is wrong.
func probe(ctx context.Context, tg *target) error {
	t := newTrial(ctx, tg, tg.timeout, &Result{})
	defer func() {
		t.closeAll()
		for _, ws := range t.sockets {
			ws.finishWrite()
		}
	}()
	c, _, err := t.dialWS(tg.handshakeRequest())
	if err != nil {
		return err
	}
	notEcho := func(format string, args ...any) error {
		return &setupError{kind: ErrNotEcho, msg: fmt.Sprintf("%s is not an echo endpoint: ", tg.uri) + fmt.Sprintf(format, args...) +
			". The checker needs an endpoint that sends every message back unchanged (such as the built-in server's /echo)."}
	}
	c.send(frame{Fin: true, Opcode: opText, Payload: []byte(probeText)})
	var got []byte
	var op = opContinuation
	for {
		f, err := c.next()
		switch {
		case err != nil && isTimeout(err):
			return notEcho("it did not send our text message back within %v", tg.timeout)
		case err != nil:
			return notEcho("it ended the connection (%s) instead of sending our text message back", endWords(err))
		case f.Opcode == opClose:
			code, reason, _ := parseClose(f.Payload)
			return notEcho("it closed the connection (%s, reason %s) instead of sending our text message back", codeWords(code), quoteReason(reason))
		case f.Opcode.IsControl():
			continue
		}
		if op == opContinuation {
			op = f.Opcode
		}
		got = append(got, f.Payload...)
		if len(got) > 4096 {
			return notEcho("it answered our text message with more than 4 KiB")
		}
		if !f.Fin {
			continue
		}
		if op != opText || !bytes.Equal(got, []byte(probeText)) {
			return notEcho("it answered our text message %q with the %v message %s", probeText, op, previewN(got, 100))
		}
		c.closePolitely()
		return nil
	}
}

// runCase runs one case and returns its result.
func runCase(ctx context.Context, tg *target, c Case) Result {
	start := time.Now()
	t := newTrial(ctx, tg, max(tg.timeout, c.minTimeout), &Result{Case: c})
	stop := context.AfterFunc(ctx, t.closeAll) // unblock reads and writes at once
	c.run(t)
	stop()
	t.closeAll()
	for _, ws := range t.sockets {
		ws.finishWrite()
	}
	t.res.Duration = time.Since(start)
	if t.res.Verdict == "" {
		t.res.Verdict, t.res.Detail = Fail, "The case reached no verdict (a bug in the checker)."
	}
	return *t.res
}

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
func (t *trial) politeWait() time.Duration { return min(500*time.Millisecond, t.timeout/4) }

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
	if t.res.Verdict != "" {
		return
	}
	detail := capital(fmt.Sprintf(format, args...))
	if !strings.HasSuffix(detail, ".") {
		detail += "."
	}
	t.res.Verdict, t.res.Detail = v, detail
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
		return nil, err
	}
	if !t.track(nc) {
		return nil, net.ErrClosed
	}
	return nc, nil
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
	c, _, err := t.dialWS(t.tg.handshakeRequest())
	if err != nil {
		if errors.Is(err, net.ErrClosed) {
			t.fail("interrupted")
		} else {
			t.fail("could not open a WebSocket for this case: %v", err)
		}
		return nil
	}
	return c
}
