package conformance

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// Verdict is how a case judges the server, in Autobahn|Testsuite's words.
// A case gives two: the behaviour (what the server did with what was
// sent) and the close behaviour (how the connection ended), as
// Autobahn's reports do.
type Verdict string

// The behaviours. Pass, NonStrict and Fail judge the server against
// RFC 6455; Informational and Unimplemented judge nothing.
const (
	// Pass (Autobahn's OK): the server did what RFC 6455 asks.
	Pass Verdict = "OK"
	// NonStrict: allowed by RFC 6455 but not the best choice, such as
	// failing a connection before echoing the valid message that came
	// before the broken frame, or finding invalid UTF-8 only at the end
	// of a message instead of as soon as its bytes arrive.
	NonStrict Verdict = "NON-STRICT"
	// Fail (Autobahn's FAILED): the server broke RFC 6455, or the case
	// saw something no conforming server does.
	Fail Verdict = "FAILED"
	// Informational: the RFC leaves the choice to the server; the detail
	// says which choice it made.
	Informational Verdict = "INFORMATIONAL"
	// Unimplemented: the case checks an optional feature (an extension)
	// the server does not offer.
	Unimplemented Verdict = "UNIMPLEMENTED"
)

// The close behaviours that are not also behaviours (Pass, Fail and
// Informational serve both).
const (
	// WrongCode: the server's close frame carried a code the case does
	// not allow here (§7.4.1), such as 1000 where it should have failed
	// the connection with 1002.
	WrongCode Verdict = "WRONG CODE"
	// Unclean: the close was not clean where the case requires it: the
	// close handshake was not completed, or the server did not close the
	// TCP connection after it (§7.1.1: the server closes it first).
	Unclean Verdict = "UNCLEAN"
	// FailedByClient: the checker had to close the TCP connection itself,
	// where the server should have (§7.1.1).
	FailedByClient Verdict = "FAILED BY CLIENT"
)

// rank orders verdicts from best to worst, for Result.Status.
var rank = map[Verdict]int{
	Pass: 0, Informational: 1, Unimplemented: 2, NonStrict: 3,
	FailedByClient: 4, Unclean: 5, WrongCode: 6, Fail: 7,
}

// Worse reports whether v is a worse verdict than w.
func (v Verdict) Worse(w Verdict) bool { return rank[v] > rank[w] }

// Verdicts lists every verdict, from best to worst: the order of the
// totals and of a filter by verdict.
func Verdicts() []Verdict {
	return []Verdict{Pass, Informational, Unimplemented, NonStrict, FailedByClient, Unclean, WrongCode, Fail}
}

// Category is a group of cases: one of Autobahn|Testsuite's, by number,
// or one of this package's own, by letter (H, M, X, L), whose IDs cannot
// be mistaken for Autobahn's.
type Category struct {
	// Key is the category's number ("1" … "10") or letter ("H", "M", "X",
	// "L"); case IDs start with it.
	Key string `json:"key"`
	// Name is the category's name, such as "Close handling".
	Name string `json:"name"`
}

// String gives "7 Close handling" or "H Opening handshake".
func (c Category) String() string { return c.Key + " " + c.Name }

// Autobahn reports whether the category is one of Autobahn|Testsuite's.
func (c Category) Autobahn() bool { return c.Key != "" && c.Key[0] >= '0' && c.Key[0] <= '9' }

// Quick reports whether the category's cases belong to the quick run:
// all but Autobahn's 9 (limits and performance, megabytes and thousands
// of messages) and 12 and 13 (permessage-deflate, a thousand compressed
// messages a case), which projects leave out of their everyday runs as
// Autobahn's own quick configurations do.
func (c Category) Quick() bool { return c.Key != "9" && c.Key != "12" && c.Key != "13" }

// QuickRun is a filter for Run that keeps the cases of the quick run:
// Autobahn's 247 and this package's own (see Category.Quick). Run with a
// nil filter runs every case.
func QuickRun(c Case) bool { return c.Category.Quick() }

// The categories, in the order the cases run: Autobahn's quick run first,
// then this package's own.
var (
	catFraming   = Category{"1", "Framing"}
	catPing      = Category{"2", "Pings and pongs"}
	catReserved  = Category{"3", "Reserved bits"}
	catOpcodes   = Category{"4", "Opcodes"}
	catFragments = Category{"5", "Fragmentation"}
	catUTF8      = Category{"6", "UTF-8 handling"}
	catClose     = Category{"7", "Close handling"}
	catPerf      = Category{"9", "Limits and performance"}
	catMisc      = Category{"10", "Miscellaneous"}
	catDeflate   = Category{"12", "Compression: payloads"}
	catDeflateP  = Category{"13", "Compression: parameters"}
	catHandshake = Category{"H", "Opening handshake"}
	catMasking   = Category{"M", "Masking"}
	catExtra     = Category{"X", "Other framing checks"}
	catLimits    = Category{"L", "Limits"}
)

