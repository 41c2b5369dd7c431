// Package budgetsvc runs the department budget for the server and ingest:
// it seeds the built-in budget into the fact store, assembles a year's
// budget (units and performance targets from the seed tables, lines from the
// store so that a recorded 预算调整 counts), loads payment files with audit,
// and builds the execution report the 预算执行 page, the API and the 简报
// paragraph share.
package budgetsvc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"industrydash/internal/budget"
	"industrydash/internal/budgetload"
	"industrydash/internal/store"
	"industrydash/seeds"
)

// Store is what the service needs: the budget facts, batches and the audit log.
type Store interface {
	budget.Store
	RecordBatch(ctx context.Context, b store.Batch) error
	AppendAudit(ctx context.Context, entries ...store.AuditEntry) error
}

// Service runs the budget. It is safe for concurrent use.
type Service struct {
	st  Store
	wf  WorkflowStore // nil: the 绩效运行监控表 cannot be filled
	cfg budget.Config
	log *slog.Logger
}

// New returns a service over the fact store st and the workflow store wf
// (nil when forms cannot be filled) judging with cfg.
func New(st Store, wf WorkflowStore, cfg budget.Config, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{st: st, wf: wf, cfg: cfg, log: log}
}

// Config returns the judgment thresholds.
func (s *Service) Config() budget.Config { return s.cfg }

// Years returns the years with a stored budget, in order: every year a
// budget was loaded for (the built-in seed's after Bootstrap).
func (s *Service) Years(ctx context.Context) ([]int, error) {
	fs, err := s.st.BudgetFrames(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]int, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.Year)
	}
	return out, nil
}

// Bootstrap stores the built-in budget of every seed year the store lacks:
// its lines when the year has none (a year already loaded is left alone, so
// an adjustment is never reverted) and its frame (units, indicators) when
// the year has none (a store from before frames were kept).
func (s *Service) Bootstrap(ctx context.Context) error {
	frames, err := s.st.BudgetFrames(ctx)
	if err != nil {
		return fmt.Errorf("bootstrap budget: %w", err)
	}
	framed := map[int]bool{}
	for _, f := range frames {
		framed[f.Year] = true
	}
	for _, y := range seeds.BuiltinBudgetYears() {
		b, err := seeds.BuiltinBudget(y)
		if err != nil {
			return fmt.Errorf("bootstrap budget %d: %w", y, err)
		}
		have, err := s.st.BudgetLines(ctx, y, time.Time{})
		if err != nil {
			return fmt.Errorf("bootstrap budget %d: %w", y, err)
		}
		if len(have) == 0 {
			n, err := s.st.AddBudgetLines(ctx, b.Lines)
			if err != nil {
				return fmt.Errorf("bootstrap budget %d: %w", y, err)
			}
			s.log.Info("loaded built-in department budget", "year", y, "lines", n)
		}
		if !framed[y] {
			f := budget.FrameOf(b)
			f.RecordedBy = seeds.RecordedBy
			if _, err := s.st.SaveBudgetFrame(ctx, f); err != nil {
				return fmt.Errorf("bootstrap budget %d: %w", y, err)
			}
		}
	}
	return nil
}

// ErrNoBudget is returned for a year without a budget.
var ErrNoBudget = errors.New("budgetsvc: no budget for the year")

