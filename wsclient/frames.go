package wsclient

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// FrameSocket speaks frames rather than messages: the sample's "Partial and
// complete messages" scenario. Each SendFrame is exactly one frame, final
// or not, and each frame received is reported as an EventFrame whose
// Complete says whether it carried the FIN bit.
//
// coder/websocket hides frames (it ends every message with an empty final
// frame and never reports FIN), so this type does the opening handshake
// over net/http itself and reads and writes frames with internal/wsframe.
// Everything else it shares with Stream and MessageSocket: the transport,
// TLS options and error classes, the wire that checks the server's frames,
// and the lifecycle (one connection at a time, Close within StopTimeout,
// the same words for how a connection ended). It has no keep-alive
// (MessageOptions.PingInterval): a FrameSocket shows the frames that come,
// it sends none of its own but the answers a client owes (pongs, the
// close) and the pings Ping asks for.
type FrameSocket struct {
	client
}

// NewFrameSocket returns an idle FrameSocket with the given options.
func NewFrameSocket(opts Options) *FrameSocket {
	return &FrameSocket{client: newClient(frameOptions(opts))}
}

// SetOptions replaces the options the next connection will use; an open
// connection keeps the ones it started with.
func (f *FrameSocket) SetOptions(opts Options) { f.setOptions(frameOptions(opts)) }

// frameOptions are a FrameSocket's options as the lifecycle keeps them.
func frameOptions(opts Options) StreamOptions {
	return StreamOptions{MessageOptions: MessageOptions{Options: opts}}
}

// Events delivers every event of every connection, in order; see
// Stream.Events. Each frame is an event: when maxPendingData of them wait
// for the owner, the reader waits too, and TCP slows the server down.
func (f *FrameSocket) Events() <-chan Event { return f.events.out }

// Connect checks uri and opens a connection in the background, as
// Stream.Start does.
func (f *FrameSocket) Connect(uri string) error {
	return f.start(uri, role{
		dial: dialFrames,
		read: func(a *attempt, l link) error { return readFrames(a, l.(*frameConn)) },
	}, nil)
}

// SendFrame writes text as one text frame. final=false leaves the message
// open: the frames that follow are its continuation, until one is final.
// Like MessageSocket.Send it blocks while the peer does not read, until the
// connection ends (Close ends it within StopTimeout).
func (f *FrameSocket) SendFrame(text string, final bool) error {
	c := f.current()
	if c == nil {
		return ErrNotConnected
	}
	fc, _ := c.open().(*frameConn)
	if fc == nil {
		return ErrNotConnected
	}
	switch err := fc.send(c.session, text, final); {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotConnected), c.isStopping(), c.session.Err() != nil:
		return ErrNotConnected // closed, or closing, under the call
	default:
		return &StreamError{Op: "write", Err: err}
	}
}

// Close sends close 1000 with StopReason, waits within
// StopTimeout for the server's answer, then drops the connection, as
// Stream.Stop does.
func (f *FrameSocket) Close() error { return f.stop() }

// frameConn is one FrameSocket connection: frames read and written by hand
// with wsframe, over the wire.
type frameConn struct {
	wire *wire.Conn
	br   *bufio.Reader

	// writing is a one-slot lock: whoever holds it writes. Unlike a mutex
	// it can be waited for with a bound, so a pong or a close frame never
	// waits forever behind a write the server does not read.
	writing   chan struct{}
	closed    chan struct{} // closed by CloseNow: no more writes
	closeOnce sync.Once

	// Guarded by writing.
	midMessage bool // a non-final frame was sent: the next is a continuation
	closeSent  bool
}

func newFrameConn(w *wire.Conn) *frameConn {
	return &frameConn{wire: w, br: bufio.NewReader(w), writing: make(chan struct{}, 1), closed: make(chan struct{})}
}

// lock waits for the turn to write, within limit (0: until ctx ends or the
// connection is dropped).
func (fc *frameConn) lock(ctx context.Context, limit time.Duration) error {
	var timeout <-chan time.Time
	if limit > 0 {
		t := time.NewTimer(limit)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case fc.writing <- struct{}{}:
		return nil
	case <-fc.closed:
		return net.ErrClosed
	case <-ctx.Done():
		return ctx.Err()
	case <-timeout:
		return wire.ErrWriteTimeout
	}
}

func (fc *frameConn) unlock() { <-fc.writing }

// write masks fr with a fresh key (RFC 6455 §5.3) and writes it within
// limit (0: no deadline; dropping the connection still ends it). The
// caller holds the lock.
func (fc *frameConn) write(fr wsframe.Frame, limit time.Duration) error {
	var key [4]byte
	if _, err := rand.Read(key[:]); err != nil {
		return err
	}
	var deadline time.Time
	if limit > 0 {
		deadline = time.Now().Add(limit)
	}
	fc.wire.SetWriteDeadline(deadline)
	err := wsframe.WriteFrame(fc.wire, fr, &key)
	if isTimeout(err) {
		err = wire.ErrWriteTimeout
	}
	return err
}

