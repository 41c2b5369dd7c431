// Package browser is the headless-Chromium test harness for the web pages.
//
// New starts Debian's Chromium (/usr/bin/chromium) through chromedp with a
// private profile, records every network request and console error of the
// page, and offers helpers that the page tests share: assert that no request
// left the machine (the deployment network has no internet), wait until every
// ECharts chart has drawn, and save screenshots as test artefacts.
//
// When Chromium is missing the test is skipped with a message naming
// scripts/ensure-chromium.sh, except under CI=true, where it fails.
package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// DefaultExecPath is where Debian's chromium package installs the browser.
const DefaultExecPath = "/usr/bin/chromium"

// ExecPathEnv names the environment variable that overrides DefaultExecPath.
const ExecPathEnv = "CHROMIUM_PATH"

// ArtifactsEnv names the environment variable that sets the directory for
// screenshots and other test artefacts; the default is <module root>/test-artifacts.
const ArtifactsEnv = "TEST_ARTIFACTS"

// stepTimeout bounds one Run so that a broken page fails the test instead of
// hanging it. It is a safety net, not an assertion.
const stepTimeout = 60 * time.Second

// Request is one network request the page started.
type Request struct {
	Method string
	URL    string
	// Type is the resource type Chromium reports (Document, Script, Image, …).
	Type string
}

// Browser is one headless Chromium with one tab, owned by one test. Its
// methods report failures through the test (t.Fatal), so callers need no
// error handling. It is not safe for concurrent use by several goroutines.
type Browser struct {
	t   testing.TB
	ctx context.Context // the tab

	mu       sync.Mutex
	requests []Request
	console  []string
	// broken lists the page's scripts and styles that failed to load
	// (HTTP status >= 400), checked after every Navigate.
	broken []string
	// shared, when set, is the browser this view was made from (For); its
	// records are the ones kept.
	shared *Browser
}

// sharedState returns the browser whose records this view uses.
func (b *Browser) sharedState() *Browser {
	if b.shared != nil {
		return b.shared
	}
	return b
}

// For returns the browser reporting to t: give each subtest its own view
// of a browser shared across subtests, so that a failure stops the
// subtest that saw it. Both views share the tab and its records.
func (b *Browser) For(t testing.TB) *Browser {
	return &Browser{t: t, ctx: b.ctx, shared: b.sharedState()}
}

// Option configures New.
type Option func(*config)

type config struct {
	width, height int
}

// WindowSize sets the viewport size in CSS pixels (default 1280×900).
func WindowSize(width, height int) Option {
	return func(c *config) { c.width, c.height = width, height }
}

// ExecPath returns the Chromium binary to use: $CHROMIUM_PATH, else
// /usr/bin/chromium, else "chromium" on PATH. It returns an error saying how
// to install Chromium when none exists.
func ExecPath() (string, error) {
	if p := os.Getenv(ExecPathEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", ExecPathEnv, p, err)
		}
		return p, nil
	}
	if _, err := os.Stat(DefaultExecPath); err == nil {
		return DefaultExecPath, nil
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p, nil
	}
	return "", errors.New("chromium not found at " + DefaultExecPath +
		"; run scripts/ensure-chromium.sh (apt-get install chromium fonts-noto-cjk) or set " + ExecPathEnv)
}

// New starts a headless Chromium for the test and returns it; the browser
// and its temporary profile are removed when the test ends. Without Chromium
// the test is skipped, or fails when the environment has CI=true.
func New(t testing.TB, opts ...Option) *Browser {
	t.Helper()
	cfg := config{width: 1280, height: 900}
	for _, o := range opts {
		o(&cfg)
	}

	path, err := ExecPath()
	if err != nil {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatalf("browser test needs Chromium (CI=true, so this fails instead of skipping): %v", err)
		}
		t.Skipf("SKIPPED: browser test needs Chromium: %v", err)
	}

	profile := t.TempDir() // removed after the browser has stopped (cleanups run LIFO)
	var output syncBuffer
	allocOpts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(cfg.width, cfg.height),
		chromedp.CombinedOutput(&output),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true), // tests run as root in containers
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is tiny in containers
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "zh-CN"),
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), allocOpts...)

	b := &Browser{t: t}
	tabCtx, tabCancel := chromedp.NewContext(allocCtx, chromedp.WithListener(b.listen))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(tabCtx, 10*time.Second)
		defer cancel()
		_ = chromedp.Cancel(ctx) // graceful close; errors here do not matter to the test
		tabCancel()
		allocCancel()
	})

	// The first Do starts the browser; it must not carry a timeout, which
	// would end the browser with it.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatalf("start chromium %s: %v\nchromium output:\n%s", path, err, output.tail(4000))
	}
	b.ctx = tabCtx
	return b
}