// Case is one conformance check.
type Case struct {
	// ID is the case's number within its category, such as "7.9.3" (the
	// same case as Autobahn|Testsuite's 7.9.3) or "H.2", unique within
	// Cases.
	ID string `json:"id"`
	// Category is the group the case belongs to.
	Category Category `json:"category"`
	// Title says in a few words what the case sends.
	Title string `json:"title"`
	// Section names the RFC 6455 sections the case checks, such as "§5.5.1".
	Section string `json:"section"`
	// Expect says what a conforming server does.
	Expect string `json:"expect"`

	// run does the case: it connects, sends, reads and sets the verdict.
	run func(*trial)
	// minTimeout, when larger than Options.CaseTimeout, bounds this case
	// instead: it moves megabytes or waits for the server's own timeout.
	minTimeout time.Duration
	// echoFree marks a case that needs no echo: the server is expected to
	// fail the connection or close it, not to send anything back first.
	// Tests use it to run such cases against endpoints that are not echoes.
	echoFree bool
	// ab is the Autobahn case's script and expectations; nil for this
	// package's own cases.
	ab *abSpec
	// fault, for the fuzzing server's handshake cases, is how the 101
	// answer is broken (clientcases.go).
	fault answerFault
}

// Cases returns every case, in the order Run runs them.
func Cases() []Case { return slices.Clone(allCases()) }

var allCases = sync.OnceValue(func() []Case {
	var all []Case
	for _, group := range []struct {
		cat   Category
		cases []Case
	}{
		{catFraming, framingCases()},
		{catPing, pingCases()},
		{catReserved, reservedCases()},
		{catOpcodes, opcodeCases()},
		{catFragments, fragmentationCases()},
		{catUTF8, utf8Cases()},
		{catClose, closeCases()},
		{catPerf, performanceCases()},
		{catMisc, miscCases()},
		{catDeflate, deflateCases(12)},
		{catDeflateP, deflateCases(13)},
		{catHandshake, handshakeCases()},
		{catMasking, maskingCases()},
		{catExtra, extraCases()},
		{catLimits, limitCases()},
	} {
		for _, c := range group.cases {
			c.Category = group.cat
			c.ID = group.cat.Key + "." + c.ID
			all = append(all, c)
		}
	}
	return all
})

// Categories returns the categories, in the order the cases run.
func Categories() []Category {
	return []Category{catFraming, catPing, catReserved, catOpcodes, catFragments, catUTF8, catClose, catPerf, catMisc, catDeflate, catDeflateP, catHandshake, catMasking, catExtra, catLimits}
}

// CategoryFilter returns a filter for Run that keeps the cases of the
// listed categories. list is comma-separated; each item is a category's
// key ("1", "H") or name ("framing", "utf-8 handling"), in any case, or a
// case ID or ID prefix ("7.9", "7.9.3"). An item that matches nothing is
// an error naming the known categories.
func CategoryFilter(list string) (func(Case) bool, error) {
	var keys []string
	for item := range strings.SplitSeq(list, ",") {
		item = strings.ToLower(strings.TrimSpace(item))
		if item == "" {
			continue
		}
		key := ""
		for _, c := range Categories() {
			if item == strings.ToLower(c.Key) || item == strings.ToLower(c.Name) {
				key = strings.ToLower(c.Key)
			}
		}
		if key == "" {
			for _, c := range allCases() {
				if id := strings.ToLower(c.ID); id == item || strings.HasPrefix(id, item+".") {
					key = item
					break
				}
			}
		}
		if key == "" {
			var known []string
			for _, c := range Categories() {
				known = append(known, c.Key+" ("+c.Name+")")
			}
			return nil, fmt.Errorf("no category or case %q; the categories are %s", item, strings.Join(known, ", "))
		}
		keys = append(keys, key)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("no category given")
	}
	return func(c Case) bool {
		id := strings.ToLower(c.ID)
		for _, k := range keys {
			if strings.ToLower(c.Category.Key) == k || id == k || strings.HasPrefix(id, k+".") {
				return true
			}
		}
		return false
	}, nil
}

// CaseFilter returns a filter for Run that keeps the cases whose IDs
// match one of the comma-separated patterns, the way Autobahn|Testsuite's
// spec file lists cases: an ID ("6.4.1", "H.2"), or a pattern where *
// stands for any run of characters ("6.*", "7.9.*", "*"). Letters match
// in any case. A pattern that matches no case is an error that says what
// is allowed.
func CaseFilter(patterns string) (func(Case) bool, error) { return caseFilter(patterns, allCases()) }

