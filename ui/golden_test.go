package ui

// Golden images: the window on each of the four scenario pages, in the light
// and the dark variant of the app's theme, painted by Fyne's test driver
// (the software painter, no GPU, no X) and compared pixel for pixel with the
// masters in testdata/golden/.
//
// After a deliberate change to how the window looks, rewrite the masters in
// one command and look at the new pictures before committing them:
//
//	WSSAMPLE_UPDATE_GOLDEN=1 go test ./ui -run '^TestGolden$'
//
// On a mismatch the picture as rendered goes to testdata/failed/golden/<name>
// (git-ignored; Fyne's test.AssertImageMatches convention) with
// <name>-diff.png beside it, the differing pixels in magenta.
//
// Each picture must be the same on every run and every machine, so:
//   - the built-in server's addresses are fixed ones (ws://127.0.0.1:8080/…),
//     not the shared test server's, whose port changes every run; nothing in
//     these tests connects;
//   - log lines come from events fed to the page's event handler with fixed
//     times: the pages stamp every log line with the event's time (or, for
//     lines of their own, time.Now), and the app has no clock to set;
//   - the window has a fixed size and the theme a fixed variant.

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/sampleserver"
	"github.com/wssample/wssample/wsclient"
)

// updateGoldenEnv, set to 1, makes TestGolden write its masters instead of
// comparing with them.
const updateGoldenEnv = "WSSAMPLE_UPDATE_GOLDEN"

// goldenSize is the window size of every golden picture.
var goldenSize = fyne.NewSize(1000, 700)

// goldenBuiltIn is a built-in server as main describes it, at addresses
// that never change. The client certificate is the shared test server's:
// its names (all the page shows of it) are the same on every run.
func goldenBuiltIn() BuiltIn {
	b := BuiltInOf(server)
	b.EchoURL = "ws://127.0.0.1:8080/echo"
	b.SampleURL = "ws://127.0.0.1:8080/sample"
	b.PartialURL = "ws://127.0.0.1:8080/partial"
	b.SecureEchoURL = "wss://127.0.0.1:8443/echo"
	b.ClientAuthURL = "wss://127.0.0.1:8444/clientauth"
	return b
}

// variantTheme is the app's theme (Fyne's default theme: main sets no
// other) held to one variant, whatever variant the caller asks for. The
// test app's settings report no real variant, so without this the pictures
// would depend on Fyne's fallback.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

var goldenVariants = []struct {
	name    string
	variant fyne.ThemeVariant
}{
	{"light", theme.VariantLight},
	{"dark", theme.VariantDark},
}

