//go:build unix

package sampleserver

import (
	"net"
	"syscall"
)

// hasUnread reports whether bytes from the peer wait in the kernel's
// receive buffer, not yet read by anyone. It asks with a peek (recv with
// MSG_PEEK on the non-blocking socket Go keeps), which neither waits nor
// takes the bytes: net/http reads them as usual.
//
// Why: a client's first bytes may have arrived while the goroutine that
// will read them has not run yet (a flood keeps the CPU busy). To the
// silent queue the client still looks silent; the kernel knows better.
func hasUnread(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	n := 0
	// Control, not Read: Read would wait for the goroutine blocked in its
	// own Read on the same socket.
	rc.Control(func(fd uintptr) {
		var b [1]byte
		n, _, _ = syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK)
	})
	return n > 0
}
