//go:build !(linux || darwin || freebsd)

package main

import (
	"bufio"
	"os"
	"strings"
)

// readNoEcho reads one line; this platform's echo stays on.
func readNoEcho(f *os.File) (string, error) {
	line, err := bufio.NewReader(f).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}
