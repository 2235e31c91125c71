package present

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wssample/wssample/wsclient"
)

// This file has no Fyne in it: it turns what a person typed into a
// composer into the bytes of a message, in the format they chose, or says
// in words what is wrong and where.

// PayloadFormat is how a composer's input is read.
type PayloadFormat int

// The formats a composer offers, in the order it lists them.
const (
	FormatText   PayloadFormat = iota // the input as UTF-8 text: a text message
	FormatJSON                        // JSON, validated; sent as text
	FormatHex                         // hex digits, two per byte: binary
	FormatBase64                      // base64, standard or URL alphabet: binary
	FormatFile                        // the input is a file's path: its bytes, binary
)

// PayloadFormats lists every format, for a format choice.
var PayloadFormats = []PayloadFormat{FormatText, FormatJSON, FormatHex, FormatBase64, FormatFile}

// String is the format's name as a composer shows it.
func (f PayloadFormat) String() string {
	switch f {
	case FormatText:
		return "Text"
	case FormatJSON:
		return "JSON"
	case FormatHex:
		return "Hex"
	case FormatBase64:
		return "Base64"
	case FormatFile:
		return "File"
	}
	return fmt.Sprintf("format %d", int(f))
}

// MaxPayloadFile is the largest file a composer sends as one message: the
// most a MessageSocket accepts (wsclient.MaxMessageSize, 1 MiB). Bigger
// files go through the stream page's "Send file…", which streams them.
const MaxPayloadFile = wsclient.MaxMessageSize

// ParsePayload reads input in format f. It returns the message's bytes
// and whether they go as a text message (Text and JSON) or a binary one
// (Hex, Base64, File). The error, if any, is a sentence a person can act
// on, naming the line and column (or the file) where the input goes wrong.
func ParsePayload(f PayloadFormat, input string) (data []byte, isText bool, err error) {
	switch f {
	case FormatText:
		data, err = parseText(input)
		return data, true, err
	case FormatJSON:
		data, err = parseJSON(input)
		return data, true, err
	case FormatHex:
		data, err = parseHex(input)
	case FormatBase64:
		data, err = parseBase64(input)
	case FormatFile:
		data, err = readPayloadFile(input, MaxPayloadFile)
	default:
		err = fmt.Errorf("Unknown payload format %d.", int(f))
	}
	return data, false, err
}

// parseText is the input as it is. A text message must be UTF-8 (RFC 6455
// §5.6; a server closes with 1007 otherwise), so anything else is refused
// here, before it goes on the wire. A string typed into an entry always is.
func parseText(input string) ([]byte, error) {
	if i := invalidUTF8At(input); i >= 0 {
		line, col := position(input, i)
		return nil, fmt.Errorf("The text is not valid UTF-8 at line %d, column %d (byte %d); a text message must be UTF-8 (RFC 6455 §5.6).", line, col, i+1)
	}
	return []byte(input), nil
}

// invalidUTF8At is the byte index of the first byte of s that is not part
// of valid UTF-8, or -1.
func invalidUTF8At(s string) int {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// parseJSON checks that input is one JSON value and returns it unchanged
// (as typed, not re-encoded: what the person sees is what goes).
func parseJSON(input string) ([]byte, error) {
	if strings.TrimSpace(input) == "" {
		return nil, errors.New(`Invalid JSON: there is nothing to send; type a JSON value such as {} or "text".`)
	}
	var v json.RawMessage
	err := json.Unmarshal([]byte(input), &v)
	if err == nil {
		return []byte(input), nil
	}
	var syn *json.SyntaxError
	if !errors.As(err, &syn) {
		return nil, fmt.Errorf("Invalid JSON: %v.", err)
	}
	// Offset counts the bytes read when the scanner gave up: for a bad
	// character that is one past it; at the end of the input it is the end.
	at, why := int(syn.Offset), syn.Error()
	if strings.HasPrefix(why, "invalid character") && at > 0 {
		at--
	}
	// At the end of the input the scanner reports a space it made up
	// ("tru": "invalid character ' ' in literal true"); say what happened.
	if strings.HasPrefix(why, "invalid character ' '") && input[at] != ' ' {
		at, why = len(input), "unexpected end of JSON input"
	}
	line, col := position(input, at)
	return nil, fmt.Errorf("Invalid JSON at line %d, column %d: %s.", line, col, why)
}

// PrettyJSON re-indents a JSON value two spaces a level, for a composer's
// "Format" button. Bad JSON gives parseJSON's error.
func PrettyJSON(input string) (string, error) {
	if _, err := parseJSON(input); err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(strings.TrimSpace(input)), "", "  "); err != nil {
		return "", fmt.Errorf("Invalid JSON: %v.", err)
	}
	return b.String(), nil
}

