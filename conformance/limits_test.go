package conformance

import (
	"bufio"
	"context"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"
)

// Category L, larger messages: L.4 sends one binary message of 16 MiB
// and compares the echo byte by byte as it comes. RFC 6455 sets no limit
// (§10.4 lets a server choose one and refuse beyond it with 1009), so a
// server that takes it and one that refuses it are both INFORMATIONAL;
// an echo that is not the message, or none, is FAILED. Each row is L.4
// against a server that answers the message one way.

// echoScript is a WebSocket script that reads the checker's message,
// waits delay, sends answer's frames for it, then reads what the checker
// sends next, reports it on after (when set; whatever happens, so that a
// test never waits for it in vain) and answers a close frame with its
// payload.
type echoScript struct {
	delay  time.Duration
	answer func(msg []byte) []frame // nil: the message back in one frame, as it came
	after  chan<- string            // the frame that followed the message, described
}

func (e echoScript) run(nc net.Conn, br *bufio.Reader, done <-chan struct{}) {
	said := "nothing: the message and its echo were cut short"
	if e.after != nil {
		defer func() { e.after <- said }()
	}
	msg, err := readFrame(br, maxReadPayload)
	if err != nil {
		return
	}
	select {
	case <-time.After(e.delay):
	case <-done:
		return
	}
	out := []frame{{Fin: true, Opcode: msg.Opcode, Payload: msg.Payload}}
	if e.answer != nil {
		out = e.answer(msg.Payload)
	}
	for _, f := range out {
		f.Unmasked = true
		if _, err := nc.Write(f.encode()); err != nil {
			return
		}
	}
	next, err := readFrame(br, maxReadPayload)
	if err != nil {
		said = "nothing: " + endWords(err)
		return
	}
	said = next.describe()
	if next.Opcode == opClose {
		f := frame{Fin: true, Opcode: opClose, Payload: next.Payload, Unmasked: true}
		nc.Write(f.encode())
	}
}

// runL4 runs L.4 against a server that runs sc, with a case timeout of
// 1 s: L.4 has its own 20 s.
func runL4(t *testing.T, sc connScript) Result {
	tg, err := newTarget(startWSScript(t, sc), Options{CaseTimeout: time.Second})
	if err != nil {
		t.Error(err)
		return Result{}
	}
	return runCase(context.Background(), tg, caseByID("L.4"))
}

// closedAfterMessage is what a server reads after L.4's message when the
// checker ends the case politely: its close frame, nothing before it.
const closedAfterMessage = "close frame (FIN, masked, code 1000 (normal closure))"

// afterBound bounds the wait for what the server read after the message:
// the checker has sent it by the time the case ends.
const afterBound = 30 * time.Second

// l4RowTimeout is the case timeout of the rows that move the 16 MiB both
// ways: a bound, not a wait (a row ends when the echo is judged). L.4's
// own 20 s were not enough under the race detector on a loaded machine.
const l4RowTimeout = 3 * time.Minute

// l4Row is L.4 against a server that answers the message one way, and
// what the case must say of it.
type l4Row struct {
	name   string
	answer func(msg []byte) []frame
	want   Verdict
	words  string // the detail, from its start
}

// runL4Rows runs each row against its own server, two at a time (each
// holds the message three times over), and checks each verdict. A row
// that passes is also checked on what the server read after the message:
// the checker's close frame, not a byte of anything else.
func runL4Rows(t *testing.T, rows []l4Row) {
	t.Helper()
	slots := make(chan struct{}, 2)
	var jobs []func()
	for _, tt := range rows {
		after := make(chan string, 1)
		url := startWSScript(t, echoScript{answer: tt.answer, after: after}.run)
		jobs = append(jobs, func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			tg, err := newTarget(url, Options{CaseTimeout: l4RowTimeout})
			if err != nil {
				t.Error(err)
				return
			}
			r := runCase(context.Background(), tg, caseByID("L.4"))
			if r.Verdict != tt.want || !strings.HasPrefix(r.Detail, tt.words) {
				t.Errorf("%s: %s %q\nwant %s %q", tt.name, r.Verdict, r.Detail, tt.want, tt.words)
			}
			if tt.want != Informational {
				return
			}
			select {
			case said := <-after:
				if said != closedAfterMessage {
					t.Errorf("%s: after the message the server read %s, want the %s", tt.name, said, closedAfterMessage)
				}
			case <-time.After(afterBound):
				t.Errorf("%s: the server read nothing after the message", tt.name)
			}
			if slices.ContainsFunc(r.Observed.Events, func(e string) bool { return strings.HasPrefix(e, "sending stopped") }) {
				t.Errorf("%s: the message was sent whole, yet the events say %q", tt.name, r.Observed.Events)
			}
		})
	}
	concurrently(jobs...)
}

