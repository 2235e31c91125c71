package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/wssample/wssample/ui/internal/uitest"
)

// Closing the window remembers its scenario at once, before Shutdown:
// Fyne's exit save runs on its own goroutine once the loop has stopped, and
// a change made within 100 ms after it is saved only later, too late for a
// process that is quitting (seen under Wine, where Alt+F4 lost the
// scenario about every other time). TestSmokeWindows checks the file a
// real quit leaves in %APPDATA%.
func TestClosingTheWindowRemembersTheScenario(t *testing.T) {
	a := test.NewTempApp(t)
	// Not the harness: it closes the window at cleanup, and Fyne's test
	// driver cannot close one twice.
	q := uitest.NewQueue()
	w := NewMainWindow(a, Config{BuiltIn: BuiltInOf(server), Do: q.Do})
	t.Cleanup(w.Shutdown)
	w.list.Select(scenarioIndex("utf8"))
	if got := a.Preferences().String(prefScenario); got != "" {
		t.Fatalf("%s = %q before the quit, want it written only at quit", prefScenario, got)
	}
	w.Close()
	if got := a.Preferences().String(prefScenario); got != "utf8" {
		t.Fatalf("after closing the window %s = %q, want utf8", prefScenario, got)
	}
}
