package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/budget"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/config"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/msg"
	"industrydash/internal/notify"
	"industrydash/internal/progress"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// newNotifier wires the 消息推送 scheduler and deliverer over the stores:
// the 简报 as the 简报 page composes it (it carries no department-budget
// text: that is the 预算执行情况通报's), deadlines from rev. bud is kept for
// budget notices to come.
func newNotifier(sts *app.Stores, svc *monitor.Service, rev *review.Service, bud *budgetsvc.Service, cfg config.Config,
	ncfg notify.Config, log *slog.Logger) (*notify.Service, error) {
	if ncfg.PublicURL == "" {
		ncfg.PublicURL = publicURL(cfg.Addr)
	}
	senders, err := notify.Senders(ncfg)
	if err != nil {
		return nil, err
	}
	sch := notify.NewScheduler(sts.Workflow, svc, sts.Facts, rev, ncfg, log)
	return notify.NewService(sch, notify.NewDeliverer(sts.Workflow, senders, log), log), nil
}

// serveNotifyControl lets `server notify -once` run its round in this
// server while the server holds the embedded store (notify.ServeControl).
func serveNotifyControl(ctx context.Context, sts *app.Stores, svc *monitor.Service, rev *review.Service, bud *budgetsvc.Service,
	cfg config.Config, ncfg notify.Config, log *slog.Logger) {
	path := filepath.Join(cfg.DataDir, notify.ControlSocket)
	err := notify.ServeControl(ctx, path, func(ctx context.Context, req notify.OnceRequest) (notify.OnceResult, error) {
		rc := mergeNotifyConfig(ncfg, req.Config)
		if err := rc.Validate(); err != nil {
			return notify.OnceResult{}, err
		}
		now := req.Now
		n, err := newNotifier(sts, svc, rev.WithClock(func() time.Time { return now }), bud, cfg, rc, log)
		if err != nil {
			return notify.OnceResult{}, err
		}
		return n.Once(ctx, now)
	}, log)
	if err != nil {
		log.Warn("server notify -once cannot reach this server while it runs (the embedded store is single-process)", "err", err)
	}
}

// mergeNotifyConfig is the server's push settings with those the command
// gave (a setting the command left empty is the server's).
func mergeNotifyConfig(server, cmd notify.Config) notify.Config {
	out := server
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&out.SMTP, cmd.SMTP}, {&out.MailFrom, cmd.MailFrom}, {&out.PublicURL, cmd.PublicURL},
		{&out.QuietHours, cmd.QuietHours}, {&out.AllowHosts, cmd.AllowHosts},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	def := notify.DefaultConfig()
	if cmd.DeadlineDays != def.DeadlineDays {
		out.DeadlineDays = cmd.DeadlineDays
	}
	if cmd.DigestAt != def.DigestAt {
		out.DigestAt = cmd.DigestAt
	}
	return out
}

// publicURL is the default -public-url: the listen address as a browser
// on this machine types it.
func publicURL(addr string) string {
	if addr == "" {
		addr = ":8080"
	}
	host, port, ok := strings.Cut(addr, ":")
	if !ok {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "[::]" || host == "::" {
		host = "localhost"
	}
	return "http://" + host + ":" + port
}

// parseNow reads -now: RFC 3339, or "2024-11-10 09:30" / "2024-11-10" in Beijing time.
func parseNow(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, domain.Beijing); err == nil {
			return t, nil
		}
	}
	return time.Time{}, msg.New(msg.CliBadNow, s)
}

const notifyUsage = `用法:
  server notify -once [-now 时间] [存储参数] [推送参数]   执行一轮消息推送后退出（供 cron 与测试）：
        检查订阅规则（简报、滞后指标、报送截止、退回、通过），把到期的消息写入流程库的待发队列，再发送到期的消息
  server notify [参数]                                     不带 -once 时按 -notify-interval 持续运行（与服务器后台推送相同）
-now 设定本轮的时钟（测试用），如 2024-11-10 09:30（北京时间）或 RFC 3339。
内置存储同一时间只能由一个进程打开：服务器运行时，本命令经数据目录中的 notify.sock 请该服务器以本命令的参数和时钟执行这一轮；
使用 PostgreSQL 时可与任意多个服务器同时运行。无论哪种方式，每条消息只发送一次。`