// parseHex reads hex digits, two per byte, upper or lower case. Spaces,
// tabs and line breaks may go anywhere (they are ignored, as by `xxd -r
// -p`), and each group of digits may start with 0x: "48 65 6c", "0x48
// 0x65", "48656C" and "0x48656c" all work.
func parseHex(input string) ([]byte, error) {
	out := make([]byte, 0, len(input)/2)
	var hi byte
	half := -1 // the byte index of a first digit still waiting for its second, or -1
	atGroupStart := true
	for i := 0; i < len(input); i++ {
		c := input[i]
		if isSpace(c) {
			atGroupStart = true
			continue
		}
		if atGroupStart && c == '0' && i+1 < len(input) && (input[i+1] == 'x' || input[i+1] == 'X') {
			if half >= 0 { // "4 0x8": the 0x would split a byte
				line, col := position(input, i)
				return nil, fmt.Errorf("Invalid hex at line %d, column %d: 0x in the middle of a byte (the digit before it has no pair).", line, col)
			}
			i++ // skip the x as well
			atGroupStart = false
			continue
		}
		atGroupStart = false
		v, ok := hexValue(c)
		if !ok {
			line, col := position(input, i)
			r, _ := utf8.DecodeRuneInString(input[i:])
			return nil, fmt.Errorf("Invalid hex at line %d, column %d: %s is not a hex digit (0-9, a-f).", line, col, quoteRune(r))
		}
		if half < 0 {
			hi, half = v, i
			continue
		}
		out = append(out, hi<<4|v)
		half = -1
	}
	if half >= 0 {
		digits := 2*len(out) + 1
		line, col := position(input, half)
		return nil, fmt.Errorf("Invalid hex: %d digits, an odd number; every byte needs two, and the last digit (line %d, column %d) has no pair.", digits, line, col)
	}
	return out, nil
}

