package assets

import (
	"bytes"
	"image/png"
	"testing"
)

// TestIcon checks the embedded icon is a square PNG big enough for the
// desktop file and the window manager (fyne package wants ≥ 256; we ship 1024).
func TestIcon(t *testing.T) {
	if Icon.Name() != "icon.png" {
		t.Errorf("Icon.Name() = %q, want icon.png", Icon.Name())
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(Icon.Content()))
	if err != nil {
		t.Fatalf("decode embedded icon: %v", err)
	}
	if cfg.Width != cfg.Height || cfg.Width < 512 {
		t.Errorf("icon is %d×%d, want a square of at least 512", cfg.Width, cfg.Height)
	}
}
