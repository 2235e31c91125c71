package kit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// saveProbe is a FileSave whose Render and Notify record what they were
// asked, for the tests.
type saveProbe struct {
	rendered []string // the names Render was given
	said     []string // what Notify was told, "!" before a problem
	fail     error    // what Render returns, if not nil
}

func (p *saveProbe) save() FileSave {
	return FileSave{
		What: "the log",
		Name: "log.txt",
		Exts: []string{".txt", ".jsonl"},
		Render: func(name string) ([]byte, error) {
			p.rendered = append(p.rendered, name)
			if p.fail != nil {
				return []byte("half"), p.fail
			}
			return []byte("written as " + name), nil
		},
		Notify: func(msg string, isError bool) {
			if isError {
				msg = "!" + msg
			}
			p.said = append(p.said, msg)
		},
	}
}

// writerFor opens path as the save dialog does once the user has chosen it.
func writerFor(t *testing.T, path string) fyne.URIWriteCloser {
	t.Helper()
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// The file chosen gets what Render makes for its name, and Notify says so.
func TestSaveFileWritesTheFileChosen(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "mine.jsonl")
	var p saveProbe
	p.save().finish(writerFor(t, path), nil, nil)
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "written as mine.jsonl" {
		t.Fatalf("the file holds %q (%v), want what Render made for its name", got, err)
	}
	if strings.Join(p.said, "|") != "Saved the log as mine.jsonl." {
		t.Errorf("Notify was told %q", p.said)
	}
}

// Cancel renders nothing, writes nothing and says nothing.
func TestSaveFileCancelDoesNothing(t *testing.T) {
	test.NewTempApp(t)
	var p saveProbe
	p.save().finish(nil, nil, nil)
	if len(p.rendered) != 0 || len(p.said) != 0 {
		t.Fatalf("after Cancel: rendered %q, said %q; want nothing", p.rendered, p.said)
	}
}

// A file the dialog could not create is said in a person's words, with
// nothing rendered.
func TestSaveFileSaysWhyTheDialogFailed(t *testing.T) {
	test.NewTempApp(t)
	var p saveProbe
	denied := &fs.PathError{Op: "open", Path: "/etc/log.txt", Err: syscall.EACCES}
	p.save().finish(nil, denied, nil)
	want := "!Cannot save the log: this folder may not be written to; choose another folder."
	if len(p.rendered) != 0 || strings.Join(p.said, "|") != want {
		t.Fatalf("rendered %q, said %q; want %q", p.rendered, p.said, want)
	}
}

// A file that could not be made is not left behind half written.
func TestSaveFileRemovesAFailedFile(t *testing.T) {
	test.NewTempApp(t)
	path := filepath.Join(t.TempDir(), "broken.txt")
	p := saveProbe{fail: errors.New("the encoder broke")}
	p.save().finish(writerFor(t, path), nil, nil)
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the failed file is still there (%v)", err)
	}
	want := "!Cannot save the log to broken.txt: the encoder broke."
	if strings.Join(p.said, "|") != want {
		t.Errorf("said %q, want %q", p.said, want)
	}
}

// Without Notify, a problem is shown in a dialog over the window.
func TestSaveFileShowsAProblemInADialog(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("save")
	w.Resize(fyne.NewSize(800, 600))
	s := (&saveProbe{}).save()
	s.Notify = nil
	s.finish(nil, &fs.PathError{Op: "open", Path: "/gone/log.txt", Err: syscall.ENOENT}, w)
	top := w.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(textsIn(top), "the folder is gone") {
		t.Fatalf("no dialog says the folder is gone: %v", top)
	}
}

// The dialog opens with the name offered in its name field.
func TestSaveFileOffersTheName(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("save")
	w.Resize(fyne.NewSize(800, 600))
	s := (&saveProbe{}).save()
	s.Name = StampedName("websocket-sample-log", ".txt")
	SaveFile(w, s)
	top := w.Canvas().Overlays().Top()
	if top == nil || !strings.Contains(textsIn(top), s.Name) {
		t.Fatalf("the save dialog does not offer %q", s.Name)
	}
}

// textsIn is every label's and entry's text under o, one per line.
func textsIn(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			fmt.Fprintln(&b, v.Text)
		case *widget.Entry:
			fmt.Fprintln(&b, v.Text)
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
			return
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// SaveProblem puts the system's errors in words a person can act on, and
// says an error it does not know as it is.
func TestSaveProblem(t *testing.T) {
	path := func(errno syscall.Errno) error { return &fs.PathError{Op: "open", Path: "/x/log.txt", Err: errno} }
	for _, c := range []struct {
		err  error
		want string
	}{
		{path(syscall.EACCES), "this folder may not be written to; choose another folder"},
		{path(syscall.ENOSPC), "the disk is full; free some space or choose another disk"},
		{path(syscall.EROFS), "the disk is read-only; choose another disk"},
		{path(syscall.ENOENT), "the folder is gone; choose another folder"},
		{path(syscall.ENAMETOOLONG), "the name is too long; choose a shorter one"},
		{errors.New("the encoder broke"), "the encoder broke"},
	} {
		if got := SaveProblem(c.err); got != c.want {
			t.Errorf("SaveProblem(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
