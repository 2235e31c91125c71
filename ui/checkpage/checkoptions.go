package checkpage

import (
	"crypto/x509"
	"fmt"
	"slices"
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

// checkCategoriesKey remembers the categories chosen: absent for the
// quick run, checkFullRun for the full run (so that a category a later
// version adds is in it), else their keys separated by commas.
const checkCategoriesKey = "check.categories"

// checkFullRun is checkCategoriesKey's value for the full run.
const checkFullRun = "full"

// How long each run takes against the built-in server on a small
// machine, in words (make bench measures it): the quick run took 17 s
// in the app on a busy 2-core machine; the full run's 216
// permessage-deflate cases send a thousand messages each, a second or
// more a case there.
const (
	quickRunTime = "about 20 s"
	fullRunTime  = "several minutes"
)

// catLabel is a category's box: "6 UTF-8 handling (145)".
func catLabel(cat conformance.Category, n int) string {
	return cat.String() + " (" + strconv.Itoa(n) + ")"
}

// categoryBoxesHeight bounds the height of the categories' boxes: what
// the window's default size has room for below the button.
const categoryBoxesHeight = 400

// categoryPicker is the choice of cases: the quick run or the full run,
// one click apart, and the categories button, which drops down one box
// per category and names a choice of its own on itself. The boxes follow
// the run chosen, and the run follows the boxes (neither when they are
// some other choice). UI goroutine only.
type categoryPicker struct {
	run    *widget.RadioGroup // quickLabel or fullLabel, "" for a choice of categories
	button *widget.Button
	group  *widget.CheckGroup
	cats   []conformance.Category
	prefs  fyne.Preferences
	popup  *widget.PopUp
	// quickLabel and fullLabel are the run's two choices, with their
	// counts and times.
	quickLabel, fullLabel string
	// syncing is set while one control sets the other, so that neither
	// takes it for the user's click.
	syncing bool
}

func newCategoryPicker(prefs fyne.Preferences) *categoryPicker {
	c := &categoryPicker{cats: conformance.Categories(), prefs: prefs}
	count := map[string]int{}
	for _, cs := range conformance.Cases() {
		count[cs.Category.Key]++
	}
	var options []string
	var quickAB, allAB, own int
	for _, cat := range c.cats {
		options = append(options, catLabel(cat, count[cat.Key]))
		switch {
		case !cat.Autobahn():
			own += count[cat.Key]
		case !cat.Quick():
			allAB += count[cat.Key]
		default:
			quickAB += count[cat.Key]
			allAB += count[cat.Key]
		}
	}
	// "Quick run (247 + 29 own, about 20 s)": short, as the two sit
	// side by side at the window's smallest.
	c.quickLabel = fmt.Sprintf("Quick run (%d + %d own, %s)", quickAB, own, quickRunTime)
	c.fullLabel = fmt.Sprintf("Full run (%d + %d own, %s)", allAB, own, fullRunTime)
	c.run = widget.NewRadioGroup([]string{c.quickLabel, c.fullLabel}, c.runChanged)
	c.run.Horizontal = true
	c.group = widget.NewCheckGroup(options, c.groupChanged)
	c.button = widget.NewButtonWithIcon("", theme.MenuDropDownIcon(), c.open)
	c.button.IconPlacement = widget.ButtonIconTrailingText

	var sel []string
	switch s := prefs.String(checkCategoriesKey); s {
	case "":
		sel = c.labels(c.quickKeys())
	case checkFullRun:
		sel = options
		c.run.Selected = c.fullLabel // before set, which keeps it if the runs are one
	default:
		sel = c.labels(strings.Split(s, ","))
		if len(sel) == 0 { // the remembered keys are all gone
			sel = c.labels(c.quickKeys())
		}
	}
	c.set(sel)
	return c
}

// quickKeys are the keys of the quick run's categories (all but
// Autobahn's 9, 12 and 13: conformance.Category.Quick).
func (c *categoryPicker) quickKeys() []string {
	var keys []string
	for _, cat := range c.cats {
		if cat.Quick() {
			keys = append(keys, cat.Key)
		}
	}
	return keys
}

// labels are the boxes of the categories with these keys, in their order.
func (c *categoryPicker) labels(keys []string) []string {
	var sel []string
	for i, cat := range c.cats {
		if slices.Contains(keys, cat.Key) {
			sel = append(sel, c.group.Options[i])
		}
	}
	return sel
}

// Choose selects the categories with these keys ("6", "H"), as clicks on
// their boxes would; none means the full run.
func (c *categoryPicker) Choose(keys ...string) {
	if len(keys) == 0 {
		c.group.SetSelected(c.group.Options) // calls groupChanged
		return
	}
	c.group.SetSelected(c.labels(keys))
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
		if slices.Contains(c.group.Selected, c.group.Options[i]) {
			keys = append(keys, cat.Key)
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
		note := widget.NewLabel("The quick run leaves out 9, 12 and 13.")
		// With Autobahn's 15 categories and the app's own the boxes are
		// taller than the window at its smallest: they scroll.
		boxes := container.NewVScroll(c.group)
		boxes.SetMinSize(fyne.NewSize(c.group.MinSize().Width, min(c.group.MinSize().Height, categoryBoxesHeight)))
		c.popup = widget.NewPopUp(container.NewBorder(container.NewVBox(note, widget.NewSeparator()), nil, nil, nil, boxes), cv)
	}
	c.popup.ShowAtRelativePosition(fyne.NewPos(0, c.button.Size().Height), c.button)
}

// runChanged is a click on the quick or the full run: the boxes follow.
func (c *categoryPicker) runChanged(choice string) {
	switch {
	case c.syncing:
	case choice == c.quickLabel:
		c.group.SetSelected(c.labels(c.quickKeys()))
	case choice == c.fullLabel:
		c.group.SetSelected(c.group.Options)
	}
}

func (c *categoryPicker) groupChanged([]string) {
	if c.syncing {
		return
	}
	c.set(c.group.Selected)
	keys := c.keys()
	want := strings.Join(keys, ",")
	switch {
	case len(keys) == 0: // not worth remembering: Run refuses it
		return
	case c.run.Selected == c.quickLabel:
		want = ""
	case c.run.Selected == c.fullLabel:
		want = checkFullRun
	}
	if c.prefs.String(checkCategoriesKey) != want {
		if want == "" {
			c.prefs.RemoveValue(checkCategoriesKey)
		} else {
			c.prefs.SetString(checkCategoriesKey, want)
		}
	}
}

// set shows sel in the boxes, the run they make, and the choice on the
// button.
func (c *categoryPicker) set(sel []string) {
	c.syncing = true
	defer func() { c.syncing = false }()
	if !slices.Equal(c.group.Selected, sel) {
		c.group.SetSelected(sel)
	}
	keys := c.keys()
	run, label := "", ""
	quick, full := slices.Equal(keys, c.quickKeys()), len(keys) == len(c.cats)
	switch {
	case quick && full && c.run.Selected != "":
		// No category is left out of the quick run (a version without
		// 9, 12 and 13): the two runs are one, and the click stands.
		run, label = c.run.Selected, "Categories"
	case quick:
		run, label = c.quickLabel, "Categories"
	case full:
		run, label = c.fullLabel, "Categories"
	case len(keys) == 0:
		label = "No category"
	case len(keys) == 1:
		label = "Category " + c.group.Selected[0]
	case len(keys) <= 4:
		label = "Categories " + strings.Join(keys, ", ")
	default:
		label = strconv.Itoa(len(keys)) + " categories"
	}
	if c.run.Selected != run {
		c.run.SetSelected(run)
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
