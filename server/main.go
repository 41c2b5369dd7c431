// Command server serves the dashboards, the JSON API and (later) the
// submission workflow. With no ClickHouse DSN it runs on the embedded store
// in ./data and, on first start, loads the 2024 catalogue and demo data.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"industrydash/internal/budget"
	"industrydash/internal/budgetsvc"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/auth"
	"industrydash/internal/config"
	"industrydash/internal/metrics"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/server/static"
	"industrydash/server/web"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "user":
			return runUser(args[1:], os.Stdin, stdout, stderr)
		case "token":
			return runToken(args[1:], stdout, stderr)
		case "serve":
			args = args[1:]
		}
	}
	cfg := config.Default()
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Register(fs)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "用法: server [参数]\n\n启动工业经济运行监测看板（默认 :8080，内置存储 ./data，首次启动载入2024年目标和示例数据）。\n首次打开网页时创建管理员账户（/setup），或：\n  server user add -name 用户名 -role admin|analyst|leader|reporter [-unit 单位代码]   （密码从标准输入读取）\n  server token create -name 用户名                                                   （生成 API 令牌）\n\n参数:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "配置有误：", err)
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("server stopped", "err", err)
		fmt.Fprintln(stderr, "启动失败：", err)
		return 1
	}
	return 0
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// serve wires the store, the monitor and the web handler, and runs until ctx ends.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := app.Bootstrap(ctx, st, cfg.Demo, log); err != nil {
		return err
	}
	if err := static.CheckVendor(static.FS); err != nil {
		log.Warn("front-end assets missing: charts will not draw; run scripts/build-assets.sh and rebuild", "err", err)
	}
	// Both stores hold the budget facts; the service is optional only for a
	// store that does not (the web pages then say it is not enabled).
	var bud *budgetsvc.Service
	if bs, ok := st.(budgetsvc.Store); ok {
		bud = budgetsvc.New(bs, budget.DefaultConfig(), log)
		if err := bud.Bootstrap(ctx); err != nil {
			return err
		}
	}
	m := metrics.New()
	storeName := "embedded"
	if cfg.ClickHouseDSN != "" {
		storeName = "clickhouse"
	}
	svc := monitor.New(m.Reader(st, storeName), progress.DefaultConfig(), log)
	viewBytes, lastGoodBytes, responseBytes := cfg.CacheBytes()
	svc.SetCacheLimits(viewBytes, lastGoodBytes)
	m.WatchViewCache(svc.CacheCounts)
	rev, err := newReview(ctx, st)
	if err != nil {
		return err
	}
	svc.SetOverlay(rev)
	h, err := web.New(web.Options{Monitor: svc, Meta: st, Obs: st, Log: log, StoreLabel: cfg.StoreLabel(),
		Auth: auth.New(st, st, auth.Config{}), Review: rev, Audit: st, Budget: bud, SecureCookies: cfg.SecureCookies,
		Metrics: m, ResponseCacheBytes: responseBytes})
	if err != nil {
		return err
	}
	fapp, err := h.NewApp()
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- fapp.Listen(cfg.Addr) }()
	log.Info("serving", "addr", cfg.Addr, "store", cfg.StoreLabel())
	select {
	case err := <-errc:
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return fapp.ShutdownWithContext(sctx)
}
