// Package workplan finds the real plan texts kept beside the repository
// (shared/workplan), for tests that run the extractor on them.
package workplan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Dir finds shared/workplan beside the repository root: CI clones
// the repository with shared/ beside it; a git worktree looks beside the main
// checkout too.
func Dir(t testing.TB) string {
	t.Helper()
	var candidates []string
	if d := os.Getenv("INDUSTRYDASH_SHARED"); d != "" {
		candidates = append(candidates, filepath.Join(d, "workplan"))
	}
	root := repoRoot(t)
	candidates = append(candidates, filepath.Join(root, "..", "shared", "workplan"))
	if main := mainCheckout(root); main != "" {
		candidates = append(candidates, filepath.Join(main, "..", "shared", "workplan"))
	}
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c
		}
	}
	msg := "the work plans are not beside the repository (looked in " + strings.Join(candidates, ", ") + "); put a copy of shared/ next to the checkout or set INDUSTRYDASH_SHARED"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + " — CI=true, so this is a failure, not a skip")
	}
	t.Skip(msg)
	return ""
}

func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// mainCheckout returns the main working tree of a git worktree at root
// (whose .git is a file naming the shared git dir), or "".
func mainCheckout(root string) string {
	b, err := os.ReadFile(filepath.Join(root, ".git"))
	if err != nil {
		return "" // a directory (a normal clone) or no git at all
	}
	gitdir := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(b)), "gitdir:"))
	if !filepath.IsAbs(gitdir) {
		gitdir = filepath.Join(root, gitdir)
	}
	common := gitdir
	if c, err := os.ReadFile(filepath.Join(gitdir, "commondir")); err == nil {
		common = strings.TrimSpace(string(c))
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitdir, common)
		}
	}
	return filepath.Dir(filepath.Clean(common))
}
