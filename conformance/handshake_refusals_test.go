package conformance

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// The handshake cases (H.x) judge what a server answers to a request it
// must refuse, or should bound: the status (the one RFC 6455 names, another
// error, a 101), no answer at all, or an answer that never comes. Each row
// runs one case against a TCP server that answers one way.

// handshakeRow is one handshake case against one server, and what the
// case must say of it.
type handshakeRow struct {
	name    string
	id      string
	sc      connScript
	timeout time.Duration // the case timeout: how long a server that never answers is given
	want    Verdict
	words   string // the case's detail, from its start
	status  int    // the answer's status, as the result keeps it (0: none came)
	end     string // how the connection ended, as the result keeps it ("": not said)
}

// runHandshakeRows runs each row's case against its own server, all at
// once (they mostly wait), and checks each result.
func runHandshakeRows(t *testing.T, rows []handshakeRow) {
	t.Helper()
	results := make([]Result, len(rows))
	var jobs []func()
	for i, tt := range rows {
		url := startTCPScript(t, tt.sc)
		tg, err := newTarget(url, Options{CaseTimeout: tt.timeout})
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, func() { results[i] = runCase(context.Background(), tg, caseByID(tt.id)) })
	}
	concurrently(jobs...)
	for i, tt := range rows {
		r := results[i]
		if r.Verdict != tt.want || !strings.HasPrefix(r.Detail, tt.words) {
			t.Errorf("%s: %s %s: %s %q\nwant %s %q", tt.name, tt.id, r.Title, r.Verdict, r.Detail, tt.want, tt.words)
		}
		if r.Observed.HTTPStatus != tt.status {
			t.Errorf("%s: the result keeps the status %d, want %d", tt.name, r.Observed.HTTPStatus, tt.status)
		}
		if tt.end != "" && r.Observed.End != tt.end {
			t.Errorf("%s: the connection ended %q, want %q", tt.name, r.Observed.End, tt.end)
		}
	}
}

// answerTimeout bounds a case whose server answers at once; neverTimeout
// is what a case waits for a server that never answers.
const answerTimeout, neverTimeout = 10 * time.Second, time.Second

// §4.2.1 and §4.4: a request that breaks the handshake's rules must be
// refused with an HTTP error; RFC 6455 names the status for each (400,
// 405, 426 with the versions the server speaks). Another error status is
// NON-STRICT, a server that closes without a word too; an answer that is
// not a refusal, or none within the case's time, FAILED.
func TestRefusalCasesJudgeTheAnswerRFC6455Section4_2_1(t *testing.T) {
	t.Parallel()
	runHandshakeRows(t, []handshakeRow{
		{"the status RFC 6455 names", "H.6", answersWith(http.StatusMethodNotAllowed, ""), answerTimeout, Pass,
			"The server refused with HTTP 405 Method Not Allowed.", 405, ""},
		{"400, not the 405 RFC 6455 names", "H.6", answersWith(http.StatusBadRequest, ""), answerTimeout, NonStrict,
			"The server refused with HTTP 400 Bad Request; RFC 6455 names HTTP 405 Method Not Allowed for this.", 400, ""},
		{"a redirect, not a refusal", "H.4", answersWith(http.StatusFound, "Location: /elsewhere\r\n"), answerTimeout, Fail,
			"The server answered HTTP 302 Found to a handshake without Sec-WebSocket-Key instead of refusing it with HTTP 400.", 302, ""},
		// §4.2.2: the refusal of an unknown version names the versions
		// the server speaks.
		{"426 with the version it speaks", "H.3", answersWith(http.StatusUpgradeRequired, "Sec-WebSocket-Version: 13\r\n"), answerTimeout, Pass,
			"The server refused with HTTP 426 Upgrade Required.", 426, ""},
		{"426 without Sec-WebSocket-Version", "H.3", answersWith(http.StatusUpgradeRequired, ""), answerTimeout, Fail,
			"The server answered HTTP 426 Upgrade Required without a Sec-WebSocket-Version header naming the version it speaks", 426, ""},
		{"closes without an answer", "H.4", readsAndCloses, answerTimeout, NonStrict,
			"The server closed the connection (closed by the server) without an HTTP answer to a handshake without Sec-WebSocket-Key; HTTP 400 tells the client why.", 0, "closed by the server"},
		{"never answers", "H.4", neverAnswers, neverTimeout, Fail,
			"The server did not answer a handshake without Sec-WebSocket-Key within 1s.", 0, "open at the deadline"},
		// A plain GET asks for no upgrade: any answer but 101 will do.
		{"a plain GET answered 200", "H.7", answersWith(http.StatusOK, ""), answerTimeout, Pass,
			"The server answered HTTP 200 OK and did not upgrade.", 200, ""},
		{"a plain GET closed without an answer", "H.7", readsAndCloses, answerTimeout, NonStrict,
			"The server closed the connection (closed by the server) without answering a plain GET.", 0, "closed by the server"},
		{"a plain GET never answered", "H.7", neverAnswers, neverTimeout, Fail,
			"The server did not answer a plain GET within 1s.", 0, "open at the deadline"},
	})
}

