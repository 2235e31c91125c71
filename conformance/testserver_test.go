package conformance

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wssample/wssample/internal/wsframe"
)

// This file is a small echo server that follows RFC 6455 to the letter
// (every case passes against it) unless told to get one thing wrong: the
// purpose-built wrong servers of wrong_test.go.

// fault is one deliberate way the test server breaks RFC 6455.
type fault int

const (
	noFault                   fault = iota
	acceptsAnyVersion               // handshake: upgrades whatever the Sec-WebSocket-Version
	truncatesLongMessages           // 1: loses the last byte of messages of 64 KiB or more
	wrongPongPayload                // 2: answers every ping with the pong "pong"
	echoesReservedBits              // 3: echoes frames with RSV bits set, bits included
	ignoresReservedOpcodes          // 4: skips frames with a reserved opcode
	acceptsLoneContinuation         // 5: takes a continuation without a start for a new text message
	acceptsInvalidUTF8              // 6: never checks UTF-8, in messages or close reasons
	ignoresClose                    // 7: checks a close frame but never answers it
	acceptsBadCloseCodes            // 7: echoes close frames whatever their code
	acceptsUnmasked                 // masking: echoes unmasked frames
	utf8AtMessageEnd                // 6: checks UTF-8 only once a message is complete, not as its bytes come
	failsWithWrongCode              // 3–7: fails every connection with 1000 (normal closure) and no reason, whatever went wrong
	answersCloseWithOtherCode       // 7: answers a close frame with 3001 instead of echoing its code
	lingersAfterClose               // 7: sends its close frame but leaves TCP open until the client closes it
	dropsInsteadOfClosing           // 7: never sends a close frame: it closes TCP, to fail a connection or to answer a close
	catchesEarlySends               // 9, 12, 13: before each of the first echoes, fails with 1008 if the next message is already there
	failsWithEmptyClose             // 7: fails every connection with an empty close frame: no code, which §5.5.1 allows
	streamsEcho                     // 5: echoes each data frame as it comes, in frames of at most 3 bytes, before the message is complete
	streamsWithoutStart             // 5: streams the echo as streamsEcho does, but a fragmented message's frames all as continuations
	replacesNonASCII                // 5.6: echoes binary messages with every byte above 0x7F replaced by '?', the length kept
	deflates                        // 12, 13: permessage-deflate to the letter, asking the client for a window of 10 bits
	deflateWiderWindow              // 13: agrees to server_max_window_bits but compresses with 15 bits
	deflateKeepsContext             // 13: agrees to server_no_context_takeover but keeps its context
	deflateDropsParams              // 13: honours the offer but answers a bare "permessage-deflate"
	deflateDropsWindow              // 13: leaves server_max_window_bits out of its answer and compresses with 15 bits, as gorilla/websocket does
)

// testMaxMessage is the test server's message limit (1009 beyond).
const testMaxMessage = 4 << 20

// testServer serves one fault on every path.
type testServer struct {
	fault fault
	wg    sync.WaitGroup // handlers in progress

	mu    sync.Mutex
	conns map[net.Conn]bool // hijacked connections
}

// startTestServer starts a test server with fault f on loopback and
// returns its ws:// URL. It is shut down, every goroutine ended, when the
// test ends.
func startTestServer(t *testing.T, f fault) string {
	t.Helper()
	ts := &testServer{fault: f, conns: map[net.Conn]bool{}}
	hs := httptest.NewUnstartedServer(ts)
	// Bounded like a real server: a second for the headers, 16 KiB of
	// them; with loadSlack, as the checker's waits have, since a server
	// that the machine does not run for a while gives up on headers that
	// have come meanwhile.
	hs.Config.ReadHeaderTimeout = time.Second + loadSlack
	hs.Config.MaxHeaderBytes = 16 << 10
	hs.Start()
	t.Cleanup(func() {
		hs.Close() // the listener and net/http's own connections
		ts.mu.Lock()
		for c := range ts.conns {
			c.Close()
		}
		ts.mu.Unlock()
		ts.wg.Wait()
	})
	return "ws://" + strings.TrimPrefix(hs.URL, "http://") + "/echo"
}

