package sampleserver

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// Defaults of the fault endpoints.
const (
	defaultRejectStatus = http.StatusForbidden
	defaultCloseCode    = 4000
	defaultCloseReason  = "Server closed the connection"
	defaultAfter        = 2 * time.Second
	defaultFloodRate    = 1 << 20 // 1 MiB/s
)

// handleReject serves /reject?status=N: the handshake is refused with HTTP
// status N (300–599, default 403), so a client can show how it reports a
// server that said no.
func (s *Server) handleReject(w http.ResponseWriter, r *http.Request) {
	status, err := queryInt(r.URL.Query(), "status", defaultRejectStatus, 300, 599)
	if err != nil {
		badRequest(w, r, err)
		return
	}
	http.Error(w, "Handshake refused by the sample server (/reject).", status)
}

// handleClose serves /close?code=C&reason=R&after=D: it echoes, and after D
// (default 2s) closes with code C (default 4000) and reason R (default
// "Server closed the connection"), a server-initiated close handshake.
func (s *Server) handleClose(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	code, err := queryInt(q, "code", defaultCloseCode, 1000, 4999)
	if err == nil && !wsframe.ValidCloseCode(code) {
		err = fmt.Errorf("code=%d cannot be sent in a close frame (use 1000–1003, 1007–1014 or 3000–4999)", code)
	}
	reason := defaultCloseReason
	if q.Has("reason") {
		reason = q.Get("reason")
	}
	if err == nil && len(reason) > wsframe.MaxCloseReason {
		err = fmt.Errorf("reason is %d bytes long; a close reason holds at most %d", len(reason), wsframe.MaxCloseReason)
	}
	var after time.Duration
	if err == nil {
		after, err = queryDuration(q, "after", defaultAfter)
	}
	if err != nil {
		badRequest(w, r, err)
		return
	}

	c, finish := s.accept(w, r)
	if c == nil {
		return
	}
	defer finish()
	c.SetReadLimit(-1)
	err = s.echoUntil(c, after, func() {
		// Close sends our close frame and waits for the client's answer;
		// the echo loop sees the close and returns.
		c.Close(websocket.StatusCode(code), reason)
	})
	s.logClosed(r, err)
}

// handleDrop serves /drop?after=D: it echoes, and after D (default 2s) cuts
// the TCP connection without a close frame, as a crash or a network failure
// would. The client sees an abnormal closure (1006; CloseStatus -1).
func (s *Server) handleDrop(w http.ResponseWriter, r *http.Request) {
	after, err := queryDuration(r.URL.Query(), "after", defaultAfter)
	if err != nil {
		badRequest(w, r, err)
		return
	}
	c, finish := s.accept(w, r)
	if c == nil {
		return
	}
	defer finish()
	c.SetReadLimit(-1)
	s.logClosed(r, s.echoUntil(c, after, func() { c.CloseNow() }))
}

// echoUntil echoes until the client leaves or, after d, runs end (which must
// make the echo loop return by closing the connection).
func (s *Server) echoUntil(c *websocket.Conn, d time.Duration, end func()) error {
	errc := make(chan error, 1)
	go func() { errc <- echo(context.Background(), c) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case err := <-errc:
		return err
	case <-t.C:
		end()
		return <-errc
	}
}

// handleHang serves /hang: it takes the request and never answers, so the
// client's handshake timeout is what ends the wait. It gives up when the
// client goes away or the server shuts down, and then drops the connection
// without a word.
func (s *Server) handleHang(w http.ResponseWriter, r *http.Request) {
	s.logf("%s %s: hanging", r.URL.Path, r.RemoteAddr)
	// r.Context() is fine here: there is no WebSocket, and net/http cancels
	// it when the client closes the connection.
	select {
	case <-r.Context().Done():
	case <-s.ctx.Done():
	}
	// Returning normally would make net/http send "200 OK"; taking the
	// connection over and closing it sends nothing at all.
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// handleSilent serves /silent: it accepts the WebSocket and never reads,
// so the client's writes fill the TCP buffers and then block, and its
// pings and close frame go unanswered.
//
// Not reading, it cannot see the client leave: a closed connection shows
// only to a reader. So it writes instead: an unsolicited pong every
// heartbeat (RFC 6455 §5.5.3 allows one as "a unidirectional heartbeat",
// and no answer is expected). To a client that has gone, TCP answers the
// pong with a reset, the next write fails, and the handler ends, giving
// its connection slot back within two heartbeats. A pong that cannot even
// be written within silentWriteTimeout means the client stopped reading
// too: the connection is given up as well.
//
// It has no maximum lifetime: a client that stays connected keeps its
// slot, as on any other endpoint, and a client whose machine vanished
// without a reset is given up by TCP itself once the pongs go
// unacknowledged (Linux retransmits for about 15 minutes).
func (s *Server) handleSilent(w http.ResponseWriter, r *http.Request) {
	// wsframe's handshake rather than coder/websocket's: with the library,
	// a pong cannot be sent, and a ping would wait for an answer nobody reads.
	conn, _, err := wsframe.ServerHandshake(s.upgrade(w), r)
	if err != nil {
		s.logf("%s %s: handshake refused: %v", r.URL.Path, r.RemoteAddr, err)
		return
	}
	// Closing reads at last, until the client answers our close frame or
	// closes (checkedConn.Close): the goodbye is not lost to a reset.
	defer conn.Close()
	s.logf("%s %s: connected", r.URL.Path, r.RemoteAddr)

	beat := time.NewTicker(s.cfg.heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-s.ctx.Done():
			conn.SetWriteDeadline(time.Now().Add(silentWriteTimeout))
			wsframe.WriteFrame(conn, wsframe.Frame{Fin: true, Opcode: wsframe.Close, Payload: wsframe.ClosePayload(1001, shutdownReason)}, nil)
			s.logf("%s %s: closed: %s", r.URL.Path, r.RemoteAddr, shutdownReason)
			return
		case <-beat.C:
			conn.SetWriteDeadline(time.Now().Add(silentWriteTimeout))
			if err := wsframe.WriteFrame(conn, wsframe.Frame{Fin: true, Opcode: wsframe.Pong}, nil); err != nil {
				s.logf("%s %s: ended: the client has gone (%v)", r.URL.Path, r.RemoteAddr, err)
				return
			}
		}
	}
}

