package archtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const module = "industrydash"

// pkg is the part of `go list -json` output the rules need.
type pkg struct {
	ImportPath string
	Imports    []string // direct, non-test
	Deps       []string // transitive, non-test
}

// rule restricts the packages at or below Root.
type rule struct {
	Root string
	// Allowed lists module packages (at or below) that may be imported; the
	// standard library is always allowed when StdOnly is set.
	StdOnly bool
	Allowed []string
	// ForbiddenDeps are path prefixes no dependency, direct or transitive, may have.
	ForbiddenDeps []string
	// ForbiddenImports are path prefixes no direct import may have.
	ForbiddenImports []string
	// MustExist makes the check fail when no package lies under Root.
	MustExist bool
}

// msgPkg is the message catalogue.
const msgPkg = module + "/internal/msg"

var rules = []rule{
	// The message catalogue is standard library only. The domain and the
	// engines do not import it: their errors name a catalogue code
	// (domain.Error) and msg renders it at the edge.
	{Root: msgPkg, StdOnly: true},
	{Root: module + "/internal/domain", StdOnly: true, MustExist: true},
	{Root: module + "/internal/progress", StdOnly: true, Allowed: []string{module + "/internal/domain"}, MustExist: true},
	// The target extractor is rules over text: the standard library and the domain types only,
	// plus the legacy Chinese encodings (GB18030, Big5) a plan saved as .txt may come in, and
	// the message catalogue for its errors.
	{Root: module + "/internal/extract", StdOnly: true, Allowed: []string{module + "/internal/domain", "golang.org/x/text/encoding", msgPkg}},
	// The budget engine is pure like the progress engine it shares conventions with.
	{Root: module + "/internal/budget", StdOnly: true, Allowed: []string{module + "/internal/domain", module + "/internal/progress"}},
	{
		Root:             module + "/dashboards",
		ForbiddenDeps:    []string{"github.com/gofiber/", "github.com/valyala/fasthttp", "github.com/ClickHouse/", "go.etcd.io/bbolt", "github.com/jackc/", module + "/server"},
		ForbiddenImports: []string{"net/http", "database/sql"},
	},
	// Stores keep facts and speak English: no wording (sentences, number
	// formats, colours) and no rendering.
	{Root: module + "/internal/store", ForbiddenImports: []string{module + "/internal/progress", module + "/internal/palette",
		module + "/dashboards", module + "/internal/briefing", module + "/internal/budgetdoc"}},
	// Libraries never depend on the commands: ingest/ and server/ only wire.
	{Root: module + "/internal", ForbiddenDeps: []string{module + "/ingest", module + "/server"}},
}

// under reports whether path is root or a package below it.
func under(path, root string) bool {
	return path == root || strings.HasPrefix(path, root+"/")
}

// hasPrefix matches an import path against a prefix that is either a whole
// path ("net/http" matches net/http and net/http/httptest, not net/httpx) or
// ends in "/" or names a module root.
func hasPrefix(path, prefix string) bool {
	if strings.HasSuffix(prefix, "/") {
		return strings.HasPrefix(path, prefix)
	}
	return under(path, prefix)
}

// isStd reports whether path belongs to the standard library: its first
// element has no dot and it is not this module. "C" (cgo) is not standard.
func isStd(path string) bool {
	if path == "C" || under(path, module) {
		return false
	}
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// violations applies the rules to the listed packages. The standard-library
// rule looks at direct imports (a package below a root, or the allowed
// domain package, is checked in its own right); forbidden dependencies are
// looked for transitively and reported once per package and prefix.
func violations(pkgs []pkg, rules []rule) []string {
	var out []string
	for _, r := range rules {
		found := false
		for _, p := range pkgs {
			if !under(p.ImportPath, r.Root) {
				continue
			}
			found = true
			out = append(out, r.check(p)...)
		}
		if r.MustExist && !found {
			out = append(out, fmt.Sprintf("no package found under %s: the import rule has nothing to check", r.Root))
		}
	}
	sort.Strings(out)
	return out
}

func (r rule) check(p pkg) []string {
	var out []string
	for _, imp := range p.Imports {
		if r.StdOnly && !isStd(imp) && !under(imp, r.Root) && !r.allowed(imp) {
			out = append(out, fmt.Sprintf("%s imports %s: only the standard library%s is allowed", p.ImportPath, imp, allowedText(r.Allowed)))
		}
		for _, f := range r.ForbiddenImports {
			if hasPrefix(imp, f) {
				out = append(out, fmt.Sprintf("%s imports %s, which it must not (no HTTP server or database code)", p.ImportPath, imp))
			}
		}
	}
	for _, f := range r.ForbiddenDeps {
		for _, dep := range append(append([]string{}, p.Imports...), p.Deps...) {
			if hasPrefix(dep, f) {
				out = append(out, fmt.Sprintf("%s depends on %s, which it must not (no web framework or database driver)", p.ImportPath, dep))
				break
			}
		}
	}
	return out
}

func (r rule) allowed(imp string) bool {
	for _, a := range r.Allowed {
		if under(imp, a) {
			return true
		}
	}
	return false
}

func allowedText(a []string) string {
	if len(a) == 0 {
		return ""
	}
	return " and " + strings.Join(a, ", ")
}

// listModule runs `go list -e -json` over the whole module.
func listModule(t *testing.T) []pkg {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-json=ImportPath,Imports,Deps", module+"/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(outb))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// readInputs reads go.mod and every file under the rules' roots. `go list`
// runs in a child process, invisible to the test cache; reading the files
// here records them as the test's inputs, so editing or adding a file makes
// `go test` run the check again instead of replaying a cached pass.
func readInputs(t *testing.T) {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if _, err := os.ReadFile(gomod); err != nil {
		t.Fatalf("read go.mod: %v", err)
	}
	root := filepath.Dir(gomod)
	for _, r := range rules {
		dir := filepath.Join(root, filepath.FromSlash(strings.TrimPrefix(r.Root, module+"/")))
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".go") {
				_, err = os.ReadFile(path)
			}
			return err
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("read %s: %v", dir, err)
		}
	}
}

