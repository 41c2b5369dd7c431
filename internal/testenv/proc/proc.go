// Package proc runs the private servers the test harnesses start
// (ClickHouse and ZooKeeper in chtest, PostgreSQL in pgtest): a process whose
// exit is observed, a wait until it answers, a graceful halt, log tails, free
// ports and unique database names. On Linux the process dies with the test
// process (Pdeathsig), so a crashed or killed test run leaves no server behind.
package proc

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// Process is a started server process.
type Process struct {
	Cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // its exit status, valid after done
}

// Start starts cmd, to be killed by the kernel if the test process dies,
// and watches for its exit. cmd.SysProcAttr, when set, keeps its other
// fields (e.g. the credential a root test runs PostgreSQL as).
func Start(cmd *exec.Cmd) (*Process, error) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	dieWithParent(cmd.SysProcAttr)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	p := &Process{Cmd: cmd, done: make(chan struct{})}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	return p, nil
}

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// PID is the process id.
func (p *Process) PID() int { return p.Cmd.Process.Pid }

// Halt sends sig (SIGTERM, or SIGINT for PostgreSQL's fast shutdown), waits
// up to grace for the exit, then kills the process.
func (p *Process) Halt(sig os.Signal, grace time.Duration) {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.Cmd.Process.Signal(sig)
	select {
	case <-p.done:
	case <-time.After(grace):
		p.Kill()
	}
}

// Kill kills the process at once and waits for its exit.
func (p *Process) Kill() {
	_ = p.Cmd.Process.Kill()
	<-p.done
}

// WaitReady calls ping every interval until it succeeds, the process exits
// or limit passes; name is the server's name in the error.
func (p *Process) WaitReady(name string, limit, interval time.Duration, ping func(context.Context) error) error {
	deadline := time.Now().Add(limit)
	for {
		select {
		case <-p.done:
			return fmt.Errorf("%s exited during start-up: %v", name, p.err)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := ping(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not answer within %v: %w", name, limit, err)
		}
		time.Sleep(interval)
	}
}

// Tail returns the last n lines of the file at path, or why it cannot.
func Tail(path string, n int) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}

// FreePorts asks the kernel for n distinct free ports on 127.0.0.1. A port
// may still be taken before the server binds it: callers retry with fresh
// ones.
func FreePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for len(ports) < n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find free port: %w", err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

var nonIdent = regexp.MustCompile(`[^a-z0-9_]+`)

// DatabaseName makes a valid, unique database name (at most 52 bytes, within
// both servers' limits) from a test name.
func DatabaseName(testName string) string {
	s := nonIdent.ReplaceAllString(strings.ToLower(testName), "_")
	s = strings.Trim(s, "_")
	if len(s) > 40 {
		s = s[:40]
	}
	var r [4]byte
	_, _ = rand.Read(r[:])
	return "t_" + s + "_" + hex.EncodeToString(r[:])
}
