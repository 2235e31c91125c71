package ui

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/protoview"
)

// streamed is what a stream that sends payload over and over carries from
// offset on, n bytes: the expected bytes, built here from the payload
// alone.
func streamed(payload string, offset int64, n int) []byte {
	reps := bytes.Repeat([]byte(payload), int((offset+int64(n))/int64(len(payload)))+2)
	return reps[offset : offset+int64(n)]
}

// dumpOffset is the offset of the first row of a hex dump.
func dumpOffset(t *testing.T, rows []string) int64 {
	t.Helper()
	if len(rows) == 0 {
		t.Fatal("an empty hex dump")
	}
	off, err := strconv.ParseInt(strings.Fields(rows[0])[0], 16, 64)
	if err != nil {
		t.Fatalf("first row %q: %v", rows[0], err)
	}
	return off
}

// The stream page's hex dump shows the latest 4 KiB received, exactly: the
// built-in /echo sends back the payload, so what was received from any
// offset on is known. Pause freezes the view while bytes go on arriving;
// Sent shows the payload's bytes up to the count sent.
func TestStreamHexDumpMatchesBytesReceived(t *testing.T) {
	const payload = "0123456789abcdef-" // 17 bytes: rows and payloads never line up
	h := newHarness(t, Config{})
	v := h.p.hex
	if len(v.Rows()) != 0 || v.Info() != "Nothing received yet." {
		t.Fatalf("before a connection: %d rows, %q", len(v.Rows()), v.Info())
	}
	h.p.adv.payload.SetText(payload)
	h.p.adv.interval.SetText("0.002")
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.waitFor("more than 5,000 bytes shown", func() bool { return len(v.Rows()) == present.TailSize/16 && dumpOffset(t, v.Rows()) > 1000 })

	check := func(rows []string, n int) int64 {
		t.Helper()
		off := dumpOffset(t, rows)
		want := strings.TrimSuffix(present.HexDump(streamed(payload, off, n), off), "\n")
		if got := strings.Join(rows, "\n"); got != want {
			t.Fatalf("the dump from offset %d is\n%s\nwant\n%s", off, got, want)
		}
		return off
	}
	off := check(v.Rows(), present.TailSize)
	if !strings.HasPrefix(v.Info(), "The last 4,096 bytes of ") {
		t.Fatalf("info %q", v.Info())
	}

	// Paused, the view stays as it is while more arrives.
	v.SetPaused(true)
	frozen := append([]string(nil), v.Rows()...)
	total := v.Received().Total()
	h.waitFor("another 2,000 bytes received", func() bool { return v.Received().Total() > total+2000 })
	if strings.Join(v.Rows(), "\n") != strings.Join(frozen, "\n") {
		t.Fatal("the paused dump changed")
	}
	v.SetPaused(false)
	if now := check(v.Rows(), present.TailSize); now <= off {
		t.Fatalf("after Pause the dump still starts at %d", now)
	}

	// Sent: the payload's bytes, ending at the count of bytes sent.
	v.Choose(protoview.HexSent)
	h.waitFor("a dump of the bytes sent", func() bool { return strings.Contains(v.Info(), "bytes sent") })
	off = check(v.Rows(), present.TailSize)
	if off+present.TailSize != v.SentCount() {
		t.Fatalf("the sent dump ends at %d, the count sent was %d", off+present.TailSize, v.SentCount())
	}

	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	if off, sent := check(v.Rows(), present.TailSize), h.p.stream.Sent(); off+present.TailSize != sent {
		t.Fatalf("after Stop the sent dump ends at %d, %d were sent", off+present.TailSize, sent)
	}
	v.Choose(protoview.HexReceived)
	if off := check(v.Rows(), present.TailSize); off+present.TailSize != h.p.stream.Received() {
		t.Fatalf("after Stop the received dump ends at %d, %d were received", off+present.TailSize, h.p.stream.Received())
	}
}

// Fewer bytes than the view holds are shown whole, from offset 0; a file
// sent on the connection is said not to be in the sent view.
func TestStreamHexDumpShortAndFile(t *testing.T) {
	h := newHarness(t, Config{})
	v := h.p.hex
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.waitFor("the first echo", func() bool { return len(v.Rows()) > 0 })
	if off := dumpOffset(t, v.Rows()); off != 0 || !strings.HasPrefix(v.Info(), "All ") {
		t.Fatalf("a short dump starts at %d, info %q", off, v.Info())
	}
	if !strings.HasSuffix(v.Rows()[0], "|Hello World|") {
		t.Fatalf("first row %q", v.Rows()[0])
	}
	h.p.sendFile(tempFile(t, 1000))
	h.waitFor("the transfer's end", func() bool { return h.p.xfer.transfer == nil })
	v.Choose(protoview.HexSent)
	if !strings.Contains(v.Info(), "a file among them; a file's bytes are not shown here") {
		t.Fatalf("sent view after a file: %q", v.Info())
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}
