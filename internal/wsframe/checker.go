package wsframe

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// Close codes a receiver answers a broken rule with (RFC 6455 §7.4.1).
const (
	// ProtocolError (1002): the peer broke the framing rules.
	ProtocolError = 1002
	// InvalidPayloadData (1007): a text message or close reason that is
	// not valid UTF-8 (§8.1).
	InvalidPayloadData = 1007
)

// A Violation is a rule of RFC 6455 the peer broke, as Checker reports it:
// the close code to answer with (ProtocolError or InvalidPayloadData) and
// the reason in plain words, short enough for a close frame
// (MaxCloseReason). errors.Is(v, ErrProtocol) holds for 1002 and
// errors.Is(v, ErrInvalidUTF8) for 1007.
type Violation struct {
	Code   int
	Reason string
}

func (v *Violation) Error() string {
	return fmt.Sprintf("websocket: the peer broke RFC 6455 (close code %d): %s", v.Code, v.Reason)
}

// Unwrap returns ErrInvalidUTF8 for a 1007 and ErrProtocol otherwise.
func (v *Violation) Unwrap() error {
	if v.Code == InvalidPayloadData {
		return ErrInvalidUTF8
	}
	return ErrProtocol
}

// Checker follows one direction of a WebSocket connection as its bytes go
// by, through a Parser, and judges them as a receiver must: what a library
// such as github.com/coder/websocket lets through unchecked (UTF-8 of text
// messages and close reasons, the shortest length encoding, a client that
// masks or a server that does not) and the rest of the framing rules, so
// that every broken rule is answered the same way, with a reason in words.
//
// It checks, for frames sent by a client (NewChecker(true)) or a server:
//
//   - Header.problem: reserved bits, opcodes, control frames, lengths (§5.2, §5.5);
//   - masking: a client masks every frame, a server none (§5.1) → 1002;
//   - fragmentation: a continuation only inside a message, no new message
//     before the last one ended (§5.4) → 1002;
//   - text messages are UTF-8, checked as they pass with one UTF8Validator
//     per connection, so a character may be cut anywhere, between reads or
//     frames, and a byte that can no longer be valid fails at once, even in
//     a frame that is not the last (§5.6, §8.1) → 1007;
//   - a close payload is empty or a code that may be sent plus a UTF-8
//     reason (§5.5.1, §7.4): one byte, or a code such as 0, 999, 1004,
//     1005, 1006, 1015, 1016–2999 or 5000 → 1002; a reason that is not
//     UTF-8 → 1007 (§8.1 says an endpoint that finds invalid UTF-8 fails
//     with 1007, §7.4.1 defines 1007 as "data within a message that was
//     not consistent with the type of the message").
//
// It checks no size limit (that is the reader's business) and holds no
// data: its memory is fixed, and it does not allocate.
type Checker struct {
	// OnPong, when set, is called with the payload of each pong that goes
	// by (§5.5.3), as soon as its last byte is in: a client that sends
	// pings below its WebSocket library matches their pongs here. The
	// payload is valid only during the call.
	OnPong func(payload []byte)

	fromClient bool
	p          Parser

	inMessage  bool          // a data message has started and not ended
	text       bool          // that message is text
	deflate    bool          // permessage-deflate was agreed: RSV1 marks a compressed message (AllowCompression)
	compressed bool          // the current message is compressed: its UTF-8 is checked after inflating, not here
	utf8       UTF8Validator // the text message so far
	pos        uint64        // payload bytes of the current frame seen so far

	closeReceived bool
	err           *Violation
	scratch       [512]byte // unmasked copies of text, a piece at a time
}

// NewChecker returns a Checker for the frames a client sends (fromClient:
// a server checks what it reads) or a server sends (a client checks).
func NewChecker(fromClient bool) *Checker { return &Checker{fromClient: fromClient} }

