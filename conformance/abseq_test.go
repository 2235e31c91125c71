package conformance

import (
	"slices"
	"testing"
)

// Autobahn's sequences (9.7, 9.8 and the compression cases) send each
// message after the echo of the one before. The checker makes the next
// message ready and checks an echo beside its loop, but what reaches the
// server must stay one message at a time: a server that looks for the
// next message before each echo finds none.
func TestSequenceSendsEachMessageAfterTheEcho(t *testing.T) {
	t.Parallel()
	ids := []string{"9.7.1", "9.8.3"}
	rep := runScaled(t, startTestServer(t, catchesEarlySends), Options{}, func(c Case) bool { return slices.Contains(ids, c.ID) }, testScale)
	if len(rep.Results) != len(ids) {
		t.Fatalf("%d results, want %d", len(rep.Results), len(ids))
	}
	for _, r := range rep.Results {
		if got := verdicts(r); got != "OK/OK" {
			t.Errorf("%s: %s, want OK/OK: %s %s", r.ID, got, r.Detail, r.CloseDetail)
		}
	}
}
