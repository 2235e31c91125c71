package conformance

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/deflate"
	"github.com/wssample/wssample/internal/wsframe"
)

// The fuzzing server's answer to a client's offers (RFC 7692 §7.1): the
// first valid offer, what the client asked of the server, and what the
// case asks of the client, where the client's offer allows it.
func TestAgreePMD(t *testing.T) {
	for _, tc := range []struct {
		offers     []string
		caseOffer  pmdOffer
		answer     string
		clientBits int // the window the client's messages are held to
		note       string
	}{
		{[]string{"permessage-deflate"}, pmdOffer{}, "permessage-deflate", 15, ""},
		{[]string{"x-webkit-deflate-frame, permessage-deflate; client_max_window_bits"}, pmdOffer{serverBits: 9},
			"permessage-deflate; client_max_window_bits=9", 9, ""},
		{[]string{"permessage-deflate"}, pmdOffer{serverBits: 9}, "permessage-deflate", 15, "client_max_window_bits=9 not exercised"},
		{[]string{"permessage-deflate; server_no_context_takeover; server_max_window_bits=10"}, pmdOffer{serverNoContext: true},
			"permessage-deflate; server_no_context_takeover; server_max_window_bits=10; client_no_context_takeover", 15, ""},
		// §7.1: an offer with an unknown or repeated parameter, or a value
		// out of range, is declined; the next one is taken.
		{[]string{"permessage-deflate; bogus, permessage-deflate; server_max_window_bits=7, permessage-deflate; client_no_context_takeover; client_no_context_takeover", "permessage-deflate; client_max_window_bits=12"},
			pmdOffer{serverBits: 9}, "permessage-deflate; client_max_window_bits=9", 9, ""},
		{[]string{"permessage-deflate; client_max_window_bits=8"}, pmdOffer{serverBits: 9}, "permessage-deflate; client_max_window_bits=8", 8, ""},
		// 13.3: the first offer that lets the server ask for a window, as
		// Autobahn's accept3 looks for one.
		{[]string{"permessage-deflate", "permessage-deflate; client_max_window_bits"}, pmdOffer{serverBits: 9}, "permessage-deflate; client_max_window_bits=9", 9, ""},
	} {
		answer, s, err := agreePMD(tc.offers, []pmdOffer{tc.caseOffer})
		if err != nil || s == nil {
			t.Errorf("%q: %v", tc.offers, err)
			continue
		}
		if answer != tc.answer || s.params.serverBits != tc.clientBits || !strings.Contains(strings.Join(s.notes, ";"), tc.note) {
			t.Errorf("%q, case %+v: answer %q, client window %d, notes %q; want %q, %d, %q", tc.offers, tc.caseOffer, answer, s.params.serverBits, s.notes, tc.answer, tc.clientBits, tc.note)
		}
	}
	// 13.7's three offers, turned round, tried in their order against the
	// client's offers in theirs, as Autobahn's fuzzing server does.
	c137 := caseByID("13.7.1").ab.offers
	for _, tc := range []struct {
		offers     []string
		answer     string
		clientBits int
		note       string
	}{
		// The client offers what the first asks: both, of its first offer
		// with client_max_window_bits.
		{[]string{"permessage-deflate; client_max_window_bits"}, "permessage-deflate; client_no_context_takeover; client_max_window_bits=9", 9,
			"of the case's 3 offers, turned round, the fuzzing server asked the first (client_no_context_takeover, client_max_window_bits=9)"},
		{[]string{"permessage-deflate; server_no_context_takeover, permessage-deflate; client_max_window_bits=10"}, "permessage-deflate; client_no_context_takeover; client_max_window_bits=9", 9,
			"asked the first (client_no_context_takeover, client_max_window_bits=9) of the client's offer 2 of 2"},
		// Only part of it: no offer lets it ask for a window; the second,
		// of the client's first offer.
		{[]string{"permessage-deflate; server_no_context_takeover", "permessage-deflate"}, "permessage-deflate; server_no_context_takeover; client_no_context_takeover", 15,
			"asked the second (client_no_context_takeover) of the client's offer 1 of 2: no offer of the client had client_max_window_bits, without which the first (client_no_context_takeover, client_max_window_bits=9) may not be asked (RFC 7692 §7.1.2.2), so client_max_window_bits=9 was not exercised"},
	} {
		answer, s, err := agreePMD(tc.offers, c137)
		if err != nil || s == nil {
			t.Errorf("13.7, %q: %v", tc.offers, err)
			continue
		}
		if answer != tc.answer || s.params.serverBits != tc.clientBits || !strings.Contains(strings.Join(s.notes, ";"), tc.note) {
			t.Errorf("13.7, %q: answer %q, client window %d, notes %q; want %q, %d, %q", tc.offers, answer, s.params.serverBits, s.notes, tc.answer, tc.clientBits, tc.note)
		}
		if !s.params.serverNoContext {
			t.Errorf("13.7, %q: the client is not held to client_no_context_takeover", tc.offers)
		}
	}
	for _, none := range [][]string{nil, {"x-webkit-deflate-frame"}, {"permessage-deflate; server_max_window_bits"}} {
		if answer, s, _ := agreePMD(none, []pmdOffer{{}}); answer != "" || s != nil {
			t.Errorf("%q: answered %q, want no agreement", none, answer)
		}
	}
}

