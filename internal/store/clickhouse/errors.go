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

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Error is what the store returns for a failed operation: Error() is
// English for logs (the operation, the message and the cause), while Msg
// is the catalogue message users read (msg.Text renders it in Chinese,
// saying what failed and what to do) and the driver's own error stays
// reachable through errors.Is/As (Error implements slog.LogValuer).
type Error struct {
	Op  string     // the store method, e.g. "CurrentObservations"
	Msg *msg.Error // the user message: a catalogue code and its arguments
	Err error      // the cause; joined with store.ErrUnavailable when retryable
}

// Error returns the operation, the English message and the cause.
func (e *Error) Error() string {
	s := e.Op + ": " + e.message()
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) message() string {
	if e.Msg == nil {
		return "failed"
	}
	return e.Msg.Error()
}

// UserMessage returns the message users read (msg.Messenger).
func (e *Error) UserMessage() *msg.Error { return e.Msg }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// LogValue gives logs the operation, the English message and the cause.
func (e *Error) LogValue() slog.Value {
	cause := ""
	if e.Err != nil {
		cause = e.Err.Error()
	}
	return slog.GroupValue(slog.String("op", e.Op), slog.String("msg", e.message()), slog.String("cause", cause))
}

// invalid returns the *Error of op for invalid input or state: its user
// message is code with args, its cause err (may be nil).
func invalid(op string, err error, code msg.Code, args ...any) *Error {
	return &Error{Op: op, Msg: msg.New(code, args...), Err: err}
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

// failure wraps err, a failure of op, into an *Error whose message says
// what was being done (the catalogue noun what, with args) and what to do.
// Connection failures and timeouts also match store.ErrUnavailable.
func (s *Store) failure(op string, err error, what msg.Code, args ...any) error {
	if err == nil {
		return nil
	}
	var ours *Error
	if errors.As(err, &ours) {
		return err
	}
	var noun any = what
	if len(args) > 0 {
		noun = msg.New(what, args...)
	}
	e := &Error{Op: op, Err: err}
	reason, withAddr := reasonOf(err)
	switch reason {
	case msg.CHTimeout, msg.CHNodeUnreachable, msg.CHBusy, msg.CHUnreachable:
		e.Err = errors.Join(store.ErrUnavailable, err)
	case msg.CHDiskFull:
		e.Err = errors.Join(store.ErrDiskFull, err)
	}
	if withAddr {
		e.Msg = msg.New(reason, noun, s.addr)
	} else {
		e.Msg = msg.New(reason, noun)
	}
	return e
}

// reasonOf classifies err into the catalogue code of its reason; withAddr says
// whether the message also names the server's address.
func reasonOf(err error) (reason msg.Code, withAddr bool) {
	var ex *ch.Exception
	isEx := errors.As(err, &ex)
	switch {
	case errors.Is(err, context.Canceled):
		return msg.CHCancelled, false
	case errors.Is(err, context.DeadlineExceeded) || isEx && ex.Code == codeTimeoutExceeded:
		return msg.CHTimeout, false
	case isEx && (ex.Code == codeNetworkError || ex.Code == codeSocketTimeout || ex.Code == codeAllConnectionTries):
		return msg.CHNodeUnreachable, false
	case isEx && (ex.Code == codeTooManyQueries || ex.Code == codeMemoryLimit):
		return msg.CHBusy, false
	case isEx && ex.Code == codeNotEnoughSpace:
		return msg.CHDiskFull, false
	case isEx && (ex.Code == codeUnknownTable || ex.Code == codeUnknownDatabase):
		return msg.CHNoSchema, false
	case isEx:
		return msg.CHRefused, false
	case unreachable(err):
		return msg.CHUnreachable, true
	}
	return msg.CHFailed, false
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
