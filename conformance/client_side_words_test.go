package conformance

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The fuzzing server's words for what a client did, as the side that
// judges a client (abside.go): it names itself and the client, lists the
// client's masking keys, says which frames repeat a key or leave the
// payload in the clear (RFC 6455 §5.3), and does not call its own frames
// unmasked, which a server's must be (§5.1).

// A client that masks every frame with one key (the wrong client) fails
// 2 of category C with the frames that repeat it, 1-based; the keys are
// listed, eight then the count. Where it echoes a frame it should have
// failed on (3.1, RSV3), the server fails the connection and says it had
// to close for the client. A client that sends no frame has no keys to
// list.
func TestFuzzingServerNamesTheClientsMaskingKeysRFC6455Section5_3(t *testing.T) {
	filter, err := ClientCaseFilter("1.1.1,3.1,C.2")
	if err != nil {
		t.Fatal(err)
	}
	s := startFuzzing(t, FuzzingOptions{Filter: filter})
	for n, c := range s.Cases() {
		if c.ID == "1.1.1" {
			// Opens the WebSocket and closes TCP at once: no frame.
			nc := dialRaw(t, s)
			handshake(t, nc, fmt.Sprintf("/runCase?case=%d&agent=wrong", n+1))
			nc.Close()
			continue
		}
		wrongClient(t, caseURL(s, n+1, "wrong"))
	}
	if !s.settled("wrong", 10*time.Second) {
		t.Fatal("a case was still under way 10 s after the client's last")
	}
	byID := map[string]Result{}
	for _, r := range s.Report("wrong").Results {
		byID[r.ID] = r
	}
	key := "01 02 03 04"
	hasEvent := func(r Result, want string) bool { return slices.Contains(r.Observed.Events, want) }

	c2 := byID["C.2"]
	if want := "The client masked frames 1 and 2 with the same key " + key + " (§5.3: a fresh, unpredictable key for every frame)."; c2.Detail != want {
		t.Errorf("C.2: %q\nwant %q", c2.Detail, want)
	}
	if want := "the client's masking keys: " + strings.Repeat(key+", ", 8) + "… (9 in all)"; !hasEvent(c2, want) {
		t.Errorf("C.2: no event %q in %q", want, c2.Observed.Events)
	}
	for _, line := range c2.Sent {
		if strings.Contains(line, "masked") {
			t.Errorf("C.2: the server's own frame said to be unmasked: %q", line)
		}
	}

	r31 := byID["3.1"]
	if !strings.HasPrefix(r31.CloseDetail, "The fuzzing server had to close the connection: the client should have failed it") ||
		!hasEvent(r31, "the fuzzing server fails the connection: the client sent a frame that breaks RFC 6455: it has RSV3 set without a negotiated extension (§5.2)") ||
		!hasEvent(r31, "the client's masking keys: "+key+", "+key) {
		t.Errorf("3.1: %s / %s\nevents %q", r31.Detail, r31.CloseDetail, r31.Observed.Events)
	}

	r111 := byID["1.1.1"]
	if r111.ID == "" || slices.ContainsFunc(r111.Observed.Events, func(e string) bool { return strings.HasPrefix(e, "the client's masking keys") }) {
		t.Errorf("1.1.1, no frame from the client: events %q", r111.Observed.Events)
	}
}

// The words for a client's keys name its frames from 1: the first that
// is 00 00 00 00 (§5.3: the payload in the clear), or the first two with
// the same key; two keys are enough to compare, fewer are said to be too
// few, and distinct non-zero keys are no problem.
func TestMaskingKeyProblemsNameTheFramesRFC6455Section5_3(t *testing.T) {
	a, b, c, zero := [4]byte{1, 2, 3, 4}, [4]byte{5, 6, 7, 8}, [4]byte{0xA, 0xB, 0xC, 0xD}, [4]byte{}
	for _, tc := range []struct {
		keys [][4]byte
		want string
	}{
		{nil, "The client sent 0 masked frames; the case needs at least 2 to compare their keys"},
		{[][4]byte{a}, "The client sent 1 masked frames; the case needs at least 2 to compare their keys"},
		{[][4]byte{a, b}, ""},
		{[][4]byte{a, b, c}, ""},
		{[][4]byte{a, b, zero, c}, "The client masked frame 3 with the key 00 00 00 00, which leaves its payload in the clear"},
		{[][4]byte{a, b, c, b}, "The client masked frames 2 and 4 with the same key 05 06 07 08"},
	} {
		if got := keysProblem(tc.keys); got != tc.want {
			t.Errorf("keys % X: %q\nwant %q", tc.keys, got, tc.want)
		}
	}
}
