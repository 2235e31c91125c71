package checkpage

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/ui/internal/uitest"
	"github.com/wssample/wssample/ui/kit"
)

// harness is the check page in a test window of app, as the shell would
// build it: its UI work runs on the test goroutine through q, and what it
// says goes to a status line of its own (msg, red).
type harness struct {
	t   *testing.T
	app fyne.App
	q   *uitest.Queue
	w   fyne.Window
	p   *Page
	msg string
	red bool
}

// newHarness shows a new check page on app, its address srv's echo.
func newHarness(t *testing.T, app fyne.App, srv *sampleserver.Server) *harness {
	t.Helper()
	h := &harness{t: t, app: app, q: uitest.NewQueue()}
	h.w = test.NewTempWindow(t, nil)
	h.p = New(Env{
		PageEnv: kit.PageEnv{
			Title:     "Check a server",
			Do:        h.q.Do,
			Notify:    func(msg string, isError bool) { h.msg, h.red = msg, isError && msg != "" },
			Window:    h.w,
			Prefs:     app.Preferences(),
			Clipboard: app.Clipboard(),
		},
		Address:  srv.URL("/echo"),
		Remember: func(string) {},
		CA:       srv.CA(),
	})
	h.w.SetContent(h.p.Content())
	h.w.Resize(fyne.NewSize(1000, 700))
	t.Cleanup(h.p.Close)
	return h
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	h.q.WaitFor(h.t, what, cond)
}

// status is what the page last said, and whether it was an error.
func (h *harness) status() (string, bool) { return h.msg, h.red }

// wantStatus fails unless the page last said msg, an error when red.
func (h *harness) wantStatus(msg string, red bool) {
	h.t.Helper()
	if got, isRed := h.status(); got != msg || isRed != red {
		h.t.Fatalf("status %q (red %v), want %q (red %v)", got, isRed, msg, red)
	}
}
