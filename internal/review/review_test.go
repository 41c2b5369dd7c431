package review_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/review"
	"industrydash/internal/store"
	"industrydash/internal/store/embedded"
	"industrydash/internal/testenv/seeded"
	"industrydash/seeds"
)

func newService(t *testing.T, now time.Time) (*review.Service, *embedded.Store) {
	t.Helper()
	st := seeded.Store(t, false)
	cat, _ := seeds.Builtin(2024)
	forms, err := seeds.BuiltinReportForms(cat)
	if err != nil {
		t.Fatal(err)
	}
	return review.New(st, forms, func() time.Time { return now }), st
}

var (
	reporter = auth.Actor{Name: "kun", Role: store.RoleReporter, OrgUnit: "150203", IP: "10.1.1.1"}
	analyst  = auth.Actor{Name: "chen", Role: store.RoleAnalyst, IP: "10.1.1.2"}
)

func TestWorkflowSubmitReturnResubmitApprove(t *testing.T) {
	ctx := context.Background()
	s, st := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, review.Beijing))
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
	s, _ := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, review.Beijing))
	_, err := s.Save(ctx, reporter, "150203", domain.Month(2024, 10), review.Input{Entries: []review.Entry{
		{Indicator: "rare_earth.output_value", Value: "12"}, {Indicator: "industry.output_value", Value: "-3"}}})
	var ve *review.ValidationError
	if !errors.As(err, &ve) || len(ve.Issues) < 2 {
		t.Fatalf("got %v", err)
	}
}

func TestTemplateRoundTripsThroughUpload(t *testing.T) {
	ctx := context.Background()
	s, _ := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, review.Beijing))
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
	if err == nil || !strings.Contains(err.Error(), "解压后超过") {
		t.Fatalf("got %v", err)
	}
	if err := review.CheckXLSX([]byte("not a zip")); err == nil || !strings.Contains(err.Error(), ".xlsx") {
		t.Fatalf("got %v", err)
	}
}
