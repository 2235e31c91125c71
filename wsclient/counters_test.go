package wsclient_test

import (
	"testing"
	"time"

	"github.com/wssample/wssample/internal/testserver"
	"github.com/wssample/wssample/wsclient"
)

// A file sent with SendFile is payload like any other: Stream.Sent counts
// each of its bytes once written (RFC 6455 §5.6: every binary message's
// application data), and Received counts its echo. The stream sends
// nothing else (an empty payload), so both counters must come to the
// file's size exactly: not less (the file left out), not more (counted
// twice).
func TestStreamCountersIncludeASentFile(t *testing.T) {
	const size = 3<<20 + 17 // several chunks and an odd last one
	srv := testserver.Start(t)
	path, sum := randomFile(t, size)
	s, _ := connectedStream(t, srv.URL("/echo"), wsclient.StreamOptions{Payload: []byte{}})
	if got := s.Sent(); got != 0 {
		t.Fatalf("Sent = %d before the transfer, with an empty payload", got)
	}
	tr, err := s.SendFile(path, 64<<10)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-tr.Done():
	case <-time.After(60 * time.Second):
		t.Fatal("transfer did not finish")
	}
	if r := tr.Result(); r.Bytes != size || r.SHA256 != sum || !r.EchoVerified() {
		t.Fatalf("result = %+v, lines %q", r, r.Lines())
	}
	if got := s.Sent(); got != size {
		t.Errorf("Stream.Sent = %d after sending a %d-byte file, want %d", got, size, size)
	}
	eventually(t, 10*time.Second, "Received to reach the file's size", func() bool { return s.Received() >= size })
	if got := s.Received(); got != size {
		t.Errorf("Stream.Received = %d after the echo of a %d-byte file, want %d", got, size, size)
	}
}