// l4Accepted is what L.4 says of a server that sends the message back.
const l4Accepted = "The server accepts a 16 MiB message: it came back unchanged in "

// §5.4 and §10.4: a server that takes the 16 MiB message sends it back
// unchanged, in one frame or in others than it came in, an empty one
// among them (a fragment may be empty), and L.4 says so: INFORMATIONAL,
// the size is the server's choice.
func TestBigMessageEchoedWholeRFC6455Section5_4(t *testing.T) {
	t.Parallel()
	runL4Rows(t, []l4Row{
		{"echoes it in one frame", nil, Informational, l4Accepted},
		{"starts the echo with an empty frame", func(p []byte) []frame {
			return []frame{{Opcode: opBinary}, {Fin: true, Opcode: opContinuation, Payload: p}}
		}, Informational, l4Accepted},
		{"ends the echo with an empty frame", func(p []byte) []frame {
			return []frame{{Opcode: opBinary, Payload: p}, {Fin: true, Opcode: opContinuation}}
		}, Informational, l4Accepted},
	})
}

// §5.4 and §5.6: an echo that is not the message is FAILED, with the
// byte where it stops being the message: a server that treats binary as
// text (19 × 7 = 133, the first byte above 0x7F of the message's
// pattern), one that sends text, or a text frame in the middle of the
// binary message, one that sends more than 16 MiB (in the message's last
// frame or in a frame of its own), or less.
func TestBigMessageEchoThatIsNotTheMessageRFC6455Section5_6(t *testing.T) {
	t.Parallel()
	runL4Rows(t, []l4Row{
		{"replaces the bytes above 0x7F", func(p []byte) []frame {
			q := slices.Clone(p)
			for i, b := range q {
				if b > 0x7F {
					q[i] = '?'
				}
			}
			return []frame{{Fin: true, Opcode: opBinary, Payload: q}}
		}, Fail, "The 16 MiB message came back changed (or longer) from byte 19 on."},
		{"echoes it as text", func(p []byte) []frame { return []frame{{Fin: true, Opcode: opText, Payload: p}} }, Fail,
			"The echo is not one binary message: a text frame (FIN, 16 MiB: "},
		{"goes on in a text frame after 1 MiB", func(p []byte) []frame {
			return []frame{{Opcode: opBinary, Payload: p[:1<<20]}, {Fin: true, Opcode: opText, Payload: p[1<<20:]}}
		}, Fail, "The echo is not one binary message: a text frame (FIN, 15 MiB: "},
		// The 10 bytes go on with the message's pattern (16 MiB × 7 is a
		// multiple of 256): only the length is wrong.
		{"sends 10 bytes more in the last frame", func(p []byte) []frame {
			return []frame{{Fin: true, Opcode: opBinary, Payload: append(slices.Clone(p), p[:10]...)}}
		}, Fail, "The 16 MiB message came back changed (or longer) from byte 16777216 on."},
		{"sends 10 bytes more in a frame of their own", func(p []byte) []frame {
			return []frame{{Opcode: opBinary, Payload: p}, {Fin: true, Opcode: opContinuation, Payload: p[:10]}}
		}, Fail, "The 16 MiB message came back changed (or longer) from byte 16777216 on."},
		{"sends back 1 MiB of it", func(p []byte) []frame { return []frame{{Fin: true, Opcode: opBinary, Payload: p[:1<<20]}} }, Fail,
			"The 16 MiB message came back with only 1 MiB."},
	})
}

// refusesBig is a WebSocket script that reads the header of the
// checker's message and answers with a close frame with code, then reads
// nothing more until the test ends: the 16 MiB, more than the loopback
// socket buffers hold, can never all be sent.
func refusesBig(code int) connScript {
	return func(nc net.Conn, br *bufio.Reader, done <-chan struct{}) {
		if _, _, _, err := readHeader(br, maxReadPayload); err != nil {
			return
		}
		f := frame{Fin: true, Opcode: opClose, Payload: closePayload(code, ""), Unmasked: true}
		nc.Write(f.encode())
		<-done
	}
}

