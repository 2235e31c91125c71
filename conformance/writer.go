package conformance

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/wssample/wssample/internal/wsframe"
)

// The reserved bits of a frame's first byte (RFC 6455 §5.2). RSV1 is the
// bit permessage-deflate (RFC 7692) uses; without a negotiated extension
// all three must be 0.
const (
	rsv1 byte = 0x40
	rsv2 byte = 0x20
	rsv3 byte = 0x10
)

// The opcodes, as wsframe names them.
const (
	opContinuation = wsframe.Continuation
	opText         = wsframe.Text
	opBinary       = wsframe.Binary
	opClose        = wsframe.Close
	opPing         = wsframe.Ping
	opPong         = wsframe.Pong
)

// lengthForm says how a frame header encodes the payload length.
type lengthForm int

const (
	// lenMinimal is what RFC 6455 §5.2 requires: 7 bits up to 125, 16 bits
	// up to 65535, 64 bits beyond.
	lenMinimal lengthForm = iota
	// len16 always uses the 16-bit extended length (126 + 2 bytes).
	len16
	// len64 always uses the 64-bit extended length (127 + 8 bytes).
	len64
)

// frame is one frame as the checker writes it. Unlike a WebSocket
// library's writer, it refuses nothing: a conformance check must be able
// to send every frame a broken or hostile client could. The zero value of
// each field is the correct choice, so a case spells out only what it
// breaks.
type frame struct {
	Fin     bool
	RSV     byte           // any of rsv1|rsv2|rsv3
	Opcode  wsframe.Opcode // any 4-bit value, defined or not
	Payload []byte

	// Unmasked sends the payload in the clear. A client must mask every
	// frame (§5.3), so masking is the default.
	Unmasked bool
	// Key is the masking key; nil picks a fresh random one, as §5.3 asks.
	Key *[4]byte
	// Length forces a length encoding; the zero value is the minimal one.
	Length lengthForm
	// Announce, when set, is the payload length written in the header in
	// place of len(Payload): a lie the peer must cope with (or the start
	// of a payload the caller streams itself).
	Announce *uint64
}

// announced is the payload length the header carries.
func (f frame) announced() uint64 {
	if f.Announce != nil {
		return *f.Announce
	}
	return uint64(len(f.Payload))
}

// form is the length encoding the header uses.
func (f frame) form() lengthForm {
	if f.Length != lenMinimal {
		return f.Length
	}
	return minimalForm(f.announced())
}

// minimalForm is the shortest encoding of n, which §5.2 requires.
func minimalForm(n uint64) lengthForm {
	switch {
	case n <= 125:
		return lenMinimal
	case n <= 0xFFFF:
		return len16
	}
	return len64
}

// key returns the frame's masking key, choosing one when it has none.
func (f *frame) key() [4]byte {
	if f.Key == nil {
		var k [4]byte
		rand.Read(k[:])
		f.Key = &k
	}
	return *f.Key
}

// header encodes the frame's header: 2 bytes, the extended length, the
// masking key.
func (f *frame) header() []byte {
	b0 := f.RSV&(rsv1|rsv2|rsv3) | byte(f.Opcode)&0x0F
	if f.Fin {
		b0 |= 0x80
	}
	var maskBit byte
	if !f.Unmasked {
		maskBit = 0x80
	}
	n := f.announced()
	h := make([]byte, 0, 14)
	switch f.form() {
	case len16:
		h = append(h, b0, maskBit|126)
		h = binary.BigEndian.AppendUint16(h, uint16(n))
	case len64:
		h = append(h, b0, maskBit|127)
		h = binary.BigEndian.AppendUint64(h, n)
	default:
		h = append(h, b0, maskBit|byte(n))
	}
	if !f.Unmasked {
		k := f.key()
		h = append(h, k[:]...)
	}
	return h
}

// encode returns the frame's bytes as they go on the wire. f.Payload is
// not modified; masking works on a copy.
func (f *frame) encode() []byte {
	h := f.header()
	b := append(h, f.Payload...)
	if !f.Unmasked {
		m := masker{key: f.key()}
		m.apply(b[len(h):])
	}
	return b
}

// describe says in one line what the frame is, for a report: its fields,
// its first two bytes in hex, the start of its payload:
// `text frame (FIN, 126 bytes in a 16-bit length, masked) 81 FE, payload "abc…"`.
func (f *frame) describe() string {
	var parts []string
	if f.Fin {
		parts = append(parts, "FIN")
	} else {
		parts = append(parts, "not FIN")
	}
	if f.RSV != 0 {
		parts = append(parts, rsvNames(f.RSV))
	}
	n := f.announced()
	size := byteCount(n)
	if f.Announce != nil && n != uint64(len(f.Payload)) {
		size = fmt.Sprintf("%s announced, %s in the frame", byteCount(n), byteCount(uint64(len(f.Payload))))
	}
	switch {
	case f.form() != minimalForm(n) && f.form() == len16:
		size += " in a non-minimal 16-bit length"
	case f.form() != minimalForm(n):
		size += " in a non-minimal 64-bit length"
	case f.form() == len16:
		size += " in a 16-bit length"
	case f.form() == len64:
		size += " in a 64-bit length"
	}
	parts = append(parts, size)
	switch k := f.key(); {
	case f.Unmasked:
		parts = append(parts, "NOT masked")
	case k == [4]byte{}:
		parts = append(parts, "masked with the key 00 00 00 00")
	default:
		parts = append(parts, "masked")
	}
	s := fmt.Sprintf("%v frame (%s) % X", f.Opcode, strings.Join(parts, ", "), f.header()[:2])
	if f.Opcode == opClose && len(f.Payload) >= 2 {
		code, reason, _ := parseClose(f.Payload)
		s += fmt.Sprintf(", code %d", code)
		if reason != "" {
			s += ", reason " + preview([]byte(reason))
		}
	} else if len(f.Payload) > 0 {
		s += ", payload " + preview(f.Payload)
	}
	return s
}

// masker XORs a payload with a masking key (§5.3), keeping its place so a
// payload can be masked in pieces as it is streamed.
type masker struct {
	key [4]byte
	pos int
}

func (m *masker) apply(p []byte) {
	for i := range p {
		p[i] ^= m.key[(m.pos+i)&3]
	}
	m.pos = (m.pos + len(p)) & 3
}

// byteCount says "1 byte", "126 bytes", "1 MiB".
func byteCount(n uint64) string {
	switch {
	case n == 1:
		return "1 byte"
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// preview shows the start of a payload: quoted text (invalid UTF-8 bytes
// escaped as \xNN) when it reads as text, hex bytes otherwise.
func preview(p []byte) string { return previewN(p, 24) }

// previewN is preview showing up to max bytes.
func previewN(p []byte, max int) string {
	if isPrintable(p) {
		if len(p) <= max {
			return fmt.Sprintf("%q", p)
		}
		cut := max
		for cut > max-4 && !utf8.RuneStart(p[cut]) {
			cut--
		}
		return fmt.Sprintf("%q…", p[:cut])
	}
	if len(p) > max {
		return fmt.Sprintf("% X …", p[:max])
	}
	return fmt.Sprintf("% X", p)
}

// isPrintable reports whether p reads as text: no control characters.
// Bytes that are not UTF-8 are allowed; %q shows them escaped.
func isPrintable(p []byte) bool {
	for _, r := range string(p) {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) {
			return false
		}
	}
	return true
}
