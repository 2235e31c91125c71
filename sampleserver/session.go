package sampleserver

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// shutdownReason is the close reason every WebSocket gets when the server
// shuts down, with code 1001 (going away).
const shutdownReason = "The sample server is shutting down."

// accept upgrades r to a WebSocket. On failure Accept has already answered
// with an HTTP error and accept returns nil.
//
// The connection underneath is a checkedConn: what the client sends is
// held to RFC 6455 before coder/websocket reads it, and closing it is
// graceful.
//
// The returned finish must be deferred (and may be called earlier): it
// waits for a shutdown goodbye in progress, tells the client why when it
// broke a rule, and releases the connection. Handlers read and write with
// context.Background(), never r.Context() (net/http cancels that when the
// handler's ResponseWriter is done with, and it must not be relied upon
// after a hijack) and never the server's own context: coder/websocket tears
// a connection down without a close frame the moment a context passed to
// Read or Write ends. Shutdown instead goes through closeOnShutdown, which
// sends a proper 1001.
func (s *Server) accept(w http.ResponseWriter, r *http.Request) (c *websocket.Conn, finish func()) {
	c, _, finish = s.acceptConn(w, r, false)
	return c, finish
}

// acceptConn is accept that also returns the connection under the
// library, for the endpoints that look at it (/echo batches its answers).
// The library's frames leave it whole, each in one write.
//
// compress agrees to permessage-deflate (RFC 7692) when the client offers
// it, with context takeover unless the client asks for none; the endpoints
// that do (/echo, /sample) then check the UTF-8 of compressed text
// themselves, after inflating (cc.compressed; see checkInflatedText). The
// fault endpoints never compress, so their bytes stay exactly as described.
func (s *Server) acceptConn(w http.ResponseWriter, r *http.Request, compress bool) (c *websocket.Conn, cc *checkedConn, finish func()) {
	if wsframe.RefuseVersion(w, r) { // 426, as RFC 6455 §4.2.2 names (the library says 400)
		s.logf("%s %s: handshake refused: Sec-WebSocket-Version %q", r.URL.Path, r.RemoteAddr, r.Header.Get("Sec-WebSocket-Version"))
		return nil, nil, nil
	}
	uw := s.upgrade(w)
	uw.frames = true
	c, err := websocket.Accept(uw, r, &websocket.AcceptOptions{
		// Any page of any origin may connect. That is right for a demo
		// server with no cookies or other ambient credentials to steal; a
		// real server that has them must check Origin (OriginPatterns), or
		// any web page could talk to it as the user ("cross-site WebSocket
		// hijacking").
		InsecureSkipVerify: true,
		CompressionMode:    compressionMode(compress),
	})
	if err != nil {
		s.logf("%s %s: handshake refused: %v", r.URL.Path, r.RemoteAddr, err)
		return nil, nil, nil
	}
	s.logf("%s %s: connected", r.URL.Path, r.RemoteAddr)
	stop := s.closeOnShutdown(c)
	var once sync.Once
	cc = uw.conn // finish holds this, not uw and the net/http state behind it
	return c, cc, func() {
		once.Do(func() {
			stop()
			if v := cc.Violation(); v != nil {
				// coder/websocket never saw the offending bytes (the
				// checker held them back), so saying why is ours to do.
				// Close sends the close frame; its wait for the client's
				// answer ends at once (reads are refused from now on), and
				// closing the connection then lingers (checkedConn.Close).
				c.Close(websocket.StatusCode(v.Code), v.Reason)
			}
			c.CloseNow()
		})
	}
}

// compressionMode is what acceptConn offers: permessage-deflate with
// context takeover (the library falls back to none when the client asks),
// or no compression.
func compressionMode(compress bool) websocket.CompressionMode {
	if compress {
		return websocket.CompressionContextTakeover
	}
	return websocket.CompressionDisabled
}

// checkInflatedText fails c with 1007 when p, the next piece of a text
// message, is not valid UTF-8 so far (or, with end, does not end on a
// character). The checker under the library checks uncompressed text as
// it arrives, but a compressed message's frames carry deflate data, so
// its text can be checked only once inflated, here (RFC 6455 §8.1, RFC
// 7692 §6). It returns the error that ends the handler, or nil.
func checkInflatedText(c *websocket.Conn, tc *wsframe.TextCheck, p []byte, end bool) error {
	_, v := tc.Write(p)
	if v == nil && end {
		v = tc.Finish()
	}
	if v == nil {
		return nil
	}
	c.Close(websocket.StatusCode(v.Code), v.Reason)
	return fmt.Errorf("closed with %d: %s", v.Code, v.Reason)
}

// upgrade wraps w for a WebSocket handshake: the connection it hijacks
// comes back as a checkedConn.
func (s *Server) upgrade(w http.ResponseWriter) *upgradeWriter {
	return &upgradeWriter{ResponseWriter: w, linger: s.cfg.linger}
}

