package present

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wssample/wssample/wsclient"
)

// AdvancedInput is the Advanced section as typed: plain strings and ticks,
// so turning it into options is a pure function (ParseAdvanced) that a
// table test can cover without any widget.
type AdvancedInput struct {
	Subprotocols string // comma-separated
	Headers      string // one "Name: value" per line
	Username     string
	Password     string
	NoDelay      bool   // checked: Go's default, TCP no-delay on
	PingInterval string // seconds; 0 = off
	Handshake    string // seconds
	Reconnect    bool
	Payload      string
	Interval     string // seconds; 0 = as fast as possible
	ReadSize     string // bytes
	ChunkKiB     string // KiB
	Compression  string // one of compressionChoices' names
	CompressFrom string // bytes: the smallest message compressed
}

// The Advanced section's defaults, which are the sample's behaviour.
var DefaultAdvanced = AdvancedInput{
	NoDelay:      true,
	PingInterval: "0",
	Handshake:    FormatSeconds(wsclient.DefaultHandshakeTimeout),
	Payload:      wsclient.DefaultPayload,
	Interval:     FormatSeconds(wsclient.DefaultInterval),
	ReadSize:     strconv.Itoa(wsclient.DefaultReadSize),
	ChunkKiB:     strconv.Itoa(wsclient.DefaultChunkSize >> 10),
	Compression:  wsclient.CompressionOff.String(),
	CompressFrom: "1",
}

// compressionChoices are the Compression field's choices, in the order
// the menu lists them, named as wsclient names them ("off",
// "permessage-deflate, context takeover", …).
var compressionChoices = []wsclient.Compression{
	wsclient.CompressionOff, wsclient.CompressionContextTakeover, wsclient.CompressionNoContextTakeover,
}

// CompressionNames are the choices' names, for the menu.
func CompressionNames() []string {
	names := make([]string, len(compressionChoices))
	for i, c := range compressionChoices {
		names[i] = c.String()
	}
	return names
}

// The field names as the Advanced section labels them; a bad value is
// reported with its field's name so the person knows where to look.
const (
	FieldSubprotocols = "Subprotocols"
	FieldHeaders      = "Request headers"
	FieldCredential   = "Server credential"
	FieldPing         = "Keep-alive ping"
	FieldHandshake    = "Handshake timeout"
	FieldPayload      = "Payload"
	FieldInterval     = "Send interval"
	FieldReadSize     = "Read size"
	FieldChunk        = "File chunk size"
	FieldCompression  = "Compression"
)

// Bounds that keep a typo from doing something absurd: a read size of a
// gigabyte allocates a gigabyte, a chunk of one byte sends a million
// messages for a megabyte.
const (
	maxReadSize = 16 << 20
	maxChunkKiB = 16 << 10 // 16 MiB
	maxSeconds  = 24 * 60 * 60
)

// StreamSettings is what the Advanced section decides: the connection
// options and the chunk size of a file transfer (which SendFile takes, not
// Options).
type StreamSettings struct {
	Opts  wsclient.StreamOptions
	Chunk int
}

// FieldError is a bad value in one field: Error names the field first.
type FieldError struct {
	Field, Problem string
}

// Error names the field, then the problem: "Read size: …".
func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// ParseAdvanced turns the Advanced section into settings, or says which
// field is wrong and why. Nothing is started on an error.
func ParseAdvanced(in AdvancedInput) (StreamSettings, error) {
	var s StreamSettings
	var err error

	if s.Opts.Subprotocols, err = ParseSubprotocols(in.Subprotocols); err != nil {
		return StreamSettings{}, err
	}
	if s.Opts.Header, err = ParseHeaders(in.Headers); err != nil {
		return StreamSettings{}, err
	}

	// The credential goes with the handshake as HTTP Basic. A password
	// without a user name would be silently dropped: say so instead.
	user := strings.TrimSpace(in.Username)
	if user == "" && in.Password != "" {
		return StreamSettings{}, &FieldError{FieldCredential, "a password needs a user name"}
	}
	if strings.Contains(user, ":") {
		return StreamSettings{}, &FieldError{FieldCredential, "a user name cannot contain ':' in HTTP Basic"}
	}
	s.Opts.Username, s.Opts.Password = user, in.Password

	s.Opts.DelaySmallWrites = !in.NoDelay
	s.Opts.Reconnect = in.Reconnect

	if s.Opts.PingInterval, err = ParseSeconds(FieldPing, in.PingInterval, true); err != nil {
		return StreamSettings{}, err
	}
	if s.Opts.HandshakeTimeout, err = ParseSeconds(FieldHandshake, in.Handshake, false); err != nil {
		return StreamSettings{}, err
	}

	// An empty payload is allowed: the stream then only reads (a non-nil,
	// empty slice; nil would mean the default "Hello World").
	s.Opts.Payload = []byte(in.Payload)

	interval, err := ParseSeconds(FieldInterval, in.Interval, true)
	if err != nil {
		return StreamSettings{}, err
	}
	if interval == 0 {
		interval = wsclient.Continuous // 0 means "as fast as possible", not "the default"
	}
	s.Opts.Interval = interval

	if s.Opts.ReadSize, err = parseCount(FieldReadSize, in.ReadSize, "bytes", maxReadSize); err != nil {
		return StreamSettings{}, err
	}
	kib, err := parseCount(FieldChunk, in.ChunkKiB, "KiB", maxChunkKiB)
	if err != nil {
		return StreamSettings{}, err
	}
	s.Chunk = kib << 10

	if s.Opts.Compression, s.Opts.CompressionThreshold, err = parseCompression(in.Compression, in.CompressFrom); err != nil {
		return StreamSettings{}, err
	}
	return s, nil
}

