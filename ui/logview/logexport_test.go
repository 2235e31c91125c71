package logview

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/present"
)

// exportSession is a session of every kind of entry, as the pages will log
// them, at fixed times.
func exportSession(p *Pane) {
	at := func(ms int) time.Time {
		return time.Date(2025, 3, 14, 9, 26, 53, ms*1_000_000, time.FixedZone("CET", 3600))
	}
	p.AppendEntries(
		present.LogEntry{Time: at(589), Kind: present.LogKindConnect, Summary: "Connecting to ws://127.0.0.1:8080/echo..."},
		present.LogEntry{Time: at(626), Kind: present.LogKindConnect, Summary: "Connected"},
		present.LogEntry{Time: at(630), Kind: present.LogKindMessage, Dir: present.DirSent, Type: present.TypeText, Summary: "Sending message: Hello", Text: "Hello"},
		present.LogEntry{Time: at(663), Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeText, Summary: "Message Received; Type: Utf8", Text: "two\nlines <&>"},
		present.LogEntry{Time: at(700), Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeBinary, Summary: "Message Received; Type: Binary", Payload: []byte("Hello World")},
		present.LogEntry{Time: at(701), Kind: present.LogKindMessage, Dir: present.DirReceived, Type: present.TypeBinary, Summary: "Message Received; Type: Binary", Payload: []byte{}},
		present.LogEntry{Time: at(737), Kind: present.LogKindFrame, Dir: present.DirSent, Type: present.TypeText, Summary: "Frame sent: text, FIN, 5 bytes",
			Payload: []byte("Hello"), Frame: &present.LogFrameHeader{Fin: true, Opcode: 1, Masked: true, MaskKey: [4]byte{0x37, 0xfa, 0x21, 0x3d}, Length: 5}},
		present.LogEntry{Time: at(740), Kind: present.LogKindFrame, Dir: present.DirReceived, Summary: "Frame received: ping",
			Payload: []byte("hi"), Frame: &present.LogFrameHeader{Fin: true, Rsv1: true, Opcode: 9, Length: 2}},
		present.LogEntry{Time: at(800), Kind: present.LogKindError, Summary: "Error during read: EOF"},
		present.LogEntry{Time: at(811), Kind: present.LogKindClose, Dir: present.DirReceived, Summary: "Closed; Code: 1000, Reason: bye [closed by the server]", Code: 1000, Reason: "bye"},
	)
}

