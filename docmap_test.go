package main

import (
	"testing"

	"github.com/wssample/wssample/internal/docmap"
)

// The map in main.go's package comment names every file of the root
// package, and only files that exist.
func TestDocMap(t *testing.T) {
	docmap.Check(t, "main.go")
}
