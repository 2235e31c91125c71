package sampleserver

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/wssample/wssample/internal/certinfo"
)

// Defaults for the zero values of Config.
const (
	// DefaultMaxMessageSize bounds a message /sample buffers: 1 MiB.
	DefaultMaxMessageSize = 1 << 20
	// DefaultMaxConnections bounds the requests served at once.
	DefaultMaxConnections = 256
)

// Timings of every connection. net/http has no timeout by default: an idle
// keep-alive connection, or a client that sends its request headers a byte
// at a time (slow loris), would hold a socket and a goroutine for ever.
const (
	// defaultReadHeaderTimeout bounds the time a client may take to send a
	// request's headers, and the TLS handshake before them (net/http uses
	// it for both); never the WebSocket that follows.
	defaultReadHeaderTimeout = 10 * time.Second
	// defaultIdleTimeout closes a keep-alive connection that has waited
	// this long for its next request. A browser or HTTP client just opens
	// a new one.
	defaultIdleTimeout = 30 * time.Second
	// defaultHeartbeat is how often /silent sends an unsolicited pong, its
	// only way to notice a client that left (handleSilent).
	defaultHeartbeat = time.Second
	// defaultLinger bounds how long the server reads on after its close
	// frame, waiting for the client to close (checkedConn.Close).
	defaultLinger = 2 * time.Second
)

// connsPerSlot is how many TCP connections the server holds at most per
// connection slot (Config.MaxConnections): room for every slot's WebSocket,
// and as many connections again that are between requests, still sending
// one, or being told 503.
const connsPerSlot = 2

// defaultShutdownGrace is how long Close lets open WebSockets finish their close
// handshake (the server sends 1001 "going away") before it cuts their TCP
// connections. A live client answers in milliseconds; one that never reads
// would otherwise hold Close for the library's 5 s + 5 s close timeouts.
const defaultShutdownGrace = time.Second

// Config says where the server listens and how much it accepts. The zero
// value is ready to use: three ephemeral loopback ports and fresh
// certificates.
type Config struct {
	// Addr is the host:port of the plain ws:// listener; "" means
	// "127.0.0.1:0", an ephemeral port on loopback.
	Addr string
	// TLSAddr is the host:port of the wss:// listener; "" means "127.0.0.1:0".
	TLSAddr string
	// ClientAuthAddr is the host:port of the wss:// listener that requires
	// a client certificate signed by the server's CA and serves only
	// /clientauth; "" means "127.0.0.1:0".
	ClientAuthAddr string

	// Certificates is the CA and the server and client leaves to use; nil
	// means generate a fresh set whose CA is named CAName.
	Certificates *Certificates
	// Certificate, when set, is a real certificate (with its key) served on
	// TLSAddr instead of the generated server leaf, for example one loaded
	// with tls.LoadX509KeyPair by "serve -cert -key". The client-auth
	// listener keeps the generated leaf.
	Certificate *tls.Certificate

	// MaxMessageSize bounds a message on the endpoints that buffer or count
	// whole messages (/sample, /clientauth) and a frame on /partial; the
	// server closes with 1009 (message too big) beyond it. 0 means
	// DefaultMaxMessageSize. /echo streams and has no bound.
	MaxMessageSize int64
	// MaxConnections bounds the requests (a WebSocket is one long request)
	// served at once; beyond it the server answers HTTP 503. 0 means
	// DefaultMaxConnections. The server also holds at most twice as many
	// TCP connections in all, keep-alive connections waiting for their
	// next request included: when that many are open, the one that has
	// waited longest without sending a byte is closed to make room, else
	// the one idle the longest, or, when every one is at work, the new
	// connection is closed at once.
	MaxConnections int

	// Log, when set, receives one line per WebSocket opened and closed and
	// the errors net/http reports (a failed TLS handshake, for instance).
	// nil means silent.
	Log *log.Logger

	// Timings with fixed defaults, unexported so that only this package's
	// tests change them (to see a timeout in milliseconds); 0 means the
	// default.
	idleTimeout       time.Duration // an idle keep-alive HTTP connection: defaultIdleTimeout
	readHeaderTimeout time.Duration // a request's headers: defaultReadHeaderTimeout
	heartbeat         time.Duration // /silent's unsolicited pongs: defaultHeartbeat
	linger            time.Duration // reading on after our close frame: defaultLinger
	shutdownGrace     time.Duration // Close's wait for open WebSockets: defaultShutdownGrace
}

