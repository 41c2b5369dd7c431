package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"industrydash/internal/store"
)

type targetProgressResp struct {
	Items []struct {
		Indicator        string   `json:"indicator"`
		Target           float64  `json:"target"`
		TargetInitial    float64  `json:"target_initial"`
		TargetAdjustment string   `json:"target_adjustment"`
		CompletionPct    *float64 `json:"completion_pct"`
	} `json:"progress"`
}

func progressOf(t *testing.T, e *env, tok, query, code string) (target, initial float64, adj string, completion *float64) {
	t.Helper()
	resp, body := e.do(t, "GET", "/api/v1/progress?"+query, "", "Authorization", "Bearer "+tok)
	if resp.StatusCode != 200 {
		t.Fatalf("progress: %d %s", resp.StatusCode, body)
	}
	var r targetProgressResp
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	for _, it := range r.Items {
		if it.Indicator == code {
			return it.Target, it.TargetInitial, it.TargetAdjustment, it.CompletionPct
		}
	}
	t.Fatalf("%s not in progress: %s", code, body)
	return
}

func TestTargetRevisionAPIChangesTheJudgmentAndKeepsTheInitialTarget(t *testing.T) {
	e := newEnv(t, true)
	ana := e.token(t, store.RoleAnalyst, "")
	js := func(tok string) []string {
		return []string{"Authorization", "Bearer " + tok, "Content-Type", "application/json"}
	}
	body := `{"year":2024,"indicator":"rare_earth.output_value","org_unit":"150200","value":1100,"reason":"市政府年中调整","document":"包府发〔2024〕50号"}`

	for _, role := range []string{store.RoleLeader, store.RoleReporter} {
		unit := ""
		if role == store.RoleReporter {
			unit = "150203"
		}
		if resp, _ := e.do(t, "POST", "/api/v1/targets/revisions", body, js(e.token(t, role, unit))...); resp.StatusCode != 403 {
			t.Fatalf("%s revised a target: %d", role, resp.StatusCode)
		}
	}
	if resp, out := e.do(t, "POST", "/api/v1/targets/revisions", `{"year":2024,"indicator":"rare_earth.output_value","value":1100,"document":"x"}`, js(ana)...); resp.StatusCode != 400 || !strings.Contains(out, "调整原因") {
		t.Fatalf("without a reason: %d %s", resp.StatusCode, out)
	}

	target0, _, _, completion0 := progressOf(t, e, ana, "year=2024", "rare_earth.output_value")
	if target0 != 1000 || completion0 == nil {
		t.Fatalf("before: target %v completion %v", target0, completion0)
	}
	before := time.Now().Add(-time.Second).Format(time.RFC3339)
	resp, out := e.do(t, "POST", "/api/v1/targets/revisions", body, js(ana)...)
	if resp.StatusCode != 201 {
		t.Fatalf("revision: %d %s", resp.StatusCode, out)
	}
	var created struct {
		Target struct {
			Value        float64 `json:"value"`
			Revision     int     `json:"revision"`
			RevisionKind string  `json:"revision_kind"`
			Document     string  `json:"document"`
			Note         string  `json:"note"`
		} `json:"target"`
		Initial struct {
			Value float64 `json:"value"`
		} `json:"target_initial"`
		Adjustment string `json:"adjustment"`
	}
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatal(err)
	}
	if created.Target.Value != 1100 || created.Target.Revision != 2 || created.Target.RevisionKind != "adjusted" ||
		created.Target.Document != "包府发〔2024〕50号" || created.Initial.Value != 1000 || created.Adjustment != "年中调整为1100亿元，原目标1000亿元" {
		t.Fatalf("created = %s", out)
	}

	target, initial, adj, completion := progressOf(t, e, ana, "year=2024", "rare_earth.output_value")
	if target != 1100 || initial != 1000 || adj != "年中调整为1100亿元，原目标1000亿元" {
		t.Fatalf("after: target %v initial %v adjustment %q", target, initial, adj)
	}
	if completion == nil || *completion >= *completion0 {
		t.Fatalf("completion against the higher target %v, before %v: the judgment did not change", completion, *completion0)
	}
	if target, initial, adj, _ := progressOf(t, e, ana, "year=2024&asof="+url.QueryEscape(before), "rare_earth.output_value"); target != 1000 || initial != 1000 || adj != "" {
		t.Fatalf("as of before the revision: target %v initial %v %q", target, initial, adj)
	}
	resp, out = e.do(t, "GET", "/api/v1/targets?year=2024", "", "Authorization", "Bearer "+ana)
	if resp.StatusCode != 200 || !strings.Contains(out, `"target_adjustment":"年中调整为1100亿元，原目标1000亿元"`) {
		t.Fatalf("/api/v1/targets after the revision: %d", resp.StatusCode)
	}

	// The pages and the briefing show both targets. A target raised far
	// enough lags, so the briefing's table of lagging targets lists it.
	if resp, out := e.do(t, "POST", "/api/v1/targets/revisions", `{"year":2024,"indicator":"silicon.output_value","value":9000,"reason":"r","document":"包府发〔2024〕51号"}`, js(ana)...); resp.StatusCode != 201 {
		t.Fatalf("second revision: %d %s", resp.StatusCode, out)
	}
	// (A briefing is as of a second; ask for one as of now to the nanosecond.)
	briefingPath := "/api/v1/briefing?year=2024&format=html&asof=" + url.QueryEscape(time.Now().Format(time.RFC3339Nano))
	for _, path := range []string{"/?year=2024", briefingPath, "/indicators/rare_earth.output_value?year=2024"} {
		resp, page := e.do(t, "GET", path, "", "Authorization", "Bearer "+ana)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, page)
		}
		want := "年中调整为1100亿元，原目标1000亿元"
		if strings.HasPrefix(path, "/api/v1/briefing") {
			want = "年中调整为9000亿元，原目标2000亿元"
		}
		if strings.HasPrefix(path, "/indicators/") {
			want = "包府发〔2024〕50号"
		}
		if !strings.Contains(page, want) {
			t.Errorf("%s does not show %q", path, want)
		}
	}
	log, err := e.Store.AuditLog(t.Context(), store.AuditFilter{Action: "target.revise"})
	if err != nil || len(log) != 2 || log[1].Actor != "analyst" || !strings.Contains(log[1].Old, "1000亿元") || !strings.Contains(log[1].New, "1100亿元") {
		t.Fatalf("audit %+v %v", log, err)
	}
}

