package wsframe

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// RFC 7692 §7.1.2.1: server_max_window_bits is 8 to 15, both ends
// included; 7 and 16 are out.
func TestCheckServerHandshakeRFC7692WindowBitsRange(t *testing.T) {
	const key = "dGhlIHNhbXBsZSBub25jZQ=="
	for _, tc := range []struct{ bits, want string }{
		{"8", ""},
		{"15", ""},
		{"7", `the server's permessage-deflate answer has server_max_window_bits="7", not 8 to 15`},
		{"16", `the server's permessage-deflate answer has server_max_window_bits="16", not 8 to 15`},
	} {
		r := &http.Response{StatusCode: 101, Status: "101 Switching Protocols", Header: http.Header{
			"Upgrade":                  {"websocket"},
			"Connection":               {"Upgrade"},
			"Sec-Websocket-Accept":     {"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
			"Sec-Websocket-Extensions": {"permessage-deflate; server_max_window_bits=" + tc.bits},
		}}
		if got := errText(CheckServerHandshake(r, key, nil, "permessage-deflate")); got != tc.want {
			t.Errorf("server_max_window_bits=%s: %q, want %q", tc.bits, got, tc.want)
		}
	}
}

// RFC 6455 §5.5: a control frame carries at most 125 bytes. WriteFrame
// writes one of exactly 125 and refuses 126.
func TestWriteFrameControlPayloadBoundRFC6455Section5_5(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFrame(&b, Frame{Fin: true, Opcode: Ping, Payload: payloadOf(MaxControlPayload)}, nil); err != nil {
		t.Fatalf("a ping of %d bytes: %v", MaxControlPayload, err)
	}
	if want := 2 + MaxControlPayload; b.Len() != want {
		t.Errorf("wrote %d bytes, want %d", b.Len(), want)
	}
	if err := WriteFrame(io.Discard, Frame{Fin: true, Opcode: Ping, Payload: payloadOf(MaxControlPayload + 1)}, nil); !errors.Is(err, ErrProtocol) {
		t.Errorf("a ping of %d bytes: %v, want ErrProtocol", MaxControlPayload+1, err)
	}
}

// A stream that ends between frames ends cleanly (io.EOF); one that ends
// inside a frame (RFC 6455 §5.2: its header, its extended length, its
// mask key or its payload cut short) is io.ErrUnexpectedEOF, so that a
// reader can tell a closed connection from a truncated frame.
func TestReadFrameTellsATruncatedFrameFromTheEnd(t *testing.T) {
	if _, err := ReadFrame(reader(nil), 1024); err != io.EOF {
		t.Errorf("no bytes: %v, want io.EOF", err)
	}
	for _, s := range []string{"81", "81 7e", "81 7e 00", "82 7f", "82 7f 00000000", "81 85", "81 85 37fa", "81 05", "81 05 4865"} {
		if _, err := ReadFrame(reader(unhex(t, s)), 1024); err != io.ErrUnexpectedEOF {
			t.Errorf("%s: %v, want io.ErrUnexpectedEOF", s, err)
		}
	}
}

// A FrameWriter that is not corked lets each frame go as soon as its last
// byte is written: a pong or a close frame must not wait in the buffer
// for a next write that may never come (RFC 6455 §5.5.2: a pong is sent
// "as soon as is practical").
func TestFrameWriterSendsAWholeFrameInItsWrite(t *testing.T) {
	for _, f := range []Frame{
		{Fin: true, Opcode: Pong, Payload: []byte("hi")},
		{Fin: true, Opcode: Close, Payload: ClosePayload(1000, "bye")},
		{Fin: true, Opcode: Text, Payload: []byte("Hello")},
	} {
		var w writes
		fw := NewFrameWriter(&w)
		b := frameBytes(t, f, &[4]byte{1, 2, 3, 4})
		if n, err := fw.Write(b); n != len(b) || err != nil {
			t.Fatalf("Write: %d, %v", n, err)
		}
		if !bytes.Equal(w.all.Bytes(), b) {
			t.Errorf("%v: %d of its %d bytes reached the connection within its Write", f.Opcode, w.all.Len(), len(b))
		}
	}
}

// A FrameWriter holds at most MaxHeld bytes of a frame: the moment its
// buffer is full, the buffer goes out in one write, even though the frame
// goes on (RFC 6455 §5.2: the bytes unchanged, only the writes regrouped).
func TestFrameWriterSendsAFullBufferAtOnce(t *testing.T) {
	payload := payloadOf(2 * MaxHeld)
	b := frameBytes(t, Frame{Fin: true, Opcode: Binary, Payload: payload}, nil)
	var w writes
	fw := NewFrameWriter(&w)
	for _, p := range [][]byte{b[:4096], b[4096:MaxHeld]} {
		if n, err := fw.Write(p); n != len(p) || err != nil {
			t.Fatalf("Write of %d bytes: %d, %v", len(p), n, err)
		}
	}
	if len(w.each) != 1 || len(w.each[0]) != MaxHeld {
		t.Fatalf("after the first %d bytes of a longer frame: %d writes (%d bytes), want one of %d", MaxHeld, len(w.each), w.all.Len(), MaxHeld)
	}
	if n, err := fw.Write(b[MaxHeld:]); n != len(b)-MaxHeld || err != nil {
		t.Fatalf("Write of the rest: %d, %v", n, err)
	}
	if !bytes.Equal(w.all.Bytes(), b) {
		t.Error("the frame's bytes changed on the way")
	}
}

// RFC 6455 §5.2: "the minimal number of bytes MUST be used to encode the
// length". 125 fits in 7 bits, so a 16-bit length starts at 126; 65535
// fits in 16, so a 64-bit one starts at 65536, and its top bit is clear.
func TestMinimalLengthAtTheBoundsRFC6455Section5_2(t *testing.T) {
	for _, tc := range []struct {
		bytes  int
		length uint64
		want   bool
	}{
		{0, 125, true}, {2, 125, false}, {2, 126, true}, {2, 0xFFFF, true},
		{8, 0xFFFF, false}, {8, 0x10000, true}, {8, 1<<63 - 1, true}, {8, 1 << 63, false},
	} {
		h := Header{LengthBytes: tc.bytes, Length: tc.length}
		if got := h.MinimalLength(); got != tc.want {
			t.Errorf("a length of %d in %d extra bytes: MinimalLength = %v, want %v", tc.length, tc.bytes, got, tc.want)
		}
	}
}

// CloseWritten turns true with the close frame and not before: data and
// ping frames written first leave it false (RFC 6455 §5.5.1: after its
// close frame an endpoint sends no more data, so this is what tells the
// code above that the connection is closing).
func TestFrameWriterCloseWrittenOnlyByAClose(t *testing.T) {
	var w writes
	fw := NewFrameWriter(&w)
	for _, f := range []Frame{
		{Fin: true, Opcode: Text, Payload: []byte("Hello")},
		{Fin: true, Opcode: Ping},
		{Opcode: Binary, Payload: []byte("a")}, {Fin: true, Opcode: Continuation, Payload: []byte("b")},
	} {
		inPieces(t, fw, frameBytes(t, f, nil))
		if fw.CloseWritten() {
			t.Fatalf("CloseWritten after a %v frame", f.Opcode)
		}
	}
	inPieces(t, fw, frameBytes(t, Frame{Fin: true, Opcode: Close, Payload: ClosePayload(1000, "")}, nil))
	if !fw.CloseWritten() {
		t.Error("CloseWritten is false after the close frame")
	}
}

// RFC 6455 §4.4: a server that does not speak the version asked for
// answers with the versions it does speak, Sec-WebSocket-Version: 13;
// 426 Upgrade Required when another version is named, 400 when none is.
// Version 13 and requests that are not WebSocket handshakes pass through
// untouched, for the library to answer.
func TestRefuseVersionRFC6455Section4_4(t *testing.T) {
	for _, tc := range []struct {
		upgrade, version string
		refused          bool
		code             int
	}{
		{"websocket", "13", false, 0},
		{"websocket", "8", true, http.StatusUpgradeRequired},
		{"WebSocket", "", true, http.StatusBadRequest},
		{"", "8", false, 0},
	} {
		r := httptest.NewRequest(http.MethodGet, "/echo", nil)
		if tc.upgrade != "" {
			r.Header.Set("Upgrade", tc.upgrade)
		}
		if tc.version != "" {
			r.Header.Set("Sec-WebSocket-Version", tc.version)
		}
		w := httptest.NewRecorder()
		if got := RefuseVersion(w, r); got != tc.refused {
			t.Errorf("Upgrade %q, version %q: refused = %v, want %v", tc.upgrade, tc.version, got, tc.refused)
			continue
		}
		if !tc.refused {
			if w.Code != http.StatusOK || w.Body.Len() != 0 || len(w.Header()) != 0 {
				t.Errorf("Upgrade %q, version %q: answered %d %v %q, want nothing", tc.upgrade, tc.version, w.Code, w.Header(), w.Body)
			}
			continue
		}
		if w.Code != tc.code || w.Header().Get("Sec-WebSocket-Version") != "13" {
			t.Errorf("version %q: %d with Sec-WebSocket-Version %q, want %d with 13", tc.version, w.Code, w.Header().Get("Sec-WebSocket-Version"), tc.code)
		}
	}
}

// RFC 7692 §6: on a connection with permessage-deflate, RSV1 (and only
// RSV1, 0x4 of the three bits) marks the first frame of a compressed
// message.
func TestHeaderCompressedIsRSV1RFC7692Section6(t *testing.T) {
	for rsv, want := range map[byte]bool{0: false, 4: true, 2: false, 1: false, 7: true, 3: false} {
		if got := (Header{RSV: rsv}).Compressed(); got != want {
			t.Errorf("RSV %03b: Compressed = %v, want %v", rsv, got, want)
		}
	}
}
