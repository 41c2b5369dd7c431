package review_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// TestEnterpriseReportsItsNamedTarget: a reporter bound to an enterprise unit
// (北奔) fills in the enterprise form — its own output and its named target,
// 北奔新能源重卡产量 — through the same submit/approve flow as a district;
// another enterprise's target is not on its form; the approved figure shows
// on 总览 under the enterprise.
func TestEnterpriseReportsItsNamedTarget(t *testing.T) {
	ctx := context.Background()
	s, st := newService(t, time.Date(2024, 11, 3, 10, 0, 0, 0, domain.Beijing))
	beiben := auth.Actor{Name: "beiben", Role: store.RoleReporter, OrgUnit: "E150204-01", IP: "10.1.1.3"}
	u, err := s.Unit(ctx, "北奔")
	if err != nil || u.Code != "E150204-01" || u.Kind != domain.KindEnterprise {
		t.Fatalf("unit 北奔: %+v %v", u, err)
	}
	oct := domain.Month(2024, 10)
	_, err = s.Save(ctx, beiben, u.Code, oct, review.Input{Submit: true, Entries: []review.Entry{
		{Indicator: "silicon.tongwei_electronic_polysilicon_project", Value: "建设"}}})
	if !errors.As(err, new(*review.ValidationError)) {
		t.Fatalf("北奔 submitted 通威's project: %v", err)
	}
	out, err := s.Save(ctx, beiben, u.Code, oct, review.Input{Submit: true, Entries: []review.Entry{
		{Indicator: "ev_truck.beiben_output", Value: "260"}, {Indicator: "enterprises.output_value", Value: "95.5"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Approve(ctx, analyst, out.Submission.ID, ""); err != nil {
		t.Fatal(err)
	}
	obs, err := st.CurrentObservations(ctx, store.ObsFilter{Indicators: []string{"ev_truck.beiben_output"}, Years: []int{2024}})
	if err != nil || len(obs) != 1 || obs[0].OrgUnit != "E150204-01" || obs[0].Value != 260 || obs[0].RecordedBy != "beiben" {
		t.Fatalf("approved observations %+v %v", obs, err)
	}
	ov, err := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()}).Overview(ctx, monitor.Query{Year: 2024, Month: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range ov.Rows {
		if r.Indicator.Code != "ev_truck.beiben_output" {
			continue
		}
		if r.Target.OrgUnit != "E150204-01" || r.Title != "北奔新能源重卡产量" || r.Assessment.Value == nil || *r.Assessment.Value != 260 {
			t.Errorf("overview row: unit %s title %q value %v", r.Target.OrgUnit, r.Title, r.Assessment.Value)
		}
		if !strings.HasPrefix(r.Sentence, "10月") && !strings.HasPrefix(r.Sentence, "1—10月") {
			t.Errorf("sentence %q", r.Sentence)
		}
		return
	}
	t.Error("北奔新能源重卡产量 is not on the overview")
}
