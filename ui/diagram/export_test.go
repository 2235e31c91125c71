package diagram

import (
	"testing"

	"github.com/wssample/wssample/internal/present"
)

// A file name's ending chooses the export's format, whichever item of the
// Export menu opened the dialog; a name without a known ending keeps the
// one chosen.
func TestExportFormatByName(t *testing.T) {
	for _, c := range []struct {
		name         string
		chosen, want format
	}{
		{"ladder.png", formatSVG, formatPNG},
		{"LADDER.SVG", formatMermaid, formatSVG},
		{"ladder.mmd", formatPNG, formatMermaid},
		{"ladder", formatPNG, formatPNG},
		{"ladder.txt", formatMermaid, formatMermaid},
	} {
		if got := present.FormatByExt(c.name, c.chosen, formatByExt); got != c.want {
			t.Errorf("%q, chosen %v: format %v, want %v", c.name, c.chosen, got, c.want)
		}
	}
}
