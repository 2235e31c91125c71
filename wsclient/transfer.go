package wsclient

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/wsclient/internal/wire"
)

// DefaultChunkSize is the size of the binary messages a file is sent in.
const DefaultChunkSize = 64 << 10

// echoWait is how long a transfer waits for the echo to make progress once
// everything is sent, before it reports the echo incomplete.
const echoWait = 5 * time.Second

// Transfer is a file on its way over a Stream's connection: the use the
// StreamWebSocket was made for ("large files such as photos or movies").
// The file is read from disk chunk by chunk, never held whole in memory, and
// what comes back is compared with the file as it arrives (a second handle
// on the file), so memory use does not depend on the file's size.
type Transfer struct {
	// Name is the file's base name, Size its size in bytes.
	Name string
	Size int64

	stream    *Stream
	att       *attempt
	conn      *websocket.Conn
	chunk     int
	file      *os.File
	sent      atomic.Int64
	cancelled atomic.Bool
	done      chan struct{}
	result    TransferResult // written before done is closed

	// The echo check, fed by the reader goroutine.
	cmp       sync.Mutex
	check     *os.File // a second handle: the bytes the echo must equal
	scratch   []byte
	echoed    int64 // bytes of the transfer's echo compared so far
	differsAt int64 // -1 while the echo matches
}

// TransferResult is how a transfer ended.
type TransferResult struct {
	Bytes     int64         // bytes sent
	Duration  time.Duration // from the first chunk to the last
	Cancelled bool
	Err       error // why it stopped early, nil when all was sent
	// SHA256 is the hash of the bytes sent (the whole file when complete).
	SHA256 string
	// Echoed is how many bytes came back during the transfer; DiffersAt is
	// the offset of the first byte that came back different, or -1.
	Echoed    int64
	DiffersAt int64
}

// mbps is the transfer's rate in megabytes (10⁶ bytes) per second.
func (r TransferResult) mbps() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Bytes) / 1e6 / r.Duration.Seconds()
}

// EchoVerified reports whether every byte sent came back unchanged.
func (r TransferResult) EchoVerified() bool {
	return r.Err == nil && !r.Cancelled && r.DiffersAt < 0 && r.Echoed == r.Bytes
}

// SendFile streams the file at path over the open connection as binary
// messages of chunk bytes (0 means DefaultChunkSize), while the reader goes
// on reading and compares what comes back with the file. The periodic
// payload pauses until the transfer ends. It returns at once; the transfer
// reports EventTransferStarted and EventTransferDone, and the returned
// Transfer gives its progress. A file that cannot be read returns an error
// in plain words and changes nothing.
func (s *Stream) SendFile(path string, chunk int) (*Transfer, error) {
	c := s.current()
	if c == nil {
		return nil, ErrNotConnected
	}
	c.mu.Lock()
	conn, _ := c.conn.(*websocket.Conn)
	att := c.live
	c.mu.Unlock()
	if conn == nil {
		return nil, ErrNotConnected
	}
	if chunk <= 0 {
		chunk = DefaultChunkSize
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	info, err := file.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = errNotRegularFile
	}
	var check *os.File
	if err == nil {
		check, err = os.Open(path)
	}
	if err != nil {
		file.Close()
		return nil, fileError(path, err)
	}
	t := &Transfer{
		Name: filepath.Base(path), Size: info.Size(),
		stream: s, att: att, conn: conn, chunk: chunk, file: file, check: check,
		done: make(chan struct{}), differsAt: -1,
	}
	if !s.transfer.CompareAndSwap(nil, t) {
		file.Close()
		check.Close()
		return nil, ErrTransferRunning
	}
	go t.run()
	return t, nil
}

// Sent is how many bytes of the file have been written so far.
func (t *Transfer) Sent() int64 { return t.sent.Load() }

// Cancel stops the transfer after the chunk being written; the connection
// stays open and the periodic payload resumes.
func (t *Transfer) Cancel() { t.cancelled.Store(true) }

// Done is closed when the transfer has ended.
func (t *Transfer) Done() <-chan struct{} { return t.done }

// Result is how the transfer ended; valid once Done is closed.
func (t *Transfer) Result() TransferResult {
	<-t.done
	return t.result
}

