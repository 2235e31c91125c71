package conformance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// How the checker ends a connection: its answer to a close the server
// started, and its own polite close after a decided case.

// A client that receives a close frame it did not start answers with one
// (RFC 6455 §5.5.1), echoing a valid code; an empty close (no code, which
// §5.5.1 allows) with an empty one; a close the server must never have
// sent (a 1-byte payload, the code 1005 on the wire, §7.4.1) with 1002.
// Against a server that closes where X.10 expects the echo of its first
// message, the checker's last frame says which, and the result holds the
// server's close as it came.
func TestCheckerAnswersTheServersCloseRFC6455Section5_5_1(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		payload []byte
		reply   string     // the start of the checker's last frame in Sent
		seen    CloseFrame // the close observed: 1005 for none, 0 for a 1-byte payload
	}{
		{"1001 echoed", closePayload(1001, "bye"), "→ close frame (FIN, 2 bytes, masked) 88 82, code 1001", CloseFrame{Code: 1001, Reason: "bye"}},
		{"empty answered empty", nil, "→ close frame (FIN, 0 bytes, masked) 88 80", CloseFrame{Code: 1005}},
		{"1005 on the wire answered 1002", closePayload(1005, ""), "→ close frame (FIN, 2 bytes, masked) 88 82, code 1002", CloseFrame{Code: 1005}},
		{"1-byte payload answered 1002", []byte{0x03}, "→ close frame (FIN, 2 bytes, masked) 88 82, code 1002", CloseFrame{Code: 0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := runAgainst(t, startScripted(t, serverScript{closes: true, closeWith: tt.payload}), Options{}, keep("X.10"))
			r := rep.Results[0]
			if r.Verdict != Fail || len(r.Sent) == 0 || !strings.HasPrefix(r.Sent[len(r.Sent)-1], tt.reply) {
				t.Errorf("%s: %s: %s\nsent %q\nwant FAILED, the last frame sent %q", r.ID, verdicts(r), r.Detail, r.Sent, tt.reply)
			}
			if r.Observed.Close == nil || *r.Observed.Close != tt.seen {
				t.Errorf("%s: the close observed: %+v, want %+v", r.ID, r.Observed.Close, tt.seen)
			}
		})
	}
}

// After a decided case the checker closes with 1000 and reads the
// server's answer before it closes TCP: H.1's events end with the
// server's close frame and the server closing the connection.
func TestPoliteCloseReadsTheServersAnswerRFC6455Section7_1_1(t *testing.T) {
	t.Parallel()
	rep := runAgainst(t, startScripted(t, serverScript{}), Options{}, keep("H.1"))
	r := rep.Results[0]
	want := []string{"← close frame (FIN, code 1000 (normal closure))", "connection closed by the server"}
	if r.Verdict != Pass || !slices.Equal(r.Observed.Events[max(0, len(r.Observed.Events)-2):], want) {
		t.Errorf("%s: %s: %s\nevents %q\nwant them to end with %q", r.ID, verdicts(r), r.Detail, r.Observed.Events, want)
	}
}

// A server that never answers the checker's close leaves the connection
// open until the checker stops waiting (RFC 6455 §7.1.1 wants the server
// to close TCP first): H.1's observed end says so.
func TestUnansweredCloseEndsOpenAtTheDeadline(t *testing.T) {
	t.Parallel()
	rep := runAgainst(t, startTestServer(t, ignoresClose), Options{}, keep("H.1"))
	r := rep.Results[0]
	if r.Verdict != Pass || r.Observed.End != "open at the deadline" {
		t.Errorf("%s: %s: %s\nended %q, want \"open at the deadline\"", r.ID, verdicts(r), r.Detail, r.Observed.End)
	}
}

// An endpoint that greets each connection with a message of its own (the
// sample's /echo, tests only) but closes it instead: the run cannot
// start, and says there was no greeting and why.
func TestNoGreetingSaysWhy(t *testing.T) {
	t.Parallel()
	tg, err := newTarget(startScripted(t, serverScript{hangsUp: true}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tg.greeting = true
	ctx, cancel := context.WithTimeout(context.Background(), runBound)
	defer cancel()
	_, err = run(ctx, tg, keep("1.1.1"), nil)
	if want := "no greeting from the endpoint: closed by the server"; !errors.Is(err, ErrRefused) || !strings.Contains(fmt.Sprint(err), want) {
		t.Errorf("%v\nwant the words %q (ErrRefused)", err, want)
	}
}
