package conformance

// utf8Group is one of Autobahn's generated UTF-8 groups (6.5–6.23): byte
// sequences from Markus Kuhn's UTF-8 decoder stress test, each sent as
// one text message. A valid one must come back; an invalid one must fail
// the connection with 1007.
type utf8Group struct {
	name    string
	vectors []utf8Vector
}

type utf8Vector struct {
	valid bool
	bytes []byte
}

func valid(s string) utf8Vector   { return utf8Vector{true, []byte(s)} }
func invalid(s string) utf8Vector { return utf8Vector{false, []byte(s)} }

// kosme is the Greek word "κόσμε", the stress test's sample of valid
// multi-byte text: code points of two and three bytes.
const kosme = "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5"

// utf8Groups returns 6.5 … 6.23 in order, 132 vectors in all.
func utf8Groups() []utf8Group {
	var prefixes []utf8Vector
	for n := 1; n <= len(kosme); n++ {
		// A prefix is valid when it ends on a code point boundary: kosme
		// has code points of 2, 3, 2, 2 and 2 bytes.
		end := n == 2 || n == 5 || n == 7 || n == 9 || n == 11
		prefixes = append(prefixes, utf8Vector{end, []byte(kosme[:n])})
	}
	var continuations []byte
	for b := 0x80; b < 0xBF; b++ { // 0x80 … 0xBE: the stress test's range, as Autobahn reads it
		continuations = append(continuations, byte(b))
	}
	var lonely []utf8Vector
	for _, r := range [][2]int{{0xC0, 0xDF}, {0xE0, 0xEF}, {0xF0, 0xF7}, {0xF8, 0xFB}, {0xFC, 0xFD}} {
		var s []byte
		for b := r[0]; b < r[1]; b++ { // the upper bound left out, as Autobahn does
			s = append(s, byte(b), 0x20)
		}
		lonely = append(lonely, utf8Vector{false, s})
	}
	missing := []string{"\xc0", "\xe0\x80", "\xf0\x80\x80", "\xf8\x80\x80\x80", "\xfc\x80\x80\x80\x80",
		"\xdf", "\xef\xbf", "\xf7\xbf\xbf", "\xfb\xbf\xbf\xbf", "\xfd\xbf\xbf\xbf\xbf"}
	var missingV []utf8Vector
	concat := ""
	for _, m := range missing {
		missingV = append(missingV, invalid(m))
		concat += m
	}
	// Non-characters: U+FFFE, U+FFFF, and the last two code points of
	// each supplementary plane (F0–F4 xF BF BE/BF), without the overlong
	// F0 8F … and without F4 9F … and beyond, which pass U+10FFFF.
	nonchars := []utf8Vector{valid("\xef\xbf\xbe"), valid("\xef\xbf\xbf")}
	for _, b1 := range []byte{0xF0, 0xF1, 0xF2, 0xF3, 0xF4} {
		for _, b2 := range []byte{0x8F, 0x9F, 0xAF, 0xBF} {
			if b1 == 0xF4 && b2 != 0x8F || b1 == 0xF0 && b2 == 0x8F {
				continue
			}
			for _, b4 := range []byte{0xBE, 0xBF} {
				nonchars = append(nonchars, utf8Vector{true, []byte{b1, b2, 0xBF, b4}})
			}
		}
	}
	return []utf8Group{
		{"Some valid UTF-8 sequences", []utf8Vector{
			valid("hello\x24world"), valid("hello\xc2\xa2world"), valid("hello\xe2\x82\xacworld"),
			valid("hello\xf0\xa4\xad\xa2world"), valid(kosme)}},
		{"All prefixes of a valid UTF-8 string that contains multi-byte code points", prefixes},
		{"First possible sequence of a certain length", []utf8Vector{
			valid("\x00"), valid("\xc2\x80"), valid("\xe0\xa0\x80"), valid("\xf0\x90\x80\x80")}},
		{"First possible sequence of length 5 and 6 (invalid code points)", []utf8Vector{
			invalid("\xf8\x88\x80\x80\x80"), invalid("\xfc\x84\x80\x80\x80\x80")}},
		{"Last possible sequence of a certain length", []utf8Vector{
			valid("\x7f"), valid("\xdf\xbf"), valid("\xef\xbf\xbf"), valid("\xf4\x8f\xbf\xbf")}},
		{"Last possible sequence of length 4, 5 and 6 (invalid code points)", []utf8Vector{
			invalid("\xf7\xbf\xbf\xbf"), invalid("\xfb\xbf\xbf\xbf\xbf"), invalid("\xfd\xbf\xbf\xbf\xbf\xbf")}},
		{"Other boundary conditions", []utf8Vector{
			valid("\xed\x9f\xbf"), valid("\xee\x80\x80"), valid("\xef\xbf\xbd"), valid("\xf4\x8f\xbf\xbf"), invalid("\xf4\x90\x80\x80")}},
		{"Unexpected continuation bytes", []utf8Vector{
			invalid("\x80"), invalid("\xbf"), invalid("\x80\xbf"), invalid("\x80\xbf\x80"), invalid("\x80\xbf\x80\xbf"),
			invalid("\x80\xbf\x80\xbf\x80"), invalid("\x80\xbf\x80\xbf\x80\xbf"), {false, continuations}}},
		{"Lonely start characters", lonely},
		{"Sequences with the last continuation byte missing", missingV},
		{"Concatenation of incomplete sequences", []utf8Vector{invalid(concat)}},
		{"Impossible bytes", []utf8Vector{invalid("\xfe"), invalid("\xff"), invalid("\xfe\xfe\xff\xff")}},
		{"Overlong ASCII character", []utf8Vector{
			invalid("\xc0\xaf"), invalid("\xe0\x80\xaf"), invalid("\xf0\x80\x80\xaf"), invalid("\xf8\x80\x80\x80\xaf"), invalid("\xfc\x80\x80\x80\x80\xaf")}},
		{"Maximum overlong sequences", []utf8Vector{
			invalid("\xc1\xbf"), invalid("\xe0\x9f\xbf"), invalid("\xf0\x8f\xbf\xbf"), invalid("\xf8\x87\xbf\xbf\xbf"), invalid("\xfc\x83\xbf\xbf\xbf\xbf")}},
		{"Overlong NUL character", []utf8Vector{
			invalid("\xc0\x80"), invalid("\xe0\x80\x80"), invalid("\xf0\x80\x80\x80"), invalid("\xf8\x80\x80\x80\x80"), invalid("\xfc\x80\x80\x80\x80\x80")}},
		{"Single UTF-16 surrogates", []utf8Vector{
			invalid("\xed\xa0\x80"), invalid("\xed\xad\xbf"), invalid("\xed\xae\x80"), invalid("\xed\xaf\xbf"),
			invalid("\xed\xb0\x80"), invalid("\xed\xbe\x80"), invalid("\xed\xbf\xbf")}},
		{"Paired UTF-16 surrogates", []utf8Vector{
			invalid("\xed\xa0\x80\xed\xb0\x80"), invalid("\xed\xa0\x80\xed\xbf\xbf"), invalid("\xed\xad\xbf\xed\xb0\x80"),
			invalid("\xed\xad\xbf\xed\xbf\xbf"), invalid("\xed\xae\x80\xed\xb0\x80"), invalid("\xed\xae\x80\xed\xbf\xbf"),
			invalid("\xed\xaf\xbf\xed\xb0\x80"), invalid("\xed\xaf\xbf\xed\xbf\xbf")}},
		{"Non-character code points (valid UTF-8)", nonchars},
		{"Unicode specials, such as the replacement character", []utf8Vector{
			valid("\xef\xbf\xb9"), valid("\xef\xbf\xba"), valid("\xef\xbf\xbb"), valid("\xef\xbf\xbc"),
			valid("\xef\xbf\xbd"), valid("\xef\xbf\xbe"), valid("\xef\xbf\xbf")}},
	}
}
