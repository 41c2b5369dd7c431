package domain

import (
	"fmt"
	"strings"
)

// Error is a broken domain rule. Code names its message in the product's
// message catalogue (internal/msg renders it for users, in Chinese, at the
// edge); Args fill the message in. Error gives the code and arguments, for
// logs. The domain imports only the standard library, so it names its
// messages instead of wording them. The progress engine and the budget
// engine use it too.
type Error struct {
	Code  string
	Args  []any
	Cause error
}

// NewError returns the error of code with its message's arguments.
func NewError(code string, args ...any) *Error { return &Error{Code: code, Args: args} }

// WrapError returns the error of code that wraps cause.
func WrapError(cause error, code string, args ...any) *Error {
	return &Error{Code: code, Args: args, Cause: cause}
}

// Error returns the code and the arguments (and the cause's text).
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	for i, a := range e.Args {
		if i == 0 {
			b.WriteString(" ")
		} else {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%v", a)
	}
	if e.Cause != nil {
		b.WriteString(": ")
		b.WriteString(e.Cause.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// MessageCode is the catalogue code of the message (see internal/msg).
func (e *Error) MessageCode() string { return e.Code }

// MessageArgs are the message's arguments.
func (e *Error) MessageArgs() []any { return e.Args }
