package wsclient

import (
	"testing"

	"github.com/wssample/wssample/internal/docmap"
)

// The map in doc.go names every file of wsclient and its sub-package, and
// only files that exist; every package under wsclient has a section.
func TestDocMap(t *testing.T) {
	docmap.Check(t, "doc.go", "wsclient")
}
