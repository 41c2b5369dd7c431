package budget

import (
	"fmt"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
)

// MonitorForm is a project's 绩效运行监控表 ("双监控", 财预〔2019〕136号):
// budget execution and each performance indicator's progress, with the
// columns the implementing unit fills in (执行情况, 全年预计, 偏差原因,
// 纠偏措施). The budget figures come from the execution report; Entries,
// when given, fill the unit's columns.
type MonitorForm struct {
	Year        int    `json:"year"`
	Month       int    `json:"month"`
	PeriodLabel string `json:"period_label"`
	Department  string `json:"department"`
	Project     string `json:"project"` // line code
	Name        string `json:"name"`
	Unit        string `json:"unit"` // implementing unit's name
	// Budget execution (万元).
	Budget          float64  `json:"budget"`
	Spent           float64  `json:"spent"`
	SpentCurrent    float64  `json:"spent_current"`
	SpentCarryover  float64  `json:"spent_carryover"`
	ExecutionPct    *float64 `json:"execution_pct"`
	TimeProgressPct float64  `json:"time_progress_pct"`
	PlanBased       bool     `json:"plan_based,omitempty"`
	// EstimateFullYear is the run-rate estimate of the year's spending
	// (spent × 12 / months, capped at the budget), which the unit may correct.
	EstimateFullYear float64 `json:"estimate_full_year"`
	StatusLabel      string  `json:"status_label"`
	Sentence         string  `json:"sentence"`
	// Budget-level reason and measure (filled by the unit).
	Reason  string       `json:"reason,omitempty"`
	Measure string       `json:"measure,omitempty"`
	Rows    []MonitorRow `json:"rows"`
}

// MonitorRow is one performance indicator of the form.
type MonitorRow struct {
	Level1 string `json:"level1"` // 产出指标, 效益指标 …
	Level2 string `json:"level2"` // 数量指标, 质量指标 …
	Name   string `json:"name"`
	Target string `json:"target"` // 年度指标值, as printed
	// Filled by the unit.
	Progress string `json:"progress,omitempty"` // 1—6月执行情况
	Estimate string `json:"estimate,omitempty"` // 全年预计完成情况
	Reason   string `json:"reason,omitempty"`   // 偏差原因分析
	Measure  string `json:"measure,omitempty"`  // 纠偏措施
}

// MonitorEntry is what the unit wrote for one indicator (by index in the
// form's rows) or, with Index −1, for the budget execution.
type MonitorEntry struct {
	Index    int    `json:"index"`
	Progress string `json:"progress,omitempty"`
	Estimate string `json:"estimate,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Measure  string `json:"measure,omitempty"`
}

// MonitorProjects lists the projects with performance targets, in budget order.
func MonitorProjects(b Budget) []Line {
	has := map[string]bool{}
	for _, ind := range b.Indicators {
		has[ind.Project] = true
	}
	var out []Line
	for _, l := range b.Lines {
		if has[l.Code] {
			out = append(out, l)
		}
	}
	return out
}

// BuildMonitorForm assembles the form of project from the budget, the
// execution report and the unit's entries.
func BuildMonitorForm(b Budget, rep Report, project string, entries []MonitorEntry) (MonitorForm, error) {
	line, ok := b.Line(project)
	if !ok {
		return MonitorForm{}, domain.NewError("budget.NoProject", b.Year, project)
	}
	f := MonitorForm{Year: rep.Year, Month: rep.Month, PeriodLabel: rep.PeriodLabel, Department: b.Department,
		Project: line.Code, Name: line.Name, Budget: line.Amount}
	if u, ok := LookupUnit(b.Units, line.BudgetUnit); ok {
		f.Unit = u.Name
	}
	for _, r := range rep.Lines {
		if r.Code != project || r.Group != GroupProject {
			continue
		}
		f.Spent, f.SpentCurrent, f.SpentCarryover = r.Spent, r.SpentCurrent, r.SpentCarryover
		f.ExecutionPct, f.TimeProgressPct, f.PlanBased = r.ExecutionPct, r.TimeProgressPct, r.PlanBased
		f.StatusLabel, f.Sentence = r.StatusLabel, r.Sentence
		if r.Budget != nil {
			f.Budget = *r.Budget
		}
	}
	if rep.Month > 0 {
		f.EstimateFullYear = min(progress.RunRate(f.Spent, rep.Month), f.Budget)
	}
	for _, ind := range b.Indicators {
		if ind.Project != project {
			continue
		}
		l1, l2, _ := strings.Cut(ind.Category, "/")
		f.Rows = append(f.Rows, MonitorRow{Level1: l1, Level2: l2, Name: ind.Name, Target: ind.Target})
	}
	if len(f.Rows) == 0 {
		return MonitorForm{}, domain.NewError("budget.NoPerformance", line.Name)
	}
	for _, e := range entries {
		switch {
		case e.Index == -1:
			f.Reason, f.Measure = e.Reason, e.Measure
			if strings.TrimSpace(e.Estimate) != "" {
				var v float64
				if _, err := fmt.Sscanf(e.Estimate, "%g", &v); err == nil && v >= 0 {
					f.EstimateFullYear = v
				}
			}
		case e.Index >= 0 && e.Index < len(f.Rows):
			r := &f.Rows[e.Index]
			r.Progress, r.Estimate, r.Reason, r.Measure = e.Progress, e.Estimate, e.Reason, e.Measure
		}
	}
	return f, nil
}

// Title is the form's heading: "“蒙企通”…运维费 绩效运行监控表（2024年1—6月）".
func (f MonitorForm) Title() string {
	return fmt.Sprintf("%s 绩效运行监控表（%d年%s）", f.Name, f.Year, f.PeriodLabel)
}
