package proc_test

import (
	"context"
	"errors"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"industrydash/internal/testenv/proc"
)

func TestHaltStopsAProcessAndWaitReadySeesItsExit(t *testing.T) {
	p, err := proc.Start(exec.Command("sleep", "60"))
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	err = p.WaitReady("sleep", time.Minute, time.Millisecond, func(context.Context) error {
		calls++
		if calls == 3 {
			p.Halt(syscall.SIGTERM, 10*time.Second)
		}
		return errors.New("not ready")
	})
	if err == nil || !strings.Contains(err.Error(), "sleep exited during start-up") {
		t.Fatalf("WaitReady after the process exited: %v", err)
	}
	select {
	case <-p.Done():
	default:
		t.Fatal("Done not closed after Halt")
	}
	p.Halt(syscall.SIGTERM, time.Second) // halting an exited process returns at once
}

func TestWaitReadyReturnsOnceThePingSucceeds(t *testing.T) {
	p, err := proc.Start(exec.Command("sleep", "60"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Kill()
	calls := 0
	if err := p.WaitReady("sleep", time.Minute, time.Millisecond, func(context.Context) error {
		if calls++; calls < 3 {
			return errors.New("not yet")
		}
		return nil
	}); err != nil || calls != 3 {
		t.Fatalf("WaitReady: %v after %d pings", err, calls)
	}
}

func TestFreePortsAreDistinctAndNamesValid(t *testing.T) {
	ports, err := proc.FreePorts(5)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range ports {
		if seen[p] || p <= 0 {
			t.Fatalf("ports %v", ports)
		}
		seen[p] = true
	}
	a, b := proc.DatabaseName("TestX/some sub-test: 中文 & more"), proc.DatabaseName("TestX/some sub-test: 中文 & more")
	if a == b || !regexp.MustCompile(`^t_[a-z0-9_]+_[0-9a-f]{8}$`).MatchString(a) || len(a) > 52 {
		t.Fatalf("names %q %q", a, b)
	}
}