// send writes one text frame, a continuation if the message is open.
func (fc *frameConn) send(ctx context.Context, text string, final bool) error {
	if err := fc.lock(ctx, 0); err != nil {
		return err
	}
	defer fc.unlock()
	if fc.closeSent {
		return ErrNotConnected
	}
	op := wsframe.Text
	if fc.midMessage {
		op = wsframe.Continuation
	}
	if err := fc.write(wsframe.Frame{Fin: final, Opcode: op, Payload: []byte(text)}, 0); err != nil {
		return err
	}
	fc.midMessage = !final
	return nil
}

// pong answers a ping (§5.5.2), unless the close handshake has begun.
func (fc *frameConn) pong(payload []byte) error {
	if err := fc.lock(context.Background(), wire.ControlWriteTimeout); err != nil {
		return err
	}
	defer fc.unlock()
	if fc.closeSent {
		return nil
	}
	return fc.write(wsframe.Frame{Fin: true, Opcode: wsframe.Pong, Payload: payload}, wire.ControlWriteTimeout)
}

// Close sends a close frame, once, within StopTimeout; the reader then
// sees the server's answer and ends the connection. Code 1005 (no status)
// sends an empty close frame.
func (fc *frameConn) Close(code websocket.StatusCode, reason string) error {
	if err := fc.lock(context.Background(), StopTimeout); err != nil {
		return err
	}
	defer fc.unlock()
	if fc.closeSent {
		return nil
	}
	fc.closeSent = true
	c := int(code)
	if code == websocket.StatusNoStatusRcvd {
		c = 0 // ClosePayload(0, …) is the empty payload
	}
	return fc.write(wsframe.Frame{Fin: true, Opcode: wsframe.Close, Payload: wsframe.ClosePayload(c, reason)}, StopTimeout)
}

// CloseNow drops the connection; a write under way fails at once.
func (fc *frameConn) CloseNow() error {
	fc.closeOnce.Do(func() { close(fc.closed) })
	return fc.wire.Close()
}

// readFrames reports each data frame, answers pings and the server's close,
// and returns how the connection ended. The wire has already refused any
// frame that breaks a rule, so what ReadFrame returns is well-formed.
func readFrames(a *attempt, fc *frameConn) error {
	var msgType MessageType
	for {
		fr, err := wsframe.ReadFrame(fc.br, MaxMessageSize)
		if errors.Is(err, wsframe.ErrPayloadTooLarge) {
			a.broken.Store(tooBig)
		}
		if err != nil {
			a.readFailed(err)
			return err
		}
		switch fr.Opcode {
		case wsframe.Text, wsframe.Binary:
			msgType = TypeUtf8
			if fr.Opcode == wsframe.Binary {
				msgType = TypeBinary
			}
			fallthrough
		case wsframe.Continuation:
			a.deliver(Event{Kind: EventFrame, Type: msgType, Text: string(fr.Payload), Complete: fr.Fin})
		case wsframe.Ping:
			if err := fc.pong(fr.Payload); err != nil {
				a.writeFailed(err)
				return err
			}
		case wsframe.Pong:
			// The answer to a Ping, or unsolicited: the wire has already
			// matched it to its ping (internal/wire/ping.go).
		case wsframe.Close:
			// Answer with the server's own code (an empty close with an
			// empty one); if ours went first, this is its answer.
			code, reason := wsframe.ParseClosePayload(fr.Payload)
			fc.Close(websocket.StatusCode(code), reason)
			return fmt.Errorf("received close frame: %w", websocket.CloseError{Code: websocket.StatusCode(code), Reason: reason})
		}
	}
}

// dialFrames does the opening handshake (RFC 6455 §4.1) over net/http and
// returns the upgraded connection; the transport has checked the 101 and
// put the wire under it.
func dialFrames(ctx context.Context, u *url.URL, opts StreamOptions, note func(string)) (dialResult, error) {
	timeout := opts.handshakeTimeout()
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hc, err := newHTTPClient(u, opts.Options, note)
	if err != nil {
		return dialResult{}, err
	}
	defer hc.transport.CloseIdleConnections()

	httpURL := *u
	httpURL.Scheme = strings.Replace(httpURL.Scheme, "ws", "http", 1)
	req, err := http.NewRequestWithContext(hctx, http.MethodGet, httpURL.String(), nil)
	if err != nil {
		return dialResult{}, &ConnectError{Kind: KindOther, Detail: err.Error(), Err: err}
	}
	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return dialResult{}, &ConnectError{Kind: KindOther, Detail: err.Error(), Err: err}
	}
	for k, v := range opts.requestHeader() {
		req.Header[k] = v
	}
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", base64.StdEncoding.EncodeToString(nonce[:]))
	if len(opts.Subprotocols) > 0 {
		req.Header.Set("Sec-WebSocket-Protocol", strings.Join(opts.Subprotocols, ","))
	}

	resp, err := hc.client.Do(req)
	if err != nil {
		cancelled := errors.Is(err, context.Canceled) && ctx.Err() != nil
		return dialResult{}, hc.failed(classifyConnectError(err, nil, timeout, cancelled), timeout)
	}
	w := hc.upgrade.upgraded()
	if resp.StatusCode != http.StatusSwitchingProtocols || w == nil {
		defer resp.Body.Close()
		return dialResult{}, hc.failed(classifyConnectError(unexpectedStatus(resp.StatusCode), resp, timeout, false), timeout)
	}
	info := hc.info(u, resp)
	return dialResult{conn: newFrameConn(w), wire: w, info: info}, nil
}
