package conformance

import (
	"bytes"
	"context"
	"fmt"
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
	server, err := probe(ctx, tg)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, err
	}
	rep := &Report{URI: tg.uri, Server: server, Started: time.Now()}
	defer rep.finish()
	var todo []Case
	for _, c := range allCases() {
		if filter == nil || filter(c) {
			todo = append(todo, c)
		}
	}
	for i, c := range todo {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		r, lost := caseRun(ctx, tg, c)
		if err := ctx.Err(); err != nil {
			return rep, err // the case was cut short: its verdict means nothing
		}
		if lost != nil {
			// The case could not reach the server. If the server no longer
			// answers at all, this case and the rest are not run: one
			// sentence says so, rather than a failure per case that only
			// repeats "connection refused". If it answers again, it was a
			// passing problem and the case's own verdict stands.
			if _, perr := probe(ctx, tg); perr != nil {
				if err := ctx.Err(); err != nil {
					return rep, err
				}
				rep.Stopped = stoppedWords(rep.Results, perr)
				rep.NotRun = todo[i:]
				return rep, nil
			}
		}
		rep.Results = append(rep.Results, r)
		if progress != nil {
			progress(r)
		}
	}
	return rep, nil
}

// stoppedWords says that the server stopped answering, after which case,
// and why the check that confirmed it failed.
func stoppedWords(done []Result, err error) string {
	after := "before the first case"
	if len(done) > 0 {
		after = "after " + done[len(done)-1].ID
	}
	return fmt.Sprintf("the server stopped answering %s: %v", after, err)
}

// probeText is the message that shows an endpoint is an echo.
const probeText = "WebSocket Sample conformance check: please echo this message."

// Probe checks that the endpoint at uri is an echo, as Run does before
// its cases, and returns the Server header of its handshake answer (""
// when it sent none). Its errors are Run's.
func Probe(ctx context.Context, uri string, opts Options) (server string, err error) {
	tg, err := newTarget(uri, opts)
	if err != nil {
		return "", err
	}
	return probe(ctx, tg)
}

// probe opens one WebSocket and checks that the endpoint echoes a text
// message, and returns the answer's Server header. Its error says in
// plain words what is wrong.
func probe(ctx context.Context, tg *target) (string, error) {
	t := newTrial(ctx, tg, tg.timeout, &Result{})
	defer t.end()
	c, ans, err := t.dialWS(tg.handshakeRequest())
	if err != nil {
		return "", err
	}
	server := ans.header.Get("Server")
	notEcho := func(format string, args ...any) (string, error) {
		return "", &setupError{kind: ErrNotEcho, msg: fmt.Sprintf("%s is not an echo endpoint: ", tg.uri) + fmt.Sprintf(format, args...) +
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
		return server, nil
	}
}

// runCase runs one case and returns its result.
func runCase(ctx context.Context, tg *target, c Case) Result {
	r, _ := caseRun(ctx, tg, c)
	return r
}

// caseRun runs one case and returns its result and, when the case could
// not reach the server (no TCP connection, or no answer at all to a
// plain handshake), why.
func caseRun(ctx context.Context, tg *target, c Case) (Result, error) {
	start := time.Now()
	t := newTrial(ctx, tg, tg.caseTimeout(c), &Result{Case: c})
	stop := context.AfterFunc(ctx, t.closeAll) // unblock reads and writes at once
	c.run(t)
	stop()
	t.end()
	t.res.Started, t.res.Duration = start, time.Since(start)
	t.res.Wire = t.wire.list()
	if t.res.Verdict == "" {
		t.res.Verdict, t.res.Detail = Fail, "The case reached no verdict (a bug in the checker)."
	}
	return *t.res, t.lost
}
