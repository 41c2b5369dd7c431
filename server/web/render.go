package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/dashboards"
	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/palette"
	"industrydash/internal/progress"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/targets"
)

//go:embed templates/*.html
var templateFS embed.FS

// pageData is what every page template receives.
type pageData struct {
	Title     string
	Nav       string // the active navigation entry
	Query     monitor.Query
	Years     []int
	Chains    []string
	Demo      bool
	Stale     bool
	Pending   int
	Charts    []dashboards.Chart
	Assets    []string
	Screen    bool // 大屏 mode
	Error     string
	RequestID string
	Status    int
	// BudgetReporter: the user reports for a budget unit (预算单位), not a
	// district: the navigation offers 预算执行 instead of the district pages.
	BudgetReporter bool
	// QS is the current query string (year, period, pending…) for links.
	// It is a template.URL so that html/template keeps its "=" and "&"
	// instead of escaping them into one opaque parameter.
	QS   template.URL
	Data any
	// ExportPage and ExportQS build each chart's CSV/XLSX links.
	ExportPage string
	ExportQS   string
	ChartViews []chartView
	// User is the logged-in user (nil on the login pages); CSRF the token
	// every form posts back. Render fills both.
	User       *store.User
	RoleLabel  string
	CSRF       string
	CityReader bool
	Staff      bool
	Admin      bool
	// AuditReader and UserLister show the 操作日志 and 用户 links.
	AuditReader bool
	UserLister  bool
}

// chartView is a chart with its download links.
type chartView struct {
	dashboards.Chart
	CSV, XLSX string
}

var funcs = template.FuncMap{
	"pct": func(p *float64) string {
		if p == nil {
			return "—"
		}
		return progress.FormatPct(*p)
	},
	// yoy prints an assessment's 同比: as published, or marked 推算 when
	// computed because none was published.
	"yoy": func(a progress.Assessment) string {
		if a.YoYPct == nil {
			return "—"
		}
		return progress.YoYText(a)
	},
	// gap prints an assessment's gap to 序时进度 as its sentence does
	// (progress.Assessment.PrintedGap), signed.
	"gap": func(a progress.Assessment) string {
		p := a.PrintedGap()
		if p == nil {
			return "—"
		}
		s := progress.FormatPrinted(*p)
		if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
			s = "+" + s
		}
		return s
	},
	"pp": func(p *float64) string {
		if p == nil {
			return "—"
		}
		s := progress.FormatNumber(*p)
		if !strings.HasPrefix(s, "-") && strings.Trim(s, "0.") != "" {
			s = "+" + s
		}
		return s
	},
	"num": func(p *float64) string {
		if p == nil {
			return "—"
		}
		return progress.FormatNumber(*p)
	},
	"fnum": progress.FormatNumber,
	// palette declares the status colours as CSS custom properties.
	"palette": func() template.CSS { return template.CSS(palette.CSSVars()) },
	// vsLastYear words a completion against the same month of last year's
	// plan ("" without one).
	"vsLastYear": progress.LastYearClause,
	// qty prints a measured figure of an indicator in unit the one way
	// every surface prints it (counts whole: "79", not "79.0"); "—" for nil.
	"qty": func(p *float64, unit string) string {
		if p == nil {
			return "—"
		}
		return progress.FormatFigure(*p, unit)
	},
	// fplan prints a figure quoted from the plan or set by the user (a
	// target, a split, a threshold) as written: 6000, 15, 2.5.
	"fplan": func(v float64) string { return progress.FormatTargetValue(v, "") },
	// fraw prints a number for an input field, exactly.
	"fraw":       func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) },
	"amt":        func(p *float64) string { return budgetAmount(p) },
	"amtv":       func(v float64) string { return budgetAmount(&v) },
	"fpct":       progress.FormatPct,
	"target":     progress.TargetText,
	"spark":      dashboards.Sparkline,
	"colour":     dashboards.StatusColour,
	"kindLabel":  func(k domain.MeasureKind) string { return k.Label() },
	"unitKind":   func(k domain.UnitKind) string { return k.Label() },
	"vtLabel":    func(v domain.ValueType) string { return v.Label() },
	"monthLabel": func(y, m int) string { return domain.YTD(y, m).Label() },
	// time shows a moment in Beijing time, as the users read it.
	"time": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.In(domain.Beijing).Format("2006-01-02 15:04")
	},
	"add": func(a, b int) int { return a + b },
	"ptr": func(v float64) *float64 { return &v },
	"deref": func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	},
	// heat classes a 同比/rate cell for the heat table.
	"heat": func(p *float64) string {
		switch {
		case p == nil:
			return "h-none"
		case *p >= 10:
			return "h-hi"
		case *p >= 0:
			return "h-mid"
		}
		return "h-lo"
	},
	"months":      func() []int { return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12} },
	"roleLabel":   auth.RoleLabel,
	"sourceLabel": sourceLabel,
	"recorder":    recorderLabel,
	"statusLabel": review.StatusLabel,
	"monthKey":    review.MonthKey,
	"actionLabel": review.ActionLabel,
	"describe":    targets.Describe,
	"adjustment":  domain.AdjustmentText,
	"deref2":      func(t *domain.Target) domain.Target { return *t },
	"list":        func(s ...string) []string { return s },
	"cmpLabel":    func(c string) string { return domain.Comparator(c).Label() },
	"auditAction": auditActionLabel,
}

