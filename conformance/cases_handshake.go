package conformance

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// handshakeCases: the opening handshake (§4.1, §4.2). The client's
// request is a GET with Upgrade: websocket, Connection: Upgrade, version
// 13 and a key of 16 random bytes; the server proves it understood with
// Sec-WebSocket-Accept. A request that breaks these rules must be refused
// with an HTTP error, never upgraded.
func handshakeCases() []Case {
	return []Case{
		{ID: "1", Title: "A valid opening handshake", Section: "§4.1, §4.2.2",
			Expect: "101 Switching Protocols with Upgrade: websocket, Connection: Upgrade and the right Sec-WebSocket-Accept; no extension the client did not offer",
			run: func(t *trial) {
				req := t.tg.handshakeRequest()
				t.sent(req.describe())
				c, ans, err := t.dialWS(req)
				if err != nil {
					t.fail("%v", err)
					return
				}
				t.pass("the server answered %s with the right Sec-WebSocket-Accept", ans.statusText)
				c.closePolitely()
			}},
		{ID: "2", Title: "Header tokens in another case and in a list", Section: "§4.2.1",
			Expect: "101 Switching Protocols: \"Upgrade: WebSocket\" and \"Connection: keep-alive, Upgrade\" are valid (case-insensitive tokens, a list)",
			run: func(t *trial) {
				req := t.tg.handshakeRequest()
				req.set("Upgrade", "WebSocket")
				req.set("Connection", "keep-alive, Upgrade")
				t.sent(req.describe())
				c, ans, err := t.dialWS(req)
				if err != nil {
					t.fail("%v", err)
					return
				}
				t.pass("the server answered %s", ans.statusText)
				c.closePolitely()
			}},
		// A version no server speaks: 8 (the hybi-08 draft) would be wrong
		// here, since servers such as npm's ws still accept it, and a
		// server may speak versions besides 13 (§4.4).
		refusalCase("3", "Unknown Sec-WebSocket-Version: 99", "§4.2.2, §4.4", http.StatusUpgradeRequired,
			"Sec-WebSocket-Version: 99", func(r *request) { r.set("Sec-WebSocket-Version", "99") }),
		refusalCase("4", "No Sec-WebSocket-Key", "§4.2.1", http.StatusBadRequest,
			"a handshake without Sec-WebSocket-Key", func(r *request) { r.del("Sec-WebSocket-Key") }),
		refusalCase("5", "Sec-WebSocket-Key that is not 16 bytes", "§4.2.1", http.StatusBadRequest,
			"a Sec-WebSocket-Key of 5 bytes (\"c2hvcnQ=\")", func(r *request) { r.set("Sec-WebSocket-Key", "c2hvcnQ=") }),
		refusalCase("6", "POST instead of GET", "§4.1, §4.2.1", http.StatusMethodNotAllowed,
			"a POST handshake", func(r *request) { r.method = "POST"; r.add("Content-Length", "0") }),
		plainGet(),
		oversizedHeader(),
		slowHeaders(),
		deflateOffer(),
	}
}

// handshakeTry sends req on a fresh connection and reads the answer.
func (t *trial) handshakeTry(req *request) (*handshakeAnswer, error) {
	t.sent(req.describe())
	nc, err := t.connect()
	if err != nil {
		return nil, err
	}
	_, ans, err := sendHandshake(nc, req, t.deadline)
	if ans != nil {
		t.res.Observed.HTTPStatus = ans.status
		t.event("← %s", ans.describe())
	} else if err != nil {
		t.res.Observed.End = endWords(err)
		t.event("connection %s", endWords(err))
	}
	return ans, err
}

