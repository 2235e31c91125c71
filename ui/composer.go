package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
	"github.com/wssample/wssample/wsclient"
)

// composer is the message pages' "what to send" (scenarios 1 and 3): a
// format, the input, Send, and the saved messages. Text is the sample's
// own (a line of text, Enter sends, "Sending Message: …"); JSON is checked
// before it goes and logged indented; hex and base64 are typed (or pasted)
// bytes, and File is a file's bytes, each sent as one binary message.
// Whatever is wrong with the input is said in the status bar, in words
// that point at the place, and nothing is sent: the connection stays as
// it was. The parsing itself is present.ParsePayload's.
//
// Its fields belong to the UI goroutine.
type composer struct {
	page   *socketPage
	socket *wsclient.MessageSocket
	format present.PayloadFormat

	formatPick *widget.Select
	hint       *widget.Label  // what to type, in the sample's words for text
	text       *widget.Entry  // the input: text, JSON, hex, base64 or a path
	chooseBtn  *widget.Button // "Choose…" a file, for File
	sendBtn    *widget.Button
	pretty     *widget.Check // received JSON indented in the log
	saved      *savedMessages
	// chooseFile asks for a file (filedialog.go; tests answer in its place).
	chooseFile func(req fileRequest, then func(path string))
	content    fyne.CanvasObject
}

// composerHints are the line above the input, per format: one line, so
// the input stays in view in a window of the default size.
var composerHints = map[present.PayloadFormat]string{
	present.FormatText:   enterTextLabel, // the sample's words
	present.FormatJSON:   "A JSON value, checked, then sent as text. Shift+Enter sends.",
	present.FormatHex:    "Hex digits, two per byte; spaces are ignored. Shift+Enter sends.",
	present.FormatBase64: "Base64, standard or URL alphabet. Shift+Enter sends.",
	present.FormatFile:   "A file of at most " + present.BinarySize(present.MaxPayloadFile) + ", sent as one binary message.",
}

// composerPlaceholders are the input's grey example, per format.
var composerPlaceholders = map[present.PayloadFormat]string{
	present.FormatJSON:   `{"hello": "world"}`,
	present.FormatHex:    "48 65 6c 6c 6f",
	present.FormatBase64: "SGVsbG8=",
	present.FormatFile:   "the path of a file",
}

// newComposer builds the composer of p, sending on socket; savedKey is
// the preference that keeps its saved messages.
func newComposer(p *socketPage, socket *wsclient.MessageSocket, savedKey string) *composer {
	c := &composer{page: p, socket: socket}
	c.chooseFile = func(req fileRequest, then func(string)) { chooseFile(p.env.window, req, then) }
	names := make([]string, len(present.PayloadFormats))
	for i, f := range present.PayloadFormats {
		names[i] = f.String()
	}
	c.formatPick = widget.NewSelect(names, func(name string) {
		for _, f := range present.PayloadFormats {
			if f.String() == name {
				c.setFormat(f)
			}
		}
	})
	c.hint = widget.NewLabel("")
	c.hint.Wrapping = fyne.TextWrapWord
	c.text = widget.NewEntry()
	c.text.SetText(wsclient.DefaultPayload) // the sample's "Hello World"
	c.text.OnSubmitted = func(string) { c.onSend() }
	c.chooseBtn = widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), c.onChoose)
	c.sendBtn = widget.NewButtonWithIcon("Send", theme.MailSendIcon(), c.onSend)
	c.pretty = widget.NewCheck("Indent received JSON", nil)
	p.prettyJSON = func() bool { return c.pretty.Checked }
	c.saved = newSavedMessages(p.env, savedKey, func() (present.PayloadFormat, string) { return c.format, c.text.Text }, c.load)
	c.formatPick.SetSelected(present.FormatText.String())

	formatRow := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("Send as:"), c.formatPick), nil, c.saved.content)
	hintRow := container.NewBorder(nil, nil, nil, c.pretty, c.hint)
	inputRow := container.NewBorder(nil, nil, nil, container.NewHBox(c.chooseBtn, c.sendBtn), c.text)
	c.content = container.NewVBox(formatRow, hintRow, inputRow)
	return c
}

