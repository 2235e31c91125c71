package ui

import (
	"testing"

	"github.com/wssample/wssample/internal/docmap"
)

// The map in doc.go names every file of ui, its sub-packages and
// internal/present, and only files that exist: a file added without its
// line, or removed with its line left, fails here rather than drifting.
// Every package under ui, and internal/present, has a section.
func TestDocMap(t *testing.T) {
	docmap.Check(t, "doc.go", "ui", "internal/present")
}
