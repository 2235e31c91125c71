package conformance

import (
	"fmt"
	"strings"
	"testing"
)

// Category 1 as Autobahn's case1_1_1.py … case1_2_8.py: one text (1.1)
// or binary (1.2) message of '*' or 0xFE bytes at each edge of the three
// length encodings of RFC 6455 §5.2, killAfter(1) up to 128 bytes and
// killAfter(10) from 65535; the eighth written in chops of 997 bytes
// (chopsize = 997).
func TestFramingCasesSendAutobahnsFramesRFC6455Section5_2(t *testing.T) {
	var rows []abScriptCase
	for sub, kind := range []struct {
		op   int
		fill string
		name string
	}{{1, "2A", "Text"}, {2, "FE", "Binary"}} {
		for i, c := range []struct {
			n     int
			after string
			chop  string
		}{{0, "1s", ""}, {125, "1s", ""}, {126, "1s", ""}, {127, "1s", ""}, {128, "1s", ""},
			{65535, "10s", ""}, {65536, "10s", ""}, {65536, "10s", " chop 997"}} {
			payload := `""`
			if c.n > 0 {
				payload = fmt.Sprintf("%d×%s", c.n, kind.fill)
			}
			title := fmt.Sprintf("%s message of %d bytes in one frame", kind.name, c.n)
			if c.chop != "" {
				title = fmt.Sprintf("%s message of %d bytes, written in chops of 997 bytes", kind.name, c.n)
			}
			rows = append(rows, abScriptCase{id: fmt.Sprintf("1.%d.%d", sub+1, i+1),
				steps: []string{fmt.Sprintf("%d fin %s%s", kind.op, payload, c.chop)}, end: "killAfter " + c.after, title: title})
		}
	}
	checkScripts(t, rows)
}

// Category 2 as Autobahn's case2_1.py … case2_11.py: pings of 0 to 125
// bytes (§5.5.2), one of 126 (§5.5: too long for a control frame), one
// written a byte at a time with closeAfter(2), unsolicited pongs
// (§5.5.3), and ten pings back to back with closeAfter(3).
func TestPingCasesSendAutobahnsFramesRFC6455Section5_5_2(t *testing.T) {
	var ten, tenChopped []string
	for i := range 10 {
		ten = append(ten, fmt.Sprintf(`9 fin "payload-%d"`, i))
		tenChopped = append(tenChopped, fmt.Sprintf(`9 fin "payload-%d" chop 1`, i))
	}
	checkScripts(t, []abScriptCase{
		{"2.1", []string{`9 fin ""`}, "closeAfter 1s", "Ping without payload"},
		{"2.2", []string{`9 fin "Hello, world!"`}, "closeAfter 1s", "Ping with a short text payload"},
		{"2.3", []string{`9 fin 00 FF FE FD FC FB 00 FF`}, "closeAfter 1s", "Ping with a short binary payload"},
		{"2.4", []string{`9 fin 125×FE`}, "closeAfter 1s", "Ping with 125 bytes"},
		{"2.5", []string{`9 fin 126×FE`}, "killAfter 1s", "Ping with 126 bytes"},
		{"2.6", []string{`9 fin 125×FE chop 1`}, "closeAfter 2s", "Ping with 125 bytes, written one byte at a time"},
		{"2.7", []string{`10 fin ""`, `close 03 E8`}, "closeAfter 1s", "Unsolicited pong without payload, then a close"},
		{"2.8", []string{`10 fin "unsolicited pong payload"`, `close 03 E8`}, "closeAfter 1s", "Unsolicited pong with a payload, then a close"},
		{"2.9", []string{`10 fin "unsolicited pong payload"`, `9 fin "ping payload"`}, "closeAfter 1s", "Unsolicited pong, then a ping"},
		{"2.10", ten, "closeAfter 3s", "Ten pings with payloads, back to back"},
		{"2.11", tenChopped, "closeAfter 3s", "Ten pings with payloads, back to back, written one byte at a time"},
	})
	if title := catalogueCase(t, "2.10").Title; strings.Contains(title, "one byte at a time") {
		t.Errorf("2.10 is titled %q: its pings are written whole", title)
	}
}

