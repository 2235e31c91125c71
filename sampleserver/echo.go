package sampleserver

import (
	"context"
	"net/http"

	"github.com/coder/websocket"
)

// greeting is the first message of /greet.
const greeting = "Welcome to the WebSocket Sample server."

// handleEcho serves /echo: every message comes back unchanged, whatever
// its size. It is the default target of the stream page: bytes received
// equal bytes sent.
func (s *Server) handleEcho(w http.ResponseWriter, r *http.Request) {
	c, cc, finish := s.acceptConn(w, r, true)
	if c == nil {
		return
	}
	// No limit: echo streams and never holds a whole message.
	c.SetReadLimit(-1)
	path, addr := r.URL.Path, r.RemoteAddr
	s.goOn(r, func() {
		defer finish()
		s.logEnded(path, addr, echoOn(context.Background(), c, cc))
	})
}

// handleGreet serves /greet: a welcome text message, then an echo, the way
// a server that announces itself (as the Windows sample's does) behaves.
func (s *Server) handleGreet(w http.ResponseWriter, r *http.Request) {
	c, finish := s.accept(w, r)
	if c == nil {
		return
	}
	c.SetReadLimit(-1)
	path, addr := r.URL.Path, r.RemoteAddr
	s.goOn(r, func() {
		defer finish()
		ctx := context.Background()
		if err := c.Write(ctx, websocket.MessageText, []byte(greeting)); err != nil {
			s.logEnded(path, addr, err)
			return
		}
		s.logEnded(path, addr, echo(ctx, c))
	})
}
