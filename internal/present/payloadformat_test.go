package present

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// payloadCase is one input in one format: the bytes it must give, or the
// exact error a person reads.
type payloadCase struct {
	name    string
	format  PayloadFormat
	input   string
	want    []byte
	wantErr string
}

func runPayloadCases(t *testing.T, cases []payloadCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.format.String()+"/"+c.name, func(t *testing.T) {
			got, isText, err := ParsePayload(c.format, c.input)
			if wantText := c.format == FormatText || c.format == FormatJSON; isText != wantText {
				t.Errorf("isText = %v, want %v", isText, wantText)
			}
			if c.wantErr != "" {
				if err == nil {
					t.Fatalf("no error; got % x", got)
				}
				if err.Error() != c.wantErr {
					t.Fatalf("error\n%s\nwant\n%s", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, c.want) {
				t.Fatalf("got % x (%q), want % x (%q)", got, got, c.want, c.want)
			}
		})
	}
}

// RFC 6455 §5.6: a text message is UTF-8, so Text refuses anything else.
func TestPayloadText(t *testing.T) {
	runPayloadCases(t, []payloadCase{
		{name: "as typed", format: FormatText, input: "Hello World", want: []byte("Hello World")},
		{name: "empty is an empty message", format: FormatText, input: "", want: []byte{}},
		{name: "UTF-8 and line breaks", format: FormatText, input: "grüße\r\n日本", want: []byte("grüße\r\n日本")},
		{name: "invalid UTF-8 (RFC 6455 §5.6)", format: FormatText, input: "ok\nab\xffc",
			wantErr: "The text is not valid UTF-8 at line 2, column 3 (byte 6); a text message must be UTF-8 (RFC 6455 §5.6)."},
	})
}

func TestPayloadJSON(t *testing.T) {
	runPayloadCases(t, []payloadCase{
		{name: "object, sent as typed", format: FormatJSON, input: `{ "a": [1, 2] }`, want: []byte(`{ "a": [1, 2] }`)},
		{name: "a bare string", format: FormatJSON, input: `"x"`, want: []byte(`"x"`)},
		{name: "surrounding space", format: FormatJSON, input: "\n 42 \n", want: []byte("\n 42 \n")},
		{name: "empty", format: FormatJSON, input: "  \n",
			wantErr: `Invalid JSON: there is nothing to send; type a JSON value such as {} or "text".`},
		{name: "trailing comma", format: FormatJSON, input: "{\n  \"a\": 1,\n}",
			wantErr: "Invalid JSON at line 3, column 1: invalid character '}' looking for beginning of object key string."},
		{name: "missing colon", format: FormatJSON, input: "{\n    \"a\" 1}",
			wantErr: "Invalid JSON at line 2, column 9: invalid character '1' after object key."},
		{name: "cut short", format: FormatJSON, input: "[1,\n2",
			wantErr: "Invalid JSON at line 2, column 2: unexpected end of JSON input."},
		{name: "cut short in a literal", format: FormatJSON, input: "tru",
			wantErr: "Invalid JSON at line 1, column 4: unexpected end of JSON input."},
		{name: "two values", format: FormatJSON, input: "1 2",
			wantErr: "Invalid JSON at line 1, column 3: invalid character '2' after top-level value."},
		{name: "columns count characters, not bytes", format: FormatJSON, input: `["é" x]`,
			wantErr: "Invalid JSON at line 1, column 6: invalid character 'x' after array element."},
	})
}

func TestPrettyJSON(t *testing.T) {
	got, err := PrettyJSON(` {"a":[1,2],"b":{}} `)
	if want := "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}"; err != nil || got != want {
		t.Fatalf("PrettyJSON = %q, %v; want %q", got, err, want)
	}
	if _, err := PrettyJSON("{"); err == nil || err.Error() != "Invalid JSON at line 1, column 2: unexpected end of JSON input." {
		t.Fatalf("PrettyJSON of bad JSON: %v", err)
	}
}

func TestPayloadHex(t *testing.T) {
	runPayloadCases(t, []payloadCase{
		{name: "pairs with spaces", format: FormatHex, input: "48 65 6c 6c 6f", want: []byte("Hello")},
		{name: "one run, upper case", format: FormatHex, input: "48656C6C6F", want: []byte("Hello")},
		{name: "0x on each byte", format: FormatHex, input: "0x48 0X65\t0x6c", want: []byte("Hel")},
		{name: "0x once", format: FormatHex, input: "0x48656c", want: []byte("Hel")},
		{name: "lines of a dump, spaces anywhere", format: FormatHex, input: "00 01 02\n0 3\r\nff", want: []byte{0, 1, 2, 3, 0xff}},
		{name: "empty is an empty message", format: FormatHex, input: " \n ", want: []byte{}},
		{name: "odd number of digits", format: FormatHex, input: "48 65\n6c 6",
			wantErr: "Invalid hex: 7 digits, an odd number; every byte needs two, and the last digit (line 2, column 4) has no pair."},
		{name: "a bad character", format: FormatHex, input: "48 6g",
			wantErr: "Invalid hex at line 1, column 5: 'g' is not a hex digit (0-9, a-f)."},
		{name: "a bad character on a later line", format: FormatHex, input: "00\n11 22, 33",
			wantErr: "Invalid hex at line 2, column 6: ',' is not a hex digit (0-9, a-f)."},
		{name: "an invisible bad character", format: FormatHex, input: "41\u00a042",
			wantErr: "Invalid hex at line 1, column 3: U+00A0 is not a hex digit (0-9, a-f)."},
		{name: "0x splitting a byte", format: FormatHex, input: "4 0x8",
			wantErr: "Invalid hex at line 1, column 3: 0x in the middle of a byte (the digit before it has no pair)."},
		{name: "x without its 0", format: FormatHex, input: "48 x65",
			wantErr: "Invalid hex at line 1, column 4: 'x' is not a hex digit (0-9, a-f)."},
	})
}

