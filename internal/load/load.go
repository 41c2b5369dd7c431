// Package load turns parsed records into observations against the
// catalogue and writes them all or nothing. Web submissions and file loads
// share it: Validate builds a Plan (observations to write, errors, warnings)
// without writing; Commit writes a plan that has no errors.
//
// Rules, in the order a row meets them:
//   - a missing value ("—", "-", blank, N/A) skips the row and is counted;
//   - the indicator (code or Chinese name) and org unit (code or name) must
//     be in the catalogue, the unit must report the indicator, and derived
//     tier-count indicators are never loaded;
//   - the 口径 comes from the 口径 column, else the value column's header
//     (本月, 累计), else the period (a range from January is 累计, a quarter
//     or a later range is the period's own amount), else the indicator's
//     reporting; a 累计 value's period always starts in January;
//   - the unit comes from the cell ("123万元"), else the 计量单位 column,
//     else the header ("数值（万元）"), else it is the indicator's unit; it is
//     converted to the indicator's unit and the submitted one kept;
//   - flows, stocks and counts cannot be negative, counts must be whole, a
//     rate must lie within −100..1000, a milestone stage within 1..len(Stages)
//     (a stage may also be given by its name);
//   - two rows with the same key and different values are an error; a
//     累计 flow must not decrease from month to month, within the file or
//     against the stored values;
//   - a value whose 同比 exceeds YoYLimit (flows, stocks) or whose rate moves
//     more than RateJumpLimit 百分点 from the same period last year is a
//     warning, and so is a stock (期末数) more than StockStepLimit away from
//     the last period's level: accepted when the row carries a 说明 or the caller passes
//     AcceptWarnings, blocking otherwise.
//
// Rows whose stored current value is identical are counted as unchanged
// and not written, so loading a file twice adds nothing; a changed value is
// appended as a new version and the old one stays visible as of its time.
package load

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/store"
)

// Store is what loading needs from storage; store.Store implementations
// satisfy it.
type Store interface {
	// CurrentObservations returns the latest row per key among those selected.
	CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error)
	// AppendObservations writes all rows or none.
	AppendObservations(ctx context.Context, obs []domain.Observation) error
	// RecordBatch stores a batch summary.
	RecordBatch(ctx context.Context, b store.Batch) error
}

// Thresholds of the plausibility checks.
const (
	// YoYLimit is the 同比 change (as a fraction: 0.5 = ±50%) beyond which a
	// flow or stock value needs an explanation. Monthly industrial output
	// rarely moves by half within a year; when it does (a plant starting or
	// stopping) the explanation belongs with the figure.
	YoYLimit = 0.5
	// RateJumpLimit is the move, in 百分点, beyond which a rate compared with
	// the same period last year needs an explanation.
	RateJumpLimit = 30.0
	// StockStepLimit is the change from the last period's level (as a
	// fraction: 0.3 = ±30%) beyond which a stock (期末数) needs an
	// explanation: a balance or a count of enterprises moves gradually.
	StockStepLimit = 0.3
	// RateMin and RateMax bound any rate value (%): a fall beyond −100% is
	// impossible and a rise beyond 1000% is almost surely a unit slip.
	RateMin, RateMax = -100.0, 1000.0
	// DefaultMaxIssues caps the errors listed in a plan; the rest are counted.
	DefaultMaxIssues = 200
	// DefaultProgressEvery is how many rows pass between progress calls.
	DefaultProgressEvery = 500
)

// ErrRejected is returned by Commit and LoadFile when a plan has errors or
// unexplained warnings; nothing was written. It is a sentinel of the
// catalogue code msg.LoadRejected: errors.Is(err, ErrRejected) matches any
// error of that code, and msg.Text renders it in Chinese for users.
var ErrRejected error = msg.New(msg.LoadRejected)

