package web_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"industrydash/internal/app"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
)

// Issue 24, finding 6: when the disk is full a write answers 503 with a
// Chinese message saying so (not "服务器内部错误"), and /readyz says not
// ready. The store lives on a small tmpfs that the test fills (mounting
// needs root; the test says so and skips without it).
func TestDiskFullAnswers503(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("mounting a small tmpfs needs root: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	db, err := embedded.Open(embedded.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	st := db.Both()
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := app.Bootstrap(ctx, st, false, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	e := newEnvOn(t, st, nil)
	ck, csrf := e.session(t, store.RoleReporter, "150203")
	if r, _ := e.do(t, "GET", "/readyz", ""); r.StatusCode != 200 {
		t.Fatalf("readyz before: %d", r.StatusCode)
	}
	// Fill the file system, then grow the store until it cannot.
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for {
		if _, err := f.Write(chunk); err != nil {
			break
		}
	}
	f.Close()
	full := false
	long := strings.Repeat("满", store.AuditTextLimit)
	for i := 0; i < 5000 && !full; i++ {
		err := st.AppendAudit(ctx, store.AuditEntry{Actor: "t", Action: "test.fill", Object: "o", New: long, Old: long})
		full = store.IsDiskFull(err)
		if err != nil && !full {
			t.Fatalf("a write failed, but not for a full disk: %v", err)
		}
	}
	if !full {
		t.Fatal("the store never reported a full disk")
	}
	r, out := e.do(t, "POST", "/submissions/150203/2024-10", form("csrf", csrf, "action", "save", "value_industry.output_value", "120",
		"note_industry.output_value", long[:600]), "Cookie", ck, "Content-Type", formType)
	if r.StatusCode != 503 || !strings.Contains(out, "磁盘空间已满") || strings.Contains(out, "服务器内部错误") {
		t.Fatalf("a save on a full disk: %d %.300s", r.StatusCode, out)
	}
	r, out = e.do(t, "GET", "/readyz", "")
	if r.StatusCode != 503 || !strings.Contains(out, "disk_full") {
		t.Fatalf("readyz on a full disk: %d %s", r.StatusCode, out)
	}
}
