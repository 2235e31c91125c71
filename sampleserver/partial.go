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
// after the announcement, every frame the client sends comes back as a
// frame `You said: "<chunk>"` with the same FIN bit, so a message the client
// sends in three frames is answered by a message in three frames.
//
// coder/websocket hands out messages, not frames, and never shows the FIN
// bit, so this endpoint speaks RFC 6455 frames itself through
// internal/wsframe: handshake, unmasking, ping/pong, close. Read it as the
// worked example of what a WebSocket library does for you. The rules a
// receiver must enforce (masking, fragmentation, UTF-8, close codes) are
// enforced by the checkedConn underneath, as for every endpoint: a frame
// that breaks one never reaches this code; ReadFrame returns the violation
// instead.
//
// Three choices differ from the original: the "\r\n" it appended to every
// chunk is left out (a client logs each frame on a line of its own anyway);
// a binary message is answered in binary frames (its bytes need not be
// UTF-8, and a text answer must be); and a character the client cut between
// two frames is answered whole, in the frame that completes it, so each
// answer frame is valid UTF-8 by itself, as a client that decodes frame by
// frame (like the sample's) expects.
func (s *Server) handlePartial(w http.ResponseWriter, r *http.Request) {
	uw := s.upgrade(w)
	conn, brw, err := wsframe.ServerHandshake(uw, r)
	if err != nil {
		s.logf("%s %s: handshake refused: %v", r.URL.Path, r.RemoteAddr, err)
		return
	}
	// A graceful close: after our close frame it reads on until the client
	// closes (checkedConn.Close).
	defer conn.Close()
	s.logf("%s %s: connected", r.URL.Path, r.RemoteAddr)

	// On shutdown, wake the frame reader with an expired read deadline; it
	// then sends 1001 and returns. One goroutine does all the writing.
	defer s.onShutdown(func() { conn.SetReadDeadline(time.Unix(1, 0)) })()

	p := &partialSession{conn: conn, checked: uw.conn, r: brw.Reader, limit: s.cfg.MaxMessageSize, server: s}
	s.logClosed(r, p.run())
}

// partialSession is one /partial connection.
type partialSession struct {
	conn    net.Conn
	checked *checkedConn // conn, to ask which rule the client broke
	r       *bufio.Reader
	limit   int64
	server  *Server

	// answer is the opcode of the answer to the message in progress: Text,
	// or Binary for a binary message.
	answer wsframe.Opcode
	// utf8 follows the text message in progress, only to tell how many
	// bytes at the end of a frame begin a character the next frame
	// completes (the checker has already made sure the text is valid);
	// held are those bytes, answered with the next frame.
	utf8 wsframe.UTF8Validator
	held []byte
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
			// Before the violation check: a later frame may be bad too,
			// but this one came first.
			return p.closeWith(1009, fmt.Sprintf("Frame too big: /partial accepts at most %d bytes per frame.", p.limit))
		case p.checked.Violation() != nil:
			// The client broke a rule of RFC 6455: 1002 or 1007, and why.
			v := p.checked.Violation()
			return p.closeWith(v.Code, v.Reason)
		default:
			return err // the connection broke; nothing left to say
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

// mirror answers one data frame with a frame carrying the same FIN bit.
// The checker has made sure the frames come in a valid order.
func (p *partialSession) mirror(f wsframe.Frame) error {
	op := wsframe.Continuation
	if f.Opcode != wsframe.Continuation {
		p.answer = wsframe.Text
		if f.Opcode == wsframe.Binary {
			p.answer = wsframe.Binary
		}
		op = p.answer
		p.utf8.Reset()
		p.held = p.held[:0]
	}
	chunk := f.Payload
	keep := 0
	if p.answer == wsframe.Text {
		chunk = append(p.held, f.Payload...)
		p.utf8.Write(f.Payload)
		keep = p.utf8.Pending() // 0 on the final frame: the checker saw to that
	}
	payload := make([]byte, 0, len(chunk)+12)
	payload = append(payload, `You said: "`...)
	payload = append(payload, chunk[:len(chunk)-keep]...)
	payload = append(payload, '"')
	p.held = append(p.held[:0], chunk[len(chunk)-keep:]...)
	return p.write(wsframe.Frame{Fin: f.Fin, Opcode: op, Payload: payload})
}

// answerClose echoes the client's close code and reason, as every endpoint
// of this server does, and ends the session. The checker has vetted the
// payload (a code that may be sent, a UTF-8 reason). The closing handshake
// is then complete, and the deferred conn.Close drops the TCP connection at
// once, which RFC 6455 §7.1.1 says the server should do first.
func (p *partialSession) answerClose(payload []byte) error {
	code, reason := wsframe.ParseClosePayload(payload)
	// An empty close is answered with an empty close.
	p.write(wsframe.Frame{Fin: true, Opcode: wsframe.Close, Payload: payload})
	return websocket.CloseError{Code: websocket.StatusCode(code), Reason: reason}
}

// closeWith sends a close frame and ends the session. The deferred
// conn.Close then waits (briefly) for the client to close in turn, so the
// close frame reaches it even when it is still sending.
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