// closeOnShutdown starts the close handshake with 1001 (going away) when
// the server shuts down. Close then also reads (and drops) until the
// client's close frame arrives, so this works whatever the handler is doing.
func (s *Server) closeOnShutdown(c *websocket.Conn) (stop func()) {
	return s.onShutdown(func() { c.Close(websocket.StatusGoingAway, shutdownReason) })
}

// onShutdown runs f in its own goroutine when the server starts shutting
// down. The returned stop cancels that, or waits for f to return if it has
// started, so that no goroutine outlives the handler that deferred stop.
func (s *Server) onShutdown(f func()) (stop func()) {
	done := make(chan struct{})
	stopFunc := context.AfterFunc(s.ctx, func() {
		defer close(done)
		f()
	})
	return func() {
		if !stopFunc() {
			<-done
		}
	}
}

// goOn runs session, the rest of a WebSocket's life after its handshake,
// on a goroutine of its own, and returns at once so that the goroutine
// net/http served the request on ends. That goroutine's stack has grown
// through the request and the handshake (16 KiB and more, kept while
// still partly in use) and it holds net/http's state of the connection;
// the session's goroutine starts small and holds the session's own. At 256
// connections this took the server's memory from 38 to 29 KiB per idle
// connection (bench/load; docs/performance.md). The session keeps the
// request's slot (Config.MaxConnections) and counts as a handler for
// Close until it returns. session must not use r: r's context ends, and
// keeping r would keep what goOn lets go.
func (s *Server) goOn(r *http.Request, session func()) {
	l, _ := r.Context().Value(leaseKey{}).(*lease)
	if l == nil { // not under limit: nothing to hand over
		session()
		return
	}
	l.handed = true
	go func() {
		defer l.release()
		session()
	}()
}

// logClosed reports how a WebSocket session ended.
func (s *Server) logClosed(r *http.Request, err error) { s.logEnded(r.URL.Path, r.RemoteAddr, err) }

// logEnded is logClosed for a session that no longer has its request
// (goOn): path and addr are the request's URL.Path and RemoteAddr.
func (s *Server) logEnded(path, addr string, err error) {
	if s.cfg.Log == nil {
		return
	}
	var ce websocket.CloseError
	switch {
	case errors.As(err, &ce):
		s.logf("%s %s: closed by the client: %d %q", path, addr, ce.Code, ce.Reason)
	case err == nil:
		s.logf("%s %s: closed", path, addr)
	default:
		s.logf("%s %s: ended: %v", path, addr, err)
	}
}

// echo sends every message back with its type until reading or writing
// fails, typically because the client closed (coder/websocket has then
// already answered the client's close frame with the same code and reason).
//
// A message of up to echoBufSize bytes is read whole into a pooled buffer
// and sent back with one Write: one frame, one flush. A larger one streams
// through the same buffer, each buffer's worth one frame of the same
// message, so a message of any size passes with flat memory. The client
// receives the same bytes with the same type, though not necessarily cut
// into the same frames.
//
// Measured with wsclient.Stream on 2 cores (BenchmarkEchoServer, among
// wsclient's benchmarks): plain io.Copy allocated a fresh 32 KiB buffer
// for every message (34 KB per message, the GC kept busy) and ended each
// one with an extra empty frame; this loop echoes 11 B and 1 KiB messages
// 2-6x faster, 64 KiB ones about 2x and 1 MiB ones 1.2-1.6x, at 0.9 KB per
// message.
//
// echoOn is echo given the connection under the library (cc, from
// acceptConn), as /echo has it: it also batches its answers when the client is ahead: while the next message
// already sits whole in the read buffer, reading it cannot wait for the
// network, so the answer to this one is held (FrameWriter.Cork) and goes
// out with the next ones, at most echoBatchMessages of them or
// echoBatchBytes of payload (and what the 4 KiB read buffer holds, see
// upgradeWriter.Hijack), in one write. The last answer of a batch is
// written uncorked and carries the batch out; a pong or a close frame the
// library writes in between carries it out too. Each answer is still its
// own message. A client that sends one message at a time gets each answer
// at once, as before.
func echo(ctx context.Context, c *websocket.Conn) error { return echoOn(ctx, c, nil) }

// echoOn is echo with the batches, given the connection under the library.
func echoOn(ctx context.Context, c *websocket.Conn, cc *checkedConn) error {
	e := echoer{c: c}
	if cc != nil {
		e.in, e.out, e.cc = cc.in, cc.out, cc
		if cc.compressed {
			e.tc = new(wsframe.TextCheck)
		}
	}
	for {
		typ, r, err := c.Reader(ctx)
		if err != nil {
			return err
		}
		if err := e.message(ctx, typ, r); err != nil {
			return err
		}
	}
}

