package main

import (
	"os"
	"strings"

	"golang.org/x/term"
)

// readNoEcho reads one line from a terminal with echo turned off (on every
// platform golang.org/x/term supports, Windows included).
func readNoEcho(f *os.File) (string, error) {
	b, err := term.ReadPassword(int(f.Fd()))
	return strings.TrimRight(string(b), "\r\n"), err
}

// isTerminal reports whether f is an interactive terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }
