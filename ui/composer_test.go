package ui

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/wsclient"
)

// composerCase is one message a person composes: the format picked, what
// they type, and the bytes that must go out (and, from /echo, come back).
type composerCase struct {
	format present.PayloadFormat
	input  string
	want   []byte
	text   bool // a text message (Text, JSON); else binary
}

// composerCases are a message of each format. The binary ones carry bytes
// that are not UTF-8, so a client that sent them as text would fail
// (RFC 6455 §5.6, §8.1) and one that decoded them would change them.
func composerCases(t *testing.T) []composerCase {
	random := make([]byte, 3000)
	rand.Read(random)
	file := filepath.Join(t.TempDir(), "payload.bin")
	if err := os.WriteFile(file, random, 0o600); err != nil {
		t.Fatal(err)
	}
	json := "{\n  \"greeting\": \"Grüße\",\n  \"list\": [1, 2.5, null, true]\n}"
	return []composerCase{
		{present.FormatText, "Grüße ✓ Hello", []byte("Grüße ✓ Hello"), true},
		{present.FormatJSON, json, []byte(json), true},
		{present.FormatHex, "48 65 6C 6c\n6f 00 FF\t80 c3 28", []byte{'H', 'e', 'l', 'l', 'o', 0, 0xff, 0x80, 0xc3, 0x28}, false},
		{present.FormatBase64, base64.StdEncoding.EncodeToString(random[:100]), random[:100], false},
		{present.FormatFile, file, random, false},
	}
}

// compose picks the format, types the input and taps Send, as a person
// would, once the previous send has ended: an echo can come back before
// the send that caused it reports, and Send does nothing while one runs.
func compose(pr probe, c *composer, format present.PayloadFormat, input string) {
	pr.h.t.Helper()
	pr.h.waitFor("the previous send to end", func() bool { return !c.page.state.sending })
	c.formatPick.SetSelected(format.String())
	if c.format != format {
		pr.h.t.Fatalf("format %s after picking %s", c.format, format)
	}
	c.text.SetText(input)
	test.Tap(c.sendBtn)
}

// messages are the messages the page received, from its events: the
// bytes as the socket read them, whatever the log keeps of them.
func messages(s *seen) []wsclient.Event {
	var out []wsclient.Event
	for _, e := range s.events {
		if e.Kind == wsclient.EventMessage {
			out = append(out, e)
		}
	}
	return out
}

// waitMessages waits until the page has received n messages.
func waitMessages(pr probe, s *seen, n int) []wsclient.Event {
	pr.h.t.Helper()
	pr.h.waitFor("message "+strconv.Itoa(n)+"; log:\n"+pr.c.log.Text(), func() bool { return len(messages(s)) >= n })
	return messages(s)
}

// Each format goes out as the message it says and comes back from the
// built-in /echo byte for byte, with its type (RFC 6455 §5.6).
func TestComposerFormatsRoundTripEcho(t *testing.T) {
	u := showUTF8(t)
	seen := u.record()
	u.typeAddress(server.URL("/echo"))
	u.connectWalk()
	for i, c := range composerCases(t) {
		compose(u.probe, u.page.composer, c.format, c.input)
		got := waitMessages(u.probe, seen, i+1)[i]
		u.h.waitStatus("Send Complete", false)
		wantType := wsclient.TypeBinary
		if c.text {
			wantType = wsclient.TypeUtf8
		}
		if got.Type != wantType || got.Text != string(c.want) {
			t.Fatalf("%s: echo %s of %d bytes, want %s % x", c.format, got.Type, len(got.Text), wantType, c.want)
		}
		// The log keeps it too: text as text, binary as the bytes.
		e := lastEntry(u.probe, present.DirReceived)
		if c.text && e.Text != string(c.want) || !c.text && !bytes.Equal(e.Payload, c.want) {
			t.Fatalf("%s: the log's entry holds %q / % x", c.format, e.Text, e.Payload)
		}
	}
	u.wantState("Connected")
}

// The same messages to /sample, the Windows sample's server: text comes
// back as You said: "…", binary as its size.
func TestComposerFormatsToSample(t *testing.T) {
	u := showUTF8(t)
	seen := u.record()
	u.connectWalk()
	waitMessages(u.probe, seen, 1) // the announcement
	for i, c := range composerCases(t) {
		compose(u.probe, u.page.composer, c.format, c.input)
		got := waitMessages(u.probe, seen, i+2)[i+1]
		want := "binary message received, size=" + strconv.Itoa(len(c.want)) + " bytes"
		if c.text {
			want = `You said: "` + string(c.want) + `"`
		}
		if got.Text != want {
			t.Fatalf("%s: /sample answered %q, want %q", c.format, got.Text, want)
		}
	}
}

// The sample's own words for text stay: "Sending Message: …", one row.
// JSON is logged indented, binary as its size and a line of hex.
func TestComposerLogsWhatItSends(t *testing.T) {
	u := showUTF8(t)
	seen := u.record()
	u.typeAddress(server.URL("/echo"))
	u.connectWalk()
	compose(u.probe, u.page.composer, present.FormatText, "Hello World")
	waitMessages(u.probe, seen, 1)
	if got := u.lastLines(3)[0]; got != "Sending Message: Hello World" {
		t.Fatalf("text send logged as %q", got)
	}
	compose(u.probe, u.page.composer, present.FormatJSON, `{"a":[1,{"b":null}]}`)
	waitMessages(u.probe, seen, 2)
	u.logInOrder("Sending Message; Type: Utf8 (JSON), 20 bytes", `  "a": [`, `      "b": null`)
	compose(u.probe, u.page.composer, present.FormatHex, "00 01 fe ff")
	waitMessages(u.probe, seen, 3)
	u.logInOrder("Sending Message; Type: Binary, 4 bytes", "00 01 fe ff",
		"Message Received; Type: Binary, 4 bytes", "00 01 fe ff")
}

