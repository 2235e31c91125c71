package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A mutant schema is every mutant of a package compiled into one test
// binary: each mutation site asks at run time whether one of its mutants
// is the active one (the number in the environment variable schemaEnv),
// and otherwise does what the code says. One compile per package instead
// of one per mutant, which on a loaded machine was most of a mutant's
// time.
//
// The rewrites need no type information, and each keeps the lines where
// they were, so that a compiler error's file, line and column lead back
// to the site it came from:
//
//	a < b   →  (func() bool { switch mutantSchemaActive { case 7: return a <= b; case 8: return a >= b }; return a < b }())
//	a + b   →  mutantSchemaAdd(9, a, b)       (generic over the number types; each operand evaluated once, in order)
//	x++     →  mutantSchemaInc(10, &x)        (a call is a simple statement: it fits a for loop's post statement)
//	-x      →  mutantSchemaNeg(11, x)
//
// A comparison's operands are written once for each branch, but only one
// branch runs, so each operand is still evaluated once. What cannot live
// in a schema (a constant expression, iota, a string +, a map element's
// ++, an untyped operand the generic call types differently) the compiler
// refuses: the schema is compiled with -gcflags=-e (every error), the
// sites the errors point at are left out, and it is compiled again, a few
// rounds at most. A comparison over several lines (its copies would move
// the lines after it) and one with a recover() in it (which in a closure
// recovers nothing) are left out from the start. The mutants left out are
// compiled alone (run.go), as every mutant was before the schema.
const schemaEnv = "WSSAMPLE_MUTANT"

// schemaRounds bounds the compile-drop-compile loop: the compiler
// reports every error at once (-e), so one round usually drops them all;
// another is needed only where an error hid behind one dropped.
const schemaRounds = 6

// schema is a package's compiled mutant schema: the test binaries (one
// for each package whose tests run against the mutants), and the mutants
// they hold, by their number (index+1 in the package's list).
type schema struct {
	bins map[string]string // by test package
	ids  map[int]bool
	// why says, for a mutant left out, why: "does not compile in the
	// schema", "its operands span lines", ...
	why map[int]string
	// notViable: the mutants that cannot compile at all (a string +
	// made -), known from the schema's compile.
	notViable map[int]bool
}

// holds says whether the mutant numbered id can be run from the schema.
func (s *schema) holds(id int) bool { return s != nil && s.ids[id] }

// site is one place of the source that one or more mutants change: an
// operator, with the expression or statement it belongs to.
type site struct {
	node       ast.Node // *ast.BinaryExpr, *ast.IncDecStmt or *ast.UnaryExpr
	start, end int      // the node's byte offsets in the file
	line, last int      // the lines it spans
	ids        []int    // its mutants' numbers
	muts       []Mutant // its mutants, in the same order
	// Where its rewrite is in the rewritten file: once, or once per
	// branch of each comparison around it.
	out [][2]int
}

// comparison says whether the site is a comparison (a closure in the
// schema).
func (st *site) comparison() bool {
	n, ok := st.node.(*ast.BinaryExpr)
	return ok && arithmeticHelper[n.Op] == ""
}

