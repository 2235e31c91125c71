package present

import (
	"bufio"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"path"
	"strings"
	"time"

	"github.com/wssample/wssample/internal/wsframe"
)

// LogFormat is how Save writes the log.
type LogFormat int

// The two formats: the rows as text, as the pane shows them, for people;
// the entries as JSON Lines, one object per line, for tools (jq, a
// script, a test that compares sessions).
const (
	LogFormatText LogFormat = iota
	LogFormatJSONLines
)

// ext is the file name extension Save suggests for the format.
func (f LogFormat) Ext() string {
	if f == LogFormatJSONLines {
		return ".jsonl"
	}
	return ".txt"
}

// LogFormatFor is the format a file name asks for: JSON Lines for .jsonl,
// .ndjson or .json, text for .txt or .log, and otherwise the format the
// person chose (so a name typed without an extension keeps the choice).
func LogFormatFor(name string, chosen LogFormat) LogFormat {
	return FormatByExt(name, chosen, logFormatByExt)
}

var logFormatByExt = map[string]LogFormat{
	".jsonl": LogFormatJSONLines, ".ndjson": LogFormatJSONLines, ".json": LogFormatJSONLines,
	".txt": LogFormatText, ".log": LogFormatText,
}

// FormatByExt is the format byExt gives the file name's ending (".md",
// in lower case), else chosen. Every Save… offers a name in the format
// its menu item chose; the name the person types has the last word, so
// report.md is Markdown whichever item opened the dialog.
func FormatByExt[F any](name string, chosen F, byExt map[string]F) F {
	if f, ok := byExt[strings.ToLower(path.Ext(name))]; ok {
		return f
	}
	return chosen
}

// LogJSON is one line of the JSON Lines export: an entry, with the fields
// that do not apply to it left out. The field order is the file's. The
// format is documented field by field in the README ("The log as JSON
// Lines"); a change here is a change there.
type LogJSON struct {
	Time      string        `json:"time"` // RFC 3339 with nanoseconds and the zone offset
	Page      string        `json:"page"`
	Kind      LogKind       `json:"kind"`
	Direction string        `json:"direction"` // "sent", "received" or "none"
	Summary   string        `json:"summary"`
	Type      LogMsgType    `json:"type,omitempty"`
	Size      *int64        `json:"size,omitempty"`
	Text      *string       `json:"text,omitempty"`
	Payload   *string       `json:"payload,omitempty"` // standard base64 with padding
	Truncated bool          `json:"truncated,omitempty"`
	Code      *int          `json:"code,omitempty"`
	Reason    *string       `json:"reason,omitempty"`
	Frame     *LogFrameJSON `json:"frame,omitempty"`
}

// LogFrameJSON is a frame's header in the export (RFC 6455 §5.2).
type LogFrameJSON struct {
	Fin        bool   `json:"fin"`
	Rsv1       bool   `json:"rsv1"`
	Rsv2       bool   `json:"rsv2"`
	Rsv3       bool   `json:"rsv3"`
	Opcode     uint8  `json:"opcode"`
	OpcodeName string `json:"opcode_name"`
	Masked     bool   `json:"masked"`
	MaskKey    string `json:"mask_key,omitempty"` // 8 hex digits, when masked
	Length     int64  `json:"length"`
}

// toJSON is the export's object for e.
func (e *LogEntry) ToJSON() LogJSON {
	j := LogJSON{
		Time:      e.Time.Format(time.RFC3339Nano),
		Page:      e.Page,
		Kind:      e.Kind,
		Direction: string(e.Dir),
		Summary:   e.Summary,
		Type:      e.Type,
		Truncated: e.Truncated(),
	}
	if e.Dir == DirNone {
		j.Direction = "none"
	}
	if e.Type != "" || e.Kind == LogKindFrame {
		size := e.Size
		j.Size = &size
	}
	switch {
	case e.Payload != nil || e.Type == TypeBinary:
		b64 := base64.StdEncoding.EncodeToString(e.Payload)
		j.Payload = &b64
	case e.Type == TypeText:
		text := e.Text
		j.Text = &text
	}
	if e.Kind == LogKindClose {
		code, reason := e.Code, e.Reason
		j.Code, j.Reason = &code, &reason
	}
	if f := e.Frame; f != nil {
		j.Frame = &LogFrameJSON{
			Fin: f.Fin, Rsv1: f.Rsv1, Rsv2: f.Rsv2, Rsv3: f.Rsv3,
			Opcode: f.Opcode, OpcodeName: wsframe.Opcode(f.Opcode).String(),
			Masked: f.Masked, Length: f.Length,
		}
		if f.Masked {
			j.Frame.MaskKey = hex.EncodeToString(f.MaskKey[:])
		}
	}
	return j
}

// WriteJSONLines writes the entries of r's rows, oldest first, one JSON
// object per line. An entry of several rows is written once.
func WriteJSONLines(w io.Writer, r *LogRing) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw) // Encode ends each object with a newline
	enc.SetEscapeHTML(false)   // "<" stays "<": the file is not for a web page
	var last *LogEntry
	for i := range r.Len() {
		e := r.At(i).Entry
		if e == last {
			continue
		}
		last = e
		if err := enc.Encode(e.ToJSON()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// WriteText writes r's rows as the pane shows them, one per line.
func WriteText(w io.Writer, r *LogRing) error {
	bw := bufio.NewWriter(w)
	for i := range r.Len() {
		bw.WriteString(r.Line(i))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
