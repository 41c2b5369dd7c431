package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

func TestLeadingCommands(t *testing.T) {
	dir := t.TempDir()
	power, prices, data := filepath.Join(dir, "p.csv"), filepath.Join(dir, "pr.csv"), filepath.Join(dir, "data")
	var out, errb bytes.Buffer
	if code := run([]string{"leading-demo", "-enterprises", "12", "-days", "40", "-o", power, "-prices-o", prices}, &out, &errb); code != exitOK {
		t.Fatalf("leading-demo -o: %d %s", code, errb.String())
	}
	for i, want := range []string{"新增 480", "未重复导入"} {
		out.Reset()
		if code := run([]string{"leading-power", "-data", data, power}, &out, &errb); code != exitOK {
			t.Fatalf("load %d: %d %s", i, code, errb.String())
		}
		if !strings.Contains(out.String(), want) {
			t.Fatalf("load %d said %q, want %q", i, out.String(), want)
		}
	}
	out.Reset()
	if code := run([]string{"leading-prices", "-data", data, prices}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "新增") {
		t.Fatalf("leading-prices: %d %s %s", code, out.String(), errb.String())
	}
	errb.Reset()
	if code := run([]string{"leading-power", "-data", data, filepath.Join(dir, "missing.csv")}, &out, &errb); code != exitError {
		t.Fatalf("a missing file: exit %d", code)
	}
}