// Only the refusal of an unknown version must name the versions the
// server speaks (§4.2.2, §4.4): the other refusals expect the status
// alone.
func TestOnlyTheVersionRefusalExpectsSecWebSocketVersionRFC6455Section4_4(t *testing.T) {
	if got := caseByID("H.3").Expect; got != "HTTP 426 Upgrade Required, not 101, with a Sec-WebSocket-Version header naming 13" {
		t.Errorf("H.3 expects %q", got)
	}
	if got := caseByID("H.4").Expect; got != "HTTP 400 Bad Request, not 101" {
		t.Errorf("H.4 expects %q", got)
	}
}

// §10.4: a server must bound what it reads. H.8's header of more than
// 1 MiB is refused by a 4xx (OK); a 5xx, a close without a word, an
// upgrade or no answer at all is NON-STRICT.
func TestOversizedHeaderCaseJudgesTheAnswerRFC6455Section10_4(t *testing.T) {
	t.Parallel()
	runHandshakeRows(t, []handshakeRow{
		{"431, the status that says why", "H.8", answersWith(http.StatusRequestHeaderFieldsTooLarge, ""), answerTimeout, Pass,
			"The server refused with HTTP 431 Request Header Fields Too Large.", 431, ""},
		{"400, another 4xx", "H.8", answersWith(http.StatusBadRequest, ""), answerTimeout, Pass,
			"The server refused with HTTP 400 Bad Request.", 400, ""},
		{"500, a server error", "H.8", answersWith(http.StatusInternalServerError, ""), answerTimeout, NonStrict,
			"The server answered HTTP 500 Internal Server Error; HTTP 431 Request Header Fields Too Large is the refusal that says why.", 500, ""},
		// The whole request was read, so the checker's write of it ended
		// well: only the missing answer is told.
		{"closes without an answer", "H.8", readsAndCloses, answerTimeout, NonStrict,
			"The server closed the connection (closed by the server) without an HTTP answer; HTTP 431 Request Header Fields Too Large tells the client why.", 0, "closed by the server"},
		{"reads it all and never answers", "H.8", neverAnswers, neverTimeout, NonStrict,
			"The server neither answered nor closed within 1s; a server should refuse a request of more than 1 MiB of headers.", 0, ""},
	})
}

