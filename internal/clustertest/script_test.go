package clustertest_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/internal/store/clickhouse"
)

// TestClusterScriptComesBack runs scripts/cluster.sh as a user does:
// up → load → down → up → load again → down. The second up must serve the
// first load's rows as well as the new ones, and after each down nothing
// the script started may still run (no process names its directory).
func TestClusterScriptComesBack(t *testing.T) {
	for _, bin := range []string{"java", "clickhouse-client"} {
		if _, err := exec.LookPath(bin); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s not found — CI=true, so this is a failure, not a skip", bin)
			}
			t.Skipf("!!! SKIPPING cluster script test !!! %s not found", bin)
		}
	}
	dir := t.TempDir()
	base, zk := shardBase(t), freePort(t)
	env := append(os.Environ(), "CLUSTER_DIR="+dir, "SHARD_BASE_PORT="+strconv.Itoa(base), "ZK_PORT="+strconv.Itoa(zk),
		"CLUSTER_NAME=scripttest", "CLUSTER_DATABASE=scripttest")
	script := func(arg string) map[string]string {
		t.Helper()
		cmd := exec.Command("../../scripts/cluster.sh", arg)
		cmd.Env = env
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			logs, _ := exec.Command("sh", "-c", "tail -n 5 "+dir+"/shard*/*.log "+dir+"/zk/*.log").CombinedOutput()
			t.Fatalf("cluster.sh %s: %v\n%s\n%s", arg, err, stderr.String(), logs)
		}
		vars := map[string]string{}
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			if k, v, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "="); ok {
				vars[k] = v
			}
		}
		return vars
	}
	t.Cleanup(func() {
		if len(running(t, dir)) > 0 {
			cmd := exec.Command("../../scripts/cluster.sh", "down")
			cmd.Env = env
			_ = cmd.Run()
		}
	})
	loaded := 0
	for round := 1; round <= 2; round++ {
		vars := script("up")
		if vars["CLICKHOUSE_CLUSTER"] != "scripttest" || vars["CLICKHOUSE_DSN"] == "" {
			t.Fatalf("round %d: cluster.sh up printed %v", round, vars)
		}
		loaded += loadRound(t, vars["CLICKHOUSE_DSN"], vars["CLICKHOUSE_CLUSTER"], round, loaded)
		script("down")
		if left := running(t, dir); len(left) > 0 {
			t.Fatalf("round %d: after cluster.sh down these still run:\n%s", round, strings.Join(left, "\n"))
		}
		for _, p := range []int{zk, base + 10, base + 20} {
			if c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(p), time.Second); err == nil {
				c.Close()
				t.Fatalf("round %d: port %d still answers after cluster.sh down", round, p)
			}
		}
	}
}

// loadRound migrates the cluster's database (a no-op the second time),
// appends 200 observations of year 2000+round and checks that the store
// then holds want+200 current values: what earlier rounds loaded survived.
func loadRound(t *testing.T, dsn, cluster string, round, want int) int {
	t.Helper()
	ctx := context.Background()
	st, err := clickhouse.Open(ctx, clickhouse.Config{DSN: dsn, Cluster: cluster})
	if err != nil {
		t.Fatalf("round %d: open: %v", round, err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("round %d: migrate: %v", round, err)
	}
	const n = 200
	obs := make([]domain.Observation, n)
	at := time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC)
	for i := range obs {
		obs[i] = domain.Observation{Indicator: "script.output", OrgUnit: fmt.Sprintf("U%03d", i/12),
			Period: domain.Month(2000+round, i%12+1), ValueType: domain.ValuePeriod, Value: float64(i), SubmittedValue: float64(i),
			SubmittedUnit: "万元", Source: "script", BatchID: "script-" + strconv.Itoa(round), RecordedAt: at, RecordedBy: "test"}
	}
	if err := st.AppendObservations(ctx, obs); err != nil {
		t.Fatalf("round %d: append: %v", round, err)
	}
	cur, err := st.CurrentObservations(ctx, store.ObsFilter{Indicators: []string{"script.output"}})
	if err != nil {
		t.Fatalf("round %d: read back: %v", round, err)
	}
	if len(cur) != want+n {
		t.Fatalf("round %d: %d current values, want %d (earlier rounds' %d and this one's %d)", round, len(cur), want+n, want, n)
	}
	return n
}

// running lists the processes whose command line names dir.
func running(t *testing.T, dir string) []string {
	t.Helper()
	out, _ := exec.Command("pgrep", "-af", "--", dir).Output()
	var left []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" && !strings.Contains(l, "pgrep") {
			left = append(left, l)
		}
	}
	return left
}

// shardBase finds a SHARD_BASE_PORT whose shard ports (base+10…12,
// base+20…22) are free.
func shardBase(t *testing.T) int {
	t.Helper()
	for try := 0; try < 100; try++ {
		base := 20000 + rand.IntN(30000)
		ok := true
		for _, off := range []int{10, 11, 12, 20, 21, 22} {
			l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(base+off))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no free shard ports")
	return 0
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
