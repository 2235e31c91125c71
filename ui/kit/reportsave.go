package kit

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
)

// Reportable is a report that writes itself in the three forms, as
// conformance.Report does. The check pages save theirs through it, so
// kit needs nothing of conformance.
type Reportable interface {
	JSON() ([]byte, error)
	HTML() []byte
	Markdown() []byte
}

// ReportFormat is one of the three forms a report is saved in.
type ReportFormat int

// The forms, in the order the Save report… menu lists them.
const (
	ReportJSON     ReportFormat = iota // every field, for programs (durations in nanoseconds)
	ReportHTML                         // one self-contained page, for people and bug reports
	ReportMarkdown                     // for an issue or a pull request
)

// ReportFormats are the forms, in menu order.
var ReportFormats = []ReportFormat{ReportJSON, ReportHTML, ReportMarkdown}

// Ext is the file ending of the format.
func (f ReportFormat) Ext() string {
	return [...]string{".json", ".html", ".md"}[f]
}

// String is the format's name, "JSON".
func (f ReportFormat) String() string {
	return [...]string{"JSON", "HTML", "Markdown"}[f]
}

// ReportFormatFor is the format a file name asks for by its ending
// (".htm" too), else chosen: a name typed as report.md is Markdown
// whichever item of the menu opened the dialog.
func ReportFormatFor(name string, chosen ReportFormat) ReportFormat {
	return present.FormatByExt(name, chosen, reportFormatByExt)
}

var reportFormatByExt = map[string]ReportFormat{
	".json": ReportJSON, ".html": ReportHTML, ".htm": ReportHTML, ".md": ReportMarkdown,
}

// WriteReport writes rep to w in format f.
func WriteReport(w io.Writer, rep Reportable, f ReportFormat) error {
	var b []byte
	switch f {
	case ReportJSON:
		var err error
		if b, err = rep.JSON(); err != nil {
			return err
		}
	case ReportHTML:
		b = rep.HTML()
	default:
		b = rep.Markdown()
	}
	_, err := w.Write(b)
	return err
}

// ReportSaver is the "Save report…" button of the check pages: it drops
// the three formats down, asks where with Fyne's file dialog and writes
// the report there. UI goroutine only.
type ReportSaver struct {
	// Button is the button to place (and enable once there is a report).
	Button *widget.Button
	// Menu is the formats it drops down.
	Menu   *fyne.Menu
	window fyne.Window
	name   string            // the file name's start, "websocket-check"
	report func() Reportable // the report to save, nil if none
	notify func(msg string, isError bool)
}

// NewReportSaver makes the button. name starts the file name offered
// (name-20260102-150405.json); report gives the report to save, nil when
// there is none; notify says how the save went, in the status bar.
func NewReportSaver(win fyne.Window, name string, report func() Reportable, notify func(msg string, isError bool)) *ReportSaver {
	s := &ReportSaver{window: win, name: name, report: report, notify: notify, Menu: fyne.NewMenu("")}
	for _, f := range ReportFormats {
		s.Menu.Items = append(s.Menu.Items, fyne.NewMenuItem(fmt.Sprintf("%s (%s)…", f, f.Ext()), func() { s.ask(f) }))
	}
	s.Button = widget.NewButtonWithIcon("Save report…", theme.DocumentSaveIcon(), s.open)
	return s
}

// open drops the format choice down from the button.
func (s *ReportSaver) open() {
	DropDown(s.Menu, s.Button)
}

// ask shows the save dialog for format f and writes the report to the
// file chosen, in the format its name's ending asks for. The report is
// the one there is when asked; what went wrong, if anything, is said in
// red, and the report stays, for another try.
func (s *ReportSaver) ask(f ReportFormat) {
	rep := s.report()
	if rep == nil {
		return
	}
	SaveFile(s.window, FileSave{
		What: "the report",
		Name: StampedName(s.name, f.Ext()),
		Exts: slices.Sorted(maps.Keys(reportFormatByExt)),
		Render: func(name string) ([]byte, error) {
			var b bytes.Buffer
			err := WriteReport(&b, rep, ReportFormatFor(name, f))
			return b.Bytes(), err
		},
		Notify: s.notify,
	})
}
