package conformance

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The fuzzing server's words at its edges: what it says it agreed to of
// a client's compression offer, a client that neither takes nor refuses
// a broken 101 answer, and nothing said of a connection cut by the
// server's own stop.

// The events of a case say what the server agreed to of the client's
// permessage-deflate offer (RFC 7692 §5), and only when it agreed: a
// client that offers nothing gets no such line.
func TestFuzzingServerSaysWhatCompressionItAgreedRFC7692Section5(t *testing.T) {
	filter, err := ClientCaseFilter("12.1.1")
	if err != nil {
		t.Fatal(err)
	}
	s := startFuzzing(t, FuzzingOptions{Filter: filter})
	const offer = "permessage-deflate; client_max_window_bits"
	agreed := deflateClient(t, caseURL(s, 1, "deflate"), offer, 0)
	wrongClient(t, caseURL(s, 1, "plain")) // offers nothing
	for agent, want := range map[string]string{
		"deflate": fmt.Sprintf("permessage-deflate agreed: %q, to the client's offer %q", agreed, offer),
		"plain":   "",
	} {
		if !s.settled(agent, 10*time.Second) {
			t.Fatalf("%s: the case was still under way 10 s after its connection ended", agent)
		}
		r := s.Report(agent).Results[0]
		var said []string
		for _, e := range r.Observed.Events {
			if strings.HasPrefix(e, "permessage-deflate") {
				said = append(said, e)
			}
		}
		if want == "" && len(said) != 0 || want != "" && !slices.Equal(said, []string{want}) {
			t.Errorf("%s: the events say %q of compression; want %q", agent, said, want)
		}
	}
}

// A client that gets a broken 101 answer (C.3: the wrong
// Sec-WebSocket-Accept) and then neither fails the connection nor sends
// anything is failed (§4.1: the client MUST fail the connection), in
// words that say it kept the connection open: it did not close TCP.
func TestFuzzingServerFailsAClientThatKeepsABrokenConnectionOpenRFC6455Section4_1(t *testing.T) {
	filter, err := ClientCaseFilter("C.3")
	if err != nil {
		t.Fatal(err)
	}
	s := startFuzzing(t, FuzzingOptions{Filter: filter, timeScale: testScale})
	nc := dialRaw(t, s)
	br, status := handshake(t, nc, "/runCase?case=1&agent=waits")
	if !strings.Contains(status, " 101 ") {
		t.Fatalf("C.3 answered %q", status)
	}
	io.Copy(io.Discard, br) // reads, sends nothing, until the server closes
	if !s.settled("waits", 10*time.Second) {
		t.Fatal("the case was still under way 10 s after its connection ended")
	}
	r := s.Report("waits").Results[0]
	wait := time.Duration(float64(refusalWait) * testScale)
	want := fmt.Sprintf("The client kept the connection open for %v after the broken answer: it did not fail the connection (§4.1).", wait)
	if r.Verdict != Fail || r.Detail != want || r.CloseVerdict != Fail ||
		!slices.Contains(r.Observed.Events, fmt.Sprintf("the connection was still open after %v, and the client had sent nothing", wait)) {
		t.Errorf("C.3, a client that waits: %s %q / %s %q\nevents %q\nwant FAILED %q", r.Verdict, r.Detail, r.CloseVerdict, r.CloseDetail, r.Observed.Events, want)
	}
}

// A connection that has not sent its request when the server stops is
// closed without a word: the stop is the server's own doing, not the
// client's garbage or silence.
func TestFuzzingServerStopsQuietly(t *testing.T) {
	var mu sync.Mutex
	var said []string
	filter, _ := ClientCaseFilter("1.1.1")
	s := startFuzzing(t, FuzzingOptions{Filter: filter, OnNote: func(n string) {
		mu.Lock()
		said = append(said, n)
		mu.Unlock()
	}})
	dialRaw(t, s) // connected, no request yet
	// A second connection answered: the server accepts in order, so the
	// first is being served by then.
	if _, status := handshake(t, dialRaw(t, s), "/getCaseCount"); !strings.Contains(status, " 101 ") {
		t.Fatalf("/getCaseCount answered %q", status)
	}
	s.Stop()
	mu.Lock()
	defer mu.Unlock()
	if len(said) != 0 {
		t.Errorf("the server said, of its own stop: %q", said)
	}
}
