package store

import (
	"errors"
	"fmt"
	"strings"
)

// Code is the kind of a store failure. The edge (the web error handler, a
// command's output) picks the user's Chinese message by it; the store itself
// speaks English to the log.
type Code int

// Codes of store failures.
const (
	CodeUnknown     Code = iota
	CodeNotFound         // the record does not exist (matches ErrNotFound)
	CodeConflict         // a uniqueness or version check failed (matches ErrConflict)
	CodeUnavailable      // the backend cannot be reached; retry (matches ErrUnavailable)
)

func (c Code) String() string {
	switch c {
	case CodeNotFound:
		return "not found"
	case CodeConflict:
		return "conflict"
	case CodeUnavailable:
		return "unavailable"
	}
	return "failed"
}

// Error is a store failure: its code, the operation, the record it concerns
// and the cause (the driver's error, kept for the log). Error() is English;
// errors.Is matches the sentinel of its code (ErrNotFound, ErrConflict,
// ErrUnavailable) as well as the cause.
type Error struct {
	Code Code
	Op   string // e.g. "put user"
	// Entity and Key name the record: "user"/"submission"/"session"/
	// "token"/"outbox entry" and its id or name (either may be empty).
	Entity string
	Key    string
	Err    error
}

// Error returns English text for logs: op entity "key": code: cause.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.Entity != "" {
		b.WriteString(" " + e.Entity)
	}
	if e.Key != "" {
		fmt.Fprintf(&b, " %q", e.Key)
	}
	b.WriteString(": " + e.Code.String())
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches the sentinel of the error's code.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Code == CodeNotFound
	case ErrConflict:
		return e.Code == CodeConflict
	case ErrUnavailable:
		return e.Code == CodeUnavailable
	}
	return false
}

// NotFound returns the error for a missing record.
func NotFound(op, entity, key string) error {
	return &Error{Code: CodeNotFound, Op: op, Entity: entity, Key: key}
}

// Conflict returns the error for a failed uniqueness or version check.
func Conflict(op, entity, key string, cause error) error {
	return &Error{Code: CodeConflict, Op: op, Entity: entity, Key: key, Err: cause}
}

// Subject returns the entity and key of the first *Error in err's chain.
func Subject(err error) (entity, key string, ok bool) {
	var e *Error
	if !errors.As(err, &e) {
		return "", "", false
	}
	return e.Entity, e.Key, true
}
