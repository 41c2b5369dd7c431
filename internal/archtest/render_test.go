package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noRendering are the packages (and those below) that return coded errors
// but never render a message for users: the stores, the domain, the
// engines and the configuration. Users' Chinese is rendered at the edges
// (server/web's error path, the commands, the reports built for users).
var noRendering = []string{"internal/store", "internal/domain", "internal/progress", "internal/budget", "internal/config"}

// TestOnlyTheEdgesRenderMessages fails when one of noRendering calls
// msg.Text.
func TestOnlyTheEdgesRenderMessages(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	files := 0
	for _, dir := range noRendering {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			files++
			for _, c := range msgTextCalls(f) {
				t.Errorf("%s renders a message for users (msg.Text); return the error and let the edge render it", fset.Position(c))
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if files < 50 {
		t.Fatalf("read %d files; the walk is broken", files)
	}
}

// msgTextCalls returns where f calls Text of the package it imports as
// industrydash/internal/msg.
func msgTextCalls(f *ast.File) []token.Pos {
	name := ""
	for _, im := range f.Imports {
		if strings.Trim(im.Path.Value, `"`) == module+"/internal/msg" {
			name = "msg"
			if im.Name != nil {
				name = im.Name.Name
			}
		}
	}
	if name == "" {
		return nil
	}
	var out []token.Pos
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "Text" {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == name {
				out = append(out, sel.Pos())
			}
		}
		return true
	})
	return out
}

// The scan finds a call (so a broken scan cannot pass silently).
func TestMsgTextCallsFindsACall(t *testing.T) {
	src := "package x\nimport m \"industrydash/internal/msg\"\nfunc f(err error) string { return m.Text(err) }\n"
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(msgTextCalls(f)) != 1 {
		t.Fatal("msg.Text call not found")
	}
}
