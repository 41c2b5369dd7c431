// Command bench measures ingest speed, the 总览 overview's server time and
// the progress API under load, side by side with raw ClickHouse, on a
// private clickhouse-server it starts and removes (127.0.0.1 only).
//
//	go run ./bench                 # default scale: 1M observations
//	go run ./bench -scale small    # about 100k observations, a few minutes
//
// Data are generated deterministically (the demo generator over fixed
// seeds). It prints what it does on stderr and ends with key=value lines on
// stdout. It asserts nothing: figures are for people and for trend lines.
//
// At the end it starts a two-shard cluster (ZooKeeper and two more private
// servers) and repeats the meter ingest and the overview there
// (cluster_* figures); BENCH_CLUSTER=0 skips that part.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"industrydash/internal/testenv/chtest"
)

// scale sizes one run.
type scale struct {
	Name string
	// HistoryYears of demo-shaped monthly data form the ingest CSV (about
	// 1,450 rows a year), loaded through the product's loader.
	HistoryYears int
	// Observations is the total in each store for the overview figures;
	// revisions of the 2023–2024 values fill it up.
	Observations int
	// OverviewRuns is how many cold overviews are timed (median reported).
	OverviewRuns int
	// MeterRows of daily electricity per enterprise form the main ingest
	// measurement (the 10M-row path).
	MeterRows int
	// LoadDuration and LoadConcurrency shape the API load test.
	LoadDuration    time.Duration
	LoadConcurrency int
}

var scales = map[string]scale{
	"small":   {Name: "small", HistoryYears: 30, Observations: 100_000, MeterRows: 1_000_000, OverviewRuns: 5, LoadDuration: 5 * time.Second, LoadConcurrency: 200},
	"default": {Name: "default", HistoryYears: 124, Observations: 1_000_000, MeterRows: 10_000_000, OverviewRuns: 5, LoadDuration: 20 * time.Second, LoadConcurrency: 200},
}

