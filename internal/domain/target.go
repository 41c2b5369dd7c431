package domain

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Comparator is how a target's value is to be read.
type Comparator string

// The comparators (DESIGN.md §2).
const (
	AtLeast Comparator = ">=" // 以上/突破/力争达到
	// MoreThan is strictly more (超过450家: 450 is not enough).
	MoreThan Comparator = ">"        // 超过
	AtMost   Comparator = "<="       // 以下/控制在
	Approx   Comparator = "approx"   // 左右, with Tolerance
	Range    Comparator = "range"    // 1-2个, 3-5个: Value..ValueHigh
	DeltaPP  Comparator = "delta_pp" // 提高2个百分点 against Baseline
)

// Valid reports whether c is a known comparator.
func (c Comparator) Valid() bool {
	switch c {
	case AtLeast, MoreThan, AtMost, Approx, Range, DeltaPP:
		return true
	}
	return false
}

// Label is the comparator in words, as the plan writes it.
func (c Comparator) Label() string {
	switch c {
	case AtLeast:
		return "不低于"
	case MoreThan:
		return "超过"
	case AtMost:
		return "不高于"
	case Approx:
		return "左右"
	case Range:
		return "区间"
	case DeltaPP:
		return "提高百分点"
	}
	return string(c)
}

// RevisionKind tells the yearly target (年初下达) from a mid-year adjustment.
type RevisionKind string

// The revision kinds.
const (
	RevisionInitial  RevisionKind = "initial"  // 年初下达
	RevisionAdjusted RevisionKind = "adjusted" // 年中调整
)

// Target is one quantitative commitment of the work plan for one year and unit.
// Revisions are kept: the current target is the one with the highest Revision.
type Target struct {
	Year       int        `json:"year"`
	Indicator  string     `json:"indicator"`
	OrgUnit    string     `json:"org_unit"`
	Comparator Comparator `json:"comparator"`
	Value      float64    `json:"value"`
	ValueHigh  *float64   `json:"value_high,omitempty"` // Range upper bound
	Tolerance  *float64   `json:"tolerance,omitempty"`  // Approx: allowed deviation, in the target's unit
	Baseline   *float64   `json:"baseline,omitempty"`   // DeltaPP base, or a stock's starting level
	Aspiration bool       `json:"aspiration"`           // 力争
	// SourceQuote is the work plan's own words for this target; Section where they stand.
	SourceQuote string `json:"source_quote"`
	Section     string `json:"section"`
	// Phasing optionally gives the planned cumulative share (0..1) by month end,
	// 12 values; empty means time progress applies.
	Phasing []float64 `json:"phasing,omitempty"`
	// DueMonth is when a Milestone target's stage is due (1..12); 0 means
	// the year's end.
	DueMonth     int          `json:"due_month,omitempty"`
	Revision     int          `json:"revision"`
	RevisionKind RevisionKind `json:"revision_kind"`
	RecordedAt   time.Time    `json:"recorded_at"`
	RecordedBy   string       `json:"recorded_by,omitempty"`
	// Note is a remark; for a 年中调整 it is the reason.
	Note string `json:"note,omitempty"`
	// Document is the document that set this revision (文号 of the 年中调整
	// notice, or the plan's name for 年初下达).
	Document string `json:"document,omitempty"`
}

// Key identifies the target a revision belongs to.
func (t Target) Key() string { return fmt.Sprintf("%d|%s|%s", t.Year, t.Indicator, t.OrgUnit) }

// SameContent reports whether two revisions say the same thing, so that
// loading an unchanged catalogue again adds no revision.
func (t Target) SameContent(o Target) bool {
	return t.Year == o.Year && t.Indicator == o.Indicator && t.OrgUnit == o.OrgUnit &&
		t.Comparator == o.Comparator && t.Value == o.Value && eqPtr(t.ValueHigh, o.ValueHigh) &&
		eqPtr(t.Tolerance, o.Tolerance) && eqPtr(t.Baseline, o.Baseline) && t.Aspiration == o.Aspiration &&
		t.SourceQuote == o.SourceQuote && t.Section == o.Section && eqSlice(t.Phasing, o.Phasing) &&
		t.DueMonth == o.DueMonth && t.Document == o.Document
}

func eqPtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func eqSlice(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// comparatorsFor lists which comparators make sense for each kind.
var comparatorsFor = map[MeasureKind][]Comparator{
	Flow:      {AtLeast, MoreThan, AtMost, Approx, Range},
	Rate:      {AtLeast, MoreThan, AtMost, Approx, Range, DeltaPP},
	Stock:     {AtLeast, MoreThan, AtMost, Approx, Range},
	Milestone: {AtLeast},
	TierCount: {AtLeast, MoreThan, AtMost, Approx, Range},
	// A list's count and capacity are judged as the plan says: at least.
	ProjectCount:    {AtLeast, MoreThan},
	ProjectCapacity: {AtLeast, MoreThan},
}

// Validate checks a target against its indicator: the comparator must fit the
// kind, the bounds must be coherent, and the source quote must be present.
func (t Target) Validate(ind Indicator) error {
	where := fmt.Sprintf("%d年目标“%s”", t.Year, t.Indicator)
	if t.Indicator != ind.Code {
		return NewError("domain.IndicatorMismatch", where)
	}
	if t.Year < 2000 || t.Year > 2100 {
		return NewError("domain.BadYear", where, t.Year)
	}
	if strings.TrimSpace(t.OrgUnit) == "" {
		return NewError("domain.TargetNoUnit", where)
	}
	if !t.Comparator.Valid() {
		return NewError("domain.BadComparator", where, t.Comparator)
	}
	ok := false
	for _, c := range comparatorsFor[ind.Kind] {
		ok = ok || c == t.Comparator
	}
	if !ok {
		return NewError("domain.ComparatorKind", where, t.Comparator, ind.Kind.Label())
	}
	if strings.TrimSpace(t.SourceQuote) == "" {
		return NewError("domain.NoQuote", where)
	}
	switch t.Comparator {
	case Range:
		if t.ValueHigh == nil || *t.ValueHigh < t.Value {
			return NewError("domain.RangeHigh", where)
		}
	case Approx:
		if t.Tolerance == nil || *t.Tolerance < 0 {
			return NewError("domain.ApproxTolerance", where)
		}
	case DeltaPP:
		if t.Value <= 0 && t.Baseline == nil {
			return NewError("domain.DeltaValue", where)
		}
	}
	if ind.Kind == Milestone && (t.Value < 1 || int(t.Value) > len(ind.Stages)) {
		return NewError("domain.MilestoneValue", where, len(ind.Stages))
	}
	if t.DueMonth < 0 || t.DueMonth > 12 {
		return NewError("domain.DueMonth", where)
	}
	if n := len(t.Phasing); n != 0 && n != 12 {
		return NewError("domain.MonthlyPlanLen", where)
	}
	if ind.Kind == Milestone && len(t.Phasing) == 12 {
		// A milestone's phasing is its planned stage (1-based) at each month end.
		prev := 1.0
		for m, v := range t.Phasing {
			if v != float64(int(v)) || v < prev || int(v) > len(ind.Stages) {
				return NewError("domain.MilestonePlan", where, len(ind.Stages), m+1, v)
			}
			prev = v
		}
	}
	if t.RevisionKind != "" && t.RevisionKind != RevisionInitial && t.RevisionKind != RevisionAdjusted {
		return NewError("domain.BadRevisionKind", where, t.RevisionKind)
	}
	return nil
}

// Revision is a 年中调整 of a target: the new value and, optionally, a new
// comparator, range bound or tolerance, with the reason and the document
// (文号) that decided it.
type Revision struct {
	Value      float64
	Comparator Comparator // empty keeps the current comparator
	ValueHigh  *float64   // range only; nil keeps the current bound
	Tolerance  *float64   // approx only; nil keeps the current tolerance
	Reason     string
	Document   string
	At         time.Time
	By         string
}

// Revise returns the 年中调整 of t that r describes: the next revision, of
// kind RevisionAdjusted, recorded at r.At by r.By, with the reason as its
// note. Quote, section, aspiration and phasing carry over. It fails, in
// words for the user, when the reason or document is missing or the new
// target does not fit ind.
func (t Target) Revise(r Revision, ind Indicator) (Target, error) {
	where := fmt.Sprintf("%d年目标“%s”", t.Year, ind.Name)
	if strings.TrimSpace(r.Reason) == "" {
		return Target{}, NewError("domain.RevisionReason", where)
	}
	if strings.TrimSpace(r.Document) == "" {
		return Target{}, NewError("domain.RevisionDocument", where)
	}
	if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
		return Target{}, NewError("domain.BadTargetValue", where)
	}
	n := t
	n.Value = r.Value
	if r.Comparator != "" {
		n.Comparator = r.Comparator
	}
	if r.ValueHigh != nil {
		n.ValueHigh = r.ValueHigh
	}
	if r.Tolerance != nil {
		n.Tolerance = r.Tolerance
	}
	if n.Comparator != Range {
		n.ValueHigh = nil
	}
	if n.Comparator != Approx {
		n.Tolerance = nil
	}
	n.Revision = t.Revision + 1
	n.RevisionKind = RevisionAdjusted
	n.RecordedAt = r.At
	n.RecordedBy = r.By
	n.Note = strings.TrimSpace(r.Reason)
	n.Document = strings.TrimSpace(r.Document)
	if err := n.Validate(ind); err != nil {
		return Target{}, err
	}
	same := t
	same.Document = n.Document
	if n.SameContent(same) {
		return Target{}, NewError("domain.RevisionSame", where)
	}
	return n, nil
}

