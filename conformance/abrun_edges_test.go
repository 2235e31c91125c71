package conformance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// The checker's run at its edges, against a small server of this file
// that does one unusual but telling thing: it pings first, it echoes each
// message twice, it answers the checker's close with 1009, or it echoes
// nothing but the checker's probe. Each test says what the checker must
// do, or say, then.

// rawMode is what the raw server does beside echoing.
type rawMode int

const (
	rawEcho          rawMode = iota // echoes each message, answers a ping and a close
	rawPingsFirst                   // sends a ping right after the handshake, and notes whether a pong answered it
	rawEchoesTwice                  // echoes each message twice, in one write
	rawClosesTooBig                 // answers the client's close with 1009 (message too big)
	rawKeepsMessages                // echoes the messages of its first connection only (the checker's probe of an echo endpoint)
)

// rawPing is the payload of rawPingsFirst's ping.
const rawPing = "are you there?"

// rawServer is a minimal WebSocket server on loopback: unfragmented
// messages, no extensions (it declines permessage-deflate).
type rawServer struct {
	mode rawMode
	// rawPingsFirst: the connections that carried a message, whose ping
	// was answered and was not.
	answered, unanswered atomic.Int32
	conns                atomic.Int32 // connections opened
	wg                   sync.WaitGroup
}

// startRawServer starts a raw server; it is shut down, every handler
// ended, when the test ends.
func startRawServer(t *testing.T, mode rawMode) (string, *rawServer) {
	t.Helper()
	rs := &rawServer{mode: mode}
	hs := httptest.NewServer(rs)
	t.Cleanup(func() {
		hs.Close()
		rs.wg.Wait()
	})
	return "ws" + strings.TrimPrefix(hs.URL, "http"), rs
}

// ServeHTTP serves one connection, bounded to ten seconds.
func (rs *rawServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rs.wg.Add(1)
	defer rs.wg.Done()
	conn, brw, err := wsframe.ServerHandshake(w, r)
	if err != nil {
		return
	}
	defer conn.Close() // §7.1.1: the server closes TCP first
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	first := rs.conns.Add(1) == 1
	send := func(frames ...frame) bool {
		var b []byte
		for _, f := range frames {
			f.Fin, f.Unmasked = true, true
			b = append(b, f.encode()...)
		}
		_, err := conn.Write(b)
		return err == nil
	}
	if rs.mode == rawPingsFirst && !send(frame{Opcode: opPing, Payload: []byte(rawPing)}) {
		return
	}
	pong, message := false, false
	defer func() {
		switch {
		case rs.mode != rawPingsFirst || !message:
		case pong:
			rs.answered.Add(1)
		default:
			rs.unanswered.Add(1)
		}
	}()
	for {
		f, err := readFrame(brw.Reader, 1<<20)
		if err != nil {
			return
		}
		switch f.Opcode {
		case opPing:
			send(frame{Opcode: opPong, Payload: f.Payload})
		case opPong:
			pong = pong || string(f.Payload) == rawPing
		case opText, opBinary:
			message = true
			echo := frame{Opcode: f.Opcode, Payload: f.Payload}
			switch rs.mode {
			case rawKeepsMessages:
				if first {
					send(echo)
				}
			case rawEchoesTwice:
				send(echo, echo)
			default:
				send(echo)
			}
		case opClose:
			answer := f.Payload
			if rs.mode == rawClosesTooBig {
				answer = closePayload(codeTooBig, "")
			}
			send(frame{Opcode: opClose, Payload: answer})
			return
		}
	}
}

// runRaw runs the cases ids against url, keeping at most maxHeld bytes of
// messages per case (0: the checker's own bound), with Autobahn's waits
// shortened as for the test servers (testScale).
func runRaw(t *testing.T, url string, maxHeld int, ids ...string) map[string]Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), runBound)
	defer cancel()
	tg, err := newTarget(url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tg.maxHeld, tg.timeScale = maxHeld, testScale
	rep, err := run(ctx, tg, func(c Case) bool { return slices.Contains(ids, c.ID) }, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Result{}
	for _, r := range rep.Results {
		out[r.ID] = r
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			t.Fatalf("no result for %s", id)
		}
	}
	return out
}

// RFC 6455 §5.5.2: an endpoint that receives a ping MUST answer it with a
// pong, unless it already received a close. The checker does, while the
// connection is open: the server's ping, sent before the case's message,
// gets its pong.
func TestCheckerAnswersTheServersPing(t *testing.T) {
	url, rs := startRawServer(t, rawPingsFirst)
	runRaw(t, url, 0, "1.1.2")
	if yes, no := rs.answered.Load(), rs.unanswered.Load(); yes == 0 || no != 0 {
		t.Errorf("of the connections that carried the case's message, %d had their ping answered, %d not", yes, no)
	}
}

// The checker keeps a case's message bytes up to its bound, and stops a
// peer that sends more (a flood must not grow the case without bound):
// up to the bound is not "more". Two echoes of 1.1.2's 125 bytes fit in
// 250 bytes, not in 249.
func TestCheckerHoldsMessagesUpToItsBound(t *testing.T) {
	url, _ := startRawServer(t, rawEchoesTwice)
	r := runRaw(t, url, 250, "1.1.2")["1.1.2"]
	if strings.Contains(r.Detail, "more than") || !strings.Contains(r.Detail, "2 × ") {
		t.Errorf("250 bytes kept at most, two echoes of 125: %s: %s", r.Verdict, r.Detail)
	}
	r = runRaw(t, url, 249, "1.1.2")["1.1.2"]
	if !strings.Contains(r.Detail, "more than 249 bytes of messages") {
		t.Errorf("249 bytes kept at most, two echoes of 125: %s: %s", r.Verdict, r.Detail)
	}
}

