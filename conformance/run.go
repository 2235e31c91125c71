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
	if err := probe(ctx, tg); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
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
	defer t.end()
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
	t.end()
	t.res.Duration = time.Since(start)
	t.res.Wire = t.wire.list()
	if t.res.Verdict == "" {
		t.res.Verdict, t.res.Detail = Fail, "The case reached no verdict (a bug in the checker)."
	}
	return *t.res
}
