package ui

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

// logFormat is how Save writes the log.
type logFormat int

// The two formats: the rows as text, as the pane shows them, for people;
// the entries as JSON Lines, one object per line, for tools (jq, a
// script, a test that compares sessions).
const (
	logFormatText logFormat = iota
	logFormatJSONLines
)

// ext is the file name extension Save suggests for the format.
func (f logFormat) ext() string {
	if f == logFormatJSONLines {
		return ".jsonl"
	}
	return ".txt"
}

// logFormatFor is the format a file name asks for: JSON Lines for .jsonl,
// .ndjson or .json, text for .txt or .log, and otherwise the format the
// person chose (so a name typed without an extension keeps the choice).
func logFormatFor(name string, chosen logFormat) logFormat {
	switch strings.ToLower(path.Ext(name)) {
	case ".jsonl", ".ndjson", ".json":
		return logFormatJSONLines
	case ".txt", ".log":
		return logFormatText
	}
	return chosen
}

// logJSON is one line of the JSON Lines export: an entry, with the fields
// that do not apply to it left out. The field order is the file's. The
// format is documented field by field in the README ("The log as JSON
// Lines"); a change here is a change there.
type logJSON struct {
	Time      string        `json:"time"` // RFC 3339 with nanoseconds and the zone offset
	Page      string        `json:"page"`
	Kind      logKind       `json:"kind"`
	Direction string        `json:"direction"` // "sent", "received" or "none"
	Summary   string        `json:"summary"`
	Type      logMsgType    `json:"type,omitempty"`
	Size      *int64        `json:"size,omitempty"`
	Text      *string       `json:"text,omitempty"`
	Payload   *string       `json:"payload,omitempty"` // standard base64 with padding
	Truncated bool          `json:"truncated,omitempty"`
	Code      *int          `json:"code,omitempty"`
	Reason    *string       `json:"reason,omitempty"`
	Frame     *logFrameJSON `json:"frame,omitempty"`
}

// logFrameJSON is a frame's header in the export (RFC 6455 §5.2).
type logFrameJSON struct {
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
func (e *logEntry) toJSON() logJSON {
	j := logJSON{
		Time:      e.Time.Format(time.RFC3339Nano),
		Page:      e.Page,
		Kind:      e.Kind,
		Direction: string(e.Dir),
		Summary:   e.Summary,
		Type:      e.Type,
		Truncated: e.truncated(),
	}
	if e.Dir == dirNone {
		j.Direction = "none"
	}
	if e.Type != "" || e.Kind == logKindFrame {
		size := e.Size
		j.Size = &size
	}
	switch {
	case e.Payload != nil || e.Type == typeBinary:
		b64 := base64.StdEncoding.EncodeToString(e.Payload)
		j.Payload = &b64
	case e.Type == typeText:
		text := e.Text
		j.Text = &text
	}
	if e.Kind == logKindClose {
		code, reason := e.Code, e.Reason
		j.Code, j.Reason = &code, &reason
	}
	if f := e.Frame; f != nil {
		j.Frame = &logFrameJSON{
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

// writeJSONLines writes the entries of r's rows, oldest first, one JSON
// object per line. An entry of several rows is written once.
func writeJSONLines(w io.Writer, r *logRing) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw) // Encode ends each object with a newline
	enc.SetEscapeHTML(false)   // "<" stays "<": the file is not for a web page
	var last *logEntry
	for i := range r.Len() {
		e := r.At(i).entry
		if e == last {
			continue
		}
		last = e
		if err := enc.Encode(e.toJSON()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeText writes r's rows as the pane shows them, one per line.
func writeText(w io.Writer, r *logRing) error {
	bw := bufio.NewWriter(w)
	for i := range r.Len() {
		bw.WriteString(r.Line(i))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