// listen runs in the tab's event loop: record and return quickly.
func (b *Browser) listen(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventResponseReceived:
		if r := ev.Response; r != nil && r.Status >= 400 &&
			(ev.Type == network.ResourceTypeScript || ev.Type == network.ResourceTypeStylesheet) {
			b.broken = append(b.broken, fmt.Sprintf("%s (HTTP %d)", r.URL, r.Status))
		}
	case *network.EventRequestWillBeSent:
		if ev.Request != nil {
			b.requests = append(b.requests, Request{Method: ev.Request.Method, URL: ev.Request.URL, Type: string(ev.Type)})
		}
	case *network.EventWebSocketCreated:
		b.requests = append(b.requests, Request{Method: "GET", URL: ev.URL, Type: "WebSocket"})
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
			var parts []string
			for _, a := range ev.Args {
				switch {
				case a.Value != nil:
					parts = append(parts, jsonText(a.Value))
				case a.Description != "":
					parts = append(parts, a.Description)
				}
			}
			b.console = append(b.console, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		if d := ev.ExceptionDetails; d != nil {
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg += " " + d.Exception.Description
			}
			b.console = append(b.console, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
		}
	case *log.EventEntryAdded:
		if e := ev.Entry; e != nil && (e.Level == log.EntryLevelError || e.Level == log.EntryLevelWarning) {
			b.console = append(b.console, fmt.Sprintf("log.%s: %s %s", e.Level, e.Text, e.URL))
		}
	}
}

// Context returns the tab's chromedp context for actions the helpers do not
// cover. Derive timeouts from it; never cancel it.
func (b *Browser) Context() context.Context { return b.ctx }

// Do runs the actions in the tab and fails the test on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v%s", err, b.consoleNote())
	}
}

// Navigate loads the URL and waits for its load event. It fails the test
// at once when a script or style sheet of the page did not load (the
// front-end files were not built, say), instead of letting a later wait
// for a chart run into its timeout.
func (b *Browser) Navigate(u string) {
	b.t.Helper()
	b.Do(chromedp.Navigate(u))
	rec := b.sharedState()
	rec.mu.Lock()
	broken := rec.broken
	rec.broken = nil
	rec.mu.Unlock()
	if len(broken) > 0 {
		b.t.Fatalf("browser: %s loaded without %s; if these are the front-end files (ECharts, the map), run scripts/build-assets.sh",
			u, strings.Join(broken, ", "))
	}
}

// Eval evaluates a JavaScript expression in the page and decodes its
// JSON-serialisable result into a T; it fails the test on a script error.
func Eval[T any](b *Browser, expression string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		b.t.Fatalf("browser: evaluate %q: %v%s", abbreviate(expression, 200), err, b.consoleNote())
	}
	return v
}

// Requests returns every request the page has started so far, in order.
func (b *Browser) Requests() []Request {
	r := b.sharedState()
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.requests)
}

// ConsoleErrors returns the console errors and warnings, uncaught exceptions
// and browser log errors (such as failed loads) seen so far.
func (b *Browser) ConsoleErrors() []string {
	r := b.sharedState()
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.console)
}

// ForeignRequests returns the requests to any host other than 127.0.0.1,
// ::1 or localhost. data:, blob: and about: URLs stay in the page and are
// never foreign.
func (b *Browser) ForeignRequests() []Request {
	var out []Request
	for _, r := range b.Requests() {
		if !IsLocalURL(r.URL) {
			out = append(out, r)
		}
	}
	return out
}

// AssertNoForeignRequests fails the test, listing them, when the page made
// any request that would leave the machine.
func (b *Browser) AssertNoForeignRequests() {
	b.t.Helper()
	if foreign := b.ForeignRequests(); len(foreign) > 0 {
		var lines []string
		for _, r := range foreign {
			lines = append(lines, fmt.Sprintf("  %s %s (%s)", r.Method, r.URL, r.Type))
		}
		b.t.Errorf("page made %d request(s) outside 127.0.0.1/localhost (the intranet has no internet):\n%s",
			len(foreign), strings.Join(lines, "\n"))
	}
}

// IsLocalURL reports whether a request to rawURL stays on this machine.
func IsLocalURL(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
		switch u.Hostname() {
		case "127.0.0.1", "::1", "localhost":
			return true
		}
	}
	return false
}

// ArtifactsDir returns the directory for test artefacts ($TEST_ARTIFACTS,
// default <module root>/test-artifacts), creating it.
func ArtifactsDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(ArtifactsEnv)
	if dir == "" {
		root, err := moduleRoot()
		if err != nil {
			t.Fatalf("artefacts dir: %v (set %s)", err, ArtifactsEnv)
		}
		dir = filepath.Join(root, "test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artefacts dir: %v", err)
	}
	return dir
}

// Screenshot saves a PNG of the whole page as <test name>-<name>.png in
// ArtifactsDir, after letting chart animations finish, and returns its path.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	b.waitChartsSettled()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("browser: screenshot: %v", err)
	}
	path := filepath.Join(ArtifactsDir(b.t), fileName(b.t.Name()+"-"+name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("browser: save screenshot: %v", err)
	}
	b.t.Logf("screenshot: %s", path)
	return path
}

func (b *Browser) consoleNote() string {
	if msgs := b.ConsoleErrors(); len(msgs) > 0 {
		return "\npage console:\n  " + strings.Join(msgs, "\n  ")
	}
	return ""
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '/', '\\', ':', '*', '?', '"', '<', '>', '|', ' ':
			return '_'
		}
		return r
	}, s)
}

// jsonText renders a console argument: a JSON string as its text, any other
// value as JSON.
func jsonText(raw []byte) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}

func abbreviate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// syncBuffer collects Chromium's output for error messages.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(s.buf, p...)
	return len(p), nil
}

func (s *syncBuffer) tail(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.buf) > n {
		return "…" + string(s.buf[len(s.buf)-n:])
	}
	return string(s.buf)
}
