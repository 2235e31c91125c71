package checkpage

import (
	"crypto/x509"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/wssample/wssample/conformance"
	"github.com/wssample/wssample/internal/present"
)

// What goes into a check besides the address: the categories to run and
// the connection options.

// checkCategoriesKey remembers the categories chosen, as their keys
// separated by commas; absent means all.
const checkCategoriesKey = "check.categories"

// catLabel is a category's box: "6 UTF-8 handling (145)".
func catLabel(cat conformance.Category, n int) string {
	return cat.String() + " (" + strconv.Itoa(n) + ")"
}

// categoryPicker is the categories button: it drops down "All
// categories" and one box per category, and names the choice on itself.
// UI goroutine only.
type categoryPicker struct {
	button *widget.Button
	all    *widget.Check
	group  *widget.CheckGroup
	cats   []conformance.Category
	prefs  fyne.Preferences
	popup  *widget.PopUp
	// syncing is set while one box sets the other, so that neither takes
	// it for the user's click.
	syncing bool
}

func newCategoryPicker(prefs fyne.Preferences) *categoryPicker {
	c := &categoryPicker{cats: conformance.Categories(), prefs: prefs}
	count := map[string]int{}
	for _, cs := range conformance.Cases() {
		count[cs.Category.Key]++
	}
	var options []string
	for _, cat := range c.cats {
		options = append(options, catLabel(cat, count[cat.Key]))
	}
	c.group = widget.NewCheckGroup(options, c.groupChanged)
	c.all = widget.NewCheck("All categories", c.allChanged)
	c.button = widget.NewButtonWithIcon("", theme.MenuDropDownIcon(), c.open)
	c.button.IconPlacement = widget.ButtonIconTrailingText

	keys := map[string]bool{}
	if s := prefs.String(checkCategoriesKey); s != "" {
		for k := range strings.SplitSeq(s, ",") {
			keys[k] = true
		}
	}
	var sel []string
	for i, cat := range c.cats {
		if len(keys) == 0 || keys[cat.Key] {
			sel = append(sel, options[i])
		}
	}
	if len(sel) == 0 { // the remembered keys are all gone
		sel = options
	}
	c.set(sel)
	return c
}

// Choose selects the categories with these keys ("6", "handshake"), as
// clicks on their boxes would; none means all.
func (c *categoryPicker) Choose(keys ...string) {
	var sel []string
	for i, cat := range c.cats {
		for _, k := range keys {
			if cat.Key == k {
				sel = append(sel, c.group.Options[i])
			}
		}
	}
	if len(keys) == 0 {
		sel = c.group.Options
	}
	c.group.SetSelected(sel) // calls groupChanged
}

// chosen is the filter for conformance.Run and the cases it keeps, in
// the order they run; no cases when no category is chosen.
func (c *categoryPicker) chosen() (func(conformance.Case) bool, []conformance.Case) {
	keys := c.keys()
	if len(keys) == 0 {
		return nil, nil
	}
	filter, err := conformance.CategoryFilter(strings.Join(keys, ","))
	if err != nil { // the keys come from conformance.Categories: a bug
		panic("ui: the checker refused its own category keys: " + err.Error())
	}
	var cases []conformance.Case
	for _, cs := range conformance.Cases() {
		if filter(cs) {
			cases = append(cases, cs)
		}
	}
	if len(keys) == len(c.cats) {
		filter = nil // every case, including any a later version adds to a category
	}
	return filter, cases
}

// keys are the chosen categories' keys, in the order they run.
func (c *categoryPicker) keys() []string {
	var keys []string
	for i, cat := range c.cats {
		for _, s := range c.group.Selected {
			if s == c.group.Options[i] {
				keys = append(keys, cat.Key)
			}
		}
	}
	return keys
}

// open drops the boxes down below the button; a click outside closes them.
func (c *categoryPicker) open() {
	cv := fyne.CurrentApp().Driver().CanvasForObject(c.button)
	if cv == nil {
		return
	}
	if c.popup == nil {
		c.popup = widget.NewPopUp(container.NewVBox(c.all, widget.NewSeparator(), c.group), cv)
	}
	c.popup.ShowAtRelativePosition(fyne.NewPos(0, c.button.Size().Height), c.button)
}

func (c *categoryPicker) allChanged(on bool) {
	if c.syncing {
		return
	}
	if on {
		c.group.SetSelected(c.group.Options)
	} else {
		c.group.SetSelected(nil)
	}
}