// H.8's header is more than the 1 MiB net/http reads by default (its
// DefaultMaxHeaderBytes, with 4 KiB of slack): a Go server left at its
// defaults refuses it with 431, as a server that bounds what it reads
// should (§10.4).
func TestOversizedHeaderIsMoreThanNetHTTPsDefaultRFC6455Section10_4(t *testing.T) {
	t.Parallel()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if nc, _, err := wsframe.ServerHandshake(w, r); err == nil {
			nc.Close()
		}
	}))
	defer hs.Close()
	if hs.Config.MaxHeaderBytes != 0 {
		t.Fatalf("the server's MaxHeaderBytes is %d, not net/http's default", hs.Config.MaxHeaderBytes)
	}
	tg, err := newTarget("ws"+strings.TrimPrefix(hs.URL, "http")+"/", Options{CaseTimeout: answerTimeout})
	if err != nil {
		t.Fatal(err)
	}
	r := runCase(context.Background(), tg, caseByID("H.8"))
	if r.Verdict != Pass || r.Detail != "The server refused with HTTP 431 Request Header Fields Too Large (431 Request Header Fields Too Large)." {
		t.Errorf("H.8 against net/http's default limit: %s %q", r.Verdict, r.Detail)
	}
}

// slowServerBound is how long slowRefuser waits for the slow request's
// bytes before it gives up on them.
const slowServerBound = 5 * time.Second

// slowRefuser is a TCP script that gives up on H.9's slow request once
// two of its bytes came one by one after "X-Slow: ": it answers 408
// Request Timeout. Without them it closes the connection after
// slowServerBound.
func slowRefuser(nc net.Conn, br *bufio.Reader, _ <-chan struct{}) {
	nc.SetReadDeadline(time.Now().Add(slowServerBound))
	var got []byte
	for !strings.HasSuffix(string(got), "\r\nX-Slow: aa") {
		b, err := br.ReadByte()
		if err != nil {
			return
		}
		got = append(got, b)
	}
	nc.Write([]byte("HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
}

// slowTook is how long H.9 says the server took to give up, in tenths
// of a second.
var slowTook = regexp.MustCompile(`after (\d+(?:\.\d)?s|\d00ms):`)

// §10.4 and H.9: the checker sends the headers one byte every 0.5 s and
// never ends them. A server that answers 408 once two such bytes came
// gave up on the slow client after about a second (the words round it to
// tenths of a second): OK.
func TestSlowHeadersCaseSendsAByteEveryHalfSecondRFC6455Section10_4(t *testing.T) {
	t.Parallel()
	tg, err := newTarget(startTCPScript(t, slowRefuser), Options{CaseTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r := runCase(context.Background(), tg, caseByID("H.9"))
	if r.Verdict != Pass || !strings.HasSuffix(r.Detail, ": it answered HTTP 408 Request Timeout.") || r.Observed.HTTPStatus != 408 {
		t.Fatalf("H.9 against a server that answers 408 after two slow bytes: %s %q (status %d)", r.Verdict, r.Detail, r.Observed.HTTPStatus)
	}
	m := slowTook.FindStringSubmatch(r.Detail)
	if m == nil {
		t.Fatalf("H.9 says %q: no time in tenths of a second", r.Detail)
	}
	// The second byte goes one interval after the first, which goes one
	// after the headers.
	if took, _ := time.ParseDuration(m[1]); took < 2*slowInterval-100*time.Millisecond || took >= slowServerBound {
		t.Errorf("H.9 says the server gave up after %v, want about %v", took, 2*slowInterval)
	}
}

// §10.4 and H.9: a server that waits for the slow headers as long as
// they come is open to slow-loris: NON-STRICT, once the case's 15 s are
// over, whatever the case timeout.
func TestSlowHeadersCaseReportsAServerThatWaitsRFC6455Section10_4(t *testing.T) {
	t.Parallel()
	tg, err := newTarget(startTCPScript(t, neverAnswers), Options{CaseTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r := runCase(context.Background(), tg, caseByID("H.9"))
	if r.Verdict != NonStrict || !strings.HasPrefix(r.Detail, "The server still waited for the rest of the headers after ") || r.Observed.End != "open at the deadline" {
		t.Errorf("H.9 against a server that waits: %s %q (the connection %s)", r.Verdict, r.Detail, r.Observed.End)
	}
}