// buildSchema writes the schema of the package's mutants (mutants[i] is
// numbered i+1) into dir, compiles the package with it until it
// compiles, the mutants the compiler would not take left out with why,
// then the tests of each of testPkgs with it.
func buildSchema(ctx context.Context, root, pkg string, testPkgs []string, mutants []Mutant, dir string) (*schema, error) {
	s := &schema{bins: map[string]string{}, ids: map[int]bool{}, why: map[int]string{}, notViable: map[int]bool{}}
	byFile := map[string][]int{}
	for i, m := range mutants {
		byFile[m.File] = append(byFile[m.File], i+1)
		s.ids[i+1] = true
	}
	files := slices.Sorted(maps.Keys(byFile))
	pkgDir := filepath.Join(root, pkg)
	pkgName, err := packageName(pkgDir, files[0])
	if err != nil {
		return nil, err
	}
	work := filepath.Join(dir, "_schema")
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	// The generated file goes in through the overlay too, under a name
	// no file of the package has.
	helpers := filepath.Join(work, "zz_mutant_schema.go")
	if err := os.WriteFile(helpers, []byte(schemaHelpers(pkgName)), 0o644); err != nil {
		return nil, err
	}
	for round := 1; ; round++ {
		replace := map[string]string{filepath.Join(pkgDir, "zz_mutant_schema.go"): helpers}
		rewritten := map[string]*rewriter{} // by file, to map errors back
		for _, file := range files {
			src, err := os.ReadFile(filepath.Join(pkgDir, file))
			if err != nil {
				return nil, err
			}
			w, err := rewriteFile(src, mutants, byFile[file], s)
			if err != nil {
				return nil, fmt.Errorf("%s/%s: %v", pkg, file, err)
			}
			rewritten[file] = w
			path := filepath.Join(work, file)
			if err := os.WriteFile(path, w.out, 0o644); err != nil {
				return nil, err
			}
			replace[filepath.Join(pkgDir, file)] = path
		}
		overlay := filepath.Join(work, "overlay.json")
		ov, _ := json.Marshal(map[string]map[string]string{"Replace": replace})
		if err := os.WriteFile(overlay, ov, 0o644); err != nil {
			return nil, err
		}
		// The package alone first (its test files cannot see a site), with
		// every error (-e), not the first ten.
		build := exec.CommandContext(ctx, "go", "build", "-gcflags=-e", "-overlay", overlay, "./"+pkg)
		build.Dir = root
		out, err := build.CombinedOutput()
		if err == nil {
			for _, tp := range testPkgs {
				bin := filepath.Join(dir, "schema-"+binName(tp)+".test")
				build := exec.CommandContext(ctx, "go", "test", "-c", "-overlay", overlay, "-o", bin, "./"+tp)
				build.Dir = root
				if out, err := build.CombinedOutput(); err != nil {
					return nil, fmt.Errorf("compiling %s's tests with the schema of %s: %v\n%s", tp, pkg, err, tail(out, 20))
				}
				s.bins[tp] = bin
			}
			return s, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		dropped := 0
		for _, e := range compileErrors(out) {
			if w := rewritten[e.file]; w != nil {
				dropped += w.drop(e)
			}
		}
		if dropped == 0 || round == schemaRounds {
			return nil, fmt.Errorf("the mutant schema of %s does not compile (round %d):\n%s", pkg, round, tail(out, 20))
		}
	}
}

// compileError is one error of the compiler: where, and what.
type compileError struct {
	file      string // the file's name: "echo.go"
	line, col int
	msg       string
}

// compileErrors reads the compiler's errors ("sampleserver/echo.go:44:12:
// msg" or "./echo.go:44:12: msg").
func compileErrors(out []byte) []compileError {
	var errs []compileError
	re := regexp.MustCompile(`(?m)^(?:\S*/)?([^/\s:]+\.go):(\d+):(\d+): (.*)$`)
	for _, m := range re.FindAllSubmatch(out, -1) {
		line, _ := strconv.Atoi(string(m[2]))
		col, _ := strconv.Atoi(string(m[3]))
		errs = append(errs, compileError{file: string(m[1]), line: line, col: col, msg: string(m[4])})
	}
	return errs
}

// drop leaves out of the schema the mutants an error in this file blames,
// and returns how many. The error is blamed on the innermost site whose
// rewrite holds its place, but for a comparison: its closure repeats its
// operands as they were, so an error inside it comes from a site inside
// it, and those are dropped. An error no site holds drops every site on
// its line. (The string + the compiler reports as not a number is a
// mutant that cannot compile at all: a - of strings.)
func (w *rewriter) drop(e compileError) int {
	if e.line < 1 || e.line > len(w.lineStart) {
		return 0
	}
	at := w.lineStart[e.line-1] + e.col - 1
	blamed := -1
	var size int
	for i, st := range w.sites {
		for _, span := range st.out {
			if at >= span[0] && at < span[1] && (blamed < 0 || span[1]-span[0] < size) {
				blamed, size = i, span[1]-span[0]
			}
		}
	}
	var victims []int
	switch {
	case blamed < 0:
		for i, st := range w.sites {
			if e.line >= st.line && e.line <= st.last {
				victims = append(victims, i)
			}
		}
	case w.sites[blamed].comparison() && !slices.ContainsFunc(w.sites[blamed].out, func(span [2]int) bool { return span[0] == at }):
		outer := w.sites[blamed]
		for i, st := range w.sites {
			if i != blamed && st.start >= outer.start && st.end <= outer.end {
				victims = append(victims, i)
			}
		}
		if len(victims) == 0 {
			victims = []int{blamed}
		}
	default:
		victims = []int{blamed}
	}
	n := 0
	for _, i := range victims {
		st := w.sites[i]
		for _, id := range st.ids {
			if !w.s.ids[id] {
				continue
			}
			delete(w.s.ids, id)
			n++
			if i == blamed && st.muts[0].From == token.ADD && strings.HasPrefix(e.msg, "string does not satisfy mutantSchema") {
				w.s.notViable[id] = true
				w.s.why[id] = "a string +, whose - does not compile"
			} else {
				w.s.why[id] = "does not compile in the schema"
			}
		}
	}
	return n
}

// packageName reads the package clause of one of the package's files.
func packageName(pkgDir, file string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(pkgDir, file), nil, parser.PackageClauseOnly)
	if err != nil {
		return "", err
	}
	return f.Name.Name, nil
}

