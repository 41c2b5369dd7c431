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
	"strings"
	"syscall"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/auth"
	"industrydash/internal/config"
	"industrydash/internal/metrics"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
	"industrydash/internal/notify"
	"industrydash/internal/progress"
	"industrydash/internal/publish"
	"industrydash/internal/review"
	"industrydash/internal/targets"
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
		case "notify":
			return runNotify(args[1:], stdout, stderr)
		case "audit":
			return runAudit(args[1:], stdout, stderr)
		case "help", "-h", "-help", "--help":
			printUsage(stdout, nil)
			return 0
		case "serve":
			args = args[1:]
		}
	}
	cfg := config.Default()
	ncfg := notify.DefaultConfig()
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Register(fs)
	ncfg.Register(fs)
	fs.Usage = func() { printUsage(stderr, fs) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		// A stray word must not start a server (a mistyped subcommand).
		fmt.Fprintf(stderr, "未知的子命令或参数“%s”，未启动服务器。运行 server help 查看用法。\n", fs.Arg(0))
		return 2
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "配置有误：", msg.Text(err))
		return 2
	}
	if err := ncfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "推送配置有误：", msg.Text(err))
		return 2
	}
	log := newLogger(stderr, cfg.LogLevel)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, ncfg, log); err != nil {
		log.Error("server stopped", "err", err)
		fmt.Fprintln(stderr, "启动失败：", msg.Text(err))
		return 1
	}
	return 0
}

// printUsage prints the help; with fs, its flags too (else the defaults of
// a fresh configuration).
func printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "用法: server [serve] [参数]\n\n启动工业经济运行监测看板（默认 :8080，内置存储 ./data，首次启动载入2024年目标和示例数据）。\n首次打开网页时创建管理员账户（/setup），或用子命令：\n"+
		"  server user add|disable|enable|passwd|role|unlock -name 用户名 …   账户管理（server user help 查看详情）\n"+
		"  server token create|revoke -name 用户名                     API 令牌（server token help 查看详情）\n"+
		"  server notify -once [-now 时间]                              执行一轮消息推送后退出（server notify -h 查看详情）\n"+
		"  server audit verify                                          核对操作日志是否被篡改（server audit help 查看详情）\n"+
		"  server help                                                  显示本帮助\n\n参数:")
	if fs == nil {
		fs = flag.NewFlagSet("server", flag.ContinueOnError)
		cfg := config.Default()
		cfg.Register(fs)
		ncfg := notify.DefaultConfig()
		ncfg.Register(fs)
	}
	fs.SetOutput(w)
	fs.PrintDefaults()
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}

// serve wires the store, the monitor and the web handler, and runs until ctx ends.
func serve(ctx context.Context, cfg config.Config, ncfg notify.Config, log *slog.Logger) error {
	sts, err := app.OpenStores(ctx, cfg)
	if err != nil {
		return err
	}
	defer sts.Close()
	st, wf := sts.Facts, sts.Workflow
	if err := app.Bootstrap(ctx, st, cfg.WantDemo(), log); err != nil {
		return err
	}
	if err := static.CheckVendor(static.FS); err != nil {
		log.Warn("front-end assets missing: charts will not draw; run scripts/build-assets.sh and rebuild", "err", err)
	}
	// The budget facts are in the fact store; its forms and audit entries in the workflow store.
	bud := budgetsvc.New(app.BudgetStore(st, wf), wf, budget.DefaultConfig(), log)
	if err := bud.Bootstrap(ctx); err != nil {
		return err
	}
	m := metrics.New()
	storeName := "embedded"
	if cfg.ClickHouseDSN != "" {
		storeName = "clickhouse"
	}
	// Approved values go to the fact store through the outbox: at once on
	// approval, and from this loop while the fact store was unreachable.
	pub := publish.New(wf, st, log)
	m.WatchOutboxBacklog(wf.OutboxBacklog)
	rev, err := newReview(review.Config{Store: review.Join(wf, st), Publisher: pub, Log: log, SingleReviewer: !cfg.FourEyes})
	if err != nil {
		return err
	}
	viewBytes, lastGoodBytes, responseBytes := cfg.CacheBytes()
	svc, err := monitor.New(monitor.Config{Reader: m.Reader(st, storeName), Engine: progress.DefaultConfig(), Log: log,
		ViewCacheBytes: viewBytes, LastGoodCacheBytes: lastGoodBytes,
		PeriodIndicators: periodIndicators(cfg.PeriodIndicators), Overlay: rev})
	if err != nil {
		return err
	}
	m.WatchViewCache(svc.CacheCounts)
	pctx, stopPub := context.WithCancel(ctx)
	defer stopPub()
	go pub.Run(pctx, 5*time.Second)
	go app.PurgeSessions(pctx, wf, time.Hour, log)
	// 消息推送: the rules and the deliverer run in the background, never on
	// a request's path.
	notifier, err := newNotifier(sts, svc, rev, bud, cfg, ncfg, log)
	if err != nil {
		return err
	}
	go notifier.Run(pctx, ncfg.Interval)
	if cfg.PostgresDSN == "" {
		serveNotifyControl(pctx, sts, svc, rev, bud, cfg, ncfg, log)
	}
	go app.PruneAudit(pctx, wf, cfg.AuditRetention, 24*time.Hour, log)
	proxies, err := cfg.TrustedProxyPrefixes()
	if err != nil {
		return err
	}
	au := auth.New(wf, budgetsvc.ReporterUnits{Catalogue: st, Budget: st}, auth.Config{IdleTimeout: cfg.SessionIdle,
		MaxFailures: cfg.LockoutFailures, LockFor: cfg.LockoutDuration, MaxSessions: cfg.MaxSessions,
		PasswordMaxAge: passwordMaxAge(cfg.PasswordMaxAge), PasswordHistory: cfg.PasswordHistory,
		SeparationOfDuties: cfg.SeparationOfDuties})
	h, err := web.New(web.Options{Monitor: svc, Meta: sts.Readiness(), Obs: st, Leading: st, Units: st, Log: log, StoreLabel: cfg.StoreLabel(),
		Auth: au, Review: rev, Audit: wf, Budget: bud, Targets: targets.New(st, wf, nil),
		SecureCookies: cfg.SecureCookies, TrustedProxies: proxies, Metrics: m, ResponseCacheBytes: responseBytes, Notify: wf,
		NotifyAllowHosts: ncfg.AllowHosts})
	if err != nil {
		return err
	}
	fapp, err := h.NewApp()
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- fapp.Listen(cfg.Addr) }()
	url := web.BaseURL(cfg.Addr)
	log.Info("serving: 请用浏览器打开 "+url, "addr", cfg.Addr, "url", url, "store", cfg.StoreLabel())
	if has, err := au.HasUsers(ctx); err == nil && !has {
		log.Warn("尚无任何账户：请打开 " + url + "/setup 创建管理员")
	}
	select {
	case err := <-errc:
		return fmt.Errorf("listen %s: %w", cfg.Addr, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return fapp.ShutdownWithContext(sctx)
}

// passwordMaxAge maps the flag (0: never expires) to auth's setting
// (negative: never).
func passwordMaxAge(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// periodIndicators reads -period-indicators (codes separated by commas);
// empty gives nil, the monitor's defaults.
func periodIndicators(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(strings.ReplaceAll(s, " ", ""), ",")
}
