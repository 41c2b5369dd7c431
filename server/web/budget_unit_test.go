package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"industrydash/internal/store"
	"industrydash/seeds"
)

// Payments of three budget units: 局本级's salaries and 一卡通 fee, 大数据中心's
// 等级保护 project and 执法支队's 节能 line.
const unitPaymentsCSV = "预算单位,功能分类科目编码,经济分类科目编码,项目名称,资金来源,期间,金额（万元）\n" +
	"局本级,2010401,30101,,本年,2024年1-6月 累计,1000\n" +
	"局本级,2150899,,鹿城一卡通清分服务费,本年,2024年1-6月 累计,20\n" +
	"大数据中心,2150899,,“包头市政务信息资源整合共享平台”等级保护和密码测评项目,本年,2024年1-6月 累计,12.5\n" +
	"执法支队,2111001,,,本年,2024年1-6月 累计,30\n"

func uploadUnitPayments(t *testing.T, e *env) {
	t.Helper()
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	body, ct := multipartFields(t, "units.csv", []byte(unitPaymentsCSV), "csrf", csrf, "year", "2024")
	if resp, page := e.do(t, "POST", "/budget/payments", body, "Cookie", ck, "Content-Type", ct); resp.StatusCode != 200 || !strings.Contains(page, "新增 4 条") {
		t.Fatalf("upload: %d %.500s", resp.StatusCode, page)
	}
}

type unitBudgetAPI struct {
	budgetAPI
	BudgetUnit string          `json:"budget_unit"`
	RawPara    json.RawMessage `json:"paragraph"`
	RawConsist json.RawMessage `json:"consistency"`
	// TotalDetail shadows budgetAPI.Total (the shallower field wins).
	TotalDetail struct {
		Code  string  `json:"code"`
		Group string  `json:"group"`
		Spent float64 `json:"spent"`
	} `json:"total"`
}

