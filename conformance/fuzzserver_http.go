package conformance

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// Autobahn|Testsuite's URL interface, as its fuzzing server has it (its
// fuzzing.py): every request is a WebSocket opening handshake, and the
// path says what for.
//
//	/getCaseCount                 a text message with the number of cases, then a close
//	/getCaseInfo?case=N           a text message {"id": …, "description": …}, then a close
//	/runCase?case=N&agent=A       case N (1-based) played against the client, which echoes
//	/getCaseStatus?case=N&agent=A a text message {"behavior": …}, then a close
//	/updateReports?agent=A        the reports written (OnUpdateReports), then a close;
//	                              &shutdownOnComplete=true stops the server after
//	/stopServer                   a close, then the server stops

// maxRequestHeader bounds the bytes of a client's HTTP request: a client
// that sends garbage without end is cut off there.
const maxRequestHeader = 16 << 10

// settleWait bounds how long /updateReports and /getCaseStatus wait for
// the agent's cases under way to end: a client usually asks right after
// its last case closed, while the server is still judging it.
const settleWait = 5 * time.Second

// refusalWait is how long a handshake case gives the client to fail the
// connection after a broken 101 answer.
const refusalWait = 2 * time.Second

// serve reads one connection's request and answers it.
func (s *FuzzingServer) serve(nc net.Conn) {
	defer nc.Close()
	stop := context.AfterFunc(s.ctx, func() { nc.Close() })
	defer stop()
	from := nc.RemoteAddr().String()
	nc.SetDeadline(time.Now().Add(s.opts.RequestTimeout))
	lr := &io.LimitedReader{R: nc, N: maxRequestHeader}
	br := bufio.NewReader(lr)
	req, err := http.ReadRequest(br)
	switch {
	case err != nil && s.ctx.Err() != nil:
		return
	case err != nil && isTimeout(err):
		s.note("%s connected but sent no complete HTTP request within %v; closed", from, s.opts.RequestTimeout)
		return
	case errors.Is(err, io.EOF):
		s.note("%s connected and closed again without a request", from)
		return
	case err != nil && lr.N <= 0:
		s.note("%s sent more than %d bytes without ending its request; refused", from, maxRequestHeader)
		refuse(nc, http.StatusRequestHeaderFieldsTooLarge, "Request Header Fields Too Large", fmt.Sprintf("an opening handshake must end within %d bytes", maxRequestHeader))
		return
	case err != nil:
		s.note("%s sent something that is not an HTTP request (%v); refused", from, err)
		refuse(nc, http.StatusBadRequest, "Bad Request", "this is a WebSocket fuzzing server: send a WebSocket opening handshake (RFC 6455 §4.1)")
		return
	}
	lr.N = math.MaxInt64 // from here the frame reader bounds what it reads
	nc.SetDeadline(time.Time{})
	if p := clientHandshakeProblem(req); p != "" {
		s.refuseHandshake(nc, req, from, p)
		return
	}
	q := req.URL.Query()
	switch req.URL.Path {
	case "/getCaseCount":
		s.answerText(nc, br, req, strconv.Itoa(len(s.cases)))
	case "/getCaseInfo":
		if n, ok := s.caseNumber(nc, req, from); ok {
			c := s.cases[n-1]
			b, _ := json.Marshal(map[string]string{"id": c.ID, "description": c.Title + ". Expected: " + c.Expect})
			s.answerText(nc, br, req, string(b))
		}
	case "/getCaseStatus":
		if n, ok := s.caseNumber(nc, req, from); ok {
			s.settled(q.Get("agent"), settleWait)
			v := s.status(q.Get("agent"), n)
			if v == "" {
				v = "UNKNOWN"
			}
			b, _ := json.Marshal(map[string]string{"behavior": string(v)})
			s.answerText(nc, br, req, string(b))
		}
	case "/runCase":
		agent := q.Get("agent")
		if agent == "" {
			s.note("%s asked for a case without naming its agent; refused", from)
			refuse(nc, http.StatusBadRequest, "Bad Request", "/runCase needs the client's name: /runCase?case=N&agent=NAME")
			return
		}
		if n, ok := s.caseNumber(nc, req, from); ok {
			s.runCase(nc, br, req, n, agent)
		}
	case "/updateReports":
		agent := q.Get("agent")
		var err error
		if !s.settled(agent, settleWait) {
			s.note("a case of %q was still under way when it asked for its reports; they leave it out", agent)
		}
		if s.opts.OnUpdateReports != nil {
			err = s.opts.OnUpdateReports(agent)
		}
		reason := ""
		if err != nil {
			reason = err.Error()
			s.note("the reports were not written: %v", err)
		}
		s.answerText(nc, br, req, "", reason)
		if q.Get("shutdownOnComplete") == "true" {
			s.note("%s asked the fuzzing server to stop once the reports were written", from)
			go s.stop()
		}
	case "/stopServer":
		s.answerText(nc, br, req, "")
		s.note("%s asked the fuzzing server to stop", from)
		go s.stop()
	default:
		s.note("%s asked for %s, which the fuzzing server does not have", from, req.URL.Path)
		refuse(nc, http.StatusNotFound, "Not Found", "the fuzzing server has /getCaseCount, /getCaseInfo?case=N, /runCase?case=N&agent=A, /getCaseStatus?case=N&agent=A, /updateReports?agent=A and /stopServer")
	}
}

