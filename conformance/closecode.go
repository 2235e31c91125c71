package conformance

import (
	"encoding/binary"
	"fmt"

	"github.com/wssample/wssample/internal/wsframe"
)

// Close codes the cases name (RFC 6455 §7.4.1).
const (
	codeNormal        = 1000
	codeProtocolError = 1002
	codeNoStatus      = 1005 // an empty close payload; never on the wire
	codeInvalidData   = 1007
	codeTooBig        = 1009
)

// parseClose reads a close payload: the code (codeNoStatus for an empty
// payload) and the reason. ok is false for a 1-byte payload, which cannot
// hold a code (§5.5.1).
func parseClose(p []byte) (code int, reason string, ok bool) {
	switch len(p) {
	case 0:
		return codeNoStatus, "", true
	case 1:
		return 0, "", false
	}
	return int(binary.BigEndian.Uint16(p)), string(p[2:]), true
}

// closePayload builds a close payload with any code at all, valid or not:
// the checker must be able to send the invalid ones.
func closePayload(code int, reason string) []byte {
	p := binary.BigEndian.AppendUint16(nil, uint16(code))
	return append(p, reason...)
}

// sendable reports whether code may appear in a close frame (§7.4.1,
// §7.4.2 and the IANA registry): wsframe's rule.
func sendable(code int) bool { return wsframe.ValidCloseCode(code) }

// codeName names a close code in parentheses: "(protocol error)".
func codeName(code int) string {
	names := map[int]string{
		1000: "normal closure", 1001: "going away", 1002: "protocol error", 1003: "unsupported data",
		1004: "reserved", 1005: "no status received", 1006: "abnormal closure", 1007: "invalid payload data",
		1008: "policy violation", 1009: "message too big", 1010: "mandatory extension", 1011: "internal error",
		1012: "service restart", 1013: "try again later", 1014: "bad gateway", 1015: "TLS handshake",
	}
	switch n, ok := names[code]; {
	case ok:
		return "(" + n + ")"
	case code >= 3000 && code <= 3999:
		return "(registered for libraries)"
	case code >= 4000 && code <= 4999:
		return "(private use)"
	}
	return "(not a valid code)"
}

// codeWords says "1002 (protocol error)".
func codeWords(code int) string { return fmt.Sprintf("%d %s", code, codeName(code)) }
