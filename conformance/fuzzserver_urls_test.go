package conformance

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Autobahn|Testsuite's URL interface, as a client script uses it before
// and after its cases (fuzzserver_http.go): how many cases, what each is,
// how one ended, "write the reports", each answered on a WebSocket of its
// own with a text message and a close, and a broken handshake answered
// with 400 and a body that says why.

// fuzzingAnswer is what the fuzzing server answered on one of its URLs.
type fuzzingAnswer struct {
	text   string // the text message, "" when none came
	code   int    // the close frame's code
	reason string // and reason
}

// askFuzzing opens path on the fuzzing server as a client script does,
// reads the text message and the close frame, and answers the close.
func askFuzzing(t *testing.T, s *FuzzingServer, path string) fuzzingAnswer {
	t.Helper()
	nc := dialRaw(t, s)
	br, status := handshake(t, nc, path)
	if !strings.Contains(status, " 101 ") {
		t.Fatalf("%s: %s", path, status)
	}
	var a fuzzingAnswer
	for {
		f, err := readFrame(br, maxReadPayload)
		if err != nil {
			t.Fatalf("%s: %v before the close", path, err)
		}
		switch f.Opcode {
		case opText:
			a.text = string(f.Payload)
		case opClose:
			a.code, a.reason, _ = parseClose(f.Payload)
			nc.Write(encoded(frame{Fin: true, Opcode: opClose, Payload: f.Payload}))
			return a
		}
	}
}

// The client script's questions: the number of cases, each case's ID and
// description, a case's behaviour (UNKNOWN before it ran), each in a text
// message followed by a close with 1000 (RFC 6455 §7.4.1).
func TestFuzzingServerAnswersAutobahnsQuestions(t *testing.T) {
	filter, err := ClientCaseFilter("1.1.1,1.1.2,C.3")
	if err != nil {
		t.Fatal(err)
	}
	s := startFuzzing(t, FuzzingOptions{Filter: filter, timeScale: testScale})
	cases := s.Cases()
	if a := askFuzzing(t, s, "/getCaseCount"); a.text != "3" || a.code != codeNormal || a.reason != "" {
		t.Errorf("/getCaseCount: %+v, want 3 and a close with 1000", a)
	}
	for n, c := range cases {
		a := askFuzzing(t, s, "/getCaseInfo?case="+strconv.Itoa(n+1))
		var info map[string]string
		if err := json.Unmarshal([]byte(a.text), &info); err != nil || info["id"] != c.ID || info["description"] != c.Title+". Expected: "+c.Expect || a.code != codeNormal {
			t.Errorf("/getCaseInfo?case=%d: %+v, want %s", n+1, a, c.ID)
		}
	}
	status := func(agent string) string {
		t.Helper()
		var st map[string]string
		a := askFuzzing(t, s, "/getCaseStatus?case=3&agent="+agent)
		if err := json.Unmarshal([]byte(a.text), &st); err != nil || a.code != codeNormal {
			t.Fatalf("/getCaseStatus: %+v", a)
		}
		return st["behavior"]
	}
	if got := status("nobody"); got != "UNKNOWN" {
		t.Errorf("the status of a case never run: %q, want UNKNOWN", got)
	}
	// C.3, the broken Sec-WebSocket-Accept, played by a client that takes
	// it and closes TCP at once: it failed the connection, as §4.1 asks.
	nc := dialRaw(t, s)
	handshake(t, nc, "/runCase?case=3&agent=quits")
	nc.Close()
	if got := status("quits"); got != string(Pass) {
		t.Errorf("the status of C.3 after the client closed TCP: %q, want OK", got)
	}
}

