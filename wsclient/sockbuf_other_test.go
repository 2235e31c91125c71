//go:build !linux

package wsclient_test

import (
	"errors"
	"net"
	"runtime"
)

// sockMem is one socket's buffers; only Linux's SO_MEMINFO tells them
// (sockbuf_linux_test.go).
type sockMem struct{}

func (sockMem) peerFull() bool    { return false }
func (sockMem) queued() bool      { return false }
func (sockMem) bufferFull() bool  { return false }
func (sockMem) writerStuck() bool { return false }
func (sockMem) String() string    { return "" }

// socketTo needs Linux: elsewhere the tests that wait for a connection to
// back up say so and skip.
func socketTo(local, peer net.Addr) (sockMem, bool, error) {
	return sockMem{}, false, errors.New("reading a socket's buffers needs Linux's SO_MEMINFO, not " + runtime.GOOS)
}
