package present

import (
	"strings"
	"testing"
	"time"
)

func TestStampedSplitsLines(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 678e6, time.UTC)
	got := Stamped(at, "Message Received; Type: Utf8", "one\r\ntwo\n", "")
	want := []string{
		"03:04:05.678  Message Received; Type: Utf8",
		"03:04:05.678  one",
		"03:04:05.678  two",
		"03:04:05.678  ",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("Stamped = %q, want %q", got, want)
	}
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 11: "11", 999: "999", 1000: "1,000", 261724320: "261,724,320", -1234: "-1,234"} {
		if got := GroupDigits(n); got != want {
			t.Errorf("GroupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatRate(t *testing.T) {
	for bps, want := range map[float64]string{0: "0 B/s", 11: "11 B/s", 999: "999 B/s", 4200: "4.2 kB/s", 11e6: "11.0 MB/s", 2.5e9: "2.50 GB/s"} {
		if got := FormatRate(bps); got != want {
			t.Errorf("FormatRate(%v) = %q, want %q", bps, got, want)
		}
	}
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 999: "999 bytes", 1000: "1.0 kB", 52428800: "52.4 MB", 1500000000: "1.50 GB",
	} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d) = %q, want %q", n, got, want)
		}
	}
}