// refusalCase sends a broken handshake and expects the HTTP status want
// (the one RFC 6455 names; another error status, 4xx or 5xx, is
// non-strict).
func refusalCase(id, title, section string, want int, offence string, breakIt func(*request)) Case {
	expect := fmt.Sprintf("HTTP %d %s, not 101", want, http.StatusText(want))
	if want == http.StatusUpgradeRequired {
		expect += ", with a Sec-WebSocket-Version header naming 13"
	}
	return Case{ID: id, Title: title, Section: section, Expect: expect, echoFree: true,
		run: func(t *trial) {
			req := t.tg.handshakeRequest()
			breakIt(req)
			ans, err := t.handshakeTry(req)
			switch {
			case err != nil && isTimeout(err):
				t.fail("the server did not answer %s within %v", offence, t.timeout)
			case err != nil:
				t.nonStrict("the server closed the connection (%s) without an HTTP answer to %s; HTTP %d tells the client why", endWords(err), offence, want)
			case ans.status == http.StatusSwitchingProtocols:
				t.fail("the server accepted %s: it answered 101 Switching Protocols, where it must refuse (%s)", offence, section)
			case want == http.StatusUpgradeRequired && !strings.Contains(ans.header.Get("Sec-WebSocket-Version"), "13"):
				t.fail("the server answered %s without a Sec-WebSocket-Version header naming the version it speaks (§4.2.2 asks for one)", ans.describe())
			case ans.status == want:
				t.pass("the server refused with %s", ans.describe())
			case ans.status >= 400:
				t.nonStrict("the server refused with %s; RFC 6455 names HTTP %d %s for this", ans.describe(), want, http.StatusText(want))
			default:
				t.fail("the server answered %s to %s instead of refusing it with HTTP %d", ans.describe(), offence, want)
			}
		}}
}

// plainGet sends a GET without the upgrade headers: an HTTP request, not
// a handshake.
func plainGet() Case {
	return Case{ID: "7", Title: "A plain HTTP GET, without Upgrade and Connection", Section: "§4.2.1",
		Expect: "Not 101: ideally 426 Upgrade Required (any HTTP answer is fine, as long as the connection is not upgraded)", echoFree: true,
		run: func(t *trial) {
			req := t.tg.handshakeRequest()
			req.del("Upgrade")
			req.del("Connection")
			ans, err := t.handshakeTry(req)
			switch {
			case err != nil && isTimeout(err):
				t.fail("the server did not answer a plain GET within %v", t.timeout)
			case err != nil:
				t.nonStrict("the server closed the connection (%s) without answering a plain GET", endWords(err))
			case ans.status == http.StatusSwitchingProtocols:
				t.fail("the server answered 101 Switching Protocols to a request that asked for no upgrade (§4.2.1)")
			default:
				t.pass("the server answered %s and did not upgrade", ans.describe())
			}
		}}
}

// oversizedPadding is the size of the header oversizedHeader sends: more
// than the 1 MiB net/http accepts by default, and far more than the 8 to
// 16 KiB most servers take.
const oversizedPadding = 1<<20 + 8<<10

// oversizedHeader sends a handshake with one header of more than 1 MiB.
// RFC 6455 sets no limit, but a server must bound what it reads or it can
// be made to buffer without end; HTTP 431 says why.
func oversizedHeader() Case {
	return Case{ID: "8", Title: "A header of more than 1 MiB", Section: "§4.2.1, §10.4", echoFree: true,
		Expect: "Refused: HTTP 431 Request Header Fields Too Large, or another 4xx",
		run: func(t *trial) {
			req := t.tg.handshakeRequest()
			req.add("X-Conformance-Padding", strings.Repeat("a", oversizedPadding))
			t.sent(req.describe())
			nc, err := t.connect()
			if err != nil {
				t.fail("could not connect: %v", err)
				return
			}
			// Write and read at once: a server may answer (and stop
			// reading) before the whole request is in.
			done := make(chan error, 1)
			go func() {
				nc.SetWriteDeadline(t.deadline)
				_, err := nc.Write(req.bytes())
				done <- err
			}()
			nc.SetReadDeadline(t.deadline)
			ans, err := readAnswer(bufio.NewReader(nc))
			t.closeAll()
			if werr := <-done; werr != nil && err != nil {
				t.event("writing stopped: %s", endWords(werr))
			}
			switch {
			case err != nil && isTimeout(err):
				t.nonStrict("the server neither answered nor closed within %v; a server should refuse a request of more than 1 MiB of headers", t.timeout)
			case err != nil:
				t.res.Observed.End = endWords(err)
				t.nonStrict("the server closed the connection (%s) without an HTTP answer; HTTP 431 Request Header Fields Too Large tells the client why", endWords(err))
			case ans.status == http.StatusSwitchingProtocols:
				t.res.Observed.HTTPStatus = ans.status
				t.nonStrict("the server accepted more than 1 MiB of request headers (101 Switching Protocols); RFC 6455 sets no limit, but a server should bound what it reads")
			case ans.status >= 400 && ans.status < 500:
				t.res.Observed.HTTPStatus = ans.status
				t.pass("the server refused with %s", ans.describe())
			default:
				t.res.Observed.HTTPStatus = ans.status
				t.nonStrict("the server answered %s; HTTP 431 Request Header Fields Too Large is the refusal that says why", ans.describe())
			}
		}}
}