// Check takes b, the next bytes read from the connection, and returns how
// many of them may be passed on to whoever parses the frames. When they
// keep every rule that is len(b), nil. When a rule is broken, the error is
// a *Violation and n stops short of the byte at which the rule was broken
// (the bad UTF-8 byte, the last byte of a header or of a close frame), so a
// reader downstream never gets a complete offending frame and cannot act
// on it — answer a bad close frame, say, or deliver a bad message. From
// then on the stream stays refused: Check returns 0 and the same error.
func (c *Checker) Check(b []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	done := 0 // bytes of b consumed so far
	for {
		n, step := c.p.Next(b[done:])
		piece := b[done : done+n]
		done += n
		// A step's last byte is always in b (the Parser reports a step as
		// soon as its last byte is consumed), so done-1 is the byte that
		// completed it and done-1 the count to pass on when it is bad.
		var v *Violation
		bad := done - 1
		switch step {
		case NeedMore:
			return len(b), nil
		case GotHeader:
			v = c.header(c.p.Header())
		case GotPayload:
			var at int
			if v, at = c.payload(piece); v != nil {
				bad = done - n + at
			}
		case GotControl:
			switch c.p.Header().Opcode {
			case Close:
				v = closeProblem(c.p.Control())
				c.closeReceived = v == nil
			case Pong:
				if c.OnPong != nil {
					c.OnPong(c.p.Control())
				}
			}
		case GotEnd:
			v = c.end(c.p.Header())
		}
		if v != nil {
			c.err = v
			return max(bad, 0), v
		}
	}
}

// CloseReceived reports whether a valid close frame has gone by: the peer
// has started or answered the closing handshake (§7.1.1).
func (c *Checker) CloseReceived() bool { return c.closeReceived }

// header judges a header as soon as it is complete.
func (c *Checker) header(h Header) *Violation {
	h, compressed, v := c.compressedBit(h)
	if v != nil {
		return v
	}
	if problem := h.problem(); problem != "" {
		return &Violation{ProtocolError, problem}
	}
	switch {
	case c.fromClient && !h.Masked:
		return &Violation{ProtocolError, "Client frames must be masked."}
	case !c.fromClient && h.Masked:
		return &Violation{ProtocolError, "Server frames must not be masked."}
	}
	c.pos = 0
	if h.Opcode.IsControl() {
		return nil // may come between the fragments of a message
	}
	switch {
	case h.Opcode == Continuation && !c.inMessage:
		return &Violation{ProtocolError, "Continuation frame without a message to continue."}
	case h.Opcode != Continuation && c.inMessage:
		return &Violation{ProtocolError, "New message started before the previous one ended."}
	case h.Opcode != Continuation:
		c.text = h.Opcode == Text
		c.compressed = compressed
		c.utf8.Reset()
	}
	c.inMessage = !h.Fin
	return nil
}

// payload checks a piece of a data frame's payload, still masked as it
// came: text is unmasked into scratch, a piece at a time, and validated.
// It returns the offset in piece of the first bad byte.
func (c *Checker) payload(piece []byte) (*Violation, int) {
	h := c.p.Header()
	if h.Opcode.IsControl() || !c.text || c.compressed {
		c.pos += uint64(len(piece))
		return nil, 0
	}
	for off := 0; off < len(piece); {
		chunk := c.scratch[:copy(c.scratch[:], piece[off:])]
		h.Unmask(chunk, c.pos)
		n, err := c.utf8.Write(chunk)
		if err != nil {
			return invalidText(), off + n
		}
		off += len(chunk)
		c.pos += uint64(len(chunk))
	}
	return nil, 0
}

// end checks what can only be checked when a frame is over: a text
// message must not end inside a character.
func (c *Checker) end(h Header) *Violation {
	if h.Opcode.IsControl() || !h.Fin || !c.text || c.compressed {
		return nil
	}
	if err := c.utf8.Finish(); err != nil {
		return cutText()
	}
	return nil
}

// closeProblem checks a close frame's payload (§5.5.1, §7.4): empty (no
// status), or a 2-byte code that may be sent followed by a UTF-8 reason.
// The reason is whole here (at most 123 bytes), so the standard library's
// utf8.Valid, which agrees with UTF8Validator, checks it in one go.
func closeProblem(p []byte) *Violation {
	if len(p) == 0 {
		return nil
	}
	if len(p) == 1 {
		return &Violation{ProtocolError, "A close frame of 1 byte cannot hold a status code."}
	}
	switch code := int(binary.BigEndian.Uint16(p)); {
	case !ValidCloseCode(code):
		return &Violation{ProtocolError, fmt.Sprintf("Close code %d may not be sent in a close frame.", code)}
	case !utf8.Valid(p[2:]):
		return &Violation{InvalidPayloadData, "The close reason is not valid UTF-8."}
	}
	return nil
}