// goldenStart is the time of the first event fed to a page.
var goldenStart = time.Date(2025, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

// events stamps evs a few milliseconds apart from goldenStart, as a real
// connection would deliver them.
func events(evs ...wsclient.Event) []wsclient.Event {
	for i := range evs {
		evs[i].Time = goldenStart.Add(time.Duration(i) * 37 * time.Millisecond)
	}
	return evs
}

// goldenCase is one picture: the scenario shown, and what was done to it
// after it was shown.
type goldenCase struct {
	name  string // file name without the variant and ".png"
	key   string // the scenario shown
	setup func(t *testing.T, h *harness)
}

var goldenCases = []goldenCase{
	// Each page as it opens: disconnected, the built-in address filled in,
	// the status bar hidden.
	{name: "utf8", key: "utf8"},
	{name: "stream", key: "stream"},
	{name: "clientauth", key: "clientauth"},
	{name: "partial", key: "partial"},

	// A typed address that is not a WebSocket address, submitted with
	// Enter: the red status bar, nothing logged, no network.
	{name: "stream-bad-address", key: "stream", setup: func(t *testing.T, h *harness) {
		h.typeAddress("http://127.0.0.1:8080/echo")
		h.p.address.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if msg, red := h.status(); msg == "" || !red {
			t.Fatalf("status %q (red %v), want a red URI error", msg, red)
		}
	}},

	// A session on each page, as the page's event handler receives it.
	{name: "utf8-session", key: "utf8", setup: func(t *testing.T, h *harness) {
		pageOf[*utf8Page](h, "utf8").handle(events(
			wsclient.Event{Kind: wsclient.EventConnecting, URI: "ws://127.0.0.1:8080/sample"},
			wsclient.Event{Kind: wsclient.EventConnected},
			wsclient.Event{Kind: wsclient.EventMessage, Type: wsclient.TypeUtf8,
				Text: sampleserver.Announcement(goldenStart)},
			wsclient.Event{Kind: wsclient.EventMessage, Type: wsclient.TypeUtf8,
				Text: `You said: "Hello World"`},
		))
		h.wantStatus(connectedLine, false)
	}},
	{name: "stream-session", key: "stream", setup: func(t *testing.T, h *harness) {
		// Stopped before it connected: no counters or rates, which the
		// page polls on a clock of its own.
		h.typeAddress("ws://127.0.0.1:8081/echo")
		evs := events(
			wsclient.Event{Kind: wsclient.EventConnecting, URI: "ws://127.0.0.1:8081/echo"},
			wsclient.Event{Kind: wsclient.EventConnectFailed, Err: &wsclient.ConnectError{
				Kind: wsclient.KindCannotConnect, Detail: "connection refused by 127.0.0.1:8081"}},
		)
		h.p.handle(evs)
		h.wantStatus(evs[1].String(), true)
	}},
	{name: "clientauth-session", key: "clientauth", setup: func(t *testing.T, h *harness) {
		a := pageOf[*clientAuthPage](h, "clientauth")
		a.choice.SetSelected(noneChoice) // shows what "None" means
		evs := events(
			wsclient.Event{Kind: wsclient.EventConnecting, URI: "wss://127.0.0.1:8444/clientauth"},
			wsclient.Event{Kind: wsclient.EventConnectFailed, Err: &wsclient.ConnectError{
				Kind: wsclient.KindTLS, TLS: wsclient.TLSClientCertNeeded,
				Detail: "the server requires a client certificate and none was sent"}},
		)
		a.handle(evs)
		h.wantStatus(evs[1].String(), true)
	}},
	{name: "partial-session", key: "partial", setup: func(t *testing.T, h *harness) {
		pageOf[*partialPage](h, "partial").handle(events(
			wsclient.Event{Kind: wsclient.EventConnecting, URI: "ws://127.0.0.1:8080/partial"},
			wsclient.Event{Kind: wsclient.EventConnected},
			wsclient.Event{Kind: wsclient.EventFrame, Type: wsclient.TypeUtf8, Text: "Hello "},
			wsclient.Event{Kind: wsclient.EventFrame, Type: wsclient.TypeUtf8, Text: "World", Complete: true},
		))
		h.wantStatus(connectedLine, false)
	}},

	// Scenario 1's composer sending bytes typed as hex to /echo, with a
	// saved message: the multi-line input, the binary message sent and its
	// echo, each with its size and a line of hex.
	{name: "utf8-composer-hex", key: "utf8", setup: func(t *testing.T, h *harness) {
		u := pageOf[*utf8Page](h, "utf8")
		u.handle(events(
			wsclient.Event{Kind: wsclient.EventConnecting, URI: "ws://127.0.0.1:8080/echo"},
			wsclient.Event{Kind: wsclient.EventConnected},
		))
		const input = "48 65 6c 6c 6f 2c 20 57 65 62 53 6f 63 6b 65 74\n00 01 02 03 fe ff"
		u.composer.setFormat(present.FormatHex)
		u.text.SetText(input)
		u.saved.save("greeting")
		m, err := composeMessage(present.FormatHex, input)
		if err != nil {
			t.Fatal(err)
		}
		m.entry.Time = goldenStart.Add(100 * time.Millisecond)
		u.log.AppendEntries(m.entry)
		echo := events(wsclient.Event{Kind: wsclient.EventMessage, Type: wsclient.TypeBinary, Text: string(m.data)})[0]
		echo.Time = goldenStart.Add(102 * time.Millisecond)
		u.handle([]wsclient.Event{echo})
	}},

	// Scenario 2's hex dump open on the bytes received, a few rows of
	// them (fed to the view as the reader goroutine would).
	{name: "stream-hexdump", key: "stream", setup: func(t *testing.T, h *harness) {
		v := h.p.hex
		v.Begin([]byte(wsclient.DefaultPayload))
		for i := range 6 {
			v.Received().Write([]byte(wsclient.DefaultPayload))
			v.Received().Write([]byte{byte(i), 0x00, 0x7f, 0x80, 0xff})
		}
		v.Update(0)
		h.p.hexSection.Open(0)
	}},
}

func TestGolden(t *testing.T) {
	update := os.Getenv(updateGoldenEnv) == "1"
	for _, c := range goldenCases {
		for _, v := range goldenVariants {
			name := c.name + "-" + v.name + ".png"
			t.Run(name, func(t *testing.T) {
				img := renderGolden(t, c, v.variant)
				path := filepath.Join("testdata", "golden", name)
				if update {
					writePNG(t, path, img)
					t.Logf("wrote %s", path)
					return
				}
				assertGolden(t, path, img)
			})
		}
	}
}

// renderGolden opens the window in a fresh test app with the app's theme in
// variant, shows the case's page, sets it up and paints the window.
func renderGolden(t *testing.T, c goldenCase, variant fyne.ThemeVariant) image.Image {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(variantTheme{theme.DefaultTheme(), variant})
	h := newHarnessIn(t, a, Config{BuiltIn: goldenBuiltIn()})
	h.w.Resize(goldenSize)
	h.w.list.Select(scenarioIndex(c.key))
	if c.setup != nil {
		c.setup(t, h)
	}
	h.q.Drain() // whatever the page posted to the UI goroutine
	layoutAll(h.w.Content())
	img := h.w.Canvas().Capture()
	if got := img.Bounds().Size(); got != image.Pt(int(goldenSize.Width), int(goldenSize.Height)) {
		t.Fatalf("window painted at %v, want %v", got, goldenSize)
	}
	return img
}

// layoutAll lays out every visible container and widget under o at its
// size, top down. Before each frame the GLFW driver lays out again whatever
// changed its minimum size or visibility (the status bar appearing, a
// section opening); the test canvas paints without that pass, so a picture
// would show the layout from before the change.
func layoutAll(o fyne.CanvasObject) {
	if !o.Visible() {
		return
	}
	switch o := o.(type) {
	case *fyne.Container:
		if o.Layout != nil {
			o.Layout.Layout(o.Objects, o.Size())
		}
		for _, c := range o.Objects {
			layoutAll(c)
		}
	case fyne.Widget:
		r := test.WidgetRenderer(o)
		r.Layout(o.Size())
		for _, c := range r.Objects() {
			layoutAll(c)
		}
	}
}

// assertGolden compares img with the master at path pixel for pixel. It
// does what test.AssertImageMatches does (that is the convention: the
// failed picture under testdata/failed/), but says how many pixels differ
// and where instead of printing both images' bytes, megabytes of them.
func assertGolden(t *testing.T, path string, img image.Image) {
	t.Helper()
	failed := filepath.Join("testdata", "failed", filepath.Base(filepath.Dir(path)), filepath.Base(path))
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		writePNG(t, failed, img)
		t.Fatalf("no master %s; the picture rendered is in %s (%s=1 writes the masters)", path, failed, updateGoldenEnv)
	}
	if err != nil {
		t.Fatal(err)
	}
	masterImg, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	want, got := toNRGBA(masterImg), toNRGBA(img)
	if want.Rect != got.Rect {
		writePNG(t, failed, img)
		t.Fatalf("%s is %v, the window painted %v; the picture rendered is in %s", path, want.Rect.Size(), got.Rect.Size(), failed)
	}
	diff := image.NewNRGBA(got.Rect)
	n, box := 0, image.Rectangle{}
	for y := got.Rect.Min.Y; y < got.Rect.Max.Y; y++ {
		for x := got.Rect.Min.X; x < got.Rect.Max.X; x++ {
			i := got.PixOffset(x, y)
			if bytes.Equal(want.Pix[i:i+4], got.Pix[i:i+4]) {
				c := got.Pix[i : i+4]
				g := uint8((uint16(c[0]) + uint16(c[1]) + uint16(c[2])) / 6) // the picture, faint
				diff.Pix[i], diff.Pix[i+1], diff.Pix[i+2], diff.Pix[i+3] = g, g, g, 0xff
				continue
			}
			n++
			box = box.Union(image.Rect(x, y, x+1, y+1))
			diff.Pix[i], diff.Pix[i+1], diff.Pix[i+2], diff.Pix[i+3] = 0xff, 0, 0xff, 0xff
		}
	}
	if n == 0 {
		return
	}
	writePNG(t, failed, img)
	diffPath := failed[:len(failed)-len(".png")] + "-diff.png"
	writePNG(t, diffPath, diff)
	t.Errorf("%d pixels differ from %s, within %v.\nrendered: %s\ndiff:     %s\n"+
		"If the change is intended: %s=1 go test ./ui -run '^TestGolden$'", n, path, box, failed, diffPath, updateGoldenEnv)
}

func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok && n.Rect.Min == (image.Point{}) {
		return n
	}
	b := img.Bounds()
	n := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(n, n.Rect, img, b.Min, draw.Src)
	return n
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&b, img); err != nil {
		t.Fatal(fmt.Errorf("encode %s: %w", path, err))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
