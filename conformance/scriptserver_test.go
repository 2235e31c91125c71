package conformance

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wssample/wssample/internal/deflate"
	"github.com/wssample/wssample/internal/wsframe"
)

// This file is a server whose opening handshake answer, byte for byte, and
// whose way of echoing a test writes: the one thing a test wants wrong (a
// permessage-deflate answer RFC 7692 §7.1 refuses, a subprotocol never
// offered, 64 KiB of headers, a length not minimally encoded, a window or
// a context the server agreed to and does not keep) and nothing else.
// The test server of testserver_test.go is a strict server with one fault
// at a time; this one lets the answer and the echo be set apart.

// serverScript is what a scripted server does.
type serverScript struct {
	// answer, when set, is the whole answer to every handshake, written
	// as it is ("" closes the connection without a byte). When nil, the
	// answer is a valid 101 with the lines below.
	answer func(r *http.Request) string
	// extensions is the Sec-WebSocket-Extensions answer to a request that
	// offers an extension ("" declines); protocol is the
	// Sec-WebSocket-Protocol answer to every request ("": none).
	extensions, protocol string
	// The server's side of permessage-deflate, once its extensions answer
	// is sent: the window and context it compresses with, and whether it
	// inflates the client's messages each on its own.
	serverBits                       int // 0: 15
	serverNoContext, clientNoContext bool
	// compress says whether the server compresses its echo of message n
	// (from 1) when permessage-deflate is agreed; nil compresses each.
	compress func(n int) bool
	// corrupt sends each compressed echo as three bytes that are no
	// DEFLATE stream (a block of the reserved type 11, RFC 1951 §3.2.3).
	corrupt bool
	// closes: at the first message of each connection but the first (the
	// run's probe of an echo endpoint), the server sends a close frame
	// with the payload closeWith instead of the echo, and ends once the
	// client answers.
	closes    bool
	closeWith []byte
	// hangsUp closes the connection right after the answer.
	hangsUp bool
	// length is the length encoding of each echo frame of n bytes; nil
	// is the minimal one (§5.2).
	length func(n int) lengthForm
}

// startScripted starts a scripted server on loopback and returns its
// ws:// URL. When the test ends, its connections are closed and every
// handler has returned (httptest does not wait for hijacked ones).
func startScripted(t *testing.T, sc serverScript) string {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	var opened atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		wg.Add(1)
		defer wg.Done()
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		mu.Lock()
		conns[conn] = true
		mu.Unlock()
		defer func() {
			mu.Lock()
			delete(conns, conn)
			mu.Unlock()
			conn.Close() // §7.1.1: the server closes TCP first
		}()
		// As wsframe.ServerHandshake does: no reading through net/http's
		// reader after the hijack.
		buffered, _ := brw.Reader.Peek(brw.Reader.Buffered())
		br := bufio.NewReader(io.MultiReader(bytes.NewReader(buffered), conn))
		sc.serve(conn, br, r, opened.Add(1) == 1)
	}))
	t.Cleanup(func() {
		hs.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "ws://" + strings.TrimPrefix(hs.URL, "http://") + "/"
}

// serve answers the handshake r on conn as scripted and echoes until the
// client closes: unfragmented messages, as the cases these tests run
// send them. first is set for the server's first connection.
func (sc serverScript) serve(conn net.Conn, br *bufio.Reader, r *http.Request, first bool) {
	var err error
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	answer := ""
	deflating := false
	if sc.answer != nil {
		answer = sc.answer(r)
	} else {
		answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
			"Sec-WebSocket-Accept: " + wsframe.AcceptKey(r.Header.Get("Sec-WebSocket-Key")) + "\r\n"
		if sc.extensions != "" && r.Header.Get("Sec-WebSocket-Extensions") != "" {
			answer += "Sec-WebSocket-Extensions: " + sc.extensions + "\r\n"
			deflating = true
		}
		if sc.protocol != "" {
			answer += "Sec-WebSocket-Protocol: " + sc.protocol + "\r\n"
		}
		answer += "\r\n"
	}
	if _, err := io.WriteString(conn, answer); err != nil || !strings.HasPrefix(answer, "HTTP/1.1 101 ") || sc.hangsUp {
		return
	}
	var enc *deflate.Encoder
	var inf *deflate.Inflater
	if deflating {
		bits := sc.serverBits
		if bits == 0 {
			bits = 15
		}
		if enc, err = deflate.NewEncoder(bits, !sc.serverNoContext); err != nil {
			return
		}
		inf = deflate.NewInflater(!sc.clientNoContext)
	}
	send := func(f frame) bool {
		f.Fin, f.Unmasked = true, true
		_, err := conn.Write(f.encode())
		return err == nil
	}
	for n := 1; ; {
		f, err := readFrame(br, 1<<20)
		if err != nil {
			return
		}
		switch f.Opcode {
		case opPing:
			send(frame{Opcode: opPong, Payload: f.Payload})
		case opClose:
			send(frame{Opcode: opClose, Payload: f.Payload})
			return
		case opText, opBinary:
			if sc.closes && !first {
				send(frame{Opcode: opClose, Payload: sc.closeWith})
				for f.Opcode != opClose && err == nil {
					f, err = readFrame(br, 1<<20)
				}
				return
			}
			p := f.Payload
			if inf != nil && f.RSV&rsv1 != 0 {
				if p, err = inf.Inflate(p, 1<<20); err != nil {
					send(frame{Opcode: opClose, Payload: closePayload(codeProtocolError, "Does not inflate.")})
					return
				}
			}
			echo := frame{Opcode: f.Opcode, Payload: p}
			if enc != nil && (sc.compress == nil || sc.compress(n)) {
				echo.RSV, echo.Payload = rsv1, enc.Compress(p)
				if sc.corrupt {
					echo.Payload = []byte{0xFF, 0xFF, 0xFF}
				}
			}
			if sc.length != nil {
				echo.Length = sc.length(len(echo.Payload))
			}
			if !send(echo) {
				return
			}
			n++
		}
	}
}
