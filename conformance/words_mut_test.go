package conformance

import "testing"

// A close code is named by its range (RFC 6455 §7.4.2): 3000-3999 for
// libraries and frameworks, 4000-4999 for private use, and below 3000 only
// the codes the RFC and the IANA registry define; anything else is no valid
// code at all.
func TestCloseCodeNamesFollowTheRangesRFC6455Section7_4_2(t *testing.T) {
	for code, want := range map[int]string{
		1000: "1000 (normal closure)",
		1002: "1002 (protocol error)",
		1016: "1016 (not a valid code)",
		2999: "2999 (not a valid code)",
		3000: "3000 (registered for libraries)",
		3999: "3999 (registered for libraries)",
		4000: "4000 (private use)",
		4999: "4999 (private use)",
		5000: "5000 (not a valid code)",
		999:  "999 (not a valid code)",
	} {
		if got := codeWords(code); got != want {
			t.Errorf("codeWords(%d) = %q, want %q", code, got, want)
		}
	}
}

// A ping's or a pong's payload is shown with its size (§5.5.2, §5.5.3:
// the pong must carry the ping's application data, so a report shows
// both), and an empty one says so rather than `0 bytes ""`.
func TestPayloadWordsShowSizeAndBytes(t *testing.T) {
	for _, tc := range []struct {
		p    []byte
		want string
	}{
		{nil, "no payload"},
		{[]byte{}, "no payload"},
		{[]byte("x"), `1 byte "x"`},
		{[]byte("pong"), `4 bytes "pong"`},
	} {
		if got := payloadWords(tc.p); got != tc.want {
			t.Errorf("payloadWords(%q) = %q, want %q", tc.p, got, tc.want)
		}
	}
}
