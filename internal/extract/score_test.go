package extract_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/internal/testenv/workplan"
	"industrydash/seeds"
)

// minRecall is the share of the built-in catalogue's target values the
// extractor must find in the year's plan text.
const minRecall = 0.90

// TestScoreOnRealPlans runs the extractor on every plan in shared/workplan
// (beside the repository, as CI lays it out: <repo>/../shared/workplan) whose
// year has a built-in catalogue, and scores it: recall is the share of the
// catalogue's targets proposed with the right indicator and value; precision
// the share of proposals that are catalogue targets. Each target must be
// proposed once, though PDF extractions repeat whole sections.
// INDUSTRYDASH_SHARED names another shared/ folder. Under CI=true a missing
// folder fails the test.
func TestScoreOnRealPlans(t *testing.T) {
	dir := workplan.Dir(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	scored := 0
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || ext != ".txt" && ext != ".docx" && ext != ".pdf" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		text, err := extract.Text(context.Background(), e.Name(), data)
		if err != nil {
			t.Logf("%s: %v (skipped)", e.Name(), err)
			continue
		}
		year := extract.Extract(text, extract.Options{}).Year
		cat, err := seeds.Builtin(year)
		if err != nil {
			t.Logf("%s: plan year %d has no built-in catalogue (skipped)", e.Name(), year)
			continue
		}
		scored++
		t.Run(e.Name(), func(t *testing.T) { score(t, text, cat) })
	}
	if scored == 0 {
		t.Fatalf("no plan in %s has a built-in catalogue year", dir)
	}
}

func score(t *testing.T, text string, cat *domain.Catalogue) {
	res := extract.Extract(text, extract.Options{Year: cat.Year, Indicators: cat.Indicators, UnitTable: cat.UnitTable})
	byIndicator := map[string][]extract.Proposal{}
	for _, p := range res.Proposals {
		if p.Indicator != "" {
			byIndicator[p.Indicator] = append(byIndicator[p.Indicator], p)
		}
	}
	found, correct, readRight := 0, 0, 0
	for _, tg := range cat.Targets {
		ind, _ := cat.Indicator(tg.Indicator)
		ps := byIndicator[tg.Indicator]
		if len(ps) > 1 {
			t.Errorf("%s proposed %d times", tg.Indicator, len(ps))
		}
		if len(ps) == 0 {
			t.Logf("missed: %s %s %v%s (%s)", tg.Indicator, ind.Name, tg.Value, ind.Unit, tg.SourceQuote)
			continue
		}
		// Section labels follow the de-duplicated text: the catalogue names
		// the heading under which the extractor finds the target, not the
		// heading of a repeated or garbled copy.
		if ps[0].Section != tg.Section {
			t.Errorf("%s: catalogue section %q, but the de-duplicated text states it under %q", tg.Indicator, tg.Section, ps[0].Section)
		}
		if sameTarget(ps[0], tg, ind) {
			found++
			correct++
			if ps[0].Aspiration == tg.Aspiration {
				readRight++
			} else {
				t.Logf("力争: %s proposed %v, catalogue %v (%s)", tg.Indicator, ps[0].Aspiration, tg.Aspiration, ps[0].SourceQuote)
			}
		} else {
			t.Logf("wrong value: %s %s: proposed %v %s %v%s, catalogue %s %v%s", tg.Indicator, ind.Name, ps[0].Name, ps[0].Comparator, ps[0].Value, ps[0].Unit, tg.Comparator, tg.Value, ind.Unit)
		}
	}
	// The same target twice under different names would escape the check
	// above; a repeated section shows as equal values with near-equal names.
	for i, a := range res.Proposals {
		for _, b := range res.Proposals[i+1:] {
			if a.Value == b.Value && a.Unit == b.Unit && nameOverlap(a.Name, b.Name) >= 0.8 {
				t.Errorf("proposed twice: %q and %q (%v%s)", a.Name, b.Name, a.Value, a.Unit)
			}
		}
	}
	recall := float64(found) / float64(len(cat.Targets))
	precision := float64(correct) / float64(len(res.Proposals))
	// sameTarget checks the comparator; 力争 is checked here, as written.
	asWritten := float64(readRight) / float64(max(found, 1))
	t.Logf("%d 年：目录目标 %d 条，建议 %d 条，命中 %d 条；召回率 recall %.1f%%，准确率 precision %.1f%%，比较方式与力争 %.1f%%",
		cat.Year, len(cat.Targets), len(res.Proposals), found, recall*100, precision*100, asWritten*100)
	if recall < minRecall {
		t.Errorf("recall %.1f%% < %.0f%%", recall*100, minRecall*100)
	}
	if asWritten < minFixtureScore {
		t.Errorf("comparator and 力争 right for %.1f%% of the targets found, < %.0f%%", asWritten*100, minFixtureScore*100)
	}
}

// sameTarget reports whether p says what the catalogue target says, in the
// indicator's unit.
func sameTarget(p extract.Proposal, tg domain.Target, ind domain.Indicator) bool {
	if p.Comparator != tg.Comparator {
		return false
	}
	v := p.Value
	if ind.Kind != domain.Milestone && p.Comparator != domain.DeltaPP {
		var err error
		if v, err = extract.ConvertToIndicator(domain.BuiltinUnits(), p.Value, p.Unit, ind.Unit); err != nil {
			return false
		}
	}
	if math.Abs(v-tg.Value) > 1e-9*math.Max(1, math.Abs(tg.Value)) {
		return false
	}
	if tg.Comparator == domain.Range {
		return p.ValueHigh != nil && tg.ValueHigh != nil && *p.ValueHigh == *tg.ValueHigh
	}
	return true
}

// nameOverlap is the Dice coefficient of two names' bigrams, a number
// counting as one token ("超300亿元园区" and "超100亿元园区" differ).
func nameOverlap(a, b string) float64 {
	grams := func(s string) map[string]int {
		var toks []string
		num := ""
		for _, r := range s {
			if r >= '0' && r <= '9' || r == '.' {
				num += string(r)
				continue
			}
			if num != "" {
				toks, num = append(toks, num), ""
			}
			toks = append(toks, string(r))
		}
		if num != "" {
			toks = append(toks, num)
		}
		m := map[string]int{}
		for i := 0; i+1 < len(toks); i++ {
			m[toks[i]+toks[i+1]]++
		}
		return m
	}
	ga, gb := grams(a), grams(b)
	n, total := 0, 0
	for k, c := range ga {
		n += min(c, gb[k])
		total += c
	}
	for _, c := range gb {
		total += c
	}
	if total == 0 {
		return 0
	}
	return 2 * float64(n) / float64(total)
}