// slowHeaderBound is how long the slow-headers case waits for the server
// to give up; servers commonly allow 5 to 60 s, the built-in one 10 s.
const slowHeaderBound = 15 * time.Second

// slowInterval is how often the slow-headers case sends one more byte.
const slowInterval = 500 * time.Millisecond

// slowHeaders sends the request headers one byte every slowInterval, as a
// "slow-loris" client does to hold a server's connections. A server must
// bound the time it waits for headers.
func slowHeaders() Case {
	return Case{ID: "9", Title: "Request headers sent one byte every 0.5 s", Section: "§4.2.1, §10.4", echoFree: true,
		minTimeout: slowHeaderBound,
		Expect:     fmt.Sprintf("The server gives up within %v: it closes the connection or answers HTTP 408", slowHeaderBound),
		run: func(t *trial) {
			nc, err := t.connect()
			if err != nil {
				t.fail("could not connect: %v", err)
				return
			}
			req := t.tg.handshakeRequest()
			head := req.bytes()
			head = append(head[:len(head)-2], "X-Slow: "...) // no empty line: the headers never end
			t.sent(req.describe() + " | X-Slow: a… (one more byte every 0.5 s, never finished)")
			start := time.Now()
			type answer struct {
				ans *handshakeAnswer
				err error
			}
			got := make(chan answer, 1)
			go func() {
				nc.SetReadDeadline(t.deadline)
				a, err := readAnswer(bufio.NewReader(nc))
				got <- answer{a, err}
			}()
			nc.SetWriteDeadline(t.deadline)
			_, writing := nc.Write(head)
			tick := time.NewTicker(slowInterval)
			defer tick.Stop()
			var a answer
		wait:
			for {
				select {
				case a = <-got:
					break wait
				case <-tick.C:
					if writing == nil {
						_, writing = nc.Write([]byte("a"))
					}
				}
			}
			took := time.Since(start).Round(100 * time.Millisecond)
			switch {
			case a.err != nil && isTimeout(a.err):
				t.res.Observed.End = "open at the deadline"
				t.nonStrict("the server still waited for the rest of the headers after %v; a server should bound that time, or a few slow clients can hold all its connections (slow-loris)", took)
			case a.err != nil:
				t.res.Observed.End = endWords(a.err)
				t.pass("the server gave up on the slow request after %v: it closed the connection", took)
			default:
				t.res.Observed.HTTPStatus = a.ans.status
				t.pass("the server gave up on the slow request after %v: it answered %s", took, a.ans.describe())
			}
		}}
}

// deflateOffer offers permessage-deflate (RFC 7692), the one extension
// Autobahn's categories 12 and 13 check. A server may decline it; the
// case then says the feature is not there (UNIMPLEMENTED, as Autobahn
// reports those categories), not that the server is wrong. A server that
// accepts must answer with parameters the offer allows (RFC 7692 §7.1).
func deflateOffer() Case {
	const offer = "permessage-deflate; client_max_window_bits"
	return Case{ID: "10", Title: "Offer of permessage-deflate (RFC 7692)", Section: "§9.1; RFC 7692 §5, §7.1",
		Expect: "101 Switching Protocols, with permessage-deflate and valid parameters (OK) or without any extension (UNIMPLEMENTED)",
		run: func(t *trial) {
			req := t.tg.handshakeRequest()
			req.add("Sec-WebSocket-Extensions", offer)
			t.sent(req.describe())
			c, ans, err := t.dialWS(req)
			if err != nil {
				t.fail("%v", err)
				return
			}
			if ext := ans.header.Get("Sec-WebSocket-Extensions"); ext != "" {
				t.pass("the server accepted permessage-deflate: %q", ext)
			} else {
				t.verdict(Unimplemented, "the server declined permessage-deflate, as RFC 7692 allows: the compression cases (Autobahn's 12.x and 13.x) would be UNIMPLEMENTED")
			}
			c.closePolitely()
		}}
}
