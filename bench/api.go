package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// apiPath is the request of the load test: the progress API for 2024 as of
// November (what the 总览 and the 大屏 poll).
const apiPath = "/api/v1/progress?year=2024&period=2024-11"

// benchAPI runs the real server binary on the bench database and loads its
// progress API from sc.LoadConcurrency clients for sc.LoadDuration.
func benchAPI(ctx context.Context, d *data, sc scale, res *result) error {
	logf("api: building the server")
	bin, err := buildServer(d.work)
	if err != nil {
		return err
	}
	port, err := freePort()
	if err != nil {
		return err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	logFile, err := os.Create(d.work + "/server.log")
	if err != nil {
		return err
	}
	defer logFile.Close()
	token, err := apiToken(bin, d)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "-addr", addr, "-clickhouse", d.dsn, "-demo=false", "-log-level", "warn")
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.Env = append(os.Environ(), "DATA_DIR="+d.work+"/server-data")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	base := "http://" + addr
	if err := waitReady(base+"/readyz", exited, 60*time.Second); err != nil {
		return fmt.Errorf("%w (%v; server log: %s)", err, waitErr, d.work+"/server.log")
	}
	tr := &http.Transport{MaxIdleConns: sc.LoadConcurrency, MaxIdleConnsPerHost: sc.LoadConcurrency, DisableCompression: true}
	client := &http.Client{Transport: bearer{token, tr}, Timeout: 10 * time.Second}
	if code, err := get(client, base+apiPath); err != nil || code != http.StatusOK { // warm: the first answer is computed
		return fmt.Errorf("warm-up GET %s: %d %v (server log: %s)", apiPath, code, err, d.work+"/server.log")
	}
	if err := benchAfterLogin(client, base, res); err != nil {
		return fmt.Errorf("overview after a login: %w", err)
	}
	cookie, err := login(base)
	if err != nil {
		return err
	}
	if err := benchServing(client, base, d.dsn, token, cookie, sc, res); err != nil {
		return err
	}

	// The 先行指标 API over the meter readings the ingest step stored: the
	// first request computes the view (cold), the rest are warm.
	t0 := time.Now()
	if code, err := get(client, base+leadingPath); err != nil || code != http.StatusOK {
		return fmt.Errorf("warm-up GET %s: %d %v (server log: %s)", leadingPath, code, err, d.work+"/server.log")
	}
	cold := time.Since(t0)
	logf("api: first (cold) %s took %v", leadingPath, cold.Round(time.Microsecond))
	res.set("leading_cold_ms", "%.1f", float64(cold.Microseconds())/1000)
	conc, dur := max(1, sc.LoadConcurrency/4), max(time.Second, sc.LoadDuration/2)
	logf("api: %d clients for %v on %s (%d meter readings stored)", conc, dur, leadingPath, d.meterRows)
	lh := hammer(client, base+leadingPath, conc, dur)
	logf("api: %d requests in %v, %d errors %s", len(lh.lats), lh.el.Round(time.Millisecond), lh.errs, lh.detail)
	res.set("leading_readings", "%d", d.meterRows)
	res.set("leading_rps", "%.0f", float64(len(lh.lats))/lh.el.Seconds())
	res.set("leading_p50_ms", "%.2f", lh.pct(0.50))
	res.set("leading_p99_ms", "%.2f", lh.pct(0.99))
	res.set("leading_errors", "%d", lh.errs)
	res.set("server_rss_mb", "%.1f", currentRSSMB(cmd.Process.Pid))
	res.set("peak_rss_mb", "%.1f", peakRSSMB(cmd.Process.Pid))
	return nil
}

// leadingPath is the 先行指标 API request of the load test (its default
// period: the latest month with readings).
const leadingPath = "/api/v1/leading"

// hammered is the outcome of a load test.
type hammered struct {
	lats   []time.Duration // sorted
	errs   int
	detail string
	el     time.Duration
}

// pct returns the p-quantile latency in milliseconds.
func (h hammered) pct(p float64) float64 {
	if len(h.lats) == 0 {
		return 0
	}
	i := int(p * float64(len(h.lats)-1))
	return float64(h.lats[i].Microseconds()) / 1000
}

// hammer GETs url from conc clients for dur.
func hammer(client *http.Client, url string, conc int, dur time.Duration) hammered {
	const maxPerClient = 5_000_000 // a bound on the loop besides the time
	var (
		mu sync.Mutex
		h  hammered
		wg sync.WaitGroup
	)
	deadline := time.Now().Add(dur)
	t0 := time.Now()
	for c := 0; c < conc; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			own := make([]time.Duration, 0, 4096)
			bad := 0
			why := ""
			for i := 0; i < maxPerClient && time.Now().Before(deadline); i++ {
				s := time.Now()
				code, err := get(client, url)
				own = append(own, time.Since(s))
				if err != nil || code != http.StatusOK {
					bad++
					why = fmt.Sprintf("%d %v", code, err)
				}
			}
			mu.Lock()
			h.lats, h.errs = append(h.lats, own...), h.errs+bad
			if why != "" {
				h.detail = why
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	h.el = time.Since(t0)
	sort.Slice(h.lats, func(i, j int) bool { return h.lats[i] < h.lats[j] })
	return h
}

// apiToken creates a leader account and an API token for it with the
// server's own commands, as an administrator would.
func apiToken(bin string, d *data) (string, error) {
	// The accounts live in the workflow store: without PostgreSQL, the
	// embedded store in the server's data directory.
	dataDir := "-data=" + d.work + "/server-data"
	add := exec.Command(bin, "user", "add", "-clickhouse", d.dsn, dataDir, "-demo=false", "-name", "bench", "-role", "leader")
	add.Stdin = strings.NewReader("bench-password-123\n")
	if out, err := add.CombinedOutput(); err != nil {
		return "", fmt.Errorf("server user add: %v: %s", err, out)
	}
	var stderr strings.Builder
	tok := exec.Command(bin, "token", "create", "-clickhouse", d.dsn, dataDir, "-demo=false", "-name", "bench", "-label", "bench")
	tok.Stderr = &stderr
	out, err := tok.Output()
	if err != nil {
		return "", fmt.Errorf("server token create: %v: %s", err, stderr.String())
	}
	return strings.TrimSpace(string(out)), nil
}

// bearer adds the API token to every request.
type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

func get(c *http.Client, url string) (int, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

func waitReady(url string, exited <-chan struct{}, limit time.Duration) error {
	c := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("server exited during start-up")
		default:
		}
		if code, err := get(c, url); err == nil && code == http.StatusOK {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("server not ready within %v", limit)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// peakRSSMB reads the process's peak resident set (VmHWM) in MiB.
func peakRSSMB(pid int) float64 { return procStatusMB(pid, "VmHWM:") }

// currentRSSMB reads the process's current resident set (VmRSS) in MiB.
func currentRSSMB(pid int) float64 { return procStatusMB(pid, "VmRSS:") }

// procStatusMB reads a kB field of /proc/PID/status in MiB.
func procStatusMB(pid int, field string) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}
