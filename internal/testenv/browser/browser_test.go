package browser_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"industrydash/internal/testenv/browser"
)

func TestIsLocalURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1:8080/static/vendor/echarts.min.js", true},
		{"http://localhost/x", true},
		{"http://[::1]:9000/", true},
		{"ws://127.0.0.1:1/socket", true},
		{"data:image/png;base64,AAAA", true},
		{"blob:http://127.0.0.1/uuid", true},
		{"about:blank", true},
		{"https://go-echarts.github.io/go-echarts-assets/assets/echarts.min.js", false},
		{"http://127.0.0.1.example.com/", false},
		{"http://10.0.0.1/", false},
		{"chrome-extension://abc/x.js", false},
		{"::not a url", false},
	}
	for _, tt := range tests {
		if got := browser.IsLocalURL(tt.url); got != tt.want {
			t.Errorf("IsLocalURL(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}

// The recorder must catch a request to another host even when it fails, and
// the console errors must name what went wrong.
func TestRecordsForeignRequestsAndConsoleErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>测试</title>
<body><h1>包头市工业经济运行</h1>
<img src="/local.png" alt="本地">
<img src="http://foreign.invalid/remote.png" alt="外部">
<script>console.error("图表加载失败");</script>
</body></html>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()

	b := browser.New(t)
	b.Navigate(srv.URL + "/")

	var urls []string
	for _, r := range b.Requests() {
		urls = append(urls, r.URL)
	}
	for _, want := range []string{srv.URL + "/", srv.URL + "/local.png", "http://foreign.invalid/remote.png"} {
		if !slices.Contains(urls, want) {
			t.Errorf("request %s not recorded; recorded: %v", want, urls)
		}
	}
	foreign := b.ForeignRequests()
	if len(foreign) != 1 || foreign[0].URL != "http://foreign.invalid/remote.png" {
		t.Errorf("ForeignRequests() = %v, want only the foreign.invalid image", foreign)
	}
	if msgs := b.ConsoleErrors(); !slices.ContainsFunc(msgs, func(m string) bool { return strings.Contains(m, "图表加载失败") }) {
		t.Errorf("console.error not recorded: %q", msgs)
	}

	title := browser.Eval[string](b, "document.title")
	if title != "测试" {
		t.Errorf("document.title = %q, want 测试", title)
	}

	path := b.Screenshot("page")
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Errorf("screenshot %s not written: %v", path, err)
	}
}

// fatalRecorder is a testing.TB whose Fatal ends the calling goroutine and
// keeps the message, so a test can check that a helper fails at once.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (r *fatalRecorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// A page whose script does not load fails Navigate at once, naming the
// script and the command that builds the front-end files; a view made with
// For reports to its own test and shares the records.
func TestNavigateFailsAtOnceWithoutScripts(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(`<!doctype html><html><meta charset="utf-8"><title>图表</title>
<script src="/static/files/vendor/echarts.min.js"></script><body>总览</body></html>`))
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	b := browser.New(t)
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.For(rec).Navigate(srv.URL + "/")
	}()
	<-done
	if !strings.Contains(rec.msg, "echarts.min.js (HTTP 404)") || !strings.Contains(rec.msg, "scripts/build-assets.sh") {
		t.Fatalf("Navigate to a page without its script: %q; want a failure naming the script and the build command", rec.msg)
	}
	if !slices.ContainsFunc(b.Requests(), func(r browser.Request) bool { return strings.HasSuffix(r.URL, "echarts.min.js") }) {
		t.Error("the view made with For did not share the request records")
	}
}
