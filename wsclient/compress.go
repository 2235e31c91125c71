package wsclient

import (
	"github.com/coder/websocket"

	"github.com/wssample/wssample/internal/wsframe"
	"github.com/wssample/wssample/wsclient/internal/wire"
)

// Compression says whether the client offers permessage-deflate (RFC 7692),
// and how. The server decides: it may decline, and then messages go
// uncompressed. Only Stream and MessageSocket compress (the library does
// it); a FrameSocket speaks raw frames and never offers it.
type Compression int

// The compression choices, those of coder/websocket's CompressionMode.
const (
	// CompressionOff offers nothing: every frame carries its message as is.
	CompressionOff Compression = iota
	// CompressionContextTakeover offers permessage-deflate and keeps the
	// compression window (32 KiB) from one message to the next, so
	// repetitive messages shrink well; it costs that memory per connection.
	CompressionContextTakeover
	// CompressionNoContextTakeover offers permessage-deflate with
	// client_no_context_takeover and server_no_context_takeover: each
	// message is compressed on its own, less well, with no memory kept.
	CompressionNoContextTakeover
)

// mode is the library's name for the choice.
func (c Compression) mode() websocket.CompressionMode {
	switch c {
	case CompressionContextTakeover:
		return websocket.CompressionContextTakeover
	case CompressionNoContextTakeover:
		return websocket.CompressionNoContextTakeover
	}
	return websocket.CompressionDisabled
}

// inflatedText holds a reader to UTF-8 in text messages when
// permessage-deflate was agreed. The wire checks the UTF-8 of every
// uncompressed text message as it passes, but a compressed one's payload
// is deflate data: its text exists only once the library has inflated it,
// so it is checked here, above the library, with the same rule and words
// (RFC 6455 §8.1: 1007). The library does not say which messages were
// compressed, so with compression agreed every text message is checked
// here (the uncompressed ones twice, which is cheap); without it nothing
// is, and this costs one branch per read.
type inflatedText struct {
	on   bool // permessage-deflate was agreed on this connection
	text bool // the message being read is text
	tc   wsframe.TextCheck
}

// newInflatedText is the check for the connection under w.
func newInflatedText(w *wire.Conn) *inflatedText { return &inflatedText{on: w.Compressed()} }

// begin starts a message of type typ.
func (t *inflatedText) begin(typ websocket.MessageType) {
	t.text = t.on && typ == websocket.MessageText
	t.tc.Reset()
}

// check checks the next piece of the message and returns how many of its
// bytes may be passed on, and the rule broken at the next one, if any.
func (t *inflatedText) check(p []byte) (int, *wsframe.Violation) {
	if !t.text {
		return len(p), nil
	}
	return t.tc.Write(p)
}

// end checks that the message did not end inside a character.
func (t *inflatedText) end() *wsframe.Violation {
	if !t.text {
		return nil
	}
	return t.tc.Finish()
}

// whole checks a message read whole (MessageSocket).
func (t *inflatedText) whole(typ websocket.MessageType, data []byte) *wsframe.Violation {
	t.begin(typ)
	if _, v := t.check(data); v != nil {
		return v
	}
	return t.end()
}
