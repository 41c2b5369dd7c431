package config

import (
	"flag"
	"strings"
	"testing"
)

func TestFlagsOverrideEnvironment(t *testing.T) {
	t.Setenv("ADDR", ":9999")
	t.Setenv("DEMO", "0")
	t.Setenv("DATA_DIR", "/tmp/x")
	c := Default()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.Register(fs)
	if err := fs.Parse([]string{"-addr", "127.0.0.1:7000"}); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" {
		t.Errorf("flag should win over ADDR, got %q", c.Addr)
	}
	if c.Demo {
		t.Error("DEMO=0 should turn demo data off")
	}
	if c.DataDir != "/tmp/x" {
		t.Errorf("DATA_DIR not applied: %q", c.DataDir)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Config)
		want string
	}{
		{"defaults are valid", func(*Config) {}, ""},
		{"bad dsn", func(c *Config) { c.ClickHouseDSN = "http://x:8123" }, "连接串"},
		{"good dsn", func(c *Config) { c.ClickHouseDSN = "clickhouse://u:p@127.0.0.1:9000/db" }, ""},
		{"no data dir", func(c *Config) { c.DataDir = " " }, "数据目录"},
		{"bad level", func(c *Config) { c.LogLevel = "loud" }, "日志级别"},
		{"no cache", func(c *Config) { c.CacheMB = 0 }, "缓存内存"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.mod(&c)
			err := c.Validate()
			if tt.want == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Fatalf("error %v should mention %q", err, tt.want)
			}
		})
	}
}

func TestStoreLabelHidesPassword(t *testing.T) {
	c := Default()
	c.ClickHouseDSN = "clickhouse://admin:s3cret@db:9000/ind"
	if strings.Contains(c.StoreLabel(), "s3cret") {
		t.Fatalf("password leaked: %s", c.StoreLabel())
	}
}
