package ui

import (
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
)

// initialAddress is the address a page starts with: the one given on the
// command line (-uri) wins, then the one the user last started with, then
// the built-in server's.
func initialAddress(flag string, prefs fyne.Preferences, key, builtIn string) string {
	if flag = strings.TrimSpace(flag); flag != "" {
		return flag
	}
	if prefs != nil {
		if s := prefs.String(key); s != "" {
			return s
		}
	}
	return builtIn
}

// rememberAddress stores addr under key for the next run, unless addr points
// at the built-in server: that server listens on a new port every run, so a
// remembered address of it would be stale next time. Forgetting instead
// lets the page fall back to the built-in address of the new run.
func rememberAddress(prefs fyne.Preferences, key, addr string, b BuiltIn) {
	if prefs == nil {
		return
	}
	addr = strings.TrimSpace(addr)
	if addr == "" || b.serves(addr) {
		if prefs.String(key) != "" { // each change rewrites the file: only when needed
			prefs.RemoveValue(key)
		}
		return
	}
	if prefs.String(key) != addr {
		prefs.SetString(key, addr)
	}
}

// serves reports whether addr is on the built-in server (same host and
// port as one of its addresses).
func (b BuiltIn) serves(addr string) bool {
	u, err := url.Parse(addr)
	if err != nil || u.Host == "" {
		return false
	}
	for _, s := range []string{b.EchoURL, b.SampleURL, b.PartialURL, b.SecureEchoURL, b.ClientAuthURL} {
		if s == "" {
			continue
		}
		if v, err := url.Parse(s); err == nil && strings.EqualFold(v.Host, u.Host) {
			return true
		}
	}
	return false
}
