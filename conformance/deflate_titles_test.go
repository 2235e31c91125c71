package conformance

import (
	"strings"
	"testing"
)

// Autobahn's categories 12 and 13 (RFC 7692): each case's title says the
// size of its messages and, for the last eight of each group, the size
// of the frames they are cut into; what it expects names the offer of
// permessage-deflate it makes, or how many offers and the first of them
// (13.7 offers three, RFC 7692 §5.1).
func TestDeflateCasesNameTheirSizesAndOffersRFC7692Section5_1(t *testing.T) {
	const plain = `"permessage-deflate; client_no_context_takeover; client_max_window_bits"`
	tests := []struct{ id, title, expect string }{
		{"12.1.1", "1000 compressed text messages of 16 bytes of JSON records",
			"With the offer " + plain + " agreed: each message back unchanged, all within 1m0s, then a clean close with 1000"},
		{"12.1.10", "1000 compressed text messages of 128 KiB of JSON records",
			"With the offer " + plain + " agreed: "},
		{"12.1.11", "1000 compressed text messages of 8 KiB of JSON records, in frames of 256 bytes",
			"With the offer " + plain + " agreed: "},
		{"12.5.18", "1000 compressed binary messages of 128 KiB of a PDF with compressed streams, in frames of 32 KiB",
			"With the offer " + plain + " agreed: "},
		{"13.3.16", "1000 compressed text messages of 128 KiB of JSON records, in frames of 1 KiB",
			`With the offer "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_max_window_bits=9" agreed: `},
		{"13.7.1", "1000 compressed text messages of 16 bytes of JSON records",
			`With 3 offers, "permessage-deflate; client_no_context_takeover; client_max_window_bits; server_no_context_takeover; server_max_window_bits=9" first agreed: `},
	}
	for _, tt := range tests {
		c := caseByID(tt.id)
		if c.Title != tt.title {
			t.Errorf("%s is titled %q, want %q", tt.id, c.Title, tt.title)
		}
		if !strings.HasPrefix(c.Expect, tt.expect) {
			t.Errorf("%s expects %q, want it to start %q", tt.id, c.Expect, tt.expect)
		}
	}
}
