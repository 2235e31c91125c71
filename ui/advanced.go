package ui

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/wsclient"
)

// advancedInput is the Advanced section as typed: plain strings and ticks,
// so turning it into options is a pure function (parseAdvanced) that a
// table test can cover without any widget.
type advancedInput struct {
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
var defaultAdvanced = advancedInput{
	NoDelay:      true,
	PingInterval: "0",
	Handshake:    formatSeconds(wsclient.DefaultHandshakeTimeout),
	Payload:      wsclient.DefaultPayload,
	Interval:     formatSeconds(wsclient.DefaultInterval),
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

// compressionNames are the choices' names, for the menu.
func compressionNames() []string {
	names := make([]string, len(compressionChoices))
	for i, c := range compressionChoices {
		names[i] = c.String()
	}
	return names
}

// The field names as the Advanced section labels them; a bad value is
// reported with its field's name so the person knows where to look.
const (
	fieldSubprotocols = "Subprotocols"
	fieldHeaders      = "Request headers"
	fieldCredential   = "Server credential"
	fieldPing         = "Keep-alive ping"
	fieldHandshake    = "Handshake timeout"
	fieldPayload      = "Payload"
	fieldInterval     = "Send interval"
	fieldReadSize     = "Read size"
	fieldChunk        = "File chunk size"
	fieldCompression  = "Compression"
)

// Bounds that keep a typo from doing something absurd: a read size of a
// gigabyte allocates a gigabyte, a chunk of one byte sends a million
// messages for a megabyte.
const (
	maxReadSize = 16 << 20
	maxChunkKiB = 16 << 10 // 16 MiB
	maxSeconds  = 24 * 60 * 60
)

// streamSettings is what the Advanced section decides: the connection
// options and the chunk size of a file transfer (which SendFile takes, not
// Options).
type streamSettings struct {
	Opts  wsclient.StreamOptions
	Chunk int
}

// fieldError is a bad value in one field: Error names the field first.
type fieldError struct {
	Field, Problem string
}

func (e *fieldError) Error() string { return e.Field + ": " + e.Problem }

// parseAdvanced turns the Advanced section into settings, or says which
// field is wrong and why. Nothing is started on an error.
func parseAdvanced(in advancedInput) (streamSettings, error) {
	var s streamSettings
	var err error

	if s.Opts.Subprotocols, err = parseSubprotocols(in.Subprotocols); err != nil {
		return streamSettings{}, err
	}
	if s.Opts.Header, err = parseHeaders(in.Headers); err != nil {
		return streamSettings{}, err
	}

	// The credential goes with the handshake as HTTP Basic. A password
	// without a user name would be silently dropped: say so instead.
	user := strings.TrimSpace(in.Username)
	if user == "" && in.Password != "" {
		return streamSettings{}, &fieldError{fieldCredential, "a password needs a user name"}
	}
	if strings.Contains(user, ":") {
		return streamSettings{}, &fieldError{fieldCredential, "a user name cannot contain ':' in HTTP Basic"}
	}
	s.Opts.Username, s.Opts.Password = user, in.Password

	s.Opts.DelaySmallWrites = !in.NoDelay
	s.Opts.Reconnect = in.Reconnect

	if s.Opts.PingInterval, err = parseSeconds(fieldPing, in.PingInterval, true); err != nil {
		return streamSettings{}, err
	}
	if s.Opts.HandshakeTimeout, err = parseSeconds(fieldHandshake, in.Handshake, false); err != nil {
		return streamSettings{}, err
	}

	// An empty payload is allowed: the stream then only reads (a non-nil,
	// empty slice; nil would mean the default "Hello World").
	s.Opts.Payload = []byte(in.Payload)

	interval, err := parseSeconds(fieldInterval, in.Interval, true)
	if err != nil {
		return streamSettings{}, err
	}
	if interval == 0 {
		interval = wsclient.Continuous // 0 means "as fast as possible", not "the default"
	}
	s.Opts.Interval = interval

	if s.Opts.ReadSize, err = parseCount(fieldReadSize, in.ReadSize, "bytes", maxReadSize); err != nil {
		return streamSettings{}, err
	}
	kib, err := parseCount(fieldChunk, in.ChunkKiB, "KiB", maxChunkKiB)
	if err != nil {
		return streamSettings{}, err
	}
	s.Chunk = kib << 10

	if s.Opts.Compression, s.Opts.CompressionThreshold, err = parseCompression(in.Compression, in.CompressFrom); err != nil {
		return streamSettings{}, err
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
		return 0, 0, &fieldError{fieldCompression, fmt.Sprintf("%q is not one of the choices", choice)}
	}
	if c == wsclient.CompressionOff {
		return c, 0, nil // the size is not used: no need to hold a typo against it
	}
	n, err := parseCount(fieldCompression, from, "bytes", maxReadSize)
	return c, n, err
}

// apply copies the settings onto base, the page's fixed options (TLS and the
// like), and returns the result.
func (s streamSettings) apply(base wsclient.StreamOptions) wsclient.StreamOptions {
	o := s.Opts
	base.Subprotocols, base.Header = o.Subprotocols, o.Header
	base.Username, base.Password = o.Username, o.Password
	base.DelaySmallWrites, base.Reconnect = o.DelaySmallWrites, o.Reconnect
	base.PingInterval, base.HandshakeTimeout = o.PingInterval, o.HandshakeTimeout
	base.Payload, base.Interval, base.ReadSize = o.Payload, o.Interval, o.ReadSize
	base.Compression, base.CompressionThreshold = o.Compression, o.CompressionThreshold
	return base
}

// parseSeconds reads a number of seconds ("1", "0.5"). zeroOK says whether
// 0 is meaningful (off, or as fast as possible) or must be refused.
func parseSeconds(field, text string, zeroOK bool) (time.Duration, error) {
	text = strings.TrimSpace(text)
	v, err := strconv.ParseFloat(text, 64)
	switch {
	case text == "":
		return 0, &fieldError{field, "enter a number of seconds"}
	case err != nil || math.IsNaN(v) || math.IsInf(v, 0):
		return 0, &fieldError{field, fmt.Sprintf("%q is not a number of seconds", text)}
	case v < 0:
		return 0, &fieldError{field, "cannot be negative"}
	case v == 0 && !zeroOK:
		return 0, &fieldError{field, "must be more than 0 seconds"}
	case v > maxSeconds:
		return 0, &fieldError{field, "at most a day (86400 seconds)"}
	}
	d := time.Duration(v * float64(time.Second))
	if d == 0 && v > 0 {
		return 0, &fieldError{field, "too small; use at least a nanosecond"}
	}
	return d, nil
}

// parseCount reads a whole number between 1 and max of unit.
func parseCount(field, text, unit string, max int) (int, error) {
	text = strings.TrimSpace(text)
	n, err := strconv.Atoi(text)
	switch {
	case text == "":
		return 0, &fieldError{field, "enter a number of " + unit}
	case err != nil:
		return 0, &fieldError{field, fmt.Sprintf("%q is not a whole number of %s", text, unit)}
	case n < 1:
		return 0, &fieldError{field, "must be at least 1 " + strings.TrimSuffix(unit, "s")}
	case n > max:
		return 0, &fieldError{field, fmt.Sprintf("at most %d %s", max, unit)}
	}
	return n, nil
}

// parseSubprotocols splits "chat, superchat" into names; each must be an
// HTTP token, as Sec-WebSocket-Protocol requires.
func parseSubprotocols(text string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(text, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !isHTTPToken(p) {
			return nil, &fieldError{fieldSubprotocols, fmt.Sprintf("%q is not a valid name (letters, digits and !#$%%&'*+-.^_`|~ only)", p)}
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

// parseHeaders reads one "Name: value" per line; blank lines are skipped.
// A bad line is named by its number.
func parseHeaders(text string) (http.Header, error) {
	var h http.Header
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		bad := func(problem string) error {
			return &fieldError{fieldHeaders, fmt.Sprintf("line %d: %s", i+1, problem)}
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

// formatSeconds writes d as the Advanced fields take it: "15", "0.5".
func formatSeconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}

// advancedSection is the Advanced accordion's content: what the sample's
// StreamWebSocketControl offers, plus the stream's own settings. Its values
// are read at Start; they are not saved between runs (a presenter starts
// from the sample's defaults every time, and nothing secret can linger).
type advancedSection struct {
	subprotocols *widget.Entry
	headers      *widget.Entry
	username     *widget.Entry
	password     *widget.Entry
	noDelay      *widget.Check
	ping         *widget.Entry
	handshake    *widget.Entry
	reconnect    *widget.Check
	payload      *widget.Entry
	interval     *widget.Entry
	readSize     *widget.Entry
	chunk        *widget.Entry
	compression  *widget.Select
	compressFrom *widget.Entry

	content fyne.CanvasObject
}

func newAdvancedSection() *advancedSection {
	a := &advancedSection{
		subprotocols: widget.NewEntry(),
		headers:      widget.NewMultiLineEntry(),
		username:     widget.NewEntry(),
		password:     widget.NewPasswordEntry(),
		noDelay:      widget.NewCheck("TCP no-delay (send small messages at once)", nil),
		ping:         widget.NewEntry(),
		handshake:    widget.NewEntry(),
		reconnect:    widget.NewCheck("Reconnect automatically", nil),
		payload:      widget.NewEntry(),
		interval:     widget.NewEntry(),
		readSize:     widget.NewEntry(),
		chunk:        widget.NewEntry(),
		compression:  widget.NewSelect(compressionNames(), nil),
		compressFrom: widget.NewEntry(),
	}
	a.subprotocols.SetPlaceHolder("e.g. chat, superchat")
	a.headers.SetPlaceHolder("X-Example: value\n(one per line)")
	a.headers.SetMinRowsVisible(2)
	a.headers.Wrapping = fyne.TextWrapOff
	a.username.SetPlaceHolder("user (HTTP Basic)")
	a.password.SetPlaceHolder("password")
	a.ping.SetPlaceHolder("0 = off")
	a.interval.SetPlaceHolder("0 = as fast as possible")
	a.set(defaultAdvanced)

	// Each number in a short entry of one width, its unit after it, so the
	// column reads as a column whatever the units say.
	numberSize := fyne.NewSize(110, a.ping.MinSize().Height)
	withUnit := func(e *widget.Entry, unit string) fyne.CanvasObject {
		return container.NewHBox(container.NewGridWrap(numberSize, e), widget.NewLabel(unit))
	}
	credential := container.NewGridWithColumns(2, a.username, a.password)
	form := container.New(layout.NewFormLayout(),
		streamFieldLabel(fieldSubprotocols), a.subprotocols,
		streamFieldLabel(fieldHeaders), a.headers,
		streamFieldLabel(fieldCredential), credential,
		streamFieldLabel(fieldHandshake), withUnit(a.handshake, "seconds"),
		streamFieldLabel(fieldPing), withUnit(a.ping, "seconds (0 = off)"),
		streamFieldLabel(fieldPayload), a.payload,
		streamFieldLabel(fieldInterval), withUnit(a.interval, "seconds (0 = fastest)"),
		streamFieldLabel(fieldReadSize), withUnit(a.readSize, "bytes per read"),
		streamFieldLabel(fieldChunk), withUnit(a.chunk, "KiB per message"),
		streamFieldLabel(fieldCompression), container.NewHBox(a.compression, widget.NewLabel("for messages from"),
			container.NewGridWrap(numberSize, a.compressFrom), widget.NewLabel("bytes")),
	)
	checks := container.NewVBox(a.noDelay, a.reconnect) // one per line: a narrow window stays narrow
	compression := streamHint("Compression offers permessage-deflate (RFC 7692); the server may decline. " +
		"The Connection section shows what was agreed, the Frames tab marks compressed frames (RSV1).")
	proxy := streamHint("Proxies come from the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY), as Go's HTTP client does.")
	a.content = container.NewVBox(form, checks, compression, proxy)
	return a
}

// input reads the fields.
func (a *advancedSection) input() advancedInput {
	return advancedInput{
		Subprotocols: a.subprotocols.Text,
		Headers:      a.headers.Text,
		Username:     a.username.Text,
		Password:     a.password.Text,
		NoDelay:      a.noDelay.Checked,
		PingInterval: a.ping.Text,
		Handshake:    a.handshake.Text,
		Reconnect:    a.reconnect.Checked,
		Payload:      a.payload.Text,
		Interval:     a.interval.Text,
		ReadSize:     a.readSize.Text,
		ChunkKiB:     a.chunk.Text,
		Compression:  a.compression.Selected,
		CompressFrom: a.compressFrom.Text,
	}
}

// set fills the fields.
func (a *advancedSection) set(in advancedInput) {
	a.subprotocols.SetText(in.Subprotocols)
	a.headers.SetText(in.Headers)
	a.username.SetText(in.Username)
	a.password.SetText(in.Password)
	a.noDelay.SetChecked(in.NoDelay)
	a.ping.SetText(in.PingInterval)
	a.handshake.SetText(in.Handshake)
	a.reconnect.SetChecked(in.Reconnect)
	a.payload.SetText(in.Payload)
	a.interval.SetText(in.Interval)
	a.readSize.SetText(in.ReadSize)
	a.chunk.SetText(in.ChunkKiB)
	a.compression.SetSelected(in.Compression)
	a.compressFrom.SetText(in.CompressFrom)
}

// controls are the widgets that are only editable while disconnected: the
// values are read at Start, so a change during a connection would look
// applied when it is not.
func (a *advancedSection) controls() []fyne.Disableable {
	return []fyne.Disableable{a.subprotocols, a.headers, a.username, a.password, a.noDelay,
		a.ping, a.handshake, a.reconnect, a.payload, a.interval, a.readSize, a.chunk, a.compression, a.compressFrom}
}

// streamFieldLabel is a field name in a form, left of its entry.
func streamFieldLabel(s string) *widget.Label {
	return widget.NewLabelWithStyle(s+":", fyne.TextAlignTrailing, fyne.TextStyle{})
}

// streamHint is a short explanatory line, set apart in italics.
func streamHint(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle = fyne.TextStyle{Italic: true}
	l.Wrapping = fyne.TextWrapWord
	return l
}
