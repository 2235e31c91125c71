package present

import (
	"sort"
	"strings"
)

// LogFilter picks the rows of a log whose line contains a piece of text,
// ignoring case: the pane shows only those while the filter is set, and
// all rows again when it is cleared (the ring keeps every row either way).
//
// It holds the sequence numbers of the matching rows, oldest first, so
// showing the i-th match is an index, not a search: the list asks for
// rows in view only, many times a second while scrolling.
type LogFilter struct {
	needle string   // lower case; "" = no filter
	ascii  bool     // needle is ASCII: the fast, allocation-free match
	seqs   []uint64 // seqs of the matching rows; seqs[head:] are still in the ring
	head   int
}

// active reports whether a filter is set.
func (f *LogFilter) Active() bool { return f.needle != "" }

// Len is how many kept rows match.
func (f *LogFilter) Len() int { return len(f.seqs) - f.head }

// Seq is the seq of the i-th matching row.
func (f *LogFilter) Seq(i int) uint64 { return f.seqs[f.head+i] }

// Find is the position among the matches of the row numbered seq, or -1.
func (f *LogFilter) Find(seq uint64) int {
	live := f.seqs[f.head:]
	i := sort.Search(len(live), func(i int) bool { return live[i] >= seq })
	if i < len(live) && live[i] == seq {
		return i
	}
	return -1
}

// set changes the text to look for and finds the matches in r. Typing one
// more character only narrows the matches, so then only they are looked
// at again, not the whole log.
func (f *LogFilter) Set(text string, r *LogRing) {
	needle := strings.ToLower(text)
	if needle == f.needle {
		return
	}
	narrower := f.Active() && strings.Contains(needle, f.needle)
	f.needle, f.ascii = needle, isASCII(needle)
	if !f.Active() {
		f.seqs, f.head = nil, 0
		return
	}
	if narrower {
		kept := f.seqs[:0]
		for _, seq := range f.seqs[f.head:] {
			if f.match(r.Line(r.Index(seq))) {
				kept = append(kept, seq)
			}
		}
		f.seqs, f.head = kept, 0
		return
	}
	f.seqs, f.head = f.seqs[:0], 0
	f.scan(r, 0)
}

// cleared forgets the matches: the ring was cleared.
func (f *LogFilter) Cleared() { f.seqs, f.head = f.seqs[:0], 0 }

// scan adds the matches among r's rows from index from on.
func (f *LogFilter) scan(r *LogRing, from int) {
	first := r.First()
	for i := from; i < r.Len(); i++ {
		if f.match(r.Line(i)) {
			f.seqs = append(f.seqs, first+uint64(i))
		}
	}
}

// appended brings the matches up to date after rows were appended to r
// (and the oldest maybe dropped): the last added of r's rows are new.
func (f *LogFilter) Appended(r *LogRing, added int) {
	if !f.Active() {
		return
	}
	f.dropBefore(r.First())
	f.scan(r, r.Len()-min(added, r.Len()))
}

// dropBefore forgets the matches older than seq first (gone from the
// ring). The slice is moved down once the dead part is half of it, so
// the cost per row stays constant.
func (f *LogFilter) dropBefore(first uint64) {
	for f.head < len(f.seqs) && f.seqs[f.head] < first {
		f.head++
	}
	if f.head > 0 && f.head >= len(f.seqs)/2 {
		n := copy(f.seqs, f.seqs[f.head:])
		f.seqs, f.head = f.seqs[:n], 0
	}
}

// match reports whether line contains the needle, ignoring case.
func (f *LogFilter) match(line string) bool {
	if f.ascii {
		return containsFoldASCII(line, f.needle)
	}
	return strings.Contains(strings.ToLower(line), f.needle)
}

// containsFoldASCII reports whether s contains needle, a lower-case ASCII
// string, with s's ASCII letters in either case. It allocates nothing:
// lower-casing 50,000 lines for every key typed in the filter would.
// (A byte of a multi-byte character never equals an ASCII byte, so s may
// hold any UTF-8.)
func containsFoldASCII(s, needle string) bool {
	if needle == "" {
		return true
	}
	c0, c0upper := needle[0], upperASCII(needle[0])
	for i := 0; i+len(needle) <= len(s); i++ {
		if c := s[i]; c != c0 && c != c0upper {
			continue
		}
		j := 1
		for j < len(needle) && lowerASCII(s[i+j]) == needle[j] {
			j++
		}
		if j == len(needle) {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