// Bad input is refused with a clear message that says what and where,
// nothing is sent, and the connection stays open.
func TestComposerRefusesBadInput(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.bin")
	if err := os.WriteFile(big, make([]byte, present.MaxPayloadFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	u := showUTF8(t)
	seen := u.record()
	u.typeAddress(server.URL("/echo"))
	u.connectWalk()
	logged := len(u.c.log.Lines())
	for _, c := range []struct {
		format present.PayloadFormat
		input  string
		says   []string
	}{
		{present.FormatHex, "48 65 6", []string{"Invalid hex", "odd number", "line 1, column 7"}},
		{present.FormatHex, "48 6g", []string{"Invalid hex at line 1, column 5", `'g' is not a hex digit`}},
		{present.FormatBase64, "SGVsbG8=x", []string{"Invalid base64", "padding (=) may only end the text"}},
		{present.FormatJSON, "{\"a\": }", []string{"Invalid JSON at line 1, column 7"}},
		{present.FormatFile, big, []string{"big.bin is too big to send as one message", "1,048,577 bytes", "1 MiB"}},
		{present.FormatFile, filepath.Join(t.TempDir(), "gone.bin"), []string{"gone.bin", "there is no such file"}},
	} {
		compose(u.probe, u.page.composer, c.format, c.input)
		msg, red := u.h.status()
		for _, s := range c.says {
			if !red || !strings.Contains(msg, s) {
				t.Fatalf("%s %q: status %q (red %v), want it to say %q", c.format, c.input, msg, red, s)
			}
		}
		u.wantState("Connected")
		if len(u.c.log.Lines()) != logged {
			t.Fatalf("%s %q: logged %q", c.format, c.input, u.lastLines(1))
		}
	}
	// The connection is as good as before: a message goes and comes back.
	compose(u.probe, u.page.composer, present.FormatText, "still here")
	if got := waitMessages(u.probe, seen, 1); got[0].Text != "still here" {
		t.Fatalf("after the refusals the echo was %q", got[0].Text)
	}
	// The echo can be handled before the send's own end: Disconnect is
	// disabled until then, as for a person.
	u.h.waitStatus("Send Complete", false)
	test.Tap(u.page.haltBtn)
	u.waitDisconnected()
	closed, _ := seen.final()
	if closed.Sent != int64(len("still here")) {
		t.Fatalf("%d bytes went out; only the last message should have", closed.Sent)
	}
}

// Empty text is the sample's refusal, in its words, on Send as on Connect.
func TestComposerEmptyInput(t *testing.T) {
	u := showUTF8(t)
	u.typeAddress(server.URL("/echo"))
	u.connectWalk()
	compose(u.probe, u.page.composer, present.FormatText, "")
	u.h.wantStatus(specifyTextText, true)
	compose(u.probe, u.page.composer, present.FormatHex, "  \n ")
	if msg, red := u.h.status(); !red || !strings.HasPrefix(msg, "Nothing to send") {
		t.Fatalf("empty hex: status %q", msg)
	}
	u.wantState("Connected")
}

// A binary message received is logged with its size and a line of hex;
// selecting the row shows the hex dump of all of it. Text that is JSON is
// indented when asked.
func TestComposerReceivedBinaryAndJSON(t *testing.T) {
	u := showUTF8(t)
	seen := u.record()
	u.typeAddress(server.URL("/echo"))
	u.connectWalk()
	data := make([]byte, 40)
	for i := range data {
		data[i] = byte(i * 7)
	}
	compose(u.probe, u.page.composer, present.FormatHex, hex.EncodeToString(data))
	waitMessages(u.probe, seen, 1)
	want := []string{"Message Received; Type: Binary, 40 bytes", present.HexPreview(data, present.HexPreviewBytes)}
	if got := u.lastLines(2); got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("binary message logged as %q, want %q", got, want)
	}
	lines := u.c.log.VisibleLines()
	u.c.log.SelectLine(len(lines) - 1)
	if e := u.c.log.DetailEntry(); e == nil || !bytes.Equal(e.Payload, data) || u.c.log.DetailDump() == "" {
		t.Fatal("selecting the row does not show the message's bytes")
	}
	if dump := u.c.log.DetailDump(); dump != strings.TrimSuffix(present.HexDump(data, 0), "\n") {
		t.Fatalf("hex dump\n%s\nwant\n%s", dump, present.HexDump(data, 0))
	}

	u.page.pretty.SetChecked(true)
	compose(u.probe, u.page.composer, present.FormatJSON, `{"k":[1,2]}`)
	waitMessages(u.probe, seen, 2)
	want = []string{"Message Received; Type: Utf8 (JSON, indented)", "{", `  "k": [`, "    1,", "    2", "  ]", "}"}
	if got := u.lastLines(len(want)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("received JSON logged as\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	u.page.pretty.SetChecked(false)
	compose(u.probe, u.page.composer, present.FormatJSON, `{"k":[1,2]}`)
	waitMessages(u.probe, seen, 3)
	if got := u.lastLines(1)[0]; got != `{"k":[1,2]}` {
		t.Fatalf("with indenting off the JSON shows as %q", got)
	}
}

// Scenario 3 has the composer too, on its authenticated connection.
func TestClientAuthComposerSends(t *testing.T) {
	a := showProbe(t, "clientauth", func(*clientAuthPage) []control { return nil })
	seen := a.record()
	test.Tap(a.page.primaryBtn)
	a.waitConnected()
	waitMessages(a.probe, seen, 1) // the greeting
	compose(a.probe, a.page.composer, present.FormatBase64, "AAEC/w==")
	if got := waitMessages(a.probe, seen, 2)[1].Text; got != "binary message received, size=4 bytes" {
		t.Fatalf("answer %q", got)
	}
}

// lastEntry is the page's latest log entry of a message that went dir.
func lastEntry(pr probe, dir present.LogDirection) present.LogEntry {
	pr.h.t.Helper()
	entries := pr.c.log.Entries()
	for i := len(entries) - 1; i >= 0; i-- {
		if e := entries[i]; e.Dir == dir && e.Kind == present.LogKindMessage {
			return e
		}
	}
	pr.h.t.Fatalf("no %s message in the log:\n%s", dir, pr.c.log.Text())
	return present.LogEntry{}
}
