package review

import (
	"context"
	"fmt"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// Cell states of the status board.
const (
	CellApproved  = "approved"  // 已通过
	CellImported  = "imported"  // 已入库 (loaded by city staff with ingest): counts as approved
	CellSubmitted = "submitted" // 待审核
	CellReturned  = "returned"  // 已退回
	CellOverdue   = "overdue"   // 逾期未报
	CellMissing   = "missing"   // 未报 (not due yet)
)

// Board is the 填报 status board: units × months of a year.
type Board struct {
	Year   int        `json:"year"`
	Months []int      `json:"months"`
	Rows   []BoardRow `json:"rows"`
}

// BoardRow is one unit's months and rates.
type BoardRow struct {
	Unit  domain.OrgUnit `json:"unit"`
	Cells []BoardCell    `json:"cells"`
	// Due counts months past their deadline; Complete those with figures
	// submitted or approved; OnTime those first submitted by the deadline.
	Due      int `json:"due"`
	Complete int `json:"complete"`
	OnTime   int `json:"on_time"`
	// CompletenessPct and TimelinessPct are Complete/Due and OnTime/Due in
	// percent; nil before anything is due.
	CompletenessPct *float64 `json:"completeness_pct"`
	TimelinessPct   *float64 `json:"timeliness_pct"`
}

// BoardCell is one unit and month.
type BoardCell struct {
	Month int    `json:"month"`
	Key   string `json:"period"` // 2024-10
	State string `json:"state"`
	Label string `json:"label"`
	// Timing is 按时 or 逾期 for submitted figures, "" otherwise.
	Timing string `json:"timing,omitempty"`
	Late   bool   `json:"late"`
	Reason string `json:"reason,omitempty"`
	Due    string `json:"due"`
}

// Board builds the board of year as of now. With onlyUnit set it holds that
// unit's row only (a reporter's view).
func (s *Service) Board(ctx context.Context, year int, onlyUnit string) (*Board, error) {
	now := s.now().In(domain.Beijing)
	units, err := s.Units(ctx)
	if err != nil {
		return nil, err
	}
	if onlyUnit != "" {
		var keep []domain.OrgUnit
		for _, u := range units {
			if u.Code == onlyUnit {
				keep = append(keep, u)
			}
		}
		units = keep
	}
	subs, err := s.st.ListSubmissions(ctx, store.SubmissionFilter{Year: year, OrgUnit: onlyUnit})
	if err != nil {
		return nil, fmt.Errorf("read submissions: %w", err)
	}
	bySub := map[string]store.Submission{}
	last := 0
	for _, sub := range subs {
		bySub[sub.ID] = sub
		if sub.Status != store.StatusDraft {
			last = max(last, sub.Period.To)
		}
	}
	// Figures loaded by city staff (ingest) count as approved.
	indSet, codes := map[string]bool{}, []string{}
	for _, u := range units {
		for _, l := range s.lines(u) {
			if !indSet[l.Indicator] {
				indSet[l.Indicator] = true
				codes = append(codes, l.Indicator)
			}
		}
	}
	unitCodes := make([]string, len(units))
	for i, u := range units {
		unitCodes[i] = u.Code
	}
	imported := map[string]bool{}
	if len(units) > 0 {
		obs, err := s.st.CurrentObservations(ctx, store.ObsFilter{Indicators: codes, OrgUnits: unitCodes, Years: []int{year}})
		if err != nil {
			return nil, fmt.Errorf("read observations: %w", err)
		}
		for _, o := range obs {
			imported[SubmissionID(o.OrgUnit, domain.Month(year, o.Period.To))] = true
		}
	}
	months := 12
	if year == now.Year() {
		months = max(int(now.Month())-1, last)
	} else if year > now.Year() {
		months = last
	}
	b := &Board{Year: year}
	for m := 1; m <= months; m++ {
		b.Months = append(b.Months, m)
	}
	for _, u := range units {
		row := BoardRow{Unit: u}
		for _, m := range b.Months {
			month := domain.Month(year, m)
			due := s.Due(u, month)
			id := SubmissionID(u.Code, month)
			cell := BoardCell{Month: m, Key: MonthKey(month), Due: due.Format("1月2日")}
			sub, has := bySub[id]
			past := now.After(due)
			if past {
				row.Due++
			}
			submitted := has && sub.Status != store.StatusDraft && !sub.SubmittedAt.IsZero()
			switch {
			case has && sub.Status == store.StatusApproved:
				cell.State = CellApproved
			case has && sub.Status == store.StatusSubmitted:
				cell.State = CellSubmitted
			case has && sub.Status == store.StatusReturned:
				cell.State, cell.Reason = CellReturned, sub.Reason
			case imported[id]:
				cell.State = CellImported
			case past:
				cell.State, cell.Late = CellOverdue, true
			default:
				cell.State = CellMissing
			}
			cell.Label = cellLabel(cell.State)
			if submitted {
				cell.Timing = "按时"
				if sub.SubmittedAt.After(due) {
					cell.Timing, cell.Late = "逾期", true
				}
			}
			if past || submitted || cell.State == CellImported {
				if cell.State == CellApproved || cell.State == CellSubmitted || cell.State == CellImported {
					row.Complete++
				}
				if (submitted && !sub.SubmittedAt.After(due)) || (!submitted && cell.State == CellImported) {
					row.OnTime++
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		denom := max(row.Due, row.Complete)
		if denom > 0 {
			c := 100 * float64(min(row.Complete, denom)) / float64(denom)
			t := 100 * float64(min(row.OnTime, denom)) / float64(denom)
			row.CompletenessPct, row.TimelinessPct = &c, &t
		}
		b.Rows = append(b.Rows, row)
	}
	return b, nil
}

func cellLabel(state string) string {
	switch state {
	case CellApproved:
		return "已通过"
	case CellImported:
		return "已导入" // approved by import; short so the board keeps one line per cell
	case CellSubmitted:
		return "待审核"
	case CellReturned:
		return "已退回"
	case CellOverdue:
		return "逾期"
	}
	return "未报"
}

// Deadline returns unit's deadline for month (for pages).
func (s *Service) Deadline(u domain.OrgUnit, month domain.Period) time.Time { return s.Due(u, month) }
