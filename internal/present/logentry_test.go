package present

import (
	"testing"
)

func TestLogEntryUnstampLine(t *testing.T) {
	for in, want := range map[string]string{
		"09:26:53.589  Connected":   "Connected",
		"09:26:53.589  ":            "",
		"09:26:53.589 Connected":    "09:26:53.589 Connected", // one space: not the pages' stamp
		"9:26:53.589  Connected":    "9:26:53.589  Connected",
		"09:26:53,589  Connected":   "09:26:53,589  Connected",
		"no stamp":                  "no stamp",
		"":                          "",
		"ab:cd:ef.ghi  not numbers": "ab:cd:ef.ghi  not numbers",
	} {
		if got := UnstampLine(in); got != want {
			t.Errorf("UnstampLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLogEntryCutUTF8(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		{"hello", 10, "hello"},
		{"hello", 3, "hel"},
		{"héllo", 2, "h"}, // not half of é
		{"héllo", 3, "hé"},
		{"日本", 4, "日"},
		{"日本", 0, ""},
	} {
		if got := CutUTF8(c.s, c.n); got != c.want {
			t.Errorf("CutUTF8(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}
