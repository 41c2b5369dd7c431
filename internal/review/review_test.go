package review_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/publish"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/seeded"
	"industrydash/seeds"
)

func newService(t *testing.T, now time.Time) (*review.Service, embedded.Combined) {
	t.Helper()
	st := seeded.Store(t, false)
	cat, _ := seeds.Builtin(2024)
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		t.Fatal(err)
	}
	rev, err := review.New(review.Config{Store: st, Forms: forms, Now: func() time.Time { return now }, Publisher: publish.New(st, st, nil)})
	if err != nil {
		t.Fatal(err)
	}
	return rev, st
}

var (
	reporter = auth.Actor{Name: "kun", Role: store.RoleReporter, OrgUnit: "150203", IP: "10.1.1.1"}
	analyst  = auth.Actor{Name: "chen", Role: store.RoleAnalyst, IP: "10.1.1.2"}
)

func TestWorkflowSubmitReturnResubmitApprove(t *testing.T) {
	ctx := context.Background()
	s, st := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing))
	oct := domain.Month(2024, 10)
	// Last year's figure makes 900 a 同比 jump that needs an explanation.
	if err := st.AppendObservations(ctx, []domain.Observation{{Indicator: "industry.output_value", OrgUnit: "150203",
		Period: domain.YTD(2023, 10), ValueType: domain.ValueYTD, Value: 500, SubmittedValue: 500, SubmittedUnit: "亿元",
		Source: "test", BatchID: "b", RecordedAt: time.Date(2023, 11, 5, 0, 0, 0, 0, time.UTC), RecordedBy: "t"}}); err != nil {
		t.Fatal(err)
	}
	in := review.Input{Submit: true, Entries: []review.Entry{{Indicator: "industry.output_value", Value: "900"}}}
	_, err := s.Save(ctx, reporter, "150203", oct, in)
	var ve *review.ValidationError
	if !errors.As(err, &ve) || len(ve.Issues) != 1 || !ve.Issues[0].Warning || !strings.Contains(ve.Issues[0].Where, "填报表第1行") {
		t.Fatalf("an unexplained jump was accepted: %v %+v", err, ve)
	}
	in.Entries[0].Note = "新项目投产"
	out, err := s.Save(ctx, reporter, "150203", oct, in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Submission.Status != store.StatusSubmitted {
		t.Fatalf("status %s", out.Submission.Status)
	}
	pend, _ := s.PendingObservations(ctx, 2024)
	if len(pend) != 1 || pend[0].Value != 900 {
		t.Fatalf("pending %+v", pend)
	}
	if _, err := s.Return(ctx, analyst, out.Submission.ID, " "); err == nil {
		t.Fatal("returned without a reason")
	}
	if _, err := s.Return(ctx, analyst, out.Submission.ID, "请核对总产值口径"); err != nil {
		t.Fatal(err)
	}
	in.Entries[0].Value = "880"
	if _, err := s.Save(ctx, reporter, "150203", oct, in); err != nil {
		t.Fatal(err)
	}
	sub, err := s.Approve(ctx, analyst, out.Submission.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != store.StatusApproved {
		t.Fatalf("status %s", sub.Status)
	}
	obs, _ := st.CurrentObservations(ctx, store.ObsFilter{Indicators: []string{"industry.output_value"}, OrgUnits: []string{"150203"}, Years: []int{2024}})
	if len(obs) != 1 || obs[0].Value != 880 || obs[0].RecordedBy != "kun" || obs[0].Note != "新项目投产" || obs[0].SubmissionID != sub.ID {
		t.Fatalf("approved observation %+v", obs)
	}
	if _, err := s.Save(ctx, reporter, "150203", oct, in); !errors.As(err, new(*review.StateError)) {
		t.Fatalf("an approved month was editable: %v", err)
	}
	if _, err := s.Reopen(ctx, analyst, sub.ID, "统计局更正"); err != nil {
		t.Fatal(err)
	}
	evs, _ := s.Events(ctx, sub.ID)
	var acts []string
	for _, e := range evs {
		acts = append(acts, e.Action)
	}
	if got := strings.Join(acts, ","); got != "submit,return,submit,approve,reopen" {
		t.Errorf("events %s", got)
	}
	log, _ := st.AuditLog(ctx, store.AuditFilter{Action: "submission.approve"})
	if len(log) != 1 || log[0].Actor != "chen" || log[0].IP != "10.1.1.2" {
		t.Errorf("audit %+v", log)
	}
	b, err := s.Board(ctx, 2024, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range b.Rows {
		if r.Unit.Code != "150203" {
			continue
		}
		if c := r.Cells[9]; c.State != review.CellReturned || c.Timing != "按时" {
			t.Errorf("October cell %+v", c)
		}
		if c := r.Cells[0]; c.State != review.CellOverdue {
			t.Errorf("January cell %+v", c)
		}
	}
}

func TestOtherUnitsAndWrongIndicatorsAreRefused(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing))
	_, err := s.Save(ctx, reporter, "150203", domain.Month(2024, 10), review.Input{Entries: []review.Entry{
		{Indicator: "rare_earth.output_value", Value: "12"}, {Indicator: "industry.output_value", Value: "-3"}}})
	var ve *review.ValidationError
	if !errors.As(err, &ve) || len(ve.Issues) < 2 {
		t.Fatalf("got %v", err)
	}
}