// rewriteFile rewrites the sites of the mutants numbered ids (those s
// still holds) in src.
func rewriteFile(src []byte, mutants []Mutant, ids []int, s *schema) (*rewriter, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	// The mutants by the offset of their operator: a site's key.
	at := map[int][]int{}
	for _, id := range ids {
		if s.ids[id] {
			at[mutants[id-1].Offset] = append(at[mutants[id-1].Offset], id)
		}
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset }
	var sites []site
	placed := map[int]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		var op token.Pos
		var tok token.Token
		switch n := n.(type) {
		case *ast.BinaryExpr:
			op, tok = n.OpPos, n.Op
		case *ast.IncDecStmt:
			op, tok = n.TokPos, n.Tok
		case *ast.UnaryExpr:
			op, tok = n.OpPos, n.Op
		default:
			return true
		}
		var list []int
		for _, id := range at[off(op)] {
			if mutants[id-1].From == tok {
				list = append(list, id)
				placed[id] = true
			}
		}
		if len(list) > 0 {
			st := site{node: n, start: off(n.Pos()), end: off(n.End()),
				line: fset.Position(n.Pos()).Line, last: fset.Position(n.End()).Line, ids: list}
			for _, id := range list {
				st.muts = append(st.muts, mutants[id-1])
			}
			sites = append(sites, st)
		}
		return true
	})
	// A mutant whose operator is not where it was (the file edited since
	// the mutants were found) has no site: compiled alone, it says so.
	for _, id := range ids {
		if s.ids[id] && !placed[id] {
			delete(s.ids, id)
			s.why[id] = "its operator is not where it was"
		}
	}
	// Outer sites first where two start at the same byte (a+b+c).
	slices.SortStableFunc(sites, func(a, b site) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	w := &rewriter{src: src, sites: sites, off: off, s: s}
	var b strings.Builder
	w.text(&b, 0, len(src))
	w.out = []byte(b.String())
	w.lineStart = []int{0}
	for i, c := range w.out {
		if c == '\n' {
			w.lineStart = append(w.lineStart, i+1)
		}
	}
	return w, nil
}

// rewriter writes a file's source with its sites rewritten, inner sites
// inside outer ones, and remembers where each went.
type rewriter struct {
	src   []byte
	sites []site
	off   func(token.Pos) int
	s     *schema

	out       []byte // the rewritten file
	lineStart []int  // the offset in out of each line
}