func (ts *testServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ts.wg.Add(1)
	defer ts.wg.Done()
	if ts.fault == acceptsAnyVersion {
		r.Header.Set("Sec-WebSocket-Version", "13")
	} else if v := r.Header.Get("Sec-WebSocket-Version"); v != "13" && r.Header.Get("Upgrade") != "" {
		// §4.2.2: refuse an unknown version, saying which one we speak.
		w.Header().Set("Sec-WebSocket-Version", "13")
		http.Error(w, "Only WebSocket version 13 is supported.", http.StatusUpgradeRequired)
		return
	}
	var pmd *testPMD
	var conn net.Conn
	var brw *bufio.ReadWriter
	var err error
	if ts.fault >= deflates && r.Header.Get("Sec-WebSocket-Extensions") != "" {
		conn, brw, pmd, err = deflateHandshake(w, r, ts.fault)
	} else {
		conn, brw, err = wsframe.ServerHandshake(w, r)
	}
	if err != nil {
		return
	}
	ts.mu.Lock()
	ts.conns[conn] = true
	ts.mu.Unlock()
	defer func() {
		ts.mu.Lock()
		delete(ts.conns, conn)
		ts.mu.Unlock()
		// Closing first, right after the close frame, is what §7.1.1
		// asks of a server.
		conn.Close()
	}()
	(&echoSession{fault: ts.fault, conn: conn, r: brw.Reader, pmd: pmd}).run()
	if ts.fault == lingersAfterClose {
		// Wait for the client to close TCP, which §7.1.1 leaves to the
		// server.
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		io.Copy(io.Discard, brw.Reader)
	}
}

// echoSession is one connection of the test server.
type echoSession struct {
	fault fault
	conn  net.Conn
	r     *bufio.Reader
	pmd   *testPMD // permessage-deflate, when agreed
}

