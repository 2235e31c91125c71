package conformance

import (
	"bytes"
	"fmt"
	"testing"
)

// Category 6's first cases as Autobahn's case6_1_1.py … case6_4_4.py:
// empty and fragmented text (§5.4, §5.6), valid UTF-8 cut between
// fragments, even inside a code point (sendMessage with fragmentSize = 1,
// which §5.6 allows: the message is what must be valid), invalid UTF-8
// (§8.1), and 6.4's fail-fast cases: a valid start, continueLater(1,
// "A"), the bytes that make it invalid, continueLater(1, "B"), the rest.
// The bytes that make it invalid are the whole code point beyond
// U+10FFFF (F4 90 80 80) in 6.4.1 and 6.4.3, and in 6.4.2 and 6.4.4
// PAYLOAD[12] alone, the byte 0x90 where the bytes stop being valid (the
// first piece ends with the lead byte F4). 6.4.1 and 6.4.2 send three
// frames, 6.4.3 and 6.4.4 three pieces of one frame (beginMessageFrame
// with the whole length, then sendMessageFrameData; endMessage's empty
// final frame).
func TestUTF8CasesSendAutobahnsFramesRFC6455Section8_1(t *testing.T) {
	hello := "Hello-µ@ßöäüàá-UTF-8!!"
	bad := kosme + "\xed\xa0\x80edited" // invalid at byte 12: a surrogate
	greek := payloadShape([]byte(kosme))
	// oneByte is sendMessage(p, fragmentSize = 1): one frame a byte.
	oneByte := func(p string) []string {
		var out []string
		for i := range len(p) {
			op, fin := 0, "more"
			if i == 0 {
				op = 1
			}
			if i == len(p)-1 {
				fin = "fin"
			}
			out = append(out, fmt.Sprintf("%d %s %s", op, fin, payloadShape([]byte(p[i:i+1]))))
		}
		return out
	}
	checkScripts(t, []abScriptCase{
		{"6.1.1", []string{`1 fin ""`}, "closeAfter 1s", "Empty text message"},
		{"6.1.2", []string{`1 more ""`, `0 more ""`, `0 fin ""`}, "closeAfter 1s", "three empty fragments"},
		{"6.1.3", []string{`1 more ""`, `0 more "middle frame payload"`, `0 fin ""`}, "closeAfter 1s", "the first and last empty"},
		{"6.2.1", []string{`1 fin "` + hello + `"`}, "closeAfter 1s", "in one frame"},
		{"6.2.2", []string{`1 more "Hello-µ@ßöä"`, `0 fin "üàá-UTF-8!!"`}, "closeAfter 1s", "cut on a code point boundary"},
		{"6.2.3", oneByte(hello), "closeAfter 1s", "fragments of one byte"},
		{"6.2.4", oneByte(kosme), "closeAfter 1s", "in fragments of one byte"},
		{"6.3.1", []string{"1 fin " + payloadShape([]byte(bad))}, "killAfter 1s", "Invalid UTF-8 text message in one frame"},
		{"6.3.2", oneByte(bad), "killAfter 1s", "Invalid UTF-8 text message in fragments of one byte"},
		{"6.4.1", []string{"1 more " + greek, "wait 1s A", `0 more F4 90 80 80`, "wait 1s B", `0 fin "edited"`}, "killAfter 1s",
			"Invalid UTF-8 in three fragments with 1 s pauses, the second holding the whole invalid code point"},
		{"6.4.2", []string{`1 more CE BA E1 BD B9 CF 83 CE BC CE B5 F4`, "wait 1s A", `0 more 90`, "wait 1s B", `0 fin 80 80 65 64 69 74 65 64`}, "killAfter 1s",
			"Invalid UTF-8 in three fragments with 1 s pauses, the second holding only the byte that makes it invalid"},
		// The first piece carries the frame's header: text, no FIN, the
		// whole 21 bytes announced (shown unmasked, as rawServer has it).
		{"6.4.3", []string{`raw 01 15 CE BA E1 BD B9 CF 83 CE BC CE B5`, "wait 1s A", `raw F4 90 80 80`, "wait 1s B", `raw "edited"`, `0 fin ""`}, "killAfter 1s",
			"Invalid UTF-8 in three pieces of one frame with 1 s pauses, the second holding the whole invalid code point"},
		{"6.4.4", []string{`raw 01 15 CE BA E1 BD B9 CF 83 CE BC CE B5 F4`, "wait 1s A", `raw 90`, "wait 1s B", `raw 80 80 65 64 69 74 65 64`, `0 fin ""`}, "killAfter 1s",
			"Invalid UTF-8 in three pieces of one frame with 1 s pauses, the second holding only the byte that makes it invalid"},
	})
}

