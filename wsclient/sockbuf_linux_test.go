package wsclient_test

// What the kernel says of a TCP socket's buffers, for tests that must
// know a connection has backed up rather than guess it from a counter
// that stopped moving (which is also what an unscheduled goroutine looks
// like on a loaded machine).

import (
	"encoding/binary"
	"fmt"
	"net"
	"os"
	"strconv"
	"syscall"
	"testing"
	"unsafe"
)

// soMeminfo is SO_MEMINFO (Linux 4.12+): the socket's memory as the
// SK_MEMINFO_* array of uint32.
const soMeminfo = 55

// The SK_MEMINFO_* indexes we read.
const (
	skMeminfoRmemAlloc  = 0 // bytes received and not yet read
	skMeminfoRcvbuf     = 1
	skMeminfoWmemQueued = 5 // bytes queued to send, not yet acknowledged
	skMeminfoSndbuf     = 3
	skMeminfoVars       = 9
)

// tcpInfoSndWnd is where struct tcp_info holds tcpi_snd_wnd (its last field
// here; an older kernel returns a shorter struct, and meminfoIf says so):
// the peer's advertised receive window, in bytes.
const tcpInfoSndWnd = 228

// sockMem is one socket's buffers, in the kernel's own accounting, and
// the room its peer last said it had.
type sockMem struct {
	rmemAlloc, rcvbuf, wmemQueued, sndbuf uint32
	peerWindow                            uint32
}

// peerFull reports whether the peer's receive buffer is full: it
// advertises a zero window, having not read what it got, so what is
// queued here (queued says whether anything is) cannot leave until it
// reads.
func (m sockMem) peerFull() bool { return m.peerWindow == 0 }

// queued reports whether anything waits in the send queue.
func (m sockMem) queued() bool { return m.wmemQueued > 0 }

// bufferFull reports whether the send buffer is full. Linux's tcp_sendmsg
// waits for room while sk_wmem_queued >= sk_sndbuf, or sooner when the
// memory it would take is refused (sk_wmem_schedule, under the machine's
// TCP memory pressure); and of sk_sndbuf half is the kernel's bookkeeping
// (socket(7)). So half of it queued is full.
func (m sockMem) bufferFull() bool { return 2*uint64(m.wmemQueued) >= uint64(m.sndbuf) }

// writerStuck reports whether the socket's writer is stuck on its peer:
// the peer has not read what it got and the send buffer is full. Only
// the peer reading can free that room.
func (m sockMem) writerStuck() bool { return m.peerFull() && m.bufferFull() }

func (m sockMem) String() string {
	return fmt.Sprintf("send queue %d of %d bytes, the peer's window %d, receive queue %d of %d",
		m.wmemQueued, m.sndbuf, m.peerWindow, m.rmemAlloc, m.rcvbuf)
}

// socketTo finds the TCP socket of this process connected to peer, and
// from local when local is not nil, and returns its buffers; ok is false
// when there is none (not connected yet, or closed). The test's client
// and server live in this process, so each end of a loopback connection
// is one of its file descriptors. A socket may have more than one
// descriptor at a time: while another test running in parallel looks
// through the descriptors too, it holds a copy of each (see below). So
// sockets are told apart by their inode, not by their descriptors.
func socketTo(local, peer net.Addr) (m sockMem, ok bool, err error) {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return m, false, err
	}
	found := map[uint64]bool{} // the inodes of the sockets that match
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if link, err := os.Readlink("/proc/self/fd/" + e.Name()); err != nil || len(link) < 7 || link[:7] != "socket:" {
			continue
		}
		// A copy of the descriptor: if n is closed (and its number reused)
		// while we look, the copy is of whatever n was when copied, and
		// its addresses say which.
		fd, err := syscall.Dup(n)
		if err != nil {
			continue
		}
		got, match, err := meminfoIf(fd, local, peer)
		var st syscall.Stat_t
		if err == nil && match {
			err = syscall.Fstat(fd, &st)
		}
		syscall.Close(fd)
		if err != nil {
			return m, false, err
		}
		if match {
			m, found[st.Ino] = got, true
		}
	}
	if len(found) > 1 {
		return m, false, fmt.Errorf("%d sockets are connected to %v", len(found), peer)
	}
	return m, len(found) == 1, nil
}

