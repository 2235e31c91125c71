package conformance

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// What a sequence (Autobahn's 9.x, 12.x) says it sent: its first three
// messages, then how many more; a message's first three frames, then how
// many more; for a message written in chops, their size, once; for a
// compressed one, what compression made of it, on its first frame. And
// how many frames the server sent: each echo and the close.
func TestSequenceSaysWhatItSent(t *testing.T) {
	t.Parallel()
	ids := []string{"9.1.1", "9.3.1", "9.5.1", "9.7.1"}
	// Autobahn's own waits: a bound only, which a loaded machine may need.
	rep := runAgainst(t, startTestServer(t, noFault), Options{}, func(c Case) bool { return slices.Contains(ids, c.ID) })
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
	if got := byID["9.7.1"].Observed.Frames; got != 1001 {
		t.Errorf("9.7.1: the server sent %d frames, want 1001 (1000 echoes and the close)", got)
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
	if got := byID["9.1.1"].Observed.Frames; got != 2 {
		t.Errorf("9.1.1: the server sent %d frames, want 2 (the echo and the close)", got)
	}
}

// 12.1.11: 1000 text messages of 8 KiB, compressed (RFC 7692 §6), in
// frames of 256 bytes: the compression said on each message's first
// frame only, RSV1 on it alone (§6.1).
func TestCompressedSequenceSaysWhatItSentRFC7692Section6(t *testing.T) {
	t.Parallel()
	rep := runAgainst(t, startTestServer(t, deflates), Options{}, keep("12.1.11"))
	r := rep.Results[0]
	if r.Verdict != Pass {
		t.Fatalf("12.1.11: %s: %s", r.Verdict, r.Detail)
	}
	compressed := regexp.MustCompile(`^→ text frame \(not FIN, RSV1, 256 bytes in a 16-bit length, masked\) 41 FE, payload .* \(8192 bytes compressed to (\d+) bytes\)$`)
	sent := r.Sent[1:] // after the handshake's request
	for m := range 3 {
		lines := sent[4*m : 4*m+4]
		c := compressed.FindStringSubmatch(lines[0])
		if c == nil {
			t.Fatalf("12.1.11, message %d starts %q", m+1, lines[0])
		}
		n, _ := strconv.Atoi(c[1])
		frames := (n + 255) / 256
		if !strings.HasPrefix(lines[1], "→ continuation frame (not FIN, 256 bytes") || !strings.HasPrefix(lines[2], "→ continuation frame (not FIN, 256 bytes") ||
			strings.Contains(lines[1]+lines[2], "compressed") || lines[3] != fmt.Sprintf("→ … %d more frames of this message", frames-3) {
			t.Errorf("12.1.11, message %d (%d bytes compressed):\n%s", m+1, n, strings.Join(lines, "\n"))
		}
	}
	if got := sent[12]; got != "→ … 997 more messages, each sent after the echo of the one before" {
		t.Errorf("12.1.11 then says %q", got)
	}
}

// At the bounds of what is shown: a message of exactly three frames
// shows them all, with no "… 0 more frames", and a compression note on
// its first frame only; a sequence of exactly three messages shows them
// all, with no "… 0 more messages".
func TestSequenceWordsForExactlyThree(t *testing.T) {
	a := &abConn{t: &trial{res: &Result{}}, spec: &abSpec{seq: &sequence{count: 3}}, side: asClient}
	frames := []frame{
		{Opcode: opText, RSV: rsv1, Payload: []byte("ab")},
		{Opcode: opContinuation, Payload: []byte("cd")},
		{Fin: true, Opcode: opContinuation, Payload: []byte("ef")},
	}
	var want []string
	for i := range 3 {
		a.seq.sent = i + 1
		note := ""
		if i == 0 {
			note = "6 bytes compressed to 6 bytes"
		}
		a.seqLog(frames, note)
		for j := range frames {
			line := "→ " + frames[j].describe()
			if note != "" && j == 0 {
				line += " (" + note + ")"
			}
			want = append(want, line)
		}
	}
	if got := a.t.res.Sent; !slices.Equal(got, want) {
		t.Errorf("three messages of three frames:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