// TestTargetsPagePasteReviewPublishNextYear is the analyst's path: paste a
// 2025 plan, review the proposals, publish them, and the 2025 dashboards
// work with no code change.
func TestTargetsPagePasteReviewPublishNextYear(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	hdr := []string{"Cookie", ck, "Content-Type", formType}
	plan := "2025年度工作要点\n\n（二）做强两大旗帜型产业\n\n2025年力争稀土产业产值突破1200亿元，新建氢能加注站6座。力争到2027年，硅产业产值达到3000亿元。"
	resp, page := e.do(t, "POST", "/targets/extract", form("csrf", csrf, "text", plan), hdr...)
	if resp.StatusCode != 200 {
		t.Fatalf("extract: %d %s", resp.StatusCode, page)
	}
	for _, want := range []string{"审核提取结果", "2025 年，建议 2 条", `value="1200"`, "其他年份的目标", "目标年份为2027年"} {
		if !strings.Contains(page, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	if !strings.Contains(page, `<option value="rare_earth.output_value" selected>`) {
		t.Errorf("稀土产业产值 is not mapped to rare_earth.output_value on the review page")
	}

	// Accept both; map the second to a new indicator.
	resp, out := e.do(t, "POST", "/targets/publish", form("csrf", csrf, "year", "2025", "n", "2", "document", "《2025年度工作要点》", "date", "2025-02-10",
		"accept_0", "1", "indicator_0", "rare_earth.output_value", "org_unit_0", "150200", "comparator_0", ">=", "value_0", "1200", "unit_0", "亿元", "aspiration_0", "1", "quote_0", "2025年力争稀土产业产值突破1200亿元",
		"accept_1", "1", "indicator_1", "", "new_code_1", "ev_truck.hydrogen_stations", "new_name_1", "氢能加注站", "new_unit_1", "座", "new_kind_1", "stock", "new_direction_1", "higher",
		"org_unit_1", "150200", "comparator_1", ">=", "value_1", "6", "unit_1", "座", "quote_1", "新建氢能加注站6座"), hdr...)
	if resp.StatusCode != 303 {
		t.Fatalf("publish: %d %s", resp.StatusCode, out)
	}
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/targets?year=2025") {
		t.Fatalf("publish redirects to %q", loc)
	}
	resp, page = e.do(t, "GET", loc, "", "Cookie", withFlash(ck, resp))
	if resp.StatusCode != 200 || !strings.Contains(page, "已发布 2025 年年初下达目标 2 条") || !strings.Contains(page, "氢能加注站") || !strings.Contains(page, "《2025年度工作要点》") {
		t.Fatalf("targets page after publish: %d\n%s", resp.StatusCode, page)
	}
	ana := e.token(t, store.RoleAnalyst, "")
	if target, _, _, _ := progressOf(t, e, ana, "year=2025", "ev_truck.hydrogen_stations"); target != 6 {
		t.Fatalf("2025 progress target %v", target)
	}

	// A rejected publication shows the table again with the problem beside
	// its row and every edit kept, and saves nothing.
	resp, out = e.do(t, "POST", "/targets/publish", form("csrf", csrf, "year", "2026", "n", "2", "document", "x", "date", "2026-02-01",
		"accept_0", "1", "name_0", "新建光伏电站", "indicator_0", "", "org_unit_0", "150200", "comparator_0", ">=", "value_0", "5", "quote_0", "q",
		"accept_1", "1", "name_1", "稀土产业产值", "indicator_1", "rare_earth.output_value", "org_unit_1", "150200", "comparator_1", ">=",
		"value_1", "1300", "unit_1", "亿元", "quote_1", "稀土产业产值1300亿元"), hdr...)
	if resp.StatusCode != 422 {
		t.Fatalf("bad publish: %d %s", resp.StatusCode, out)
	}
	for _, want := range []string{`id="review-message"`, `name="value_0" value="5"`, `name="value_1" value="1300"`, "新建光伏电站", "请选择对应的指标，或新建指标",
		`<option value="rare_earth.output_value" selected>`} {
		if !strings.Contains(out, want) {
			t.Errorf("the refused publication's page lacks %q", want)
		}
	}
	if _, body := e.do(t, "GET", "/api/v1/progress?year=2026", "", "Authorization", "Bearer "+ana); strings.Contains(body, "rare_earth.output_value") {
		t.Errorf("a refused publication saved a 2026 target: %s", body)
	}

	// Only staff see the page.
	lk, _ := e.session(t, store.RoleLeader, "")
	if resp, _ := e.do(t, "GET", "/targets", "", "Cookie", lk); resp.StatusCode != 403 {
		t.Fatalf("leader on 目标管理: %d", resp.StatusCode)
	}
}

func TestTargetsPageCatalogueUpload(t *testing.T) {
	e := newEnv(t, false)
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	upload := func(name, content string) (*http.Response, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("csrf", csrf)
		w, _ := mw.CreateFormFile("files", name)
		w.Write([]byte(content))
		mw.Close()
		return e.do(t, "POST", "/targets/catalogue", buf.String(), "Cookie", ck, "Content-Type", mw.FormDataContentType())
	}
	header := "指标代码 indicator,比较方式 comparator,目标值 value,原文 source_quote\n"
	resp, out := upload("targets_2025.csv", header+"rare_earth.output_value,>=,1200,稀土产业产值1200亿元\nno.such,>=,1,x\n")
	if resp.StatusCode != 422 || !strings.Contains(out, "targets_2025.csv 第3行") {
		t.Fatalf("bad catalogue: %d %s", resp.StatusCode, out)
	}
	resp, out = upload("targets_2025.csv", header+"rare_earth.output_value,>=,1200,稀土产业产值1200亿元\n")
	if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "year=2025") {
		t.Fatalf("good catalogue: %d %s", resp.StatusCode, out)
	}
	ana := e.token(t, store.RoleAnalyst, "")
	if target, _, _, _ := progressOf(t, e, ana, "year=2025", "rare_earth.output_value"); target != 1200 {
		t.Fatalf("2025 target %v", target)
	}
}

