package conformance

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Verdict is the outcome of one case.
type Verdict string

// The four verdicts. Pass, NonStrict and Fail judge the server against
// RFC 6455; Informational judges nothing.
const (
	// Pass: the server did what RFC 6455 asks.
	Pass Verdict = "pass"
	// NonStrict: allowed by RFC 6455 but not ideal, such as a TCP drop
	// without a close frame where a 1002 close was expected, or a close
	// with another code than the one the RFC names.
	NonStrict Verdict = "non-strict"
	// Fail: the server broke a MUST of RFC 6455.
	Fail Verdict = "fail"
	// Informational: the RFC leaves the choice to the server; the detail
	// says which choice it made.
	Informational Verdict = "informational"
)

// Category is a group of cases: one of Autobahn|Testsuite's, by number,
// or one of this package's own (handshake, masking).
type Category struct {
	// Key is the category's number ("1" … "9") or word ("handshake",
	// "masking"); case IDs start with it.
	Key string `json:"key"`
	// Name is the category's name, such as "Close handling".
	Name string `json:"name"`
}

// String gives "7 Close handling", or the name alone for a category
// without a number.
func (c Category) String() string {
	if c.Key != "" && c.Key[0] >= '0' && c.Key[0] <= '9' {
		return c.Key + " " + c.Name
	}
	return c.Name
}

// The categories, in the order the cases run.
var (
	catHandshake = Category{"handshake", "Opening handshake"}
	catFraming   = Category{"1", "Framing"}
	catPing      = Category{"2", "Pings and pongs"}
	catReserved  = Category{"3", "Reserved bits"}
	catOpcodes   = Category{"4", "Opcodes"}
	catFragments = Category{"5", "Fragmentation"}
	catUTF8      = Category{"6", "UTF-8 handling"}
	catClose     = Category{"7", "Close handling"}
	catLimits    = Category{"9", "Limits"}
	catMasking   = Category{"masking", "Masking"}
)

// Case is one conformance check.
type Case struct {
	// ID is the case's number within its category, such as "7.9.3" or
	// "handshake.2", unique within Cases.
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
}

// Cases returns every case, in the order Run runs them.
func Cases() []Case { return slices.Clone(allCases()) }

var allCases = sync.OnceValue(func() []Case {
	var all []Case
	for _, group := range []struct {
		cat   Category
		cases []Case
	}{
		{catHandshake, handshakeCases()},
		{catFraming, framingCases()},
		{catPing, pingCases()},
		{catReserved, reservedCases()},
		{catOpcodes, opcodeCases()},
		{catFragments, fragmentationCases()},
		{catUTF8, utf8Cases()},
		{catClose, closeCases()},
		{catLimits, limitCases()},
		{catMasking, maskingCases()},
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
	return []Category{catHandshake, catFraming, catPing, catReserved, catOpcodes, catFragments, catUTF8, catClose, catLimits, catMasking}
}

// CategoryFilter returns a filter for Run that keeps the cases of the
// listed categories. list is comma-separated; each item is a category's
// key ("1", "handshake") or name ("framing", "utf-8 handling"), in any
// case, or a case ID or ID prefix ("7.9", "7.9.3"). An item that matches
// nothing is an error naming the known categories.
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
				key = c.Key
			}
		}
		if key == "" {
			for _, c := range allCases() {
				if c.ID == item || strings.HasPrefix(c.ID, item+".") {
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
		for _, k := range keys {
			if c.Category.Key == k || c.ID == k || strings.HasPrefix(c.ID, k+".") {
				return true
			}
		}
		return false
	}, nil
}

// Result is what one case found.
type Result struct {
	Case
	// Verdict is the outcome.
	Verdict Verdict `json:"verdict"`
	// Detail says in plain words why: what the server did and what the RFC
	// asks, or what it chose where the RFC lets it choose.
	Detail string `json:"detail"`
	// Sent lists what the case sent, one line per frame or request.
	Sent []string `json:"sent"`
	// Observed is what the server did.
	Observed Observed `json:"observed"`
	// Duration is how long the case took.
	Duration time.Duration `json:"duration_ns"`
}

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
