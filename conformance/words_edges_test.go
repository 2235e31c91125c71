package conformance

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// Small words and orders at their edges: the verdicts' ranking, a
// sequence's rate and its words for one message, many, or none echoed,
// and the port numbers a fuzzing server spec may hold.

// Verdicts come from best to worst, each strictly worse than the ones
// before it and not worse than itself; a result fails when either of
// its behaviours is FAILED.
func TestVerdictRanking(t *testing.T) {
	vs := Verdicts()
	for i, v := range vs {
		for j, w := range vs {
			if got := v.Worse(w); got != (i > j) {
				t.Errorf("%s.Worse(%s) = %v", v, w, got)
			}
		}
	}
	for _, c := range []struct {
		behaviour, close Verdict
		failed           bool
	}{{Fail, Pass, true}, {Pass, Fail, true}, {Pass, WrongCode, false}, {NonStrict, Unclean, false}} {
		if got := (Result{Verdict: c.behaviour, CloseVerdict: c.close}).Failed(); got != c.failed {
			t.Errorf("%s/%s: Failed() = %v", c.behaviour, c.close, got)
		}
	}
}

// A sequence's rate is its bytes over its time, in MB/s, and nothing for
// a time too short to measure; lower lower-cases a sentence's first letter.
func TestSequenceRateWords(t *testing.T) {
	for _, c := range []struct {
		size int
		d    time.Duration
		want string
	}{{3_000_000, 2 * time.Second, ", 1.5 MB/s"}, {1, 0, ""}, {1, -time.Second, ""}, {1_000_000, time.Second, ", 1.0 MB/s"}} {
		if got := rate(c.size, c.d); got != c.want {
			t.Errorf("rate(%d, %v) = %q, want %q", c.size, c.d, got, c.want)
		}
	}
	if lower("") != "" || lower("Echo 2") != "echo 2" {
		t.Errorf("lower: %q, %q", lower(""), lower("Echo 2"))
	}
}

// A sequence says what came back: for many messages, all of them and the
// time per round trip (within the whole); for a server that echoes
// nothing, how many of how many came back, not that nothing was sent.
func TestSequenceWords(t *testing.T) {
	echo, _ := startRawServer(t, rawEcho)
	keeps, _ := startRawServer(t, rawKeepsMessages)
	many := runRaw(t, echo, 0, "9.7.1")["9.7.1"]
	m := regexp.MustCompile(`^All (\d+) text messages came back unchanged, in order, in (\S+) \((\S+) per round trip\)\.$`).FindStringSubmatch(many.Detail)
	if many.Verdict != Pass || m == nil || m[1] != "1000" {
		t.Fatalf("9.7.1: %s: %s", many.Verdict, many.Detail)
	}
	whole, err1 := time.ParseDuration(m[2])
	each, err2 := time.ParseDuration(m[3])
	if err1 != nil || err2 != nil || each > whole/1000+time.Millisecond {
		t.Errorf("9.7.1: %v per round trip of %v for 1000: %s", each, whole, many.Detail)
	}
	none := runRaw(t, keeps, 0, "9.1.1")["9.1.1"]
	if none.Verdict != Fail || !strings.HasPrefix(none.Detail, "0 of 1 text messages came back before the case ended") {
		t.Errorf("9.1.1, nothing echoed: %s: %s", none.Verdict, none.Detail)
	}
}

// A fuzzing server spec's "webport" is a port number, 0 to 65535 both
// included (and unused, as it says).
func TestServerSpecWebport(t *testing.T) {
	for port, ok := range map[string]bool{"0": true, "65535": true, "-1": false, "65536": false} {
		_, err := ParseServerSpec([]byte(`{"url": "ws://127.0.0.1:9001", "cases": ["*"], "webport": ` + port + `}`))
		if (err == nil) != ok {
			t.Errorf("webport %s: %v", port, err)
		}
	}
}