// caseFilter is CaseFilter over the cases given: every pattern must match
// one of them.
func caseFilter(patterns string, cases []Case) (func(Case) bool, error) {
	var pats []string
	for given := range strings.SplitSeq(patterns, ",") {
		given = strings.TrimSpace(given)
		p := strings.ToUpper(given)
		if p == "" {
			continue
		}
		if _, err := path.Match(p, ""); err != nil || strings.ContainsAny(p, "/\\") {
			return nil, fmt.Errorf("%q is not a case pattern: %s", given, casePatternHelp)
		}
		found := false
		for _, c := range cases {
			if ok, _ := path.Match(p, c.ID); ok {
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("no case matches %q: %s", given, casePatternHelp)
		}
		pats = append(pats, p)
	}
	if len(pats) == 0 {
		return nil, fmt.Errorf("no case pattern given: %s", casePatternHelp)
	}
	return func(c Case) bool {
		for _, p := range pats {
			if ok, _ := path.Match(p, c.ID); ok {
				return true
			}
		}
		return false
	}, nil
}

// casePatternHelp says what a case pattern may be.
const casePatternHelp = "a case is named by its ID (1.1.1 … 10.1.1 as in Autobahn|Testsuite, H.1, M.1, X.1, L.1) " +
	"or by a pattern where * stands for any characters (6.*, 7.9.*, *), several separated by commas; \"wssample check -list\" lists them"

// Result is what one case found.
type Result struct {
	Case
	// Verdict is the case's behaviour: what the server did with what was
	// sent (Autobahn's "behavior").
	Verdict Verdict `json:"behavior"`
	// Detail says in plain words why: what the server did and what the RFC
	// asks, or what it chose where the RFC lets it choose.
	Detail string `json:"result"`
	// CloseVerdict is the close behaviour: how the connection ended
	// (Autobahn's "behaviorClose"). Empty for a case that ends no
	// WebSocket of its own (a refused handshake).
	CloseVerdict Verdict `json:"behaviorClose,omitempty"`
	// CloseDetail says why, in plain words.
	CloseDetail string `json:"resultClose,omitempty"`
	// RemoteCloseCode is the code of the server's close frame, nil when it
	// sent none or an empty one.
	RemoteCloseCode *int `json:"remoteCloseCode"`
	// Sent lists what the case sent, one line per frame or request.
	Sent []string `json:"sent"`
	// Observed is what the server did.
	Observed Observed `json:"observed"`
	// Wire is every frame of the case as it went over the wire (wirelog.go).
	Wire []WireFrame `json:"-"`
	// Started is when the case started; Duration how long it took.
	Started  time.Time     `json:"started"`
	Duration time.Duration `json:"duration_ns"`
}

// Status is the one verdict a list shows for a result: FAILED when either
// behaviour failed; else a close behaviour that is not OK (WRONG CODE,
// UNCLEAN, FAILED BY CLIENT); else the behaviour. Both stay in the
// result, as Autobahn's index shows both.
func (r Result) Status() Verdict {
	switch {
	case r.Verdict == Fail || r.CloseVerdict == Fail:
		return Fail
	case r.CloseVerdict == WrongCode, r.CloseVerdict == Unclean, r.CloseVerdict == FailedByClient:
		return r.CloseVerdict
	}
	return r.Verdict
}

// Failed reports whether either behaviour is FAILED: what makes
// "wssample check" exit with status 1.
func (r Result) Failed() bool { return r.Status() == Fail }

// Observed is what the server did during one case.
type Observed struct {
	// HTTPStatus is the status of the handshake answer (101 when the
	// WebSocket opened); 0 when no answer came.
	HTTPStatus int `json:"http_status,omitempty"`
	// Frames is the number of frames the server sent.
	Frames int `json:"frames"`
	// BytesEchoed is the payload bytes of the data frames the server
	// sent: on an echo endpoint, what it echoed.
	BytesEchoed int64 `json:"bytes_echoed"`
	// Close is the close frame the server sent, if any.
	Close *CloseFrame `json:"close,omitempty"`
	// End says how the connection ended: "closed by the server",
	// "reset by the server", "open at the deadline", "closed by the
	// checker" …
	End string `json:"end,omitempty"`
	// Events is the sequence of what arrived, one line each, as a person
	// would read a packet capture (bounded; long runs are cut short).
	Events []string `json:"events,omitempty"`
}

// CloseFrame is a close frame the server sent.
type CloseFrame struct {
	// Code is the status code; 1005 (no status received) for an empty
	// payload, 0 for a 1-byte payload that cannot hold one.
	Code int `json:"code"`
	// Reason is the close reason, as sent (possibly not valid UTF-8).
	Reason string `json:"reason"`
}
