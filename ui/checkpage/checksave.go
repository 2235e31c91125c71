package checkpage

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
)

// reportFormat is one of the three forms conformance writes a report in.
type reportFormat int

const (
	reportJSON     reportFormat = iota // every field, for programs (durations in nanoseconds)
	reportHTML                         // one self-contained page, for people and bug reports
	reportMarkdown                     // for an issue or a pull request
)

var reportFormats = []reportFormat{reportJSON, reportHTML, reportMarkdown}

// ext is the file ending of the format.
func (f reportFormat) ext() string {
	return [...]string{".json", ".html", ".md"}[f]
}

// String is the format's name, "JSON".
func (f reportFormat) String() string {
	return [...]string{"JSON", "HTML", "Markdown"}[f]
}

// reportFormatFor is the format a file name asks for by its ending
// (".htm" too), else chosen: a name typed as report.md is Markdown
// whichever item of the menu opened the dialog.
func reportFormatFor(name string, chosen reportFormat) reportFormat {
	ext := strings.ToLower(filepath.Ext(name))
	if ext == ".htm" {
		return reportHTML
	}
	for _, f := range reportFormats {
		if ext == f.ext() {
			return f
		}
	}
	return chosen
}

// writeReport writes rep to w in format f.
func writeReport(w io.Writer, rep *conformance.Report, f reportFormat) error {
	var b []byte
	switch f {
	case reportJSON:
		var err error
		if b, err = rep.JSON(); err != nil {
			return err
		}
	case reportHTML:
		b = rep.HTML()
	default:
		b = rep.Markdown()
	}
	_, err := w.Write(b)
	return err
}

// reportSaver is the "Save report…" button: it drops the three formats
// down, asks where with Fyne's file dialog and writes the report there.
// UI goroutine only.
type reportSaver struct {
	button *widget.Button
	menu   *fyne.Menu
	window fyne.Window
	report func() *conformance.Report // the report to save, nil if none
	notify func(msg string, isError bool)
}

func newReportSaver(win fyne.Window, report func() *conformance.Report, notify func(msg string, isError bool)) *reportSaver {
	s := &reportSaver{window: win, report: report, notify: notify, menu: fyne.NewMenu("")}
	for _, f := range reportFormats {
		s.menu.Items = append(s.menu.Items, fyne.NewMenuItem(fmt.Sprintf("%s (%s)…", f, f.ext()), func() { s.ask(f) }))
	}
	s.button = widget.NewButtonWithIcon("Save report…", theme.DocumentSaveIcon(), s.open)
	return s
}

// open drops the format choice down from the button.
func (s *reportSaver) open() {
	c := fyne.CurrentApp().Driver().CanvasForObject(s.button)
	if c == nil {
		return
	}
	widget.ShowPopUpMenuAtRelativePosition(s.menu, c, fyne.NewPos(0, s.button.Size().Height), s.button)
}

// ask shows the save dialog for format f and writes the report to the
// file chosen. What went wrong, if anything, is said in red; the report
// stays, for another try.
func (s *reportSaver) ask(f reportFormat) {
	rep := s.report()
	if rep == nil || s.window == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			s.notify("Cannot save the report: "+err.Error(), true)
			return
		}
		if w == nil { // cancelled
			return
		}
		name := w.URI().Name()
		format := reportFormatFor(name, f)
		err = writeReport(w, rep, format)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			s.notify(fmt.Sprintf("Cannot save the report to %s: %v", name, err), true)
			return
		}
		s.notify(fmt.Sprintf("Saved the report as %s (%s).", name, format), false)
	}, s.window)
	d.SetFileName("websocket-check-" + time.Now().Format("20060102-150405") + f.ext())
	room := s.window.Canvas().Size() // Fyne's default is small; most of the window reads better
	d.Resize(fyne.NewSize(room.Width*0.9, room.Height*0.9))
	d.Show()
}
