package present

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// How the window writes times, counts and rates, on every page.

// TimeFormat stamps each log line: hours to milliseconds, enough to see
// the one-second rhythm of the sends and how long a connect took.
const TimeFormat = "15:04:05.000"

// Stamped prefixes each line with the time t as HH:MM:SS.mmm. A line with
// line breaks of its own (a received message may have any text) becomes
// several log rows, each Stamped: a row of the log pane is one line high.
func Stamped(t time.Time, lines ...string) []string {
	stamp := t.Format(TimeFormat) + "  "
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		for _, row := range strings.Split(strings.TrimRight(l, "\r\n"), "\n") {
			out = append(out, stamp+strings.TrimSuffix(row, "\r"))
		}
	}
	return out
}

// GroupDigits writes n with a comma every three digits, "261,724,320":
// against a fast server the counters reach hundreds of millions, which
// are hard to read as one run of digits.
func GroupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// FormatRate writes a rate in decimal units, as network rates are quoted
// (and as TransferResult.MBps counts): "11 B/s", "4.2 kB/s", "11.0 MB/s".
func FormatRate(bps float64) string {
	if bps < 1e3 {
		return fmt.Sprintf("%.0f B/s", bps)
	}
	return decimal(bps, "B/s")
}

// FormatBytes writes a size in decimal units, like FormatRate.
func FormatBytes(n int64) string {
	if n < 1e3 {
		return fmt.Sprintf("%d bytes", n)
	}
	return decimal(float64(n), "B")
}

// decimal writes v (at least 1000) with a decimal prefix to unit: "4.2 kB",
// "11.0 MB", "1.25 GB".
func decimal(v float64, unit string) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2f G%s", v/1e9, unit)
	case v >= 1e6:
		return fmt.Sprintf("%.1f M%s", v/1e6, unit)
	}
	return fmt.Sprintf("%.1f k%s", v/1e3, unit)
}

// ByteCount is n bytes in words: "1 byte", "1,024 bytes".
func ByteCount(n int) string {
	if n == 1 {
		return "1 byte"
	}
	return GroupDigits(int64(n)) + " bytes"
}
