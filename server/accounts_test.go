package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUserAddAndTokenCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("kunqu-reporter-pw\n"), 0o600)
	in, err := os.Open(pw)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out, errb bytes.Buffer
	if code := runUser([]string{"add", "-data", dir, "-demo=false", "-name", "kun", "-role", "reporter", "-unit", "昆区"}, in, &out, &errb); code != 0 {
		t.Fatalf("user add: %d %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "150203") {
		t.Errorf("output %q", out.String())
	}
	out.Reset()
	if code := run([]string{"token", "create", "-data", dir, "-demo=false", "-name", "kun"}, &out, &errb); code != 0 {
		t.Fatalf("token create: %d %s", code, errb.String())
	}
	if tok := strings.TrimSpace(out.String()); !strings.HasPrefix(tok, "idt_") || len(tok) < 40 {
		t.Errorf("token %q", tok)
	}
	in2, _ := os.Open(pw)
	defer in2.Close()
	errb.Reset()
	if code := runUser([]string{"add", "-data", dir, "-demo=false", "-name", "x", "-role", "boss"}, in2, &out, &errb); code == 0 || !strings.Contains(errb.String(), "角色") {
		t.Fatalf("bad role: %d %s", code, errb.String())
	}
}
