package web

import (
	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// apiMeta is the envelope's description of what the numbers are.
type apiMeta struct {
	Year    int    `json:"year"`
	Period  string `json:"period,omitempty"`
	AsOf    string `json:"as_of,omitempty"`
	Demo    bool   `json:"demo"`
	Stale   bool   `json:"stale"`
	Pending bool   `json:"include_pending"`
}

// progressItem is one target in GET /api/v1/progress. Percentages and 百分点
// are the figures the sentence prints (progress.PrintedCompletion,
// PrintedGap: gap_pp is the difference of the printed completion and time
// progress); the full-precision assessment is under "detail".
type progressItem struct {
	Indicator  string             `json:"indicator"`
	Name       string             `json:"name"`
	Chain      string             `json:"chain"`
	OrgUnit    string             `json:"org_unit"`
	Unit       string             `json:"unit"`
	Kind       domain.MeasureKind `json:"kind"`
	Comparator domain.Comparator  `json:"comparator"`
	Target     float64            `json:"target"`
	// TargetText says what the target is, as the plan means it
	// ("较上年提高2个百分点", "力争6000亿元"); TargetUnit is the unit of
	// Target (百分点 for a change).
	TargetText string   `json:"target_text"`
	TargetUnit string   `json:"target_unit"`
	TargetHigh *float64 `json:"target_high,omitempty"`
	// TargetInitial is the 年初下达 value; it differs from Target (the one in
	// force, that progress is judged against) after a 年中调整.
	TargetInitial    float64  `json:"target_initial"`
	TargetAdjustment string   `json:"target_adjustment,omitempty"`
	YTD              *float64 `json:"ytd"`
	DataMonth        int      `json:"data_month"`
	CompletionPct    *float64 `json:"completion_pct"`
	TimeProgressPct  *float64 `json:"time_progress_pct"`
	GapPP            *float64 `json:"gap_pp"`
	VsTargetPP       *float64 `json:"vs_target_pp,omitempty"`
	YoYPct           *float64 `json:"yoy_pct,omitempty"`
	YoYEstimated     bool     `json:"yoy_estimated,omitempty"`
	Status           string   `json:"status"`
	StatusLabel      string   `json:"status_label"`
	Projection       *float64 `json:"projection"`
	RequiredPace     *float64 `json:"required_pace"`
	Sentence         string   `json:"sentence"`
	// LastYearCompletionPct is last year's completion at the same month
	// against last year's own target, and VsLastYear words the difference
	// ("完成率比上年同期高2.1个百分点"); only where both years set a target.
	LastYearCompletionPct *float64             `json:"last_year_completion_pct,omitempty"`
	VsLastYear            string               `json:"vs_last_year,omitempty"`
	Detail                *progress.Assessment `json:"detail,omitempty"`

	// Projects is set for a project list or the capacity its projects form.
	Projects *projectsItem `json:"projects,omitempty"`
}

// projectsItem is a project list's standing: how many projects the register
// lists, how many reached the required stage (required_stage; for a
// capacity the last stage), and the planned count or capacity by now
// (planned; null without planned months).
type projectsItem struct {
	Listed        int      `json:"listed"`
	Reached       int      `json:"reached"`
	RequiredStage string   `json:"required_stage"`
	Planned       *float64 `json:"planned"`
	Unplanned     int      `json:"unplanned"`
	Unreported    int      `json:"unreported"`
}