// Options control one load.
type Options struct {
	// Source names the origin in each observation and the batch: a file
	// name, "web" or "api". LoadFile fills it with the file name.
	Source string
	// Checksum is the hex SHA-256 of the source bytes (LoadFile fills it).
	Checksum string
	// Kind is the batch kind: "actuals" (default) or "submission"
	// (the default when SubmissionID is set).
	Kind string
	// BatchID is the batch id; a random one is made when empty.
	BatchID string
	// SubmissionID links the observations to a web submission.
	SubmissionID string
	// RecordedBy is the user or process recording the data.
	RecordedBy string
	// AcceptWarnings accepts every plausibility warning (the user confirmed).
	AcceptWarnings bool
	// DefaultOrgUnit is used for rows without an org unit (code or name).
	DefaultOrgUnit string
	// OnlyOrgUnit, when set (a code), rejects rows of any other unit: a
	// district reporter submits for their own unit only.
	OnlyOrgUnit string
	// Now returns the current time (time.Now when nil); tests fix it.
	Now func() time.Time
	// EarliestYear is the earliest year a row may be for (MinYear when 0).
	// Only a deliberate back-fill of a historical series lowers it; the
	// web, the API and the submission workflow never do.
	EarliestYear int
	// Progress, when set, is called with (rows processed, total rows)
	// every ProgressEvery rows and once at the end.
	Progress func(done, total int)
	// ProgressEvery defaults to DefaultProgressEvery.
	ProgressEvery int
	// MaxIssues caps the listed errors (DefaultMaxIssues when 0).
	MaxIssues int
	// Layout, when set, maps the file's names to the catalogue (a saved
	// 导入模板, applied by LoadResult and Preview).
	Layout *Layout
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Issue is one problem found in the data, located in the source.
type Issue struct {
	File   string `json:"file,omitempty"`
	Sheet  string `json:"sheet,omitempty"`
	Row    int    `json:"row,omitempty"`
	Column string `json:"column,omitempty"` // letter or JSON key
	Header string `json:"header,omitempty"`
	// Where is the location in Chinese: `文件“x.csv”第5行“数值”列（D列）`.
	Where string `json:"where"`
	// Message says what is wrong and what to do, in Chinese.
	Message string `json:"message"`
	// Warning marks a plausibility warning rather than an error; Accepted a
	// warning that carries an explanation or was accepted by the caller.
	Warning  bool `json:"warning,omitempty"`
	Accepted bool `json:"accepted,omitempty"`

	rec int // index of the record, for ordering
}

// String is the full message: location and reason.
func (i Issue) String() string {
	if i.Where == "" {
		return i.Message
	}
	return i.Where + "：" + i.Message
}

// Plan is a validated load, ready to Commit when it has no errors.
type Plan struct {
	Source       string `json:"source"`
	Checksum     string `json:"checksum"`
	BatchID      string `json:"batch_id"`
	SubmissionID string `json:"submission_id,omitempty"`
	// Observations are the new or changed values to write, in file order,
	// converted to their indicators' units.
	Observations []domain.Observation `json:"observations"`
	// Origins gives, for each observation, the sheet and row it came from.
	Origins []Origin `json:"origins,omitempty"`
	// Read counts records (one per value cell), Unchanged those equal to the
	// stored current value, Duplicates repeated identical rows,
	// MissingSkipped those with a missing value, Rejected those with errors.
	Read           int `json:"read"`
	Unchanged      int `json:"unchanged"`
	Duplicates     int `json:"duplicates"`
	MissingSkipped int `json:"missing_skipped"`
	Rejected       int `json:"rejected"`
	// Skipped counts figures of a wide table whose indicator or region the
	// catalogue does not track; Notes lists them and every blank or "—"
	// figure, by row.
	Skipped int      `json:"skipped,omitempty"`
	Notes   []string `json:"notes,omitempty"`
	// Unmapped are the names the catalogue did not know (indicators and
	// org units), for the analyst to map on the preview.
	Unmapped []Unmapped `json:"unmapped,omitempty"`
	// Errors lists the first MaxIssues errors in file order; MoreErrors
	// counts the rest. Warnings lists plausibility warnings.
	Errors     []Issue `json:"errors"`
	MoreErrors int     `json:"more_errors,omitempty"`
	Warnings   []Issue `json:"warnings"`
	// Ignored lists the file's unrecognised columns (LoadFile fills it).
	Ignored   []parse.Column `json:"ignored,omitempty"`
	StartedAt time.Time      `json:"started_at"`

	opts Options
}

// Origin is where in the file an observation was read.
type Origin struct {
	Sheet string `json:"sheet,omitempty"`
	Row   int    `json:"row"`
}

// Blocked reports whether the plan cannot be committed: it has errors or
// warnings that were neither explained nor accepted.
func (p *Plan) Blocked() bool {
	if len(p.Errors) > 0 || p.MoreErrors > 0 {
		return true
	}
	for _, w := range p.Warnings {
		if !w.Accepted {
			return true
		}
	}
	return false
}

// Summary reports a finished (or refused) load.
type Summary struct {
	BatchID        string         `json:"batch_id"`
	Source         string         `json:"source"`
	Checksum       string         `json:"checksum"`
	Read           int            `json:"read"`
	Loaded         int            `json:"loaded"`
	Unchanged      int            `json:"unchanged"`
	Duplicates     int            `json:"duplicates"`
	Rejected       int            `json:"rejected"`
	MissingSkipped int            `json:"missing_skipped"`
	Skipped        int            `json:"skipped,omitempty"`
	Errors         []Issue        `json:"errors"`
	MoreErrors     int            `json:"more_errors,omitempty"`
	Warnings       []Issue        `json:"warnings"`
	Ignored        []parse.Column `json:"ignored,omitempty"`
	// Notes state, in Chinese, how the file was read where it said nothing
	// itself (amounts taken as 元, sheets not read and why, cells skipped).
	Notes     []string  `json:"notes,omitempty"`
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at"`
}

// Text renders the summary for people, in Chinese, one line per fact.
func (s *Summary) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "“%s”：读取 %d 条，新增 %d 条，未变化 %d 条，空值跳过 %d 条，有错误 %d 条",
		s.Source, s.Read, s.Loaded, s.Unchanged, s.MissingSkipped, s.Rejected)
	if s.Skipped > 0 {
		fmt.Fprintf(&b, "，目录中没有的指标或地区 %d 条未导入", s.Skipped)
	}
	b.WriteString("。\n")
	if s.Duplicates > 0 {
		fmt.Fprintf(&b, "另有 %d 条与前面完全相同的重复行，只计一次。\n", s.Duplicates)
	}
	for _, n := range s.Notes {
		b.WriteString(n + "\n")
	}
	for _, c := range s.Ignored {
		if c.Sheet != "" {
			fmt.Fprintf(&b, "已忽略工作表“%s”%s列“%s”：%s\n", c.Sheet, c.Col, c.Header, c.Reason)
			continue
		}
		fmt.Fprintf(&b, "已忽略%s列“%s”：%s\n", c.Col, c.Header, c.Reason)
	}
	if len(s.Errors) > 0 || s.MoreErrors > 0 {
		b.WriteString("数据有错误，未导入任何数据。请改正以下问题后重新导入：\n")
		for _, e := range s.Errors {
			b.WriteString("  " + e.String() + "\n")
		}
		if s.MoreErrors > 0 {
			fmt.Fprintf(&b, "  另有 %d 处错误未列出。\n", s.MoreErrors)
		}
	}
	var open []Issue
	for _, w := range s.Warnings {
		if !w.Accepted {
			open = append(open, w)
		}
	}
	if len(open) > 0 && len(s.Errors) == 0 {
		b.WriteString("以下数据与去年同期相差较大，需要说明，未导入任何数据：\n")
	}
	for _, w := range s.Warnings {
		tag := "  提示（已附说明）："
		if !w.Accepted {
			tag = "  需说明："
		}
		b.WriteString(tag + w.String() + "\n")
	}
	return b.String()
}

