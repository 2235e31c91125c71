package ui

import (
	"crypto/tls"
	"crypto/x509"
	"strconv"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/ui/kit"
)

// BuiltIn describes the server built into the app, as main started it. The
// ui package takes these plain values rather than the server itself, so it
// stays independent of the server package. Empty fields mean "not
// available".
type BuiltIn struct {
	EchoURL       string // ws:// address that echoes every byte (scenario 2's default)
	SampleURL     string // ws:// address that behaves like the sample's EchoWebSocket.ashx
	PartialURL    string // ws:// address that mirrors partial messages (scenario 4)
	SecureEchoURL string // wss:// echo address
	ClientAuthURL string // wss:// address that requires a client certificate (scenario 3)
	// CA is the authority that signed the server's certificate; it is made
	// fresh for each run and is not trusted by the system.
	CA *x509.Certificate
	// ClientCert is a certificate ClientAuthURL accepts.
	ClientCert *tls.Certificate
}

// BuiltInOf describes the running built-in server srv as the window needs
// it. main and the tests both use it, so they wire the window alike.
func BuiltInOf(srv *sampleserver.Server) BuiltIn {
	cert := srv.ClientCertificate()
	return BuiltIn{
		EchoURL:       srv.URL("/echo"),
		SampleURL:     srv.URL("/sample"),
		PartialURL:    srv.URL("/partial"),
		SecureEchoURL: srv.SecureURL("/echo"),
		ClientAuthURL: srv.ClientAuthURL(),
		CA:            srv.CA(),
		ClientCert:    &cert,
	}
}

// Config is what main hands the window.
type Config struct {
	// BuiltIn holds the built-in server's addresses.
	BuiltIn BuiltIn
	// BuiltInErr is why the built-in server did not start, nil if it runs.
	// The window then says so in its status bar.
	BuiltInErr error
	// URI prefills the server address of the scenario shown at start (the
	// -uri flag); it wins over the address remembered from the last run.
	URI string
	// Do runs a function on the UI goroutine. Nil means fyne.Do. Tests pass
	// a queue they drain themselves (see the package documentation).
	Do func(func())
	// Readme is the README in Markdown, shown from the About dialog.
	Readme string
}

// MainWindow is the app's window: the scenario list, the page of the chosen
// scenario, and the status bar. It embeds the fyne.Window, so Show,
// ShowAndRun and the rest work as usual.
type MainWindow struct {
	fyne.Window

	status  *statusBar
	pages   []*scenarioPage // one per row of the scenario table, in its order
	current *scenarioPage   // the page shown, nil before the first
	list    *widget.List    // the scenario list
	holder  *fyne.Container // shows the current page's content
	prefs   fyne.Preferences
	readme  string
	endOnce sync.Once
	// quitting is set once the app begins to quit; from then on the pages'
	// updates are dropped (see StopUpdates).
	quitting atomic.Bool
}

// scenarioPage is a row of the scenario table with the page built from it.
type scenarioPage struct {
	scenario
	page page
}

// Preference keys of the window's size (the scenario's are in
// scenarios.go).
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

// defaultSize is the window's size at the first start.
var defaultSize = fyne.NewSize(1000, 660)