func (t *Transfer) run() {
	s, a := t.stream, t.att
	defer close(t.done)
	defer s.transfer.Store(nil)
	defer t.file.Close()
	defer t.check.Close()

	// Holding the send lock pauses the periodic payload until we are done.
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	a.emit(Event{Kind: EventTransferStarted, Text: transferStarting(t.Name, t.Size, t.chunk)})

	// Let in-flight echoes of earlier payloads land, so that what the reader
	// sees from now on is the echo of this file.
	settle := time.Now().Add(2 * time.Second)
	for s.received.Load() < s.sent.Load() && time.Now().Before(settle) && a.ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
	}
	s.echoCheck.Store(t)
	defer s.echoCheck.Store(nil)

	// Small chunks go in batches (internal/wire/batch.go): as many as wire.BatchBytes holds,
	// read from the file first and then written at once, each chunk its
	// own message, so nothing waits on the disk while the wire holds it.
	calls, stopCalls := sendContext(a)
	defer stopCalls()
	sentHash := sha256.New()
	perBatch := wire.BatchSize(t.chunk)
	buf := make([]byte, perBatch*t.chunk)
	started := time.Now()
	var err error
	for t.sent.Load() < t.Size && err == nil {
		if t.cancelled.Load() {
			break
		}
		n := int(min(int64(len(buf)), t.Size-t.sent.Load()))
		if _, rerr := io.ReadFull(t.file, buf[:n]); rerr != nil {
			err = readingFailed(t.Name, rerr)
			break
		}
		chunks := (n + t.chunk - 1) / t.chunk
		chunk := func(i int) []byte { return buf[i*t.chunk : min((i+1)*t.chunk, n)] }
		done, werr := wire.WriteBatch(calls, a.wire, t.conn, chunks, chunk)
		sentBytes := 0
		for i := range done {
			sentHash.Write(chunk(i))
			sentBytes += len(chunk(i))
		}
		t.sent.Add(int64(sentBytes))
		s.sent.Add(int64(sentBytes))
		if werr != nil {
			a.writeFailed(werr)
			err = &StreamError{Op: "write", Err: werr}
			break
		}
		a.progress()
	}
	r := TransferResult{Bytes: t.sent.Load(), Duration: time.Since(started), Cancelled: t.cancelled.Load(), Err: err,
		SHA256: hex.EncodeToString(sentHash.Sum(nil))}
	if err == nil && !r.Cancelled {
		t.awaitEcho(a)
	}
	t.cmp.Lock()
	r.Echoed, r.DiffersAt = t.echoed, t.differsAt
	t.cmp.Unlock()
	t.result = r
	a.emit(Event{Kind: EventTransferDone, Text: strings.Join(r.Lines(), "\n")})
}

// awaitEcho waits until the whole echo has been compared, a difference is
// found, the echo stops making progress, or the connection ends.
func (t *Transfer) awaitEcho(a *attempt) {
	last, lastMove := int64(-1), time.Now()
	for a.ctx.Err() == nil {
		t.cmp.Lock()
		echoed, differs := t.echoed, t.differsAt >= 0
		t.cmp.Unlock()
		if echoed >= t.Size || differs {
			return
		}
		if echoed != last {
			last, lastMove = echoed, time.Now()
		} else if time.Since(lastMove) > echoWait {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// compare checks bytes the reader received against the file. It runs on
// the reader goroutine.
func (t *Transfer) compare(p []byte) {
	t.cmp.Lock()
	defer t.cmp.Unlock()
	if t.differsAt >= 0 {
		return
	}
	p = p[:min(int64(len(p)), t.Size-t.echoed)]
	if len(p) == 0 {
		return
	}
	if cap(t.scratch) < len(p) {
		t.scratch = make([]byte, len(p))
	}
	want := t.scratch[:len(p)]
	if _, err := io.ReadFull(t.check, want); err != nil {
		t.differsAt = t.echoed // the file changed under us: it cannot match
		return
	}
	if !bytes.Equal(p, want) {
		i := 0
		for p[i] == want[i] {
			i++
		}
		t.differsAt = t.echoed + int64(i)
		return
	}
	t.echoed += int64(len(p))
}
