package conformance

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wssample/wssample/internal/wsframe"
)

// maxReadPayload bounds the payload of one frame the checker reads: the
// largest message a case sends, and a little more. A peer announcing more
// gets errFrameTooBig before any memory is allocated.
const maxReadPayload = 16<<20 + 4096

// errFrameTooBig: a frame announced more than the reader accepts.
var errFrameTooBig = errors.New("frame too big")

// errLengthMSB: a 64-bit length with its most significant bit set, which
// §5.2 forbids.
var errLengthMSB = errors.New("64-bit payload length with the most significant bit set")

// inFrame is one frame as it arrived, before any judgement: unlike
// wsframe.ReadFrame, readFrame refuses nothing it can read, so a case can
// say exactly what a peer did wrong (reserved bits echoed, a masked server
// frame, a non-minimal length).
type inFrame struct {
	Fin     bool
	RSV     byte
	Opcode  wsframe.Opcode
	Masked  bool
	Payload []byte // unmasked
	// Key is the masking key the frame came with (zero when unmasked):
	// the fuzzing server judges a client's keys (§5.3).
	Key [4]byte
	// LengthBytes is the size of the extended length field: 0, 2 or 8.
	LengthBytes int
}

// readFrame reads one frame of at most maxPayload bytes and unmasks it.
// An io.EOF before the first byte is returned as is; a frame cut short
// gives io.ErrUnexpectedEOF.
func readFrame(r *bufio.Reader, maxPayload uint64) (inFrame, error) {
	f, n, key, err := readHeader(r, maxPayload)
	if err != nil {
		return f, err
	}
	f.Payload = make([]byte, n)
	if _, err := io.ReadFull(r, f.Payload); err != nil {
		return f, unexpected(err)
	}
	f.Key = key
	if f.Masked {
		m := masker{key: key}
		m.apply(f.Payload)
	}
	return f, nil
}

// readHeader reads a frame's header: the frame without its payload, the
// payload's length (at most maxPayload) and its masking key.
func readHeader(r *bufio.Reader, maxPayload uint64) (f inFrame, n uint64, key [4]byte, err error) {
	var head [2]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return f, 0, key, err
	}
	f = inFrame{
		Fin:    head[0]&0x80 != 0,
		RSV:    head[0] & (rsv1 | rsv2 | rsv3),
		Opcode: wsframe.Opcode(head[0] & 0x0F),
		Masked: head[1]&0x80 != 0,
	}
	n = uint64(head[1] & 0x7F)
	switch n {
	case 126:
		var ext [2]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return f, 0, key, unexpected(err)
		}
		n, f.LengthBytes = uint64(binary.BigEndian.Uint16(ext[:])), 2
	case 127:
		var ext [8]byte
		if _, err := io.ReadFull(r, ext[:]); err != nil {
			return f, 0, key, unexpected(err)
		}
		n, f.LengthBytes = binary.BigEndian.Uint64(ext[:]), 8
		if n>>63 != 0 {
			return f, 0, key, errLengthMSB
		}
	}
	if n > maxPayload {
		return f, 0, key, fmt.Errorf("%w: %d bytes announced, at most %d read", errFrameTooBig, n, maxPayload)
	}
	if f.Masked {
		if _, err := io.ReadFull(r, key[:]); err != nil {
			return f, 0, key, unexpected(err)
		}
	}
	return f, n, key, nil
}

// unexpected turns an io.EOF inside a frame into io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// minimalLength reports whether the frame's length used the shortest
// encoding, as §5.2 requires of every sender.
func (f inFrame) minimalLength() bool {
	n := uint64(len(f.Payload))
	switch f.LengthBytes {
	case 2:
		return n > 125
	case 8:
		return n > 0xFFFF
	}
	return true
}

// defined reports whether op is one of RFC 6455's six opcodes.
func defined(op wsframe.Opcode) bool {
	switch op {
	case opContinuation, opText, opBinary, opClose, opPing, opPong:
		return true
	}
	return false
}

// problem returns the RFC 6455 rule a frame from the server breaks, in
// words, or "" when it breaks none. A client must fail the connection on
// any of these (§5.1, §5.2, §5.5).
func (f inFrame) problem() string {
	var p []string
	if f.Masked {
		p = append(p, "it is masked (§5.1: a server must never mask its frames)")
	}
	if f.RSV != 0 {
		p = append(p, fmt.Sprintf("it has %s set without a negotiated extension (§5.2)", rsvNames(f.RSV)))
	}
	if !defined(f.Opcode) {
		p = append(p, fmt.Sprintf("its opcode 0x%X is reserved (§5.2)", byte(f.Opcode)))
	}
	if f.Opcode.IsControl() && !f.Fin {
		p = append(p, "it is a fragmented control frame (§5.5)")
	}
	if f.Opcode.IsControl() && len(f.Payload) > wsframe.MaxControlPayload {
		p = append(p, fmt.Sprintf("it is a control frame of %d bytes, more than 125 (§5.5)", len(f.Payload)))
	}
	if !f.minimalLength() {
		p = append(p, fmt.Sprintf("its length %d is not minimally encoded (§5.2)", len(f.Payload)))
	}
	return strings.Join(p, "; ")
}

// rsvNames names the reserved bits set in rsv: "RSV1", "RSV2 and RSV3".
func rsvNames(rsv byte) string {
	var names []string
	for _, r := range []struct {
		bit  byte
		name string
	}{{rsv1, "RSV1"}, {rsv2, "RSV2"}, {rsv3, "RSV3"}} {
		if rsv&r.bit != 0 {
			names = append(names, r.name)
		}
	}
	return strings.Join(names, " and ")
}

// describe says in one line what the frame is, for a report:
// `text frame (FIN, 5 bytes: "Hello")`, `close frame (FIN, code 1000 (normal closure))`.
func (f inFrame) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v frame (", f.Opcode)
	if f.Fin {
		b.WriteString("FIN")
	} else {
		b.WriteString("not FIN")
	}
	if f.RSV != 0 {
		b.WriteString(", " + rsvNames(f.RSV))
	}
	if f.Masked {
		b.WriteString(", masked")
	}
	if f.Opcode == opClose {
		code, reason, _ := parseClose(f.Payload)
		switch {
		case len(f.Payload) == 0:
			b.WriteString(", no code")
		case len(f.Payload) == 1:
			fmt.Fprintf(&b, ", a 1-byte payload % X", f.Payload)
		default:
			fmt.Fprintf(&b, ", code %s", codeWords(code))
			if reason != "" {
				b.WriteString(", reason " + quoteReason(reason))
			}
		}
	} else {
		fmt.Fprintf(&b, ", %s", byteCount(uint64(len(f.Payload))))
		if len(f.Payload) > 0 {
			b.WriteString(": " + preview(f.Payload))
		}
	}
	b.WriteString(")")
	return b.String()
}