// RFC 6455 §10.4 lets a server refuse messages too large for it (1009):
// in 9.x the checker reports that as informational, a limit the server
// chose, but only when the server refused a message. A server that
// echoed every message and then answers the close with 1009 refused
// nothing: its 1009 is a wrong close code (§5.5.1: a close is answered,
// typically, with the code it came with, here 1000).
func TestCheckerTooBigOnlyWhenRefused(t *testing.T) {
	url, _ := startRawServer(t, rawClosesTooBig)
	r := runRaw(t, url, 0, "9.1.1")["9.1.1"]
	if r.Verdict != Pass || r.CloseVerdict != WrongCode {
		t.Errorf("every message echoed, then 1009: %s/%s: %s / %s", r.Verdict, r.CloseVerdict, r.Detail, r.CloseDetail)
	}
}

// A sequence's time runs from its first message: for 9.1.1, one message,
// the time the detail gives (rounded to the millisecond) lies within the
// case's own duration.
func TestSequenceTimedFromItsFirstMessage(t *testing.T) {
	url, _ := startRawServer(t, rawEcho)
	r := runRaw(t, url, 0, "9.1.1")["9.1.1"]
	m := regexp.MustCompile(`came back unchanged in (\S+?)[ ,;(]`).FindStringSubmatch(r.Detail)
	if r.Verdict != Pass || m == nil {
		t.Fatalf("%s: %s", r.Verdict, r.Detail)
	}
	took, err := time.ParseDuration(m[1])
	if err != nil || took < 0 || took > r.Duration+time.Millisecond {
		t.Errorf("the message took %q (%v), the case %v: %s", m[1], err, r.Duration, r.Detail)
	}
}

// RFC 7692 makes permessage-deflate optional: a server that declines it
// gets "Unimplemented" in 12 and 13, and the detail says what it declined,
// the one offer, or how many.
func TestDeclinedDeflateSaysWhatWasDeclined(t *testing.T) {
	url, _ := startRawServer(t, rawEcho)
	rs := runRaw(t, url, 0, "12.1.1", "13.7.1")
	one, many := rs["12.1.1"], rs["13.7.1"]
	if one.Verdict != Unimplemented || !strings.HasPrefix(one.Detail, "The server declined permessage-deflate, as RFC 7692 allows: its answer has no Sec-WebSocket-Extensions for the offer \"permessage-deflate") {
		t.Errorf("12.1.1: %s: %s", one.Verdict, one.Detail)
	}
	if n := len(many.ab.offers); n < 2 || many.Verdict != Unimplemented ||
		!strings.HasPrefix(many.Detail, "The server declined permessage-deflate, as RFC 7692 allows: its answer has no Sec-WebSocket-Extensions for any of the "+strconv.Itoa(n)+" offers") {
		t.Errorf("13.7.1 (%d offers): %s: %s", n, many.Verdict, many.Detail)
	}
}

// A case that expects the server to fail the connection and send nothing
// back (5.9: a continuation frame with nothing to continue, §5.4) says,
// when the server answers instead, the one thing it expected: nothing.
func TestFailureCaseSaysWhatItExpected(t *testing.T) {
	rs := runRaw(t, startTestServer(t, acceptsLoneContinuation), 0, "5.9")
	if r := rs["5.9"]; r.Verdict != Fail || !strings.HasSuffix(r.Detail, "; the case expects nothing.") {
		t.Errorf("5.9: %s: %s", r.Verdict, r.Detail)
	}
}

// A case's first expected outcome is the one it prefers, a pass; the
// others are what it allows (NonStrict) or merely notes. The words of a
// non-strict verdict rest on it: "the case prefers" names the first
// outcome, and what the peer did can only begin with it, never be it.
func TestFirstOutcomeIsThePreferredOne(t *testing.T) {
	for _, c := range append(Cases(), ClientCases()...) {
		if c.ab == nil || len(c.ab.expect) == 0 {
			continue
		}
		if v := c.ab.expect[0].verdict; v != Pass {
			t.Errorf("%s: the first expected outcome is %s", c.ID, v)
		}
		for _, o := range c.ab.expect[1:] {
			if sameEvents(o.events, c.ab.expect[0].events) {
				t.Errorf("%s: an outcome repeats the first, which is always matched before it", c.ID)
			}
		}
	}
}

// Where RFC 6455 leaves the choice to the server, the case is
// informational and says what the server did: in its own words for the
// outcomes it foresaw (7.1.6: the close processed before the message
// could come back), and as what was sent otherwise (7.1.6 with both
// messages back, which Autobahn's outcomes do not foresee; 7.13.1, a close
// code beyond the defined ranges).
func TestInformationalCasesSayWhatHappened(t *testing.T) {
	echo, _ := startRawServer(t, rawEcho)
	keeps, _ := startRawServer(t, rawKeepsMessages)
	rs := runRaw(t, echo, 0, "7.1.6", "7.13.1")
	rs["7.1.6 kept"] = runRaw(t, keeps, 0, "7.1.6")["7.1.6"]
	for id, want := range map[string]string{
		"7.1.6 kept": "The close was processed before the text message could come back.",
		"7.1.6":      "The server sent the text message of 262144 bytes",
		"7.13.1":     "The server sent ",
	} {
		if r := rs[id]; r.Verdict != Informational || r.CloseVerdict != Informational || !strings.HasPrefix(r.Detail, want) {
			t.Errorf("%s: %s/%s: %q, want %q", id, r.Verdict, r.CloseVerdict, r.Detail, want)
		}
	}
}
