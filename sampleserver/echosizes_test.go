package sampleserver

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"testing"
	"unicode/utf8"

	"github.com/coder/websocket"
)

// echoBoundaries are the message sizes where the code under /echo changes
// its way, each tried one byte below, at and one byte above. RFC 6455 §5.6:
// the echo is the same message (type and every byte) however it is framed;
// §5.4: the server may cut it into other frames, never lose or add a byte.
var echoBoundaries = []struct {
	size int
	why  string
}{
	{1, "the smallest non-empty message (0 is tried too)"},
	{125, "§5.2: the largest payload length in the 7-bit field"},
	{126, "§5.2: the first in the 16-bit field"},
	{4096 - 8, "the 4 KiB read buffer (upgradeWriter.Hijack), filled by a client frame and its 8-byte header"},
	{4096 - 4, "coder/websocket's 4 KiB write buffer, filled by a frame with its 4-byte header"},
	{4096, "coder/websocket's 4 KiB write buffer; aheadFrom, the largest message after which /echo reads ahead"},
	{16 << 10, "a TLS record's largest payload"},
	{aheadSize - 8, "the 64 KiB read-ahead (checkedConn.Read), filled by a client frame and its 8-byte header"},
	{echoBatchBytes, "a batch's payload bound, and the 64 KiB read-ahead"},
	{65535, "§5.2: the largest payload length in the 16-bit field"},
	{65536, "§5.2: the first in the 64-bit field"},
	{80<<10 - 10, "wsframe.FrameWriter's 80 KiB buffer, filled by a frame and its 10-byte header"},
	{echoBufSize, "echoBufSize: one frame and one Write up to it, streamed beyond"},
	{2 * echoBufSize, "the second of echo's buffers in a streamed message"},
	{DefaultMaxMessageSize, "the 1 MiB message limit of /sample (/echo has none) and wsframe.MaxHeld's frame"},
}

// echoSizes is every size to try: each boundary, one below and one above.
func echoSizes() []int {
	sizes := []int{0}
	for _, b := range echoBoundaries {
		for _, n := range []int{b.size - 1, b.size, b.size + 1} {
			if n > sizes[len(sizes)-1] {
				sizes = append(sizes, n)
			}
		}
	}
	return sizes
}

// textOfSize is valid UTF-8 of exactly n bytes in which characters of two
// and three bytes fall across every buffer boundary, so that a cut inside a
// character would show.
func textOfSize(n int) []byte {
	const unit = "aé€" // 1 + 2 + 3 bytes
	b := bytes.Repeat([]byte(unit), n/len(unit)+1)[:n/len(unit)*len(unit)]
	return append(b, bytes.Repeat([]byte{'z'}, n-len(b))...)
}

// /echo sends every message back byte for byte, text and binary, at and
// around every size where its code changes: sent in one frame, in two
// (§5.4), and compressed (RFC 7692).
func TestEchoAtEverySize(t *testing.T) {
	s := startServer(t, Config{})
	for _, mode := range []struct {
		name     string
		compress websocket.CompressionMode
		frames   int
	}{
		{"one frame", websocket.CompressionDisabled, 1},
		{"two frames", websocket.CompressionDisabled, 2},
		{"compressed", websocket.CompressionContextTakeover, 1},
	} {
		t.Run(mode.name, func(t *testing.T) {
			c, _, err := websocket.Dial(testCtx(t), s.URL("/echo"), &websocket.DialOptions{
				HTTPClient: httpClient(s, nil), CompressionMode: mode.compress,
			})
			if err != nil {
				t.Fatal(err)
			}
			defer c.CloseNow()
			c.SetReadLimit(-1)
			for _, n := range echoSizes() {
				for _, typ := range []websocket.MessageType{websocket.MessageText, websocket.MessageBinary} {
					msg := textOfSize(n)
					if typ == websocket.MessageBinary {
						rand.Read(msg)
					}
					if err := echoOnce(t, c, typ, msg, mode.frames); err != nil {
						t.Fatalf("%v of %d bytes: %v", typ, n, err)
					}
				}
			}
			c.Close(websocket.StatusNormalClosure, clientCloseReason)
		})
	}
}

// echoOnce sends msg as one message in frames frames and checks that the
// same type and bytes come back. It writes and reads at once: neither side
// holds a whole large message, so writing first could fill both ways' TCP
// buffers and wait for ever.
func echoOnce(t *testing.T, c *websocket.Conn, typ websocket.MessageType, msg []byte, frames int) error {
	ctx := testCtx(t)
	errc := make(chan error, 1)
	go func() {
		w, err := c.Writer(ctx, typ)
		if err != nil {
			errc <- err
			return
		}
		// Each Write of the library's Writer is a frame of its own. A
		// text frame may end inside a character (§5.6: only the whole
		// message must be valid UTF-8).
		cut := len(msg) / frames
		for i := range frames {
			end := cut * (i + 1)
			if i == frames-1 {
				end = len(msg)
			}
			if _, err := w.Write(msg[cut*i : end]); err != nil {
				errc <- err
				return
			}
		}
		errc <- w.Close()
	}()
	gotTyp, r, err := c.Reader(ctx)
	if err != nil {
		return fmt.Errorf("reader: %w", err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if gotTyp != typ {
		return fmt.Errorf("came back as %v", gotTyp)
	}
	if !bytes.Equal(got, msg) {
		i := 0
		for i < min(len(got), len(msg)) && got[i] == msg[i] {
			i++
		}
		return fmt.Errorf("came back as %d bytes, first difference at byte %d", len(got), i)
	}
	return nil
}

// The text the sizes test sends is what it says: valid UTF-8 of the size.
func TestTextOfSize(t *testing.T) {
	for _, n := range echoSizes() {
		if b := textOfSize(n); len(b) != n || !utf8.Valid(b) {
			t.Fatalf("textOfSize(%d): %d bytes, valid %v", n, len(b), utf8.Valid(b))
		}
	}
}