// The generated cases 6.5 … 6.23 send what Autobahn's case6_x_x.py
// sends: each vector in one text frame, then killAfter(0.5). Where the
// vectors are built by a loop, its bounds are Autobahn's, which leave
// the upper one out (Python's xrange): 6.12.8 is the continuation bytes
// 0x80 … 0xBE (63 bytes, without 0xBF), and 6.13.1 … 6.13.5 the lonely
// start bytes C0 … DE, E0 … EE, F0 … F6, F8 … FA and FC, each followed by
// a space. A long vector's title shows its first 16 bytes and its
// length; a short one's, every byte.
func TestGeneratedUTF8CasesSendAutobahnsVectorsRFC3629(t *testing.T) {
	span := func(from, to byte, space bool) []byte { // from … to-1, as xrange
		var b []byte
		for c := from; c < to; c++ {
			b = append(b, c)
			if space {
				b = append(b, 0x20)
			}
		}
		return b
	}
	for _, tc := range []struct {
		id    string
		sends []byte
		valid bool
		title string
	}{
		{"6.5.1", []byte("hello$world"), true, "Some valid UTF-8 sequences: 68 65 6C 6C 6F 24 77 6F 72 6C 64"},
		{"6.6.1", []byte(kosme[:1]), false, ""},
		{"6.6.2", []byte(kosme[:2]), true, ""},
		{"6.6.11", []byte(kosme), true, ""},
		{"6.12.1", []byte{0x80}, false, "Unexpected continuation bytes: 80"},
		{"6.12.8", span(0x80, 0xBF, false), false, "Unexpected continuation bytes: 80 81 82 83 84 85 86 87 88 89 8A 8B 8C 8D 8E 8F … (63 bytes)"},
		{"6.13.1", span(0xC0, 0xDF, true), false, "Lonely start characters: C0 20 C1 20 C2 20 C3 20 C4 20 C5 20 C6 20 C7 20 … (62 bytes)"},
		{"6.13.2", span(0xE0, 0xEF, true), false, "Lonely start characters: E0 20 E1 20 E2 20 E3 20 E4 20 E5 20 E6 20 E7 20 … (30 bytes)"},
		{"6.13.3", span(0xF0, 0xF7, true), false, "Lonely start characters: F0 20 F1 20 F2 20 F3 20 F4 20 F5 20 F6 20"},
		{"6.13.4", span(0xF8, 0xFB, true), false, "Lonely start characters: F8 20 F9 20 FA 20"},
		{"6.13.5", span(0xFC, 0xFD, true), false, "Lonely start characters: FC 20"},
		{"6.22.1", []byte("\xef\xbf\xbe"), true, ""},
		{"6.22.3", []byte("\xf0\x9f\xbf\xbe"), true, ""}, // F0 8F BF BE/BF, overlong, left out
		{"6.22.34", []byte("\xf4\x8f\xbf\xbf"), true, ""},
		{"6.23.7", []byte("\xef\xbf\xbf"), true, ""},
	} {
		c := catalogueCase(t, tc.id)
		got := scriptOf(t, tc.id)
		want := abScript{steps: []string{"1 fin " + payloadShape(tc.sends)}, end: "killAfter 500ms"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s sends %v, Autobahn's %v", tc.id, got, want)
		}
		// A valid vector must come back; an invalid one must fail the
		// connection with 1007 (§8.1), from the server's side.
		echoed := len(c.ab.expect) == 1 && len(c.ab.expect[0].events) == 1 && bytes.Equal(c.ab.expect[0].events[0].payload, tc.sends)
		refused := !c.ab.closedByMe && c.ab.wrongEndpointFatal && fmt.Sprint(c.ab.codes) == "[1007]"
		if echoed != tc.valid || refused == tc.valid {
			t.Errorf("%s: expects the echo %v, the failure with 1007 %v; the vector is valid: %v", tc.id, echoed, refused, tc.valid)
		}
		if tc.title != "" && c.Title != tc.title {
			t.Errorf("%s is titled %q, want %q", tc.id, c.Title, tc.title)
		}
	}
}
