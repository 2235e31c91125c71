package ui

import (
	"testing"
	"time"
)

func TestTransferText(t *testing.T) {
	tests := []struct {
		sent, size int64
		rate       float64
		measured   bool
		want       string
	}{
		{0, 10_500_000, 0, false, "0 bytes of 10.5 MB"},
		{3_200_000, 10_500_000, 11e6, true, "3.2 MB of 10.5 MB, 11.0 MB/s, about 1 s left"},
		{1_000_000, 100_000_000, 1e6, true, "1.0 MB of 100.0 MB, 1.0 MB/s, about 99 s left"},
		{1_000_000, 1_000_000_000, 1e6, true, "1.0 MB of 1.00 GB, 1.0 MB/s, about 17 min left"},
		{500, 1000, 0, true, "500 bytes of 1.0 kB, 0 B/s, stalled"},
		{1000, 1000, 5e5, true, "1.0 kB of 1.0 kB, 500.0 kB/s, waiting for the echo"},
	}
	for _, tt := range tests {
		if got := transferText(tt.sent, tt.size, tt.rate, tt.measured); got != tt.want {
			t.Errorf("transferText(%d, %d, %v) = %q, want %q", tt.sent, tt.size, tt.rate, got, tt.want)
		}
	}
}

func TestFormatLeft(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "1 s", 300 * time.Millisecond: "1 s", 1500 * time.Millisecond: "2 s", 119 * time.Second: "119 s",
		2 * time.Minute: "2 min", 150 * time.Second: "3 min", 200 * time.Hour: "ages",
	} {
		if got := formatLeft(d); got != want {
			t.Errorf("formatLeft(%s) = %q, want %q", d, got, want)
		}
	}
}
