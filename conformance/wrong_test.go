package conformance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// wrongTimeout bounds each case against the test servers: they answer
// in microseconds, and the cases that wait for silence wait this long.
const wrongTimeout = time.Second

// runAgainst runs the cases filter keeps against url and fails the test
// on a setup error.
func runAgainst(t *testing.T, url string, opts Options, filter func(Case) bool) *Report {
	t.Helper()
	return runScaled(t, url, opts, filter, 0)
}

// testScale shortens Autobahn's waits against the test servers, which
// answer in microseconds: a second of silence becomes 300 ms.
const testScale = 0.3

// runScaled is runAgainst with Autobahn's waits multiplied by scale (0:
// as they are). Shortened waits get loadSlack added: a right answer ends
// them early, and 300 ms is less than a loaded machine can hold this
// process back.
func runScaled(t *testing.T, url string, opts Options, filter func(Case) bool, scale float64) *Report {
	t.Helper()
	var rep *Report
	var err error
	if scale != 0 {
		rep, err = runTuned(url, opts, filter, runBound, func(tg *target) { tg.timeScale, tg.slack = scale, loadSlack })
	} else {
		rep, err = runScaledErr(url, opts, filter, scale)
	}
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// loadSlack is added to every wait of the checker in the runs against
// test servers whose verdicts hang on a wait (runInLanes, runScaled with
// a scale). The test servers run in the test's own process: when the
// machine does not run it, the server's answer and the checker's reading
// of it are held back alike. With other sessions' work on both cores
// (Linux shares the CPU among sessions before their processes, whatever
// their nice), a one-second wait ran out before a right answer was read:
// case 1.1.1's echo and close answer had not both come within Autobahn's
// second, and the test server gave up on a handshake whose bytes had
// come. A stall adds time whatever a wait's length, so the slack is
// added, not multiplied: a second becomes five, Autobahn's ten seconds
// fourteen.
const loadSlack = 4 * time.Second

// slackTimeout bounds each own case (and the check that the server is an
// echo) in those tests: a second, and the slack.
const slackTimeout = time.Second + loadSlack

// runInLanes runs the cases filter keeps against url, with the checker's
// own waits and loadSlack (runSlack), in lanes runs side by side: case i
// of the list in run i%lanes, so that every run has its share of the
// slow ones. It returns the results in the catalogue's order.
func runInLanes(url string, opts Options, filter func(Case) bool, lanes int) ([]Result, error) {
	var ids []string
	for _, c := range Cases() {
		if filter(c) {
			ids = append(ids, c.ID)
		}
	}
	lane := make(map[string]int, len(ids))
	for i, id := range ids {
		lane[id] = i % lanes
	}
	reps := make([]*Report, lanes)
	errs := make([]error, lanes)
	var jobs []func()
	for l := range lanes {
		jobs = append(jobs, func() {
			reps[l], errs[l] = runSlack(url, opts, func(c Case) bool { n, ok := lane[c.ID]; return ok && n == l })
		})
	}
	concurrently(jobs...)
	byID := make(map[string]Result, len(ids))
	for l := range lanes {
		if errs[l] != nil {
			return nil, errs[l]
		}
		for _, r := range reps[l].Results {
			byID[r.ID] = r
		}
	}
	results := make([]Result, 0, len(ids))
	for _, id := range ids {
		r, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("%s was not run", id)
		}
		results = append(results, r)
	}
	return results, nil
}

// runBound bounds a run of a test (on a machine shared with other
// work, under the race detector); a run against the built-in server,
// with categories 9, 12 and 13, may take fullRunBound.
const runBound, fullRunBound = 5 * time.Minute, 15 * time.Minute

// runScaledErr is runScaled for a goroutine of a test: it returns the
// error rather than failing the test.
func runScaledErr(url string, opts Options, filter func(Case) bool, scale float64) (*Report, error) {
	return runBounded(url, opts, filter, scale, runBound)
}

// runBounded is runScaledErr within bound.
func runBounded(url string, opts Options, filter func(Case) bool, scale float64, bound time.Duration) (*Report, error) {
	return runTuned(url, opts, filter, bound, func(tg *target) { tg.timeScale = scale })
}

