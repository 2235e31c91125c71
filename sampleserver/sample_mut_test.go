package sampleserver

import (
	"bytes"
	"testing"

	"github.com/coder/websocket"
)

// /sample checks a compressed text message's UTF-8 once inflated, up to
// and including a message of exactly MaxMessageSize bytes: invalid UTF-8
// there fails the connection with 1007 (RFC 6455 §8.1), like anywhere
// else; one byte more is too big (1009).
func TestSampleChecksCompressedTextAtTheSizeLimitRFC6455Section8_1(t *testing.T) {
	const limit = 100
	s := startServer(t, Config{MaxMessageSize: limit})
	for _, tc := range []struct {
		size int
		want websocket.StatusCode
	}{{limit, websocket.StatusInvalidFramePayloadData}, {limit + 1, websocket.StatusMessageTooBig}} {
		c, _ := dialCompressedMode(t, s, s.URL("/sample"), websocket.CompressionNoContextTakeover)
		read(t, c) // the announcement
		text := append(bytes.Repeat([]byte("a"), tc.size-1), 0xff)
		write(t, c, websocket.MessageText, text)
		if _, _, err := c.Read(testCtx(t)); websocket.CloseStatus(err) != tc.want {
			t.Errorf("%d bytes, the last not UTF-8: %v, want the close %d", tc.size, err, tc.want)
		}
	}
}
