package realwindow

import (
	"strings"
	"testing"
)

func TestDropShutdownPrefsRace(t *testing.T) {
	before := "2026/01/01 Fyne error:  Preferences load error:\n2026/01/01   Cause: EOF\n2026/01/01   At: x.go:1\n"
	race := "t Fyne error:  Preferences load error:\nt   Cause: EOF\nt   At: /fyne/app/preferences.go:103\n"
	other := "t Fyne error:  Preferences load error:\nt   Cause: invalid character\nt   At: y.go:2\n"
	cutShort := "t Fyne error:  Preferences load error:\n" // the process exited mid-report
	for _, tc := range []struct {
		name, after, wantKept, wantDropped string
	}{
		{"whole report, then another error", race + other, other, race},
		{"report cut short at the end", "ok\n" + cutShort, "ok\n", cutShort},
		{"report cut after its cause", "ok\n" + race[:strings.Index(race, "t   At")], "ok\n", race[:strings.Index(race, "t   At")]},
		{"first line alone, not at the end", cutShort + "ok\n", cutShort + "ok\n", ""},
		{"another cause at the end", other, other, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept, dropped := dropShutdownPrefsRace(before+tc.after, len(before))
			if dropped != tc.wantDropped {
				t.Errorf("dropped %q, want %q", dropped, tc.wantDropped)
			}
			if want := before + tc.wantKept; kept != want {
				t.Errorf("kept %q, want %q", kept, want)
			}
		})
	}
}
