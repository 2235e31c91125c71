package sampleserver

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
)

// announcementLayout formats the time in the announcement the way .NET's
// DateTime.ToString() does in the en-US culture, as the Windows sample's
// server printed it: "1/2/2006 3:04:05 PM".
const announcementLayout = "1/2/2006 3:04:05 PM"

// Announcement is the first message /sample, /clientauth and /partial send,
// as the Windows sample's EchoWebSocket.ashx did.
func Announcement(t time.Time) string {
	return "EchoWebSocket Connected at: " + t.Format(announcementLayout)
}

// handleSample serves /sample (and /clientauth), the Windows sample's
// EchoWebSocket.ashx:
//
//   - on connect, a text message "EchoWebSocket Connected at: <time>";
//   - a text message is answered with the text `You said: "<text>"`;
//   - a binary message is answered with the text
//     "binary message received, size=N bytes", N being the whole message
//     (the original counted only its last fragment);
//   - a message over MaxMessageSize closes the connection with 1009 and a
//     reason saying the limit (the original had a fixed 64 KiB buffer and
//     no check).
func (s *Server) handleSample(w http.ResponseWriter, r *http.Request) {
	c, cc, finish := s.acceptConn(w, r, true)
	if c == nil {
		return
	}
	// We enforce the limit ourselves (below) so the close reason can say
	// what happened in words; the library's own limit would answer 1009
	// with "read limited at N bytes".
	c.SetReadLimit(-1)
	path, addr := r.URL.Path, r.RemoteAddr
	s.goOn(r, func() {
		defer finish()
		s.logEnded(path, addr, s.sample(context.Background(), c, path, cc.compressed))
	})
}

func (s *Server) sample(ctx context.Context, c *websocket.Conn, path string, compressed bool) error {
	if err := c.Write(ctx, websocket.MessageText, []byte(Announcement(time.Now()))); err != nil {
		return err
	}
	limit := s.cfg.MaxMessageSize
	for {
		typ, r, err := c.Reader(ctx)
		if err != nil {
			return err
		}
		// Reading one byte past the limit tells "exactly at the limit"
		// from "over it" without buffering more than limit+1 bytes.
		lr := io.LimitReader(r, limit+1)
		var reply string
		var n int64
		if typ == websocket.MessageText {
			text, err := io.ReadAll(lr)
			if err != nil {
				return err
			}
			n = int64(len(text))
			if compressed && n <= limit {
				var tc wsframe.TextCheck
				if err := checkInflatedText(c, &tc, text, true); err != nil {
					return err
				}
			}
			reply = `You said: "` + string(text) + `"`
		} else {
			// Binary data is only counted, never kept.
			n, err = io.Copy(io.Discard, lr)
			if err != nil {
				return err
			}
			reply = "binary message received, size=" + strconv.FormatInt(n, 10) + " bytes"
		}
		if n > limit {
			reason := fmt.Sprintf("Message too big: %s accepts at most %d bytes.", path, limit)
			// Close discards the rest of the message while it waits for
			// the client's close frame.
			c.Close(websocket.StatusMessageTooBig, reason)
			return fmt.Errorf("closed with 1009: %s", reason)
		}
		if err := c.Write(ctx, websocket.MessageText, []byte(reply)); err != nil {
			return err
		}
	}
}
