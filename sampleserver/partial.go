package sampleserver

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// handlePartial serves /partial, the Windows sample's partialMessages.ashx:
// after the announcement, every text frame the client sends comes back as a
// frame `You said: "<chunk>"` with the same FIN bit, so a message the client
// sends in three frames is answered by a message in three frames.
//
// coder/websocket hands out messages, not frames, and never shows the FIN
// bit, so this endpoint speaks RFC 6455 frames itself through
// internal/wsframe: handshake, unmasking, ping/pong, close. Read it as the
// worked example of what a WebSocket library does for you.
//
// Two choices differ from the original: the "\r\n" it appended to every
// chunk is left out (a client logs each frame on a line of its own anyway),
// and the answer's opcode follows the client's (a Text or Binary frame
// starts a Text answer, a Continuation frame continues it), which keeps the
// answer a well-formed fragmented message whatever the client sends.
func (s *Server) handlePartial(w http.ResponseWriter, r *http.Request) {
	conn, brw, err := wsframe.ServerHandshake(w, r)
	if err != nil {
		s.logf("%s %s: handshake refused: %v", r.URL.Path, r.RemoteAddr, err)
		return
	}
	defer conn.Close()
	s.logf("%s %s: connected", r.URL.Path, r.RemoteAddr)

	// On shutdown, wake the frame reader with an expired read deadline; it
	// then sends 1001 and returns. One goroutine does all the writing.
	defer s.onShutdown(func() { conn.SetReadDeadline(time.Unix(1, 0)) })()

	p := &partialSession{conn: conn, r: brw.Reader, limit: s.cfg.MaxMessageSize, server: s}
	s.logClosed(r, p.run())
}

// partialSession is one /partial connection.
type partialSession struct {
	conn   net.Conn
	r      *bufio.Reader
	limit  int64
	server *Server
	// inMessage is true between a non-final data frame and the frame that
	// ends its message.
	inMessage bool
}

func (p *partialSession) run() error {
	if err := p.write(wsframe.Frame{Fin: true, Opcode: wsframe.Text, Payload: []byte(Announcement(time.Now()))}); err != nil {
		return err
	}
	for {
		f, err := wsframe.ReadFrame(p.r, p.limit)
		switch {
		case err == nil:
		case p.server.ctx.Err() != nil:
			return p.closeWith(1001, shutdownReason)
		case errors.Is(err, wsframe.ErrPayloadTooLarge):
			return p.closeWith(1009, fmt.Sprintf("Frame too big: /partial accepts at most %d bytes per frame.", p.limit))
		case errors.Is(err, wsframe.ErrProtocol):
			return p.closeWith(1002, err.Error())
		default:
			return err // the connection broke; nothing left to say
		}
		if !f.Masked {
			// RFC 6455 §5.1: a server must close when a client frame is
			// not masked.
			return p.closeWith(1002, "Client frames must be masked.")
		}

		switch f.Opcode {
		case wsframe.Ping:
			// A pong carries the ping's payload back.
			err = p.write(wsframe.Frame{Fin: true, Opcode: wsframe.Pong, Payload: f.Payload})
		case wsframe.Pong:
			// Unsolicited pongs are allowed and mean nothing.
		case wsframe.Close:
			return p.answerClose(f.Payload)
		case wsframe.Text, wsframe.Binary, wsframe.Continuation:
			err = p.mirror(f)
		}
		if err != nil {
			return err
		}
	}
}

// mirror answers one data frame with a text frame carrying the same FIN
// bit.
func (p *partialSession) mirror(f wsframe.Frame) error {
	op := wsframe.Text
	switch {
	case f.Opcode == wsframe.Continuation && !p.inMessage:
		return p.closeWith(1002, "Continuation frame without a message to continue.")
	case f.Opcode != wsframe.Continuation && p.inMessage:
		return p.closeWith(1002, "New message started before the previous one ended.")
	case f.Opcode == wsframe.Continuation:
		op = wsframe.Continuation
	}
	p.inMessage = !f.Fin
	payload := make([]byte, 0, len(f.Payload)+12)
	payload = append(payload, `You said: "`...)
	payload = append(payload, f.Payload...)
	payload = append(payload, '"')
	return p.write(wsframe.Frame{Fin: f.Fin, Opcode: op, Payload: payload})
}

// answerClose echoes the client's close code and reason, as every endpoint
// of this server does, and ends the session (the deferred conn.Close drops
// the TCP connection, which RFC 6455 says the server should do first).
func (p *partialSession) answerClose(payload []byte) error {
	code, reason := wsframe.ParseClosePayload(payload)
	switch {
	case len(payload) == 0:
		// An empty close is answered with an empty close.
		p.write(wsframe.Frame{Fin: true, Opcode: wsframe.Close})
	case !wsframe.ValidCloseCode(code):
		return p.closeWith(1002, fmt.Sprintf("Invalid close code %d.", code))
	default:
		p.write(wsframe.Frame{Fin: true, Opcode: wsframe.Close, Payload: payload})
	}
	return websocket.CloseError{Code: websocket.StatusCode(code), Reason: reason}
}

// closeWith sends a close frame and ends the session. The client's answer
// is not awaited: the connection is dropped right after, which a client
// reports as the close it received.
func (p *partialSession) closeWith(code int, reason string) error {
	err := p.write(wsframe.Frame{Fin: true, Opcode: wsframe.Close, Payload: wsframe.ClosePayload(code, reason)})
	if err != nil {
		return err
	}
	return fmt.Errorf("closed with %d: %s", code, reason)
}

// write sends one frame, unmasked as server frames must be, bounded by a
// write deadline so a client that stopped reading cannot hold us forever.
func (p *partialSession) write(f wsframe.Frame) error {
	p.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return wsframe.WriteFrame(p.conn, f, nil)
}
