package conformance

import (
	"fmt"
	"slices"
)

// utf8Cases: category 6 (§5.6, §8.1). A text message must be valid UTF-8
// as a whole (a code point may be split between fragments); "when an
// endpoint is to interpret a byte stream as UTF-8 but finds that the byte
// stream is not, in fact, a valid UTF-8 stream, that endpoint MUST Fail
// the WebSocket Connection", with 1007 (invalid payload data, §7.4.1).
// A binary message is not UTF-8 and must pass whatever its bytes.
func utf8Cases() []Case {
	text := func(id, title string, p []byte) Case {
		return echoCase(id, title, "§5.6", []frame{{Fin: true, Opcode: opText, Payload: p}}, []message{textMsg(p)})
	}
	split := func(id, title string, p []byte, cuts ...int) Case {
		var frames []frame
		from := 0
		for _, to := range append(cuts, len(p)) {
			op := opContinuation
			if from == 0 {
				op = opText
			}
			frames = append(frames, frame{Fin: to == len(p), Opcode: op, Payload: p[from:to]})
			from = to
		}
		return echoCase(id, title, "§5.4, §5.6", frames, []message{textMsg(p)})
	}
	invalid := func(id, title string, bad []byte) Case {
		p := slices.Concat([]byte("valid, then "), bad)
		return failCase(id, title, "§5.6, §8.1", codeInvalidData, fmt.Sprintf("a text message with the invalid UTF-8 % X", bad),
			frame{Fin: true, Opcode: opText, Payload: p})
	}
	kosme := []byte("κόσμε")
	euro := []byte("price: €5") // € is E2 82 AC
	emoji := []byte("😀")        // F0 9F 98 80
	validStart := []byte("κόσμε, ")
	notText := []byte{0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80}
	notUTF8 := echoCase("2.3", "Binary message that is not UTF-8", "§5.6",
		[]frame{{Fin: true, Opcode: opBinary, Payload: notText}}, []message{binaryMsg(notText)})
	notUTF8.Expect = "The binary message back unchanged: binary data is never checked as UTF-8"
	return []Case{
		text("1.1", "Valid UTF-8 with two-byte characters", []byte("Hello-µ@ßöäüàá-UTF-8!!")),
		text("1.2", "Valid UTF-8: Greek \"κόσμε\"", kosme),
		text("1.3", "Valid UTF-8 with four-byte characters and U+10FFFF, the last code point", slices.Concat([]byte("𝄞 😀 "), []byte{0xF4, 0x8F, 0xBF, 0xBF})),
		text("1.4", "Valid UTF-8: the noncharacter U+FFFF", []byte{0xEF, 0xBF, 0xBF}),
		split("2.1", "Three-byte character split between two fragments", euro, 8),
		split("2.2", "Four-byte character split into one byte per fragment", emoji, 1, 2, 3),
		notUTF8,
		invalid("3.1", "Invalid UTF-8: C3 28, a lead byte without its continuation", []byte{0xC3, 0x28}),
		invalid("3.2", "Invalid UTF-8: FF, a byte UTF-8 never uses", []byte{0xFF}),
		invalid("3.3", "Invalid UTF-8: ED A0 80, the surrogate U+D800", []byte{0xED, 0xA0, 0x80}),
		invalid("3.4", "Invalid UTF-8: C0 AF, an overlong '/'", []byte{0xC0, 0xAF}),
		invalid("3.5", "Invalid UTF-8: E0 80 AF, an overlong '/' in three bytes", []byte{0xE0, 0x80, 0xAF}),
		invalid("3.6", "Invalid UTF-8: F4 90 80 80, beyond U+10FFFF", []byte{0xF4, 0x90, 0x80, 0x80}),
		invalid("3.7", "Invalid UTF-8: a message that ends inside a character (E2 82)", []byte{0xE2, 0x82}),
		{ID: "3.8", Title: "Valid first fragment, invalid UTF-8 (C3 28) in the second", Section: "§5.4, §5.6, §8.1",
			Expect: "A close frame with 1007 (invalid payload data); a streaming echo may first pass on the valid fragment",
			run: func(t *trial) {
				c := t.open()
				if c == nil {
					return
				}
				c.send(frame{Opcode: opText, Payload: validStart}, frame{Fin: true, Opcode: opContinuation, Payload: []byte{0xC3, 0x28}})
				t.expectFailure(c, codeInvalidData, "a text message whose second fragment holds the invalid UTF-8 C3 28", validStart)
			}},
	}
}
