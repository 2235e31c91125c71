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
	defer finish()
	// No limit: echo streams and never holds a whole message.
	c.SetReadLimit(-1)
	s.logClosed(r, echoOn(context.Background(), c, cc))
}

// handleGreet serves /greet: a welcome text message, then an echo, the way
// a server that announces itself (as the Windows sample's does) behaves.
func (s *Server) handleGreet(w http.ResponseWriter, r *http.Request) {
	c, finish := s.accept(w, r)
	if c == nil {
		return
	}
	defer finish()
	c.SetReadLimit(-1)
	ctx := context.Background()
	if err := c.Write(ctx, websocket.MessageText, []byte(greeting)); err != nil {
		s.logClosed(r, err)
		return
	}
	s.logClosed(r, echo(ctx, c))
}