func hexValue(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseBase64 reads base64 in either alphabet: standard (+ and /) or URL
// (- and _), with its = padding or without. Line breaks and spaces are
// ignored, as in a pasted e-mail attachment.
func parseBase64(input string) ([]byte, error) {
	// The characters that count, and where each one is in the input, so
	// an error can point at the person's text rather than the stripped one.
	chars := make([]byte, 0, len(input))
	at := make([]int, 0, len(input))
	std, url := -1, -1 // the index of the first character of each alphabet, if any
	for i := 0; i < len(input); i++ {
		c := input[i]
		switch {
		case isSpace(c):
			continue
		case c == '+' || c == '/':
			if std < 0 {
				std = i
			}
		case c == '-' || c == '_':
			if url < 0 {
				url = i
			}
		case c == '=' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		default:
			line, col := position(input, i)
			r, _ := utf8.DecodeRuneInString(input[i:])
			return nil, fmt.Errorf("Invalid base64 at line %d, column %d: %s is not a base64 character (A-Z, a-z, 0-9, + and / or - and _, = at the end).", line, col, quoteRune(r))
		}
		chars = append(chars, c)
		at = append(at, i)
	}
	if std >= 0 && url >= 0 {
		first, second := min(std, url), max(std, url)
		line, col := position(input, second)
		return nil, fmt.Errorf("Invalid base64 at line %d, column %d: %s mixes the URL alphabet (- and _) with the standard one (+ and /), after %s.", line, col, quoteRune(rune(input[second])), quoteRune(rune(input[first])))
	}
	if err := checkBase64Length(input, chars, at); err != nil {
		return nil, err
	}
	enc := base64.StdEncoding
	if url >= 0 {
		enc = base64.URLEncoding
	}
	if bytes.IndexByte(chars, '=') < 0 {
		enc = enc.WithPadding(base64.NoPadding)
	}
	// Strict: the unused bits of the last character must be zero, so a
	// text that was cut or changed is refused rather than half decoded.
	out := make([]byte, enc.DecodedLen(len(chars)))
	n, err := enc.Strict().Decode(out, chars)
	if err == nil {
		return out[:n], nil
	}
	var corrupt base64.CorruptInputError
	if !errors.As(err, &corrupt) || int(corrupt) >= len(at) {
		return nil, fmt.Errorf("Invalid base64: %v.", err)
	}
	// Point at the start of the group of four the decoder stopped in.
	line, col := position(input, at[int(corrupt)/4*4])
	return nil, fmt.Errorf("Invalid base64 at line %d, column %d: the characters from here do not decode cleanly (the last one carries bits that are not part of any byte); was the text cut or changed?", line, col)
}

// checkBase64Length checks the padding and the length of chars, the
// base64 characters of input (at[i] is where chars[i] is in input): = may
// only end the text, at most twice, making it a multiple of 4 characters;
// without padding, a lone character at the end cannot be a byte.
func checkBase64Length(input string, chars []byte, at []int) error {
	pad := bytes.IndexByte(chars, '=')
	if pad < 0 {
		if len(chars)%4 == 1 {
			line, col := position(input, at[len(at)-1])
			return fmt.Errorf("Invalid base64 at line %d, column %d: %d characters, and the last one alone cannot make a byte; a character is missing or one too many.", line, col, len(chars))
		}
		return nil
	}
	for i := pad; i < len(chars); i++ {
		if chars[i] != '=' {
			line, col := position(input, at[pad])
			return fmt.Errorf("Invalid base64 at line %d, column %d: padding (=) may only end the text.", line, col)
		}
	}
	if n := len(chars) - pad; n > 2 {
		line, col := position(input, at[pad])
		return fmt.Errorf("Invalid base64 at line %d, column %d: %d = signs; padding is one or two.", line, col, n)
	}
	if len(chars)%4 != 0 {
		return fmt.Errorf("Invalid base64: %d characters with = padding; padded base64 comes in groups of 4 (or leave the = out).", len(chars))
	}
	return nil
}

// readPayloadFile reads the file at path if it has at most limit bytes. A
// bigger file is refused before it is read, in words that name it and both
// sizes.
func readPayloadFile(path string, limit int) ([]byte, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return nil, errors.New("No file chosen: give the path of the file to send.")
	}
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("Cannot read the file %s: %s.", name, fileProblem(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("Cannot read the file %s: %s.", name, fileProblem(err))
	}
	if info.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a file.", name)
	}
	if info.Size() > int64(limit) {
		return nil, tooBig(name, GroupDigits(info.Size()), limit)
	}
	// Read at most one byte past the limit: a file that grows after Stat
	// is still refused, and never read whole.
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("Cannot read the file %s: %s.", name, fileProblem(err))
	}
	if len(data) > limit { // it grew after Stat; we stopped counting
		return nil, tooBig(name, "more than "+GroupDigits(int64(limit)), limit)
	}
	return data, nil
}

// tooBig says that the file name, of size bytes (in words), is over limit.
func tooBig(name, size string, limit int) error {
	return fmt.Errorf("The file %s is too big to send as one message: it has %s bytes, and a message can have at most %s bytes (%s).",
		name, size, GroupDigits(int64(limit)), BinarySize(int64(limit)))
}

// fileProblem words an error from opening or reading a file.
func fileProblem(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "there is no such file"
	case errors.Is(err, os.ErrPermission):
		return "permission denied"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// position is the 1-based line and column (in characters) of byte index
// i of s, as an editor counts them.
func position(s string, i int) (line, col int) {
	i = min(max(i, 0), len(s))
	before := s[:i]
	line = 1 + strings.Count(before, "\n")
	lineStart := strings.LastIndexByte(before, '\n') + 1
	return line, 1 + utf8.RuneCountInString(before[lineStart:])
}

// quoteRune shows a character so that an invisible one is still seen:
// 'g', or U+00A0 for a no-break space.
func quoteRune(r rune) string {
	if r == utf8.RuneError || !strconv.IsPrint(r) {
		return fmt.Sprintf("U+%04X", r)
	}
	return strconv.QuoteRune(r)
}

// BinarySize is a size in whole KiB or MiB when it is one (1 MiB, 64
// KiB), else in bytes: for limits, which are powers of two. (Exact byte
// counts use GroupDigits, the counters' helper in format.go.)
func BinarySize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return GroupDigits(n) + " bytes"
}