// Loader validates and loads observations against a catalogue.
type Loader struct {
	st  Store
	cat *Catalogue
}

// New returns a loader writing to st and resolving names with cat.
func New(st Store, cat *Catalogue) *Loader { return &Loader{st: st, cat: cat} }

// LoadFile parses the file at path and loads it all or nothing. A file that
// cannot be read as a table returns a *parse.FileError; a file with bad rows
// returns the summary listing them and ErrRejected.
func (l *Loader) LoadFile(ctx context.Context, path string, opts Options) (*Summary, error) {
	res, err := l.cat.ParseFile(path)
	if err != nil {
		return nil, err
	}
	return l.LoadResult(ctx, res, opts)
}

// LoadResult loads a parsed file all or nothing, like LoadFile.
func (l *Loader) LoadResult(ctx context.Context, res *parse.Result, opts Options) (*Summary, error) {
	if opts.Source == "" {
		opts.Source = res.File
	}
	if opts.Checksum == "" {
		opts.Checksum = res.Checksum
	}
	plan, err := l.Preview(ctx, res, opts)
	if err != nil {
		return nil, err
	}
	return l.Commit(ctx, plan)
}

// Preview validates a parsed file (with the options' layout) and plans
// its load without writing anything: what LoadResult would commit, with
// how the file was read in Notes.
func (l *Loader) Preview(ctx context.Context, res *parse.Result, opts Options) (*Plan, error) {
	if opts.Source == "" {
		opts.Source = res.File
	}
	if opts.Checksum == "" {
		opts.Checksum = res.Checksum
	}
	recs := res.Records
	if opts.Layout != nil {
		recs = opts.Layout.apply(recs)
	}
	plan, err := l.Validate(ctx, recs, opts)
	if err != nil {
		return nil, err
	}
	plan.Ignored = res.Ignored
	notes := ReadNotes(res)
	if opts.Layout != nil {
		notes = append(notes, fmt.Sprintf("按导入模板“%s”对应指标和单位（%d 个名称）。", opts.Layout.Name, len(opts.Layout.Names)+len(opts.Layout.Units)))
	}
	plan.Notes = append(notes, plan.Notes...)
	return plan, nil
}