// text writes the source from byte from to byte to into b, each
// outermost site in it rewritten. b holds the rewritten file from its
// start, so b.Len() is where the next byte goes.
func (w *rewriter) text(b *strings.Builder, from, to int) {
	at := from
	for i := range w.sites {
		st := &w.sites[i]
		if st.start < at || st.end > to {
			continue // before the cursor (or inside a site written already), or past the end
		}
		b.Write(w.src[at:st.start])
		begin := b.Len()
		w.rewrite(b, st)
		st.out = append(st.out, [2]int{begin, b.Len()})
		at = st.end
	}
	b.Write(w.src[at:to])
}

// expr writes an operand, its own sites rewritten.
func (w *rewriter) expr(b *strings.Builder, e ast.Node) {
	w.text(b, w.off(e.Pos()), w.off(e.End()))
}

// The helper each arithmetic operator is rewritten to.
var arithmeticHelper = map[token.Token]string{
	token.ADD: "mutantSchemaAdd", token.SUB: "mutantSchemaSub",
	token.MUL: "mutantSchemaMul", token.QUO: "mutantSchemaQuo", token.REM: "mutantSchemaRem",
}

// rewrite writes one site's code in the schema.
func (w *rewriter) rewrite(b *strings.Builder, st *site) {
	switch n := st.node.(type) {
	case *ast.BinaryExpr:
		// Between the operands: the operator, and any spaces, comments or
		// line break around it.
		mid := string(w.src[w.off(n.X.End()):w.off(n.Y.Pos())])
		if helper, ok := arithmeticHelper[n.Op]; ok {
			fmt.Fprintf(b, "%s(%d, ", helper, st.ids[0])
			w.expr(b, n.X)
			b.WriteString(strings.Replace(mid, n.Op.String(), ",", 1))
			w.expr(b, n.Y)
			b.WriteString(")")
			return
		}
		// A comparison: its operands are written once for each branch, so
		// on one line only, or the lines after it would move; and not a
		// recover(), which in a closure would recover nothing.
		why := ""
		switch {
		case st.line != st.last:
			why = "its operands span lines"
		case bytes.Contains(w.src[st.start:st.end], []byte("recover(")):
			why = "recover() in a closure recovers nothing"
		}
		if why != "" {
			for _, id := range st.ids {
				delete(w.s.ids, id)
				w.s.why[id] = why
			}
			w.expr(b, n.X)
			b.WriteString(mid)
			w.expr(b, n.Y)
			return
		}
		b.WriteString("(func() bool { switch mutantSchemaActive {")
		for i, id := range st.ids {
			fmt.Fprintf(b, " case %d: return ", id)
			w.expr(b, n.X)
			fmt.Fprintf(b, " %s ", st.muts[i].To)
			w.expr(b, n.Y)
			b.WriteString(";")
		}
		b.WriteString(" }; return ")
		w.expr(b, n.X)
		fmt.Fprintf(b, " %s ", n.Op)
		w.expr(b, n.Y)
		b.WriteString(" }())")
	case *ast.IncDecStmt:
		helper := "mutantSchemaInc"
		if n.Tok == token.DEC {
			helper = "mutantSchemaDec"
		}
		fmt.Fprintf(b, "%s(%d, &", helper, st.ids[0])
		w.expr(b, n.X)
		b.WriteString(")")
	case *ast.UnaryExpr:
		fmt.Fprintf(b, "mutantSchemaNeg(%d, ", st.ids[0])
		w.expr(b, n.X)
		b.WriteString(")")
	default:
		panic(fmt.Sprintf("mutate: no rewrite for %T", st.node))
	}
}

