// Command gorillaautobahn is an echo server built on
// github.com/gorilla/websocket the way gorilla runs Autobahn|Testsuite
// against itself (its examples/autobahn server), for make check-peers:
// each message is streamed back as it arrives (NextReader, then
// NextWriter and a copy), a text message's UTF-8 is checked as its bytes
// pass and an invalid one ends the connection with 1007,
// permessage-deflate is offered, and any origin is accepted. It differs
// from bench/gorillaecho, gorilla's plain echo example, which reads whole
// messages and checks no UTF-8.
//
// It listens on 127.0.0.1 only, prints the ws:// URL of / on a line of its
// own, and runs until its standard input closes or it gets SIGINT or
// SIGTERM.
//
//	go run ./bench/gorillaautobahn     # prints ws://127.0.0.1:PORT/
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{
	ReadBufferSize:    4096,
	WriteBufferSize:   4096,
	EnableCompression: true,
	CheckOrigin:       func(*http.Request) bool { return true },
}

// errInvalidUTF8 is utf8Reader's error for bytes that cannot be UTF-8.
var errInvalidUTF8 = errors.New("invalid UTF-8 in a text message")

// utf8Reader passes a text message through and fails as soon as its bytes
// cannot be the start of valid UTF-8, and at its end if a code point is
// left unfinished.
type utf8Reader struct {
	r    io.Reader
	tail []byte // the bytes of an unfinished code point
}

func (v *utf8Reader) Read(p []byte) (int, error) {
	n, err := v.r.Read(p)
	buf := append(v.tail, p[:n]...)
	i := 0
	for i < len(buf) {
		if buf[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(buf[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(buf[i:]) && !startsBadly(buf[i:]) {
				break // unfinished: wait for more bytes
			}
			return n, errInvalidUTF8
		}
		i += size
	}
	v.tail = append(v.tail[:0], buf[i:]...)
	if err == io.EOF && len(v.tail) > 0 {
		return n, errInvalidUTF8
	}
	return n, err
}

// startsBadly reports whether an unfinished sequence already cannot be
// completed into valid UTF-8 (a bad lead byte, a bad continuation, an
// overlong or surrogate start).
func startsBadly(b []byte) bool {
	// Complete it with continuation bytes: if even the smallest completion
	// is invalid, so is every one.
	for _, fill := range []byte{0x80, 0xBF} {
		c := append([]byte{}, b...)
		for !utf8.FullRune(c) {
			c = append(c, fill)
		}
		if r, _ := utf8.DecodeRune(c); r != utf8.RuneError {
			return false
		}
	}
	return true
}

// echo streams every message back, as gorilla's Autobahn server does.
func echo(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered with an HTTP error
	}
	defer conn.Close()
	for {
		mt, rd, err := conn.NextReader()
		if err != nil {
			return
		}
		if mt == websocket.TextMessage {
			rd = &utf8Reader{r: rd}
		}
		wr, err := conn.NextWriter(mt)
		if err != nil {
			return
		}
		if _, err := io.Copy(wr, rd); err != nil {
			if errors.Is(err, errInvalidUTF8) {
				conn.WriteControl(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.CloseInvalidFramePayloadData, ""), time.Now().Add(time.Second))
			}
			return
		}
		if err := wr.Close(); err != nil {
			return
		}
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "gorillaautobahn:", err)
		os.Exit(1)
	}
	srv := &http.Server{Handler: http.HandlerFunc(echo)}
	fmt.Printf("ws://%s/\n", ln.Addr())
	go func() {
		io.Copy(io.Discard, os.Stdin) // returns when stdin closes
		stop()
	}()
	go srv.Serve(ln)
	<-ctx.Done()
	srv.Close() // hijacked WebSockets end with the process
}
