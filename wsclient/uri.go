package wsclient

import (
	"net/url"
	"strings"
)

// URIProblem says what is wrong with an address the user typed.
type URIProblem int

// The problems ParseURI reports, each with the sample's own words.
const (
	URIEmpty     URIProblem = iota + 1 // nothing was typed
	URIInvalid                         // not an absolute URI with a host
	URIBadScheme                       // a scheme other than ws or wss
	URIFragment                        // a #fragment, which WebSocket URIs may not carry
)

// URIError is returned by ParseURI. Its Error text is the message to show.
type URIError struct {
	Input   string
	Problem URIProblem
}

// ParseURI checks an address as the sample's TryGetUri does: surrounding
// spaces are trimmed; the result must be an absolute URI with a host, its
// scheme ws or wss in any case (returned lower-cased), and without a
// fragment. Query strings, user info and ports are allowed.
func ParseURI(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, &URIError{Input: s, Problem: URIEmpty}
	}
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() || u.Opaque != "" {
		return nil, &URIError{Input: s, Problem: URIInvalid}
	}
	// The sample's order: fragment first, then scheme, then host.
	// A bare "#" leaves Fragment empty but is still a fragment.
	if u.Fragment != "" || strings.Contains(s, "#") {
		return nil, &URIError{Input: s, Problem: URIFragment}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "ws" && u.Scheme != "wss" {
		return nil, &URIError{Input: s, Problem: URIBadScheme}
	}
	if u.Hostname() == "" {
		return nil, &URIError{Input: s, Problem: URIInvalid}
	}
	if _, err := url.Parse(u.String()); err != nil {
		return nil, &URIError{Input: s, Problem: URIInvalid}
	}
	return u, nil
}