// runSlack is runScaledErr with the checker's own waits, each with
// loadSlack added.
func runSlack(url string, opts Options, filter func(Case) bool) (*Report, error) {
	return runTuned(url, opts, filter, runBound, func(tg *target) { tg.slack = loadSlack })
}

// runTuned runs the cases filter keeps against url within bound, the
// target's hidden settings set by tune.
func runTuned(url string, opts Options, filter func(Case) bool, bound time.Duration, tune func(*target)) (*Report, error) {
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	tg, err := newTarget(url, opts)
	if err != nil {
		return nil, fmt.Errorf("Run %s: %w", url, err)
	}
	tune(tg)
	rep, err := run(ctx, tg, filter, nil)
	if err != nil {
		return nil, fmt.Errorf("Run %s: %w", url, err)
	}
	return rep, nil
}

// concurrently runs the jobs at once and waits for them: the cases wait
// far more than they work, and go test runs only GOMAXPROCS parallel
// tests at a time.
func concurrently(jobs ...func()) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			job()
		}()
	}
	wg.Wait()
}

// The reference server follows RFC 6455 strictly: every case is OK,
// both behaviours, but for the informational ones, which report its
// choices, and H.10, 12.x and 13.x: it has no permessage-deflate
// (UNIMPLEMENTED, with a clean close).
func TestStrictServerPassesEverything(t *testing.T) {
	t.Parallel()
	// The strict server answers at once: the waits that loadSlack
	// lengthens (runScaled) end early.
	rep := runScaled(t, startTestServer(t, noFault), Options{CaseTimeout: slackTimeout}, nil, testScale)
	for _, r := range rep.Results {
		want := baseline(r.Case)
		if r.Category == catDeflate || r.Category == catDeflateP {
			want = "UNIMPLEMENTED/OK" // the test server offers no compression unless told to
		}
		if slices.Contains(overTestLimit, r.ID) {
			// More than the test server's 4 MiB: it closes with 1009
			// (§10.4), which category 9 reports as INFORMATIONAL.
			want = "INFORMATIONAL/INFORMATIONAL"
		}
		if got := verdicts(r); got != want {
			t.Errorf("%s %s: %s, want %s: %s %s", r.ID, r.Title, got, want, r.Detail, r.CloseDetail)
		}
	}
	if n := len(Cases()); rep.Summary.Total != n {
		t.Errorf("%d results, want %d", rep.Summary.Total, n)
	}
	for _, r := range rep.Results {
		if r.ID == "L.4" && !strings.Contains(r.Detail, "closed with 1009 (message too big)") {
			t.Errorf("L.4 against a 4 MiB limit: %s", r.Detail)
		}
		if r.ID == "X.2" && !strings.Contains(r.Detail, "refuses a non-minimal length") {
			t.Errorf("X.2 against a strict server: %s", r.Detail)
		}
		if slices.Contains(overTestLimit, r.ID) && !strings.Contains(r.Detail, "closed with 1009 (message too big)") {
			t.Errorf("%s against a 4 MiB limit: %s", r.ID, r.Detail)
		}
	}
}

// overTestLimit are the cases whose messages are larger than the test
// server's limit (testMaxMessage).
var overTestLimit = []string{"9.1.5", "9.1.6", "9.2.5", "9.2.6"}

// verdicts gives a result's two verdicts as "BEHAVIOUR/CLOSE".
func verdicts(r Result) string { return string(r.Verdict) + "/" + string(r.CloseVerdict) }

// baseline is what a conforming server earns in case c: OK in both, but
// for the cases where RFC 6455 lets it choose, the extension the test
// servers lack, and this package's cases that judge no close.
func baseline(c Case) string {
	switch {
	case c.ID == "7.1.6", c.ID == "7.13.1", c.ID == "7.13.2":
		return "INFORMATIONAL/INFORMATIONAL"
	case c.ID == "X.2", c.ID == "X.3", c.ID == "L.4":
		return "INFORMATIONAL/"
	case c.ID == "H.10":
		return "UNIMPLEMENTED/"
	case c.ab != nil, c.ID == "M.1", c.ID == "M.2", c.ID == "M.3", c.ID == "X.1", c.ID == "X.7", c.ID == "X.8", c.ID == "X.10", ownEcho(c):
		return "OK/OK"
	}
	return "OK/"
}

