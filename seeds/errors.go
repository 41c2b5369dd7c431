package seeds

import (
	"cmp"
	"fmt"
	"strings"

	"industrydash/internal/msg"
)

// Problem is one thing wrong in a catalogue file, located the way a person
// editing the file in Excel/WPS finds it.
type Problem struct {
	// File is the file name, e.g. targets_2024.csv.
	File string `json:"file"`
	// Row is the 1-based row number (the header is row 1); 0 when the problem
	// concerns the whole file.
	Row int `json:"row,omitempty"`
	// Col is the 1-based column number; 0 when the whole row is concerned.
	Col int `json:"col,omitempty"`
	// Column is the column's header text, e.g. "比较方式 comparator".
	Column string `json:"column,omitempty"`
	// Msg says, in Chinese, what is wrong and what to do.
	Msg string `json:"msg"`
}

// String renders the problem as one Chinese line: file, row, column, message.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Row > 0 {
		fmt.Fprintf(&b, " 第%d行", p.Row)
	}
	if p.Col > 0 {
		fmt.Fprintf(&b, " %s列", columnLetter(p.Col))
	}
	if p.Column != "" {
		fmt.Fprintf(&b, "（%s）", p.Column)
	}
	b.WriteString("：")
	b.WriteString(p.Msg)
	return b.String()
}

// Error lists every problem found while loading a catalogue. Load returns it
// (as *Error) so that a person can fix all problems in one pass.
type Error struct {
	Problems []Problem
	// Subject names what was being loaded, a noun of the catalogue
	// ("" reads the targets catalogue).
	Subject msg.Code
}

// UserMessage renders all problems, one per line, after a summary line.
func (e *Error) UserMessage() *msg.Error {
	var b strings.Builder
	for _, p := range e.Problems {
		b.WriteString("\n  - ")
		b.WriteString(p.String())
	}
	return msg.New(msg.SeedsProblems, cmp.Or(e.Subject, msg.SeedsNounCatalogue), len(e.Problems), b.String())
}

// Error returns the English summary and the problems.
func (e *Error) Error() string { return e.UserMessage().Error() }

// columnLetter converts a 1-based column number to its spreadsheet letter (1 → A, 27 → AA).
func columnLetter(n int) string {
	var s []byte
	for n > 0 {
		n--
		s = append([]byte{byte('A' + n%26)}, s...)
		n /= 26
	}
	return string(s)
}

// problems collects Problems while a catalogue loads.
type problems struct {
	list []Problem
}

func (ps *problems) add(file string, row, col int, column, format string, args ...any) {
	ps.list = append(ps.list, Problem{File: file, Row: row, Col: col, Column: column, Msg: fmt.Sprintf(format, args...)})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &Error{Problems: ps.list}
}