// TestBudgetUnitReporterSeesOnlyItsUnit checks, row by row, that a budget
// unit's reporter gets its own unit's lines and projects from the API and
// the page, and is refused everything of other units.
func TestBudgetUnitReporterSeesOnlyItsUnit(t *testing.T) {
	e := newEnv(t, false)
	uploadUnitPayments(t, e)
	b, err := seeds.BuiltinBudget(2024)
	if err != nil {
		t.Fatal(err)
	}
	owner := map[string]string{}
	for _, l := range b.Lines {
		owner[l.Code] = l.BudgetUnit
	}
	for _, unit := range []string{"dsj", "gxj", "zfzd"} {
		tok := e.token(t, store.RoleReporter, unit)
		resp, raw := e.do(t, "GET", "/api/v1/budget?year=2024", "", "Authorization", "Bearer "+tok)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", unit, resp.StatusCode, raw)
		}
		var api unitBudgetAPI
		if err := json.Unmarshal([]byte(raw), &api); err != nil {
			t.Fatal(err)
		}
		if api.BudgetUnit != unit || api.RawPara != nil || api.RawConsist != nil {
			t.Errorf("%s: budget_unit %q, paragraph %s, consistency %s: the department-wide parts must be left out", unit, api.BudgetUnit, api.RawPara, api.RawConsist)
		}
		if api.TotalDetail.Code != unit || api.TotalDetail.Group != "unit" {
			t.Errorf("%s: total is %s (%s), want the unit's own row", unit, api.TotalDetail.Code, api.TotalDetail.Group)
		}
		if len(api.Lines) < 2 {
			t.Errorf("%s: only %d lines: the unit's own lines are missing", unit, len(api.Lines))
		}
		for _, l := range api.Lines {
			own := l.Group == "unit" && l.Code == unit || l.Group != "unit" && owner[l.Code] == unit
			if !own {
				t.Errorf("%s sees %s %s (%s), which belongs to %q", unit, l.Group, l.Code, l.Name, owner[l.Code])
			}
		}
	}
	// 大数据中心's figures: its own spending, its project, not others'.
	tok := e.token(t, store.RoleReporter, "dsj")
	_, raw := e.do(t, "GET", "/api/v1/budget?year=2024", "", "Authorization", "Bearer "+tok)
	var api unitBudgetAPI
	if err := json.Unmarshal([]byte(raw), &api); err != nil {
		t.Fatal(err)
	}
	codes := map[string]float64{}
	for _, l := range api.Lines {
		codes[l.Code] = l.Spent
	}
	if api.TotalDetail.Spent != 12.5 || codes["prj.dengbao"] != 12.5 {
		t.Errorf("大数据中心 total spent %v, 等级保护 %v; want 12.5 each", api.TotalDetail.Spent, codes["prj.dengbao"])
	}
	if _, ok := codes["prj.wangluo"]; !ok {
		t.Error("大数据中心's second project (网络运维) is missing")
	}
	for _, c := range []string{"exp.total", "prj.yikatong", "gxj", "zfzd", "211", "sg.total"} {
		if _, ok := codes[c]; ok {
			t.Errorf("大数据中心 sees %s", c)
		}
	}
	// City staff still see the whole department.
	_, raw = e.do(t, "GET", "/api/v1/budget?year=2024", "", "Authorization", "Bearer "+e.token(t, store.RoleAnalyst, ""))
	if !strings.Contains(raw, `"prj.yikatong"`) || !strings.Contains(raw, `"consistency"`) || !strings.Contains(raw, `"prj.dengbao"`) {
		t.Errorf("the analyst's API lost rows: %.300s", raw)
	}

	// The page: the unit's banner, rows and forms only; no department
	// paragraph, findings or downloads.
	ck, _ := e.session(t, store.RoleReporter, "dsj")
	resp, page := e.do(t, "GET", "/budget?year=2024", "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("page: %d %.300s", resp.StatusCode, page)
	}
	for _, w := range []string{`id="budget-own-unit"`, "包头市大数据中心", `data-code="prj.dengbao"`, `/budget/monitor/prj.dengbao`, `/budget/monitor/prj.wangluo`} {
		if !strings.Contains(page, w) {
			t.Errorf("the unit's page lacks %q", w)
		}
	}
	for _, w := range []string{"鹿城一卡通", `data-code="gxj"`, `data-code="exp.total"`, "勾稽检查", "/export/budget/", `id="budget-paragraph"`, "/budget/payments"} {
		if strings.Contains(page, w) {
			t.Errorf("the unit's page shows %q", w)
		}
	}
	// Another unit's project, its form, its download and the department
	// exports are 403.
	for _, p := range []string{"/budget/monitor/prj.yikatong?year=2024", "/budget/monitor/prj.yikatong/form.xlsx?year=2024",
		"/budget/monitor/prj.mengqitong/form.docx?year=2024", "/export/budget/all.xlsx?year=2024", "/export/budget/budget_projects.xlsx?year=2024"} {
		if resp, out := e.do(t, "GET", p, "", "Cookie", ck); resp.StatusCode != 403 || !strings.Contains(out, "无权") {
			t.Errorf("GET %s as 大数据中心: %d %.200s", p, resp.StatusCode, out)
		}
	}
	// Its own form and download are served.
	for _, p := range []string{"/budget/monitor/prj.dengbao?year=2024", "/budget/monitor/prj.dengbao/form.xlsx?year=2024"} {
		if resp, out := e.do(t, "GET", p, "", "Cookie", ck); resp.StatusCode != 200 {
			t.Errorf("GET %s as 大数据中心: %d %.200s", p, resp.StatusCode, out)
		}
	}
	// District pages and submissions are not a budget unit's.
	for _, p := range []string{"/submissions/150203/2024-10", "/indicators/industry.output_value", "/districts"} {
		if resp, _ := e.do(t, "GET", p, "", "Cookie", ck); resp.StatusCode != 403 {
			t.Errorf("GET %s as 大数据中心: %d, want 403", p, resp.StatusCode)
		}
	}
	// Home goes to 预算执行.
	if resp, _ := e.do(t, "GET", "/", "", "Cookie", ck); resp.StatusCode != 303 || resp.Header.Get("Location") != "/budget" {
		t.Errorf("home of a budget unit's reporter: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	// A district reporter gets no budget at all.
	dck, _ := e.session(t, store.RoleReporter, "150203")
	for _, p := range []string{"/budget", "/api/v1/budget", "/budget/monitor/prj.dengbao"} {
		if resp, out := e.do(t, "GET", p, "", "Cookie", dck); resp.StatusCode != 403 || !strings.Contains(out, "部门预算") {
			t.Errorf("GET %s as a district reporter: %d %.200s", p, resp.StatusCode, out)
		}
	}
}

// TestBudgetUnitReporterFillsItsForm runs the 绩效运行监控表 workflow with the
// implementing unit's reporter filling and submitting, another unit refused,
// and two city staff reviewing under the four-eyes rule; every write audited.
func TestBudgetUnitReporterFillsItsForm(t *testing.T) {
	e := newEnv(t, false)
	uploadUnitPayments(t, e)
	post := func(ck, csrf, project string, kv ...string) (int, string) {
		resp, page := e.do(t, "POST", "/budget/monitor/"+project+"?year=2024", form(append([]string{"csrf", csrf}, kv...)...),
			"Cookie", ck, "Content-Type", formType)
		return resp.StatusCode, page
	}
	dck, dcsrf := e.session(t, store.RoleReporter, "dsj")
	gck, gcsrf := e.session(t, store.RoleReporter, "gxj")
	// The page offers the form to its unit, not to others.
	_, page := e.do(t, "GET", "/budget/monitor/prj.dengbao?year=2024", "", "Cookie", dck)
	if !strings.Contains(page, `value="submit"`) {
		t.Fatalf("大数据中心 cannot fill its own form: %.500s", page)
	}
	if _, page := e.do(t, "GET", "/budget/monitor/prj.dengbao?year=2024", "", "Cookie", gck); !strings.Contains(page, "无权") {
		t.Errorf("局本级 opened 大数据中心's form: %.300s", page)
	}
	// Another unit cannot write it.
	if code, page := post(gck, gcsrf, "prj.dengbao", "action", "save", "r0_present", "1", "r0_progress", "x"); code != 403 {
		t.Fatalf("局本级 saved 大数据中心's form: %d %.300s", code, page)
	}
	// A unit's reporter cannot review.
	fill := []string{"reason", "测评合同已签订", "measure", "三季度完成测评",
		"r0_present", "1", "r0_progress", "已完成1个系统测评", "r0_estimate", "全年完成",
		"r1_present", "1", "r1_progress", "通过", "r1_estimate", "通过"}
	code, page := post(dck, dcsrf, "prj.dengbao", append([]string{"action", "submit"}, fill...)...)
	if code != 200 || !strings.Contains(page, "已提交，待审核") {
		t.Fatalf("submit by 大数据中心: %d %.800s", code, page)
	}
	if code, page := post(dck, dcsrf, "prj.dengbao", "action", "approve"); code != 422 || !strings.Contains(page, "只有市局业务人员可以审核") {
		t.Fatalf("the unit approved its own form: %d %.300s", code, page)
	}
	// City staff return and approve.
	ack, acsrf := e.session(t, store.RoleAnalyst, "")
	if code, page := post(ack, acsrf, "prj.dengbao", "action", "return", "reason", "请补充测评机构"); code != 200 || !strings.Contains(page, "已退回") {
		t.Fatalf("return: %d %.300s", code, page)
	}
	if code, page := post(dck, dcsrf, "prj.dengbao", append([]string{"action", "submit"}, fill...)...); code != 200 {
		t.Fatalf("resubmit: %d %.300s", code, page)
	}
	if code, page := post(ack, acsrf, "prj.dengbao", "action", "approve"); code != 200 || !strings.Contains(page, "已审核通过") {
		t.Fatalf("approve: %d %.300s", code, page)
	}
	if code, page := post(dck, dcsrf, "prj.dengbao", "action", "save", "r0_present", "1", "r0_progress", "y"); code != 422 || !strings.Contains(page, "锁定") {
		t.Fatalf("edit after approval: %d %.300s", code, page)
	}
	// Every write is in the audit log under the unit's reporter or the reviewer.
	log, err := e.Store.AuditLog(t.Context(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]string{}
	for _, a := range log {
		if strings.HasPrefix(a.Object, "submission:perf-") {
			by[a.Action] += a.Actor + " "
		}
	}
	if !strings.Contains(by["perf.submit"], "reporter_dsj") || !strings.Contains(by["perf.return"], "analyst") || !strings.Contains(by["perf.approve"], "analyst") {
		t.Errorf("audit of the form: %v", by)
	}
}

// TestReporterBoundToABudgetUnit binds accounts to budget units through the
// 用户 page (by name) and the users API (by short name), and checks that an
// unknown unit is refused with the list of units that exist; each change is
// audited.
func TestReporterBoundToABudgetUnit(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleAdmin, "")
	resp, page := e.do(t, "POST", "/users", form("csrf", csrf, "name", "zhifa", "display_name", "执法支队填报员", "role", "reporter",
		"org_unit", "包头市工业和信息化综合行政执法支队", "password", testPassword), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 200 || !strings.Contains(page, "zhifa") {
		t.Fatalf("add by name: %d %.500s", resp.StatusCode, page)
	}
	u, err := e.Auth.User(t.Context(), "zhifa")
	if err != nil || u.OrgUnit != "zfzd" {
		t.Fatalf("zhifa bound to %q (%v), want zfzd", u.OrgUnit, err)
	}
	resp, page = e.do(t, "POST", "/users", form("csrf", csrf, "name", "nobody2", "role", "reporter", "org_unit", "财政局", "password", testPassword),
		"Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 400 || !strings.Contains(page, "未知单位“财政局”") || !strings.Contains(page, "dsj 包头市大数据中心") || !strings.Contains(page, "150203 昆都仑区") {
		t.Fatalf("unknown unit: %d %.800s", resp.StatusCode, page)
	}
	admin := e.token(t, store.RoleAdmin, "")
	e.user(t, store.RoleLeader, "")
	resp, out := e.do(t, "POST", "/api/v1/users/leader/role", `{"role":"reporter","org_unit":"中小企业中心"}`,
		"Authorization", "Bearer "+admin, "Content-Type", "application/json")
	if resp.StatusCode != 200 || !strings.Contains(out, `"org_unit":"zxqy"`) {
		t.Fatalf("role by short name: %d %s", resp.StatusCode, out)
	}
	log, err := e.Store.AuditLog(t.Context(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var add, role bool
	for _, a := range log {
		add = add || a.Action == "user.add" && a.Object == "user:zhifa" && strings.Contains(a.New, "zfzd")
		role = role || a.Object == "user:leader" && strings.Contains(a.New, "zxqy")
	}
	if !add || !role {
		t.Errorf("audit: add %v, role %v", add, role)
	}
	// The new reporter reads its unit's budget at once.
	zck, _ := e.session(t, store.RoleReporter, "zfzd")
	if resp, page := e.do(t, "GET", "/budget", "", "Cookie", zck); resp.StatusCode != 200 || !strings.Contains(page, "综合行政执法支队") {
		t.Errorf("zfzd's budget page: %d", resp.StatusCode)
	}
}