// Validate checks records and plans their load without writing anything.
// The returned error is a storage failure (not for users' eyes); problems
// in the data are in Plan.Errors and Plan.Warnings.
func (l *Loader) Validate(ctx context.Context, recs []parse.Record, opts Options) (*Plan, error) {
	now := opts.now()
	if opts.BatchID == "" {
		opts.BatchID = newBatchID(now)
	}
	if opts.Kind == "" {
		opts.Kind = "actuals"
		if opts.SubmissionID != "" {
			opts.Kind = "submission"
		}
	}
	every := opts.ProgressEvery
	if every <= 0 {
		every = DefaultProgressEvery
	}
	p := &Plan{Source: opts.Source, Checksum: opts.Checksum, BatchID: opts.BatchID, SubmissionID: opts.SubmissionID,
		StartedAt: now, opts: opts, Observations: []domain.Observation{}}
	if len(recs) > 0 && recs[0].Wide {
		recs = append([]parse.Record(nil), recs...) // wide rows are rewritten in place
	}
	v := &validation{l: l, opts: opts, now: now, recs: recs, bad: map[int]bool{}}
	if err := v.checkRows(ctx, p, every); err != nil {
		return nil, err
	}
	if err := v.fileChecks(ctx, p); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(len(recs), len(recs))
	}
	p.Rejected = len(v.bad)
	p.Notes = append(p.Notes, v.notes()...)
	p.Unmapped = v.unmapped()
	sort.SliceStable(v.errs, func(a, b int) bool { return v.errs[a].rec < v.errs[b].rec })
	sort.SliceStable(v.warns, func(a, b int) bool { return v.warns[a].rec < v.warns[b].rec })
	max := opts.MaxIssues
	if max <= 0 {
		max = DefaultMaxIssues
	}
	if len(v.errs) > max {
		p.MoreErrors = len(v.errs) - max
		v.errs = v.errs[:max]
	}
	p.Errors, p.Warnings = v.errs, v.warns
	if p.Errors == nil {
		p.Errors = []Issue{}
	}
	if p.Warnings == nil {
		p.Warnings = []Issue{}
	}
	return p, nil
}

