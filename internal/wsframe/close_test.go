package wsframe

import (
	"strings"
	"testing"
)

func TestClosePayload(t *testing.T) {
	p := ClosePayload(4001, "bye")
	if string(p) != "\x0f\xa1bye" {
		t.Errorf("ClosePayload(4001, bye) = %q", p)
	}
	if code, reason := ParseClosePayload(p); code != 4001 || reason != "bye" {
		t.Errorf("ParseClosePayload = %d %q", code, reason)
	}
	if p := ClosePayload(0, "ignored"); len(p) != 0 {
		t.Errorf("ClosePayload(0) = %q, want empty", p)
	}
	if p := ClosePayload(1000, strings.Repeat("r", 200)); len(p) != MaxControlPayload {
		t.Errorf("long reason: %d bytes, want %d", len(p), MaxControlPayload)
	}
	if code, _ := ParseClosePayload(nil); code != NoStatusReceived {
		t.Errorf("empty payload: code %d, want 1005", code)
	}
	if code, _ := ParseClosePayload([]byte{3}); code != 0 {
		t.Errorf("1-byte payload: code %d, want 0", code)
	}
}

func TestValidCloseCode(t *testing.T) {
	valid := map[int]bool{1000: true, 1003: true, 1007: true, 1014: true, 3000: true, 4999: true}
	for _, code := range []int{0, 999, 1000, 1003, 1004, 1005, 1006, 1007, 1014, 1015, 1016, 2999, 3000, 4999, 5000} {
		if got := ValidCloseCode(code); got != valid[code] {
			t.Errorf("ValidCloseCode(%d) = %v", code, got)
		}
	}
}
