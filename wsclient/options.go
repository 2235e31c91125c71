package wsclient

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"net/http"
	"time"
)

// Defaults for Options fields left at their zero value.
const (
	DefaultPayload          = "Hello World"
	DefaultInterval         = time.Second
	DefaultReadSize         = 100 // like the sample's loadAsync(100)
	DefaultHandshakeTimeout = 15 * time.Second
	// StopTimeout bounds Stop: the close handshake gets this long, then the
	// connection is dropped. The library alone would wait 5 s + 5 s.
	StopTimeout = 1500 * time.Millisecond
)

// Continuous, as StreamOptions.Interval, sends the payload again as soon as the
// previous write completes.
const Continuous time.Duration = -1

// Options are what every client type shares: how to reach and trust the
// server, what to say in the handshake, and what to report. The zero value
// is the sample's behaviour: a 15 s handshake timeout and the system's
// certificate roots. A FrameSocket takes Options; MessageOptions and
// StreamOptions add what only those client types do.
type Options struct {
	// HandshakeTimeout bounds the opening handshake (TCP, TLS and HTTP);
	// 0 means DefaultHandshakeTimeout.
	HandshakeTimeout time.Duration

	// TLSConfig is the base TLS configuration for wss (RootCAs, ServerName,
	// …). It is cloned, never modified.
	TLSConfig *tls.Config
	// ClientCertificate is presented when the server asks for one.
	ClientCertificate *tls.Certificate
	// CustomValidation, when set, replaces two checks of the standard
	// certificate verification, as the sample's "Perform custom server
	// certificate validation" does: an untrusted root and a name mismatch
	// are set aside (and reported in ConnInfo.SetAside), every other check
	// still applies (expiry, chain shape), and then this function decides.
	// Returning an error rejects the server. IssuedBy builds the sample's
	// check.
	CustomValidation func(chain []*x509.Certificate) error

	// Username and Password, when Username is set, go with the handshake
	// as HTTP Basic credentials (the sample's ServerCredential). Nothing in
	// this package logs or reports the password.
	Username, Password string
	// Header holds extra handshake request headers.
	Header http.Header
	// Subprotocols are offered in Sec-WebSocket-Protocol, in order.
	Subprotocols []string

	// DelaySmallWrites turns Nagle's algorithm on, trading latency for
	// fewer packets. Go sets TCP no-delay on every connection by default,
	// which suits small interactive messages.
	DelaySmallWrites bool
	// Reconnect retries after an unexpected loss of the connection, waiting
	// 1 s, 2 s, 4 s … at most 30 s between attempts; Stop ends it at once.
	// Refused handshakes and certificate problems are not retried.
	Reconnect bool

	// PingTimeout bounds each of a ping's two waits, Ping's and the
	// keep-alive's (MessageOptions.PingInterval): to leave, behind the
	// client's own frame under way, and, from when it left, for its
	// pong; 0 means 5 s. The keep-alive starts either wait again at every
	// byte the server sends.
	PingTimeout time.Duration

	// WireView reports every frame that passes the wire, both ways, as an
	// EventWire carrying a FrameRecord: at most WireViewPerSecond records
	// a second in each direction, and a count of the frames not shown.
	// It applies to connections started after it is set; off, it costs
	// nothing.
	WireView bool
}

// MessageOptions configure a MessageSocket: the shared Options, and what
// the library (coder/websocket) does for the two client types built on it,
// MessageSocket and Stream. A FrameSocket has none of these: it sends no
// frames but the ones asked of it, and never offers compression.
type MessageOptions struct {
	Options

	// PingInterval, when positive, sends a keep-alive ping that often and
	// reports each round trip (EventPong). A server silent for
	// PingTimeout (no pong, nor any other byte: data, or an unsolicited
	// pong sent as a heartbeat, RFC 6455 §5.5.3) is dead: the connection
	// is dropped, within PingInterval + 2 × PingTimeout of the server's
	// last byte. A server that is alive but slow to read, and sends
	// meanwhile, is never dropped for a late pong.
	PingInterval time.Duration

	// Compression offers permessage-deflate (RFC 7692) in the handshake;
	// the server may decline. ConnInfo.Extensions and the timeline say
	// what was agreed.
	Compression Compression
	// CompressionThreshold: with compression agreed, messages shorter than
	// this many bytes go uncompressed. 0 means the library's default: 128
	// bytes with context takeover, 512 without. 1 compresses every message,
	// "Hello World" too (which deflate makes no smaller).
	CompressionThreshold int
}

// StreamOptions configure a Stream: the MessageOptions, and the sample's
// loop. The zero value is the sample's behaviour: "Hello World" every
// second, reads of at most 100 bytes.
type StreamOptions struct {
	MessageOptions

	// Payload is sent as one binary message every Interval.
	// Nil means DefaultPayload; an empty, non-nil slice sends nothing.
	Payload []byte
	// Interval between sends: 0 means DefaultInterval, Continuous means
	// back to back.
	Interval time.Duration
	// ReadSize bounds each partial read; 0 means DefaultReadSize.
	ReadSize int
	// OnData, when set, is called by the reader goroutine with every partial
	// read, in order. p is only valid during the call; copy what you keep.
	// It must return quickly: the next read waits for it.
	OnData func(p []byte)
}

func (o StreamOptions) payload() []byte {
	if o.Payload == nil {
		return []byte(DefaultPayload)
	}
	return o.Payload
}

func (o StreamOptions) interval() time.Duration {
	switch {
	case o.Interval == 0:
		return DefaultInterval
	case o.Interval < 0:
		return 0
	}
	return o.Interval
}

func (o StreamOptions) readSize() int {
	if o.ReadSize <= 0 {
		return DefaultReadSize
	}
	return o.ReadSize
}

func (o Options) handshakeTimeout() time.Duration {
	if o.HandshakeTimeout <= 0 {
		return DefaultHandshakeTimeout
	}
	return o.HandshakeTimeout
}

func (o Options) pingTimeout() time.Duration {
	if o.PingTimeout <= 0 {
		return 5 * time.Second
	}
	return o.PingTimeout
}

// requestHeader is the handshake's extra headers, with the credentials.
func (o Options) requestHeader() http.Header {
	h := o.Header.Clone()
	if o.Username != "" {
		if h == nil {
			h = http.Header{}
		}
		auth := base64.StdEncoding.EncodeToString([]byte(o.Username + ":" + o.Password))
		h.Set("Authorization", "Basic "+auth)
	}
	return h
}
