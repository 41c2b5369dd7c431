package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"industrydash/internal/app"
	"industrydash/internal/auth"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/config"
	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/seeds"
)

// newReview builds the submission workflow c describes over the built-in
// report forms.
func newReview(c review.Config) (*review.Service, error) {
	years := seeds.BuiltinYears()
	cat, err := seeds.Builtin(years[len(years)-1])
	if err != nil {
		return nil, err
	}
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		return nil, fmt.Errorf("report forms: %w", err)
	}
	c.Forms = forms
	return review.New(c)
}

// accountStores is what the account commands work on: the workflow store,
// and org units for binding reporters (from the fact store, or the built-in
// catalogue while it has none: these commands never load data).
type accountStores struct {
	store.Workflow
	units  auth.Units
	stores *app.Stores
}

func (a *accountStores) OrgUnits(ctx context.Context) ([]domain.OrgUnit, error) {
	return a.units.OrgUnits(ctx)
}

func (a *accountStores) Close() error { return a.stores.Close() }

// openAccounts parses the store flags plus own, and opens the stores. It
// loads nothing into them: no catalogue, no demo data.
func openAccounts(name string, args []string, stderr io.Writer, own func(*flag.FlagSet)) (*accountStores, int) {
	cfg := config.Default()
	fs := flag.NewFlagSet("server "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Register(fs)
	own(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, 0
		}
		return nil, 2
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, "配置有误：", msg.Text(err))
		return nil, 2
	}
	sts, err := app.OpenStores(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(stderr, "无法打开数据库：", msg.Text(err))
		return nil, 1
	}
	return &accountStores{Workflow: sts.Workflow, units: app.UnitsOrBuiltin(sts.Facts), stores: sts}, 0
}

// cliMessage renders err for the account commands' users: the Chinese
// message of an input error, conflictMsg for a uniqueness conflict, advice
// for an unreachable database, and otherwise the cause for the operator.
func cliMessage(err error, conflictMsg string) string {
	var ie *auth.InputError
	switch {
	case errors.As(err, &ie):
		return msg.Text(ie)
	case errors.Is(err, store.ErrConflict):
		return conflictMsg
	case errors.Is(err, store.ErrUnavailable):
		return "数据库暂时无法访问，请确认数据库已启动、连接参数正确后重试（" + msg.Text(err) + "）"
	}
	return msg.Text(err)
}

// cliActor is the operating-system user running a command, for the audit log.
func cliActor() auth.Actor {
	name := "cli"
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = "cli:" + u.Username
	}
	return auth.Actor{Name: name, Role: "system", IP: "local"}
}

const userUsage = `用法:
  server user add     -name 用户名 -role admin|secadmin|auditor|analyst|leader|reporter [-unit 单位代码或预算单位] [-display 姓名] [-must-change]
                      （密码从标准输入读取；-must-change：本人首次登录须修改密码）
  server user disable -name 用户名     停用账户：立即结束其全部会话、吊销全部 API 令牌
  server user enable  -name 用户名     启用账户（原会话和令牌不会恢复，需重新登录、重新生成令牌）
  server user passwd  -name 用户名 [-must-change]   重置密码（从标准输入读取），并结束其全部会话；-must-change：本人下次登录须修改
  server user role    -name 用户名 -role 角色 [-unit 单位代码]   修改角色（填报员须指定单位）
  server user unlock  -name 用户名     解除因连续输错密码造成的锁定
每个操作都记入审计日志（操作人为运行命令的系统用户）。
使用 ClickHouse 时，正在运行的服务器最迟 30 秒内生效；内置存储同一时间只能由一个进程打开，
服务器运行时请改用网页“用户管理”或 API（POST /api/v1/users/{name}/disable 等），立即生效。`

// runUser serves `server user add|disable|enable|passwd|role|unlock`.
func runUser(args []string, stdin *os.File, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, userUsage)
		return 2
	}
	sub := args[0]
	switch sub {
	case "add", "disable", "enable", "passwd", "role", "unlock":
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, userUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "未知的操作“%s”。\n%s\n", sub, userUsage)
		return 2
	}
	var name, role, unit, display string
	var mustChange bool
	st, code := openAccounts("user "+sub, args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "登录名（必填）")
		if sub == "add" || sub == "passwd" {
			fs.BoolVar(&mustChange, "must-change", false, "本人下次登录时须修改密码（网页和 API 设置的密码总是如此）")
		}
		if sub == "add" || sub == "role" {
			fs.StringVar(&role, "role", "", "角色：admin、analyst、leader 或 reporter（必填）")
			fs.StringVar(&unit, "unit", "", "填报员所属单位：旗县区代码或名称（如 150203），或预算单位代码或名称（如 dsj 或 大数据中心）")
		}
		if sub == "add" {
			fs.StringVar(&display, "display", "", "姓名（可选）")
		}
	})
	if st == nil {
		return code
	}
	defer st.Close()
	if strings.TrimSpace(name) == "" {
		fmt.Fprintln(stderr, "请用 -name 指定登录名")
		return 2
	}
	ctx := context.Background()
	svc := auth.New(st, budgetsvc.ReporterUnits{Catalogue: st, Budget: st.stores.Facts}, auth.Config{})
	var u store.User
	var err error
	switch sub {
	case "add", "passwd":
		pw, perr := readPassword(stdin, stderr)
		if perr != nil {
			fmt.Fprintln(stderr, msg.Text(perr))
			return 1
		}
		if sub == "add" {
			u, err = svc.AddUser(ctx, auth.NewUser{Name: name, DisplayName: display, Role: role, OrgUnit: unit, Password: pw, MustChange: mustChange}, cliActor())
		} else {
			u, err = svc.ResetPassword(ctx, name, pw, mustChange, cliActor())
		}
	case "disable", "enable":
		u, err = svc.SetDisabled(ctx, name, sub == "disable", cliActor())
	case "role":
		u, err = svc.SetRole(ctx, name, role, unit, cliActor())
	case "unlock":
		u, err = svc.Unlock(ctx, name, cliActor())
	}
	if err != nil {
		fmt.Fprintln(stderr, "操作失败：", cliMessage(err, fmt.Sprintf("登录名“%s”已被使用（可能刚被另一个进程创建），请换一个", name)))
		return 1
	}
	switch sub {
	case "add":
		fmt.Fprintf(stdout, "已创建用户 %s（%s", u.Name, auth.RoleLabel(u.Role))
		if u.OrgUnit != "" {
			fmt.Fprintf(stdout, "，单位 %s", u.OrgUnit)
		}
		fmt.Fprintln(stdout, "）")
	case "disable":
		fmt.Fprintf(stdout, "已停用用户 %s，其全部会话和 API 令牌已失效\n", u.Name)
	case "enable":
		fmt.Fprintf(stdout, "已启用用户 %s\n", u.Name)
	case "passwd":
		fmt.Fprintf(stdout, "已重置用户 %s 的密码，其全部会话已结束\n", u.Name)
	case "unlock":
		fmt.Fprintf(stdout, "已解除用户 %s 的锁定\n", u.Name)
	case "role":
		fmt.Fprintf(stdout, "用户 %s 的角色已改为 %s", u.Name, auth.RoleLabel(u.Role))
		if u.OrgUnit != "" {
			fmt.Fprintf(stdout, "（单位 %s）", u.OrgUnit)
		}
		fmt.Fprintln(stdout)
	}
	return 0
}

