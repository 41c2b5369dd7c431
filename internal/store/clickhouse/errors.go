package clickhouse

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"log/slog"
	"net"
	"syscall"

	ch "github.com/ClickHouse/clickhouse-go/v2"

	"industrydash/internal/store"
)

// Error is what the store returns for a failed operation: Error() is a
// Chinese message fit for users (what failed, and what to do), while the
// driver's own error stays reachable through errors.Is/As and in logs
// (Error implements slog.LogValuer).
type Error struct {
	Op  string // the store method, e.g. "CurrentObservations"
	Msg string // the user-facing message, in Chinese
	Err error  // the cause; joined with store.ErrUnavailable when retryable
}

// Error returns the user-facing message.
func (e *Error) Error() string { return e.Msg }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// LogValue gives logs the operation and the underlying cause.
func (e *Error) LogValue() slog.Value {
	cause := ""
	if e.Err != nil {
		cause = e.Err.Error()
	}
	return slog.GroupValue(slog.String("op", e.Op), slog.String("msg", e.Msg), slog.String("cause", cause))
}

// ClickHouse server error codes the store treats specially.
const (
	codeTimeoutExceeded = 159
	codeUnknownTable    = 60
	codeUnknownDatabase = 81
	codeTooManyQueries  = 202
	codeNotEnoughSpace  = 243
	codeMemoryLimit     = 241
	codeIllegalColumn   = 44
	// A Distributed query or insert could not reach a shard (cluster mode):
	// NETWORK_ERROR, SOCKET_TIMEOUT, ALL_CONNECTION_TRIES_FAILED. A retry
	// may cure them.
	codeNetworkError       = 210
	codeSocketTimeout      = 209
	codeAllConnectionTries = 279
)

// failure wraps err, a failure of op (described in Chinese by what), into
// an *Error whose message says what to do. Connection failures and timeouts
// also match store.ErrUnavailable.
func (s *Store) failure(op, what string, err error) error {
	if err == nil {
		return nil
	}
	var ours *Error
	if errors.As(err, &ours) {
		return err
	}
	e := &Error{Op: op, Err: err}
	var ex *ch.Exception
	switch {
	case errors.Is(err, context.Canceled):
		e.Msg = what + "已取消。"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ex) && ex.Code == codeTimeoutExceeded:
		e.Msg = what + "超时：ClickHouse 未能在限定时间内完成，可能正忙或数据量过大，请稍后重试或缩小查询范围。"
		e.Err = errors.Join(store.ErrUnavailable, err)
	case errors.As(err, &ex) && (ex.Code == codeNetworkError || ex.Code == codeSocketTimeout || ex.Code == codeAllConnectionTries):
		e.Msg = what + "失败：ClickHouse 集群中有节点暂时无法访问，请稍后重试；若持续出现，请检查各分片服务是否运行。"
		e.Err = errors.Join(store.ErrUnavailable, err)
	case errors.As(err, &ex) && (ex.Code == codeTooManyQueries || ex.Code == codeMemoryLimit):
		e.Msg = what + "失败：ClickHouse 资源暂时不足，请稍后重试。"
		e.Err = errors.Join(store.ErrUnavailable, err)
	case errors.As(err, &ex) && ex.Code == codeNotEnoughSpace:
		e.Msg = what + "失败：ClickHouse 服务器磁盘空间已满，请联系管理员清理磁盘后重试。"
		e.Err = errors.Join(store.ErrDiskFull, err)
	case errors.As(err, &ex) && (ex.Code == codeUnknownTable || ex.Code == codeUnknownDatabase):
		e.Msg = what + "失败：ClickHouse 数据库表结构尚未建立或版本不符，请先运行 ingest migrate（或重启服务以自动迁移）。"
	case errors.As(err, &ex):
		e.Msg = what + "失败：ClickHouse 拒绝了请求，请联系管理员查看服务日志。"
	case unreachable(err):
		e.Msg = what + "失败：无法连接 ClickHouse（" + s.addr + "），请检查服务是否运行、网络是否畅通、连接串（DSN）是否正确，然后重试。"
		e.Err = errors.Join(store.ErrUnavailable, err)
	default:
		e.Msg = what + "失败：访问 ClickHouse 时出错，请联系管理员查看服务日志。"
	}
	return e
}

// unreachable reports whether err means the server could not be reached or
// the connection broke: the cases a retry may cure.
func unreachable(err error) bool {
	var ne net.Error
	switch {
	case errors.As(err, &ne),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, driver.ErrBadConn),
		errors.Is(err, ch.ErrAcquireConnTimeout), errors.Is(err, ch.ErrConnectionClosed):
		return true
	}
	return false
}
