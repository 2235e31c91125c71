package conformance

import (
	"fmt"
	"slices"
	"testing"

	"github.com/wssample/wssample/internal/testserver"
)

// A case keeps its first 40 lines of what it sent and of what it
// observed, then one line saying there was more, and no more after it:
// 9.x sends thousands of frames.
func TestCaseKeepsFortyLinesThenSaysMore(t *testing.T) {
	for _, n := range []int{maxEvents - 1, maxEvents, maxEvents + 1, maxEvents + 10} {
		tr := &trial{res: &Result{}}
		var sent, seen []string
		for i := range n {
			tr.sent(fmt.Sprint("frame ", i+1))
			tr.event("event %d", i+1)
			if i < maxEvents {
				sent = append(sent, fmt.Sprint("→ frame ", i+1))
				seen = append(seen, fmt.Sprint("event ", i+1))
			}
		}
		if n > maxEvents {
			sent = append(sent, "… (more frames)")
			seen = append(seen, "… (more)")
		}
		if !slices.Equal(tr.res.Sent, sent) {
			t.Errorf("%d lines sent: kept %d, ending %q", n, len(tr.res.Sent), tr.res.Sent[len(tr.res.Sent)-1])
		}
		if !slices.Equal(tr.res.Observed.Events, seen) {
			t.Errorf("%d events: kept %d, ending %q", n, len(tr.res.Observed.Events), tr.res.Observed.Events[len(tr.res.Observed.Events)-1])
		}
	}
}

// A case decided without a close of its own (H.1: the handshake) still
// ends politely, as §7.1.2 has an endpoint start a close: a close frame,
// and a moment for the server's answer, which the case observes.
func TestPoliteCloseObservesTheServersAnswerRFC6455Section7_1_2(t *testing.T) {
	srv := testserver.Start(t)
	rep := runAgainst(t, srv.URL("/echo"), Options{}, keep("H.1"))
	r := rep.Results[0]
	want := []string{"← close frame (FIN, code 1000 (normal closure))", "connection closed by the server"}
	if r.Verdict != Pass || !slices.Equal(r.Observed.Events, want) || r.Observed.End != "closed by the server" {
		t.Errorf("H.1: %s, observed %q, ended %q; want the server's close answer and its TCP close", r.Verdict, r.Observed.Events, r.Observed.End)
	}
}
