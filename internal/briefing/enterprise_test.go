package briefing_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"industrydash/internal/briefing"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/progress"
	"industrydash/internal/testenv/seeded"
)

// TestNamedEnterpriseTargetsInTheBriefing: a target bound to an enterprise
// unit (北奔) is in the briefing under a name that names the enterprise, with
// the enterprise's own figure; the enterprise-output tiers are there too.
func TestNamedEnterpriseTargetsInTheBriefing(t *testing.T) {
	st := openStore(t)
	at := time.Date(2024, 11, 5, 9, 0, 0, 0, domain.Beijing)
	o := ytd("ev_truck.beiben_output", "E150204-01", 10, 2100, at, "")
	o.SubmittedUnit = "台"
	appendObs(t, st, o, ytd("industry.output_value", domain.CityCode, 10, 5000, at, ""))
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	b, err := briefing.Compose(context.Background(), svc, monitor.Query{Year: 2024, Month: 10}, briefing.Options{Observations: st,
		Now: func() time.Time { return time.Date(2024, 11, 20, 9, 0, 0, 0, domain.Beijing) }})
	if err != nil {
		t.Fatal(err)
	}
	it := findItem(t, b, "ev_truck.beiben_output")
	if it.Name != "北奔新能源重卡产量" || !strings.HasPrefix(it.Sentence, "北奔新能源重卡产量1—10月累计2100台，完成年度目标的84.0%") {
		t.Errorf("北奔 item: name %q sentence %q", it.Name, it.Sentence)
	}
	findItem(t, b, "enterprises.over_10bn")
	findItem(t, b, "enterprises.over_1bn")
}

// TestParkTierLineOnTheDemo: the demo's park tiers in the briefing — the
// new-entrant lines are listed by what they are and never counted as tiers,
// the new park is named.
func TestParkTierLineOnTheDemo(t *testing.T) {
	st := seeded.Store(t, true)
	svc := monitor.MustNew(monitor.Config{Reader: st, Engine: progress.DefaultConfig()})
	b, err := briefing.Compose(context.Background(), svc, monitor.Query{Year: 2024, Month: 11}, briefing.Options{Observations: st,
		Now: func() time.Time { return time.Now().Add(time.Minute) }}) // after the demo data were recorded
	if err != nil {
		t.Fatal(err)
	}
	if b.Parks == nil {
		t.Fatal("no park summary")
	}
	var news []string
	tiers := 0
	for _, l := range b.Parks.Tiers {
		if l.New {
			news = append(news, l.Name+"："+l.Parks)
		} else {
			tiers++
		}
	}
	if tiers != 5 || strings.Join(news, "；") != "300亿—500亿元档新增园区个数：；200亿—300亿元档新增园区个数：达茂零碳园区" {
		t.Errorf("%d tiers, new-entrant lines %v", tiers, news)
	}
	html, err := briefing.HTML(b)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "300亿—500亿元档新增园区0个（计划1个以上）未达到计划个数，其余4档已达到") {
		t.Error("the briefing's park-tier line does not list the unmet 新增 clause, or counts a 新增 line as a tier")
	}
}