// meminfoIf reads fd's buffers if its addresses are local (when not nil)
// and peer; an error says the kernel cannot tell them.
func meminfoIf(fd int, local, peer net.Addr) (m sockMem, match bool, err error) {
	sp, err := syscall.Getpeername(fd)
	if err != nil || !sameAddr(sp, peer) {
		return m, false, nil
	}
	if local != nil {
		sl, err := syscall.Getsockname(fd)
		if err != nil || !sameAddr(sl, local) {
			return m, false, nil
		}
	}
	var v [skMeminfoVars]uint32
	size := uint32(unsafe.Sizeof(v))
	if _, _, errno := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), syscall.SOL_SOCKET, soMeminfo,
		uintptr(unsafe.Pointer(&v)), uintptr(unsafe.Pointer(&size)), 0); errno != 0 {
		return m, false, fmt.Errorf("SO_MEMINFO: %w (Linux 4.12 or later has it)", errno)
	}
	var info [tcpInfoSndWnd + 4]byte
	size = uint32(len(info))
	if _, _, errno := syscall.Syscall6(syscall.SYS_GETSOCKOPT, uintptr(fd), syscall.IPPROTO_TCP, syscall.TCP_INFO,
		uintptr(unsafe.Pointer(&info)), uintptr(unsafe.Pointer(&size)), 0); errno != 0 {
		return m, false, fmt.Errorf("TCP_INFO: %w", errno)
	}
	if size < uint32(len(info)) {
		return m, false, fmt.Errorf("this kernel's TCP_INFO is %d bytes, without tcpi_snd_wnd (the peer's window)", size)
	}
	return sockMem{rmemAlloc: v[skMeminfoRmemAlloc], rcvbuf: v[skMeminfoRcvbuf],
		wmemQueued: v[skMeminfoWmemQueued], sndbuf: v[skMeminfoSndbuf],
		peerWindow: binary.NativeEndian.Uint32(info[tcpInfoSndWnd:])}, true, nil
}

// sameAddr compares a socket address with a TCP address.
func sameAddr(sa syscall.Sockaddr, a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return false
	}
	switch sa := sa.(type) {
	case *syscall.SockaddrInet4:
		return sa.Port == ta.Port && net.IP(sa.Addr[:]).Equal(ta.IP)
	case *syscall.SockaddrInet6:
		return sa.Port == ta.Port && net.IP(sa.Addr[:]).Equal(ta.IP)
	}
	return false
}

// socketTo tells one socket with two descriptors from two sockets: the
// parallel subtests of TestPingWaitsForASlowPeerRFC6455Section5_5_2 look
// through the descriptors at once, each holding a copy of every socket's
// descriptor for a moment, and the other then saw "2 sockets".
func TestSocketToCountsASocketOnce(t *testing.T) {
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
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	// A second descriptor of the client's socket, as another test's look
	// holds one.
	raw, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var dup int
	var dupErr error
	if err := raw.Control(func(fd uintptr) { dup, dupErr = syscall.Dup(int(fd)) }); err != nil || dupErr != nil {
		t.Fatalf("dup: %v %v", err, dupErr)
	}
	defer syscall.Close(dup)
	if _, ok, err := socketTo(nil, ln.Addr()); err != nil || !ok {
		t.Fatalf("socketTo the listener's address with two descriptors of one client socket: found %v, %v; want the one socket", ok, err)
	}
	// And two sockets are two.
	c2, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, _, err := socketTo(nil, ln.Addr()); err == nil {
		t.Fatal("socketTo found one socket where two are connected to the listener")
	}
}