func TestTemplateRoundTripsThroughUpload(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing))
	b, name, err := s.Template(ctx, "150203", domain.Month(2024, 10))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(name, "昆都仑区") {
		t.Errorf("file name %s", name)
	}
	recs, err := review.ReadUpload(b, name)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 4 || recs[0].Indicator.Text != "industry.output_value" {
		t.Fatalf("records %+v", recs)
	}
}

func TestStockIsCheckedAgainstLastPeriodsLevel(t *testing.T) {
	ctx := context.Background()
	s, st := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing))
	oct := domain.Month(2024, 10)
	// September's level of a stock (期末数) the district form carries.
	if err := st.AppendObservations(ctx, []domain.Observation{{Indicator: "projects.key_count", OrgUnit: "150203",
		Period: domain.Month(2024, 9), ValueType: domain.ValuePeriod, Value: 40, SubmittedValue: 40, SubmittedUnit: "个",
		Source: "test", BatchID: "b", RecordedAt: time.Date(2024, 10, 5, 0, 0, 0, 0, time.UTC), RecordedBy: "t"}}); err != nil {
		t.Fatal(err)
	}
	levelWarning := func(issues []load.Issue) *load.Issue {
		for i := range issues {
			if issues[i].Warning && strings.Contains(issues[i].Message, "上期（2024年9月）期末数为 40个") {
				return &issues[i]
			}
		}
		return nil
	}
	in := review.Input{Submit: true, Entries: []review.Entry{{Indicator: "projects.key_count", Value: "60"}}}
	_, err := s.Save(ctx, reporter, "150203", oct, in)
	var ve *review.ValidationError
	if !errors.As(err, &ve) || levelWarning(ve.Issues) == nil {
		t.Fatalf("a stock 50%% above last month's level was accepted without a word: %v", err)
	}
	in.Entries[0].Note = "新开工项目集中入库"
	out, err := s.Save(ctx, reporter, "150203", oct, in)
	if err != nil {
		t.Fatalf("an explained level change was refused: %v", err)
	}
	if w := levelWarning(out.Warnings); w == nil || !w.Accepted {
		t.Fatalf("the explained warning is not kept as accepted: %+v", out.Warnings)
	}
	// A gradual change needs no explanation.
	s2, st2 := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing))
	if err := st2.AppendObservations(ctx, []domain.Observation{{Indicator: "projects.key_count", OrgUnit: "150203",
		Period: domain.Month(2024, 9), ValueType: domain.ValuePeriod, Value: 40, SubmittedValue: 40, SubmittedUnit: "个",
		Source: "test", BatchID: "b", RecordedAt: time.Date(2024, 10, 5, 0, 0, 0, 0, time.UTC), RecordedBy: "t"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Save(ctx, reporter, "150203", oct, review.Input{Entries: []review.Entry{{Indicator: "projects.key_count", Value: "44"}}}); err != nil {
		t.Fatalf("a 10%% change of a stock was refused: %v", err)
	}
}

func TestTemplateStoresFiguresAsNumbers(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing))
	oct := domain.Month(2024, 10)
	if _, err := s.Save(ctx, reporter, "150203", oct, review.Input{Entries: []review.Entry{{Indicator: "industry.output_value", Value: "456.3"}}}); err != nil {
		t.Fatal(err)
	}
	b, _, err := s.Template(ctx, "150203", oct)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(parse.DataSheet)
	found := false
	for i, r := range rows {
		if len(r) < 5 || r[0] != "industry.output_value" {
			continue
		}
		found = true
		ref := fmt.Sprintf("E%d", i+1)
		typ, _ := x.GetCellType(parse.DataSheet, ref)
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || r[4] != "456.3" {
			t.Fatalf("%s = %q (type %v), want the number 456.3", ref, r[4], typ)
		}
	}
	if !found {
		t.Fatalf("no industry.output_value row in %q", rows)
	}
}

func TestZipBombIsRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	zero := make([]byte, 1<<20)
	for i := 0; i < 60; i++ {
		w.Write(zero)
	}
	zw.Close()
	err := review.CheckXLSX(buf.Bytes())
	if err == nil || !strings.Contains(msg.Text(err), "解压后超过") {
		t.Fatalf("got %v", err)
	}
	if err := review.CheckXLSX([]byte("not a zip")); err == nil || !strings.Contains(err.Error(), ".xlsx") {
		t.Fatalf("got %v", err)
	}
}

// downFacts is the fact store while it is unreachable: every read and
// write fails with store.ErrUnavailable.
type downFacts struct {
	review.Facts
	down *bool
}

func (d downFacts) err() error { return fmt.Errorf("fact store: %w", store.ErrUnavailable) }

func (d downFacts) Indicators(ctx context.Context) ([]domain.Indicator, error) {
	if *d.down {
		return nil, d.err()
	}
	return d.Facts.Indicators(ctx)
}

