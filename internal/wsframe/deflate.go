package wsframe

import (
	"fmt"
	"strconv"
	"strings"
)

// PerMessageDeflate is the name of the compression extension of RFC 7692,
// as it goes in Sec-WebSocket-Extensions.
const PerMessageDeflate = "permessage-deflate"

// rsvCompressed is RSV1 as Header.RSV holds it. With permessage-deflate
// agreed it is the "Per-Message Compressed" bit (RFC 7692 §6): set on the
// first frame of a message whose payload is deflated.
const rsvCompressed = 0x4

// Compressed reports whether h has RSV1 set: on a connection with
// permessage-deflate agreed, the frame begins a compressed message, and
// its payload (and that of the message's continuations) is deflate data,
// not the message itself.
func (h Header) Compressed() bool { return h.RSV&rsvCompressed != 0 }

// AllowCompression tells c that permessage-deflate was agreed in the
// handshake (RFC 7692), so that RSV1 may mark the first frame of a data
// message as compressed. Call it before the first Check.
//
// The payload of a compressed message is deflate data, so c cannot check
// the UTF-8 of a compressed text message: whoever inflates it (the
// WebSocket library, or the reader above it) must check the inflated text
// instead, and fail with 1007 as Checker would (RFC 6455 §8.1). Every other
// rule still applies; RSV1 on a control frame or a continuation, and RSV2
// or RSV3, stay violations (RFC 7692 §6.1).
func (c *Checker) AllowCompression() { c.deflate = true }

// compressedBit judges the reserved bits of h when permessage-deflate was
// agreed, and returns h with RSV1 cleared, so that the header rules judge
// the rest, and whether the frame is compressed.
func (c *Checker) compressedBit(h Header) (Header, bool, *Violation) {
	if !c.deflate || h.RSV == 0 {
		return h, false, nil
	}
	if other := h.RSV &^ rsvCompressed; other != 0 {
		return h, false, &Violation{ProtocolError, fmt.Sprintf("Reserved bits 0x%02X are set; permessage-deflate gives a meaning to RSV1 only.", other<<4)}
	}
	if h.Opcode != Text && h.Opcode != Binary {
		return h, false, &Violation{ProtocolError, fmt.Sprintf("RSV1 (compressed) is set on a %v frame; only the first frame of a message may carry it.", h.Opcode)}
	}
	h.RSV = 0
	return h, true, nil
}

// checkServerExtensions checks the server's Sec-WebSocket-Extensions
// (values, as many header lines as it sent) against the client's offer
// (the client's Sec-WebSocket-Extensions, "" for none), as RFC 6455 §4.1
// and RFC 7692 §5 and §7.1 ask of a client: the server may name only an
// extension that was offered, once, and a permessage-deflate answer may
// hold only parameters the client can honour.
func checkServerExtensions(values []string, offer string) error {
	agreed := false
	for _, v := range values {
		for _, ext := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(ext, ";")
			name = strings.TrimSpace(name)
			switch {
			case name == "":
				continue
			case !strings.EqualFold(name, PerMessageDeflate) || !offersDeflate(offer):
				return fmt.Errorf("the server chose extension %q, which the client did not offer", name)
			case agreed:
				return fmt.Errorf("the server agreed to %s twice", PerMessageDeflate)
			}
			agreed = true
			if err := checkDeflateAnswer(params, offer); err != nil {
				return err
			}
		}
	}
	return nil
}

// offersDeflate reports whether a client's Sec-WebSocket-Extensions offers
// permessage-deflate.
func offersDeflate(offer string) bool {
	_, ok := deflateParams(offer)
	return ok
}

// deflateParams returns the parameters of the first permessage-deflate
// offer in a Sec-WebSocket-Extensions value, and whether there is one.
func deflateParams(value string) (string, bool) {
	for _, ext := range strings.Split(value, ",") {
		name, params, _ := strings.Cut(ext, ";")
		if strings.EqualFold(strings.TrimSpace(name), PerMessageDeflate) {
			return params, true
		}
	}
	return "", false
}

// checkDeflateAnswer checks the parameters of a server's permessage-deflate
// answer (RFC 7692 §7.1): each known, at most once, with a valid value; no
// client_max_window_bits, which this client never offers (§7.1.2.2); and
// server_no_context_takeover when the client asked for it (§7.1.1.1), or
// the server would compress with a context the client throws away.
func checkDeflateAnswer(params, offer string) error {
	seen := map[string]bool{}
	for _, p := range strings.Split(params, ";") {
		key, value, hasValue := strings.Cut(p, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.Trim(strings.TrimSpace(value), `"`)
		if key == "" {
			continue
		}
		if seen[key] {
			return fmt.Errorf("the server's %s answer names %s twice", PerMessageDeflate, key)
		}
		seen[key] = true
		switch key {
		case "server_no_context_takeover", "client_no_context_takeover":
			if hasValue {
				return fmt.Errorf("the server's %s answer gives %s a value, which it must not have", PerMessageDeflate, key)
			}
		case "server_max_window_bits":
			if bits, err := strconv.Atoi(value); err != nil || bits < 8 || bits > 15 {
				return fmt.Errorf("the server's %s answer has server_max_window_bits=%q, not 8 to 15", PerMessageDeflate, value)
			}
		case "client_max_window_bits":
			return fmt.Errorf("the server's %s answer limits client_max_window_bits, which the client did not offer", PerMessageDeflate)
		default:
			return fmt.Errorf("the server's %s answer has an unknown parameter %q", PerMessageDeflate, key)
		}
	}
	offered, _ := deflateParams(offer)
	if hasParam(offered, "server_no_context_takeover") && !seen["server_no_context_takeover"] {
		return fmt.Errorf("the server's %s answer leaves out server_no_context_takeover, which the client asked for", PerMessageDeflate)
	}
	return nil
}

// hasParam reports whether a ';'-separated parameter list names key.
func hasParam(params, key string) bool {
	for _, p := range strings.Split(params, ";") {
		k, _, _ := strings.Cut(p, "=")
		if strings.EqualFold(strings.TrimSpace(k), key) {
			return true
		}
	}
	return false
}

// TextCheck checks a text message's UTF-8 as it is read in pieces, with the
// rule and the words Checker uses (RFC 6455 §8.1). A reader needs it for a
// compressed text message, which Checker cannot judge: the inflated text
// exists only above the library. The zero value is ready; Finish resets it
// for the next message.
type TextCheck struct{ v UTF8Validator }

// Write checks the next piece of the text. It returns len(p), nil while
// the text can still be valid, else the offset of the first bad byte and
// the 1007 to fail the connection with.
func (t *TextCheck) Write(p []byte) (int, *Violation) {
	if n, err := t.v.Write(p); err != nil {
		return n, invalidText()
	}
	return len(p), nil
}

// Finish checks that the message did not end inside a character.
func (t *TextCheck) Finish() *Violation {
	switch err := t.v.Finish(); {
	case err == nil:
		return nil
	case err == ErrInvalidUTF8: // not errTextCut, which wraps it
		return invalidText()
	}
	return cutText()
}

// Reset forgets the message under way (one that ended without its end).
func (t *TextCheck) Reset() { t.v.Reset() }

// invalidText and cutText are the two ways a text message breaks UTF-8.
func invalidText() *Violation {
	return &Violation{InvalidPayloadData, "Invalid UTF-8 in a text message."}
}

func cutText() *Violation {
	return &Violation{InvalidPayloadData, "A text message ends in the middle of a UTF-8 character."}
}
