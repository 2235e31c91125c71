package conformance

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/wssample/wssample/internal/wsframe"
)

// Two small servers on loopback whose every connection runs a script the
// test gives: one that speaks bare TCP, for the handshake cases (H.x),
// which judge what a server answers to a request; one that completes the
// opening handshake first, for the cases that judge what it does with
// frames. Each test writes the one wrong (or right) thing its server does.

// connScript is what a script server does with one connection: nc to write
// to, br to read from. done is closed when the test ends (the connection
// is closed then too, which ends any read).
type connScript func(nc net.Conn, br *bufio.Reader, done <-chan struct{})

// scriptConns keeps a script server's connections, to close them all
// when the test ends, and waits for its scripts.
type scriptConns struct {
	done  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	conns map[net.Conn]bool // nil once the test is over
}

func newScriptConns(t *testing.T) *scriptConns {
	s := &scriptConns{done: make(chan struct{}), conns: map[net.Conn]bool{}}
	t.Cleanup(s.end)
	return s
}

// run runs sc on nc, then closes nc; at once when the test is over.
func (s *scriptConns) run(sc connScript, nc net.Conn, br *bufio.Reader) {
	defer nc.Close()
	s.mu.Lock()
	if s.conns == nil {
		s.mu.Unlock()
		return
	}
	s.conns[nc] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, nc)
		s.mu.Unlock()
	}()
	sc(nc, br, s.done)
}

// end closes done and every connection, and waits for the scripts.
func (s *scriptConns) end() {
	close(s.done)
	s.mu.Lock()
	for nc := range s.conns {
		nc.Close()
	}
	s.conns = nil
	s.mu.Unlock()
	s.wg.Wait()
}

// startTCPScript starts a TCP server on loopback that hands every
// connection to sc, with nothing of the request read yet, and returns
// its ws:// URL. Everything ends with the test.
func startTCPScript(t *testing.T, sc connScript) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := newScriptConns(t)
	t.Cleanup(func() { ln.Close() }) // runs before s.end: no connection comes after it
	s.wg.Go(func() {
		for {
			nc, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() { s.run(sc, nc, bufio.NewReader(nc)) })
		}
	})
	return "ws://" + ln.Addr().String() + "/echo"
}

// startWSScript starts a WebSocket server on loopback that completes the
// opening handshake (no extension, no subprotocol) and hands the
// connection to sc, and returns its ws:// URL. Everything ends with the
// test.
func startWSScript(t *testing.T, sc connScript) string {
	t.Helper()
	s := newScriptConns(t)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.wg.Add(1)
		defer s.wg.Done()
		nc, brw, err := wsframe.ServerHandshake(w, r)
		if err != nil {
			return
		}
		s.run(sc, nc, brw.Reader)
	}))
	t.Cleanup(hs.Close) // runs before s.end
	return "ws" + strings.TrimPrefix(hs.URL, "http") + "/echo"
}

// readRequestHead reads an HTTP request's head, up to and including the
// empty line that ends it.
func readRequestHead(br *bufio.Reader) error {
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return err
		}
		if line == "\r\n" {
			return nil
		}
	}
}

// answersWith is a TCP script: it reads the request's head, answers
// with status, the header lines given (each ending in "\r\n") and no
// body, and closes the connection.
func answersWith(status int, header string) connScript {
	return func(nc net.Conn, br *bufio.Reader, _ <-chan struct{}) {
		if readRequestHead(br) != nil {
			return
		}
		fmt.Fprintf(nc, "HTTP/1.1 %d %s\r\n%sContent-Length: 0\r\nConnection: close\r\n\r\n", status, http.StatusText(status), header)
	}
}

// readsAndCloses is a TCP script: it reads the request's head and closes
// the connection without a word.
func readsAndCloses(_ net.Conn, br *bufio.Reader, _ <-chan struct{}) { readRequestHead(br) }

// neverAnswers is a TCP script: it reads everything the client sends and
// answers nothing, until the client closes the connection.
func neverAnswers(_ net.Conn, br *bufio.Reader, _ <-chan struct{}) { io.Copy(io.Discard, br) }
