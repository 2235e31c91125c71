package conformance

import (
	"strings"
	"testing"
)

// A case that expects the same thing many times says it once, with the
// count, so the window and the reports stay readable (9.3 sends 100
// messages).
func TestExpectSaysARepeatOnceWithItsCount(t *testing.T) {
	if got := joinRepeats([]string{"a", "a", "a", "b", "a"}); got != "3 × a; b; a" {
		t.Fatalf("joinRepeats = %q", got)
	}
	for _, c := range Cases() {
		if c.ID == "9.3" {
			if !strings.HasPrefix(c.Expect, "100 × ") || len(c.Expect) > 120 {
				t.Fatalf("9.3 expects %d bytes: %.120q…", len(c.Expect), c.Expect)
			}
			return
		}
	}
	t.Fatal("no case 9.3")
}
