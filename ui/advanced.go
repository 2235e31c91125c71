package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
)

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
		compression:  widget.NewSelect(present.CompressionNames(), nil),
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
	a.set(present.DefaultAdvanced)

	// Each number in a short entry of one width, its unit after it, so the
	// column reads as a column whatever the units say.
	numberSize := fyne.NewSize(110, a.ping.MinSize().Height)
	withUnit := func(e *widget.Entry, unit string) fyne.CanvasObject {
		return container.NewHBox(container.NewGridWrap(numberSize, e), widget.NewLabel(unit))
	}
	credential := container.NewGridWithColumns(2, a.username, a.password)
	form := container.New(layout.NewFormLayout(),
		streamFieldLabel(present.FieldSubprotocols), a.subprotocols,
		streamFieldLabel(present.FieldHeaders), a.headers,
		streamFieldLabel(present.FieldCredential), credential,
		streamFieldLabel(present.FieldHandshake), withUnit(a.handshake, "seconds"),
		streamFieldLabel(present.FieldPing), withUnit(a.ping, "seconds (0 = off)"),
		streamFieldLabel(present.FieldPayload), a.payload,
		streamFieldLabel(present.FieldInterval), withUnit(a.interval, "seconds (0 = fastest)"),
		streamFieldLabel(present.FieldReadSize), withUnit(a.readSize, "bytes per read"),
		streamFieldLabel(present.FieldChunk), withUnit(a.chunk, "KiB per message"),
		streamFieldLabel(present.FieldCompression), container.NewHBox(a.compression, widget.NewLabel("for messages from"),
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
func (a *advancedSection) input() present.AdvancedInput {
	return present.AdvancedInput{
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
func (a *advancedSection) set(in present.AdvancedInput) {
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