// run echoes messages until the client closes or breaks a rule.
func (s *echoSession) run() {
	watched := 0 // messages after which catchesEarlySends looked for the next one
	var msg []byte
	var msgOp wsframe.Opcode
	var msgRSV byte
	inMessage := false
	var utf8s utf8Stream // the text message's UTF-8, checked as it comes
	for {
		s.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		// UTF-8 is checked as the bytes come, across fragments and within
		// a frame: a strict server fails fast (Autobahn's 6.4.x).
		var check func([]byte) bool
		if !inMessage {
			utf8s = utf8Stream{}
		}
		if s.fault != acceptsInvalidUTF8 && s.fault != utf8AtMessageEnd {
			check = utf8s.feed
		}
		textSoFar := inMessage && msgOp == opText
		f, err := s.readFrame(func(f inFrame) func([]byte) bool {
			if s.pmd != nil && (f.RSV&rsv1 != 0 || inMessage && msgRSV&rsv1 != 0) {
				return nil // compressed: checked once inflated
			}
			if f.Opcode == opText || f.Opcode == opContinuation && textSoFar {
				return check
			}
			return nil
		})
		switch {
		case errors.Is(err, errNotUTF8):
			s.fail(codeInvalidData, "Not UTF-8.")
			return
		case errors.Is(err, errLengthMSB):
			s.fail(codeProtocolError, "The 64-bit length has its top bit set.")
			return
		case errors.Is(err, errFrameTooBig):
			s.fail(codeTooBig, "Message too big.")
			return
		case err != nil:
			return
		}
		switch {
		case !f.Masked && s.fault != acceptsUnmasked:
			s.fail(codeProtocolError, "Client frames must be masked.")
			return
		case f.RSV != 0 && s.fault != echoesReservedBits && !s.pmd.allows(f, inMessage):
			s.fail(codeProtocolError, "Reserved bits set.")
			return
		case !f.minimalLength():
			s.fail(codeProtocolError, "Non-minimal length.")
			return
		case !defined(f.Opcode) && s.fault == ignoresReservedOpcodes:
			continue
		case !defined(f.Opcode):
			s.fail(codeProtocolError, "Reserved opcode.")
			return
		case f.Opcode.IsControl() && (!f.Fin || len(f.Payload) > wsframe.MaxControlPayload):
			s.fail(codeProtocolError, "Bad control frame.")
			return
		}
		switch f.Opcode {
		case opPing:
			p := f.Payload
			if s.fault == wrongPongPayload {
				p = []byte("pong")
			}
			s.send(frame{Fin: true, RSV: f.RSV, Opcode: opPong, Payload: p})
			continue
		case opPong:
			continue
		case opClose:
			if s.answerClose(f) {
				return
			}
			continue
		case opText, opBinary:
			if inMessage {
				s.fail(codeProtocolError, "New message inside a fragmented one.")
				return
			}
			inMessage, msgOp, msgRSV, msg = true, f.Opcode, f.RSV, nil
		case opContinuation:
			if !inMessage && s.fault != acceptsLoneContinuation {
				s.fail(codeProtocolError, "Nothing to continue.")
				return
			}
			if !inMessage {
				inMessage, msgOp, msgRSV, msg = true, opText, 0, nil
			}
		}
		if s.fault == streamsEcho || s.fault == streamsWithoutStart {
			s.stream(f)
		}
		msg = append(msg, f.Payload...)
		if len(msg) > testMaxMessage {
			s.fail(codeTooBig, "Message too big.")
			return
		}
		if !f.Fin {
			continue
		}
		inMessage = false
		if s.pmd != nil && msgRSV&rsv1 != 0 {
			plain, problem := s.pmd.inflate(msg)
			if problem != "" {
				s.fail(codeProtocolError, problem)
				return
			}
			msg = plain
		}
		if msgOp == opText && !utf8.Valid(msg) && s.fault != acceptsInvalidUTF8 {
			s.fail(codeInvalidData, "Not UTF-8.")
			return
		}
		if s.fault == catchesEarlySends && watched < 5 {
			// Autobahn's sequences send each message after the echo of
			// the one before: a byte readable before this echo went
			// came early. 20 ms is long enough for a client that sends
			// at once to be seen on loopback; a client that waits is
			// never failed, however long the wait.
			watched++
			s.conn.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
			if _, err := s.r.Peek(1); err == nil {
				s.fail(1008, "The next message came before this echo.")
				return
			}
		}
		if s.fault == streamsEcho || s.fault == streamsWithoutStart {
			continue // its frames went as they came
		}
		if s.fault == truncatesLongMessages && len(msg) >= 1<<16 {
			msg = msg[:len(msg)-1]
		}
		if s.fault == replacesNonASCII && msgOp == opBinary {
			for i, b := range msg {
				if b > 0x7F {
					msg[i] = '?'
				}
			}
		}
		if s.pmd != nil {
			s.send(frame{Fin: true, RSV: rsv1, Opcode: msgOp, Payload: s.pmd.enc.Compress(msg)})
			continue
		}
		s.send(frame{Fin: true, RSV: msgRSV, Opcode: msgOp, Payload: msg})
	}
}

// stream echoes a data frame at once, in frames of at most 3 bytes: the
// first with the frame's opcode, the last with its FIN bit (§5.4 lets an
// echo be fragmented otherwise than the message was). streamsWithoutStart
// sends every piece of a fragmented message as a continuation: a message
// without its start.
func (s *echoSession) stream(f inFrame) {
	p := f.Payload
	op := f.Opcode
	if s.fault == streamsWithoutStart && !f.Fin {
		op = opContinuation
	}
	for first := true; first || len(p) > 0; first = false {
		n := min(len(p), 3)
		s.send(frame{Fin: f.Fin && n == len(p), Opcode: op, Payload: p[:n]})
		p, op = p[n:], opContinuation
	}
}

// errNotUTF8 is what readFrame returns when a text payload stops being
// a valid start of UTF-8 before its frame is complete.
var errNotUTF8 = errors.New("not UTF-8")