// silentWriteTimeout bounds each write of /silent: a 2-byte pong that
// cannot leave within it means nobody reads at the other end.
const silentWriteTimeout = 10 * time.Second

// handleFlood serves /flood?rate=R: binary messages at R bytes per second
// (default 1 MiB/s). It also reads, discarding data, so that the client's
// pings and close frame are answered.
func (s *Server) handleFlood(w http.ResponseWriter, r *http.Request) {
	rate, err := queryRate(r.URL.Query(), "rate", defaultFloodRate)
	if err != nil {
		badRequest(w, r, err)
		return
	}
	c, cc, finish := s.acceptConn(w, r, false)
	if c == nil {
		return
	}
	defer finish()
	// A flood writes all the time: its frames are gathered in a buffer it
	// keeps, not in one lent per frame (that would only churn the pool).
	cc.out.LendBuffers(false)
	c.SetReadLimit(-1)
	ctx := context.Background()

	// The reader ends when the client closes or goes away; flood watches
	// it so that a slow rate does not leave the writer waiting for its next
	// write to find out.
	readDone := make(chan struct{})
	var readErr error
	go func() {
		defer close(readDone)
		readErr = discard(ctx, c)
	}()

	err = flood(ctx, c, rate, readDone)
	// Make sure the connection is closed (with the reason, if the reader
	// stopped at a broken rule), then collect the reader so no goroutine
	// outlives the handler.
	finish()
	<-readDone
	if err == nil || websocket.CloseStatus(readErr) != -1 {
		err = readErr // the reader saw why it ended, e.g. the client's close
	}
	s.logClosed(r, err)
}

// floodSlice is the pacing period of /flood: each slice sends the bytes
// due so far, so the rate holds on average without a timer per message.
const floodSlice = 10 * time.Millisecond

// floodChunk is the size of /flood's one buffer and of its largest
// message, whatever the rate: at 1 GiB/s a slice's 10.7 MB leave as many
// messages of this size (below 1.6 MB/s a message is a slice's worth). (The buffer used to be a slice's worth, 10 MiB per
// connection at 1 GiB/s: 50 unread floods took the process from 144 to
// 564 MiB.) 16 KiB also stays under the read limits clients commonly keep
// (coder/websocket's default is 32 KiB).
const floodChunk = 16 << 10

// flood writes binary messages at rate bytes per second until a write
// fails or stop is closed. Memory is one floodChunk buffer per connection
// whatever the rate; when the client reads too slowly the writes block and
// the rate simply drops (TCP back-pressure).
func flood(ctx context.Context, c *websocket.Conn, rate int64, stop <-chan struct{}) error {
	buf := make([]byte, floodChunk)
	for i := range buf {
		buf[i] = byte(i) // a recognisable 00 01 02 … pattern
	}
	perSlice := max(rate*int64(floodSlice)/int64(time.Second), 1)
	start := time.Now()
	var sent int64
	tick := time.NewTicker(floodSlice)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
		case <-stop:
			return nil
		}
		due := int64(time.Since(start).Seconds()*float64(rate)) - sent
		if due > 2*perSlice {
			// Far behind (a slow client): forget the debt rather than
			// sending at full speed to catch up; one slice's worth goes.
			sent += due - perSlice
			due = perSlice
		}
		for due > 0 {
			n := min(due, perSlice, floodChunk)
			if err := c.Write(ctx, websocket.MessageBinary, buf[:n]); err != nil {
				return err
			}
			sent += n
			due -= n
			select {
			case <-stop:
				return nil
			default:
			}
		}
	}
}

// discard reads and drops every message until the connection ends, which
// keeps control frames (ping, close) flowing.
func discard(ctx context.Context, c *websocket.Conn) error {
	for {
		_, r, err := c.Reader(ctx)
		if err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			return err
		}
	}
}