// The JSON Lines export, line by line: one object per entry (not per row),
// the fields in the documented order, those that do not apply left out.
func TestLogExportJSONLines(t *testing.T) {
	test.NewTempApp(t)
	p := NewPane(nil)
	p.SetPage("UTF-8 text messages")
	exportSession(p)
	p.AppendEntries(present.LogEntry{Time: time.Date(2025, 3, 14, 9, 27, 0, 0, time.UTC), Page: "Binary data stream", Kind: present.LogKindNote, Summary: "its own page"})
	var b strings.Builder
	if err := p.SaveJSONLinesTo(&b); err != nil {
		t.Fatal(err)
	}
	want := []string{
		`{"time":"2025-03-14T09:26:53.589+01:00","page":"UTF-8 text messages","kind":"connect","direction":"none","summary":"Connecting to ws://127.0.0.1:8080/echo..."}`,
		`{"time":"2025-03-14T09:26:53.626+01:00","page":"UTF-8 text messages","kind":"connect","direction":"none","summary":"Connected"}`,
		`{"time":"2025-03-14T09:26:53.63+01:00","page":"UTF-8 text messages","kind":"message","direction":"sent","summary":"Sending message: Hello","type":"text","size":5,"text":"Hello"}`,
		`{"time":"2025-03-14T09:26:53.663+01:00","page":"UTF-8 text messages","kind":"message","direction":"received","summary":"Message Received; Type: Utf8","type":"text","size":13,"text":"two\nlines <&>"}`,
		`{"time":"2025-03-14T09:26:53.7+01:00","page":"UTF-8 text messages","kind":"message","direction":"received","summary":"Message Received; Type: Binary","type":"binary","size":11,"payload":"SGVsbG8gV29ybGQ="}`,
		`{"time":"2025-03-14T09:26:53.701+01:00","page":"UTF-8 text messages","kind":"message","direction":"received","summary":"Message Received; Type: Binary","type":"binary","size":0,"payload":""}`,
		`{"time":"2025-03-14T09:26:53.737+01:00","page":"UTF-8 text messages","kind":"frame","direction":"sent","summary":"Frame sent: text, FIN, 5 bytes","type":"text","size":5,"payload":"SGVsbG8=","frame":{"fin":true,"rsv1":false,"rsv2":false,"rsv3":false,"opcode":1,"opcode_name":"text","masked":true,"mask_key":"37fa213d","length":5}}`,
		`{"time":"2025-03-14T09:26:53.74+01:00","page":"UTF-8 text messages","kind":"frame","direction":"received","summary":"Frame received: ping","size":2,"payload":"aGk=","frame":{"fin":true,"rsv1":true,"rsv2":false,"rsv3":false,"opcode":9,"opcode_name":"ping","masked":false,"length":2}}`,
		`{"time":"2025-03-14T09:26:53.8+01:00","page":"UTF-8 text messages","kind":"error","direction":"none","summary":"Error during read: EOF"}`,
		`{"time":"2025-03-14T09:26:53.811+01:00","page":"UTF-8 text messages","kind":"close","direction":"received","summary":"Closed; Code: 1000, Reason: bye [closed by the server]","code":1000,"reason":"bye"}`,
		`{"time":"2025-03-14T09:27:00Z","page":"Binary data stream","kind":"note","direction":"none","summary":"its own page"}`,
	}
	got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(got), len(want), b.String())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d\n got %s\nwant %s", i+1, got[i], want[i])
		}
	}
	// The text export of the same log has a row per line: a message's
	// text (or hex) after its summary.
	if rows := len(p.Lines()); rows != 17 {
		t.Errorf("%d rows", rows)
	}
}

// A truncated entry says so, and its size is the message's.
func TestLogExportTruncated(t *testing.T) {
	test.NewTempApp(t)
	p := NewPane(nil)
	p.AppendEntries(present.LogEntry{Kind: present.LogKindMessage, Type: present.TypeBinary, Summary: "big", Payload: make([]byte, present.LogKeepLimit+1)})
	var b strings.Builder
	p.SaveJSONLinesTo(&b)
	var obj struct {
		Size      int64  `json:"size"`
		Payload   []byte `json:"payload"`
		Truncated bool   `json:"truncated"`
	}
	if err := json.Unmarshal([]byte(b.String()), &obj); err != nil {
		t.Fatal(err)
	}
	if obj.Size != present.LogKeepLimit+1 || len(obj.Payload) != present.LogKeepLimit || !obj.Truncated {
		t.Fatalf("size %d, %d bytes of payload, truncated %v", obj.Size, len(obj.Payload), obj.Truncated)
	}
}

// Every line of the export is a JSON object of its own, also for lines
// from Append, and an entry whose first rows fell off is still written
// once.
func TestLogExportEachLineParses(t *testing.T) {
	test.NewTempApp(t)
	p := NewPane(nil)
	p.ring = present.NewLogRing(3, present.LogByteLimit)
	p.Append("12:00:00.000  a plain line")
	p.AppendEntries(present.LogEntry{Kind: present.LogKindMessage, Type: present.TypeText, Summary: "Message Received; Type: Utf8", Text: "one\ntwo\nthree"})
	var b strings.Builder
	p.SaveJSONLinesTo(&b)
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	var kinds []string
	for sc.Scan() {
		var obj map[string]any
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		kinds = append(kinds, obj["kind"].(string))
	}
	// Kept: the message's last three rows (its summary and the note are gone).
	if strings.Join(kinds, ",") != "message" {
		t.Fatalf("kinds %q:\n%s", kinds, b.String())
	}
}