// setFormat switches the input to format f: one line for text and a
// file's path (Enter sends, as in the sample), a few lines for JSON, hex
// and base64 (Enter is a line break; Shift+Enter sends). What was typed
// stays: a person may paste first and pick the format after.
func (c *composer) setFormat(f present.PayloadFormat) {
	c.format = f
	c.hint.SetText(composerHints[f])
	c.text.SetPlaceHolder(composerPlaceholders[f])
	multi := f == present.FormatJSON || f == present.FormatHex || f == present.FormatBase64
	c.text.MultiLine = multi
	switch {
	case !multi:
		c.text.Wrapping = fyne.TextWrap(fyne.TextTruncateClip) // a single-line entry scrolls
	case f == present.FormatJSON:
		c.text.Wrapping = fyne.TextWrapWord
	default:
		c.text.Wrapping = fyne.TextWrapBreak // a long run of digits wraps too
	}
	c.text.SetMinRowsVisible(3)
	if f == present.FormatFile {
		c.chooseBtn.Show()
	} else {
		c.chooseBtn.Hide()
	}
	if c.formatPick.Selected != f.String() {
		c.formatPick.SetSelected(f.String())
	}
}

// load puts a saved message into the composer.
func (c *composer) load(f present.PayloadFormat, content string) {
	c.setFormat(f)
	c.text.SetText(content)
}

// update sets the composer for the sample's visual states: the input and
// Send work while connected and not busy; the format, the saved messages
// and the pretty-printing always do.
func (c *composer) update(s connState) {
	on := s.connected && !s.busy()
	kit.SetEnabled(c.text, on)
	kit.SetEnabled(c.sendBtn, on)
	kit.SetEnabled(c.chooseBtn, on)
}

// onChoose asks for the file to send and puts its path into the input.
func (c *composer) onChoose() {
	c.chooseFile(fileRequest{title: "File to send as one binary message"}, func(path string) {
		if path != "" {
			c.text.SetText(path)
		}
	})
}

// onSend is Send, Enter (text, File) and Shift+Enter (the others): the
// input as one message, or the reason why not.
func (c *composer) onSend() {
	p := c.page
	if p.state.busy() || !p.state.connected {
		return
	}
	if c.format == present.FormatText && c.text.Text == "" {
		p.env.notify(specifyTextText, errorMessage) // the sample's words
		return
	}
	m, err := composeMessage(c.format, c.text.Text)
	if err != nil {
		// Nothing is sent: the connection and the input stay as they
		// are, so the person can fix the place the message names.
		p.env.notify(err.Error(), errorMessage)
		return
	}
	p.send(m.entry, func() error {
		if m.isText {
			return c.socket.Send(string(m.data))
		}
		return c.socket.SendBinary(m.data)
	})
}

// message is a composer's input as it goes out: its bytes, its type and
// its log entry.
type message struct {
	data   []byte
	isText bool
	entry  present.LogEntry
}

// composeMessage reads input in format f (present.ParsePayload) and words its log
// entry: the sample's "Sending Message: …" for text, the JSON indented,
// binary as bytes (a line of hex in the log, a hex dump in its detail). An
// empty hex or base64 input, and a message larger than the most a message
// socket reads back (wsclient.MaxMessageSize), are refused too.
func composeMessage(f present.PayloadFormat, input string) (message, error) {
	if (f == present.FormatHex || f == present.FormatBase64) && strings.TrimSpace(input) == "" {
		return message{}, fmt.Errorf("Nothing to send: type the bytes as %s, e.g. %s.", strings.ToLower(f.String()), composerPlaceholders[f])
	}
	data, isText, err := present.ParsePayload(f, input)
	if err != nil {
		return message{}, err
	}
	if len(data) > wsclient.MaxMessageSize {
		return message{}, fmt.Errorf("The message is too big to send as one: it has %s bytes, and a message can have at most %s bytes (%s).",
			present.GroupDigits(int64(len(data))), present.GroupDigits(wsclient.MaxMessageSize), present.BinarySize(wsclient.MaxMessageSize))
	}
	m := message{data: data, isText: isText}
	e := present.LogEntry{Kind: present.LogKindMessage, Dir: present.DirSent, Size: int64(len(data))}
	switch f {
	case present.FormatText:
		e.Summary = "Sending Message: " + input // one row, as the sample logs it
	case present.FormatJSON:
		pretty, err := present.PrettyJSON(input)
		if err != nil { // present.ParsePayload has checked it
			return message{}, err
		}
		e.Summary = "Sending Message; Type: Utf8 (JSON), " + present.ByteCount(len(data))
		e.Type, e.Text = present.TypeText, pretty
	default:
		e.Summary = "Sending Message; Type: Binary, " + present.ByteCount(len(data))
		if f == present.FormatFile {
			e.Summary += ", from " + filepath.Base(strings.TrimSpace(input))
		}
		e.Type, e.Payload = present.TypeBinary, data
	}
	m.entry = e
	return m, nil
}

// sentAt is e present.Stamped with the time now, if it has no time.
func sentAt(e present.LogEntry) present.LogEntry {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	return e
}
