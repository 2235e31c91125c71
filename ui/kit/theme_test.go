package kit

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"

	"github.com/wssample/wssample/assets"
)

// Every character the app's words use has a glyph in the fonts the app
// brings (Fyne's Noto Sans and emoji font, and assets.Symbols), so no
// platform depends on its own fonts for them: Wine's prefix has none, and
// Fyne then draws "�". The words are the string literals of the module's
// non-test Go files (a literal converted to []byte, or one spelled in \x
// byte escapes, is a payload, not words) and README.md, which Help shows.
// A new symbol that fails here goes into scripts/symbols-font.sh's blocks.
func TestFontsCoverTheWords(t *testing.T) {
	faces := []*font.Face{parseFont(t, theme.DefaultTextFont()), parseFont(t, assets.Symbols), parseFont(t, theme.DefaultEmojiFont())}
	root := filepath.Join("..", "..")
	where := map[rune][]string{}
	add := func(s, at string) {
		for _, r := range s {
			if r > 0x7e {
				where[r] = append(where[r], at)
			}
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	add(string(readme), "README.md")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		payload := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr: // []byte("…")
				if at, ok := n.Fun.(*ast.ArrayType); ok && at.Len == nil && len(n.Args) == 1 {
					if id, ok := at.Elt.(*ast.Ident); ok && id.Name == "byte" {
						if bl, ok := n.Args[0].(*ast.BasicLit); ok {
							payload[bl] = true
						}
					}
				}
			case *ast.BasicLit:
				// A literal spelled in \x byte escapes is bytes (a test
				// vector, a frame), not words a person reads.
				if n.Kind == token.STRING && !payload[n] && !strings.Contains(n.Value, `\x`) {
					if s, err := strconv.Unquote(n.Value); err == nil {
						rel, _ := filepath.Rel(root, fset.Position(n.Pos()).String())
						add(s, rel)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(where) == 0 {
		t.Fatal("found no characters beyond ASCII: the walk looked in the wrong place")
	}
	var missing []rune
	for r := range where {
		covered := false
		for _, f := range faces {
			if _, ok := f.NominalGlyph(r); ok {
				covered = true
				break
			}
		}
		if !covered {
			missing = append(missing, r)
		}
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i] < missing[j] })
	for _, r := range missing {
		t.Errorf("%q (U+%04X) has no glyph in the app's fonts; used in %s", r, r, strings.Join(where[r], ", "))
	}
}

// The symbols font changes no other text: Latin text, spaces alone and
// a line's height measure the same with it in front as with Fyne's theme.
// It has Noto Sans's line metrics and space widths for that
// (scripts/symbols-font.sh); the symbols themselves come from it.
func TestSymbolsChangeNothingElse(t *testing.T) {
	a := test.NewTempApp(t)
	measure := func(th fyne.Theme, s string, style fyne.TextStyle) fyne.Size {
		a.Settings().SetTheme(th)
		return fyne.MeasureText(s, theme.TextSize(), style)
	}
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}} {
		for _, s := range []string{"Hello World", "   Bytes received:", "   ", " ", "a\tb", "payload (optional, 125 bytes)"} {
			plain, with := measure(theme.DefaultTheme(), s, style), measure(WithSymbols(theme.DefaultTheme()), s, style)
			if plain != with {
				t.Errorf("%q in %+v measures %v with the symbols font, %v without", s, style, with, plain)
			}
		}
	}
	if WithSymbols(WithSymbols(theme.DefaultTheme())) != WithSymbols(theme.DefaultTheme()) {
		t.Error("WithSymbols wraps a theme twice")
	}
	if got := WithSymbols(theme.DefaultTheme()).Font(fyne.TextStyle{Monospace: true}); got != theme.DefaultTextMonospaceFont() {
		t.Errorf("monospace font is %s, want Fyne's", got.Name())
	}
}

func parseFont(t *testing.T, r fyne.Resource) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(r.Content()))
	if err != nil {
		t.Fatalf("%s: %v", r.Name(), err)
	}
	return f
}