const tokenUsage = `用法:
  server token create -name 用户名 [-label 用途] [-expires 2160h]   生成 API 令牌（只显示一次；默认 90 天后失效）
  server token revoke -name 用户名                 吊销该用户的全部 API 令牌（记入审计日志）
  server token list   -name 用户名                 列出该用户的 API 令牌：用途、创建时间、有效期、最近使用时间、状态`

// runToken serves `server token create|revoke -name NAME`.
func runToken(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, tokenUsage)
		return 2
	}
	sub := args[0]
	switch sub {
	case "create", "revoke", "list":
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, tokenUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "未知的操作“%s”。\n%s\n", sub, tokenUsage)
		return 2
	}
	var name, label string
	var ttl time.Duration
	st, code := openAccounts("token "+sub, args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "用户名（必填）")
		if sub == "create" {
			fs.StringVar(&label, "label", "api", "令牌用途说明")
			fs.DurationVar(&ttl, "expires", 90*24*time.Hour, "令牌有效期，如 720h（30 天）；到期后须重新生成")
		}
	})
	if st == nil {
		return code
	}
	defer st.Close()
	if strings.TrimSpace(name) == "" {
		fmt.Fprintln(stderr, "请用 -name 指定用户名")
		return 2
	}
	svc := auth.New(st, budgetsvc.ReporterUnits{Catalogue: st, Budget: st.stores.Facts}, auth.Config{})
	if sub == "list" {
		list, err := svc.Tokens(context.Background(), name)
		if err != nil {
			fmt.Fprintln(stderr, "列出令牌失败：", cliMessage(err, ""))
			return 1
		}
		if len(list) == 0 {
			fmt.Fprintf(stdout, "用户 %s 没有 API 令牌\n", auth.CanonicalName(name))
		}
		now := time.Now()
		for _, t := range list {
			when := func(at time.Time, zero string) string {
				if at.IsZero() {
					return zero
				}
				return at.In(domain.Beijing).Format("2006-01-02 15:04")
			}
			state := "有效"
			switch {
			case t.Revoked:
				state = "已吊销"
			case !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt):
				state = "已过期"
			}
			fmt.Fprintf(stdout, "%s\t创建 %s\t有效期至 %s\t最近使用 %s\t%s\n", t.Name, when(t.CreatedAt, "—"), when(t.ExpiresAt, "不限"),
				when(t.LastUsedAt, "从未使用"), state)
		}
		return 0
	}
	if sub == "revoke" {
		n, err := svc.RevokeTokens(context.Background(), name, cliActor())
		if err != nil {
			fmt.Fprintln(stderr, "吊销令牌失败：", msg.Text(err))
			return 1
		}
		fmt.Fprintf(stdout, "已吊销用户 %s 的 %d 个 API 令牌\n", auth.CanonicalName(name), n)
		return 0
	}
	tok, err := svc.CreateToken(context.Background(), name, label, ttl, cliActor())
	if err != nil {
		fmt.Fprintln(stderr, "生成令牌失败：", msg.Text(err))
		return 1
	}
	fmt.Fprintln(stdout, tok)
	fmt.Fprintf(stderr, "令牌只显示这一次，请妥善保存。调用 API 时在请求头加：Authorization: Bearer <令牌>（%s）\n", time.Now().In(domain.Beijing).Format("2006-01-02 15:04"))
	return 0
}

// readPassword reads the password: on a terminal twice without echo, from a
// pipe the first line.
func readPassword(stdin *os.File, stderr io.Writer) (string, error) {
	if isTerminal(stdin) {
		fmt.Fprint(stderr, "密码（至少 10 个字符）：")
		a, err := readNoEcho(stdin)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", msg.Wrap(err, msg.CliReadPassword)
		}
		fmt.Fprint(stderr, "再次输入密码：")
		b, err := readNoEcho(stdin)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", msg.Wrap(err, msg.CliReadPassword)
		}
		if a != b {
			return "", msg.New(msg.CliPasswordMismatch)
		}
		return a, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", msg.Wrap(err, msg.CliReadPassword)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