func (d downFacts) CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error) {
	if *d.down {
		return nil, d.err()
	}
	return d.Facts.CurrentObservations(ctx, f)
}

func (d downFacts) AppendObservations(ctx context.Context, obs []domain.Observation) error {
	if *d.down {
		return d.err()
	}
	return d.Facts.AppendObservations(ctx, obs)
}

// TestApprovalStandsWhileTheFactStoreIsDown: the approval commits in the
// workflow store with its outbox entry; the figure reaches the fact store,
// once, when it is back.
func TestApprovalStandsWhileTheFactStoreIsDown(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing)
	st := seeded.Store(t, false)
	cat, _ := seeds.Builtin(2024)
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		t.Fatal(err)
	}
	down := false
	facts := downFacts{Facts: st, down: &down}
	pub := publish.New(st, facts, nil)
	s, err := review.New(review.Config{Store: review.Join(st, facts), Forms: forms, Now: func() time.Time { return now }, Publisher: pub})
	if err != nil {
		t.Fatal(err)
	}
	oct := domain.Month(2024, 10)
	out, err := s.Save(ctx, reporter, "150203", oct, review.Input{Submit: true,
		Entries: []review.Entry{{Indicator: "industry.output_value", Value: "880"}}})
	if err != nil {
		t.Fatal(err)
	}
	down = true
	sub, err := s.Approve(ctx, analyst, out.Submission.ID, "")
	if err != nil || sub.Status != store.StatusApproved {
		t.Fatalf("approve while the fact store is down: %+v, %v; want approved", sub, err)
	}
	if n, _ := st.OutboxBacklog(ctx); n != 1 {
		t.Fatalf("backlog %d, want the approval queued", n)
	}
	cur := func() []domain.Observation {
		obs, err := st.CurrentObservations(ctx, store.ObsFilter{Indicators: []string{"industry.output_value"},
			OrgUnits: []string{"150203"}, Years: []int{2024}})
		if err != nil {
			t.Fatal(err)
		}
		return obs
	}
	if got := cur(); len(got) != 0 {
		t.Fatalf("values reached the fact store while it was down: %+v", got)
	}
	down = false
	if n, err := pub.Publish(ctx); n != 1 || err != nil {
		t.Fatalf("publish after the outage: %d, %v", n, err)
	}
	if n, err := pub.Publish(ctx); n != 0 || err != nil {
		t.Fatalf("second publish: %d, %v; want nothing left", n, err)
	}
	got := cur()
	if len(got) != 1 || got[0].Value != 880 || got[0].SubmissionID != sub.ID {
		t.Fatalf("after the outage: %+v; want the approved 880", got)
	}
	hist, _ := st.ObservationHistory(ctx, "industry.output_value", "150203", 2024)
	if len(hist) != 1 {
		t.Fatalf("%d rows stored, want exactly 1", len(hist))
	}
}

// TestTemplateMatchesTheForm checks the template says what the web form
// says: a stock's 口径 is 期末数 (and reads back as the month's level), and
// the 上月/去年同期 figures the form shows beside each field are there too.
func TestTemplateMatchesTheForm(t *testing.T) {
	ctx := context.Background()
	s, st := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing))
	oct := domain.Month(2024, 10)
	if err := st.AppendObservations(ctx, []domain.Observation{{Indicator: "projects.key_count", OrgUnit: "150203",
		Period: domain.Month(2024, 9), ValueType: domain.ValuePeriod, Value: 40, SubmittedValue: 40, SubmittedUnit: "个",
		Source: "test", BatchID: "b", RecordedAt: time.Date(2024, 10, 5, 0, 0, 0, 0, time.UTC), RecordedBy: "t"}}); err != nil {
		t.Fatal(err)
	}
	b, name, err := s.Template(ctx, "150203", oct)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(parse.DataSheet)
	if len(rows) == 0 || len(rows[0]) < 10 || rows[0][8] != "上月数（参考）" || rows[0][9] != "去年同期数（参考）" {
		t.Fatalf("header %q", rows[0])
	}
	var stock []string
	for _, r := range rows {
		if len(r) > 0 && r[0] == "projects.key_count" {
			stock = r
		}
	}
	if len(stock) < 9 || stock[6] != "期末数" || stock[8] != "40" {
		t.Fatalf("stock row %q: want 口径 期末数 and 上月 40 (a count, printed whole)", stock)
	}
	// Filled in and uploaded, the 期末数 row reads back as the month's level.
	x.SetCellInt(parse.DataSheet, "E"+fmt.Sprint(indexOf(rows, "projects.key_count")+1), 42)
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := review.ReadUpload(buf.Bytes(), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.Indicator.Text == "projects.key_count" && r.ValueType.Text != "期末数" {
			t.Errorf("口径 cell %q", r.ValueType.Text)
		}
	}
	if _, err := s.Save(ctx, reporter, "150203", oct, review.Input{Records: recs}); err != nil {
		t.Fatalf("the uploaded template with 期末数 was refused: %v", err)
	}
}

func indexOf(rows [][]string, code string) int {
	for i, r := range rows {
		if len(r) > 0 && r[0] == code {
			return i
		}
	}
	return -1
}
