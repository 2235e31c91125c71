package ui

import (
	"github.com/wssample/wssample/internal/present"

	"bytes"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
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
	if len(v.rows) != 0 || v.info.Text != "Nothing received yet." {
		t.Fatalf("before a connection: %d rows, %q", len(v.rows), v.info.Text)
	}
	h.p.adv.payload.SetText(payload)
	h.p.adv.interval.SetText("0.002")
	test.Tap(h.p.primaryBtn)
	h.waitConnected()
	h.waitFor("more than 5,000 bytes shown", func() bool { return len(v.rows) == present.TailSize/16 && dumpOffset(t, v.rows) > 1000 })

	check := func(rows []string, n int) int64 {
		t.Helper()
		off := dumpOffset(t, rows)
		want := strings.TrimSuffix(present.HexDump(streamed(payload, off, n), off), "\n")
		if got := strings.Join(rows, "\n"); got != want {
			t.Fatalf("the dump from offset %d is\n%s\nwant\n%s", off, got, want)
		}
		return off
	}
	off := check(v.rows, present.TailSize)
	if !strings.HasPrefix(v.info.Text, "The last 4,096 bytes of ") {
		t.Fatalf("info %q", v.info.Text)
	}

	// Paused, the view stays as it is while more arrives.
	v.pause.SetChecked(true)
	frozen := append([]string(nil), v.rows...)
	total := v.recv.Total()
	h.waitFor("another 2,000 bytes received", func() bool { return v.recv.Total() > total+2000 })
	if strings.Join(v.rows, "\n") != strings.Join(frozen, "\n") {
		t.Fatal("the paused dump changed")
	}
	v.pause.SetChecked(false)
	if now := check(v.rows, present.TailSize); now <= off {
		t.Fatalf("after Pause the dump still starts at %d", now)
	}

	// Sent: the payload's bytes, ending at the count of bytes sent.
	v.which.SetSelected(hexSent)
	h.waitFor("a dump of the bytes sent", func() bool { return strings.Contains(v.info.Text, "bytes sent") })
	off = check(v.rows, present.TailSize)
	if off+present.TailSize != v.lastSent {
		t.Fatalf("the sent dump ends at %d, the count sent was %d", off+present.TailSize, v.lastSent)
	}

	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
	if off, sent := check(v.rows, present.TailSize), h.p.stream.Sent(); off+present.TailSize != sent {
		t.Fatalf("after Stop the sent dump ends at %d, %d were sent", off+present.TailSize, sent)
	}
	v.which.SetSelected(hexReceived)
	if off := check(v.rows, present.TailSize); off+present.TailSize != h.p.stream.Received() {
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
	h.waitFor("the first echo", func() bool { return len(v.rows) > 0 })
	if off := dumpOffset(t, v.rows); off != 0 || !strings.HasPrefix(v.info.Text, "All ") {
		t.Fatalf("a short dump starts at %d, info %q", off, v.info.Text)
	}
	if !strings.HasSuffix(v.rows[0], "|Hello World|") {
		t.Fatalf("first row %q", v.rows[0])
	}
	h.p.sendFile(tempFile(t, 1000))
	h.waitFor("the transfer's end", func() bool { return h.p.xfer.transfer == nil })
	v.which.SetSelected(hexSent)
	if !strings.Contains(v.info.Text, "a file among them; a file's bytes are not shown here") {
		t.Fatalf("sent view after a file: %q", v.info.Text)
	}
	test.Tap(h.p.haltBtn)
	h.waitDisconnected()
}
