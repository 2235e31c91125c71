package conformance

import (
	"bytes"
	"fmt"
	"time"
)

// performanceCases: category 9, Autobahn's limits and performance. RFC
// 6455 sets no limit on a message's size (§5.2: up to 2^63 bytes) and
// lets a server choose one (§10.4); these cases send large messages, in
// one frame, in fragments (§5.4) or in small TCP writes, and many small
// messages one after the other, and time each echo. As in Autobahn, each
// case is OK when every echo came back within its time and FAILED
// otherwise; the report gives the time each took, and Report.Throughput
// sums them per group. A server that refuses a message with 1009
// (message too big) uses the limit §10.4 allows: INFORMATIONAL here,
// where Autobahn says FAILED.
//
// Autobahn's 9.9 is commented out in its list of cases; it is not here
// either.
func performanceCases() []Case {
	const kib, mib = 1 << 10, 1 << 20
	type big struct {
		size, frag, chop int
		wait             time.Duration
	}
	sec := func(n int) time.Duration { return time.Duration(n) * time.Second }
	var cases []Case
	add := func(group, i int, title string, s sequence, wait time.Duration) {
		what := "text"
		if s.binary {
			what = "binary"
		}
		expect := fmt.Sprintf("The %s message back unchanged within %v, then a clean close with 1000", what, wait)
		if s.count > 1 {
			expect = fmt.Sprintf("Each of the %d %s messages back unchanged, all within %v, then a clean close with 1000", s.count, what, wait)
		}
		cases = append(cases, abCase(fmt.Sprintf("%d.%d", group, i), title, "§5.2, §5.4, §10.4", expect,
			abSpec{seq: &s, end: closeAfter, after: wait, closedByMe: true, codes: []int{codeNormal}, requireClean: true, limitOK: true}))
	}
	// Autobahn's payloads: a short pattern repeated to the length.
	textPattern, binPattern := []byte("BAsd7&jh23"), []byte{0x00, 0xfe, 0x23, 0xfa, 0xf0}
	repeat := func(p []byte, n int) func(int) []byte {
		return func(int) []byte { return bytes.Repeat(p, n/len(p)+1)[:n] }
	}

	// 9.1, 9.2: one message in one frame, 64 KiB to 16 MiB.
	for g, binary := range []bool{false, true} {
		pattern, what := textPattern, "Text"
		if binary {
			pattern, what = binPattern, "Binary"
		}
		for i, b := range []big{{64 * kib, 0, 0, sec(10)}, {256 * kib, 0, 0, sec(10)}, {1 * mib, 0, 0, sec(100)},
			{4 * mib, 0, 0, sec(100)}, {8 * mib, 0, 0, sec(100)}, {16 * mib, 0, 0, sec(100)}} {
			if binary && i >= 2 && i <= 3 {
				b.wait = sec(10) // Autobahn's 9.2.3 and 9.2.4 wait less than 9.1.3 and 9.1.4
			}
			add(1+g, 1+i, fmt.Sprintf("%s message of %s in one frame", what, sizeWords(b.size)),
				sequence{count: 1, binary: binary, payload: repeat(pattern, b.size)}, b.wait)
		}
	}
	// 9.3, 9.4: 4 MiB in fragments of 64 bytes to 4 MiB.
	for g, binary := range []bool{false, true} {
		pattern, what := []byte("*"), "Text"
		if binary {
			pattern, what = []byte{0xfe}, "Binary"
		}
		for i, frag := range []int{64, 256, 1 * kib, 4 * kib, 16 * kib, 64 * kib, 256 * kib, 1 * mib, 4 * mib} {
			add(3+g, 1+i, fmt.Sprintf("%s message of 4 MiB in fragments of %s", what, sizeWords(frag)),
				sequence{count: 1, binary: binary, payload: repeat(pattern, 4*mib), fragment: frag}, sec(100))
		}
	}
	// 9.5, 9.6: 1 MiB in one frame, written in chops of 64 to 2048 bytes.
	for g, binary := range []bool{false, true} {
		pattern, what := textPattern, "Text"
		if binary {
			pattern, what = binPattern, "Binary"
		}
		for i, chop := range []int{64, 128, 256, 512, 1024, 2048} {
			add(5+g, 1+i, fmt.Sprintf("%s message of 1 MiB in one frame, written in chops of %s", what, sizeWords(chop)),
				sequence{count: 1, binary: binary, payload: repeat(pattern, 1*mib), chop: chop}, sec(1000))
		}
	}
	// 9.7, 9.8: 1000 messages of 0 to 4096 bytes, each sent after the
	// echo of the one before: the round-trip time.
	for g, binary := range []bool{false, true} {
		pattern, what := []byte("*"), "text"
		if binary {
			pattern, what = []byte{0xfe}, "binary"
		}
		for i, m := range []struct{ size, wait int }{{0, 60}, {16, 60}, {64, 60}, {256, 120}, {1024, 240}, {4096, 480}} {
			add(7+g, 1+i, fmt.Sprintf("1000 %s messages of %s, one at a time", what, sizeWords(m.size)),
				sequence{count: 1000, binary: binary, payload: repeat(pattern, m.size)}, sec(m.wait))
		}
	}
	return cases
}

// sizeWords says a size as Autobahn's descriptions do: "64 bytes",
// "16 KiB", "4 MiB".
func sizeWords(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return byteCount(uint64(n))
}
