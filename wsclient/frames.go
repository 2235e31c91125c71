package wsclient

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// FrameSocket speaks frames rather than messages: the sample's "Partial and
// complete messages" scenario. Each SendFrame is exactly one frame, final
// or not, and each frame received is reported as an EventFrame whose
// Complete says whether it carried the FIN bit.
//
// coder/websocket hides frames (it ends every message with an empty final
// frame and never reports FIN), so this type does the opening handshake
// over net/http itself and reads and writes frames with internal/wsframe.
// It shares the transport, TLS options and error classes of Stream.
type FrameSocket struct {
	events *eventQueue

	mu     sync.Mutex
	opts   Options // for the next Connect
	active *frameConn
}

// SetOptions replaces the options the next connection will use.
func (f *FrameSocket) SetOptions(opts Options) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.opts = opts
}

// NewFrameSocket returns an idle FrameSocket.
func NewFrameSocket(opts Options) *FrameSocket {
	return &FrameSocket{opts: opts, events: newEventQueue()}
}

// Events delivers every event of every connection, in order; see
// Stream.Events.
func (f *FrameSocket) Events() <-chan Event { return f.events.out }

// frameConn is one connection of a FrameSocket.
type frameConn struct {
	socket *FrameSocket
	opts   Options
	uri    *url.URL
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu         sync.Mutex // guards the fields below and serialises writes
	rwc        io.ReadWriteCloser
	midMessage bool // a non-final frame was sent: the next is a continuation
	closeSent  bool
	stopping   bool
}

// Connect checks uri and opens a connection in the background, as
// Stream.Start does.
func (f *FrameSocket) Connect(uri string) error {
	u, err := ParseURI(uri)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.active != nil {
		return ErrAlreadyStarted
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &frameConn{socket: f, opts: f.opts, uri: u, ctx: ctx, cancel: cancel, done: make(chan struct{})}
	f.active = c
	go c.run()
	return nil
}

// SendFrame writes text as one text frame. final=false leaves the message
// open: the frames that follow are its continuation, until one is final.
// Like MessageSocket.Send it blocks while the peer does not read.
func (f *FrameSocket) SendFrame(text string, final bool) error {
	c := f.current()
	if c == nil {
		return ErrNotConnected
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rwc == nil || c.closeSent {
		return ErrNotConnected
	}
	op := wsframe.Text
	if c.midMessage {
		op = wsframe.Continuation
	}
	if err := c.writeFrame(wsframe.Frame{Fin: final, Opcode: op, Payload: []byte(text)}); err != nil {
		return &StreamError{Op: "write", Err: err}
	}
	c.midMessage = !final
	return nil
}

// Close sends close 1000 "Closed due to user request.", waits within
// StopTimeout for the server's answer, then drops the connection.
func (f *FrameSocket) Close() error {
	c := f.current()
	if c == nil {
		return ErrNotConnected
	}
	c.mu.Lock()
	c.stopping = true
	if c.rwc == nil {
		c.mu.Unlock()
		c.cancel() // still connecting
		<-c.done
		return nil
	}
	if !c.closeSent {
		c.closeSent = true
		// A failed write ends the reader too; nothing more to do here.
		_ = c.writeFrame(wsframe.Frame{Fin: true, Opcode: wsframe.Close, Payload: wsframe.ClosePayload(1000, StopReason)})
	}
	rwc := c.rwc
	c.mu.Unlock()
	timer := time.NewTimer(StopTimeout)
	defer timer.Stop()
	select {
	case <-c.done:
	case <-timer.C:
		c.emit(Event{Kind: EventNote, Text: fmt.Sprintf("The server did not finish the close handshake within %s; the connection was dropped.", StopTimeout)})
		rwc.Close()
		<-c.done
	}
	return nil
}

func (f *FrameSocket) current() *frameConn {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.active
}

func (c *frameConn) emit(e Event) { c.socket.events.emit(e) }

// writeFrame masks and writes one frame; the caller holds c.mu.
func (c *frameConn) writeFrame(fr wsframe.Frame) error {
	var key [4]byte
	if _, err := rand.Read(key[:]); err != nil {
		return err
	}
	return wsframe.WriteFrame(c.rwc, fr, &key)
}

func (c *frameConn) run() {
	defer close(c.done)
	defer c.cancel()
	c.emit(Event{Kind: EventConnecting, URI: c.uri.String()})
	rwc, info, err := c.handshake()
	if err == nil {
		c.mu.Lock()
		if c.stopping {
			err = &ConnectError{Kind: KindCancelled, Detail: "stopped before the server answered", Err: context.Canceled}
			rwc.Close()
		} else {
			c.rwc = rwc
		}
		c.mu.Unlock()
	}
	if err != nil {
		c.finish(Event{Kind: EventConnectFailed, Err: err})
		return
	}
	c.emit(Event{Kind: EventConnected, Info: info})
	closeInfo := c.readLoop(bufio.NewReader(rwc))
	rwc.Close()
	c.finish(Event{Kind: EventClosed, Close: closeInfo})
}

func (c *frameConn) finish(last Event) {
	c.socket.mu.Lock()
	c.socket.active = nil
	c.socket.mu.Unlock()
	c.emit(last)
}

// handshake sends the opening handshake (RFC 6455 §4.1) and returns the
// upgraded connection.
func (c *frameConn) handshake() (io.ReadWriteCloser, *ConnInfo, error) {
	opts := c.opts
	timeout := opts.handshakeTimeout()
	ctx, cancel := context.WithTimeout(c.ctx, timeout)
	defer cancel()
	hc, err := newHTTPClient(c.uri, opts, func(s string) { c.emit(Event{Kind: EventNote, Text: s}) })
	if err != nil {
		return nil, nil, err
	}
	defer hc.transport.CloseIdleConnections()

	httpURL := *c.uri
	httpURL.Scheme = strings.Replace(httpURL.Scheme, "ws", "http", 1)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, httpURL.String(), nil)
	if err != nil {
		return nil, nil, &ConnectError{Kind: KindOther, Detail: err.Error(), Err: err}
	}
	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, nil, &ConnectError{Kind: KindOther, Detail: err.Error(), Err: err}
	}
	key := base64.StdEncoding.EncodeToString(nonce[:])
	for k, v := range opts.requestHeader() {
		req.Header[k] = v
	}
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", key)

	resp, err := hc.client.Do(req)
	if err != nil {
		cancelled := errors.Is(err, context.Canceled) && c.ctx.Err() != nil
		return nil, nil, classifyConnectError(err, nil, timeout, cancelled)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		defer resp.Body.Close()
		return nil, nil, classifyConnectError(fmt.Errorf("expected handshake response status code 101 but got %d", resp.StatusCode), resp, timeout, false)
	}
	rwc, ok := resp.Body.(io.ReadWriteCloser)
	if !ok || !strings.EqualFold(resp.Header.Get("Upgrade"), "websocket") || resp.Header.Get("Sec-WebSocket-Accept") != acceptKey(key) {
		resp.Body.Close()
		err := errors.New("the server's answer is not a valid WebSocket handshake")
		return nil, nil, &ConnectError{Kind: KindOther, Detail: err.Error(), Err: err}
	}
	return rwc, hc.info(c.uri, resp), nil
}