// schemaHelpers is the file the schema adds to the package: the active
// mutant's number, read once, and the generic helpers the sites call.
// Every name starts with mutantSchema, and the imports are renamed, so
// nothing can clash with the package's own names.
func schemaHelpers(pkgName string) string {
	return strings.ReplaceAll(`// Code generated by internal/mutate: a mutant schema. DO NOT EDIT.

package PKG

import (
	mutantSchemaOS "os"
	mutantSchemaStrconv "strconv"
)

// mutantSchemaActive is the number of the mutant this run tests (0: none).
var mutantSchemaActive = mutantSchemaRead()

func mutantSchemaRead() int {
	n, _ := mutantSchemaStrconv.Atoi(mutantSchemaOS.Getenv("`+schemaEnv+`"))
	return n
}

type mutantSchemaInteger interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

type mutantSchemaNumber interface {
	mutantSchemaInteger | ~float32 | ~float64
}

func mutantSchemaAdd[T mutantSchemaNumber](id int, a, b T) T {
	if mutantSchemaActive == id {
		return a - b
	}
	return a + b
}

func mutantSchemaSub[T mutantSchemaNumber](id int, a, b T) T {
	if mutantSchemaActive == id {
		return a + b
	}
	return a - b
}

func mutantSchemaMul[T mutantSchemaNumber](id int, a, b T) T {
	if mutantSchemaActive == id {
		return a / b
	}
	return a * b
}

func mutantSchemaQuo[T mutantSchemaNumber](id int, a, b T) T {
	if mutantSchemaActive == id {
		return a * b
	}
	return a / b
}

func mutantSchemaRem[T mutantSchemaInteger](id int, a, b T) T {
	if mutantSchemaActive == id {
		return a * b
	}
	return a % b
}

func mutantSchemaInc[T mutantSchemaNumber](id int, p *T) {
	if mutantSchemaActive == id {
		*p--
	} else {
		*p++
	}
}

func mutantSchemaDec[T mutantSchemaNumber](id int, p *T) {
	if mutantSchemaActive == id {
		*p++
	} else {
		*p--
	}
}

func mutantSchemaNeg[T mutantSchemaNumber](id int, x T) T {
	if mutantSchemaActive == id {
		return +x
	}
	return -x
}
`, "PKG", pkgName)
}

// checkSchema runs, on the schema with no mutant active, every test that
// covers one of its mutants: the closures and calls of the schema change
// timing and allocations, so a test that measures them may fail there.
// Such a test's mutants are left to the per-mutant compile.
func (r *runner) checkSchema(ctx context.Context, s *schema, mutants []Mutant) {
	byPkg := map[string][]Test{}
	seen := map[string]bool{}
	for id := range s.ids {
		ts, _ := r.cov.Covering(mutants[id-1])
		for _, t := range ts {
			if !seen[t.key()] {
				seen[t.key()] = true
				byPkg[t.Pkg] = append(byPkg[t.Pkg], t)
			}
		}
	}
	bad := map[string]bool{} // by test's key
	for tp, tests := range byPkg {
		// A test that panics or hangs ends the run: the tests after it run
		// again without it, a few times at most.
		for try := 0; try < 3 && len(tests) > 0; try++ {
			failed, ok := r.failing(ctx, s.bins[tp], tp, tests, []string{schemaEnv + "=0"})
			if ok && len(failed) == 0 {
				break
			}
			if !ok || len(failed) == 0 {
				fmt.Printf("  warning: %s's tests fail on the schema with no mutant active, and say not which: every mutant compiled alone\n", tp)
				clear(s.ids)
				return
			}
			tests = slices.DeleteFunc(tests, func(t Test) bool {
				if failed[t.Name] {
					bad[t.key()] = true
					return true
				}
				return false
			})
		}
	}
	for _, key := range slices.Sorted(maps.Keys(bad)) {
		fmt.Printf("  %s fails on the schema with no mutant active: its mutants compiled alone\n", key)
	}
	for id := range s.ids {
		ts, _ := r.cov.Covering(mutants[id-1])
		if slices.ContainsFunc(ts, func(t Test) bool { return bad[t.key()] }) {
			delete(s.ids, id)
			s.why[id] = "a test it runs fails on the schema with no mutant active"
		}
	}
}
