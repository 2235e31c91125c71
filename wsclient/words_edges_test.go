package wsclient

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// These tests pin the words a user reads at their boundaries: the first
// value each wording takes, and the last one before it. They call the
// package's own formatting functions, which are pure, so each case is one
// line of input and the exact text a person sees.

// A step's time: "< 0.1 ms" below 100 µs, tenths of a millisecond below
// 10 ms, whole milliseconds below a second, then seconds to two decimals.
func TestStepDurationWordsAtTheirBoundaries(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{99 * time.Microsecond, "< 0.1 ms"},
		{100 * time.Microsecond, "0.1 ms"},
		{5 * time.Millisecond, "5.0 ms"},
		{9900 * time.Microsecond, "9.9 ms"},
		{10 * time.Millisecond, "10 ms"},
		{999 * time.Millisecond, "999 ms"},
		{time.Second, "1 s"},
		{1234 * time.Millisecond, "1.23 s"},
		{2500 * time.Millisecond, "2.5 s"},
	} {
		if got := formatStepDuration(c.d); got != c.want {
			t.Errorf("formatStepDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// A size: MiB or KiB when it is a whole number of them, else bytes.
func TestByteSizeWordsAtTheirBoundaries(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{0, "0 B"},
		{11, "11 B"},
		{1023, "1023 B"},
		{1 << 10, "1 KiB"},
		{1<<10 + 1, "1025 B"},
		{64 << 10, "64 KiB"},
		{1<<20 - 1<<10, "1023 KiB"},
		{1 << 20, "1 MiB"},
		{1<<20 + 1<<10, "1025 KiB"},
		{1<<20 + 1, "1048577 B"},
		{3 << 20, "3 MiB"},
	} {
		if got := byteSize(c.n); got != c.want {
			t.Errorf("byteSize(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

// A payload's text column shows printable ASCII, 0x20 to 0x7e, and a dot
// for any other byte, as hexdump -C does.
func TestHexAndTextPrintsOnlyPrintableASCII(t *testing.T) {
	got := hexAndText([]byte{0x1f, 0x20, 'A', 0x7e, 0x7f, 0x80}, false)
	if want := "1f 20 41 7e 7f 80 |. A~..|"; got != want {
		t.Errorf("hexAndText = %q, want %q", got, want)
	}
	got = hexAndText([]byte("Hi"), true)
	if want := "48 69 … |Hi|…"; got != want {
		t.Errorf("hexAndText(more) = %q, want %q", got, want)
	}
}

// A frame's header size counts the 2 fixed bytes, the extended length
// (2 bytes for a payload of 126 to 65535, RFC 6455 §5.2) and the mask key.
func TestFrameRecordWordsTheHeaderParts(t *testing.T) {
	for _, c := range []struct {
		r    FrameRecord
		want string
	}{
		{FrameRecord{Sent: true, Fin: true, Opcode: OpText, Masked: true, Length: 200, HeaderLen: 8},
			", frame 208 B (header 4 + key 4 + payload 200)"},
		{FrameRecord{Fin: true, Opcode: OpBinary, Length: 70000, HeaderLen: 10},
			", frame 70010 B (header 10 + payload 70000)"},
		{FrameRecord{Fin: true, Opcode: OpText, Length: 5, HeaderLen: 2},
			", frame 7 B (header 2 + payload 5)"},
	} {
		if got := c.r.String(); !strings.HasSuffix(got, c.want) {
			t.Errorf("FrameRecord%+v.String() = %q, want it to end %q", c.r, got, c.want)
		}
	}
}

// A pong's round trip is shown to 10 µs, not to the nanosecond.
func TestPongEventRoundsTheRoundTrip(t *testing.T) {
	e := Event{Kind: EventPong, RTT: 1234567 * time.Nanosecond}
	if got, want := e.String(), "Pong received; round trip 1.23ms"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// A wire event without its frame says "Wire" (it never panics); with one
// it is the frame's line.
func TestWireEventWithoutAFrame(t *testing.T) {
	if got := (Event{Kind: EventWire}).String(); got != "Wire" {
		t.Errorf("a wire event without a frame = %q, want %q", got, "Wire")
	}
	f := &FrameRecord{Fin: true, Opcode: OpText, Length: 5, HeaderLen: 2}
	if got, want := (Event{Kind: EventWire, Frame: f}).String(), f.String(); got != want {
		t.Errorf("a wire event = %q, want the frame's %q", got, want)
	}
}

// A TLS alert the server sent (crypto/tls reports it as a "remote error")
// is given in the server's words; another error is given as it is.
func TestAlertWordsNameTheServersAlert(t *testing.T) {
	remote := &net.OpError{Op: "remote error", Err: errors.New("tls: bad certificate")}
	if got, want := alertWords(remote), "server said: bad certificate"; got != want {
		t.Errorf("alertWords(remote error) = %q, want %q", got, want)
	}
	local := &net.OpError{Op: "read", Err: errors.New("tls: bad certificate")}
	if got := alertWords(local); strings.HasPrefix(got, "server said") {
		t.Errorf("alertWords(a local read error) = %q: the server said nothing", got)
	}
}

// One TCP try in words: the address and "connected", or why it failed,
// without the library's "dial tcp …" prefix.
func TestTCPTryWords(t *testing.T) {
	other := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("no buffer space")}
	for _, c := range []struct {
		try  tcpTry
		want string
	}{
		{tcpTry{addr: "127.0.0.1:1"}, "127.0.0.1:1: connected"},
		{tcpTry{addr: "[::1]:1", err: other}, "[::1]:1: no buffer space"},
	} {
		if got := c.try.String(); got != c.want {
			t.Errorf("tcpTry.String() = %q, want %q", got, c.want)
		}
	}
	if got, want := shortNetError(errors.New("plain")), "plain"; got != want {
		t.Errorf("shortNetError(plain) = %q, want %q", got, want)
	}
}

// The failed step's words for DNS (a name not found, another DNS
// failure, no answer in time), for a TCP step with nothing tried, and
// for a TLS failure at and after the TLS step.
func TestStepFailureWords(t *testing.T) {
	notFound := &net.DNSError{Err: "no such host", Name: "nohost.invalid", IsNotFound: true}
	misbehaving := &net.DNSError{Err: "server misbehaving", Name: "odd.example"}
	slow := &net.DNSError{Err: "i/o timeout", Name: "slow.example", IsTimeout: true}
	tlsFailed := errors.New("tls: handshake failure")
	for _, c := range []struct {
		name string
		k    StepKind
		ce   *ConnectError
		want string
	}{
		{"name not found", StepDNS, &ConnectError{Kind: KindCannotConnect, Err: notFound, Detail: "d"}, `"nohost.invalid" not found`},
		{"DNS server misbehaving", StepDNS, &ConnectError{Kind: KindCannotConnect, Err: misbehaving, Detail: "d"}, `"odd.example" could not be resolved: server misbehaving`},
		{"DNS timed out", StepDNS, &ConnectError{Kind: KindCannotConnect, Err: slow, Detail: "d"}, "no answer from DNS within 5 s"},
		{"a DNS error seen at TCP", StepTCP, &ConnectError{Kind: KindCannotConnect, Err: notFound, Detail: "the detail"}, "the detail"},
		{"TCP with nothing tried", StepTCP, &ConnectError{Kind: KindCannotConnect, Err: errors.New("x"), Detail: "the detail"}, "the detail"},
		{"TLS failed at TLS", StepTLS, &ConnectError{Kind: KindTLS, Err: tlsFailed, Detail: "TLS failed"}, "TLS failed"},
		{"TLS alert after the handshake", StepUpgrade, &ConnectError{Kind: KindTLS, Err: tlsFailed, Detail: "TLS failed"},
			"TLS failed (a TLS alert after the handshake: TLS 1.3 checks the client's certificate last)"},
	} {
		if got := stepFailure(c.k, c.ce, nil, 5*time.Second); got != c.want {
			t.Errorf("%s: stepFailure = %q, want %q", c.name, got, c.want)
		}
	}
}

// A transfer with no error and not cancelled whose echo did not all come
// back says so; a failed one does not speak of the echo.
func TestTransferLinesSpeakOfAnIncompleteEcho(t *testing.T) {
	done := TransferResult{Bytes: 10, Duration: time.Second, Echoed: 4, DiffersAt: -1}
	lines := done.Lines()
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "Echo incomplete: 4 of 10 bytes") {
		t.Errorf("a complete transfer, echo short: %q", lines)
	}
	failed := TransferResult{Bytes: 10, Err: errors.New("boom"), Echoed: 4, DiffersAt: -1}
	if lines := failed.Lines(); len(lines) != 1 {
		t.Errorf("a failed transfer: %q, want only the failure", lines)
	}
}

// A nil timeline (no connect yet) has no words; a timeline has its steps.
func TestTimelineWordsNilAndNot(t *testing.T) {
	var none *Timeline
	if none.String() != "" || none.Lines() != nil {
		t.Errorf("a nil timeline: %q, %q", none.String(), none.Lines())
	}
	tl := &Timeline{Steps: []Step{{Kind: StepDNS, Detail: "h: 1.2.3.4", Lines: []string{"l"}}}}
	if got := tl.String(); got != "DNS h: 1.2.3.4" {
		t.Errorf("String() = %q", got)
	}
	if got := tl.Lines(); len(got) != 2 || got[1] != "    l" {
		t.Errorf("Lines() = %q", got)
	}
}

// A file problem without an error to name is "unusable".
func TestErrTextOfNoError(t *testing.T) {
	if got := errText(nil); got != "unusable" {
		t.Errorf("errText(nil) = %q", got)
	}
	if got := errText(errors.New("bad")); got != "bad" {
		t.Errorf("errText(bad) = %q", got)
	}
}
