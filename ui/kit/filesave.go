package kit

import (
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// FileSave is one file the user is asked to save: the log, the diagram,
// a check's report. SaveFile shows the dialog for it; every Save… of the
// app goes through there, so all of them offer a name the same way, list
// the same kind of endings and say what went wrong in the same words.
type FileSave struct {
	// What is what is saved, as the messages say it: "the log".
	What string
	// Name is the file name offered, ending included (StampedName).
	Name string
	// Exts are the endings the dialog lists, ".txt"; nil lists every file.
	// They only sort what the dialog shows: the user may type any name.
	Exts []string
	// Render gives the file's bytes for the name chosen; a caller whose
	// name's ending picks the format (report.md) reads it here. It runs
	// after the user has chosen, so the file holds what there is then.
	Render func(name string) ([]byte, error)
	// Notify, if set, is told how it went (the status bar): the saved
	// name, or the problem. If nil, a problem is shown in a dialog over
	// the window and a save that worked says nothing.
	Notify func(msg string, isError bool)
}

// StampedName is start-20260102-150405ext, the time now in the name, so
// that saving twice does not offer the same name twice.
func StampedName(start, ext string) string {
	return start + "-" + time.Now().Format("20060102-150405") + ext
}

// DialogSize is the size the app's file dialogs open at: most of win.
// Fyne's own default is small, and a list of files reads better wide.
func DialogSize(win fyne.Window) fyne.Size {
	room := win.Canvas().Size()
	return fyne.NewSize(room.Width*0.9, room.Height*0.9)
}

// SaveFile shows Fyne's save dialog over win for s, and writes the file
// where the user says. Cancel writes nothing and says nothing; whatever
// was to be saved stays where it was, for another try. UI goroutine only.
func SaveFile(win fyne.Window, s FileSave) {
	if win == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		s.finish(w, err, win)
	}, win)
	d.SetFileName(s.Name)
	if s.Exts != nil {
		d.SetFilter(storage.NewExtensionFileFilter(s.Exts))
	}
	d.Resize(DialogSize(win))
	d.Show()
}

// finish is the dialog's answer: w is the file chosen, already created
// (Fyne asked before replacing one), nil when the user cancelled. The
// bytes are made before anything is written, so a file that cannot be
// rendered is never half written; a file whose writing failed is
// removed rather than left behind broken.
func (s FileSave) finish(w fyne.URIWriteCloser, err error, win fyne.Window) {
	if err != nil {
		s.tell(win, fmt.Sprintf("Cannot save %s: %s.", s.What, SaveProblem(err)), true)
		return
	}
	if w == nil { // Cancel
		return
	}
	name := w.URI().Name()
	b, err := s.Render(name)
	if err == nil {
		_, err = w.Write(b)
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = storage.Delete(w.URI()) // best effort: a broken file helps nobody
		s.tell(win, fmt.Sprintf("Cannot save %s to %s: %s.", s.What, name, SaveProblem(err)), true)
		return
	}
	s.tell(win, fmt.Sprintf("Saved %s as %s.", s.What, name), false)
}

// tell says msg through Notify, or for a problem in a dialog over win.
func (s FileSave) tell(win fyne.Window, msg string, isError bool) {
	switch {
	case s.Notify != nil:
		s.Notify(msg, isError)
	case isError && win != nil:
		dialog.ShowError(errors.New(msg), win)
	}
}

// SaveProblem is err in the words of someone saving a file: what is
// wrong and what to do, rather than the system's "open /path: EACCES".
// An error it does not know is said as it is.
func SaveProblem(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "this folder may not be written to; choose another folder"
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full; free some space or choose another disk"
	case errors.Is(err, syscall.EROFS):
		return "the disk is read-only; choose another disk"
	case errors.Is(err, fs.ErrNotExist):
		return "the folder is gone; choose another folder"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "the name is too long; choose a shorter one"
	}
	return err.Error()
}