func TestTargetsPageSplitShowsOnDistricts(t *testing.T) {
	e := newEnv(t, true)
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	resp, page := e.do(t, "GET", "/targets/split?year=2024&indicator=industry.output_value", "", "Cookie", ck)
	if resp.StatusCode != 200 || !strings.Contains(page, "分解下达：规上工业总产值") || !strings.Contains(page, `name="part_150203"`) {
		t.Fatalf("split page: %d", resp.StatusCode)
	}
	resp, out := e.do(t, "POST", "/targets/split", form("csrf", csrf, "year", "2024", "indicator", "industry.output_value", "document", "包工信发〔2024〕12号",
		"part_150203", "1500", "part_150204", "1200"), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 303 {
		t.Fatalf("save split: %d %s", resp.StatusCode, out)
	}
	resp, page = e.do(t, "GET", resp.Header.Get("Location"), "", "Cookie", withFlash(ck, resp))
	if !strings.Contains(page, "已分解下达：2 个单位合计 2700亿元，市直/其他 3300亿元") {
		t.Fatalf("after split: %d", resp.StatusCode)
	}
	resp, out = e.do(t, "POST", "/targets/split", form("csrf", csrf, "year", "2024", "indicator", "industry.output_value", "document", "x",
		"part_150202", "5000"), "Cookie", ck, "Content-Type", formType)
	if resp.StatusCode != 422 || !strings.Contains(out, "超过全市目标") {
		t.Fatalf("over-split: %d", resp.StatusCode)
	}
	ana := e.token(t, store.RoleAnalyst, "")
	resp, out = e.do(t, "GET", "/api/v1/districts?year=2024&indicator=industry.output_value", "", "Authorization", "Bearer "+ana)
	var d struct {
		Ranking []struct {
			OrgUnit struct {
				Code string `json:"code"`
			} `json:"org_unit"`
			Assessment struct {
				Target        *float64 `json:"target"`
				CompletionPct *float64 `json:"completion_pct"`
			} `json:"assessment"`
		} `json:"ranking"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	found := false
	for _, r := range d.Ranking {
		if r.OrgUnit.Code == "150203" {
			found = r.Assessment.Target != nil && *r.Assessment.Target == 1500 && r.Assessment.CompletionPct != nil
		}
	}
	if !found {
		t.Fatalf("昆都仑区 has no 1500亿元 target on 地区: %s", out)
	}
}

func TestReporterHomeShowsTheUnitsTargets(t *testing.T) {
	e := newEnv(t, true)
	ck, csrf := e.session(t, store.RoleAnalyst, "")
	if resp, out := e.do(t, "POST", "/targets/split", form("csrf", csrf, "year", "2024", "indicator", "industry.output_value", "document", "包工信发〔2024〕12号",
		"part_150203", "1500"), "Cookie", ck, "Content-Type", formType); resp.StatusCode != 303 {
		t.Fatalf("split: %d %s", resp.StatusCode, out)
	}
	rk, _ := e.session(t, store.RoleReporter, "150203")
	resp, page := e.do(t, "GET", "/submissions?year=2024", "", "Cookie", rk)
	if resp.StatusCode != 200 || !strings.Contains(page, "本单位目标与进度") || !strings.Contains(page, `data-indicator="industry.output_value"`) || !strings.Contains(page, "1500亿元") {
		t.Fatalf("reporter home: %d", resp.StatusCode)
	}
	other, _ := e.session(t, store.RoleReporter, "150202")
	if _, page := e.do(t, "GET", "/submissions?year=2024", "", "Cookie", other); strings.Contains(page, "本单位目标与进度") {
		t.Fatalf("东河区 has no split target, yet its home shows one")
	}
}

func TestIndicatorPageComparesYears(t *testing.T) {
	e := newEnv(t, true)
	ana := e.token(t, store.RoleAnalyst, "")
	resp, page := e.do(t, "GET", "/indicators/rare_earth.output_value?year=2024", "", "Authorization", "Bearer "+ana)
	if resp.StatusCode != 200 || !strings.Contains(page, "历年对比") {
		t.Fatalf("indicator page: %d", resp.StatusCode)
	}
	i23, i24 := strings.Index(page, `data-year="2023"`), strings.Index(page, `data-year="2024"`)
	if i23 < 0 || i24 < i23 {
		t.Fatalf("years 2023 and 2024 not compared in order")
	}
	row23, row24 := page[i23:i24], page[i24:]
	if !strings.Contains(row23, "未下达") || !strings.Contains(row23, "（12月）") {
		t.Errorf("2023 row: %s", row23[:min(len(row23), 400)])
	}
	if !strings.Contains(row24[:min(len(row24), 600)], "1000亿元") || !strings.Contains(row24[:min(len(row24), 600)], "%") {
		t.Errorf("2024 row: %s", row24[:min(len(row24), 600)])
	}
}

// TestTargetsPageOpensOnNextYear: with the 2024 plan published, 目标管理
// opens on 2025, the year whose plan is to be reviewed next, and still
// offers 2024.
func TestTargetsPageOpensOnNextYear(t *testing.T) {
	e := newEnv(t, false)
	ck, _ := e.session(t, store.RoleAnalyst, "")
	resp, page := e.do(t, "GET", "/targets", "", "Cookie", ck)
	if resp.StatusCode != 200 {
		t.Fatalf("targets: %d", resp.StatusCode)
	}
	if !strings.Contains(page, `<option value="2025" selected>`) || !strings.Contains(page, `<option value="2024" >`) {
		t.Errorf("目标管理 does not open on 2025 with 2024 offered:\n%.2000s", page)
	}
}