// §7.4.1 and §10.4: a server that refuses the 16 MiB message closes with
// 1009 (message too big): INFORMATIONAL, its limit named. Another code is
// INFORMATIONAL too, with the words that 1009 would say why. Either way
// the checker stops sending, and says so.
func TestBigMessageRefusedWithItsCodeRFC6455Section7_4_1(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code  int
		words string
	}{
		{codeTooBig, "The server refuses a 16 MiB message: it closed with 1009 (message too big)."},
		{codeNormal, "The server refuses a 16 MiB message: it closed with 1000 (normal closure), where 1009 (message too big) says why."},
	}
	results := make([]Result, len(tests))
	var jobs []func()
	for i, tt := range tests {
		jobs = append(jobs, func() { results[i] = runL4(t, refusesBig(tt.code)) })
	}
	concurrently(jobs...)
	for i, tt := range tests {
		r := results[i]
		if r.Verdict != Informational || r.Detail != tt.words {
			t.Errorf("a close with %d: %s %q\nwant %q", tt.code, r.Verdict, r.Detail, tt.words)
		}
		if !slices.ContainsFunc(r.Observed.Events, func(e string) bool { return strings.HasPrefix(e, "sending stopped: ") }) {
			t.Errorf("a close with %d: the events do not say that sending stopped: %q", tt.code, r.Observed.Events)
		}
	}
}

// §10.4: L.4 gives a server 20 s for the 16 MiB whatever the case
// timeout, and a server silent after 1 MiB of echo (a first frame without
// FIN) is FAILED once they are over, with how much came back.
func TestBigMessageEchoThatStopsRFC6455Section10_4(t *testing.T) {
	t.Parallel()
	// It reads the message's first 1 MiB, not all of it: little work, so
	// that only the wait is long, and it sends that back.
	stalls := func(nc net.Conn, br *bufio.Reader, done <-chan struct{}) {
		_, _, key, err := readHeader(br, maxReadPayload)
		if err != nil {
			return
		}
		p := make([]byte, 1<<20)
		if _, err := io.ReadFull(br, p); err != nil {
			return
		}
		(&masker{key: key}).apply(p)
		f := frame{Opcode: opBinary, Payload: p, Unmasked: true}
		nc.Write(f.encode())
		<-done
	}
	r := runL4(t, stalls)
	want := "After 1 MiB of echo, nothing more came within 20s: neither the message back nor a close with 1009."
	if r.Verdict != Fail || r.Detail != want {
		t.Errorf("L.4 against a server that stops after 1 MiB: %s %q\nwant %q", r.Verdict, r.Detail, want)
	}
}

// The cases of category L move megabytes: each has at least 10 s (L.4
// 20 s, which TestBigMessageEchoThatStopsRFC6455Section10_4 shows)
// whatever the case timeout. Against a server that takes twice the case
// timeout to start its echo, L.1 passes.
func TestLargeMessagesHaveTimeBeyondTheCaseTimeoutRFC6455Section10_4(t *testing.T) {
	t.Parallel()
	const timeout = 200 * time.Millisecond
	tg, err := newTarget(startWSScript(t, echoScript{delay: 2 * timeout}.run), Options{CaseTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	if r := runCase(context.Background(), tg, caseByID("L.1")); verdicts(r) != "OK/OK" {
		t.Errorf("L.1 against a server slower than the case timeout: %s: %s %s", verdicts(r), r.Detail, r.CloseDetail)
	}
}

// L.3's hundred messages are numbered from 1 ("message 001: …"), so a
// report shows which came back and in what order.
func TestHundredMessagesNumberedFromOneRFC6455Section5_6(t *testing.T) {
	t.Parallel()
	tg, err := newTarget(startTestServer(t, noFault), Options{CaseTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r := runCase(context.Background(), tg, caseByID("L.3"))
	if verdicts(r) != "OK/OK" || len(r.Sent) < 2 {
		t.Fatalf("L.3 against the strict server: %s: %s; sent %q", verdicts(r), r.Detail, r.Sent)
	}
	for i, want := range map[int]string{0: `payload "message 001: abcdefghijk"…`, 1: `payload "message 002: abcdefghijk"…`} {
		if !strings.HasSuffix(r.Sent[i], want) {
			t.Errorf("L.3 sent %q first, want a frame with the %s", r.Sent[i], want)
		}
	}
}
