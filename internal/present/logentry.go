package present

import (
	"strings"
	"time"
	"unicode/utf8"
)

// LogEntry is one thing the log records: an event of a connection, a
// message sent or received, a frame of the wire view, or a note. The pane
// shows an entry as one or more rows (see rows); Save writes the rows as
// text or the entries as JSON Lines (logexport.go).
type LogEntry struct {
	Time time.Time
	// Page is the scenario the entry belongs to; the pane fills in its own
	// (SetPage) when it is empty.
	Page string
	Dir  LogDirection
	Kind LogKind
	// Type is the message type of a data message or frame; "" for the rest.
	Type LogMsgType
	// Summary is what the log's row says about the entry, as the sample
	// words it ("Message Received; Type: Utf8", "Closed; Code: 1000, …").
	// A line break in it makes another row.
	Summary string
	// Text is the content of a text message or frame, shown on the rows
	// after the summary. For a binary one the pane shows Text if the page
	// gives one (the sample shows binary data decoded as UTF-8), else the
	// first bytes of Payload in hex; for a text frame given as Payload,
	// the payload as text.
	Text string
	// Payload is the bytes of a binary message or frame, or a control
	// frame's. AppendEntries keeps a copy of at most LogKeepLimit of them.
	Payload []byte
	// Size is the message's or frame's size in bytes, even when only the
	// first LogKeepLimit are kept; AppendEntries sets it from Text or
	// Payload when it is 0.
	Size int64
	// Code and Reason are a close's status code and reason (kind close).
	Code   int
	Reason string
	// Frame describes a frame's header (kind frame), nil otherwise.
	Frame *LogFrameHeader
}

// LogDirection says which way the entry went.
type LogDirection string

// The directions. A close is "received" when the server sent the close
// frame, "sent" when this side did, none when the connection was lost.
const (
	DirNone     LogDirection = ""
	DirSent     LogDirection = "sent"
	DirReceived LogDirection = "received"
)

// LogKind says what an entry is.
type LogKind string

// The kinds of entry.
const (
	LogKindNote     LogKind = "note"     // anything else the page says (and every plain line of Append)
	LogKindConnect  LogKind = "connect"  // connecting, connected, reconnecting
	LogKindMessage  LogKind = "message"  // a whole data message
	LogKindFrame    LogKind = "frame"    // one frame, with its header (Frame)
	LogKindClose    LogKind = "close"    // the connection ended: Code, Reason
	LogKindError    LogKind = "error"    // a failed connect, read or write
	LogKindPong     LogKind = "pong"     // a keep-alive ping was answered
	LogKindTransfer LogKind = "transfer" // a file transfer began or ended
)

// LogMsgType is a data message's type.
type LogMsgType string

// The two data message types (RFC 6455 §5.6).
const (
	TypeText   LogMsgType = "text"
	TypeBinary LogMsgType = "binary"
)

// LogFrameHeader is a frame's header as RFC 6455 §5.2 lays it out, for the
// wire view's entries (kind frame). The entry's Payload (or Text) holds
// the payload, unmasked; Length is its length on the wire.
type LogFrameHeader struct {
	Fin              bool
	Rsv1, Rsv2, Rsv3 bool
	Opcode           uint8
	Masked           bool
	MaskKey          [4]byte // meaningful when Masked
	Length           int64
}

// LogKeepLimit is how much of a message's payload or text an entry keeps:
// a log is for reading, and 50,000 entries of a whole megabyte each would
// be 50 GB. Size still says how big the message was, and the JSON export
// marks the entry "truncated".
const LogKeepLimit = 64 << 10

// HexPreviewBytes is how many bytes of a binary message its row shows in
// hex when the page gives no text for it.
const HexPreviewBytes = 32

