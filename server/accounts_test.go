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
	os.WriteFile(pw, []byte("Kunqu-reporter-pw\n"), 0o600)
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

// Issue 11, findings 6 and 9: the account commands, and help.
func TestUserAdminCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	pwFile := func(pw string) *os.File {
		p := filepath.Join(t.TempDir(), "pw")
		os.WriteFile(p, []byte(pw+"\n"), 0o600)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	var out, errb bytes.Buffer
	cmd := func(in *os.File, args ...string) int {
		out.Reset()
		errb.Reset()
		args = append(args[:2:2], append([]string{"-data", dir, "-demo=false"}, args[2:]...)...)
		if args[0] == "user" {
			return runUser(args[1:], in, &out, &errb)
		}
		return run(args, &out, &errb)
	}
	if c := cmd(pwFile("first-admin-pass-1"), "user", "add", "-name", "root", "-role", "admin"); c != 0 {
		t.Fatalf("add admin: %s", errb.String())
	}
	if c := cmd(pwFile("Kunqu-reporter-pw"), "user", "add", "-name", "Kun", "-role", "reporter", "-unit", "昆区"); c != 0 {
		t.Fatalf("add: %s", errb.String())
	}
	if c := cmd(nil, "token", "create", "-name", "kun"); c != 0 {
		t.Fatalf("token create: %s", errb.String())
	}
	if c := cmd(nil, "token", "list", "-name", "kun"); c != 0 || !strings.Contains(out.String(), "有效期至") ||
		!strings.Contains(out.String(), "从未使用") || !strings.Contains(out.String(), "有效") {
		t.Fatalf("token list: %d %s %s", c, out.String(), errb.String())
	}
	if c := cmd(nil, "token", "revoke", "-name", "KUN"); c != 0 || !strings.Contains(out.String(), "1 个 API 令牌") {
		t.Fatalf("token revoke: %d %s %s", c, out.String(), errb.String())
	}
	if c := cmd(nil, "user", "disable", "-name", "kun"); c != 0 || !strings.Contains(out.String(), "已停用") {
		t.Fatalf("disable: %d %s", c, errb.String())
	}
	if c := cmd(nil, "user", "enable", "-name", "kun"); c != 0 {
		t.Fatalf("enable: %s", errb.String())
	}
	if c := cmd(pwFile("kun"), "user", "passwd", "-name", "kun"); c == 0 || !strings.Contains(errb.String(), "至少") {
		t.Fatalf("weak passwd: %d %s", c, errb.String())
	}
	if c := cmd(pwFile("Another-kunqu-pass"), "user", "passwd", "-name", "kun"); c != 0 {
		t.Fatalf("passwd: %s", errb.String())
	}
	if c := cmd(nil, "user", "role", "-name", "kun", "-role", "leader"); c != 0 || !strings.Contains(out.String(), "领导") {
		t.Fatalf("role: %d %s", c, errb.String())
	}
	if c := cmd(nil, "user", "disable", "-name", "nobody"); c == 0 || !strings.Contains(errb.String(), "不存在") {
		t.Fatalf("unknown user: %d %s", c, errb.String())
	}
	if c := cmd(nil, "user", "disable", "-name", "root"); c == 0 || !strings.Contains(errb.String(), "唯一") {
		t.Fatalf("disabling the only admin: %d %s", c, errb.String())
	}
}

func TestHelpAndStrayArguments(t *testing.T) {
	var out, errb bytes.Buffer
	if c := run([]string{"help"}, &out, &errb); c != 0 || !strings.Contains(out.String(), "server user") || !strings.Contains(out.String(), "-addr") {
		t.Fatalf("help: %d %q", c, out.String())
	}
	out.Reset()
	if c := run([]string{"usr", "add"}, &out, &errb); c != 2 || !strings.Contains(errb.String(), "未启动服务器") {
		t.Fatalf("a stray word: %d %q", c, errb.String())
	}
	if c := run([]string{"user", "help"}, &out, &errb); c != 0 || !strings.Contains(out.String(), "disable") {
		t.Fatalf("user help: %d", c)
	}
}

// Issue 16: `server user add -unit` takes a budget unit (code, name or
// short name), and an unknown unit is answered with the units that exist.
func TestUserAddBoundToABudgetUnit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("Bigdata-reporter-pw\n"), 0o600)
	var out, errb bytes.Buffer
	add := func(name, unit string) int {
		in, err := os.Open(pw)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		out.Reset()
		errb.Reset()
		return runUser([]string{"add", "-data", dir, "-demo=false", "-name", name, "-role", "reporter", "-unit", unit}, in, &out, &errb)
	}
	if code := add("bigdata", "大数据中心"); code != 0 || !strings.Contains(out.String(), "dsj") {
		t.Fatalf("user add -unit 大数据中心: %d %q %s", code, out.String(), errb.String())
	}
	if code := add("other", "不存在的单位"); code == 0 || !strings.Contains(errb.String(), "gxj 包头市工业和信息化局本级") {
		t.Fatalf("unknown unit: %d %s", code, errb.String())
	}
}
