package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
)

// Kind is a kind of mutant, named as gremlins names it, so that a table
// made by this driver reads like one made by gremlins.
type Kind string

// The kinds gremlins makes by default. (Its other kinds, off by default
// there, are off here too.)
const (
	// ConditionalsBoundary moves a comparison's boundary: < and <=, > and >=.
	ConditionalsBoundary Kind = "CONDITIONALS_BOUNDARY"
	// ConditionalsNegation turns a comparison into its opposite: == and !=, < and >=, ...
	ConditionalsNegation Kind = "CONDITIONALS_NEGATION"
	// ArithmeticBase swaps an operator of arithmetic: + and -, * and /, % to *.
	ArithmeticBase Kind = "ARITHMETIC_BASE"
	// IncrementDecrement swaps ++ and --.
	IncrementDecrement Kind = "INCREMENT_DECREMENT"
	// InvertNegatives makes a negation -x into +x.
	InvertNegatives Kind = "INVERT_NEGATIVES"
)

// binaryMutations lists, for each operator of a binary expression, the
// mutants made of it. (gremlins also lists a binary - under
// INVERT_NEGATIVES, which makes the very same change as ARITHMETIC_BASE:
// a twin mutant, counted twice. Here it is made once.)
var binaryMutations = map[token.Token][]struct {
	kind Kind
	to   token.Token
}{
	token.LSS: {{ConditionalsBoundary, token.LEQ}, {ConditionalsNegation, token.GEQ}},
	token.LEQ: {{ConditionalsBoundary, token.LSS}, {ConditionalsNegation, token.GTR}},
	token.GTR: {{ConditionalsBoundary, token.GEQ}, {ConditionalsNegation, token.LEQ}},
	token.GEQ: {{ConditionalsBoundary, token.GTR}, {ConditionalsNegation, token.LSS}},
	token.EQL: {{ConditionalsNegation, token.NEQ}},
	token.NEQ: {{ConditionalsNegation, token.EQL}},
	token.ADD: {{ArithmeticBase, token.SUB}},
	token.SUB: {{ArithmeticBase, token.ADD}},
	token.MUL: {{ArithmeticBase, token.QUO}},
	token.QUO: {{ArithmeticBase, token.MUL}},
	token.REM: {{ArithmeticBase, token.MUL}},
}

// Mutant is one change to one token of a package's source.
type Mutant struct {
	Pkg       string      // the package's directory, from the module root: "sampleserver"
	File      string      // the file's name in it: "echo.go"
	Line, Col int         // where the token is (1-based)
	Offset    int         // the token's byte offset in the file
	Kind      Kind        // what kind of change
	From, To  token.Token // the token and what it becomes
	Code      string      // the line of source, trimmed, for a person to read

	// Where the tests' coverage is looked up for this mutant. Usually the
	// token itself; for a switch case's condition, which Go's coverage
	// profile has no counter for, the switch statement, since the
	// condition runs whenever the switch does.
	CovLine, CovCol int
	// PackageLevel: the token is outside every function (a constant's or
	// a variable's initial value), so any test may depend on it.
	PackageLevel bool
}

// Name is the mutant's place and kind, as the reports print it:
// "sampleserver/echo.go:44:12".
func (m Mutant) Name() string { return fmt.Sprintf("%s/%s:%d:%d", m.Pkg, m.File, m.Line, m.Col) }

// FindMutants parses one file and returns its mutants in source order.
func FindMutants(pkg, path string) ([]Mutant, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	lines := bytes.Split(src, []byte("\n"))
	var out []Mutant
	add := func(stack []ast.Node, pos token.Pos, kind Kind, from, to token.Token) {
		p := fset.Position(pos)
		m := Mutant{
			Pkg: pkg, File: filepath.Base(path), Line: p.Line, Col: p.Column, Offset: p.Offset,
			Kind: kind, From: from, To: to, Code: string(bytes.TrimSpace(lines[p.Line-1])),
			CovLine: p.Line, CovCol: p.Column,
		}
		m.PackageLevel, m.CovLine, m.CovCol = coverageAnchor(fset, stack, pos, m.CovLine, m.CovCol)
		out = append(out, m)
	}
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.ADD && (isString(n.X) || isString(n.Y)) {
				break // "a" - "b" does not compile: not a mutant
			}
			for _, mu := range binaryMutations[n.Op] {
				add(stack, n.OpPos, mu.kind, n.Op, mu.to)
			}
		case *ast.IncDecStmt:
			to := token.DEC
			if n.Tok == token.DEC {
				to = token.INC
			}
			add(stack, n.TokPos, IncrementDecrement, n.Tok, to)
		case *ast.UnaryExpr:
			if n.Op == token.SUB {
				add(stack, n.OpPos, InvertNegatives, token.SUB, token.ADD)
			}
		}
		stack = append(stack, n)
		return true
	})
	return out, nil
}

// coverageAnchor says where to look up the coverage of a token whose
// enclosing nodes are stack: at the token itself, or, inside a switch
// case's list of conditions, at the switch statement (Go's coverage
// counts a case's body, not its conditions); and whether the token is
// outside every function.
func coverageAnchor(fset *token.FileSet, stack []ast.Node, pos token.Pos, line, col int) (pkgLevel bool, covLine, covCol int) {
	covLine, covCol = line, col
	inFunc := false
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			inFunc = true
		case *ast.CaseClause:
			if pos < n.Colon && i > 0 && covLine == line && covCol == col {
				// The clause's parent is the switch's body, its grandparent the switch.
				for j := i - 1; j >= 0; j-- {
					if _, ok := stack[j].(*ast.SwitchStmt); ok {
						p := fset.Position(stack[j].Pos())
						covLine, covCol = p.Line, p.Column
						break
					}
				}
			}
		}
		if inFunc {
			break
		}
	}
	return !inFunc, covLine, covCol
}

// isString says whether e is a string literal: a + with one is a
// concatenation, which has no arithmetic mutant.
func isString(e ast.Expr) bool {
	lit, ok := e.(*ast.BasicLit)
	return ok && lit.Kind == token.STRING
}

// Apply returns src with the mutant's token changed.
func (m Mutant) Apply(src []byte) ([]byte, error) {
	from, to := m.From.String(), m.To.String()
	if m.Offset+len(from) > len(src) || string(src[m.Offset:m.Offset+len(from)]) != from {
		return nil, fmt.Errorf("%s: %q is not at offset %d", m.Name(), from, m.Offset)
	}
	out := make([]byte, 0, len(src)+1)
	out = append(out, src[:m.Offset]...)
	out = append(out, to...)
	return append(out, src[m.Offset+len(from):]...), nil
}