// kept bounds e's text and payload to LogKeepLimit, copying what it keeps:
// a slice of a larger buffer (or a substring) would keep the whole of it
// alive. It sets Size from the content when the page left it 0.
func (e *LogEntry) Kept() {
	if e.Size == 0 && e.Payload != nil {
		e.Size = int64(len(e.Payload))
	} else if e.Size == 0 {
		e.Size = int64(len(e.Text))
	}
	if len(e.Payload) > LogKeepLimit {
		e.Payload = e.Payload[:LogKeepLimit]
	}
	if e.Payload != nil {
		e.Payload = append([]byte{}, e.Payload...)
	}
	if len(e.Text) > LogKeepLimit {
		e.Text = strings.Clone(CutUTF8(e.Text, LogKeepLimit))
	}
}

// truncated reports whether the entry keeps less than the whole message.
func (e *LogEntry) Truncated() bool {
	if e.Payload != nil {
		return int64(len(e.Payload)) < e.Size
	}
	return e.Type == TypeText && int64(len(e.Text)) < e.Size
}

// hasContent reports whether the entry shows a content row after its
// summary: a data message or data frame, even an empty one (the sample
// shows an empty line for an empty message).
func (e *LogEntry) HasContent() bool { return e.Type != "" }

// content is the text of the entry's content rows.
func (e *LogEntry) Content() string {
	s := e.Text
	switch {
	case s != "" || e.Payload == nil:
	case e.Type == TypeBinary:
		s = HexPreview(e.Payload, HexPreviewBytes)
	default: // a text frame given as bytes (a frame may end inside a character)
		s = string(e.Payload)
	}
	if e.Truncated() {
		s += " … (" + GroupDigits(e.Size) + " bytes; the log keeps the first " + BinarySize(LogKeepLimit) + ")"
	}
	return s
}

// rows are the log's lines for e: its time as HH:MM:SS.mmm, two spaces,
// then the summary, then the content, a row for each of their lines (a
// row of the pane is one line high).
func (e *LogEntry) Rows() []string {
	stamp := e.Time.Format(TimeFormat) + "  "
	out := stampRows(nil, stamp, e.Summary)
	if e.HasContent() {
		out = stampRows(out, stamp, e.Content())
	}
	return out
}

// stampRows appends stamp+row for each line of s, without its line
// break; "\r\n" counts as one. A final line break makes no empty row.
func stampRows(out []string, stamp, s string) []string {
	for _, row := range strings.Split(strings.TrimRight(s, "\r\n"), "\n") {
		out = append(out, stamp+strings.TrimSuffix(row, "\r"))
	}
	return out
}

// NoteEntry is the entry for a line a page hands to Append, Stamped by the
// page: a note whose summary is the line without its stamp, at the time
// the stamp says (on the day it reaches the log, now). A line without a
// stamp is timed now.
func NoteEntry(line string, now time.Time) *LogEntry {
	e := &LogEntry{Time: now, Kind: LogKindNote, Summary: UnstampLine(line)}
	if len(e.Summary) < len(line) {
		e.Time = StampTime(line[:len(TimeFormat)], now)
	}
	return e
}

// StampTime is the moment a HH:MM:SS.mmm stamp names: that time of day on
// now's date, or on the day before when that would be more than a minute
// after now (a line Stamped before midnight that reached the log after).
func StampTime(stamp string, now time.Time) time.Time {
	t, err := time.Parse(TimeFormat, stamp)
	if err != nil { // 25:61:00.000 has the shape of a stamp, not the sense
		return now
	}
	y, m, d := now.Date()
	at := time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), now.Location())
	if at.After(now.Add(time.Minute)) {
		at = at.AddDate(0, 0, -1)
	}
	return at
}

// UnstampLine drops a leading "15:04:05.000  " stamp, if the line has one.
func UnstampLine(l string) string {
	n := len(TimeFormat) + 2
	if len(l) < n || l[n-2:n] != "  " {
		return l
	}
	for i, c := range []byte(l[:n-2]) {
		if f := TimeFormat[i]; f >= '0' && f <= '9' {
			if c < '0' || c > '9' {
				return l
			}
		} else if c != f {
			return l
		}
	}
	return l[n:]
}

// CutUTF8 is s cut to at most n bytes, not in the middle of a character.
func CutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