// ownEchoIDs are this package's echo cases (echoCase): they end with the
// checker's close 1000 and judge the server's answer (judgeClose).
var ownEchoIDs = []string{"X.4", "X.5", "X.6", "X.9", "M.4", "M.5", "L.1", "L.2", "L.3"}

// ownEcho reports whether c is one of this package's echo cases.
func ownEcho(c Case) bool { return slices.Contains(ownEchoIDs, c.ID) }

// informational reports whether c's verdicts only describe a choice.
func informational(c Case) bool { return strings.HasPrefix(baseline(c), "INFORMATIONAL") }

// serverCloses reports whether c expects the server to fail the
// connection itself (Autobahn's closedByMe false).
func serverCloses(c Case) bool { return c.ab != nil && !c.ab.closedByMe }

// cleanClose reports whether c is an Autobahn case where the checker
// closes and asks for a clean close.
func cleanClose(c Case) bool {
	return c.ab != nil && c.ab.closedByMe && c.ab.requireClean && !informational(c)
}

// invalidUTF8 reports whether c sends invalid UTF-8 in a text message.
func invalidUTF8(c Case) bool {
	return c.Category == catUTF8 && c.ab != nil && c.ab.wrongEndpointFatal
}

// ownFailure reports whether c is one of this package's cases where the
// server must fail the connection.
func ownFailure(c Case) bool {
	return c.ab == nil && !ownEcho(c) && strings.HasPrefix(baseline(c), "OK/OK")
}