// caseNumber reads the case=N parameter, refusing the handshake with a
// clear message when there is no such case.
func (s *FuzzingServer) caseNumber(nc net.Conn, req *http.Request, from string) (int, bool) {
	given := req.URL.Query().Get("case")
	n, err := strconv.Atoi(given)
	if err != nil || n < 1 || n > len(s.cases) {
		msg := fmt.Sprintf("there is no case %q: the cases are numbered 1 to %d", given, len(s.cases))
		s.note("%s asked for %s: %s", from, req.URL.RequestURI(), msg)
		refuse(nc, http.StatusNotFound, "Not Found", msg)
		return 0, false
	}
	return n, true
}

// clientHandshakeProblem checks a client's opening handshake as a server
// must (§4.2.1) and says what is wrong with it, or "".
func clientHandshakeProblem(req *http.Request) string {
	switch {
	case req.Method != http.MethodGet:
		return fmt.Sprintf("the method is %s, not GET", req.Method)
	case !req.ProtoAtLeast(1, 1):
		return fmt.Sprintf("the protocol is %s, not HTTP/1.1", req.Proto)
	case !hasToken(req.Header, "Upgrade", "websocket"):
		return fmt.Sprintf("it has Upgrade: %q, not websocket (is this a WebSocket client?)", req.Header.Get("Upgrade"))
	case !hasToken(req.Header, "Connection", "upgrade"):
		return fmt.Sprintf("it has Connection: %q, without Upgrade", req.Header.Get("Connection"))
	case req.Header.Get("Sec-WebSocket-Version") != "13":
		return fmt.Sprintf("it has Sec-WebSocket-Version: %q, not 13", req.Header.Get("Sec-WebSocket-Version"))
	}
	key, err := base64.StdEncoding.DecodeString(req.Header.Get("Sec-WebSocket-Key"))
	if err != nil || len(key) != 16 {
		return fmt.Sprintf("its Sec-WebSocket-Key %q is not 16 bytes in base64", req.Header.Get("Sec-WebSocket-Key"))
	}
	return ""
}

