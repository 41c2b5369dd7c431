//go:build linux || darwin || freebsd

package main

import (
	"bufio"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// readNoEcho reads one line from a terminal with echo turned off.
func readNoEcho(f *os.File) (string, error) {
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err == nil {
		t := *old
		t.Lflag &^= unix.ECHO
		t.Lflag |= unix.ICANON | unix.ISIG
		if err := unix.IoctlSetTermios(fd, ioctlSetTermios, &t); err == nil {
			defer unix.IoctlSetTermios(fd, ioctlSetTermios, old)
		}
	}
	line, err := bufio.NewReader(f).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}
