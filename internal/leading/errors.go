package leading

import "fmt"

// Error is an invalid reading, price or query. Code names its message in
// the product's message catalogue (internal/msg renders it for users, in
// Chinese, at the edge: msg.Text); Error() is English, for logs. The
// package imports only the standard library, so it names its messages
// instead of wording them for users (as domain.Error does).
type Error struct {
	Code  string
	Args  []any
	Cause error
	en    string // English format of Args
}

// Catalogue codes of the package's messages (see internal/msg's
// catalogue_leading.go).
const (
	CodeNoEnterprise  = "leading.NoEnterprise"
	CodeBadReadDate   = "leading.BadReadingDate"
	CodeNegativePower = "leading.NegativePower"
	CodePowerTooLarge = "leading.PowerTooLarge"
	CodeNoCommodity   = "leading.NoCommodity"
	CodeBadPrice      = "leading.BadPrice"
	CodeToBeforeFrom  = "leading.ToBeforeFrom"
)

func newError(cause error, code, en string, args ...any) *Error {
	return &Error{Code: code, Args: args, Cause: cause, en: en}
}

// Error returns the English message (and the cause's text).
func (e *Error) Error() string {
	s := e.en
	if len(e.Args) > 0 {
		s = fmt.Sprintf(e.en, e.Args...)
	}
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// MessageCode is the catalogue code of the message (see internal/msg).
func (e *Error) MessageCode() string { return e.Code }

// MessageArgs are the message's arguments.
func (e *Error) MessageArgs() []any { return e.Args }
