package conformance

import (
	"fmt"
	"strings"
	"testing"
)

// The judgements this package's own cases end with (expect.go: an echo
// expected, a failure expected, the checker's close answered), each
// earned by a server that does one thing, and told in the words a reader
// of the report needs: what came back, which code, which byte. Every row
// runs one case against its own test server, all at once.
func TestOwnCasesSayWhatTheServerDid(t *testing.T) {
	// RemoteCloseCode must be nil (no close, or one without a code), or
	// is not looked at.
	const noCode, anyCode = 0, -1
	tests := []struct {
		name     string
		fault    fault
		id       string
		want     string   // "BEHAVIOUR/CLOSE"
		words    []string // in the detail or the close detail
		notWords []string // in neither
		code     int      // the code of the server's close frame, as the report keeps it
		frames   int      // when not 0: the frames the server sent, as the report counts them
	}{
		// §7.1.7 and §7.4.1: a strict server fails the connection with
		// 1002 and says why; the report gives the code and the reason.
		{"fails with a code and a reason (§7.4.1)", noFault, "M.1", "OK/OK",
			[]string{`after an unmasked text frame with 1002 (protocol error), reason "Client frames must be masked."`}, nil, codeProtocolError, 0},
		// A close frame with a code and no reason (2 bytes, §5.5.1) has a
		// code all the same; a wrong one is WRONG CODE.
		{"fails with a wrong code and no reason (§5.5.1, §7.4.1)", failsWithWrongCode, "M.1", "OK/WRONG CODE",
			[]string{"after an unmasked text frame with 1000 (normal closure).", "the code should have been 1002 (protocol error) or none"}, []string{"reason"}, codeNormal, 0},
		// An empty close frame (§5.5.1: the body is optional) fails the
		// connection properly: no code, so no wrong code either.
		{"fails with an empty close frame (§5.5.1)", failsWithEmptyClose, "M.1", "OK/OK",
			[]string{"after an unmasked text frame with an empty close frame"}, []string{"1005", "must never be sent"}, noCode, 0},
		{"answers an invalid code with an empty close frame (§5.5.1)", failsWithEmptyClose, "X.8", "OK/OK",
			[]string{"with an empty close frame"}, []string{"1005"}, noCode, 0},
		// §7.4.1: 1015 must never be sent; echoing the checker's 1015 is
		// told apart from choosing an invalid code of its own.
		{"echoes the checker's invalid code (§7.4.1)", acceptsBadCloseCodes, "X.8", "FAILED/FAILED",
			[]string{"echoed the invalid close code 1015 instead of failing the connection with 1002 (protocol error)"}, nil, 1015, 0},
		// An answer instead of a failure: the frame is described, and said
		// to break RFC 6455 only when it does (§5.2).
		{"answers an unmasked frame with a valid echo (§5.1)", acceptsUnmasked, "M.1", "FAILED/FAILED",
			[]string{"accepted an unmasked text frame: it answered with a text frame (FIN, 5 bytes"}, []string{"breaks RFC 6455"}, noCode, 0},
		{"answers a ping with RSV3 with a pong with RSV3 (§5.2)", echoesReservedBits, "X.7", "FAILED/FAILED",
			[]string{"it answered with a pong frame (FIN, RSV3", "that frame itself breaks RFC 6455: it has RSV3 set without a negotiated extension (§5.2)"}, nil, noCode, 0},
		// A streaming echo passes on the valid start of a message (here in
		// two frames, "Hel" and "lo") before the unmasked fragment that
		// fails it: that start is not an answer to the offence (§5.4).
		{"streams the valid start before failing (§5.1, §5.4)", streamsEcho, "M.3", "OK/OK",
			[]string{"after an unmasked continuation frame with 1002 (protocol error)"}, nil, codeProtocolError, 0},
		// X.4's three fragments of 100 bytes come back in 3 × 34 frames.
		{"streams an echo in frames of 3 bytes (§5.4)", streamsEcho, "X.4", "OK/OK",
			[]string{"The binary message of 300 bytes came back unchanged"}, nil, codeNormal, 3*34 + 1},
		{"streams an echo without its first frame (§5.4)", streamsWithoutStart, "X.4", "FAILED/",
			[]string{"sent a continuation frame without a message to continue (§5.4)"}, nil, noCode, 0},
		// The echo of each message and the answer to the checker's close,
		// each counted.
		{"echoes one message (§5.6)", noFault, "X.4", "OK/OK",
			[]string{"The binary message of 300 bytes came back unchanged.", "answered with 1000 (normal closure) and closed"}, []string{"All"}, codeNormal, 2},
		{"echoes two messages in order (§5.4, §5.6)", noFault, "X.9", "OK/OK",
			[]string{"All 2 messages came back unchanged, in order"}, nil, codeNormal, 3},
		// The checker's binary payloads run through every byte value, so a
		// server that treats binary as text is caught at the first byte
		// above 0x7F: 19 × 7 = 133.
		{"changes the bytes of a binary echo, not its length (§5.6)", replacesNonASCII, "X.4", "FAILED/",
			[]string{"The binary message of 300 bytes came back changed from byte 19 on"}, nil, noCode, 0},
		// §5.6: messages may be sent back to back; a server that closes
		// instead is told what the checker was still waiting for.
		{"closes instead of echoing (§5.6)", catchesEarlySends, "L.3", "FAILED/",
			[]string{"closed the connection (1008 (policy violation)", "instead of sending the echo of the text message of 1013 bytes"}, nil, anyCode, 0},
	}
	reps := make([]*Report, len(tests))
	errs := make([]error, len(tests))
	var jobs []func()
	for i, tt := range tests {
		url := startTestServer(t, tt.fault)
		only := func(c Case) bool { return c.ID == tt.id }
		// The checker's own waits: its close waits end as soon as these
		// servers answer, so they cost nothing here.
		jobs = append(jobs, func() { reps[i], errs[i] = runScaledErr(url, Options{CaseTimeout: wrongTimeout}, only, 0) })
	}
	concurrently(jobs...)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			if len(reps[i].Results) != 1 {
				t.Fatalf("%d results, want the one of %s", len(reps[i].Results), tt.id)
			}
			r := reps[i].Results[0]
			said := r.Detail + " " + r.CloseDetail
			if got := verdicts(r); got != tt.want {
				t.Errorf("%s: %s, want %s: %s", tt.id, got, tt.want, said)
			}
			for _, w := range tt.words {
				if !strings.Contains(said, w) {
					t.Errorf("%s: %q, want the words %q", tt.id, said, w)
				}
			}
			for _, w := range tt.notWords {
				if strings.Contains(said, w) {
					t.Errorf("%s: %q, without the words %q", tt.id, said, w)
				}
			}
			if got := codeOf(r.RemoteCloseCode); tt.code != anyCode && got != codeOf(nilIfZero(tt.code)) {
				t.Errorf("%s: the server's close code is %s, want %s", tt.id, got, codeOf(nilIfZero(tt.code)))
			}
			if tt.frames != 0 && r.Observed.Frames != tt.frames {
				t.Errorf("%s: %d frames from the server, want %d", tt.id, r.Observed.Frames, tt.frames)
			}
		})
	}
}

// codeOf shows a report's close code: "none" for nil.
func codeOf(p *int) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

// nilIfZero is &code, or nil for 0.
func nilIfZero(code int) *int {
	if code == 0 {
		return nil
	}
	return &code
}
