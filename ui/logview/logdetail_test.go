package logview

import (
	"strings"
	"testing"

	"github.com/wssample/wssample/internal/present"
)

func TestLogEntryDescribeFrame(t *testing.T) {
	f := &present.LogFrameHeader{Fin: true, Rsv2: true, Opcode: 0x1, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}, Length: 5}
	if got, want := describeFrame(f), "FIN, RSV2, opcode 0x1, masked (key 37fa213d), length 5"; got != want {
		t.Errorf("describeFrame = %q, want %q", got, want)
	}
	f = &present.LogFrameHeader{Opcode: 0x0, Length: 70000}
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
