package conformance

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"time"
)

// runCase plays case n against the client on nc for agent, and records
// its result.
func (s *FuzzingServer) runCase(nc net.Conn, br *bufio.Reader, req *http.Request, n int, agent string) {
	s.seen(agent)
	defer s.begin(agent)()
	c := s.cases[n-1]
	if s.opts.Skip != nil && s.opts.Skip(agent, c) {
		s.note("case %s (%d) is excluded for the agent %q: not played", c.ID, n, agent)
		s.answerText(nc, br, req, "", "case "+c.ID+" is excluded for this agent")
		return
	}
	start := time.Now()
	tg := &target{uri: s.URL() + req.URL.RequestURI(), timeout: s.opts.CaseTimeout, timeScale: s.opts.timeScale, maxHeld: s.opts.maxHeld}
	t := newTrial(s.ctx, tg, max(tg.timeout, c.minTimeout), &Result{Case: c})
	if !t.track(nc) {
		return
	}
	stop := context.AfterFunc(s.ctx, t.closeAll)
	t.event("← %s", requestWords(req))
	var pmd *pmdSession
	ext := ""
	if c.ab != nil && c.ab.offers != nil {
		var err error
		if ext, pmd, err = agreePMD(req.Header.Values("Sec-WebSocket-Extensions"), c.ab.offers); err != nil {
			ext, pmd = "", nil // a window the encoder cannot keep: decline
			t.event("permessage-deflate declined: %v", err)
		}
	}
	headers, err := answer101(nc, req, c.fault, ext)
	t.sent("HTTP 101 Switching Protocols (" + headers + ")")
	switch {
	case err != nil:
		t.fail("the client was gone before the server's answer to its opening handshake: %s", endWords(err))
		t.closeVerdict(Fail, "the WebSocket opening handshake was never completed")
	case c.fault != answerRight:
		judgeRefusal(t, &wsConn{t: t, nc: nc, br: br})
	default:
		ws := &wsConn{t: t, nc: nc, br: br}
		t.sockets = append(t.sockets, ws)
		if pmd != nil {
			t.event("permessage-deflate agreed: %q, to the client's offer %q", ext, req.Header.Get("Sec-WebSocket-Extensions"))
		}
		playAB(t, ws, c.ab, asServer, pmd)
	}
	stop()
	t.end()
	if s.ctx.Err() != nil {
		return // stopped mid-case: its verdict means nothing
	}
	t.res.Started, t.res.Duration = start, time.Since(start) // Autobahn's report has both
	if t.res.Verdict == "" {
		t.res.Verdict, t.res.Detail = Fail, "The case reached no verdict (a bug in the fuzzing server)."
	}
	s.record(agent, n, *t.res)
}

// judgeRefusal judges a client after a broken 101 answer: it must fail
// the connection (§4.1: "If the server's response does not conform to
// the requirements … the client MUST _Fail the WebSocket Connection_"),
// and as the connection never opened, that means closing TCP without a
// frame. To tell a client that did not look from one that is only slow,
// the server sends a text message and waits refusalWait for an echo.
func judgeRefusal(t *trial, c *wsConn) {
	hello := frame{Fin: true, Opcode: opText, Payload: []byte("Hello, world!"), Unmasked: true}
	t.sent(asServer.describe(&hello))
	c.write(hello.encode())
	wait := t.tg.scaled(refusalWait)
	c.nc.SetReadDeadline(time.Now().Add(wait))
	f, err := readFrame(c.br, maxReadPayload)
	switch {
	case err != nil && isTimeout(err):
		t.event("the connection was still open after %v, and the client had sent nothing", wait)
		t.fail("the client kept the connection open for %v after the broken answer: it did not fail the connection (§4.1)", wait)
		t.closeVerdict(Fail, "the fuzzing server had to close the connection the client should have failed")
	case err != nil:
		t.event("connection %s", asServer.endWords(err))
		t.pass("the client closed the TCP connection without a frame: it failed the connection, as §4.1 asks")
		t.closeVerdict(Pass, "the client closed the TCP connection")
	case f.Opcode == opClose:
		t.event("← %s", f.describe())
		code, _, _ := parseClose(f.Payload)
		t.nonStrict("the client failed the connection, but with a close frame (%s), as if the WebSocket had opened; §4.1 has it close TCP", codeWords(code))
		t.closeVerdict(Pass, "the client started the close")
	default:
		t.event("← %s", f.describe())
		t.fail("the client took the broken answer as valid and sent %s: it must fail the connection (§4.1)", f.describe())
		t.closeVerdict(Fail, "the fuzzing server had to close the connection the client should have failed")
	}
}
