package conformance

import (
	"fmt"
	"strings"
	"testing"
)

// The fuzzing server's spec answers with version 13 only (RFC 6455 §4.1,
// §11.6: the wire's version): its "versions" list must hold 13, and
// only a list that holds another version too gets a note saying the
// others are not answered. [13] alone is exactly what it does: no note.
func TestServerSpecNotesOnlyVersionsOtherThan13RFC6455Section4_1(t *testing.T) {
	for _, tc := range []struct {
		versions string
		note     bool
	}{{"[13]", false}, {"[13, 13]", false}, {"[13, 8]", true}, {"[8, 13]", true}} {
		s, err := ParseServerSpec([]byte(`{"cases": ["1.1.1"], "options": {"versions": ` + tc.versions + `}}`))
		if err != nil {
			t.Fatalf("versions %s: %v", tc.versions, err)
		}
		notes := strings.Join(s.Notes, "\n")
		if got := strings.Contains(notes, "the fuzzing server answers version 13 (RFC 6455) only"); got != tc.note {
			t.Errorf("versions %s: a note on the versions %v, want %v; notes:\n%s", tc.versions, got, tc.note, notes)
		}
	}
}

// A pattern of the fuzzing server's spec that names no case is refused
// with the range of the client's own duties, C.1 to the last of them
// (category C): what a person may name besides Autobahn's cases.
func TestServerSpecErrorNamesTheClientDuties(t *testing.T) {
	duties := 0
	for _, c := range ClientCases() {
		if strings.HasPrefix(c.ID, "C.") {
			duties++
		}
	}
	if duties != 7 {
		t.Fatalf("%d client duties, want C.1 … C.7", duties)
	}
	_, err := ParseServerSpec([]byte(`{"cases": ["Z.1"]}`))
	if want := `"wssample check -list" lists Autobahn's, and C.1 to C.7 are a client's own duties`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want it to say %q", err, want)
	}
}

// C.2 (RFC 6455 §5.3: a client masks every frame with a fresh key) sends
// eight text messages, each frame on its own, numbered from 1, and gives
// the client 2 s to echo them, with its own pings allowed, before it
// fails the connection; the keys of the echoes are judged.
func TestClientMaskingCaseSendsEightNumberedMessagesRFC6455Section5_3(t *testing.T) {
	c := clientCaseByID(t, "C.2")
	var want []string
	for i := range 8 {
		want = append(want, fmt.Sprintf(`1 fin "message %d, to show the masking key of its echo" sync`, i+1))
	}
	got := scriptOfCase(t, c)
	if fmt.Sprint(got) != fmt.Sprint(abScript{steps: want, end: "killAfter 2s"}) {
		t.Errorf("C.2 sends %q, ends with %s; want %q, killAfter 2s", got.steps, got.end, want)
	}
	if !c.ab.checkKeys || !c.ab.ownPings || len(c.ab.expect) != 1 || len(c.ab.expect[0].events) != 8 {
		t.Errorf("C.2 does not expect eight echoes and judge their keys")
	}
}
