package kit

import "testing"

// A file name's ending chooses the format, whichever menu item opened
// the dialog; a name without a known ending keeps the one chosen.
func TestReportFormatFor(t *testing.T) {
	for _, c := range []struct {
		name   string
		chosen ReportFormat
		want   ReportFormat
	}{
		{"r.json", ReportHTML, ReportJSON},
		{"R.HTM", ReportJSON, ReportHTML},
		{"r.html", ReportMarkdown, ReportHTML},
		{"r.md", ReportJSON, ReportMarkdown},
		{"report", ReportHTML, ReportHTML},
		{"r.txt", ReportMarkdown, ReportMarkdown},
	} {
		if got := ReportFormatFor(c.name, c.chosen); got != c.want {
			t.Errorf("ReportFormatFor(%q, %v) = %v, want %v", c.name, c.chosen, got, c.want)
		}
	}
}
