package clickhouse

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"industrydash/internal/leading"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// TestFailureMessages pins the Chinese users read for each reason, the
// English of Error() and the sentinels the reasons join.
func TestFailureMessages(t *testing.T) {
	s := &Store{addr: "db1:9000"}
	han := regexp.MustCompile(`\p{Han}`)
	tests := []struct {
		name   string
		err    error
		is     error // a sentinel err must match, or nil
		wantZh string
	}{
		{"cancelled", context.Canceled, nil, "读取单位已取消。"},
		{"deadline", context.DeadlineExceeded, store.ErrUnavailable,
			"读取单位超时：ClickHouse 未能在限定时间内完成，可能正忙或数据量过大，请稍后重试或缩小查询范围。"},
		{"server timeout", &ch.Exception{Code: codeTimeoutExceeded}, store.ErrUnavailable,
			"读取单位超时：ClickHouse 未能在限定时间内完成，可能正忙或数据量过大，请稍后重试或缩小查询范围。"},
		{"node", &ch.Exception{Code: codeAllConnectionTries}, store.ErrUnavailable,
			"读取单位失败：ClickHouse 集群中有节点暂时无法访问，请稍后重试；若持续出现，请检查各分片服务是否运行。"},
		{"busy", &ch.Exception{Code: codeMemoryLimit}, store.ErrUnavailable, "读取单位失败：ClickHouse 资源暂时不足，请稍后重试。"},
		{"disk", &ch.Exception{Code: codeNotEnoughSpace}, store.ErrDiskFull,
			"读取单位失败：ClickHouse 服务器磁盘空间已满，请联系管理员清理磁盘后重试。"},
		{"schema", &ch.Exception{Code: codeUnknownTable}, nil,
			"读取单位失败：ClickHouse 数据库表结构尚未建立或版本不符，请先运行 ingest migrate（或重启服务以自动迁移）。"},
		{"refused", &ch.Exception{Code: 1}, nil, "读取单位失败：ClickHouse 拒绝了请求，请联系管理员查看服务日志。"},
		{"unreachable", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), store.ErrUnavailable,
			"读取单位失败：无法连接 ClickHouse（db1:9000），请检查服务是否运行、网络是否畅通、连接串（DSN）是否正确，然后重试。"},
		{"other", errors.New("boom"), nil, "读取单位失败：访问 ClickHouse 时出错，请联系管理员查看服务日志。"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.failure("OrgUnits", tc.err, msg.NounCHReadUnits)
			if got := msg.Text(err); got != tc.wantZh {
				t.Errorf("msg.Text = %q, want %q", got, tc.wantZh)
			}
			if got := msg.Text(fmt.Errorf("load: %w", err)); got != "load: "+tc.wantZh {
				t.Errorf("msg.Text of a wrapper = %q", got)
			}
			if han.MatchString(err.Error()) || !strings.HasPrefix(err.Error(), "OrgUnits: read org units") {
				t.Errorf("Error() = %q, want English starting with the op", err.Error())
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(err, %v) = false", tc.is)
			}
			if !errors.Is(err, tc.err) {
				t.Error("the cause is not reachable")
			}
			if v := err.(*Error).LogValue(); !strings.Contains(v.String(), "read org units") {
				t.Errorf("LogValue = %v", v)
			}
		})
	}
	if err := s.failure("OrgUnits", nil, msg.NounCHReadUnits); err != nil {
		t.Errorf("failure(nil) = %v", err)
	}
}

func TestFailureNounArgs(t *testing.T) {
	s := &Store{addr: "db1:9000"}
	err := s.failure("AppendObservations", errors.New("boom"), msg.NounCHWriteObservations, 3)
	if got, want := msg.Text(err), "写入 3 条实绩失败：访问 ClickHouse 时出错，请联系管理员查看服务日志。"; got != want {
		t.Errorf("msg.Text = %q, want %q", got, want)
	}
	if got, want := err.Error(), "AppendObservations: write 3 observations: failed: boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// An *Error is not wrapped twice.
	if again := s.failure("Other", err, msg.NounCHReadUnits); again != err {
		t.Errorf("failure re-wrapped an *Error: %v", again)
	}
	var _ msg.Messenger = err.(*Error)
	var _ slog.LogValuer = err.(*Error)
}

func TestInvalidMessage(t *testing.T) {
	bad := leading.PowerReading{Enterprise: "", Date: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	verr := bad.Validate()
	err := invalid("AppendPower", errors.Join(leading.ErrInvalid, verr),
		msg.CHBadPower, 1, bad.Enterprise, chDate(bad.Date), verr, 2)
	if got, want := msg.Text(err), "第 1 条用电量（企业“”，2024-03-01）有误：企业代码为空。本批 2 条均未写入。"; got != want {
		t.Errorf("msg.Text = %q, want %q", got, want)
	}
	if !errors.Is(err, leading.ErrInvalid) {
		t.Error("not ErrInvalid")
	}
	if got, want := msg.Text(invalid("Open", nil, msg.CHDSNUnparsable)),
		"ClickHouse 连接串（DSN）无法解析，应写成 clickhouse://用户名:密码@主机:9000/数据库名"; got != want {
		t.Errorf("msg.Text = %q, want %q", got, want)
	}
}
