package conformance

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/internal/wsframe"
)

// Probe, and the probe before a run: what it says of an endpoint that
// is not an echo, the Server header it reports, and a server that stops
// answering before the first case.

// startAnsweringServer starts a WebSocket server on loopback whose
// handshake answer names it in a Server header (none when name is ""),
// and which answers every text message with answer (an echo when answer
// is nil) and a close with a close. It is a TCP script (connscript_test.go)
// because the answer is written by hand: wsframe.ServerHandshake adds no
// header of a test's choosing. It ends with the test.
func startAnsweringServer(t *testing.T, name string, answer []byte) string {
	t.Helper()
	return startTCPScript(t, func(nc net.Conn, br *bufio.Reader, _ <-chan struct{}) {
		r, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		head := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: " + wsframe.AcceptKey(r.Header.Get("Sec-WebSocket-Key")) + "\r\n"
		if name != "" {
			head += "Server: " + name + "\r\n"
		}
		if _, err := nc.Write([]byte(head + "\r\n")); err != nil {
			return
		}
		serveAnswers(nc, br, answer)
	})
}

// serveAnswers is startAnsweringServer's side of one WebSocket.
func serveAnswers(nc net.Conn, br *bufio.Reader, answer []byte) {
	for {
		f, err := readFrame(br, 1<<20)
		if err != nil {
			return
		}
		reply := frame{Fin: true, Opcode: f.Opcode, Payload: f.Payload, Unmasked: true}
		switch {
		case f.Opcode == opClose:
			nc.Write(encoded(reply))
			return
		case f.Opcode == opText && answer != nil:
			reply.Payload = answer
		case f.Opcode.IsControl():
			continue
		}
		if _, err := nc.Write(encoded(reply)); err != nil {
			return
		}
	}
}

// Probe checks an echo endpoint as a run does first, and says what names
// it: the Server header of its handshake answer (RFC 6455 §4.2.2 lets a
// server send other headers, RFC 9110 §10.2.4 names this one), "" when it
// sent none; an address that cannot be one is an error of its own.
func TestProbeNamesTheServer(t *testing.T) {
	ctx := context.Background()
	if name, err := Probe(ctx, startAnsweringServer(t, "wssample-answering/1.0", nil), Options{}); err != nil || name != "wssample-answering/1.0" {
		t.Errorf("Probe of a named echo: %q, %v", name, err)
	}
	srv := testserver.Start(t)
	if name, err := Probe(ctx, srv.URL("/echo"), Options{}); err != nil || name != "" {
		t.Errorf("Probe of an unnamed echo: %q, %v", name, err)
	}
	if name, err := Probe(ctx, "http://127.0.0.1/echo", Options{}); !errors.Is(err, ErrBadInput) || name != "" {
		t.Errorf("Probe of an http:// address: %q, %v; want ErrBadInput", name, err)
	}
	if rep := runAgainst(t, startAnsweringServer(t, "wssample-answering/1.0", nil), Options{}, keep("1.1.1")); rep.Server != "wssample-answering/1.0" {
		t.Errorf("the report names the server %q", rep.Server)
	}
}

// An endpoint that is not an echo is said so, with what it did instead:
// nothing within the case timeout, or an answer of more than 4 KiB
// (where the probe stops reading); 4 KiB exactly is an answer it reads
// and quotes.
func TestProbeSaysWhyItIsNotAnEcho(t *testing.T) {
	srv := testserver.Start(t)
	for _, c := range []struct {
		name  string
		uri   string
		words string
	}{
		{"silent", srv.URL("/silent"), "is not an echo endpoint: it did not send our text message back within 1s. "},
		{"4 KiB", startAnsweringServer(t, "", []byte(strings.Repeat("a", 4096))), `is not an echo endpoint: it answered our text message "` + probeText + `" with the text message "aaaa`},
		{"4 KiB and a byte", startAnsweringServer(t, "", []byte(strings.Repeat("a", 4097))), "is not an echo endpoint: it answered our text message with more than 4 KiB. "},
	} {
		_, err := Probe(context.Background(), c.uri, Options{CaseTimeout: time.Second})
		if !errors.Is(err, ErrNotEcho) || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s: %v\nwant the words %q", c.name, err, c.words)
		}
	}
}

// A server that answers the probe and then no handshake at all is said to
// have stopped answering before the first case, and no case is run.
func TestServerStopsBeforeTheFirstCase(t *testing.T) {
	url := startFaultProxy(t, hangs, 2) // connection 1 is the probe
	rep := runAgainst(t, url, Options{CaseTimeout: time.Second}, keep("M.1", "M.2"))
	if len(rep.Results) != 0 || !strings.HasPrefix(rep.Stopped, "the server stopped answering before the first case: ") || !strings.Contains(rep.Stopped, "within 1s") {
		t.Errorf("ran %v, stopped %q", ids(rep.Results), rep.Stopped)
	}
	if got := caseIDs(rep.NotRun); !slices.Equal(got, []string{"M.1", "M.2"}) {
		t.Errorf("not run: %v", got)
	}
}
