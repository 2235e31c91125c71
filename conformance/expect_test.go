package conformance

import (
	"strings"
	"testing"
)

// A case that expects the same thing many times says it once, with the
// count, so the window and the reports stay readable (L.3 sends 100
// messages).
func TestExpectSaysARepeatOnceWithItsCount(t *testing.T) {
	if got := joinRepeats([]string{"a", "a", "a", "b", "a"}); got != "3 × a; b; a" {
		t.Fatalf("joinRepeats = %q", got)
	}
	for _, c := range Cases() {
		if c.ID == "L.3" {
			if !strings.HasPrefix(c.Expect, "100 × ") || len(c.Expect) > 120 {
				t.Fatalf("L.3 expects %d bytes: %.120q…", len(c.Expect), c.Expect)
			}
			return
		}
	}
	t.Fatal("no case L.3")
}
