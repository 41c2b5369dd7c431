package msg

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

var verb = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs counts the arguments a template consumes (explicit indexes count
// up to the highest one).
func verbs(t string) int {
	n, next := 0, 0
	for _, m := range verb.FindAllStringSubmatch(t, -1) {
		if m[0][len(m[0])-1] == '%' {
			continue
		}
		if m[2] != "" {
			i, _ := strconv.Atoi(m[2])
			next = i
		} else {
			next++
		}
		n = max(n, next)
	}
	return n
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func TestCatalogue(t *testing.T) {
	for _, c := range Codes() {
		e, _ := Lookup(c)
		t.Run(string(c), func(t *testing.T) {
			if e.Zh == "" || e.En == "" {
				t.Fatalf("missing template: zh %q en %q", e.Zh, e.En)
			}
			if hasHan(e.En) {
				t.Errorf("English template holds Chinese: %q", e.En)
			}
			want := verbs(e.En)
			if e.Cause {
				want++
			}
			if got := verbs(e.Zh); got != want {
				t.Errorf("zh template takes %d arguments, en %d (cause %v): %q / %q", got, verbs(e.En), e.Cause, e.Zh, e.En)
			}
		})
	}
}

func TestVerbs(t *testing.T) {
	for tmpl, want := range map[string]int{"a": 0, "%d%%": 1, "%s %.1f %v": 3, "%[2]s %[1]d": 2, "%q": 1} {
		if got := verbs(tmpl); got != want {
			t.Errorf("verbs(%q) = %d, want %d", tmpl, got, want)
		}
	}
}

func TestTextAndError(t *testing.T) {
	io := errors.New("disk on fire")
	rows := New(StoreUnitNoCode, 3)
	cases := []struct {
		name     string
		err      error
		zh, en   string
		hasEntry bool
	}{
		{"plain", New(StoreLocked, "d"), "数据目录 d 已被另一个进程使用，请先停止该进程",
			"data directory d is in use by another process", true},
		{"cause in template", Wrap(io, StoreMkdir, "d"), "无法创建数据目录 d：disk on fire；请检查路径和权限",
			"create the data directory d: disk on fire", true},
		{"msg cause rendered", Wrap(rows, StoreMigrate, "d"), "初始化数据目录 d 失败：第 3 个单位缺少代码，请补全后重新导入",
			"migrate the data directory d: org unit 3 has no code", true},
		{"cause not in template", Wrap(io, StoreLocked, "d"), "数据目录 d 已被另一个进程使用，请先停止该进程",
			"data directory d is in use by another process: disk on fire", true},
		{"noun argument", New(StoreNoID, NounUser), "用户缺少编号（ID），未保存", "user has no id", true},
		{"error argument", New(StoreBadTime, New(NounAuditEntryN, 2), "t"), "第 2 条审计记录的时间 t 超出范围，未保存；请检查系统时间",
			"audit entry 2 time t out of range", true},
		{"English context kept", fmt.Errorf("load units: %w", rows), "load units: 第 3 个单位缺少代码，请补全后重新导入",
			"load units: org unit 3 has no code", true},
		{"joined", errors.Join(rows, New(StoreLocked, "d")), "第 3 个单位缺少代码，请补全后重新导入\n数据目录 d 已被另一个进程使用，请先停止该进程",
			"org unit 3 has no code\ndata directory d is in use by another process", true},
		{"no message", fmt.Errorf("dial: %w", io), "dial: disk on fire", "dial: disk on fire", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Text(c.err); got != c.zh {
				t.Errorf("Text = %q, want %q", got, c.zh)
			}
			if got := c.err.Error(); got != c.en {
				t.Errorf("Error = %q, want %q", got, c.en)
			}
			if Has(c.err) != c.hasEntry {
				t.Errorf("Has = %v", !c.hasEntry)
			}
		})
	}
}

func TestIsAndUnwrap(t *testing.T) {
	io := errors.New("io")
	err := fmt.Errorf("ctx: %w", Wrap(io, StoreMkdir, "d"))
	if !errors.Is(err, io) {
		t.Error("cause lost")
	}
	if !errors.Is(err, New(StoreMkdir)) || errors.Is(err, New(StoreLocked)) {
		t.Error("code sentinel does not match by code")
	}
	if CodeOf(err) != StoreMkdir || CodeOf(io) != "" {
		t.Error("CodeOf")
	}
	if Text(nil) != "" {
		t.Error("Text(nil)")
	}
}

// The domain and the engines name their messages by code (domain.Error):
// every code they use must be in the catalogue with as many verbs as the
// call gives arguments.
func TestEngineCodesAreInTheCatalogue(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	for _, dir := range []string{"../domain", "../progress", "../budget"} {
		pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pkgs {
			for name, f := range p.Files {
				ast.Inspect(f, func(node ast.Node) bool {
					call, ok := node.(*ast.CallExpr)
					if !ok {
						return true
					}
					fn := ""
					switch x := call.Fun.(type) {
					case *ast.Ident:
						fn = x.Name
					case *ast.SelectorExpr:
						fn = x.Sel.Name
					}
					args := call.Args
					if fn == "WrapError" && len(args) > 0 {
						args = args[1:]
					} else if fn != "NewError" {
						return true
					}
					if len(args) == 0 {
						return true
					}
					lit, ok := args[0].(*ast.BasicLit)
					if !ok {
						t.Errorf("%s: %s needs a literal code", fset.Position(call.Pos()), fn)
						return true
					}
					code, _ := strconv.Unquote(lit.Value)
					e, ok := Lookup(Code(code))
					if !ok {
						t.Errorf("%s (%s): code %q is not in the catalogue", fset.Position(call.Pos()), name, code)
						return true
					}
					n++
					verbs := strings.Count(strings.ReplaceAll(e.En, "%%", ""), "%")
					if call.Ellipsis == token.NoPos && verbs != len(args)-1 {
						t.Errorf("%s: code %q takes %d arguments, given %d", fset.Position(call.Pos()), code, verbs, len(args)-1)
					}
					return true
				})
			}
		}
	}
	if n < 40 {
		t.Fatalf("found %d coded errors in the domain and the engines; the scan is broken", n)
	}
}

type fileErr struct {
	file  string
	cause error
}

func (e *fileErr) UserMessage() *Error { return New(StoreLocked, e.file) }
func (e *fileErr) Error() string       { return e.UserMessage().Error() + ": " + e.cause.Error() }
func (e *fileErr) Unwrap() error       { return e.cause }

func TestMessenger(t *testing.T) {
	err := fmt.Errorf("load: %w", &fileErr{"d", errors.New("EOF")})
	if !Has(err) {
		t.Fatal("Has misses a Messenger")
	}
	if got, want := Text(err), "load: 数据目录 d 已被另一个进程使用，请先停止该进程"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}
