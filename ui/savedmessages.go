package ui

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/internal/present"
	"github.com/wssample/wssample/ui/kit"
)

// Limits of the saved messages: a short list of payloads a person uses
// again, not an archive. Preferences are one small file that Fyne writes
// whole at every change.
const (
	maxSavedMessages = 20
	maxSavedContent  = 64 << 10
	maxSavedName     = 60
)

// savedMessage is one named payload, as the preferences keep it.
type savedMessage struct {
	Name    string `json:"name"`
	Format  string `json:"format"` // formatKey: "text", "json", "hex", "base64", "file"
	Content string `json:"content"`
}

// formatKey is how the preferences name a format: its name in lower case,
// which never changes.
func formatKey(f present.PayloadFormat) string { return strings.ToLower(f.String()) }

// formatOfKey is the format named key, and whether there is one.
func formatOfKey(key string) (present.PayloadFormat, bool) {
	for _, f := range present.PayloadFormats {
		if formatKey(f) == key {
			return f, true
		}
	}
	return present.FormatText, false
}

// loadSavedMessages reads the list kept under key; a missing or damaged
// list is an empty one (a damaged one is replaced at the next save).
func loadSavedMessages(prefs fyne.Preferences, key string) []savedMessage {
	raw := prefs.String(key)
	if raw == "" {
		return nil
	}
	var list []savedMessage
	if json.Unmarshal([]byte(raw), &list) != nil {
		return nil
	}
	return slices.DeleteFunc(list, func(m savedMessage) bool {
		_, ok := formatOfKey(m.Format)
		return !ok || m.Name == ""
	})
}

// savedMessages is a composer's list of saved messages: pick one to load
// it, "Save…" to keep what the composer holds under a name, "Delete" to
// forget the one picked. The list lives in the preferences, so it is
// there at the next start. UI goroutine only.
type savedMessages struct {
	prefs  fyne.Preferences
	key    string
	list   []savedMessage
	window fyne.Window
	notify func(msg string, kind statusKind)
	// current is what the composer holds; load puts a message into it.
	current func() (present.PayloadFormat, string)
	load    func(present.PayloadFormat, string)

	pick      *widget.Select
	saveBtn   *widget.Button
	deleteBtn *widget.Button
	content   fyne.CanvasObject
}

func newSavedMessages(env pageEnv, key string, current func() (present.PayloadFormat, string), load func(present.PayloadFormat, string)) *savedMessages {
	s := &savedMessages{prefs: env.prefs, key: key, window: env.window, notify: env.notify, current: current, load: load}
	s.list = loadSavedMessages(s.prefs, key)
	s.pick = widget.NewSelect(nil, s.picked)
	s.pick.PlaceHolder = "(none saved)"
	s.saveBtn = widget.NewButtonWithIcon("Save…", theme.DocumentSaveIcon(), s.askName)
	s.deleteBtn = widget.NewButtonWithIcon("Delete", theme.DeleteIcon(), s.deletePicked)
	s.showList()
	s.content = container.NewBorder(nil, nil, widget.NewLabel("Saved:"), container.NewHBox(s.saveBtn, s.deleteBtn), s.pick)
	return s
}

// names are the saved messages' names, in the order saved.
func (s *savedMessages) names() []string {
	out := make([]string, len(s.list))
	for i, m := range s.list {
		out[i] = m.Name
	}
	return out
}

// showList puts the names into the picker; Delete needs a pick.
func (s *savedMessages) showList() {
	s.pick.SetOptions(s.names())
	if len(s.list) > 0 {
		s.pick.PlaceHolder = "(pick one to load it)"
	} else {
		s.pick.PlaceHolder = "(none saved)"
	}
	s.pick.Refresh()
	kit.SetEnabled(s.deleteBtn, s.pick.Selected != "")
}

// picked loads the message named name into the composer.
func (s *savedMessages) picked(name string) {
	kit.SetEnabled(s.deleteBtn, name != "")
	i := s.index(name)
	if i < 0 {
		return
	}
	f, _ := formatOfKey(s.list[i].Format)
	s.load(f, s.list[i].Content)
}

func (s *savedMessages) index(name string) int {
	return slices.IndexFunc(s.list, func(m savedMessage) bool { return m.Name == name })
}

// askName asks for a name and saves the composer's message under it.
func (s *savedMessages) askName() {
	f, content := s.current()
	name := widget.NewEntry()
	name.SetText(suggestName(f, content))
	name.Validator = func(t string) error {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("a name, please")
		}
		return nil
	}
	form := dialog.NewForm("Save the message", "Save", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Name", name)},
		func(ok bool) {
			if ok {
				s.save(name.Text)
			}
		}, s.window)
	name.OnSubmitted = func(string) { form.Submit() } // Enter saves, as the button does
	form.Resize(fyne.NewSize(420, form.MinSize().Height))
	form.Show()
	s.window.Canvas().Focus(name)
}

// save keeps the composer's message under name, replacing one of the
// same name. It refuses (and says why) an empty name, a content too long
// to keep, and a full list.
func (s *savedMessages) save(name string) bool {
	name = strings.TrimSpace(name)
	f, content := s.current()
	switch {
	case name == "":
		s.notify("A saved message needs a name.", errorMessage)
		return false
	case len(content) > maxSavedContent:
		s.notify(fmt.Sprintf("This message is too long to save: %s bytes; a saved message can have at most %s (save a File message with its path instead).",
			present.GroupDigits(int64(len(content))), present.BinarySize(maxSavedContent)), errorMessage)
		return false
	}
	name = present.CutUTF8(name, maxSavedName)
	m := savedMessage{Name: name, Format: formatKey(f), Content: content}
	verb := "Saved"
	if i := s.index(name); i >= 0 {
		s.list[i], verb = m, "Replaced"
	} else if len(s.list) >= maxSavedMessages {
		s.notify(fmt.Sprintf("There are %d saved messages already, the most this list keeps; delete one first.", maxSavedMessages), errorMessage)
		return false
	} else {
		s.list = append(s.list, m)
	}
	s.store()
	s.pick.Selected = name // no OnChanged: the composer holds it already
	s.showList()
	s.notify(fmt.Sprintf("%s %q (%s).", verb, name, f), statusMessage)
	return true
}

// deletePicked forgets the message picked.
func (s *savedMessages) deletePicked() {
	i := s.index(s.pick.Selected)
	if i < 0 {
		return
	}
	name := s.list[i].Name
	s.list = slices.Delete(s.list, i, i+1)
	s.store()
	s.pick.ClearSelected()
	s.showList()
	s.notify(fmt.Sprintf("Deleted %q.", name), statusMessage)
}

// store writes the list to the preferences.
func (s *savedMessages) store() {
	if len(s.list) == 0 {
		s.prefs.RemoveValue(s.key)
		return
	}
	b, err := json.Marshal(s.list)
	if err != nil { // cannot happen: strings only
		s.notify("The saved messages could not be stored: "+err.Error(), errorMessage)
		return
	}
	s.prefs.SetString(s.key, string(b))
}

// suggestName is the name the Save dialog proposes: the start of the
// content on one line, or the format's name.
func suggestName(f present.PayloadFormat, content string) string {
	line := strings.Join(strings.Fields(content), " ")
	if line == "" {
		return f.String() + " message"
	}
	if len(line) > 32 {
		line = present.CutUTF8(line, 32) + "…"
	}
	return line
}