// auditActions names the audit log's actions in Chinese; the code stays
// beside it as secondary text (it is what the filter matches).
var auditActions = map[string]string{
	"session.login": "登录", "session.logout": "退出登录", "user.login": "登录",
	"user.add": "新增用户", "user.edit": "修改用户", "user.role": "变更角色", "user.lock": "锁定账户",
	"user.disable": "停用账户", "user.enable": "启用账户", "user.password": "修改密码", "user.password_reset": "重置密码",
	"token.create": "创建接口令牌", "token.revoke": "吊销接口令牌",
	"submission.save": "保存填报草稿", "submission.submit": "提交填报", "submission.approve": "审核通过",
	"submission.return": "退回填报", "submission.reopen": "重新打开填报", "submission.upload": "上传填报模板",
	"actuals.upload": "网页导入实绩", "actuals.load": "命令导入实绩", "payments.load": "导入支付数据",
	"budget.load": "导入部门预算", "targets.publish": "发布年度目标", "target.revise": "调整目标",
	"targets.load": "载入目标目录", "targets.split": "分解下达目标",
	"session.login_failed": "登录失败", "session.throttled": "登录限速", "user.unlock": "解除锁定",
	"access.denied": "拒绝访问", "request.throttled": "请求限速", "data.export": "导出数据", "audit.export": "导出操作日志",
	"subscription.add": "订阅消息推送", "subscription.delete": "退订消息推送", "subscription.unsubscribe": "经邮件链接退订",
}

func auditActionLabel(code string) string {
	if s, ok := auditActions[code]; ok {
		return s
	}
	return code
}

// parseTemplates parses layout.html with each page template once, at start-up.
func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout template: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		if n == "templates/layout.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", n, err)
		}
		key := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		out[key] = t
	}
	for _, need := range []string{"overview", "chain", "districts", "parks", "indicator", "error", "screen", "briefing",
		"login", "setup", "password", "users", "submissions", "submission", "audit", "budget", "budget_monitor", "targets"} {
		if out[need] == nil {
			return nil, fmt.Errorf("template %s.html is missing", need)
		}
	}
	return out, nil
}

// render executes a page into a buffer first, so that a template error never
// sends half a page.
func (h *Handler) render(c *fiber.Ctx, name string, d pageData) error {
	t, ok := h.pages[name]
	if !ok {
		return fmt.Errorf("template %s not found", name)
	}
	if u, ok := currentUser(c); ok {
		d.User, d.RoleLabel = &u, auth.RoleLabel(u.Role)
		d.CityReader, d.Staff, d.Admin = auth.CanReadCity(u), auth.IsStaff(u), u.Role == store.RoleAdmin
		d.AuditReader, d.UserLister = h.auth.CanReadAudit(u), h.auth.CanListUsers(u)
		_, d.BudgetReporter, _ = h.budgetScope(c.UserContext(), u)
		if s, ok := currentSession(c); ok {
			d.CSRF = s.CSRF
		}
	}
	if d.Assets == nil && len(d.Charts) > 0 {
		d.Assets = dashboards.Assets(d.Charts...)
	}
	for _, ch := range d.Charts {
		cv := chartView{Chart: ch}
		if d.ExportPage != "" {
			base := "/export/" + d.ExportPage + "/" + ch.ID
			cv.CSV, cv.XLSX = base+".csv?"+d.ExportQS, base+".xlsx?"+d.ExportQS
		}
		d.ChartViews = append(d.ChartViews, cv)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", d); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Type("html", "utf-8")
	return c.Send(buf.Bytes())
}
