package ui

import (
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
)

// A saved message survives a restart: saved in one window, it is in the
// list of the next window on the same preferences, and picking it loads
// its format and content into the composer.
func TestSavedMessageSurvivesRestart(t *testing.T) {
	a := test.NewTempApp(t)
	first := newHarnessIn(t, a, Config{})
	u := showPage[*utf8Page](first, "utf8")
	u.composer.setFormat(present.FormatHex)
	u.text.SetText("de ad be ef")
	if !u.saved.save("magic") {
		t.Fatal("save refused")
	}
	first.wantStatus(`Saved "magic" (Hex).`, false)
	u.composer.setFormat(present.FormatJSON)
	u.text.SetText(`{"hello": "world"}`)
	u.saved.save("greeting")
	first.w.Shutdown() // the app quits; its window closes at the test's end

	second := newHarnessIn(t, a, Config{})
	v := showPage[*utf8Page](second, "utf8")
	if got := v.saved.pick.Options; strings.Join(got, ",") != "magic,greeting" {
		t.Fatalf("saved messages after the restart: %q", got)
	}
	if v.format != present.FormatText || v.text.Text != "Hello World" {
		t.Fatalf("the composer starts with %s %q, want the sample's text", v.format, v.text.Text)
	}
	v.saved.pick.SetSelected("magic") // as a pick from the list does
	if v.format != present.FormatHex || v.formatPick.Selected != "Hex" || v.text.Text != "de ad be ef" {
		t.Fatalf("picked %q: composer has %s (%q) %q", "magic", v.format, v.formatPick.Selected, v.text.Text)
	}
	// Each page keeps its own list.
	if c := pageOf[*clientAuthPage](second, "clientauth"); len(c.saved.list) != 0 {
		t.Fatalf("scenario 3 has scenario 1's saved messages: %v", c.saved.names())
	}
	// Delete forgets it, for good.
	test.Tap(v.saved.deleteBtn)
	second.w.Shutdown()
	third := newHarnessIn(t, a, Config{})
	if got := showPage[*utf8Page](third, "utf8").saved.names(); strings.Join(got, ",") != "greeting" {
		t.Fatalf("after Delete: %q", got)
	}
}

// Saving under a name in use replaces that message; the list and each
// content are bounded, and a refusal says why.
func TestSavedMessagesLimits(t *testing.T) {
	h := newHarness(t, Config{})
	u := showPage[*utf8Page](h, "utf8")
	u.text.SetText("one")
	u.saved.save("x")
	u.text.SetText("two")
	u.saved.save("x")
	h.wantStatus(`Replaced "x" (Text).`, false)
	if len(u.saved.list) != 1 || u.saved.list[0].Content != "two" {
		t.Fatalf("list %+v", u.saved.list)
	}
	if u.saved.save("  ") {
		t.Fatal("saved without a name")
	}
	u.text.SetText(strings.Repeat("a", maxSavedContent+1))
	if u.saved.save("long") {
		t.Fatal("saved a content over the limit")
	}
	if msg, red := h.status(); !red || !strings.Contains(msg, "too long to save") {
		t.Fatalf("status %q", msg)
	}
	u.text.SetText("short")
	for i := len(u.saved.list); i < maxSavedMessages; i++ {
		if !u.saved.save("m" + strconv.Itoa(i)) {
			t.Fatalf("save %d refused", i)
		}
	}
	if u.saved.save("one too many") {
		t.Fatal("the list grew past its limit")
	}
	if msg, _ := h.status(); !strings.Contains(msg, "delete one first") {
		t.Fatalf("status %q", msg)
	}
}

// A damaged list in the preferences is an empty list, not a crash.
func TestSavedMessagesDamagedPreference(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString("utf8.saved", `[{"name":"ok","format":"hex","content":"00"},{"name":"bad","format":"morse"}]`)
	a.Preferences().SetString("clientauth.saved", `not json`)
	h := newHarnessIn(t, a, Config{})
	if got := pageOf[*utf8Page](h, "utf8").saved.names(); strings.Join(got, ",") != "ok" {
		t.Fatalf("utf8: %q", got)
	}
	if got := pageOf[*clientAuthPage](h, "clientauth").saved.names(); len(got) != 0 {
		t.Fatalf("clientauth: %q", got)
	}
}

// Save… asks for a name in a dialog, proposing the start of the content;
// Enter there saves, as the Save button does.
func TestSavedMessageSaveDialog(t *testing.T) {
	h := newHarness(t, Config{})
	u := showPage[*utf8Page](h, "utf8")
	u.text.SetText("Hello World")
	test.Tap(u.saved.saveBtn)
	name := entryIn(h.w.Canvas().Overlays().Top())
	if name == nil {
		t.Fatal("Save… shows no name field")
	}
	if name.Text != "Hello World" {
		t.Fatalf("the dialog proposes %q", name.Text)
	}
	name.SetText("greeting")
	name.TypedKey(enterKey)
	if got := u.saved.names(); strings.Join(got, ",") != "greeting" || h.w.Canvas().Overlays().Top() != nil {
		t.Fatalf("after Enter in the dialog: saved %q, dialog still open: %v", got, h.w.Canvas().Overlays().Top() != nil)
	}
}

// entryIn is the first Entry in o's tree, nil if none.
func entryIn(o fyne.CanvasObject) *widget.Entry {
	switch v := o.(type) {
	case *widget.Entry:
		return v
	case *fyne.Container:
		for _, c := range v.Objects {
			if e := entryIn(c); e != nil {
				return e
			}
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			if e := entryIn(c); e != nil {
				return e
			}
		}
	}
	return nil
}