// Category 3 as Autobahn's case3_1.py … case3_7.py: frames with RSV = 1
// to 7 (Autobahn's 3-bit value: 4 is RSV1, 1 is RSV3), which no extension
// agreed on (§5.2), after a valid message in 3.2 to 3.4, written together,
// each on its own (sync = True) or a byte at a time.
func TestReservedBitCasesSendAutobahnsFramesRFC6455Section5_2(t *testing.T) {
	hello := `"Hello, world!"`
	checkScripts(t, []abScriptCase{
		{"3.1", []string{`1 fin ` + hello + ` rsv 1`}, "killAfter 1s", "RSV = 1 (RSV3)"},
		{"3.2", []string{`1 fin ` + hello, `1 fin ` + hello + ` rsv 2`, `9 fin ""`}, "killAfter 1s", "RSV = 2 (RSV2), then a ping"},
		{"3.3", []string{`1 fin ` + hello + ` sync`, `1 fin ` + hello + ` rsv 3 sync`, `9 fin "" sync`}, "killAfter 1s", "each frame written on its own"},
		{"3.4", []string{`1 fin ` + hello + ` chop 1`, `1 fin ` + hello + ` rsv 4 chop 1`, `9 fin "" chop 1`}, "killAfter 1s", "written one byte at a time"},
		{"3.5", []string{`2 fin 00 FF FE FD FC FB 00 FF rsv 5`}, "killAfter 1s", "RSV = 5 (RSV1, RSV3)"},
		{"3.6", []string{`2 fin ` + hello + ` rsv 6`}, "killAfter 1s", "RSV = 6 (RSV1, RSV2)"},
		{"3.7", []string{`8 fin "" rsv 7`}, "killAfter 1s", "RSV = 7 (all three)"},
	})
}

// Category 4 as Autobahn's case4_1_1.py … case4_2_5.py: the reserved
// data opcodes 3 to 7 (4.1) and control opcodes 11 to 15 (4.2) of §5.2,
// one to a case: alone, with a payload, after a text message and before
// a ping, with the text's payload (the fourth and fifth), and a byte at a
// time (the fifth).
func TestReservedOpcodeCasesSendAutobahnsFramesRFC6455Section5_2(t *testing.T) {
	var rows []abScriptCase
	for sub, kind := range []string{"data", "control"} {
		op := []int{3, 11}[sub]
		text, ping := `1 fin "Hello, world!"`, `9 fin ""`
		id := func(i int) string { return fmt.Sprintf("4.%d.%d", sub+1, i) }
		rows = append(rows,
			abScriptCase{id(1), []string{fmt.Sprintf(`%d fin ""`, op)}, "killAfter 1s",
				fmt.Sprintf("Frame with the reserved %s opcode %d, no payload", kind, op)},
			abScriptCase{id(2), []string{fmt.Sprintf(`%d fin "reserved opcode payload"`, op+1)}, "killAfter 1s",
				fmt.Sprintf("Frame with the reserved %s opcode %d and a payload", kind, op+1)},
			abScriptCase{id(3), []string{text, fmt.Sprintf(`%d fin ""`, op+2), ping}, "killAfter 1s",
				fmt.Sprintf("Text message, then the reserved %s opcode %d, then a ping", kind, op+2)},
			abScriptCase{id(4), []string{text, fmt.Sprintf(`%d fin "Hello, world!"`, op+3), ping}, "killAfter 1s",
				fmt.Sprintf("Text message, then the reserved %s opcode %d with a payload, then a ping", kind, op+3)},
			abScriptCase{id(5), []string{text + " chop 1", fmt.Sprintf(`%d fin "Hello, world!" chop 1`, op+4), ping + " chop 1"}, "killAfter 1s",
				fmt.Sprintf("Text message, then the reserved %s opcode %d with a payload, then a ping, written one byte at a time", kind, op+4)},
		)
	}
	checkScripts(t, rows)
	for _, id := range []string{"4.1.3", "4.1.4", "4.2.3", "4.2.4"} {
		if title := catalogueCase(t, id).Title; strings.Contains(title, "one byte at a time") {
			t.Errorf("%s is titled %q: its frames are written whole", id, title)
		}
	}
}

