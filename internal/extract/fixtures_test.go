package extract_test

import (
	"bufio"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/seeds"
)

// minFixtureScore is the least recall, precision and comparator accuracy the
// extractor must reach on each plan text of testdata/plans and overall.
const minFixtureScore = 0.95

// fixtureWant is one target a reviewer expects from a fixture text: a part
// of its name, what it says, and the indicator it must map to ("" any,
// "-" none: a city-wide quantity, or another industry's, that no catalogue
// indicator may take).
type fixtureWant struct {
	name       string
	comparator domain.Comparator
	value      float64
	high       *float64
	unit       string
	aspiration bool
	indicator  string
}

type fixture struct {
	year      int
	given     bool
	doc, date string
	wants     []fixtureWant
}

// readFixture reads a .want file: "year", "doc" and "date" lines, then one
// tab-separated target a line (name part, comparator, value, high, unit,
// 力争 0/1, indicator); # starts a note.
func readFixture(t *testing.T, path string) fixture {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var fx fixture
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		switch cols[0] {
		case "year": // "year 2026 given": the text names no year; the analyst gives it (-year)
			fx.year, _ = strconv.Atoi(cols[1])
			fx.given = len(cols) > 2 && cols[2] == "given"
			continue
		case "doc":
			fx.doc = cols[1]
			continue
		case "date":
			fx.date = cols[1]
			continue
		}
		if len(cols) < 6 {
			t.Fatalf("%s: %q: want 6 or 7 columns", path, line)
		}
		w := fixtureWant{name: cols[0], comparator: domain.Comparator(cols[1]), unit: cols[4], aspiration: cols[5] == "1"}
		if w.value, err = strconv.ParseFloat(cols[2], 64); err != nil {
			t.Fatalf("%s: %q: %v", path, line, err)
		}
		if cols[3] != "" {
			h, err := strconv.ParseFloat(cols[3], 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", path, line, err)
			}
			w.high = &h
		}
		if len(cols) > 6 {
			w.indicator = cols[6]
		}
		fx.wants = append(fx.wants, w)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return fx
}

// sameQuantity reports whether p states w's number in w's unit.
func sameQuantity(p extract.Proposal, w fixtureWant) bool {
	name := p.Name + "|" + p.SuggestedName
	return strings.Contains(name, w.name) && math.Abs(p.Value-w.value) < 1e-9 && p.Unit == w.unit
}

// sameReading reports whether p reads w's number as w does: comparator,
// upper bound and 力争.
func sameReading(p extract.Proposal, w fixtureWant) bool {
	if p.Comparator != w.comparator || p.Aspiration != w.aspiration {
		return false
	}
	if (p.ValueHigh == nil) != (w.high == nil) {
		return false
	}
	return w.high == nil || *p.ValueHigh == *w.high
}

type fixtureScore struct{ wants, proposals, found, correct, readRight int }

// TestFixturePlans scores the extractor on the plan texts of testdata/plans
// (real published plans of other cities, a region and a league, two in
// traditional characters; each .want names its source) with the built-in
// catalogue, as "ingest extract" runs it: recall is the share of the
// expected targets proposed with their number and unit, precision the share
// of proposals that are expected targets, comparator accuracy the share of
// found targets read with the right comparator, bound and 力争.
func TestFixturePlans(t *testing.T) {
	ys := seeds.BuiltinYears()
	cat, err := seeds.Builtin(ys[len(ys)-1])
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "plans", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixture plans: %v", err)
	}
	var total fixtureScore
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			fx := readFixture(t, strings.TrimSuffix(file, ".txt")+".want")
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opt := extract.Options{Indicators: cat.Indicators, Units: cat.OrgUnits, UnitTable: cat.UnitTable}
			if fx.given {
				opt.Year = fx.year
			}
			res := extract.Extract(string(data), opt)
			if res.Year != fx.year {
				t.Errorf("year %d, want %d", res.Year, fx.year)
			}
			if fx.doc != "" && res.Document != fx.doc || fx.date != "" && res.Date != fx.date {
				t.Errorf("document %q date %q, want %q %q", res.Document, res.Date, fx.doc, fx.date)
			}
			s := scoreFixture(t, res, fx)
			total.wants += s.wants
			total.proposals += s.proposals
			total.found += s.found
			total.correct += s.correct
			total.readRight += s.readRight
			checkScore(t, name, s)
		})
	}
	checkScore(t, "overall", total)
}

func scoreFixture(t *testing.T, res extract.Result, fx fixture) fixtureScore {
	s := fixtureScore{wants: len(fx.wants), proposals: len(res.Proposals)}
	used := make([]bool, len(res.Proposals))
	for _, w := range fx.wants {
		hit := -1
		for i, p := range res.Proposals {
			if !used[i] && sameQuantity(p, w) && (hit < 0 || sameReading(p, w)) {
				hit = i
			}
		}
		if hit < 0 {
			t.Errorf("missed: %s %s %v%s", w.name, w.comparator, w.value, w.unit)
			continue
		}
		used[hit] = true
		p := res.Proposals[hit]
		s.found++
		s.correct++
		if sameReading(p, w) {
			s.readRight++
		} else {
			t.Errorf("%s: read as %s 力争=%v, want %s 力争=%v (%s)", p.Name, p.Comparator, p.Aspiration, w.comparator, w.aspiration, p.SourceQuote)
		}
		switch {
		case w.indicator == "-" && p.Indicator != "":
			t.Errorf("%s mapped to %s %s: no catalogue indicator is this quantity (a city-wide one, another industry)", p.Name, p.Indicator, p.IndicatorName)
		case w.indicator != "" && w.indicator != "-" && p.Indicator != w.indicator:
			t.Errorf("%s mapped to %q, want %s", p.Name, p.Indicator, w.indicator)
		}
	}
	for i, p := range res.Proposals {
		if !used[i] {
			t.Errorf("not a target: %q %s %v%s (%s)", p.Name, p.Comparator, p.Value, p.Unit, p.SourceQuote)
		}
	}
	return s
}

func checkScore(t *testing.T, name string, s fixtureScore) {
	t.Helper()
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 1
		}
		return float64(a) / float64(b)
	}
	recall, precision, cmp := ratio(s.found, s.wants), ratio(s.correct, s.proposals), ratio(s.readRight, s.found)
	t.Logf("%s：期望 %d 条，建议 %d 条，命中 %d 条；recall %.1f%%，precision %.1f%%，comparators %.1f%%",
		name, s.wants, s.proposals, s.found, recall*100, precision*100, cmp*100)
	if recall < minFixtureScore || precision < minFixtureScore || cmp < minFixtureScore {
		t.Errorf("%s: recall %.3f, precision %.3f, comparators %.3f; each must be at least %.2f", name, recall, precision, cmp, minFixtureScore)
	}
}