// parseCompression reads the Compression field: the choice, and with
// compression on the smallest message compressed. That defaults to 1 byte
// here, not to the library's 128 or 512: the sample's own "Hello World"
// is 11 bytes, and the point of the option is to see what deflate does to
// it (RSV1 in the Frames tab, and the compressed length).
func parseCompression(choice, from string) (wsclient.Compression, int, error) {
	c, ok := wsclient.CompressionOff, false
	for _, cc := range compressionChoices {
		if cc.String() == choice {
			c, ok = cc, true
		}
	}
	if !ok {
		return 0, 0, &FieldError{FieldCompression, fmt.Sprintf("%q is not one of the choices", choice)}
	}
	if c == wsclient.CompressionOff {
		return c, 0, nil // the size is not used: no need to hold a typo against it
	}
	n, err := parseCount(FieldCompression, from, "bytes", maxReadSize)
	return c, n, err
}

// apply copies the settings onto base, the page's fixed options (TLS and the
// like), and returns the result.
func (s StreamSettings) Apply(base wsclient.StreamOptions) wsclient.StreamOptions {
	o := s.Opts
	base.Subprotocols, base.Header = o.Subprotocols, o.Header
	base.Username, base.Password = o.Username, o.Password
	base.DelaySmallWrites, base.Reconnect = o.DelaySmallWrites, o.Reconnect
	base.PingInterval, base.HandshakeTimeout = o.PingInterval, o.HandshakeTimeout
	base.Payload, base.Interval, base.ReadSize = o.Payload, o.Interval, o.ReadSize
	base.Compression, base.CompressionThreshold = o.Compression, o.CompressionThreshold
	return base
}

// ParseSeconds reads a number of seconds ("1", "0.5"). zeroOK says whether
// 0 is meaningful (off, or as fast as possible) or must be refused.
func ParseSeconds(field, text string, zeroOK bool) (time.Duration, error) {
	text = strings.TrimSpace(text)
	v, err := strconv.ParseFloat(text, 64)
	switch {
	case text == "":
		return 0, &FieldError{field, "enter a number of seconds"}
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		return 0, &FieldError{field, fmt.Sprintf("%q is not a number of seconds", text)}
	case v < 0:
		return 0, &FieldError{field, "cannot be negative"}
	case v == 0 && !zeroOK:
		return 0, &FieldError{field, "must be more than 0 seconds"}
	case v > maxSeconds:
		return 0, &FieldError{field, "at most a day (86400 seconds)"}
	}
	d := time.Duration(v * float64(time.Second))
	if d == 0 && v > 0 {
		return 0, &FieldError{field, "too small; use at least a nanosecond"}
	}
	return d, nil
}

// parseCount reads a whole number between 1 and max of unit.
func parseCount(field, text, unit string, max int) (int, error) {
	text = strings.TrimSpace(text)
	n, err := strconv.Atoi(text)
	switch {
	case text == "":
		return 0, &FieldError{field, "enter a number of " + unit}
	case err != nil:
		return 0, &FieldError{field, fmt.Sprintf("%q is not a whole number of %s", text, unit)}
	case n < 1:
		return 0, &FieldError{field, "must be at least 1 " + strings.TrimSuffix(unit, "s")}
	case n > max:
		return 0, &FieldError{field, fmt.Sprintf("at most %d %s", max, unit)}
	}
	return n, nil
}

// ParseSubprotocols splits "chat, superchat" into names; each must be an
// HTTP token, as Sec-WebSocket-Protocol requires.
func ParseSubprotocols(text string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(text, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !isHTTPToken(p) {
			return nil, &FieldError{FieldSubprotocols, fmt.Sprintf("%q is not a valid name (letters, digits and !#$%%&'*+-.^_`|~ only)", p)}
		}
		out = append(out, p)
	}
	return out, nil
}

// handshakeHeaders are set by the WebSocket handshake itself; a value typed
// for them would be overwritten without a word, so it is refused instead.
var handshakeHeaders = map[string]string{
	"Host":                     "it comes from the address",
	"Connection":               "the WebSocket handshake sets it",
	"Upgrade":                  "the WebSocket handshake sets it",
	"Sec-Websocket-Key":        "the WebSocket handshake sets it",
	"Sec-Websocket-Version":    "the WebSocket handshake sets it",
	"Sec-Websocket-Extensions": "the WebSocket handshake sets it",
	"Sec-Websocket-Protocol":   "use the Subprotocols field",
}

// ParseHeaders reads one "Name: value" per line; blank lines are skipped.
// A bad line is named by its number.
func ParseHeaders(text string) (http.Header, error) {
	var h http.Header
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(problem string) error {
			return &FieldError{FieldHeaders, fmt.Sprintf("line %d: %s", i+1, problem)}
		}
		name, value, ok := strings.Cut(line, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		switch {
		case !ok:
			return nil, bad(`expected "Name: value"`)
		case name == "":
			return nil, bad("the header name is missing before ':'")
		case !isHTTPToken(name):
			return nil, bad(fmt.Sprintf("%q is not a valid header name", name))
		case strings.ContainsAny(value, "\x00\r"):
			return nil, bad("the value contains a control character")
		}
		canonical := http.CanonicalHeaderKey(name)
		if why, ok := handshakeHeaders[canonical]; ok {
			return nil, bad(fmt.Sprintf("%s cannot be set here: %s", name, why))
		}
		if h == nil {
			h = http.Header{}
		}
		h.Add(canonical, value)
	}
	return h, nil
}

// isToken reports whether s is an HTTP token (RFC 9110 §5.6.2).
func isHTTPToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case strings.ContainsRune("!#$%&'*+-.^_`|~", r):
		default:
			return false
		}
	}
	return true
}

// FormatSeconds writes d as the Advanced fields take it: "15", "0.5".
func FormatSeconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