// Initial returns the 年初下达 revision among a target's revisions (oldest
// first, as the store returns them): the last initial one, since a reloaded
// catalogue may have replaced the first.
func Initial(revs []Target) (Target, bool) {
	for i := len(revs) - 1; i >= 0; i-- {
		if revs[i].RevisionKind != RevisionAdjusted {
			return revs[i], true
		}
	}
	return Target{}, false
}

// AdjustmentText says how a target was adjusted, for pages and the briefing:
// "年中调整为1100亿元，原目标1000亿元"; empty when current is no 年中调整
// of initial.
func AdjustmentText(initial, current Target, unit string) string {
	if current.RevisionKind != RevisionAdjusted || current.Revision == initial.Revision {
		return ""
	}
	return "年中调整为" + plainTarget(current, unit) + "，原目标" + plainTarget(initial, unit)
}

// plainTarget words a target's value for AdjustmentText: "1100亿元",
// "不超过5%", "30%左右", "3—5个", "提高2个百分点".
func plainTarget(t Target, unit string) string {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	switch t.Comparator {
	case AtMost:
		return "不超过" + num(t.Value) + unit
	case MoreThan:
		return "超过" + num(t.Value) + unit
	case Approx:
		return num(t.Value) + unit + "左右"
	case Range:
		if t.ValueHigh != nil {
			return num(t.Value) + "—" + num(*t.ValueHigh) + unit
		}
	case DeltaPP:
		return "提高" + num(t.Value) + "个百分点"
	}
	return num(t.Value) + unit
}

// NewRevisions is the "skip unchanged, diff against current" rule every
// store applies when targets are added: a target saying the same as its
// key's latest revision (current, or an earlier target of the same call)
// adds nothing; any other becomes the next revision, recorded at now
// unless it says when. It returns the revisions to write, times in UTC.
func NewRevisions(targets []Target, current func(key string) (Target, bool), now time.Time) []Target {
	latest := map[string]Target{}
	var added []Target
	for _, t := range targets {
		k := t.Key()
		cur, ok := latest[k]
		if !ok {
			cur, ok = current(k)
		}
		if ok && cur.SameContent(t) {
			continue
		}
		t.Revision = cur.Revision + 1 // cur is zero when there is none
		if t.RecordedAt.IsZero() {
			t.RecordedAt = now
		}
		t.RecordedAt = t.RecordedAt.UTC()
		latest[k] = t
		added = append(added, t)
	}
	return added
}
