package conformance

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The catalogue is Autobahn|Testsuite's, case for case: its categories
// hold as many cases as Autobahn's, in its order, 517 in all, 247 of
// them in the quick run; the IDs of this package's own cases cannot be
// mistaken for Autobahn's.
func TestCatalogueIsAutobahns(t *testing.T) {
	want := map[string]int{"1": 16, "2": 11, "3": 7, "4": 10, "5": 20, "6": 145, "7": 37, "9": 54, "10": 1, "12": 90, "13": 126}
	got := map[string]int{}
	seen := map[string]bool{}
	autobahn := 0
	for _, c := range Cases() {
		got[c.Category.Key]++
		if seen[c.ID] {
			t.Errorf("%s twice", c.ID)
		}
		seen[c.ID] = true
		if !strings.HasPrefix(c.ID, c.Category.Key+".") {
			t.Errorf("%s is not under its category %s", c.ID, c.Category.Key)
		}
		if c.Category.Autobahn() != (c.ab != nil) {
			t.Errorf("%s: an Autobahn ID without Autobahn's rules, or the other way round", c.ID)
		}
		if c.Category.Autobahn() && c.Category.Quick() {
			autobahn++
		}
		if QuickRun(c) != c.Category.Quick() {
			t.Errorf("%s: QuickRun disagrees with its category", c.ID)
		}
		if c.Title == "" || c.Section == "" || c.Expect == "" {
			t.Errorf("%s lacks a title, a section or an expectation", c.ID)
		}
	}
	for key, n := range want {
		if got[key] != n {
			t.Errorf("category %s: %d cases, Autobahn has %d", key, got[key], n)
		}
	}
	if autobahn != 247 {
		t.Errorf("%d Autobahn cases in the quick run, want 247", autobahn)
	}
	all := 0
	for key, n := range got {
		if (Category{Key: key}).Autobahn() {
			all += n
		}
	}
	if all != 517 {
		t.Errorf("%d Autobahn cases, want 517", all)
	}
	for _, id := range []string{"1.1.8", "1.2.8", "2.11", "4.2.5", "5.20", "6.4.4", "6.5.1", "6.22.34", "6.23.7", "7.1.6", "7.3.6", "7.5.1", "7.7.13", "7.9.9", "7.13.2",
		"9.1.6", "9.2.6", "9.3.9", "9.4.9", "9.5.6", "9.6.6", "9.7.6", "9.8.6", "10.1.1", "12.1.1", "12.5.18", "13.1.1", "13.7.18"} {
		if !seen[id] {
			t.Errorf("no case %s", id)
		}
	}
	for _, id := range []string{"1.3.1", "1.4.1", "6.23.8", "7.9.10", "7.13.3", "9.1.7", "9.9.1", "9.7.7", "12.6.1", "12.1.19", "13.8.1"} {
		if seen[id] {
			t.Errorf("%s exists, which Autobahn does not have", id)
		}
	}
}

// The generated UTF-8 cases (6.5–6.23) are Markus Kuhn's sequences with
// Autobahn's verdict on each: valid exactly when Go's decoder says so
// (RFC 3629 is the same rule), 34 non-characters in 6.22, all valid.
func TestUTF8VectorsAgreeWithTheDecoder(t *testing.T) {
	n := 0
	for g, group := range utf8Groups() {
		for v, vec := range group.vectors {
			n++
			if utf8.Valid(vec.bytes) != vec.valid {
				t.Errorf("6.%d.%d % X: valid %v, Go's decoder says %v", 5+g, 1+v, vec.bytes, vec.valid, !vec.valid)
			}
		}
		if g == 17 && len(group.vectors) != 34 {
			t.Errorf("6.22 has %d non-characters, want 34", len(group.vectors))
		}
	}
	if n != 132 {
		t.Errorf("%d generated cases, want 132", n)
	}
}