// NewMainWindow builds the window in app a: the sample's scenarios (the
// scenario table) with the last used, or "2) Binary data stream", selected.
// It starts no connection.
func NewMainWindow(a fyne.App, cfg Config) *MainWindow {
	do := cfg.Do
	if do == nil {
		do = fyne.Do
	}
	// The app's theme, with the symbols the words use that Fyne's font
	// lacks (kit.WithSymbols).
	a.Settings().SetTheme(kit.WithSymbols(a.Settings().Theme()))
	w := &MainWindow{
		Window: a.NewWindow("WebSocket Sample"),
		status: newStatusBar(),
		holder: container.NewStack(),
		prefs:  a.Preferences(),
		readme: cfg.Readme,
	}
	// Every page update goes through uiDo, which drops it once the app is
	// quitting: after Fyne's loop has ended, fyne.Do runs a function on the
	// caller's own goroutine, so a late counter tick would touch widgets
	// off the UI thread.
	uiDo := func(f func()) {
		if w.quitting.Load() {
			return
		}
		do(func() {
			if !w.quitting.Load() {
				f()
			}
		})
	}

	// The scenario shown first: -uri is an address for the start page;
	// otherwise the one used last, if it still exists.
	first := startScenario
	if k := rememberedScenario(w.prefs); cfg.URI == "" && scenarioIndex(k) >= 0 {
		first = k
	}
	for _, sc := range scenarios {
		sp := &scenarioPage{scenario: sc}
		env := pageEnv{
			key:       sc.key,
			title:     sc.title,
			do:        uiDo,
			notify:    func(msg string, kind statusKind) { w.notifyFrom(sp, msg, kind) },
			window:    w.Window,
			prefs:     a.Preferences(),
			clipboard: a.Clipboard(),
			builtIn:   cfg.BuiltIn,
		}
		if sc.key == startScenario {
			env.uri = cfg.URI
		}
		sp.page = sc.build(env)
		w.pages = append(w.pages, sp)
	}

	w.list = widget.NewList(
		func() int { return len(w.pages) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis // lets a narrow window shrink the list
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(listLabel(id, w.pages[id].title))
		},
	)
	w.list.OnSelected = w.show

	scenarioList := container.NewBorder(
		widget.NewLabelWithStyle("Scenarios", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		nil, nil, nil, w.list)
	split := container.NewHSplit(scenarioList, container.NewPadded(w.holder))
	split.Offset = 0.26
	w.SetContent(container.NewBorder(nil, w.status.Content(), nil, nil, split))
	w.SetMainMenu(w.buildMenu())
	// Closing the window (or the menu's Quit, which closes it) ends the UI:
	// this runs on the UI thread before Fyne's loop stops. The window's size
	// and scenario are remembered here, not only in Shutdown: once the loop
	// has stopped, Fyne saves the preferences on another goroutine, and for
	// 100 ms after a save it only schedules a change for later, a later the
	// quitting process may not reach (the scenario was lost on about half
	// of the Alt+F4 quits under Wine). Written here, the change is saved at
	// once and again by Fyne's exit save.
	w.SetOnClosed(func() {
		w.rememberWindow()
		w.StopUpdates()
	})
	w.Canvas().SetOnTypedKey(w.onKey)
	w.Resize(rememberedSize(w.prefs))

	w.list.Select(scenarioIndex(first))
	if cfg.BuiltInErr != nil {
		w.status.Notify("The built-in server did not start ("+cfg.BuiltInErr.Error()+
			"). Type the address of a WebSocket server to connect to.", errorMessage)
	}
	return w
}

// listLabel is how the list and the menu name the scenario at index i:
// "2) Binary data stream".
func listLabel(i int, title string) string { return strconv.Itoa(i+1) + ") " + title }

// scenarioIndex is the list position of the scenario key names, -1 if
// there is none.
func scenarioIndex(key string) int {
	for i, sc := range scenarios {
		if sc.key == key {
			return i
		}
	}
	return -1
}

// show switches to the page at list position i: the old page closes its
// connection and the status bar is cleared, as in the sample.
func (w *MainWindow) show(i widget.ListItemID) {
	if i < 0 || i >= len(w.pages) || w.pages[i] == w.current {
		return
	}
	if w.current != nil {
		w.current.page.Leave()
	}
	w.current = w.pages[i]
	w.status.Notify("", statusMessage)
	w.holder.Objects = []fyne.CanvasObject{w.current.page.Content()}
	w.holder.Refresh()
	// Put the cursor where the page wants typing (the server address), so
	// Enter starts at once.
	if f, ok := w.current.page.(focuser); ok {
		w.Canvas().Focus(f.FocusTarget())
	}
}

// focuser is a page with a widget that should have the keyboard focus
// when the page is shown.
type focuser interface{ FocusTarget() fyne.Focusable }

// notifyFrom shows a page's message if that page is the one shown.
func (w *MainWindow) notifyFrom(from *scenarioPage, msg string, kind statusKind) {
	if from == w.current {
		w.status.Notify(msg, kind)
	}
}

// StopUpdates tells the window the app is quitting: from now on nothing
// the pages' goroutines send reaches a widget. Closing the window calls
// it; main also calls it on Ctrl+C or SIGTERM, which make Fyne quit without
// closing the window. Safe from any goroutine, and more than once.
func (w *MainWindow) StopUpdates() { w.quitting.Store(true) }

// Shutdown closes every page's connection and stops the pages'
// goroutines. Call it once ShowAndRun has returned; it waits for the
// connections to close, about two seconds at most.
func (w *MainWindow) Shutdown() {
	w.StopUpdates()
	w.endOnce.Do(func() {
		w.rememberWindow()
		var wg sync.WaitGroup
		for _, sp := range w.pages {
			wg.Add(1)
			go func() { defer wg.Done(); sp.page.Close() }()
		}
		wg.Wait()
	})
}

// rememberedSize is the window size of the last run, or the default; a
// size too small to use (a screen since replaced, a bad file) is ignored.
func rememberedSize(prefs fyne.Preferences) fyne.Size {
	wd, ht := prefs.Float(prefWidth), prefs.Float(prefHeight)
	if wd < 400 || ht < 300 {
		return defaultSize
	}
	return fyne.NewSize(float32(wd), float32(ht))
}

// rememberWindow keeps the window's size and scenario for the next run.
// It writes at quit (as the window closes, and in Shutdown for a quit by
// signal), and only what changed: Fyne saves preferences to disk
// at once, and its own file watcher can trip over a save it is reloading
// ("Preferences load error: EOF"), so the fewer writes the better.
func (w *MainWindow) rememberWindow() {
	if w.current != nil {
		rememberScenario(w.prefs, w.current.key)
	}
	size := w.Canvas().Size()
	if size.Width >= 400 && size.Height >= 300 && size != rememberedSize(w.prefs) {
		w.prefs.SetFloat(prefWidth, float64(size.Width))
		w.prefs.SetFloat(prefHeight, float64(size.Height))
	}
}
