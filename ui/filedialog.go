package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/wssample/wssample/ui/kit"
)

// fileRequest is what a page's file dialog asks for.
type fileRequest struct {
	title   string    // the dialog's title; "" for Fyne's default
	exts    []string  // the file endings offered, e.g. ".pem"; nil for every file
	startIn string    // the folder to open in; "" for Fyne's default
	size    fyne.Size // the dialog's size; zero for most of the window
}

// chooseFile opens Fyne's file-open dialog over win (the page's window,
// pageEnv.window) and hands the chosen file's path to then, "" when the
// dialog was cancelled or failed. The dialog gives an open reader; a path
// is all the pages need (wsclient opens the file itself, to stream it from
// disk or to parse it), so the reader is closed at once.
func chooseFile(win fyne.Window, req fileRequest, then func(path string)) {
	if win == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil { // an error from the dialog, or Cancel
			then("")
			return
		}
		path := r.URI().Path()
		r.Close()
		then(path)
	}, win)
	if req.title != "" {
		d.SetTitleText(req.title)
	}
	if req.exts != nil {
		d.SetFilter(storage.NewExtensionFileFilter(req.exts))
	}
	if req.startIn != "" {
		if dir, err := storage.ListerForURI(storage.NewFileURI(req.startIn)); err == nil {
			d.SetLocation(dir)
		}
	}
	size := req.size
	if size.IsZero() {
		size = kit.DialogSize(win)
	}
	d.Resize(size)
	d.Show()
}
