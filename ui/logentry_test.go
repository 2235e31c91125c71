package ui

import (
	"strings"
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
		if got := unstampLine(in); got != want {
			t.Errorf("unstampLine(%q) = %q, want %q", in, got, want)
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
		if got := cutUTF8(c.s, c.n); got != c.want {
			t.Errorf("cutUTF8(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

func TestLogEntryDescribeFrame(t *testing.T) {
	f := &logFrameHeader{Fin: true, Rsv2: true, Opcode: 0x1, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}, Length: 5}
	if got, want := describeFrame(f), "FIN, RSV2, opcode 0x1, masked (key 37fa213d), length 5"; got != want {
		t.Errorf("describeFrame = %q, want %q", got, want)
	}
	f = &logFrameHeader{Opcode: 0x0, Length: 70000}
	if got, want := describeFrame(f), "opcode 0x0, length 70000"; got != want {
		t.Errorf("describeFrame = %q, want %q", got, want)
	}
}

func TestLogDetailSplitPieces(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want []string
	}{
		{"short", 10, []string{"short"}},
		{"", 10, []string{""}},
		{"aaaa bbbb cccc", 10, []string{"aaaa bbbb ", "cccc"}},
		{"aaaaaaaaaaaaaaa", 10, []string{"aaaaaaaaaa", "aaaaa"}}, // no space: cut at n
		{"a bbbbbbbbbbbbb", 10, []string{"a bbbbbbbb", "bbbbb"}}, // a space too early: cut at n
		{"ééééééé", 5, []string{"éé", "éé", "éé", "é"}},          // never inside a character
	} {
		got := splitPieces(c.s, c.n)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("splitPieces(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
		if strings.Join(got, "") != c.s {
			t.Errorf("splitPieces(%q) lost text", c.s)
		}
	}
}