func main() {
	name := flag.String("scale", envOr("SCALE", "default"), "small 或 default（环境变量 SCALE）")
	flag.StringVar(&profileDir, "profile", "", "目录：为导入和总览各段写 CPU 剖析文件（bench 进程自身）")
	flag.BoolVar(&ingestOnly, "ingest-only", false, "只测导入（用电量与实绩文件），其余各段跳过")
	flag.Parse()
	sc, ok := scales[*name]
	if !ok {
		fmt.Fprintf(os.Stderr, "未知的规模 %q：可选 small、default\n", *name)
		os.Exit(2)
	}
	if err := run(sc); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// result collects the figures in the order they are printed.
type result struct {
	keys []string
	vals map[string]string
}

func (r *result) set(k string, format string, v any) {
	if r.vals == nil {
		r.vals = map[string]string{}
	}
	if _, ok := r.vals[k]; !ok {
		r.keys = append(r.keys, k)
	}
	r.vals[k] = fmt.Sprintf(format, v)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func run(sc scale) error {
	start := time.Now()
	ctx := context.Background()
	work, err := os.MkdirTemp("", "industrydash-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))

	logf("scale=%s: starting a private clickhouse-server", sc.Name)
	srv, err := chtest.StartServer()
	if err != nil {
		return err
	}
	defer func() {
		if err := srv.Close(); err != nil {
			logf("stopping clickhouse-server: %v", err)
		}
	}()
	res := &result{}
	res.set("scale", "%s", sc.Name)
	res.set("cpus", "%d", runtime.NumCPU())
	// A figure taken on a loaded machine is noise: the load average at the
	// start and the end says whether the machine was quiet.
	res.set("load_avg_start", "%s", loadAverage())

	d, err := prepare(ctx, sc, srv.DSN(), work, quiet)
	if err != nil {
		return err
	}
	if err := profiled("meter", func() error { return benchMeterIngest(ctx, d, sc, res) }); err != nil {
		return fmt.Errorf("meter ingest: %w", err)
	}
	if err := profiled("ingest", func() error { return benchIngest(ctx, d, res) }); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if ingestOnly {
		return finish(res, start)
	}
	if err := fill(ctx, d, sc); err != nil {
		return fmt.Errorf("fill to %d observations: %w", sc.Observations, err)
	}
	if err := profiled("overview", func() error { return benchOverview(ctx, d, sc, res, quiet) }); err != nil {
		return fmt.Errorf("overview: %w", err)
	}
	if err := benchEmbedded(ctx, d, sc, res, quiet); err != nil {
		return fmt.Errorf("embedded overview: %w", err)
	}
	if err := benchAPI(ctx, d, sc, res); err != nil {
		return fmt.Errorf("api: %w", err)
	}
	if err := benchEmbeddedLeading(ctx, d, res); err != nil {
		return fmt.Errorf("embedded leading: %w", err)
	}
	if os.Getenv("BENCH_CLUSTER") != "0" {
		var single float64
		fmt.Sscanf(res.vals["overview_ms"], "%g", &single)
		if err := benchCluster(ctx, d, sc, res, quiet, single); err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
	}
	res.set("observations", "%d", d.total)
	return finish(res, start)
}

// ingestOnly (-ingest-only) stops after the two ingest sections.
var ingestOnly bool

// finish prints the figures, ending with the run's time and load average.
func finish(res *result, start time.Time) error {
	res.set("bench_seconds", "%.0f", time.Since(start).Seconds())
	res.set("load_avg_end", "%s", loadAverage())
	for _, k := range res.keys {
		fmt.Printf("%s=%s\n", k, res.vals[k])
	}
	return nil
}

// profileDir, when set (-profile), receives a CPU profile of the bench
// process per section (meter.pprof, ingest.pprof, overview.pprof).
var profileDir string

// profiled runs fn, under a CPU profile written to profileDir when set.
func profiled(name string, fn func() error) error {
	if profileDir == "" {
		return fn()
	}
	if err := os.MkdirAll(profileDir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(profileDir, name+".pprof"))
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	return fn()
}

// median of durations in milliseconds.
func medianMS(ds []time.Duration) float64 {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return float64(s[len(s)/2].Microseconds()) / 1000
}

// clientCmd runs clickhouse-client on dsn with extra arguments.
func clientCmd(dsn string, extra ...string) (*exec.Cmd, error) {
	args, err := chtest.ClientArgs(dsn)
	if err != nil {
		return nil, err
	}
	return exec.Command(args[0], append(args[1:], extra...)...), nil
}

func runClient(dsn string, stdin io.Reader, extra ...string) error {
	cmd, err := clientCmd(dsn, extra...)
	if err != nil {
		return err
	}
	cmd.Stdin = stdin
	out, err := cmd.CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("clickhouse-client: %v: %s", err, out)
		}
		return err
	}
	return nil
}

func buildServer(dir string) (string, error) {
	bin := filepath.Join(dir, "server")
	cmd := exec.Command("go", "build", "-o", bin, "./server")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build ./server: %w", err)
	}
	return bin, nil
}

// loadAverage is the 1-, 5- and 15-minute load average ("0.12/0.30/0.25"),
// or "unknown" where /proc/loadavg is not there.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return f[0] + "/" + f[1] + "/" + f[2]
}

// settle waits (up to a minute) until the server of dsn runs no background
// merge, then flushes dirty pages to disk, so that a timed load pays neither
// for the merges nor for the write-back of the parts an earlier one left:
// every side of a comparison starts on a server at rest.
func settle(dsn string) {
	defer syscall.Sync()
	deadline := time.Now().Add(time.Minute)
	quiet := 0
	for time.Now().Before(deadline) && quiet < 2 {
		cmd, err := clientCmd(dsn, "--query", "SELECT count() FROM system.merges")
		if err != nil {
			return
		}
		out, err := cmd.Output()
		if err != nil {
			return
		}
		if strings.TrimSpace(string(out)) == "0" {
			quiet++
		} else {
			quiet = 0
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// settleAll settles every server of dsns (the shards of a cluster).
func settleAll(dsns []string) {
	for _, dsn := range dsns {
		settle(dsn)
	}
}
