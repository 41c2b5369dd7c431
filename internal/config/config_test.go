package config

import (
	"flag"
	"os"
	"strings"
	"testing"

	"industrydash/internal/msg"
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
		{"bad postgres dsn", func(c *Config) { c.PostgresDSN = "mysql://x" }, "PostgreSQL 连接串"},
		{"good postgres dsn", func(c *Config) { c.PostgresDSN = "postgres://u:p@127.0.0.1:5432/db" }, ""},
		{"clickhouse without postgres needs a data dir", func(c *Config) {
			c.ClickHouseDSN, c.DataDir = "clickhouse://u:p@127.0.0.1:9000/db", ""
		}, "账户与填报"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.mod(&c)
			err := c.Validate()
			if tt.want == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.want != "" && (err == nil || !strings.Contains(msg.Text(err), tt.want)) {
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

func TestStoreLabelHidesPostgresPassword(t *testing.T) {
	c := Default()
	c.PostgresDSN = "postgres://admin:pg-secret@db:5432/ind"
	if l := c.StoreLabel(); strings.Contains(l, "pg-secret") || !strings.Contains(l, "PostgreSQL") {
		t.Fatalf("label %q: want PostgreSQL named without its password", l)
	}
}

// TestDemoOnlyWhereAsked: the embedded quick start loads the demo by
// default; ClickHouse only with an explicit -demo or DEMO=1.
func TestDemoOnlyWhereAsked(t *testing.T) {
	const ch = "clickhouse://u@127.0.0.1:9000/db"
	cases := []struct {
		name string
		env  string // DEMO, "-" for unset
		args []string
		want bool
	}{
		{"embedded default", "-", nil, true},
		{"embedded -demo=false", "-", []string{"-demo=false"}, false},
		{"embedded DEMO=0", "0", nil, false},
		{"clickhouse default", "-", []string{"-clickhouse", ch}, false},
		{"clickhouse -demo", "-", []string{"-clickhouse", ch, "-demo"}, true},
		{"clickhouse DEMO=1", "1", []string{"-clickhouse", ch}, true},
		{"clickhouse DEMO=0", "0", []string{"-clickhouse", ch}, false},
		{"clickhouse DEMO=1 -demo=false", "1", []string{"-clickhouse", ch, "-demo=false"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env == "-" {
				t.Setenv("DEMO", "")
				os.Unsetenv("DEMO")
			} else {
				t.Setenv("DEMO", tc.env)
			}
			t.Setenv("CLICKHOUSE_DSN", "")
			c := Default()
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			c.Register(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			if got := c.WantDemo(); got != tc.want {
				t.Fatalf("WantDemo = %v, want %v", got, tc.want)
			}
		})
	}
}
