package conformance

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// Category 9 as Autobahn's case9_1_1.py … case9_8_6 (case9_7_X.py): the
// size of each message and the pattern it repeats, how it is cut
// (fragmentSize in 9.3 and 9.4, chopsize in 9.5 and 9.6), how many
// messages (1000 in 9.7 and 9.8, each after the echo of the one before),
// and the time each case gives the server (WAITSECS): 10 s for 9.1.1,
// 9.1.2 and 9.2.1 … 9.2.4, 100 s for the other large messages, 1000 s
// for the chopped ones, 60 s to 480 s for the thousand messages. RFC
// 6455 §5.2 sets no limit on a message's size; §5.4 lets a message come
// in fragments of any size.
func TestPerformanceCasesSendAutobahnsMessagesRFC6455Section5_4(t *testing.T) {
	const kib, mib = 1 << 10, 1 << 20
	text, bin, star, fe := "BAsd7&jh23", "\x00\xfe\x23\xfa\xf0", "*", "\xfe"
	type row struct {
		id, title      string
		binary         bool
		size           int
		pattern        string
		fragment, chop int
		count          int
		wait           time.Duration
	}
	var rows []row
	for g, binary := range []bool{false, true} {
		what, pattern := "Text", text
		if binary {
			what, pattern = "Binary", bin
		}
		for i, c := range []struct {
			size  int
			words string
			wait  time.Duration
		}{{64 * kib, "64 KiB", 10}, {256 * kib, "256 KiB", 10}, {mib, "1 MiB", 100}, {4 * mib, "4 MiB", 100}, {8 * mib, "8 MiB", 100}, {16 * mib, "16 MiB", 100}} {
			wait := c.wait
			if binary && (i == 2 || i == 3) {
				wait = 10 // case9_2_3.py and case9_2_4.py: WAITSECS = 10
			}
			rows = append(rows, row{fmt.Sprintf("9.%d.%d", 1+g, 1+i), fmt.Sprintf("%s message of %s in one frame", what, c.words),
				binary, c.size, pattern, 0, 0, 1, wait * time.Second})
		}
	}
	for g, binary := range []bool{false, true} {
		what, pattern := "Text", star
		if binary {
			// case9_4_1.py sends 0xFE bytes; 9.4.2 … 9.4.9 inherit its
			// isBinary but set '*' bytes, which the catalogue does not
			// follow: a binary payload's bytes mean nothing to a server.
			what, pattern = "Binary", fe
		}
		for i, frag := range []struct {
			n     int
			words string
		}{{64, "64 bytes"}, {256, "256 bytes"}, {kib, "1 KiB"}, {4 * kib, "4 KiB"}, {16 * kib, "16 KiB"}, {64 * kib, "64 KiB"},
			{256 * kib, "256 KiB"}, {mib, "1 MiB"}, {4 * mib, "4 MiB"}} {
			rows = append(rows, row{fmt.Sprintf("9.%d.%d", 3+g, 1+i), fmt.Sprintf("%s message of 4 MiB in fragments of %s", what, frag.words),
				binary, 4 * mib, pattern, frag.n, 0, 1, 100 * time.Second})
		}
	}
	for g, binary := range []bool{false, true} {
		what, pattern := "Text", text
		if binary {
			what, pattern = "Binary", bin
		}
		for i, chop := range []struct {
			n     int
			words string
		}{{64, "64 bytes"}, {128, "128 bytes"}, {256, "256 bytes"}, {512, "512 bytes"}, {kib, "1 KiB"}, {2 * kib, "2 KiB"}} {
			rows = append(rows, row{fmt.Sprintf("9.%d.%d", 5+g, 1+i), fmt.Sprintf("%s message of 1 MiB in one frame, written in chops of %s", what, chop.words),
				binary, mib, pattern, 0, chop.n, 1, 1000 * time.Second})
		}
	}
	for g, binary := range []bool{false, true} {
		what, pattern := "text", star
		if binary {
			what, pattern = "binary", fe
		}
		for i, m := range []struct {
			size  int
			words string
			wait  time.Duration
		}{{0, "0 bytes", 60}, {16, "16 bytes", 60}, {64, "64 bytes", 60}, {256, "256 bytes", 120}, {kib, "1 KiB", 240}, {4 * kib, "4 KiB", 480}} {
			rows = append(rows, row{fmt.Sprintf("9.%d.%d", 7+g, 1+i), fmt.Sprintf("1000 %s messages of %s, one at a time", what, m.words),
				binary, m.size, pattern, 0, 0, 1000, m.wait * time.Second})
		}
	}
	if len(rows) != 54 {
		t.Fatalf("%d rows, Autobahn has 54 cases in category 9", len(rows))
	}
	for _, r := range rows {
		c := catalogueCase(t, r.id)
		s := c.ab.seq
		if s == nil {
			t.Errorf("%s sends no sequence of messages", r.id)
			continue
		}
		if c.Title != r.title {
			t.Errorf("%s is titled %q, want %q", r.id, c.Title, r.title)
		}
		if s.binary != r.binary || s.count != r.count || s.fragment != r.fragment || s.chop != r.chop || c.ab.after != r.wait {
			t.Errorf("%s: binary %v, %d messages, fragments of %d, chops of %d, within %v; Autobahn's: %v, %d, %d, %d, %v",
				r.id, s.binary, s.count, s.fragment, s.chop, c.ab.after, r.binary, r.count, r.fragment, r.chop, r.wait)
		}
		// The first and last messages: the pattern repeated to the size.
		for _, i := range []int{0, r.count - 1} {
			p := s.payload(i)
			if len(p) != r.size {
				t.Errorf("%s: message %d of %d bytes, want %d", r.id, i+1, len(p), r.size)
				continue
			}
			for j := 0; j < len(p); j++ {
				if j == 4096 && len(p) > 8192 {
					j = len(p) - 4096 // the start and the end: enough to see the pattern's phase
				}
				if p[j] != r.pattern[j%len(r.pattern)] {
					t.Errorf("%s: byte %d is %02X, the pattern % X has %02X there", r.id, j, p[j], r.pattern, r.pattern[j%len(r.pattern)])
					break
				}
			}
		}
		// Autobahn's verdict: OK when every echo came back in time, then
		// the checker's clean close with 1000.
		if !c.ab.closedByMe || fmt.Sprint(c.ab.codes) != "[1000]" || !c.ab.requireClean {
			t.Errorf("%s does not end with the checker's clean close with 1000", r.id)
		}
	}
	// What the report says a server must do: one message, or each of many.
	for id, want := range map[string]string{
		"9.1.1": "The text message back unchanged within 10s, then a clean close with 1000",
		"9.6.6": "The binary message back unchanged within 16m40s, then a clean close with 1000",
		"9.7.1": "Each of the 1000 text messages back unchanged, all within 1m0s, then a clean close with 1000",
		"9.8.6": "Each of the 1000 binary messages back unchanged, all within 8m0s, then a clean close with 1000",
	} {
		if got := catalogueCase(t, id).Expect; got != want {
			t.Errorf("%s expects %q, want %q", id, got, want)
		}
	}
}

// A large message of category 9 is built when it is sent, at its size:
// the catalogue holds no megabytes, and building 9.1.3's 1 MiB message
// costs about 1 MiB, not the pattern repeated ten times too often.
func TestPerformanceMessageBuiltAtItsSize(t *testing.T) {
	payload := catalogueCase(t, "9.1.3").ab.seq.payload
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	p := payload(0)
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 3<<20 {
		t.Errorf("building a message of %d bytes allocated %d bytes", len(p), got)
	}
}
