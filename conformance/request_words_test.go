package conformance

import (
	"strings"
	"testing"
)

// A request in a report: each header line as sent, a value of up to 60
// bytes whole, a longer one cut to its first 40 bytes and its length, so
// that a case's oversized headers (H.x) do not fill the report.
func TestRequestInAReportCutsValuesPastSixtyBytes(t *testing.T) {
	for _, c := range []struct {
		value, want string
	}{
		{strings.Repeat("v", 60), strings.Repeat("v", 60)},
		{strings.Repeat("v", 61), strings.Repeat("v", 40) + "… (61 bytes)"},
	} {
		r := request{method: "GET", target: "/echo", proto: "HTTP/1.1", headers: []headerLine{{"Host", "h"}, {"X-Long", c.value}}}
		want := "GET /echo HTTP/1.1 | Host: h | X-Long: " + c.want
		if got := r.describe(); got != want {
			t.Errorf("a %d-byte value: %q, want %q", len(c.value), got, want)
		}
	}
}
