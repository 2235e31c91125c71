package sampleserver

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// endpoint describes one path of the plain and TLS listeners, for the
// router and for the index page (and "serve", which prints the same list).
type endpoint struct {
	Path    string
	Example string // a path with a query worth trying, "" if Path is enough
	Summary string
	handler func(*Server, http.ResponseWriter, *http.Request)
}

// endpoints lists the paths of the ws and wss listeners in the order the
// index shows them.
var endpoints = []endpoint{
	{"/echo", "", "echoes every message, byte for byte, with its type (text or binary)", (*Server).handleEcho},
	{"/sample", "", `the Windows sample's EchoWebSocket.ashx: announces itself, answers text with You said: "…" and binary with its size`, (*Server).handleSample},
	{"/partial", "", `the Windows sample's partialMessages.ashx: answers every frame with a You said: "…" frame carrying the same FIN bit`, (*Server).handlePartial},
	{"/greet", "", "sends a welcome text message first, then echoes", (*Server).handleGreet},
	{"/reject", "/reject?status=403", "refuses the handshake with HTTP status 300–599 (default 403)", (*Server).handleReject},
	{"/close", "/close?code=4000&reason=Server+closed+the+connection&after=2s", "echoes, then closes with that code and reason after that delay", (*Server).handleClose},
	{"/drop", "/drop?after=2s", "echoes, then cuts the TCP connection without a close frame (abnormal closure, 1006)", (*Server).handleDrop},
	{"/hang", "", "never answers the handshake (try a client's handshake timeout)", (*Server).handleHang},
	{"/silent", "", "accepts, then never reads: the client's writes back up (it notices when the client leaves)", (*Server).handleSilent},
	{"/flood", "/flood?rate=1MiB", "sends binary data at that many bytes per second (default 1 MiB/s, at most 1 GiB/s)", (*Server).handleFlood},
}

// Endpoint is one path of the sample server, as listed by Endpoints.
type Endpoint struct {
	// Path is the URL path, such as "/echo".
	Path string
	// Example is Path with a query worth trying, or Path when it takes none.
	Example string
	// Summary says in one line what the endpoint does.
	Summary string
}

// Endpoints lists the paths served on the ws and wss listeners, in a
// sensible reading order. The client-auth listener serves only /clientauth.
func Endpoints() []Endpoint {
	list := make([]Endpoint, len(endpoints))
	for i, e := range endpoints {
		ex := e.Example
		if ex == "" {
			ex = e.Path
		}
		list[i] = Endpoint{Path: e.Path, Example: ex, Summary: e.Summary}
	}
	return list
}

// routes is the handler of the ws and wss listeners.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, e := range endpoints {
		mux.HandleFunc(e.Path, func(w http.ResponseWriter, r *http.Request) { e.handler(s, w, r) })
	}
	// "/{$}" matches "/" only; anything else unknown falls to "/" → 404.
	mux.HandleFunc("/{$}", s.handleIndex)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, fmt.Sprintf("No such endpoint %q: GET / lists them.", r.URL.Path), http.StatusNotFound)
	})
	return s.limit(mux)
}

// clientAuthRoutes is the handler of the client-auth listener. Its TLS
// layer has already verified the client's certificate.
func (s *Server) clientAuthRoutes() http.Handler {
	mux := http.NewServeMux()
	// Like the Windows sample, whose EchoWebSocketWithClientAuthentication.ashx
	// is a copy of EchoWebSocket.ashx behind an IIS "require certificate" flag.
	mux.HandleFunc("/clientauth", s.handleSample)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "This listener serves only /clientauth (with a client certificate).", http.StatusNotFound)
	})
	return s.limit(mux)
}

// limit admits at most MaxConnections requests at once and none once the
// server is shutting down. A WebSocket is one long request, so this bounds
// open WebSockets. Beyond the bound it answers 503 at once rather than
// queueing: a client learns straight away, in plain words.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.handlers.enter() {
			http.Error(w, "The sample server is shutting down.", http.StatusServiceUnavailable)
			return
		}
		select {
		case s.slots <- struct{}{}:
		default:
			s.handlers.leave()
			http.Error(w, fmt.Sprintf("Too many connections: the sample server serves at most %d at a time.", s.cfg.MaxConnections), http.StatusServiceUnavailable)
			return
		}
		l := &lease{s: s}
		defer func() {
			if !l.handed {
				l.release()
			}
		}()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), leaseKey{}, l)))
	})
}

// lease is a request's hold on a slot and on the handler gate (limit). The
// handler's return releases it, unless the handler handed it to its
// session's goroutine (goOn), which releases it when the session ends.
type lease struct {
	s      *Server
	handed bool // by goOn; read by limit once the handler has returned
}

func (l *lease) release() {
	<-l.s.slots
	l.s.handlers.leave()
}

// leaseKey finds a request's lease in its context.
type leaseKey struct{}

// handleIndex answers a browser's GET / with the list of endpoints.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	var b strings.Builder
	b.WriteString("WebSocket Sample server\n\nConnect a WebSocket client to one of these paths:\n\n")
	for _, e := range Endpoints() {
		fmt.Fprintf(&b, "  %-60s %s\n", e.Example, e.Summary)
	}
	b.WriteString("\nAn endpoint answers a client's close frame with the client's own code and reason.\n")
	b.WriteString("A client that breaks RFC 6455 is closed with 1002 (1007 for invalid UTF-8) and a reason saying what was wrong.\n")
	fmt.Fprintf(&b, "Client authentication: %s requires a certificate signed by %q.\n", s.ClientAuthURL(), s.certs.CA.Subject.CommonName)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte(b.String()))
}
