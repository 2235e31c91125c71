package conformance

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// The catalogue is meant to send what Autobahn|Testsuite's cases send,
// case for case (its autobahntestsuite/case/*.py). The tests of the
// autobahn_*_test.go files write each case's script the way those
// sources read — sendFrame(opcode, fin, payload, rsv, chopsize, sync),
// continueLater, killAfter / closeAfter — and compare it with the
// catalogue's, so a case that sends other bytes, in other writes, or
// waits another time, than Autobahn's fails by its ID.

// abScript is an Autobahn case's script in a few words, one line a step,
// then its end: "1 fin 125×2A", "9 fin \"\" chop 1", "wait 1s A",
// "killAfter 1s".
type abScript struct {
	steps []string
	end   string
}

// scriptOf writes the catalogue's case id's script as abScript does.
func scriptOf(t *testing.T, id string) abScript {
	t.Helper()
	return scriptOfCase(t, catalogueCase(t, id))
}

// scriptOfCase writes c's script as abScript does.
func scriptOfCase(t *testing.T, c Case) abScript {
	t.Helper()
	if c.ab == nil {
		t.Fatalf("%s has no script of Autobahn's kind", c.ID)
	}
	var s abScript
	for _, st := range c.ab.script {
		s.steps = append(s.steps, stepWords(st))
	}
	end := "closeAfter"
	if c.ab.end == killAfter {
		end = "killAfter"
	}
	s.end = fmt.Sprintf("%s %v", end, c.ab.after)
	return s
}

// stepWords is one step of a script: a frame as "opcode fin|more
// payload", with "rsv N" (Autobahn's 3-bit value: 4 is RSV1), "chop N"
// or "sync" when set; a wait and its mark; a close; raw bytes (a frame
// streamed in pieces).
func stepWords(st step) string {
	switch {
	case st.frame != nil:
		f := st.frame
		w := fmt.Sprintf("%d more %s", f.Opcode, payloadShape(f.Payload))
		if f.Fin {
			w = fmt.Sprintf("%d fin %s", f.Opcode, payloadShape(f.Payload))
		}
		if f.RSV != 0 {
			w += fmt.Sprintf(" rsv %d", f.RSV>>4)
		}
		if st.chop > 0 {
			w += fmt.Sprintf(" chop %d", st.chop)
		}
		if st.sync {
			w += " sync"
		}
		return w
	case st.close != nil:
		return "close " + payloadShape(st.close)
	case st.raw != nil:
		return "raw " + payloadShape(st.rawServer) // unmasked, as the fuzzing server writes it
	}
	return strings.TrimSpace(fmt.Sprintf("wait %v %s", st.wait, st.mark))
}

// payloadShape writes a payload as Autobahn's sources do: quoted text,
// "125×FE" for a run of one byte, hex bytes otherwise.
func payloadShape(p []byte) string {
	switch {
	case len(p) > 8 && bytes.Count(p, p[:1]) == len(p):
		return fmt.Sprintf("%d×%02X", len(p), p[0])
	case utf8.Valid(p) && !bytes.ContainsFunc(p, func(r rune) bool { return r < 0x20 }):
		return fmt.Sprintf("%q", p)
	}
	return fmt.Sprintf("% X", p)
}

// abScriptCase is one row of the tables: the case, its script as
// Autobahn's source has it, and what its title must say.
type abScriptCase struct {
	id    string
	steps []string
	end   string
	title string // a part of the case's title
}

// checkScripts compares each row with the catalogue.
func checkScripts(t *testing.T, rows []abScriptCase) {
	t.Helper()
	for _, r := range rows {
		got := scriptOf(t, r.id)
		if strings.Join(got.steps, " | ") != strings.Join(r.steps, " | ") {
			t.Errorf("%s sends\n\t%s\nAutobahn's sends\n\t%s", r.id, strings.Join(got.steps, "\n\t"), strings.Join(r.steps, "\n\t"))
		}
		if got.end != r.end {
			t.Errorf("%s ends with %s, Autobahn's with %s", r.id, got.end, r.end)
		}
		if title := catalogueCase(t, r.id).Title; !strings.Contains(title, r.title) {
			t.Errorf("%s is titled %q, which does not say %q", r.id, title, r.title)
		}
	}
}