func TestPayloadBase64(t *testing.T) {
	runPayloadCases(t, []payloadCase{
		{name: "standard, padded", format: FormatBase64, input: "SGVsbG8=", want: []byte("Hello")},
		{name: "standard, unpadded", format: FormatBase64, input: "SGVsbG8", want: []byte("Hello")},
		{name: "standard alphabet", format: FormatBase64, input: "+/+/", want: []byte{0xfb, 0xff, 0xbf}},
		{name: "URL alphabet", format: FormatBase64, input: "-_-_", want: []byte{0xfb, 0xff, 0xbf}},
		{name: "URL alphabet, padded", format: FormatBase64, input: "-_8=", want: []byte{0xfb, 0xff}},
		{name: "URL alphabet, unpadded", format: FormatBase64, input: "-_8", want: []byte{0xfb, 0xff}},
		{name: "wrapped lines", format: FormatBase64, input: "SGVs\r\nbG8g\n V29y bGQ=", want: []byte("Hello World")},
		{name: "empty is an empty message", format: FormatBase64, input: "", want: []byte{}},
		{name: "a bad character", format: FormatBase64, input: "SGVs\nbG*=",
			wantErr: "Invalid base64 at line 2, column 3: '*' is not a base64 character (A-Z, a-z, 0-9, + and / or - and _, = at the end)."},
		{name: "both alphabets", format: FormatBase64, input: "ab+c\nde_f",
			wantErr: "Invalid base64 at line 2, column 3: '_' mixes the URL alphabet (- and _) with the standard one (+ and /), after '+'."},
		{name: "padding in the middle", format: FormatBase64, input: "QQ==QQ==",
			wantErr: "Invalid base64 at line 1, column 3: padding (=) may only end the text."},
		{name: "three = signs", format: FormatBase64, input: "Q===",
			wantErr: "Invalid base64 at line 1, column 2: 3 = signs; padding is one or two."},
		{name: "padded, wrong length", format: FormatBase64, input: "QQ=",
			wantErr: "Invalid base64: 3 characters with = padding; padded base64 comes in groups of 4 (or leave the = out)."},
		{name: "a lone last character", format: FormatBase64, input: "QUJD\nR",
			wantErr: "Invalid base64 at line 2, column 1: 5 characters, and the last one alone cannot make a byte; a character is missing or one too many."},
		{name: "stray bits", format: FormatBase64, input: "QUJD QR==",
			wantErr: "Invalid base64 at line 1, column 6: the characters from here do not decode cleanly (the last one carries bits that are not part of any byte); was the text cut or changed?"},
	})
}

func TestPayloadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		t.Helper()
		p := filepath.Join(dir, name)
		data := bytes.Repeat([]byte{0xab}, size)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	small := write("small.bin", 3)
	atLimit := write("limit.bin", MaxPayloadFile)
	over := write("big.bin", MaxPayloadFile+1)
	empty := write("empty.bin", 0)
	runPayloadCases(t, []payloadCase{
		{name: "a small file", format: FormatFile, input: small, want: []byte{0xab, 0xab, 0xab}},
		{name: "the path with spaces around", format: FormatFile, input: "  " + small + "\n", want: []byte{0xab, 0xab, 0xab}},
		{name: "an empty file", format: FormatFile, input: empty, want: []byte{}},
		{name: "exactly the limit", format: FormatFile, input: atLimit, want: bytes.Repeat([]byte{0xab}, MaxPayloadFile)},
		{name: "one byte over the limit", format: FormatFile, input: over,
			wantErr: "The file big.bin is too big to send as one message: it has 1,048,577 bytes, and a message can have at most 1,048,576 bytes (1 MiB)."},
		{name: "no such file", format: FormatFile, input: filepath.Join(dir, "gone.bin"),
			wantErr: "Cannot read the file gone.bin: there is no such file."},
		{name: "a folder", format: FormatFile, input: dir,
			wantErr: filepath.Base(dir) + " is a folder, not a file."},
		{name: "no path", format: FormatFile, input: " ",
			wantErr: "No file chosen: give the path of the file to send."},
	})
}

func TestPayloadFormatNames(t *testing.T) {
	var names []string
	for _, f := range PayloadFormats {
		names = append(names, f.String())
	}
	if got := names; len(got) != 5 || got[0] != "Text" || got[1] != "JSON" || got[2] != "Hex" || got[3] != "Base64" || got[4] != "File" {
		t.Fatalf("formats %q", got)
	}
	if _, _, err := ParsePayload(PayloadFormat(99), "x"); err == nil || err.Error() != "Unknown payload format 99." {
		t.Fatalf("unknown format: %v", err)
	}
}

func TestPayloadBinarySize(t *testing.T) {
	for n, want := range map[int64]string{1 << 20: "1 MiB", 64 << 10: "64 KiB", 1000: "1,000 bytes", 3 << 20: "3 MiB"} {
		if got := BinarySize(n); got != want {
			t.Errorf("BinarySize(%d) = %q, want %q", n, got, want)
		}
	}
}
