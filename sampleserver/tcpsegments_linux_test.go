package sampleserver

// How many writes the server made, as its client's kernel saw them arrive.
//
// /echo's batches (session.go) are a promise about writes: the answers to
// a burst leave a few dozen to a write. TCP keeps no write boundaries in
// the bytes, but on loopback the kernel keeps them in its segments: a
// write of up to about 32 KB leaves as one segment (the stack cuts at half
// the peer's window, 64 KB on a fresh connection), and two writes never
// share one, since Go sets TCP_NODELAY (no Nagle) and loopback hands each
// segment over at once (so the kernel never holds one back to add the next
// to it: no autocorking). TestDataSegmentsCountALoopbackPeersWrites checks
// exactly that premise on the machine the tests run on.

import (
	"encoding/binary"
	"io"
	"net"
	"syscall"
	"testing"
	"unsafe"
)

// tcpInfoDataSegsIn is where struct tcp_info holds tcpi_data_segs_in
// (Linux 4.6+): the segments received that carried data, pure ACKs left out.
const tcpInfoDataSegsIn = 152

// dataSegmentsIn is how many segments carrying data conn's socket has
// received so far, in the kernel's count.
func dataSegmentsIn(t *testing.T, conn net.Conn) uint32 {
	t.Helper()
	sc, ok := conn.(syscall.Conn)
	if !ok {
		t.Fatalf("%T is not a socket", conn)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var info [tcpInfoDataSegsIn + 4]byte
	size := uint32(len(info))
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall6(syscall.SYS_GETSOCKOPT, fd, syscall.IPPROTO_TCP, syscall.TCP_INFO,
			uintptr(unsafe.Pointer(&info)), uintptr(unsafe.Pointer(&size)), 0)
	}); err != nil || errno != 0 {
		t.Fatalf("TCP_INFO: %v %v", err, errno)
	}
	if size < uint32(len(info)) {
		t.Fatalf("this kernel's TCP_INFO is %d bytes, without tcpi_data_segs_in (Linux 4.6 has it)", size)
	}
	return binary.NativeEndian.Uint32(info[tcpInfoDataSegsIn:])
}

// The premise of the write counts: on loopback, each of a peer's writes
// (small, back to back, as /echo's batches are) arrives as one segment.
func TestDataSegmentsCountALoopbackPeersWrites(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	peer, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer peer.Close()
	sizes := []int{4, 4, 4, 256, 6000, 4, 20000, 4}
	before := dataSegmentsIn(t, c)
	total := 0
	for _, n := range sizes {
		if _, err := peer.Write(make([]byte, n)); err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if _, err := io.ReadFull(c, make([]byte, total)); err != nil {
		t.Fatal(err)
	}
	if got := dataSegmentsIn(t, c) - before; got != uint32(len(sizes)) {
		t.Fatalf("%d writes arrived as %d segments, want one each", len(sizes), got)
	}
}