// deflateClient is a minimal client written for the test: it offers
// offer, compresses every echo with internal/deflate, with the window
// and context the server's answer agreed to (or with a window of
// encBits, when not 0, to break the agreement on purpose), masks each
// frame with a fresh key, and checks nothing it does not need to echo.
// It returns the server's Sec-WebSocket-Extensions answer.
func deflateClient(t *testing.T, uri, offer string, encBits int) string {
	t.Helper()
	host, path, _ := strings.Cut(strings.TrimPrefix(uri, "ws://"), "/")
	nc, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	nc.SetDeadline(time.Now().Add(60 * time.Second))
	fmt.Fprintf(nc, "GET /%s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"+
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: %s\r\n\r\n", path, host, newKey(), offer)
	br := bufio.NewReader(nc)
	block, err := readHeaderBlock(br)
	if err != nil {
		t.Fatalf("no 101: %v", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(block)), nil)
	if err != nil {
		t.Fatal(err)
	}
	agreed := resp.Header.Get("Sec-WebSocket-Extensions")
	bits, ownContext, serverContext := 15, true, true
	for _, p := range strings.Split(agreed, ";")[1:] {
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		switch name {
		case "client_max_window_bits":
			bits, _ = strconv.Atoi(value)
		case "client_no_context_takeover":
			ownContext = false
		case "server_no_context_takeover":
			serverContext = false
		}
	}
	if encBits != 0 {
		bits = encBits
	}
	enc, err := deflate.NewEncoder(bits, ownContext)
	if err != nil {
		t.Fatal(err)
	}
	inf := deflate.NewInflater(serverContext)
	var msg []byte
	var op wsframe.Opcode
	var compressed bool
	for {
		f, err := readFrame(br, maxReadPayload)
		if err != nil {
			return agreed
		}
		switch f.Opcode {
		case opPing:
			nc.Write((&frame{Fin: true, Opcode: opPong, Payload: f.Payload}).encode())
			continue
		case opClose:
			nc.Write((&frame{Fin: true, Opcode: opClose, Payload: f.Payload[:min(2, len(f.Payload))]}).encode())
			return agreed
		case opText, opBinary:
			op, compressed, msg = f.Opcode, f.RSV&rsv1 != 0, f.Payload
		case opContinuation:
			msg = append(msg, f.Payload...)
		}
		if !f.Fin {
			continue
		}
		if compressed {
			if msg, err = inf.Inflate(msg, maxReadPayload); err != nil {
				t.Errorf("the server's message does not inflate: %v", err)
				return agreed
			}
		}
		nc.Write((&frame{Fin: true, RSV: rsv1, Opcode: op, Payload: enc.Compress(msg)}).encode())
	}
}

// 13.7 turned round, against real clients, one for each way the client's
// offers can meet the case's three (RFC 7692 §7.1): the client offers
// client_max_window_bits, so it is asked for the first, both parameters,
// and held to them; it offers permessage-deflate without it (wsclient's
// MessageSocket, through coder/websocket), so it is asked for the second,
// no context takeover, and told that the window went unexercised; it
// offers nothing, UNIMPLEMENTED. A client that agrees to 9 bits and
// compresses with 15 is FAILED.
func TestFuzzingServer13_7Offers(t *testing.T) {
	filter, err := ClientCaseFilter("13.7.4") // 1000 messages of 1 KiB, twice the 9-bit window
	if err != nil {
		t.Fatal(err)
	}
	s := startFuzzing(t, FuzzingOptions{Filter: filter})
	result := func(agent string) Result {
		t.Helper()
		if !s.settled(agent, 10*time.Second) {
			t.Fatalf("%s: the case was still under way 10 s after its connection ended", agent)
		}
		rep := s.Report(agent)
		if rep == nil || len(rep.Results) != 1 {
			t.Fatalf("%s: no result", agent)
		}
		return rep.Results[0]
	}

	// What 13.7 wants, in the client's second offer.
	agreed := deflateClient(t, caseURL(s, 1, "both"), "permessage-deflate; server_no_context_takeover, permessage-deflate; client_max_window_bits", 0)
	if agreed != "permessage-deflate; client_no_context_takeover; client_max_window_bits=9" {
		t.Errorf("the answer to an offer with client_max_window_bits: %q", agreed)
	}
	r := result("both")
	t.Logf("both: %s", r.Detail)
	for _, want := range []string{
		"the fuzzing server asked the first (client_no_context_takeover, client_max_window_bits=9) of the client's offer 2 of 2",
		"client_no_context_takeover: each compressed message of the client inflated on its own",
		"client_max_window_bits=9: its farthest back-reference was",
	} {
		if r.Status() != Pass || !strings.Contains(r.Detail, want) {
			t.Errorf("both: %s, %q; want OK and %q", r.Status(), r.Detail, want)
		}
	}

	// Part of it: a MessageSocket offers permessage-deflate without
	// client_max_window_bits.
	for _, cl := range OwnClients() {
		if cl.Name != "MessageSocket+deflate" && cl.Name != "MessageSocket" {
			continue
		}
		if err := s.RunOwnClient(context.Background(), cl, nil); err != nil {
			t.Fatal(err)
		}
	}
	r = result("MessageSocket+deflate")
	t.Logf("MessageSocket+deflate: %s", r.Detail)
	for _, want := range []string{
		"the fuzzing server asked the second (client_no_context_takeover): no offer of the client had client_max_window_bits",
		"so client_max_window_bits=9 was not exercised",
		"client_no_context_takeover: each compressed message of the client inflated on its own",
	} {
		if r.Status() != Pass || !strings.Contains(r.Detail, want) {
			t.Errorf("MessageSocket+deflate: %s, %q; want OK and %q", r.Status(), r.Detail, want)
		}
	}
	// Nothing: permessage-deflate is optional (RFC 7692).
	if r = result("MessageSocket"); r.Status() != Unimplemented {
		t.Errorf("MessageSocket without compression: %s, %q; want UNIMPLEMENTED", r.Status(), r.Detail)
	}

	// Agreed to 9 bits, compressed with 15: caught.
	deflateClient(t, caseURL(s, 1, "wide"), "permessage-deflate; client_max_window_bits", 15)
	if r = result("wide"); r.Status() != Fail || !strings.Contains(r.Detail, "beyond the window of 9 bits (512 bytes) it agreed to (RFC 7692 §7.1.2.1)") {
		t.Errorf("a client past its window: %s, %q; want FAILED", r.Status(), r.Detail)
	}
}