// Category 5 as Autobahn's case5_1.py … case5_20.py: fragmented control
// frames (§5.5: never fragmented), fragmented text messages with and
// without a ping between the fragments (§5.4), continuation frames with
// nothing to continue, each written together, frame by frame (sync =
// True) and a byte at a time; 5.19 and 5.20 with continueLater(1).
func TestFragmentationCasesSendAutobahnsFramesRFC6455Section5_4(t *testing.T) {
	f := func(op int, fin bool, p string) string {
		if fin {
			return fmt.Sprintf("%d fin %q", op, p)
		}
		return fmt.Sprintf("%d more %q", op, p)
	}
	// each writes a script the three ways of Autobahn's triples: together,
	// each frame written on its own, a byte at a time.
	each := func(how string, steps ...string) []string {
		var out []string
		for _, s := range steps {
			out = append(out, s+how)
		}
		return out
	}
	twoFrags := []string{f(1, false, "fragment1"), f(0, true, "fragment2")}
	withPing := []string{f(1, false, "fragment1"), f(9, true, "ping payload"), f(0, true, "fragment2")}
	nothingFin := []string{f(0, true, "non-continuation payload"), f(1, true, "Hello, world!")}
	nothingMore := []string{f(0, false, "non-continuation payload"), f(1, true, "Hello, world!")}
	twice := func(fin bool) []string {
		var out []string
		for range 2 {
			out = append(out, f(0, fin, "fragment1"), f(1, false, "fragment2"), f(0, true, "fragment3"))
		}
		return out
	}
	pauses := func(how string) []string {
		return append(append(each(how, f(1, false, "fragment1"), f(0, false, "fragment2"), f(9, true, "pongme 1!")), "wait 1s"),
			each(how, f(0, false, "fragment3"), f(0, false, "fragment4"), f(9, true, "pongme 2!"), f(0, true, "fragment5"))...)
	}
	checkScripts(t, []abScriptCase{
		{"5.1", []string{f(9, false, "fragment1"), f(0, true, "fragment2")}, "killAfter 1s", "Ping in two fragments"},
		{"5.2", []string{f(10, false, "fragment1"), f(0, true, "fragment2")}, "killAfter 1s", "Pong in two fragments"},
		{"5.3", twoFrags, "closeAfter 1s", "Text message in two fragments"},
		{"5.4", each(" sync", twoFrags...), "closeAfter 1s", "each frame written on its own"},
		{"5.5", each(" chop 1", twoFrags...), "closeAfter 1s", "written one byte at a time"},
		{"5.6", withPing, "closeAfter 1s", "with a ping between them"},
		{"5.7", each(" sync", withPing...), "closeAfter 1s", "with a ping between them, each frame written on its own"},
		{"5.8", each(" chop 1", withPing...), "closeAfter 1s", "with a ping between them, written one byte at a time"},
		{"5.9", nothingFin, "killAfter 1s", "Continuation frame with FIN and nothing to continue"},
		{"5.10", each(" sync", nothingFin...), "killAfter 1s", "each frame written on its own"},
		{"5.11", each(" chop 1", nothingFin...), "killAfter 1s", "written one byte at a time"},
		{"5.12", nothingMore, "killAfter 1s", "Continuation frame without FIN and nothing to continue"},
		{"5.13", each(" sync", nothingMore...), "killAfter 1s", "each frame written on its own"},
		{"5.14", each(" chop 1", nothingMore...), "killAfter 1s", "written one byte at a time"},
		{"5.15", []string{f(1, false, "fragment1"), f(0, true, "fragment2"), f(0, false, "fragment3"), f(1, true, "fragment4")}, "killAfter 1s",
			"then a continuation frame with nothing to continue"},
		{"5.16", twice(false), "killAfter 1s", "Twice: a continuation frame without FIN"},
		{"5.17", twice(true), "killAfter 1s", "Twice: a continuation frame with FIN"},
		{"5.18", []string{f(1, false, "fragment1"), f(1, true, "fragment2")}, "killAfter 1s", "both with the text opcode"},
		{"5.19", pauses(""), "closeAfter 1s", "two pings between them and a 1 s pause"},
		{"5.20", pauses(" sync"), "closeAfter 1s", "and a 1 s pause, each frame written on its own"},
	})
}