// Server is a running sample server. Create it with Start.
type Server struct {
	cfg   Config
	certs *Certificates
	// tlsLeaf is the certificate served on the wss listener: the generated
	// server leaf or Config.Certificate.
	tlsLeaf *x509.Certificate
	caPool  *x509.CertPool

	httpServers []*http.Server
	listeners   []net.Listener // what the http.Servers serve, outermost layer
	addrs       [3]string      // bound host:port of ws, wss, client-auth

	// ctx is cancelled when the server starts shutting down; handlers watch
	// it to say goodbye. Connections are not derived from it, see accept.
	ctx    context.Context
	cancel context.CancelFunc
	// stopWatch stops the AfterFunc that closes the server when Start's ctx
	// ends. Guarded by watchMu: that AfterFunc may run (and call Close)
	// before Start has stored it.
	watchMu   sync.Mutex
	stopWatch func() bool

	slots    chan struct{} // one token per request in progress (MaxConnections)
	conns    connSet       // every TCP connection, so Close can cut them
	handlers gate          // every handler in progress
	httpWG   sync.WaitGroup
	serveWG  sync.WaitGroup

	closeOnce sync.Once
	done      chan struct{}
}

// Start listens on the three addresses of cfg and serves until ctx ends or
// Close is called. It returns once the listeners are bound, so the URLs
// work as soon as it returns. On error nothing is left listening.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.MaxMessageSize <= 0 {
		cfg.MaxMessageSize = DefaultMaxMessageSize
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = DefaultMaxConnections
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{
		{&cfg.idleTimeout, defaultIdleTimeout},
		{&cfg.readHeaderTimeout, defaultReadHeaderTimeout},
		{&cfg.heartbeat, defaultHeartbeat},
		{&cfg.linger, defaultLinger},
		{&cfg.shutdownGrace, defaultShutdownGrace},
	} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	certs := cfg.Certificates
	if certs == nil {
		var err error
		if certs, err = NewTestCertificates(CAName); err != nil {
			return nil, fmt.Errorf("sample server: %w", err)
		}
	}
	tlsCert := certs.Server
	if cfg.Certificate != nil {
		tlsCert = *cfg.Certificate
	}
	tlsLeaf, err := certinfo.Leaf(&tlsCert)
	if err != nil {
		return nil, fmt.Errorf("sample server: TLS certificate: %w", err)
	}

	s := &Server{
		cfg:     cfg,
		certs:   certs,
		tlsLeaf: tlsLeaf,
		caPool:  x509.NewCertPool(),
		slots:   make(chan struct{}, cfg.MaxConnections),
		conns:   connSet{max: connsPerSlot * cfg.MaxConnections},
		done:    make(chan struct{}),
	}
	s.caPool.AddCert(certs.CA)
	s.ctx, s.cancel = context.WithCancel(context.Background())

	listeners := []struct {
		addr    string
		handler http.Handler
		tls     *tls.Config
	}{
		{cfg.Addr, s.routes(), nil},
		{cfg.TLSAddr, s.routes(), &tls.Config{Certificates: []tls.Certificate{tlsCert}}},
		{cfg.ClientAuthAddr, s.clientAuthRoutes(), &tls.Config{
			Certificates: []tls.Certificate{certs.Server},
			// The TLS handshake itself refuses a client without a
			// certificate signed by our CA, before any HTTP is spoken.
			ClientAuth: tls.RequireAndVerifyClientCert,
			ClientCAs:  s.caPool,
		}},
	}
	var lns []net.Listener
	for i, l := range listeners {
		addr := l.addr
		if addr == "" {
			addr = "127.0.0.1:0"
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			for _, ln := range lns {
				ln.Close()
			}
			s.cancel()
			return nil, fmt.Errorf("sample server: listen on %s: %w", addr, err)
		}
		s.addrs[i] = ln.Addr().String()
		ln = &trackingListener{Listener: ln, set: &s.conns, refused: func(c net.Conn) {
			s.logf("%s: connection refused: the server already holds %d", c.RemoteAddr(), s.conns.max)
		}}
		if l.tls != nil {
			l.tls.MinVersion = tls.VersionTLS12
			// HTTP/1.1 only: the WebSocket handshake here is the HTTP/1.1
			// Upgrade (RFC 6455), not the HTTP/2 CONNECT of RFC 8441.
			l.tls.NextProtos = []string{"http/1.1"}
			ln = tls.NewListener(ln, l.tls)
		}
		lns = append(lns, ln)
		s.httpServers = append(s.httpServers, &http.Server{
			Handler:           l.handler,
			ReadHeaderTimeout: cfg.readHeaderTimeout,
			IdleTimeout:       cfg.idleTimeout,
			ErrorLog:          s.errorLog(),
			ConnState:         s.connState,
		})
	}
	s.listeners = lns
	for i, hs := range s.httpServers {
		s.serveWG.Add(1)
		go func() {
			defer s.serveWG.Done()
			// Serve returns when Close closes its listener; only an error
			// before that is worth reporting.
			if err := hs.Serve(lns[i]); err != nil && s.ctx.Err() == nil {
				s.logf("serve %s: %v", s.addrs[i], err)
			}
		}()
	}
	s.watchMu.Lock()
	s.stopWatch = context.AfterFunc(ctx, func() { s.Close() })
	s.watchMu.Unlock()
	return s, nil
}