// readFrame reads one frame, its payload as the bytes come: checkFor
// gives, for the frame's header, a check fed each piece of the payload
// as it is read (nil for none); when it fails, reading stops with
// errNotUTF8.
func (s *echoSession) readFrame(checkFor func(inFrame) func([]byte) bool) (inFrame, error) {
	f, n, key, err := readHeader(s.r, testMaxMessage)
	if err != nil {
		return f, err
	}
	check := checkFor(f)
	f.Payload = make([]byte, 0, n)
	m := masker{key: key}
	for uint64(len(f.Payload)) < n {
		got, err := s.r.Read(f.Payload[len(f.Payload):n])
		if f.Masked {
			m.apply(f.Payload[len(f.Payload) : len(f.Payload)+got])
		}
		ok := check == nil || check(f.Payload[len(f.Payload):len(f.Payload)+got])
		f.Payload = f.Payload[:len(f.Payload)+got]
		if !ok {
			return f, errNotUTF8
		}
		if err != nil {
			return f, unexpected(err)
		}
	}
	return f, nil
}

// utf8Stream checks UTF-8 fed in pieces, in time proportional to the
// pieces: it keeps only the code point still incomplete at the end of
// what it was fed.
type utf8Stream struct{ tail []byte }

// feed reports whether everything fed so far is valid UTF-8 or the start
// of it.
func (u *utf8Stream) feed(p []byte) bool {
	b := append(u.tail[:len(u.tail):len(u.tail)], p...)
	if !validPrefix(b) {
		return false
	}
	// The last code point starts in the last 3 bytes, or is complete.
	cut := len(b)
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		if utf8.RuneStart(b[i]) {
			cut = i
			break
		}
	}
	if utf8.FullRune(b[cut:]) {
		cut = len(b)
	}
	u.tail = append(u.tail[:0], b[cut:]...)
	return true
}

// validPrefix reports whether p is valid UTF-8 or the start of it: all
// of it valid but for a last code point still incomplete.
func validPrefix(p []byte) bool {
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		if r != utf8.RuneError || size > 1 {
			p = p[size:]
			continue
		}
		if utf8.FullRune(p) {
			return false
		}
		// An incomplete code point: valid if some continuation bytes
		// complete it. Only the second byte has a narrower range.
		need := 4
		switch {
		case p[0] >= 0xC2 && p[0] <= 0xDF:
			need = 2
		case p[0] >= 0xE0 && p[0] <= 0xEF:
			need = 3
		}
		for b := 0x80; b <= 0xBF; b++ {
			try := append([]byte{}, p...)
			if len(try) == 1 {
				try = append(try, byte(b))
			}
			for len(try) < need {
				try = append(try, 0x80)
			}
			if utf8.Valid(try) {
				return true
			}
		}
		return false
	}
	return true
}

// answerClose handles a close frame and reports whether the session ends.
func (s *echoSession) answerClose(f inFrame) bool {
	code, reason, ok := parseClose(f.Payload)
	switch {
	case !ok:
		s.fail(codeProtocolError, "1-byte close payload.")
		return true
	case len(f.Payload) > 0 && !sendable(code) && s.fault != acceptsBadCloseCodes:
		s.fail(codeProtocolError, "Invalid close code.")
		return true
	case !utf8.ValidString(reason) && s.fault != acceptsInvalidUTF8:
		s.fail(codeInvalidData, "Close reason not UTF-8.")
		return true
	case s.fault == ignoresClose:
		return false
	case s.fault == dropsInsteadOfClosing:
		return true
	case s.fault == answersCloseWithOtherCode:
		s.send(frame{Fin: true, Opcode: opClose, Payload: closePayload(3001, "")})
		return true
	}
	s.send(frame{Fin: true, Opcode: opClose, Payload: f.Payload})
	return true
}

// fail sends a close frame; the caller then ends the session.
func (s *echoSession) fail(code int, reason string) {
	if s.fault == dropsInsteadOfClosing {
		return // the caller ends the session: TCP closes
	}
	switch s.fault {
	case failsWithEmptyClose:
		s.send(frame{Fin: true, Opcode: opClose})
		return
	case failsWithWrongCode:
		code, reason = codeNormal, ""
	}
	s.send(frame{Fin: true, Opcode: opClose, Payload: closePayload(code, reason)})
}

// send writes one unmasked frame, as a server must.
func (s *echoSession) send(f frame) {
	f.Unmasked = true
	s.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	s.conn.Write(f.encode())
}