// refuseHandshake answers a broken opening handshake with 400, and
// records a failed case when it asked for one.
func (s *FuzzingServer) refuseHandshake(nc net.Conn, req *http.Request, from, problem string) {
	msg := "the opening handshake breaks RFC 6455 §4.1: " + problem
	// The answer goes last: the case is recorded by the time the client
	// can ask for its status.
	defer refuse(nc, http.StatusBadRequest, "Bad Request", msg)
	q := req.URL.Query()
	n, err := strconv.Atoi(q.Get("case"))
	if req.URL.Path != "/runCase" || err != nil || n < 1 || n > len(s.cases) || q.Get("agent") == "" {
		s.note("%s asked for %s; refused: %s", from, req.URL.RequestURI(), msg)
		return
	}
	agent := q.Get("agent")
	s.seen(agent)
	r := Result{Case: s.cases[n-1], Verdict: Fail, Detail: sentence("The client's %s", msg),
		CloseVerdict: Fail, CloseDetail: "The WebSocket opening handshake was never completed."}
	r.Observed.Events = []string{"← " + requestWords(req)}
	r.Sent = []string{"→ HTTP 400 Bad Request"}
	s.record(agent, n, r)
}

// refuse answers with an HTTP error and a one-line body that says why.
func refuse(nc net.Conn, code int, status, why string) {
	nc.SetWriteDeadline(time.Now().Add(time.Second))
	fmt.Fprintf(nc, "HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s\n",
		code, status, len(why)+1, why)
	nc.Close()
}

// answer101 writes the server's 101 answer to req (§4.2.2), broken as
// fault says, agreeing to the extension ext when not empty. It declines
// every other extension and every subprotocol the client offers, which
// RFC 6455 allows.
func answer101(nc net.Conn, req *http.Request, fault answerFault, ext string) (string, error) {
	accept := wsframe.AcceptKey(req.Header.Get("Sec-WebSocket-Key"))
	lines := []string{"HTTP/1.1 101 Switching Protocols"}
	if fault != answerNoUpgrade {
		lines = append(lines, "Upgrade: websocket")
	}
	if fault != answerNoConnection {
		lines = append(lines, "Connection: Upgrade")
	}
	if fault == answerBadAccept {
		accept = wsframe.AcceptKey(newKey()) // the right form, for some other key
	}
	lines = append(lines, "Sec-WebSocket-Accept: "+accept)
	if ext != "" {
		lines = append(lines, "Sec-WebSocket-Extensions: "+ext)
	}
	switch fault {
	case answerUnofferedProtocol:
		lines = append(lines, "Sec-WebSocket-Protocol: "+notOfferedProtocol)
	case answerUnofferedExtension:
		lines = append(lines, "Sec-WebSocket-Extensions: "+notOfferedExtension)
	}
	lines = append(lines, "Server: wssample-fuzzingserver")
	nc.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, err := io.WriteString(nc, strings.Join(lines, "\r\n")+"\r\n\r\n")
	nc.SetWriteDeadline(time.Time{})
	return strings.Join(lines[1:len(lines)-1], ", "), err
}

// requestWords is a client's request for a report: "GET /runCase?case=1&agent=ws".
func requestWords(req *http.Request) string {
	return fmt.Sprintf("%s %s (the client's opening handshake)", req.Method, req.URL.RequestURI())
}

// answerText opens the WebSocket, sends text as a text message (none
// when empty), and closes with 1000 and reason, waiting a moment for the
// client's close: the short answers of Autobahn's URL interface.
func (s *FuzzingServer) answerText(nc net.Conn, br *bufio.Reader, req *http.Request, text string, reason ...string) {
	if _, err := answer101(nc, req, answerRight, ""); err != nil {
		return
	}
	var out []byte
	if text != "" {
		f := frame{Fin: true, Opcode: opText, Payload: []byte(text), Unmasked: true}
		out = append(out, f.encode()...)
	}
	why := ""
	if len(reason) > 0 {
		why = reason[0]
		if len(why) > 120 {
			why = why[:120]
		}
	}
	cf := frame{Fin: true, Opcode: opClose, Payload: closePayload(codeNormal, why), Unmasked: true}
	out = append(out, cf.encode()...)
	nc.SetDeadline(time.Now().Add(time.Second))
	if _, err := nc.Write(out); err != nil {
		return
	}
	// Read the client's answer, then close TCP first (§7.1.1).
	for {
		f, err := readFrame(br, wsframe.MaxControlPayload)
		if err != nil || f.Opcode == opClose {
			return
		}
	}
}