// connState counts net/http's connection goroutines so that Close can wait
// for them: each connection starts in StateNew and ends in StateClosed, or
// in StateHijacked when a WebSocket takes it over (the handler, tracked
// separately, then owns it). It also tells the connSet which connections
// are idle between two requests, the first to close when it is full.
func (s *Server) connState(c net.Conn, state http.ConnState) {
	switch state {
	case http.StateNew:
		s.httpWG.Add(1)
	case http.StateClosed, http.StateHijacked:
		s.httpWG.Done()
	}
	if tc := tracked(c); tc != nil {
		s.conns.setIdle(tc, state == http.StateIdle)
	}
}

// Close stops the listeners, closes every connection and waits until every
// goroutine the server started has ended. Open WebSockets first get a close
// frame with 1001 (going away) and up to a second to answer it. Close may
// be called more than once and from several goroutines; all calls return
// once the server is down.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		s.watchMu.Lock()
		if s.stopWatch != nil {
			s.stopWatch() // Start's ctx no longer matters
		}
		s.watchMu.Unlock()
		s.handlers.shut() // no new handler starts from now on
		s.cancel()        // running handlers say goodbye or give up
		// Stop accepting. Only the listeners: a handler may be halfway
		// through a WebSocket handshake, and http.Server.Close would cut
		// its connection before the handler has taken it over.
		for _, ln := range s.listeners {
			ln.Close()
		}
		s.serveWG.Wait()
		// Give WebSockets a moment to finish their close handshakes, then
		// cut those whose client does not answer.
		if !s.handlers.waitTimeout(s.cfg.shutdownGrace) {
			s.conns.closeAll()
		}
		s.handlers.wait()
		// Now close what net/http still owns: idle keep-alive connections
		// and connections that never sent a complete request.
		for _, hs := range s.httpServers {
			hs.Close()
		}
		s.conns.closeAll()
		s.httpWG.Wait()
		close(s.done)
	})
	<-s.done
	return nil
}

// Done is closed once the server is fully shut down, after its ctx ended or
// Close was called.
func (s *Server) Done() <-chan struct{} { return s.done }

// errorLog is where net/http reports connection errors.
func (s *Server) errorLog() *log.Logger {
	if s.cfg.Log != nil {
		return s.cfg.Log
	}
	return log.New(io.Discard, "", 0)
}

// logf writes one line to Config.Log, if set.
func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log != nil {
		s.cfg.Log.Printf(format, args...)
	}
}

// gate counts handlers in progress and, once shut, lets none start. It is
// a sync.WaitGroup whose Add can never race with Wait: both happen under
// the same lock, and Add is refused after shut.
type gate struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// enter reports whether a handler may start; if so it must call leave.
func (g *gate) enter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.wg.Add(1)
	return true
}

func (g *gate) leave() { g.wg.Done() }

func (g *gate) shut() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

func (g *gate) wait() { g.wg.Wait() }

// waitTimeout waits for all handlers, at most d, and reports whether they
// all ended.
func (g *gate) waitTimeout(d time.Duration) bool {
	done := make(chan struct{})
	go func() { g.wg.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}
