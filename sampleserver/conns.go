package sampleserver

import (
	"container/list"
	"crypto/tls"
	"net"
	"sync"
	"sync/atomic"
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
// connections in all. When it is full, a new connection is made room for by
// closing, in this order (see room.go):
//
//  1. the connection that has waited longest without sending a single byte:
//     a client that opened a connection and said nothing has lost nothing
//     a real client would miss, and a flood of them must not lock out the
//     next real client;
//  2. the connection idle the longest between two requests (a keep-alive
//     connection, which costs its client nothing to reopen).
//
// A connection that has sent part of its request is never closed to make
// room: it is a client at work, however slow, and the header timeout bounds
// it. When no connection can go, the new one is refused at once.
type connSet struct {
	max int // 0: no bound

	mu      sync.Mutex
	conns   map[*trackedConn]struct{}
	silent  silentQueue // the connections that have not sent a byte yet, oldest first
	most    int         // the most connections held at once: what tests check the bound with
	offered int         // connections accepted by the listeners, admitted or not
}

// admit records c if there is room, making room when the set is full by
// closing one connection (see connSet for which). It reports whether c was
// admitted.
func (s *connSet) admit(c *trackedConn) bool {
	s.mu.Lock()
	s.offered++
	if s.conns == nil {
		s.conns = make(map[*trackedConn]struct{})
	}
	var evict *trackedConn
	if s.max > 0 && len(s.conns) >= s.max {
		if evict = s.silent.oldest(); evict == nil {
			evict = s.idleLongest()
		}
		if evict == nil {
			s.mu.Unlock()
			return false
		}
		s.forget(evict)
	}
	s.conns[c] = struct{}{}
	s.silent.add(c) // it has not sent anything yet
	s.most = max(s.most, len(s.conns))
	s.mu.Unlock()
	if evict != nil {
		evict.Close() // net/http's goroutine waiting for its request ends
	}
	return true
}

// idleLongest is the connection idle the longest between two requests, or
// nil. Called with s.mu held.
func (s *connSet) idleLongest() *trackedConn {
	var idle *trackedConn
	for o := range s.conns {
		if !o.idleSince.IsZero() && (idle == nil || o.idleSince.Before(idle.idleSince)) {
			idle = o
		}
	}
	return idle
}

// forget removes c from the set. Called with s.mu held.
func (s *connSet) forget(c *trackedConn) {
	delete(s.conns, c)
	s.silent.remove(c)
}

// spoke records that c has sent its first byte: from now on it is a
// client at work, never closed to make room.
func (s *connSet) spoke(c *trackedConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silent.remove(c)
}

func (s *connSet) remove(c *trackedConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forget(c)
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

// silentLen is the number of connections that have not sent a byte yet.
func (s *connSet) silentLen() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.silent.l.Len()
}

// accepted is how many connections the listeners have accepted so far,
// admitted or not.
func (s *connSet) accepted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offered
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
	// inQueue is its place in set.silent while it has sent nothing; nil
	// once it has. Guarded by set.mu.
	inQueue *list.Element
	// spoke is set at its first byte, so that later reads skip the lock.
	spoke atomic.Bool
}

// Read reads from the connection and, at the first byte the client sends,
// tells the set.
func (c *trackedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && !c.spoke.Load() {
		c.spoke.Store(true)
		c.set.spoke(c)
	}
	return n, err
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
