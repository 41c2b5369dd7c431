package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// pagePath is the 总览 page a leader opens (served per session).
const pagePath = "/?year=2024&period=2024-11"

// benchAfterLogin checks what a login does to a warm view: the overview
// and the progress API are warm, a user logs in (session, audit and user
// writes), and the next overview is timed and classified by the server's
// own cache counters (/metrics; the bench is a loopback client).
func benchAfterLogin(client *http.Client, base string, res *result) error {
	if code, err := get(client, base+apiPath); err != nil || code != http.StatusOK {
		return fmt.Errorf("GET %s: %d %v", apiPath, code, err)
	}
	hits0, misses0, err := viewCacheCounts(base)
	if err != nil {
		return err
	}
	if _, err := login(base); err != nil {
		return err
	}
	start := time.Now()
	if code, err := get(client, base+apiPath); err != nil || code != http.StatusOK {
		return fmt.Errorf("GET %s after a login: %d %v", apiPath, code, err)
	}
	el := time.Since(start)
	hits, misses, err := viewCacheCounts(base)
	if err != nil {
		return err
	}
	state := "warm"
	if hits != hits0+1 || misses != misses0 {
		state = "cold"
	}
	logf("api: overview after a login: %v (%s; response cache hits %d→%d, misses %d→%d)", el, state, hits0, hits, misses0, misses)
	res.set("overview_after_login_ms", "%.2f", float64(el.Microseconds())/1000)
	res.set("overview_after_login", "%s", state)
	return nil
}

var cacheLine = regexp.MustCompile(`(?m)^industrydash_view_cache_requests_total\{layer="response",result="(hit|miss)"\} (\S+)$`)

// viewCacheCounts reads the response cache's counters from /metrics.
func viewCacheCounts(base string) (hits, misses int, err error) {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("GET /metrics: %d %v", resp.StatusCode, err)
	}
	for _, m := range cacheLine.FindAllStringSubmatch(string(b), -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		if m[1] == "hit" {
			hits = int(v)
		} else {
			misses = int(v)
		}
	}
	return hits, misses, nil
}

// login signs the bench user in through the login form, as a browser does,
// and returns the session cookie.
func login(base string) (string, error) {
	var raw [24]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	pre := hex.EncodeToString(raw[:])
	form := url.Values{"csrf": {pre}, "name": {"bench"}, "password": {"bench-password-123"}, "next": {"/"}}
	req, err := http.NewRequest(http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", "ids_precsrf="+pre)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "ids_session" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("POST /login: %d without a session cookie", resp.StatusCode)
}

// wrkLoad is one wrk run's figures.
type wrkLoad struct {
	rps, p50, p99 float64 // requests per second, latency in ms
	requests      int
	errors        int // socket errors and non-2xx/3xx answers
}

// benchServing loads the server with sc.LoadConcurrency connections for
// sc.LoadDuration per path, with wrk: /healthz (the ceiling of this
// machine and server) and the warm progress API (gzip, as browsers and the
// 大屏 ask for it) twice each, alternating, so that a slow moment of the
// machine falls on both; then the same API revalidated with If-None-Match
// and the 总览 page of a logged-in session. Before each run the ClickHouse
// server of dsn is let settle (no merge running). A path measured twice
// reports the mean rate, the worse percentiles and the errors of both.
func benchServing(client *http.Client, base, dsn, token, cookie string, sc scale, res *result) error {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		return fmt.Errorf("wrk is needed for the serving figures (Debian: apt-get install wrk): %w", err)
	}
	etag, err := etagOf(base+apiPath, "Authorization", "Bearer "+token)
	if err != nil {
		return err
	}
	type run struct {
		name, path string
		hdr        []string
	}
	healthz := run{"healthz", "/healthz", nil}
	api := run{"api", apiPath, []string{"Authorization: Bearer " + token, "Accept-Encoding: gzip"}}
	runs := []run{healthz, api, healthz, api,
		{"api_304", apiPath, []string{"Authorization: Bearer " + token, "Accept-Encoding: gzip", "If-None-Match: " + etag}},
		{"page", pagePath, []string{"Cookie: " + cookie, "Accept-Encoding: gzip"}},
	}
	got := map[string][]wrkLoad{}
	var order []string
	for _, r := range runs {
		settle(dsn)
		logf("serve: %s: %d connections for %v on %s", r.name, sc.LoadConcurrency, sc.LoadDuration, r.path)
		l, err := runWrk(wrk, base+r.path, r.hdr, sc)
		if err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
		if got[r.name] == nil {
			order = append(order, r.name)
		}
		got[r.name] = append(got[r.name], l)
	}
	rps := map[string]float64{}
	for _, name := range order {
		var m wrkLoad
		for _, l := range got[name] {
			m.rps += l.rps / float64(len(got[name]))
			m.p50, m.p99 = max(m.p50, l.p50), max(m.p99, l.p99)
			m.requests += l.requests
			m.errors += l.errors
		}
		rps[name] = m.rps
		res.set(name+"_rps", "%.0f", m.rps)
		res.set(name+"_p50_ms", "%.2f", m.p50)
		res.set(name+"_p99_ms", "%.2f", m.p99)
		res.set(name+"_errors", "%d", m.errors)
		if name == "api" {
			res.set("api_requests", "%d", m.requests)
		}
	}
	res.set("api_concurrency", "%d", sc.LoadConcurrency)
	if h := rps["healthz"]; h > 0 {
		res.set("api_vs_healthz_ratio", "%.2f", rps["api"]/h)
		res.set("page_vs_healthz_ratio", "%.2f", rps["page"]/h)
	}
	return nil
}

// etagOf returns the ETag of a GET.
func etagOf(u string, hdr ...string) (string, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if tag := resp.Header.Get("ETag"); tag != "" {
		return tag, nil
	}
	return "", fmt.Errorf("GET %s: %d without an ETag", u, resp.StatusCode)
}

var (
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkTotal    = regexp.MustCompile(`(\d+) requests in`)
	wrkPct      = regexp.MustCompile(`(?m)^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$`)
	wrkNon2xx   = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocketEr = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// runWrk runs wrk against u for sc.LoadDuration and parses its report.
func runWrk(wrk, u string, hdr []string, sc scale) (wrkLoad, error) {
	args := []string{"-t2", "-c" + strconv.Itoa(sc.LoadConcurrency), "-d" + strconv.Itoa(int(sc.LoadDuration.Seconds())) + "s",
		"--timeout", "10s", "--latency"}
	for _, h := range hdr {
		args = append(args, "-H", h)
	}
	out, err := exec.Command(wrk, append(args, u)...).CombinedOutput()
	if err != nil {
		return wrkLoad{}, fmt.Errorf("wrk: %v: %s", err, out)
	}
	return parseWrk(string(out))
}

func parseWrk(out string) (wrkLoad, error) {
	var l wrkLoad
	m := wrkRPS.FindStringSubmatch(out)
	if m == nil {
		return l, fmt.Errorf("unreadable wrk report: %s", out)
	}
	l.rps, _ = strconv.ParseFloat(m[1], 64)
	if m := wrkTotal.FindStringSubmatch(out); m != nil {
		l.requests, _ = strconv.Atoi(m[1])
	}
	for _, m := range wrkPct.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		switch m[3] {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		if m[1] == "50" {
			l.p50 = v
		} else {
			l.p99 = v
		}
	}
	if m := wrkNon2xx.FindStringSubmatch(out); m != nil {
		n, _ := strconv.Atoi(m[1])
		l.errors += n
	}
	if m := wrkSocketEr.FindStringSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(s)
			l.errors += n
		}
	}
	return l, nil
}