// TestImportRules fails when a package of the module breaks an import rule.
func TestImportRules(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatalf("the go command is needed to list the module's packages: %v", err)
	}
	readInputs(t)
	for _, v := range violations(listModule(t), rules) {
		t.Error(v)
	}
}

// TestViolations shows the rules catch what they are meant to catch, on
// made-up package lists.
func TestViolations(t *testing.T) {
	dom := module + "/internal/domain"
	prog := module + "/internal/progress"
	clean := []pkg{
		{ImportPath: dom, Imports: []string{"fmt", "strings"}, Deps: []string{"fmt", "strings"}},
		{ImportPath: prog, Imports: []string{"math", dom}, Deps: []string{"math", dom}},
	}
	with := func(extra ...pkg) []pkg { return append(append([]pkg{}, clean...), extra...) }
	tests := []struct {
		name string
		pkgs []pkg
		want int
	}{
		{"clean tree", clean, 0},
		{"clean tree with a clean dashboard", with(pkg{ImportPath: module + "/dashboards",
			Imports: []string{"github.com/go-echarts/go-echarts/v2/charts", prog}, Deps: []string{"github.com/go-echarts/go-echarts/v2/charts", prog}}), 0},
		{"domain imports a third-party module", []pkg{
			{ImportPath: dom, Imports: []string{"github.com/shopspring/decimal"}, Deps: []string{"github.com/shopspring/decimal"}},
			clean[1]}, 1},
		{"domain imports the progress engine", []pkg{
			{ImportPath: dom, Imports: []string{prog}, Deps: []string{prog}}, clean[1]}, 1},
		{"domain uses cgo", []pkg{{ImportPath: dom, Imports: []string{"C"}}, clean[1]}, 1},
		{"progress imports the store", []pkg{clean[0],
			{ImportPath: prog, Imports: []string{module + "/internal/store"}, Deps: []string{module + "/internal/store", dom}}}, 1},
		{"a package below progress imports x/text", with(pkg{ImportPath: prog + "/phrase",
			Imports: []string{"golang.org/x/text/width"}, Deps: []string{"golang.org/x/text/width"}}), 1},
		{"dashboards import fiber", with(pkg{ImportPath: module + "/dashboards/overview",
			Imports: []string{"github.com/gofiber/fiber/v2"}, Deps: []string{"github.com/gofiber/fiber/v2"}}), 1},
		{"dashboards reach ClickHouse through another package", with(pkg{ImportPath: module + "/dashboards",
			Imports: []string{module + "/internal/store/clickhouse"}, Deps: []string{module + "/internal/store/clickhouse", "github.com/ClickHouse/clickhouse-go/v2"}}), 1},
		{"dashboards import bbolt", with(pkg{ImportPath: module + "/dashboards",
			Imports: []string{"go.etcd.io/bbolt"}, Deps: []string{"go.etcd.io/bbolt"}}), 1},
		{"dashboards import net/http", with(pkg{ImportPath: module + "/dashboards",
			Imports: []string{"net/http"}, Deps: []string{"net/http"}}), 1},
		{"dashboards import server/static", with(pkg{ImportPath: module + "/dashboards",
			Imports: []string{module + "/server/static"}, Deps: []string{module + "/server/static"}}), 1},
		{"dashboards reach PostgreSQL through another package", with(pkg{ImportPath: module + "/dashboards",
			Imports: []string{module + "/internal/store/postgres"}, Deps: []string{module + "/internal/store/postgres", "github.com/jackc/pgx/v5"}}), 1},
		{"domain and progress missing", nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := violations(tt.pkgs, rules)
			if len(got) != tt.want {
				t.Errorf("got %d violations %q, want %d", len(got), got, tt.want)
			}
		})
	}
}
