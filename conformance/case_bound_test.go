package conformance

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
)

// An Autobahn case is given the time a conforming server may take: its
// waits, its end (6.5.1: killAfter(0.5)), the closing handshake's two
// timeouts of 1 s, and 3 s for the bytes, 5.5 s in all for 6.5.1, even
// when the run's case timeout is shorter. A server that never answers
// the handshake is given exactly that long, and the result says so.
// (The case takes those 5.5 s: the bound is what is checked.)
func TestAutobahnCaseBoundCoversItsWaitsAndTheCloseHandshake(t *testing.T) {
	srv := testserver.Start(t)
	tg, err := newTarget(srv.URL("/hang"), Options{CaseTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r := runCase(ctx, tg, catalogueCase(t, "6.5.1"))
	if want := "did not answer the WebSocket handshake within 5.5s"; r.Verdict != Fail || !strings.Contains(r.Detail, want) {
		t.Errorf("6.5.1 against a server that never answers: %s, %q; want FAILED, saying %q", r.Verdict, r.Detail, want)
	}
}
