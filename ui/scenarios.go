package ui

import "fyne.io/fyne/v2"

// scenario is one row of the scenario table: everything the window knows
// of a page before it is built. The list and its numbers, the Scenarios
// menu and its shortcuts, whose page may use the status bar, and the
// scenario remembered between runs all follow from the table, so adding a
// page is a row here and the page's own file.
type scenario struct {
	// key names the scenario for good: it is what the preferences
	// remember, so never change or reuse one.
	key string
	// title is the scenario's name, as the list shows it after "N) " and
	// the page as its heading (pageEnv.title).
	title string
	// shortcut with Ctrl (Cmd on macOS) shows the scenario; "" for none.
	shortcut fyne.KeyName
	// build makes the page, once, when the window opens.
	build func(env pageEnv) page
}

// scenarios are the sample's scenarios, in the order the list shows them.
var scenarios = []scenario{
	{key: "utf8", title: "UTF-8 text messages", shortcut: fyne.Key1, build: newUTF8Page},
	{key: "stream", title: "Binary data stream", shortcut: fyne.Key2, build: newStreamPage},
	{key: "clientauth", title: "Client authentication", shortcut: fyne.Key3, build: newClientAuthPage},
	{key: "partial", title: "Partial and complete messages", shortcut: fyne.Key4, build: newPartialPage},
	{key: "check", title: "Check a server", shortcut: fyne.Key5, build: newCheckPage},
	{key: "clientcheck", title: "Check a client", shortcut: fyne.Key6, build: newClientCheckPage},
}

// startScenario is shown at the first start, and whenever -uri names an
// address (the stream page's); later starts show the scenario last used.
const startScenario = "stream"

// Preference keys of the remembered scenario. Versions before the
// scenario table remembered the list position (an int under
// prefLegacyScenario), in the order of legacyScenarioOrder; it is read
// once, and replaced by the key at the next quit.
const (
	prefScenario       = "window.scenarioKey"
	prefLegacyScenario = "window.scenario"
)

var legacyScenarioOrder = []string{"utf8", "stream", "clientauth", "partial"}

// rememberedScenario is the key of the scenario used last, "" if none is
// remembered.
func rememberedScenario(prefs fyne.Preferences) string {
	if k := prefs.String(prefScenario); k != "" {
		return k
	}
	if i := prefs.IntWithFallback(prefLegacyScenario, -1); i >= 0 && i < len(legacyScenarioOrder) {
		return legacyScenarioOrder[i]
	}
	return ""
}

// rememberScenario keeps key for the next run, writing only what changed
// (see rememberWindow), and retires the position an older version kept.
func rememberScenario(prefs fyne.Preferences, key string) {
	legacy := prefs.IntWithFallback(prefLegacyScenario, -1) >= 0
	if prefs.String(prefScenario) != key && (legacy || rememberedOr(prefs, startScenario) != key) {
		prefs.SetString(prefScenario, key)
	}
	if legacy {
		prefs.RemoveValue(prefLegacyScenario)
	}
}

// rememberedOr is rememberedScenario, or fallback when none is remembered.
func rememberedOr(prefs fyne.Preferences, fallback string) string {
	if k := rememberedScenario(prefs); k != "" {
		return k
	}
	return fallback
}