// Commit writes a plan's observations in one append and records the batch.
// A blocked plan writes nothing and returns its summary with ErrRejected.
// Commit does not re-read the store: values stored by someone else between
// Validate and Commit are not compared again, so callers should commit soon
// after validating (the web server validates and commits in one request).
func (l *Loader) Commit(ctx context.Context, p *Plan) (*Summary, error) {
	s := &Summary{BatchID: p.BatchID, Source: p.Source, Checksum: p.Checksum, Read: p.Read, Unchanged: p.Unchanged,
		Duplicates: p.Duplicates, Rejected: p.Rejected, MissingSkipped: p.MissingSkipped, Errors: p.Errors,
		MoreErrors: p.MoreErrors, Warnings: p.Warnings, Ignored: p.Ignored, StartedAt: p.StartedAt,
		Skipped: p.Skipped, Notes: p.Notes}
	if p.Blocked() {
		s.EndedAt = p.opts.now()
		return s, msg.New(msg.LoadRejected)
	}
	now := p.opts.now()
	obs := make([]domain.Observation, len(p.Observations))
	for i, o := range p.Observations {
		o.RecordedAt = now
		o.BatchID = p.BatchID
		obs[i] = o
	}
	if len(obs) > 0 {
		if err := l.st.AppendObservations(ctx, obs); err != nil {
			return s, fmt.Errorf("append %d observations of %s: %w", len(obs), p.Source, err)
		}
	}
	s.Loaded = len(obs)
	s.EndedAt = p.opts.now()
	b := store.Batch{ID: p.BatchID, Source: p.Source, Kind: p.opts.Kind, Checksum: p.Checksum, Read: p.Read,
		Loaded: s.Loaded, Unchanged: p.Unchanged, Rejected: p.Rejected, StartedAt: p.StartedAt, EndedAt: s.EndedAt,
		By: p.opts.RecordedBy}
	if err := l.st.RecordBatch(ctx, b); err != nil {
		return s, fmt.Errorf("record batch %s: %w", p.BatchID, err)
	}
	return s, nil
}

func newBatchID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "b" + now.UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:])
}

// same reports whether two values are equal up to float noise from unit conversion.
func same(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// ReadNotes states how a file was read: each sheet read (and its layout)
// or not read (and why), and where a wide table's period came from.
func ReadNotes(res *parse.Result) []string {
	var out []string
	for _, sh := range res.Sheets {
		switch {
		case !sh.Read:
			out = append(out, fmt.Sprintf("工作表“%s”未读取：%s", sh.Sheet, sh.Reason))
		case sh.Layout != "long" && sh.Title != "":
			out = append(out, fmt.Sprintf("工作表“%s”已读取（%s），期间取自标题“%s”和表头。", sh.Sheet, layoutLabel(sh.Layout), sh.Title))
		case len(res.Sheets) > 1 || sh.Layout != "long":
			out = append(out, fmt.Sprintf("工作表“%s”已读取（%s）。", sh.Sheet, layoutLabel(sh.Layout)))
		}
	}
	for _, r := range res.SkippedRows {
		where := ""
		if r.Sheet != "" {
			where = fmt.Sprintf("工作表“%s”", r.Sheet)
		}
		out = append(out, fmt.Sprintf("跳过%s第%d行“%s”：没有数值（小标题、注释或说明）。", where, r.Row, r.Text))
	}
	if len(res.Sheets) == 0 && res.Layout != "" && res.Layout != "long" {
		msg := fmt.Sprintf("按%s读取", layoutLabel(res.Layout))
		if res.Title != "" {
			msg += fmt.Sprintf("，期间取自标题“%s”和表头", res.Title)
		}
		out = append(out, msg+"。")
	}
	return out
}

func layoutLabel(l string) string {
	switch l {
	case "wide-indicators":
		return "统计宽表：指标在行，当月/累计/增长在列"
	case "wide-regions":
		return "统计宽表：地区在行，指标在列"
	}
	return "逐行一个数值的表格"
}