// runNotify serves `server notify`.
func runNotify(args []string, stdout, stderr io.Writer) int {
	cfg := config.Default()
	ncfg := notify.DefaultConfig()
	fs := flag.NewFlagSet("server notify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Register(fs)
	ncfg.Register(fs)
	once := fs.Bool("once", false, "执行一轮后退出")
	nowFlag := fs.String("now", "", "本轮的时钟（测试用），如 2024-11-10 09:30（北京时间）")
	fs.Usage = func() {
		fmt.Fprintln(stderr, notifyUsage+"\n\n参数:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "多余的参数“%s”。%s\n", fs.Arg(0), notifyUsage)
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
	clock := time.Now
	if *nowFlag != "" {
		t, err := parseNow(*nowFlag)
		if err != nil {
			fmt.Fprintln(stderr, msg.Text(err))
			return 2
		}
		clock = func() time.Time { return t }
	}
	log := newLogger(stderr, cfg.LogLevel)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sts, err := app.OpenStores(ctx, cfg)
	if err != nil {
		// The embedded store is held by a running server: the server runs
		// the round, with this command's settings and clock.
		sock := filepath.Join(cfg.DataDir, notify.ControlSocket)
		if _, serr := os.Stat(sock); serr == nil && cfg.PostgresDSN == "" && *once {
			cctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
			defer cancel()
			res, cerr := notify.CallControl(cctx, sock, notify.OnceRequest{Now: clock(), Config: ncfg})
			if !errors.Is(cerr, notify.ErrNoServer) {
				fmt.Fprintln(stdout, onceSummary(res)+"（由正在运行的服务器执行）")
				if cerr != nil {
					fmt.Fprintln(stderr, "部分推送未完成：", msg.Text(cerr))
					return 1
				}
				return 0
			}
		}
		fmt.Fprintln(stderr, "无法打开数据库：", msg.Text(err))
		return 1
	}
	defer sts.Close()
	svc, err := monitor.New(monitor.Config{Reader: sts.Facts, Engine: progress.DefaultConfig(), Log: log,
		PeriodIndicators: periodIndicators(cfg.PeriodIndicators)})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	rev, err := newReview(review.Config{Store: review.Join(sts.Workflow, sts.Facts), SingleReviewer: !cfg.FourEyes})
	if err != nil {
		fmt.Fprintln(stderr, msg.Text(err))
		return 1
	}
	if *nowFlag != "" {
		rev = rev.WithClock(clock)
	}
	bud := budgetsvc.New(app.BudgetStore(sts.Facts, sts.Workflow), sts.Workflow, budget.DefaultConfig(), log)
	n, err := newNotifier(sts, svc, rev, bud, cfg, ncfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "推送配置有误：", msg.Text(err))
		return 2
	}
	if !*once {
		n.Run(ctx, max(ncfg.Interval, time.Second))
		return 0
	}
	res, err := n.Once(ctx, clock())
	fmt.Fprintln(stdout, onceSummary(res))
	if err != nil {
		fmt.Fprintln(stderr, "部分推送未完成：", notifyMessage(err))
		return 1
	}
	return 0
}

var eventNames = map[string]string{store.EventBriefing: "简报", store.EventLagging: "滞后指标", store.EventDeadline: "报送截止",
	store.EventReturned: "退回", store.EventApproved: "通过"}

// onceSummary says what a round did, in Chinese.
func onceSummary(r notify.OnceResult) string {
	var parts []string
	for _, e := range []string{store.EventBriefing, store.EventLagging, store.EventDeadline, store.EventReturned, store.EventApproved} {
		if n := r.ByEvent[e]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", eventNames[e], n))
		}
	}
	s := fmt.Sprintf("消息推送：新增待发 %d 条", r.Queued)
	if len(parts) > 0 {
		s += "（" + strings.Join(parts, "、") + "）"
	}
	s += fmt.Sprintf("；已发送 %d 条", r.Sent)
	if r.Failed > 0 {
		s += fmt.Sprintf("；发送失败 %d 条（稍后自动重试）", r.Failed)
	}
	if r.GaveUp > 0 {
		s += fmt.Sprintf("；%d 条多次失败已放弃（见投递记录）", r.GaveUp)
	}
	return s
}

// notifyMessage renders a round's error for the operator.
func notifyMessage(err error) string {
	if errors.Is(err, store.ErrUnavailable) {
		return "数据库暂时无法访问，请确认数据库已启动后重试（" + msg.Text(err) + "）"
	}
	return msg.Text(err)
}
