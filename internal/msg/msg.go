// Package msg holds the errors that carry a code, their arguments and their
// cause, and the one catalogue of their wording: English for the log
// (Error) and Chinese for users (Text), rendered once at the edge (the web
// error handler, a command's stderr, a delivery log shown on a page).
//
// Stores, domain code and configuration return *Error values (or wrap them
// with English context); they never hold Chinese text themselves.
package msg

import (
	"errors"
	"fmt"
	"strings"
)

// Code names one message of the catalogue.
type Code string

// Error is a failure with a code, the arguments of its message and its
// cause. Error() is English (for logs); Text renders the Chinese for users.
type Error struct {
	Code  Code
	Args  []any
	Cause error
}

// New returns an error with the code's message and its arguments.
func New(code Code, args ...any) *Error { return &Error{Code: code, Args: args} }

// Wrap returns an error with the code's message that wraps cause.
func Wrap(cause error, code Code, args ...any) *Error {
	return &Error{Code: code, Args: args, Cause: cause}
}

// Error returns the English message, followed by ": " and the cause's
// Error() when there is a cause.
func (e *Error) Error() string {
	s := format(e.Code, false, e.Args, nil)
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// Is reports whether target is an *Error of the same code with no
// arguments (a sentinel): errors.Is(err, msg.New(code)) matches any error
// of that code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != e && t.Code == e.Code && len(t.Args) == 0 && t.Cause == nil
}

// Messenger is a typed error that keeps its user message apart from its
// cause (parse.FileError: the message names the file, the cause is the
// reader's error): Text renders UserMessage instead of the chain.
type Messenger interface {
	error
	UserMessage() *Error
}

// Find returns the outermost *Error in err's chain.
func Find(err error) (*Error, bool) {
	for x := err; x != nil; x = errors.Unwrap(x) {
		switch v := x.(type) {
		case *Error:
			return v, true
		case coded:
			return fromCoded(v), true
		}
	}
	var e *Error // a tree of joined errors
	ok := errors.As(err, &e)
	return e, ok
}

// coded is an error of a package that may not import msg (the domain and
// the engines import only the standard library; see domain.Error): it
// names its catalogue code and arguments instead of wording itself.
type coded interface {
	error
	MessageCode() string
	MessageArgs() []any
}

func fromCoded(c coded) *Error {
	return &Error{Code: Code(c.MessageCode()), Args: c.MessageArgs(), Cause: errors.Unwrap(c)}
}

// Has reports whether err's chain holds an *Error or a Messenger, i.e.
// whether Text has a message for users rather than the error's own
// (English or raw) text.
func Has(err error) bool {
	var m Messenger
	_, ok := Find(err)
	return ok || errors.As(err, &m)
}

// CodeOf returns the code of the outermost *Error in err's chain, or "".
func CodeOf(err error) Code {
	if e, ok := Find(err); ok {
		return e.Code
	}
	return ""
}

// Text renders err for users in Chinese. An *Error renders its code's
// Chinese template with its arguments (an argument that is an error is
// rendered by Text too), followed by its cause's rendering where the
// template asks for it. A wrapper without a code (fmt.Errorf("load: %w"))
// keeps its own context and renders what it wraps. An error with no *Error
// in its chain is returned as its own Error() text: an edge that must not
// show such text (a raw driver error) checks Has first and shows a generic
// line instead.
func Text(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := err.(*Error); ok {
		return format(e.Code, true, e.Args, e.Cause)
	}
	if c, ok := err.(coded); ok {
		e := fromCoded(c)
		return format(e.Code, true, e.Args, e.Cause)
	}
	if m, ok := err.(Messenger); ok {
		return Text(m.UserMessage())
	}
	s := err.Error()
	if !Has(err) {
		return s
	}
	var inner []error
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		inner = []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		inner = u.Unwrap()
	}
	done := 0 // rendered children replace their English text in order
	var b strings.Builder
	for _, c := range inner {
		if c == nil || !Has(c) {
			continue
		}
		cs := c.Error()
		i := strings.Index(s[done:], cs)
		if i < 0 {
			// The wrapper does not quote its cause: show the cause alone.
			return Text(c)
		}
		b.WriteString(s[done : done+i])
		b.WriteString(Text(c))
		done += i + len(cs)
	}
	b.WriteString(s[done:])
	return b.String()
}

// format renders the code's template in Chinese (zh) or English with args;
// error and Code arguments are rendered in the same language. A Chinese template
// whose entry takes the cause gets it as one more, final argument.
func format(code Code, zh bool, args []any, cause error) string {
	en, ok := catalogue[code]
	if !ok {
		return string(code)
	}
	tmpl := en.En
	if zh {
		tmpl = en.Zh
	}
	vals := make([]any, 0, len(args)+1)
	for _, a := range args {
		if c, ok := a.(Code); ok { // a noun of the catalogue
			a = format(c, zh, nil, nil)
		}
		if ae, ok := a.(error); ok {
			if zh {
				a = Text(ae)
			} else {
				a = ae.Error()
			}
		}
		vals = append(vals, a)
	}
	if zh && en.Cause {
		c := ""
		if cause != nil {
			c = Text(cause)
		}
		vals = append(vals, c)
	}
	if len(vals) == 0 {
		return tmpl
	}
	return fmt.Sprintf(tmpl, vals...)
}

// Entry is one message of the catalogue: Chinese and English templates
// with fmt verbs for the arguments. When Cause is set the Chinese template
// takes the rendered cause as its final %s (the English text always ends
// with ": " and the cause).
type Entry struct {
	Zh, En string
	Cause  bool
}

// catalogue is every message, merged from the per-area tables at start-up.
var catalogue = map[Code]Entry{}

func register(area map[Code]Entry) {
	for c, e := range area {
		if _, dup := catalogue[c]; dup {
			panic("msg: duplicate code " + string(c))
		}
		catalogue[c] = e
	}
}

// Lookup returns the catalogue entry of code.
func Lookup(code Code) (Entry, bool) {
	e, ok := catalogue[code]
	return e, ok
}

// Codes returns every code of the catalogue (for tests).
func Codes() []Code {
	out := make([]Code, 0, len(catalogue))
	for c := range catalogue {
		out = append(out, c)
	}
	return out
}
