//go:build !unix

package sampleserver

import "net"

// hasUnread reports whether bytes from the peer wait unread in the kernel.
// Only the Unix version asks (peek_unix.go); here a client counts as silent
// until net/http has read its first byte.
func hasUnread(net.Conn) bool { return false }
