package main

import (
	"testing"

	"github.com/wssample/wssample/internal/docmap"
)

// The map in doc.go names every file of the package, and only files that
// exist.
func TestDocMap(t *testing.T) {
	docmap.Check(t, "doc.go")
}