// Each wrong server gets one thing wrong, and exactly the cases that
// check it earn the verdict that says so; every other case it runs earns
// what it earns against the strict server. These are the tests of the verdict
// rules themselves: NON-STRICT, UNIMPLEMENTED (above), WRONG CODE,
// UNCLEAN and FAILED BY CLIENT each have a server that earns them.
func TestWrongServersEarnTheirVerdicts(t *testing.T) {
	is := func(ids ...string) func(Case) bool { return func(c Case) bool { return slices.Contains(ids, c.ID) } }
	prefix := func(p string) func(Case) bool { return func(c Case) bool { return strings.HasPrefix(c.ID, p) } }
	and := func(a, b func(Case) bool) func(Case) bool { return func(c Case) bool { return a(c) && b(c) } }
	not := func(a func(Case) bool) func(Case) bool { return func(c Case) bool { return !a(c) } }
	or := func(a, b func(Case) bool) func(Case) bool { return func(c Case) bool { return a(c) || b(c) } }
	cats := func(keys ...string) func(Case) bool {
		return func(c Case) bool { return slices.Contains(keys, c.Category.Key) }
	}
	// quick is the catalogue but for the limits and the handshake, which
	// the servers above get right. Category 6 (UTF-8) is 145 of its 262
	// cases, where only the UTF-8 servers differ from the strict one:
	// the other servers run the rest (quickNoUTF8), so that the test asks
	// little of the CPU a loaded machine gives it.
	quick := func(c Case) bool { return c.Category.Quick() && c.Category != catLimits && c.Category != catHandshake }
	quickNoUTF8 := func(c Case) bool { return quick(c) && c.Category != catUTF8 }
	type rule struct {
		cases func(Case) bool
		want  string
	}
	tests := []struct {
		name  string
		fault fault
		only  func(Case) bool // the cases to run; nil: all but the limits, the handshake and UTF-8 (quickNoUTF8)
		rules []rule          // the first rule that takes a case says what it earns
		words []string        // in the detail of every case a rule takes
	}{
		{"accepts any version (§4.2.2)", acceptsAnyVersion, prefix("H."),
			[]rule{{is("H.3"), "FAILED/"}}, []string{"accepted Sec-WebSocket-Version: 99"}},
		// The echo is a byte short; the checker fails the connection with
		// 1001 after the case's time, and the server echoes that code.
		{"truncates long messages (§5.2)", truncatesLongMessages, or(prefix("1.1."), prefix("10.")),
			[]rule{{is("1.1.7", "1.1.8", "10.1.1"), "FAILED/WRONG CODE"}}, []string{"65535 bytes", "1001"}},
		// Autobahn's 9.x compares each echo as it comes and closes with
		// 1000 at the first that differs: the close is clean.
		{"truncates long messages (9.x)", truncatesLongMessages, is("9.1.1", "9.2.3", "9.3.1", "9.6.1", "9.7.6"),
			[]rule{{is("9.1.1", "9.2.3", "9.3.1", "9.6.1"), "FAILED/OK"}}, []string{"message 1 of 1", "came back with"}},
		{"answers pings with the wrong payload (§5.5.3)", wrongPongPayload, nil,
			[]rule{{is("2.1", "2.2", "2.3", "2.4", "2.6", "2.9", "2.10", "2.11", "5.6", "5.7", "5.8", "5.19", "5.20"), "FAILED/OK"}},
			[]string{`a pong with 4 bytes "pong"`}},
		// The checker, as a client must, fails the connection on a frame
		// with a reserved bit (§5.2): where it got no echo to compare
		// the behaviour is OK, the close is FAILED.
		{"echoes reserved bits (§5.2)", echoesReservedBits, nil, []rule{
			{is("3.1", "3.5", "3.6"), "OK/FAILED"},
			{is("3.2", "3.3", "3.4", "X.7", "X.10"), "FAILED/FAILED"}}, []string{"RSV"}},
		{"ignores reserved opcodes (§5.2)", ignoresReservedOpcodes, nil, []rule{
			{is("4.1.1", "4.1.2", "4.2.1", "4.2.2"), "OK/FAILED"},
			{prefix("4."), "FAILED/FAILED"}}, []string{"the server should have failed it (with 1002)"}},
		{"accepts a lone continuation (§5.4)", acceptsLoneContinuation, nil,
			[]rule{{is("5.9", "5.10", "5.11", "5.17"), "FAILED/FAILED"}}, []string{"the server should have failed it"}},
		{"accepts invalid UTF-8 (§8.1)", acceptsInvalidUTF8, quick, []rule{
			{invalidUTF8, "FAILED/FAILED"},
			// Its answer echoes the bad reason, which the checker refuses.
			{is("7.5.1"), "OK/FAILED BY CLIENT"}}, []string{"not valid UTF-8"}},
		{"checks UTF-8 only at the end of a message (§8.1)", utf8AtMessageEnd, prefix("6."),
			[]rule{{prefix("6.4."), "NON-STRICT/OK"}}, []string{"Got the connection still open after wait A, then the connection still open after wait B: allowed, but the case prefers the connection still open after wait A, and the connection failed there"}},
		// The close handshake never completes: the checker drops TCP.
		{"never answers a close (§5.5.1)", ignoresClose, cats("2", "7"), []rule{
			{is("7.1.3", "7.1.4", "7.1.5"), "FAILED/UNCLEAN"}, // it processed what came after the close
			{cleanClose, "OK/UNCLEAN"}}, []string{"did not answer the close frame"}},
		// Autobahn's client refuses the echoed code as a protocol error
		// and drops TCP: FAILED BY CLIENT, the behaviour OK.
		{"echoes bad close codes (§7.4.1)", acceptsBadCloseCodes, nil, []rule{
			{prefix("7.9."), "OK/FAILED BY CLIENT"},
			{is("X.8"), "FAILED/FAILED"}}, []string{"must never be sent"}},
		{"accepts unmasked frames (§5.1)", acceptsUnmasked, nil,
			[]rule{{is("M.1", "M.2", "M.3"), "FAILED/FAILED"}}, []string{"accepted an unmasked"}},
		// WRONG CODE where the server fails a connection; in category 7,
		// where the code is the point, the behaviour is FAILED too.
		{"fails with the wrong code (§7.4.1)", failsWithWrongCode, nil, []rule{
			{or(is("7.3.2", "7.3.6", "7.5.1"), prefix("7.9.")), "FAILED/WRONG CODE"},
			{serverCloses, "OK/WRONG CODE"},
			{ownFailure, "OK/WRONG CODE"}}, []string{"1000 (normal closure)"}},
		{"answers a close with another code (§5.5.1)", answersCloseWithOtherCode, nil, []rule{
			{and(prefix("7."), cleanClose), "FAILED/WRONG CODE"},
			{or(cleanClose, ownEcho), "OK/WRONG CODE"}}, []string{"3001"}},
		// A drop without a close frame: allowed where the server fails the
		// connection (§7.1.7: OK, as Autobahn judges it), UNCLEAN where it
		// should answer the checker's close (§5.5.1).
		{"drops TCP instead of closing (§7.1.7, §5.5.1)", dropsInsteadOfClosing, or(cats("1", "3", "7", "M"), is("X.1")),
			[]rule{{cleanClose, "OK/UNCLEAN"}, {ownEcho, "OK/UNCLEAN"}}, []string{"without completing the closing handshake"}},
		// TCP left open after the closing handshake (§7.1.1): UNCLEAN where
		// the case asks for a clean close, FAILED BY CLIENT where it does
		// not. A sample of the categories keeps the test short.
		{"leaves TCP open after the close (§7.1.1)", lingersAfterClose,
			or(cats("3", "7", "M"), is("1.1.1", "1.2.8", "X.1", "X.4", "L.3")),
			[]rule{{or(cleanClose, ownEcho), "OK/UNCLEAN"}, {and(not(informational), func(c Case) bool { return c.ab != nil }), "OK/FAILED BY CLIENT"},
				{ownFailure, "OK/FAILED BY CLIENT"}}, []string{"TCP connection"}},
	}
	// Every wait is the checker's own, as a real server gets it (a second
	// for the close frame, a second for TCP, Autobahn's seconds of
	// silence), with loadSlack added, so that a right answer a loaded
	// machine holds back still comes in time. Where a wrong server lets
	// a wait run out, its case takes the whole wait, idle time without
	// work: the servers with more such cases have them shared among more
	// runs side by side, about twenty seconds of waiting in each.
	lanes := map[fault]int{lingersAfterClose: 12, ignoresClose: 12, wrongPongPayload: 5, ignoresReservedOpcodes: 5,
		acceptsLoneContinuation: 4, acceptsInvalidUTF8: 4, utf8AtMessageEnd: 4, truncatesLongMessages: 3, echoesReservedBits: 3}
	slacked := &target{slack: loadSlack, timeout: slackTimeout}
	results := make([][]Result, len(tests))
	errs := make([]error, len(tests))
	var jobs []func()
	for i, tt := range tests {
		url := startTestServer(t, tt.fault)
		filter := tt.only
		if filter == nil {
			filter = quickNoUTF8
		}
		jobs = append(jobs, func() {
			results[i], errs[i] = runInLanes(url, Options{CaseTimeout: slackTimeout}, filter, max(2, lanes[tt.fault]))
		})
	}
	concurrently(jobs...)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			taken := 0
			for _, r := range results[i] {
				// A case that ran into its deadline was cut short: its
				// verdict says nothing. Autobahn's cases have room for
				// their waits, the close handshake and the bytes.
				if r.Case.ab != nil && r.Duration >= slacked.caseTimeout(r.Case) {
					t.Errorf("%s ran into its deadline (%v)", r.ID, r.Duration)
				}
				want, ruled := baseline(r.Case), false
				for _, rl := range tt.rules {
					if rl.cases(r.Case) {
						want, ruled = rl.want, true
						break
					}
				}
				if got := verdicts(r); got != want {
					t.Errorf("%s %s: %s, want %s: %s %s", r.ID, r.Title, got, want, r.Detail, r.CloseDetail)
					continue
				}
				if !ruled {
					continue
				}
				taken++
				for _, w := range tt.words {
					if !strings.Contains(r.Detail+" "+r.CloseDetail, w) {
						t.Errorf("%s: %q %q, want the words %q", r.ID, r.Detail, r.CloseDetail, w)
					}
				}
			}
			if taken == 0 {
				t.Error("no case earned the fault's verdict")
			}
		})
	}
}
