package conformance

import (
	"slices"
	"strings"
	"testing"
)

// What a sequence (Autobahn's 9.x) says it sent: its first three
// messages, then how many more; a message's first three frames, then how
// many more; and, for a message written in chops, their size, once.
func TestSequenceSaysWhatItSent(t *testing.T) {
	t.Parallel()
	ids := []string{"9.1.1", "9.3.1", "9.5.1", "9.7.1"}
	rep := runScaled(t, startTestServer(t, noFault), Options{}, func(c Case) bool { return slices.Contains(ids, c.ID) }, testScale)
	byID := map[string]Result{}
	for _, r := range rep.Results {
		if r.Verdict != Pass {
			t.Errorf("%s: %s: %s", r.ID, r.Verdict, r.Detail)
		}
		byID[r.ID] = r
	}
	const closing = "→ close frame (FIN, 2 bytes, masked) 88 82, code 1000"

	// 9.7.1: 1000 empty text messages, each after the echo of the one
	// before: three shown, then the count of the rest.
	empty := "→ text frame (FIN, 0 bytes, masked) 81 80"
	want := []string{empty, empty, empty, "→ … 997 more messages, each sent after the echo of the one before", closing}
	if got := byID["9.7.1"].Sent; !slices.Equal(got, want) {
		t.Errorf("9.7.1 says it sent\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// 9.3.1: one message of 4 MiB in frames of 64 bytes: 65 536 frames.
	sent := byID["9.3.1"].Sent
	if len(sent) != 5 || !strings.HasPrefix(sent[0], "→ text frame (not FIN, 64 bytes, masked) 01 C0") ||
		!strings.HasPrefix(sent[1], "→ continuation frame (not FIN, 64 bytes, masked) 00 C0") ||
		!strings.HasPrefix(sent[2], "→ continuation frame (not FIN, 64 bytes, masked) 00 C0") ||
		sent[3] != "→ … 65533 more frames of this message" || sent[4] != closing {
		t.Errorf("9.3.1 says it sent\n%s", strings.Join(sent, "\n"))
	}

	// 9.5.1: one message of 1 MiB in one frame, written 64 bytes at a time.
	sent = byID["9.5.1"].Sent
	if len(sent) != 3 || !strings.HasPrefix(sent[0], "→ text frame (FIN, 1 MiB in a 64-bit length, masked) 81 FF") ||
		sent[1] != "→ (the bytes written in chops of 64 bytes)" || sent[2] != closing {
		t.Errorf("9.5.1 says it sent\n%s", strings.Join(sent, "\n"))
	}

	// 9.1.1: one message of 64 KiB in one frame, written at once.
	sent = byID["9.1.1"].Sent
	if len(sent) != 2 || !strings.HasPrefix(sent[0], "→ text frame (FIN, 65536 bytes in a 64-bit length, masked) 81 FF") || sent[1] != closing {
		t.Errorf("9.1.1 says it sent\n%s", strings.Join(sent, "\n"))
	}
}