// acceptKey is what the server must answer to our key (RFC 6455 §4.2.2).
func acceptKey(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// readLoop reports each data frame, answers pings and the server's close,
// and returns how the connection ended.
func (c *frameConn) readLoop(br *bufio.Reader) CloseInfo {
	var msgType MessageType
	for {
		fr, err := wsframe.ReadFrame(br, MaxMessageSize)
		if err != nil {
			c.mu.Lock()
			stopping := c.stopping
			c.mu.Unlock()
			if stopping { // we dropped it after an unanswered close
				return CloseInfo{Code: 1000, Reason: StopReason, By: ClosedByClient}
			}
			c.emit(Event{Kind: EventReadFailed, Err: &StreamError{Op: "read", Err: err}})
			return CloseInfo{Code: StatusAbnormalClosure, Reason: "connection lost: " + describeIOError(err), By: ClosedAbnormally}
		}
		switch fr.Opcode {
		case wsframe.Text, wsframe.Binary:
			msgType = TypeUtf8
			if fr.Opcode == wsframe.Binary {
				msgType = TypeBinary
			}
			fallthrough
		case wsframe.Continuation:
			c.emit(Event{Kind: EventFrame, Type: msgType, Text: string(fr.Payload), Complete: fr.Fin})
		case wsframe.Ping:
			c.mu.Lock()
			if !c.closeSent {
				_ = c.writeFrame(wsframe.Frame{Fin: true, Opcode: wsframe.Pong, Payload: fr.Payload})
			}
			c.mu.Unlock()
		case wsframe.Close:
			code, reason := wsframe.ParseClosePayload(fr.Payload)
			c.mu.Lock()
			by := ClosedByClient
			if !c.closeSent { // the server closes: answer with its own code
				by = ClosedByServer
				c.closeSent = true
				echo := code
				if !wsframe.ValidCloseCode(echo) {
					echo = 0
				}
				_ = c.writeFrame(wsframe.Frame{Fin: true, Opcode: wsframe.Close, Payload: wsframe.ClosePayload(echo, reason)})
			}
			c.mu.Unlock()
			return CloseInfo{Code: code, Reason: reason, By: by}
		}
	}
}
