package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"industrydash/internal/leading"
	"industrydash/internal/store/clickhouse"
	"industrydash/internal/testenv/chtest"
)

// Issue 24, finding 5: `ingest leading-power` killed after its first block
// leaves no rows visible; running it again loads the file once, completely.
func TestKilledLeadingLoadLeavesNothingVisible(t *testing.T) {
	ctx := context.Background()
	t.Setenv("DATA_DIR", t.TempDir()) // the workflow store beside ClickHouse
	dir := t.TempDir()
	power := filepath.Join(dir, "power.csv")
	runOK(t, "leading-demo", "-enterprises", "60", "-days", "2000", "-o", power, "-prices-o", filepath.Join(dir, "prices.csv"))
	const rows = 60 * 2000
	dsn := chtest.NewDatabase(t)
	runOK(t, "migrate", "-clickhouse", dsn)
	st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	readings := func() int64 {
		ps, err := st.PowerMonthly(ctx, leading.PowerQuery{From: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, p := range ps {
			n += p.Readings
		}
		return n
	}
	written := func() int {
		n, err := strconv.Atoi(clientCount(t, dsn, "SELECT count() FROM leading_power"))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// The load, in blocks of 2,000 rows, killed once its first block is in.
	raw, _ := json.Marshal([]string{"leading-power", "-clickhouse", dsn, "-chunk-rows", "2000", power})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(raw))
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for written() == 0 {
		select {
		case err := <-done:
			t.Fatalf("the load ended (%v) before its first block could be seen; make the file larger", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("no block was written within 2 minutes")
		}
		time.Sleep(5 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	<-done
	if w := written(); w == 0 || w >= rows {
		t.Fatalf("killed after %d of %d rows: the kill came too late to test anything", w, rows)
	}
	if n := readings(); n != 0 {
		t.Fatalf("a killed load left %d readings visible, want none", n)
	}

	// Run again: the whole file, once.
	out := runOK(t, "leading-power", "-clickhouse", dsn, "-chunk-rows", "20000", power)
	if !strings.Contains(out, "新增 120000") {
		t.Errorf("rerun said %q", out)
	}
	if n := readings(); n != rows {
		t.Fatalf("after the rerun %d readings are visible, want %d", n, rows)
	}
	out = runOK(t, "leading-power", "-clickhouse", dsn, power)
	if !strings.Contains(out, "未重复导入") || readings() != rows {
		t.Fatalf("a third run: %q, %d readings", out, readings())
	}
}