// echoer is one connection's echo: what lasts from one message to the
// next. The buffer a message passes through does not: it is taken from
// echoBufs when a message has begun and given back once it is answered, so
// a connection waiting for its next message holds none (bench/load, 256
// clients sending 64 KiB: 240 KiB of RSS per connection when each kept
// its own buffer, 181 KiB once lent; see docs/performance.md).
type echoer struct {
	c   *websocket.Conn
	in  *bufio.Reader        // the library's read buffer, when batching
	cc  *checkedConn         // what was read ahead under it, when batching
	out *wsframe.FrameWriter // where its frames go, when batching
	tc  *wsframe.TextCheck   // the UTF-8 check of compressed text, when agreed

	held, heldBytes int // answers in the batch so far
}

// message echoes one message, whose reader r the library has just handed
// out.
func (e *echoer) message(ctx context.Context, typ websocket.MessageType, r io.Reader) error {
	c, out := e.c, e.out
	bp := echoBufs.Get().(*[]byte)
	defer echoBufs.Put(bp)
	buf := *bp
	checkText := e.tc != nil && typ == websocket.MessageText
	if checkText {
		e.tc.Reset()
	}
	n, err := io.ReadFull(r, buf)
	whole := err == io.EOF || err == io.ErrUnexpectedEOF
	if e.cc != nil { // read ahead while the messages are small (checkedConn.Read)
		e.cc.readAhead.Store(whole && n <= aheadFrom)
	}
	if checkText && (whole || err == nil) {
		if err := checkInflatedText(c, e.tc, buf[:n], whole); err != nil {
			return err
		}
	}
	if whole { // the whole message fits
		if out != nil {
			if e.held+1 < echoBatchMessages && e.heldBytes+n < echoBatchBytes && nextMessageBuffered(e.in, e.cc.unread()) {
				out.Cork()
				e.held, e.heldBytes = e.held+1, e.heldBytes+n
			} else {
				out.Uncork() // this answer carries the batch out
				e.held, e.heldBytes = 0, 0
			}
		}
		return c.Write(ctx, typ, buf[:n])
	}
	if out != nil { // a large message streams: its frames go as they end
		out.Uncork()
		e.held, e.heldBytes = 0, 0
	}
	if err != nil {
		return err
	}
	w, err := c.Writer(ctx, typ)
	if err != nil {
		return err
	}
	// On a failed read the message is left unfinished: the close frame
	// that follows ends it, and the client never receives a complete
	// message made of the part before the failure (text cut in a
	// character, say, when the rest was refused as invalid UTF-8).
	if _, err := w.Write(buf[:n]); err != nil {
		return err
	}
	var check func(p []byte, end bool) error
	if checkText {
		check = func(p []byte, end bool) error { return checkInflatedText(c, e.tc, p, end) }
	}
	if err := copyMessage(w, r, buf, check); err != nil {
		return err
	}
	return w.Close()
}

// echoBatchMessages and echoBatchBytes bound a batch of echo's answers.
const (
	echoBatchMessages = 64
	echoBatchBytes    = 64 << 10
)

// nextMessageBuffered reports whether br, followed by more (what was read
// ahead under it), already holds the whole of the next message, after any
// control frames before it: reading it will not wait for the network. A
// message in several frames counts only once its last frame is there; a
// control frame alone (a ping, the close) counts too, since the library
// answers it without reading on.
func nextMessageBuffered(br *bufio.Reader, more []byte) bool {
	b, _ := br.Peek(br.Buffered())
	var p wsframe.Parser
	for _, seg := range [][]byte{b, more} {
		for {
			n, step := p.Next(seg)
			seg = seg[n:]
			if step == wsframe.NeedMore {
				break // on to the next bytes
			}
			if h := p.Header(); step == wsframe.GotEnd && (h.Opcode.IsControl() || h.Fin) {
				return true
			}
		}
	}
	return false
}

// copyMessage copies the rest of a message from r to w through buf. Unlike
// io.CopyBuffer it drops the bytes a failing Read returns with its error:
// coder/websocket hands those out still masked. check, when set, sees each
// piece before it is written (end: the last) and may end the copy.
func copyMessage(w io.Writer, r io.Reader, buf []byte, check func(p []byte, end bool) error) error {
	for {
		n, err := r.Read(buf)
		if err != nil && err != io.EOF {
			return err
		}
		if check != nil {
			if cerr := check(buf[:n], err == io.EOF); cerr != nil {
				return cerr
			}
		}
		if n > 0 {
			if _, err := w.Write(buf[:n]); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// echoBufSize bounds the messages echo sends back as a single frame and is
// the frame size of larger ones. The buffers are pooled: memory is
// echoBufSize per message being echoed at that moment, not per message
// nor per connection.
const echoBufSize = 256 << 10

var echoBufs = sync.Pool{New: func() any { b := make([]byte, echoBufSize); return &b }}
