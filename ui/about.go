package ui

import (
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// versions are what the About dialog reports: the app's own version (from
// FyneApp.toml, which `fyne package` compiles in and a development build
// reads at start) and the versions of the libraries this binary was built
// with, read from the build information Go embeds in every binary.
type versions struct {
	App, Build, Fyne, WebSocket, Go string
}

func readVersions(meta fyne.AppMetadata) versions {
	info, _ := debug.ReadBuildInfo()
	return versionsFrom(meta, info)
}

// versionsFrom picks the versions out of the app metadata and the build
// information (nil when there is none).
func versionsFrom(meta fyne.AppMetadata, info *debug.BuildInfo) versions {
	v := versions{App: meta.Version, Go: runtime.Version(), Fyne: "unknown", WebSocket: "unknown"}
	if v.App == "" {
		v.App = "development build"
	}
	if meta.Build > 0 {
		v.Build = "build " + strconv.Itoa(meta.Build)
	}
	if info != nil {
		for _, dep := range info.Deps {
			switch dep.Path {
			case "fyne.io/fyne/v2":
				v.Fyne = dep.Version
			case "github.com/coder/websocket":
				v.WebSocket = dep.Version
			}
		}
	}
	return v
}

// aboutContent is the body of the About dialog.
func aboutContent(v versions, openReadme func()) fyne.CanvasObject {
	title := widget.NewLabelWithStyle("WebSocket Sample", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	text := widget.NewLabel("A Go + Fyne replica of Microsoft's Windows \"WebSocket sample\",\nwith its server built in.")
	app := v.App
	if v.Build != "" {
		app += " (" + v.Build + ")"
	}
	form := widget.NewForm(
		widget.NewFormItem("Version", widget.NewLabel(app)),
		widget.NewFormItem("Fyne", widget.NewLabel(v.Fyne)),
		widget.NewFormItem("WebSocket library", widget.NewLabel("github.com/coder/websocket "+v.WebSocket)),
		widget.NewFormItem("Go", widget.NewLabel(v.Go)),
	)
	box := container.NewVBox(title, text, form)
	if openReadme != nil {
		box.Add(widget.NewButton("Read me…", openReadme))
	}
	return box
}

// showAbout shows the versions and a button to the README.
func (w *MainWindow) showAbout() {
	var openReadme func()
	if w.readme != "" {
		openReadme = w.showReadme
	}
	a := fyne.CurrentApp()
	dialog.NewCustom("About WebSocket Sample", "Close", aboutContent(readVersions(a.Metadata()), openReadme), w.Window).Show()
}

// showReadme opens the README, which is compiled into the app so it is
// there offline, in a window of its own.
func (w *MainWindow) showReadme() {
	win := fyne.CurrentApp().NewWindow("WebSocket Sample — Read me")
	doc := widget.NewRichTextFromMarkdown(withoutImages(w.readme))
	doc.Wrapping = fyne.TextWrapWord
	win.SetContent(container.NewVScroll(doc))
	win.Resize(fyne.NewSize(820, 640))
	win.Show()
}

// withoutImages drops Markdown image lines: the README's screenshots are
// files beside it in the repository, not in the app.
func withoutImages(md string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(md, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "![") {
			b.WriteString(line)
		}
	}
	return b.String()
}