func (c *categoryPicker) groupChanged([]string) {
	if c.syncing {
		return
	}
	c.set(c.group.Selected)
	keys := c.keys()
	switch {
	case len(keys) == len(c.cats):
		if c.prefs.String(checkCategoriesKey) != "" {
			c.prefs.RemoveValue(checkCategoriesKey)
		}
	case len(keys) > 0: // none chosen is not worth remembering: Run refuses it
		if s := strings.Join(keys, ","); c.prefs.String(checkCategoriesKey) != s {
			c.prefs.SetString(checkCategoriesKey, s)
		}
	}
}

// set shows sel in the boxes and on the button.
func (c *categoryPicker) set(sel []string) {
	c.syncing = true
	defer func() { c.syncing = false }()
	if len(c.group.Selected) != len(sel) || strings.Join(c.group.Selected, "\n") != strings.Join(sel, "\n") {
		c.group.SetSelected(sel)
	}
	c.all.SetChecked(len(sel) == len(c.cats))
	keys := c.keys()
	label := ""
	switch {
	case len(keys) == len(c.cats):
		label = "All categories"
	case len(keys) == 0:
		label = "No category"
	case len(keys) == 1:
		label = "Category " + c.group.Selected[0]
	case len(keys) <= 4:
		label = "Categories " + strings.Join(keys, ", ")
	default:
		label = strconv.Itoa(len(keys)) + " categories"
	}
	c.button.SetText(label)
}

// checkOptions are the connection options of a check, in a dialog
// behind the Options… button: what the other pages' Advanced sections
// offer that applies to a checker (subprotocols and extra headers for
// every handshake) and the bound of each case.
type checkOptions struct {
	button    *widget.Button
	protocols *widget.Entry
	headers   *widget.Entry
	timeout   *widget.Entry
	window    fyne.Window
	dialog    dialog.Dialog // made at the first show
}

// fieldCaseTimeout names the case timeout in what a bad value says.
const fieldCaseTimeout = "Case timeout"

func newCheckOptions(win fyne.Window) *checkOptions {
	o := &checkOptions{window: win, protocols: widget.NewEntry(), headers: widget.NewMultiLineEntry(), timeout: widget.NewEntry()}
	o.protocols.SetPlaceHolder("none; e.g. chat, superchat")
	o.headers.SetPlaceHolder("none; one Name: value per line")
	o.headers.SetMinRowsVisible(3)
	o.timeout.SetText(present.FormatSeconds(conformance.DefaultCaseTimeout))
	o.button = widget.NewButtonWithIcon("Options…", theme.SettingsIcon(), o.show)
	return o
}

// show opens the dialog; the fields are read at Run.
func (o *checkOptions) show() {
	if o.window == nil {
		return
	}
	if o.dialog != nil {
		o.dialog.Show()
		return
	}
	note := widget.NewLabel("They apply to the opening handshake of every case (the handshake cases " +
		"then break it on purpose). For wss:// the system's certificate authorities are trusted, " +
		"and the built-in server's test authority too.")
	note.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(present.FieldSubprotocols, o.protocols),
		widget.NewFormItem(present.FieldHeaders, o.headers),
		widget.NewFormItem(fieldCaseTimeout+" (s)", o.timeout),
	)
	o.dialog = dialog.NewCustom("Connection options", "Close", container.NewVBox(form, note), o.window)
	o.dialog.Resize(fyne.NewSize(560, 0))
	o.dialog.Show()
}

// read turns the fields into conformance options, or says which field is
// wrong and why (present's parsers, the words of the stream page).
// ca, the built-in server's authority, is trusted along with the system's
// for wss://, as on the client authentication page; nil adds none.
func (o *checkOptions) read(ca *x509.Certificate) (conformance.Options, error) {
	var opts conformance.Options
	var err error
	if opts.Subprotocols, err = present.ParseSubprotocols(o.protocols.Text); err != nil {
		return opts, err
	}
	if opts.Header, err = present.ParseHeaders(o.headers.Text); err != nil {
		return opts, err
	}
	if opts.CaseTimeout, err = present.ParseSeconds(fieldCaseTimeout, o.timeout.Text, false); err != nil {
		return opts, err
	}
	if ca != nil {
		roots, err := x509.SystemCertPool()
		if err != nil { // no system roots here: the built-in CA alone
			roots = x509.NewCertPool()
		}
		roots.AddCert(ca)
		opts.RootCAs = roots
	}
	return opts, nil
}
