package clickhouse_test

import (
	"strings"
	"testing"
	"time"

	"industrydash/internal/msg"
	"industrydash/internal/store/clickhouse"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		cfg     clickhouse.Config
		wantErr string // substring of the Chinese message; "" means valid
	}{
		{"full DSN", clickhouse.Config{DSN: "clickhouse://u:p@127.0.0.1:9000/industrydash"}, ""},
		{"no database uses default", clickhouse.Config{DSN: "clickhouse://127.0.0.1:9000"}, ""},
		{"tcp scheme", clickhouse.Config{DSN: "tcp://h:9000/db"}, ""},
		{"empty", clickhouse.Config{}, "连接串（DSN）为空"},
		{"http", clickhouse.Config{DSN: "http://h:8123/db"}, "只支持原生协议"},
		{"other scheme", clickhouse.Config{DSN: "mysql://h/db"}, "协议“mysql”不对"},
		{"no host", clickhouse.Config{DSN: "clickhouse:///db"}, "缺少主机名"},
		{"bad port", clickhouse.Config{DSN: "clickhouse://h:99999/db"}, "端口“99999”无效"},
		{"bad database", clickhouse.Config{DSN: "clickhouse://h:9000/my-db"}, "数据库名“my-db”无效"},
		{"negative timeout", clickhouse.Config{DSN: "clickhouse://h/db", QueryTimeout: -time.Second}, "不能为负数"},
		{"cluster name", clickhouse.Config{DSN: "clickhouse://h/db", Cluster: "prod_2shards"}, ""},
		{"bad cluster name", clickhouse.Config{DSN: "clickhouse://h/db", Cluster: "prod-2"}, "集群名“prod-2”无效"},
		{"sub-second query timeout", clickhouse.Config{DSN: "clickhouse://h/db", QueryTimeout: 10 * time.Millisecond}, "太短"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("Validate: %v, want nil", err)
			case tc.wantErr != "" && err == nil:
				t.Fatalf("Validate accepted %+v", tc.cfg)
			case tc.wantErr != "" && !strings.Contains(msg.Text(err), tc.wantErr):
				t.Fatalf("Validate = %q, want it to mention %q", msg.Text(err), tc.wantErr)
			}
		})
	}
}
