package sampleserver

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// /flood's pacing (flood, faults.go): every slice (10 ms) it sends the bytes
// due at its rate so far, so that a client that fell a little behind gets
// what it missed and the rate holds on average; but a client far behind
// (more than two slices) is not sent the whole debt at full speed: the debt
// is forgotten, one slice's worth goes, and the rate goes on from there.
//
// Seen in bytes per slice, which only a clock the test drives can show
// exactly: flood runs in a synctest bubble, whose clock moves only when
// every goroutine in it waits, over an in-memory pipe (net.Pipe, which
// holds no bytes: a write waits for the client to read). At 100,000 B/s a
// slice is 1,000 bytes.
func TestFloodPacesBySlicesAndForgetsADebtOfMoreThanTwo(t *testing.T) {
	const slice = 1000 // bytes: 100,000 B/s for 10 ms
	for _, tc := range []struct {
		name  string
		stall time.Duration // how long the flood's write of the 5th slice waits
		// what the client has when its stall ends (the 5th slice
		// included), and a slice later
		atEnd, after int64
	}{
		// 1.5 slices behind: both caught up at once.
		{"15 ms behind", 15 * time.Millisecond, 6500, 7000},
		// Two slices behind, the most that is still caught up.
		{"20 ms behind", 20 * time.Millisecond, 7000, 8000},
		// Ten slices behind: one slice, the rest forgotten; then one a slice.
		{"100 ms behind", 100 * time.Millisecond, 6000, 7000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c := floodOverPipe(t, 100*slice)
				// On time: one slice at each tick.
				for i := int64(1); i <= 3; i++ {
					c.at(t, time.Duration(i)*floodSlice+floodSlice/2, i*slice)
				}
				// The client stops reading once the 4th slice has come:
				// the 5th is written at 50 ms and waits for it.
				c.stall <- tc.stall + floodSlice
				c.at(t, 5*floodSlice+tc.stall, tc.atEnd)
				c.at(t, 6*floodSlice+tc.stall, tc.after)
			})
		})
	}
}

// floodClient reads what flood sends over a pipe, in a synctest bubble.
type floodClient struct {
	got   atomic.Int64       // payload bytes read so far
	stall chan time.Duration // after the next message, wait this long before reading on
	start time.Time          // when the flood started
	stop  chan<- struct{}    // ends the flood
}

// floodOverPipe starts flood at rate (bytes per second) on one end of a
// net.Pipe and a client reading the other, both ended with the test.
func floodOverPipe(t *testing.T, rate int64) *floodClient {
	srv, cli := net.Pipe()
	r := httptest.NewRequest(http.MethodGet, "/flood", nil)
	r.Header.Set("Connection", "Upgrade")
	r.Header.Set("Upgrade", "websocket")
	r.Header.Set("Sec-WebSocket-Version", "13")
	r.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	ws, err := websocket.Accept(&pipeResponse{conn: srv, header: http.Header{}}, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	c := &floodClient{stall: make(chan time.Duration, 1), start: time.Now(), stop: stop}
	flooded := make(chan error, 1)
	go func() { flooded <- flood(context.Background(), ws, rate, stop) }()
	read := make(chan struct{})
	go func() {
		defer close(read)
		br := bufio.NewReader(cli)
		for {
			f, err := wsframe.ReadFrame(br, 1<<20)
			if err != nil {
				return // the pipe closed at the test's end
			}
			c.got.Add(int64(len(f.Payload)))
			select {
			case d := <-c.stall:
				time.Sleep(d)
			default:
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		if err := <-flooded; err != nil {
			t.Errorf("flood: %v", err)
		}
		ws.CloseNow()
		cli.Close()
		<-read
	})
	return c
}

// at waits until d after the flood started and checks the client has
// read want bytes by then.
func (c *floodClient) at(t *testing.T, d time.Duration, want int64) {
	t.Helper()
	time.Sleep(time.Until(c.start.Add(d)))
	synctest.Wait() // the flood and the client have done all they do at d
	if got := c.got.Load(); got != want {
		t.Fatalf("at %v: the client has read %d bytes, want %d", d, got, want)
	}
}

// pipeResponse is the http.ResponseWriter websocket.Accept gets: it hands
// over the server's end of the pipe. The 101 it would write is left out
// (the client here reads frames only).
type pipeResponse struct {
	conn   net.Conn
	header http.Header
}

func (w *pipeResponse) Header() http.Header         { return w.header }
func (w *pipeResponse) Write(p []byte) (int, error) { return len(p), nil }
func (w *pipeResponse) WriteHeader(int)             {}

func (w *pipeResponse) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.conn, bufio.NewReadWriter(bufio.NewReader(w.conn), bufio.NewWriter(w.conn)), nil
}
