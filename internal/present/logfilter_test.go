package present

import (
	"fmt"
	"strings"
	"testing"
)

func TestLogFilterContainsFoldASCII(t *testing.T) {
	for _, c := range []struct {
		s, needle string
		want      bool
	}{
		{"Message Received; Type: Utf8", "received", true},
		{"Message Received; Type: Utf8", "utf8", true},
		{"Message Received; Type: Utf8", "message", true},
		{"Message Received; Type: Utf8", "utf9", false},
		{"short", "longer than s", false},
		{"", "a", false},
		{"anything", "", true},
		{"aaab", "aab", true}, // a partial match first, then the match
		{"Grüße ERROR", "error", true},
		{"[]{}", "[]", true},
		{"@", "`", false}, // '@' and '`' are not letters: no case to fold
	} {
		if got := containsFoldASCII(c.s, c.needle); got != c.want {
			t.Errorf("containsFoldASCII(%q, %q) = %v", c.s, c.needle, got)
		}
		// The same answer as the slow way.
		if slow := strings.Contains(strings.ToLower(c.s), c.needle); slow != c.want {
			t.Errorf("case %q %q: the slow way says %v", c.s, c.needle, slow)
		}
	}
}

func TestLogFilterNarrowsAndWidens(t *testing.T) {
	r := NewLogRing(10, 1<<20)
	r.Append(rowsOf("alpha", "beta", "alphabet", "gamma", "ALPHA")...)
	var f LogFilter
	f.Set("alp", r)
	if f.Len() != 3 || f.Seq(0) != 0 || f.Seq(1) != 2 || f.Seq(2) != 4 {
		t.Fatalf("alp: %v", f.seqs[f.head:])
	}
	f.Set("alpha", r) // narrower
	if f.Len() != 3 {
		t.Fatalf("alpha: %v", f.seqs[f.head:])
	}
	f.Set("alphab", r)
	if f.Len() != 1 || f.Seq(0) != 2 || f.Find(2) != 0 || f.Find(4) != -1 {
		t.Fatalf("alphab: %v", f.seqs[f.head:])
	}
	f.Set("a", r) // wider: a full scan
	if f.Len() != 5 {
		t.Fatalf("a: %v", f.seqs[f.head:])
	}
	f.Set("", r)
	if f.Active() || f.Len() != 0 {
		t.Fatal("an empty filter is still active")
	}
}

// BenchmarkLogFilterScan50k is the filter's own share of a filter change
// on a full log (BenchmarkLogPaneFilter50k adds the list's redraw): a
// full scan of 50,000 lines for an ASCII needle, and for one that is not.
func BenchmarkLogFilterScan50k(b *testing.B) {
	r := NewLogRing(LogLimit, LogByteLimit)
	for i := range LogLimit {
		r.Append(rowsOf(fmt.Sprintf("12:00:%02d.%03d  Message Received; Type: Utf8 (line %d)", i/1000%60, i%1000, i))...)
	}
	for _, needle := range []string{"LINE 4", "Grüße"} {
		b.Run(needle, func(b *testing.B) {
			var f LogFilter
			for b.Loop() {
				f.Set(needle, r)
				f.Set("", r)
			}
		})
	}
}
