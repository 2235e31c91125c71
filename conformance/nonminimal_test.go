package conformance

import (
	"bufio"
	"context"
	"net"
	"testing"
	"time"
)

// §5.2: "the minimal number of bytes MUST be used to encode the length"
// is a rule for the sender; a receiver may refuse a frame that breaks it
// (1002) or take it. X.2 and X.3 send a 5-byte text message in a 16-bit
// and a 64-bit length and report the server's choice, INFORMATIONAL
// either way, in words that say which: a close (with its code), a
// dropped connection, or the message back. A server that does none of
// these within the case's time is FAILED.
func TestNonMinimalLengthCasesReportTheServersChoiceRFC6455Section5_2(t *testing.T) {
	t.Parallel()
	readsAndDrops := func(_ net.Conn, br *bufio.Reader, _ <-chan struct{}) { readFrame(br, maxReadPayload) }
	readsAndWaits := func(_ net.Conn, br *bufio.Reader, done <-chan struct{}) {
		if _, err := readFrame(br, maxReadPayload); err == nil {
			<-done
		}
	}
	tests := []struct {
		name, id string
		url      string
		want     Verdict
		detail   string
	}{
		{"closes with 1002", "X.2", startTestServer(t, noFault), Informational,
			`The server refuses a non-minimal length: it closed with 1002 (protocol error), reason "Non-minimal length.".`},
		{"echoes the message", "X.3", startWSScript(t, echoScript{}.run), Informational,
			"The server accepts a non-minimal length: the message came back unchanged."},
		{"drops the connection", "X.2", startWSScript(t, readsAndDrops), Informational,
			"The server refuses a non-minimal length: it dropped the connection (closed by the server) without a close frame."},
		{"does nothing", "X.3", startWSScript(t, readsAndWaits), Fail,
			"The server neither echoed the message nor closed within 1s."},
	}
	results := make([]Result, len(tests))
	var jobs []func()
	for i, tt := range tests {
		tg, err := newTarget(tt.url, Options{CaseTimeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, func() { results[i] = runCase(context.Background(), tg, caseByID(tt.id)) })
	}
	concurrently(jobs...)
	for i, tt := range tests {
		if r := results[i]; r.Verdict != tt.want || r.Detail != tt.detail {
			t.Errorf("%s: %s: %s %q\nwant %s %q", tt.name, tt.id, r.Verdict, r.Detail, tt.want, tt.detail)
		}
	}
}
