package sampleserver

import (
	"crypto/tls"
	"net"
	"sync"
	"time"
)

// connSet remembers every TCP connection the listeners accepted until it is
// closed, and bounds how many there are.
//
// Remembering: net/http forgets a connection once a WebSocket hijacks it,
// and TLS and WebSocket layers may each want a polite goodbye that a stuck
// peer never lets finish; cutting the raw TCP connection always works, so
// that is what Close does last.
//
// Bounding: the handler slots (Config.MaxConnections) only count requests
// in progress. A keep-alive connection between two requests, or one that
// has not finished sending its request, holds a socket and a goroutine too,
// and net/http would keep any number of them. So the set holds at most max
// connections in all; when it is full, the connection idle the longest
// (a keep-alive connection between requests, which costs its client
// nothing to reopen) is closed to make room, and when none is idle the new
// connection is refused at once.
type connSet struct {
	max int // 0: no bound

	mu    sync.Mutex
	conns map[*trackedConn]struct{}
	most  int // the most connections held at once: what tests check the bound with
}

// admit records c if there is room, making room when the set is full by
// closing the connection idle the longest. It reports whether c was
// admitted.
func (s *connSet) admit(c *trackedConn) bool {
	s.mu.Lock()
	if s.conns == nil {
		s.conns = make(map[*trackedConn]struct{})
	}
	var evict *trackedConn
	if s.max > 0 && len(s.conns) >= s.max {
		for o := range s.conns {
			if !o.idleSince.IsZero() && (evict == nil || o.idleSince.Before(evict.idleSince)) {
				evict = o
			}
		}
		if evict == nil {
			s.mu.Unlock()
			return false
		}
		delete(s.conns, evict)
	}
	s.conns[c] = struct{}{}
	s.most = max(s.most, len(s.conns))
	s.mu.Unlock()
	if evict != nil {
		evict.Close() // net/http's goroutine waiting for its next request ends
	}
	return true
}

func (s *connSet) remove(c *trackedConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

// setIdle marks c idle (between two requests) or busy.
func (s *connSet) setIdle(c *trackedConn, idle bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if idle {
		c.idleSince = time.Now()
	} else {
		c.idleSince = time.Time{}
	}
}

// len is the number of connections open.
func (s *connSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// peak is the most connections the set has held at once.
func (s *connSet) peak() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.most
}

// closeAll closes every connection still open.
func (s *connSet) closeAll() {
	s.mu.Lock()
	conns := make([]*trackedConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// trackingListener records each accepted connection in a connSet, and
// closes at once those the set has no room for.
type trackingListener struct {
	net.Listener
	set     *connSet
	refused func(net.Conn) // told about each connection refused
}

// Accept waits for the next connection the set admits.
func (l *trackingListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		tc := &trackedConn{Conn: c, set: l.set}
		if l.set.admit(tc) {
			return tc, nil
		}
		l.refused(c)
		c.Close()
	}
}

// trackedConn is a connection that leaves its connSet when closed.
type trackedConn struct {
	net.Conn
	set  *connSet
	once sync.Once
	// idleSince is when net/http last finished a request on it and began
	// waiting for the next; zero while it is busy. Guarded by set.mu.
	idleSince time.Time
}

// Close closes the connection and forgets it.
func (c *trackedConn) Close() error {
	c.once.Do(func() { c.set.remove(c) })
	return c.Conn.Close()
}

// CloseWrite shuts down the sending side only (a TCP FIN): the peer reads
// what was sent, then end of stream, while this side can still read.
func (c *trackedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// tracked finds the trackedConn under a connection net/http hands to
// ConnState: the connection itself, or the one under its TLS layer.
func tracked(c net.Conn) *trackedConn {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	t, _ := c.(*trackedConn)
	return t
}