// Budget assembles year's budget as of asOf from the store: the year's
// frame (department, units, performance indicators, the tables' line
// order), its current lines and each line's 年初 amount. ErrNoBudget when
// the year has no stored budget.
func (s *Service) Budget(ctx context.Context, year int, asOf time.Time) (*budget.Budget, map[string]float64, error) {
	frames, err := s.st.BudgetFrames(ctx)
	if err != nil {
		return nil, nil, err
	}
	var frame *budget.Frame
	for i := range frames {
		if frames[i].Year == year {
			frame = &frames[i]
		}
	}
	versions, err := s.st.BudgetLines(ctx, year, asOf)
	if err != nil {
		return nil, nil, err
	}
	if frame == nil || len(versions) == 0 {
		return nil, nil, fmt.Errorf("%w: %d", ErrNoBudget, year)
	}
	lines, initial := budget.Current(versions)
	// Keep the tables' line order (the disclosure's), then any new codes.
	order := map[string]int{}
	for i, c := range frame.Order {
		order[c] = i
	}
	slices.SortStableFunc(lines, func(a, b budget.Line) int {
		ia, oka := order[a.Code]
		ib, okb := order[b.Code]
		switch {
		case oka && okb:
			return ia - ib
		case oka:
			return -1
		case okb:
			return 1
		}
		return 0
	})
	return &budget.Budget{Year: year, Department: frame.Department, Units: frame.Units, Lines: lines, Indicators: frame.Indicators}, initial, nil
}

// Report is the execution of year's budget to the end of month (0: the
// latest month with payments), as of asOf when set.
func (s *Service) Report(ctx context.Context, year, month int, asOf time.Time) (budget.Report, *budget.Budget, error) {
	b, initial, err := s.Budget(ctx, year, asOf)
	if err != nil {
		return budget.Report{}, nil, err
	}
	pays, err := s.st.Payments(ctx, year, asOf)
	if err != nil {
		return budget.Report{}, nil, err
	}
	rep, err := budget.Execute(*b, initial, pays, month, s.cfg)
	if err != nil {
		return budget.Report{}, nil, err
	}
	return rep, b, nil
}

// Actor is who loads a file, for the audit log.
type Actor struct {
	Name, Role, IP, RequestID string
	// Unit, when set, restricts the load to one budget unit's rows.
	Unit string
}

// ImportPayments loads a payments file of year all or nothing and audits
// the load. Errors: *parse.FileError (whole file) and load.ErrRejected (rows;
// see the summary) are for users; others are storage failures.
func (s *Service) ImportPayments(ctx context.Context, a Actor, year int, name string, data []byte) (*budgetload.Summary, error) {
	b, _, err := s.Budget(ctx, year, time.Time{})
	if err != nil {
		return nil, err
	}
	sum, err := budgetload.New(s.st, b).LoadBytes(ctx, data, name, budgetload.Options{RecordedBy: a.Name, OnlyUnit: a.Unit})
	if err != nil {
		return sum, err
	}
	e := store.AuditEntry{At: time.Now().UTC(), Actor: a.Name, Role: a.Role, Action: "payments.load", Object: name,
		New: fmt.Sprintf("批次 %s：%d 年支付数据读取 %d 条，新增 %d 条，未变化 %d 条", sum.BatchID, year, sum.Read, sum.Loaded, sum.Unchanged),
		IP:  a.IP, RequestID: a.RequestID}
	if err := s.st.AppendAudit(ctx, e); err != nil {
		return sum, fmt.Errorf("audit payments load %s: %w", name, err)
	}
	return sum, nil
}

// LoadLines stores budget lines (an edited table: changed lines become new
// versions, i.e. 预算调整) and audits the load.
func (s *Service) LoadLines(ctx context.Context, a Actor, b *budget.Budget, source string) (int, error) {
	n, err := s.st.AddBudgetLines(ctx, b.Lines)
	if err != nil {
		return 0, err
	}
	f := budget.FrameOf(b)
	f.RecordedBy = a.Name
	if _, err := s.st.SaveBudgetFrame(ctx, f); err != nil {
		return n, err
	}
	e := store.AuditEntry{At: time.Now().UTC(), Actor: a.Name, Role: a.Role, Action: "budget.load", Object: source,
		New: fmt.Sprintf("%d 年部门预算：%d 行，新增或调整 %d 行", b.Year, len(b.Lines), n), IP: a.IP, RequestID: a.RequestID}
	if err := s.st.AppendAudit(ctx, e); err != nil {
		return n, fmt.Errorf("audit budget load: %w", err)
	}
	return n, nil
}