// The answers wait for the client's close before the server closes TCP
// (§5.5.1, §7.1.1): a heartbeat pong (§5.5.3) before it does not end the
// wait; after the close, the server closes TCP.
func TestFuzzingServerAnswersWaitForTheClientsCloseRFC6455Section5_5_1(t *testing.T) {
	filter, _ := ClientCaseFilter("1.1.1")
	s := startFuzzing(t, FuzzingOptions{Filter: filter})
	nc := dialRaw(t, s)
	br, _ := handshake(t, nc, "/getCaseCount")
	var closing inFrame
	for closing.Opcode != opClose {
		f, err := readFrame(br, maxReadPayload)
		if err != nil {
			t.Fatal(err)
		}
		closing = f
	}
	nc.Write(encoded(frame{Fin: true, Opcode: opPong, Payload: []byte("still here")}))
	// The server waits a second for the close: a tenth of it still open.
	nc.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if _, err := br.ReadByte(); !isTimeout(err) {
		t.Fatalf("before the client's close: %v, want the connection still open", err)
	}
	nc.SetReadDeadline(time.Now().Add(5 * time.Second))
	nc.Write(encoded(frame{Fin: true, Opcode: opClose, Payload: closing.Payload}))
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		t.Errorf("after the client's close: %v, want the server's TCP close", err)
	}
}

// /updateReports calls OnUpdateReports for the agent that asks; its error
// goes back as the close reason, cut to 120 bytes to fit a close frame
// (§5.5: 125 bytes of payload). With shutdownOnComplete=true, and only
// then, the server stops once the reports are written.
func TestFuzzingServerUpdatesReports(t *testing.T) {
	filter, _ := ClientCaseFilter("1.1.1")
	var mu sync.Mutex // OnUpdateReports runs on the server's goroutines
	var asked []string
	var fail error
	failWith := func(err error) {
		mu.Lock()
		fail = err
		mu.Unlock()
	}
	s := startFuzzing(t, FuzzingOptions{Filter: filter, OnUpdateReports: func(agent string) error {
		mu.Lock()
		defer mu.Unlock()
		asked = append(asked, agent)
		return fail
	}})
	if a := askFuzzing(t, s, "/updateReports?agent=one"); a.code != codeNormal || a.reason != "" || a.text != "" {
		t.Errorf("/updateReports: %+v, want a close with 1000 and no reason", a)
	}
	long := strings.Repeat("disk full ", 13) // 130 bytes
	for _, tc := range []struct{ err, reason string }{{long[:120], long[:120]}, {long, long[:120]}, {"no room", "no room"}} {
		failWith(errors.New(tc.err))
		if a := askFuzzing(t, s, "/updateReports?agent=two"); a.code != codeNormal || a.reason != tc.reason {
			t.Errorf("/updateReports failing with %d bytes: %+v, want the reason %q", len(tc.err), a, tc.reason)
		}
	}
	mu.Lock()
	if strings.Join(asked, ",") != "one,two,two,two" {
		t.Errorf("OnUpdateReports called for %q", asked)
	}
	mu.Unlock()
	select {
	case <-s.Done():
		t.Fatal("the server stopped without shutdownOnComplete")
	default:
	}
	failWith(nil)
	askFuzzing(t, s, "/updateReports?agent=one&shutdownOnComplete=true")
	select {
	case <-s.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the server still runs 10 s after /updateReports with shutdownOnComplete=true")
	}

	// Without OnUpdateReports, /updateReports only closes.
	s = startFuzzing(t, FuzzingOptions{Filter: filter})
	if a := askFuzzing(t, s, "/updateReports?agent=one"); a.code != codeNormal || a.reason != "" {
		t.Errorf("/updateReports without OnUpdateReports: %+v", a)
	}
}

// A plain HTTP request for the last case is that case, FAILED, and the
// client gets a 400 whose body is the whole reason (§4.1).
func TestFuzzingServerRefusesAPlainRequestForTheLastCaseRFC6455Section4_1(t *testing.T) {
	filter, _ := ClientCaseFilter("1.1.1,1.1.2,C.3")
	s := startFuzzing(t, FuzzingOptions{Filter: filter})
	nc := dialRaw(t, s)
	io.WriteString(nc, "GET /runCase?case=3&agent=plain HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(nc), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	const why = `the opening handshake breaks RFC 6455 §4.1: it has Upgrade: "", not websocket (is this a WebSocket client?)`
	if resp.StatusCode != http.StatusBadRequest || string(body) != why+"\n" {
		t.Errorf("a plain GET: %d %q, want 400 %q", resp.StatusCode, body, why+"\n")
	}
	s.settled("plain", 10*time.Second)
	rep := s.Report("plain")
	if rep == nil || len(rep.Results) != 1 || rep.Results[0].ID != s.Cases()[2].ID || rep.Results[0].Status() != Fail {
		t.Fatalf("a plain GET for case 3: %+v", rep)
	}
}
