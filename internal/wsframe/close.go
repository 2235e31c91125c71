package wsframe

import "encoding/binary"

// NoStatusReceived (1005) is what ParseClosePayload reports for an empty
// close payload. It must never be sent on the wire; it only names "the peer
// gave no code".
const NoStatusReceived = 1005

// MaxCloseReason is the longest close reason in bytes: a control frame
// carries at most 125 bytes and the status code takes 2 of them.
const MaxCloseReason = MaxControlPayload - 2

// ValidCloseCode reports whether code may be sent in a close frame:
// 1000–1003 and 1007–1014 (defined by RFC 6455 and its IANA registry),
// 3000–3999 (registered for libraries and frameworks) and 4000–4999 (free
// for applications). 1004 is reserved, and 1005, 1006 and 1015 only
// describe a close to the application, so they never go on the wire.
func ValidCloseCode(code int) bool {
	switch {
	case code >= 1000 && code <= 1003:
		return true
	case code >= 1007 && code <= 1014:
		return true
	case code >= 3000 && code <= 4999:
		return true
	}
	return false
}

// ClosePayload builds the payload of a close frame: the status code in two
// big-endian bytes followed by the reason. Code 0 builds an empty payload
// ("no status"). A reason longer than MaxCloseReason is cut to fit, so the
// result is always a valid control payload; the caller checks code with
// ValidCloseCode.
func ClosePayload(code int, reason string) []byte {
	if code == 0 {
		return nil
	}
	if len(reason) > MaxCloseReason {
		reason = reason[:MaxCloseReason]
	}
	p := make([]byte, 2, 2+len(reason))
	binary.BigEndian.PutUint16(p, uint16(code))
	return append(p, reason...)
}

// ParseClosePayload reads the status code and reason from a close payload.
// An empty payload gives NoStatusReceived and "". A 1-byte payload cannot
// hold a code and gives code 0, which callers treat as a protocol error
// (as they do any code for which ValidCloseCode is false).
func ParseClosePayload(p []byte) (code int, reason string) {
	switch len(p) {
	case 0:
		return NoStatusReceived, ""
	case 1:
		return 0, ""
	}
	return int(binary.BigEndian.Uint16(p)), string(p[2:])
}
