package conformance

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// wrongClient is a deliberately wrong client: it opens the WebSocket
// without checking the 101, and echoes every frame as it came (reserved
// bits, opcode, FIN and payload, masked or not), masked with one constant
// key; it answers pings and closes, and checks nothing at all. The
// fuzzing server must fail it wherever a client has to look.
func wrongClient(t *testing.T, uri string) { wrongClientMasking(t, uri, true) }

// wrongClientMasking is wrongClient, sending its frames unmasked when
// masked is false.
func wrongClientMasking(t *testing.T, uri string, masked bool) {
	u := strings.TrimPrefix(uri, "ws://")
	host, path, _ := strings.Cut(u, "/")
	nc, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(nc, "GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n", path, host, newKey())
	br := bufio.NewReader(nc)
	if _, err := readHeaderBlock(br); err != nil {
		return
	}
	key := [4]byte{1, 2, 3, 4}
	for {
		f, err := readFrame(br, maxReadPayload)
		if err != nil {
			return
		}
		out := frame{Fin: f.Fin, RSV: f.RSV, Opcode: f.Opcode, Payload: f.Payload, Key: &key, Unmasked: !masked}
		if f.Opcode == opPing {
			out.Opcode = opPong
		}
		if f.Opcode == opPong {
			continue
		}
		if _, err := nc.Write(out.encode()); err != nil || f.Opcode == opClose {
			return
		}
	}
}

// TestFuzzingServerWrongClient: the wrong client fails the reserved-bits
// cases (§5.2), the invalid UTF-8 cases (§8.1), a masked server frame
// (§5.1), the masking keys (§5.3) and the broken 101 answers (§4.1).
func TestFuzzingServerWrongClient(t *testing.T) {
	filter, err := ClientCaseFilter("3.*,6.3.*,6.4.*,6.6.1,6.8.*,C.*")
	if err != nil {
		t.Fatal(err)
	}
	s := startFuzzing(t, FuzzingOptions{Filter: filter})
	// Eight at a time (the server serves 16 at once): one agent's cases
	// are kept apart by their numbers.
	var wg sync.WaitGroup
	slots := make(chan struct{}, 8)
	for n := range s.Cases() {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			wrongClient(t, caseURL(s, n+1, "wrong"))
		})
	}
	wg.Wait()
	if !s.settled("wrong", 10*time.Second) {
		t.Fatal("a case was still under way 10 s after the client's last")
	}
	rep := s.Report("wrong")
	for _, r := range rep.Results {
		if r.Status() != Fail {
			t.Errorf("case %s (%s): %s/%s, want FAILED: %s %s\nevents %q", r.ID, r.Title, r.Verdict, r.CloseVerdict, r.Detail, r.CloseDetail, r.Observed.Events)
		}
	}
	if len(rep.Results) != len(s.Cases()) {
		t.Errorf("%d results for %d cases", len(rep.Results), len(s.Cases()))
	}
	for _, r := range rep.Results {
		if r.ID == "3.1" || r.ID == "6.3.1" || r.ID == "C.1" || r.ID == "C.2" || r.ID == "C.3" {
			t.Logf("%s: %s | %s", r.ID, r.Detail, r.CloseDetail)
		}
	}
	t.Log(rep.Summary)
}

// TestFuzzingServerUnmaskedClient: a client that does not mask its frames
// fails (§5.1: the server must fail the connection). The case's result
// has its start, which Autobahn's reports give ("started").
func TestFuzzingServerUnmaskedClient(t *testing.T) {
	filter, _ := ClientCaseFilter("1.1.2")
	s := startFuzzing(t, FuzzingOptions{Filter: filter})
	before := time.Now()
	wrongClientMasking(t, caseURL(s, 1, "unmasked"), false)
	s.settled("unmasked", 10*time.Second)
	rep := s.Report("unmasked")
	if len(rep.Results) != 1 {
		t.Fatalf("%d results, want 1", len(rep.Results))
	}
	r := rep.Results[0]
	if r.Status() != Fail || !strings.Contains(r.Detail, "it is not masked (§5.1") {
		t.Errorf("an unmasked echo: %s/%s: %s %s", r.Verdict, r.CloseVerdict, r.Detail, r.CloseDetail)
	}
	if r.Started.Before(before) || r.Started.After(time.Now()) {
		t.Errorf("the case started at %v, not during the test", r.Started)
	}
}
