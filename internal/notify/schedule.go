package notify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/briefing"
	"industrydash/internal/domain"
	"industrydash/internal/monitor"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// Store is what the scheduler needs from the workflow store.
type Store interface {
	store.Notifications
	ListSubmissions(ctx context.Context, f store.SubmissionFilter) ([]store.Submission, error)
	// UserByID returns store.ErrNotFound when there is no such user.
	UserByID(ctx context.Context, id string) (store.User, error)
}

// Deadlines is what the deadline rule needs from the submission workflow
// (review.Service): the reporting units, the 填报 board and each deadline.
type Deadlines interface {
	Units(ctx context.Context) ([]domain.OrgUnit, error)
	Board(ctx context.Context, year int, onlyUnit string) (*review.Board, error)
	Due(u domain.OrgUnit, month domain.Period) time.Time
}

// Attacher renders the 简报 file attached to e-mails.
type Attacher func(ctx context.Context, b *briefing.Briefing) (name string, data []byte, err error)

// AttachPDF attaches the 简报 PDF (the same rendering as the download);
// without Chromium it attaches the Word version and says so in the log.
func AttachPDF(log *slog.Logger) Attacher {
	return func(ctx context.Context, b *briefing.Briefing) (string, []byte, error) {
		var buf bytes.Buffer
		err := briefing.WritePDF(ctx, &buf, b)
		if err == nil {
			return b.Title + ".pdf", buf.Bytes(), nil
		}
		if !errors.Is(err, briefing.ErrNoPDFEngine) {
			return "", nil, err
		}
		log.Warn("notify: no Chromium for the 简报 PDF; attaching the Word version", "err", err)
		buf.Reset()
		if err := briefing.WriteDOCX(&buf, b); err != nil {
			return "", nil, err
		}
		return b.Title + ".docx", buf.Bytes(), nil
	}
}

// Scheduler runs the rules: it reads what the product knows, decides what
// each subscription has not yet been told, and queues the notices.
type Scheduler struct {
	st     Store
	mon    *monitor.Service
	obs    briefing.ObservationSource
	dl     Deadlines
	cfg    Config
	log    *slog.Logger
	attach Attacher
}

// NewScheduler returns the scheduler. obs supplies the 简报's footnotes;
// dl may be nil (no deadline notices).
func NewScheduler(st Store, mon *monitor.Service, obs briefing.ObservationSource, dl Deadlines, cfg Config, log *slog.Logger) *Scheduler {
	if log == nil {
		log = slog.Default()
	}
	return &Scheduler{st: st, mon: mon, obs: obs, dl: dl, cfg: cfg, log: log, attach: AttachPDF(log)}
}

// RunResult counts the notices one run queued, by event.
type RunResult struct {
	Queued  int
	ByEvent map[string]int
}

// run holds what one run reads once for every subscription.
type run struct {
	s      *Scheduler
	now    time.Time // the scheduler's clock (-now)
	readAt time.Time // when the data were read (数据截至)
	q      *monitor.Query
	ov     *monitor.Overview
	brief  *briefing.Briefing
	att    struct {
		name string
		data []byte
		done bool
	}
	boards map[int]*review.Board
}

// Run runs every rule once at now and queues what is due. A rule that
// fails is logged and skipped (the others still run); the first failure
// is returned.
func (s *Scheduler) Run(ctx context.Context, now time.Time) (RunResult, error) {
	res := RunResult{ByEvent: map[string]int{}}
	subs, err := s.st.Subscriptions(ctx, "")
	if err != nil {
		return res, fmt.Errorf("notify: read subscriptions: %w", err)
	}
	// The data are read as of the next whole second (a 简报's as-of time
	// is kept to the second): nothing recorded before the run is left out.
	readAt := time.Now().Add(time.Second).Truncate(time.Second)
	r := &run{s: s, now: now, readAt: readAt, boards: map[int]*review.Board{}}
	var first error
	for _, sub := range subs {
		// A disabled (or removed) account hears nothing more; an office's
		// group address stays subscribed whoever set it up.
		if !sub.Group {
			u, err := s.st.UserByID(ctx, sub.UserID)
			if errors.Is(err, store.ErrNotFound) || (err == nil && u.Disabled) {
				continue
			}
			if err != nil {
				return res, fmt.Errorf("notify: read subscriber %s: %w", sub.UserName, err)
			}
		}
		n, err := r.subscription(ctx, sub)
		if err != nil {
			s.log.Warn("notify: rule failed", "subscription", sub.ID, "event", sub.Event, "err", err)
			if first == nil {
				first = fmt.Errorf("notify: %s subscription %s: %w", sub.Event, sub.ID, err)
			}
			continue
		}
		res.Queued += n
		res.ByEvent[sub.Event] += n
	}
	return res, first
}

func (r *run) subscription(ctx context.Context, sub store.Subscription) (int, error) {
	digest := sub.Digest && (sub.Event == store.EventLagging || sub.Event == store.EventDeadline)
	var digestKey, digestPrev, today string
	if digest {
		at, _ := parseClock(r.s.cfg.DigestAt)
		bj := r.now.In(domain.Beijing)
		due := time.Date(bj.Year(), bj.Month(), bj.Day(), at/60, at%60, 0, 0, domain.Beijing)
		// The first digest is the first digest time after subscribing.
		if bj.Before(due) || !due.After(sub.CreatedAt) {
			return 0, nil
		}
		today = bj.Format("2006-01-02")
		digestKey = "digest:" + sub.ID
		var err error
		if digestPrev, err = r.s.st.NotifyState(ctx, digestKey); err != nil {
			return 0, err
		}
		if digestPrev == today {
			return 0, nil
		}
	}
	var b store.NoticeBatch
	var err error
	switch sub.Event {
	case store.EventBriefing:
		b, err = r.briefingBatch(ctx, sub)
	case store.EventLagging:
		b, err = r.laggingBatch(ctx, sub)
	case store.EventDeadline:
		b, err = r.deadlineBatch(ctx, sub)
	case store.EventReturned, store.EventApproved:
		b, err = r.submissionBatch(ctx, sub)
	default:
		return 0, fmt.Errorf("unknown event %q", sub.Event)
	}
	if err != nil {
		return 0, err
	}
	for i := range b.Notices {
		n := &b.Notices[i]
		n.SubscriptionID, n.Event, n.Channel, n.Address, n.Secret = sub.ID, sub.Event, sub.Channel, sub.Address, sub.Secret
		n.CreatedAt = r.now
		n.NextAttempt = r.s.afterQuiet(r.now)
		n.Body = r.footer(sub, n.Body)
		if sub.Channel != store.ChannelEmail {
			n.Attachment, n.AttachmentName = nil, ""
		}
	}
	added := 0
	if b.StateKey != "" || len(b.Notices) > 0 {
		added, err = r.s.st.QueueNotices(ctx, b)
		if errors.Is(err, store.ErrConflict) {
			return 0, nil // another process ran this rule on the same state first
		}
		if err != nil {
			return 0, err
		}
	}
	if digest {
		_, err := r.s.st.QueueNotices(ctx, store.NoticeBatch{StateKey: digestKey, PrevState: digestPrev, State: today})
		if err != nil && !errors.Is(err, store.ErrConflict) {
			return added, err
		}
	}
	return added, nil
}

// afterQuiet is t, or the end of the quiet hours when t falls in them.
func (s *Scheduler) afterQuiet(t time.Time) time.Time {
	from, to, on, err := parseQuiet(s.cfg.QuietHours)
	if err != nil || !on {
		return t
	}
	bj := t.In(domain.Beijing)
	m := bj.Hour()*60 + bj.Minute()
	in := (from < to && m >= from && m < to) || (from > to && (m >= from || m < to))
	if !in {
		return t
	}
	end := time.Date(bj.Year(), bj.Month(), bj.Day(), to/60, to%60, 0, 0, domain.Beijing)
	if !end.After(bj) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

// footer closes a message: the link to the product and, in e-mails, the
// unsubscribe link.
func (r *run) footer(sub store.Subscription, body string) string {
	if sub.Channel != store.ChannelEmail {
		return body
	}
	return body + "\n\n——\n本邮件由工业经济运行监测系统自动发送，请勿回复。\n不再接收此类消息：" +
		r.s.link("/unsubscribe/"+sub.Token, nil) + "\n"
}

// link is an absolute link into the product.
func (s *Scheduler) link(path string, q url.Values) string {
	base := strings.TrimRight(s.cfg.PublicURL, "/")
	if base == "" {
		base = "http://localhost:8080"
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return base + path
}

// stamp is the line every message carries: its data period and 数据截至.
func stamp(period string, readAt time.Time) string {
	return "> 数据期：" + period + "　数据截至：" + TimeLabel(readAt)
}

// TimeLabel prints t in Beijing time as messages do: "2024年11月15日 10:30".
func TimeLabel(t time.Time) string {
	b := t.In(domain.Beijing)
	return fmt.Sprintf("%d年%d月%d日 %02d:%02d", b.Year(), b.Month(), b.Day(), b.Hour(), b.Minute())
}

// query resolves the city view's default period once per run: the latest
// month for which the city's headline figures are in (monitor's rule,
// -period-indicators).
func (r *run) query(ctx context.Context) (monitor.Query, error) {
	if r.q == nil {
		q, err := r.s.mon.Resolve(ctx, monitor.Query{})
		if err != nil {
			return q, fmt.Errorf("resolve the view's period: %w", err)
		}
		r.q = &q
	}
	return *r.q, nil
}

// briefingBatch queues the 简报 of a new period: state is the last period sent.
func (r *run) briefingBatch(ctx context.Context, sub store.Subscription) (store.NoticeBatch, error) {
	q, err := r.query(ctx)
	if err != nil || q.Month == 0 {
		return store.NoticeBatch{}, err
	}
	period := fmt.Sprintf("%04d-%02d", q.Year, q.Month)
	key := "briefing:" + sub.ID
	prev, err := r.s.st.NotifyState(ctx, key)
	if err != nil {
		return store.NoticeBatch{}, err
	}
	if prev >= period {
		return store.NoticeBatch{}, nil
	}
	if r.brief == nil {
		b, err := briefing.Compose(ctx, r.s.mon, monitor.Query{Year: q.Year, Month: q.Month, AsOf: r.readAt.UTC()},
			briefing.Options{Observations: r.s.obs})
		if err != nil {
			return store.NoticeBatch{}, fmt.Errorf("compose the briefing: %w", err)
		}
		r.brief = b
	}
	b := r.brief
	n := store.Notice{Key: "briefing:" + sub.ID + ":" + period, Subject: b.Title + "（" + b.IssueLabel() + "）"}
	var sb strings.Builder
	fmt.Fprintf(&sb, "## %s\n%s\n", b.Title, stamp(b.DataPeriodLabel(), b.AsOf))
	if b.Demo {
		sb.WriteString("\n" + briefing.DemoNotice + "\n")
	}
	if b.Headline != "" {
		sb.WriteString("\n" + b.Headline + "\n")
	}
	if b.Summary != "" {
		sb.WriteString("\n" + b.Summary + "\n")
	}
	var red []briefing.Lagging
	for _, l := range b.Lagging {
		if l.Assessment.StatusKey == "red" {
			red = append(red, l)
		}
	}
	if len(red) > 0 {
		sb.WriteString("\n**滞后指标**\n")
		for i, l := range red {
			if i == 8 {
				fmt.Fprintf(&sb, "- 另有%d项，见简报\n", len(red)-i)
				break
			}
			fmt.Fprintf(&sb, "- %s\n", l.Sentence)
		}
	}
	link := r.s.link("/briefing", url.Values{"year": {strconv.Itoa(b.Year)}, "period": {period},
		"asof": {b.AsOf.UTC().Format(time.RFC3339)}})
	if sub.Channel == store.ChannelEmail {
		if !r.att.done {
			name, data, err := r.s.attach(ctx, b)
			if err != nil {
				return store.NoticeBatch{}, fmt.Errorf("render the briefing attachment: %w", err)
			}
			r.att.name, r.att.data, r.att.done = name, data, true
		}
		n.AttachmentName, n.Attachment = r.att.name, r.att.data
		fmt.Fprintf(&sb, "\n简报全文见附件《%s》；网页版：%s\n", r.att.name, link)
	} else {
		fmt.Fprintf(&sb, "\n[查看简报全文](%s)\n", link)
	}
	n.Body = sb.String()
	return store.NoticeBatch{StateKey: key, PrevState: prev, State: period, Notices: []store.Notice{n}}, nil
}

// laggingBatch tells of the targets that turned red (滞后) since the last
// notice, 略慢 → 滞后 included. State: every target's status last seen.
func (r *run) laggingBatch(ctx context.Context, sub store.Subscription) (store.NoticeBatch, error) {
	q, err := r.query(ctx)
	if err != nil || q.Month == 0 {
		return store.NoticeBatch{}, err
	}
	if r.ov == nil {
		if r.ov, err = r.s.mon.Overview(ctx, q); err != nil {
			return store.NoticeBatch{}, fmt.Errorf("read the overview: %w", err)
		}
	}
	cur := map[string]string{}
	for _, row := range r.ov.Rows {
		cur[row.Target.Indicator+"|"+row.Target.OrgUnit] = row.Assessment.StatusKey
	}
	key := "lagging:" + sub.ID
	prevRaw, err := r.s.st.NotifyState(ctx, key)
	if err != nil {
		return store.NoticeBatch{}, err
	}
	prev := map[string]string{}
	if prevRaw != "" {
		_ = json.Unmarshal([]byte(prevRaw), &prev)
	}
	var turned []monitor.Row
	for _, row := range r.ov.Rows {
		k := row.Target.Indicator + "|" + row.Target.OrgUnit
		if row.Assessment.StatusKey == "red" && prev[k] != "red" {
			turned = append(turned, row)
		}
	}
	raw, _ := json.Marshal(cur) // map keys are sorted: equal states encode equally
	state := string(raw)
	if state == prevRaw {
		return store.NoticeBatch{}, nil
	}
	b := store.NoticeBatch{StateKey: key, PrevState: prevRaw, State: state}
	if len(turned) == 0 {
		return b, nil // statuses moved, none to red: remember, say nothing
	}
	period := r.ov.Period.Label()
	var sb strings.Builder
	fmt.Fprintf(&sb, "## 滞后指标提醒：%d项目标转为滞后\n%s\n\n", len(turned), stamp(period, r.readAt))
	for _, row := range turned {
		was := ""
		switch prev[row.Target.Indicator+"|"+row.Target.OrgUnit] {
		case "amber":
			was = "（由略慢转为滞后）"
		case "green":
			was = "（由正常转为滞后）"
		}
		fmt.Fprintf(&sb, "- **%s**%s：%s\n", row.Title, was, row.Sentence)
	}
	fmt.Fprintf(&sb, "\n[查看总览](%s)\n", r.s.link("/", url.Values{"year": {strconv.Itoa(q.Year)},
		"period": {fmt.Sprintf("%04d-%02d", q.Year, q.Month)}, "status": {"red"}}))
	sum := sha256.Sum256([]byte(state))
	b.Notices = []store.Notice{{Key: "lagging:" + sub.ID + ":" + hex.EncodeToString(sum[:8]),
		Subject: fmt.Sprintf("滞后指标提醒（%s）：%d项目标转为滞后", period, len(turned)), Body: sb.String()}}
	return b, nil
}

// board returns the 填报 board of year, read once per run.
func (r *run) board(ctx context.Context, year int) (*review.Board, error) {
	if b, ok := r.boards[year]; ok {
		return b, nil
	}
	b, err := r.s.dl.Board(ctx, year, "")
	if err != nil {
		return nil, err
	}
	r.boards[year] = b
	return b, nil
}

// deadlineBatch reminds of deadlines within DeadlineDays and tells of
// those missed in the last month, for the subscriber's unit (reporters) or
// every unit. State: the items already told, so each is told once.
func (r *run) deadlineBatch(ctx context.Context, sub store.Subscription) (store.NoticeBatch, error) {
	if r.s.dl == nil {
		return store.NoticeBatch{}, nil
	}
	units, err := r.s.dl.Units(ctx)
	if err != nil {
		return store.NoticeBatch{}, err
	}
	bj := r.now.In(domain.Beijing)
	key := "deadline:" + sub.ID
	prevRaw, err := r.s.st.NotifyState(ctx, key)
	if err != nil {
		return store.NoticeBatch{}, err
	}
	var told []string
	if prevRaw != "" {
		_ = json.Unmarshal([]byte(prevRaw), &told)
	}
	type item struct {
		key, text string
		overdue   bool
	}
	var items []item
	keep := told[:0:0]
	// The months whose deadlines fall near now: last month's (due this
	// month) and the month before's (due last month).
	for back := 2; back >= 1; back-- {
		first := time.Date(bj.Year(), bj.Month(), 1, 0, 0, 0, 0, domain.Beijing).AddDate(0, -back, 0)
		month := domain.Month(first.Year(), int(first.Month()))
		board, err := r.board(ctx, month.Year)
		if err != nil {
			return store.NoticeBatch{}, fmt.Errorf("read the submission board: %w", err)
		}
		state := map[string]review.BoardCell{}
		for _, row := range board.Rows {
			for _, c := range row.Cells {
				if c.Month == month.To {
					state[row.Unit.Code] = c
				}
			}
		}
		for _, u := range units {
			if sub.OrgUnit != "" && u.Code != sub.OrgUnit {
				continue
			}
			due := r.s.dl.Due(u, month)
			cell := state[u.Code]
			done := cell.State == review.CellApproved || cell.State == review.CellImported || cell.State == review.CellSubmitted
			if done {
				continue
			}
			name := u.Name
			switch {
			case r.now.Before(due) && due.Sub(r.now) <= time.Duration(r.s.cfg.DeadlineDays)*24*time.Hour:
				k := "remind:" + u.Code + ":" + month.String()
				items = append(items, item{key: k, text: fmt.Sprintf("- %s %s数据：报送截止 %s，尚未报送", name, month.Label(), TimeLabel(due))})
			case !r.now.Before(due) && r.now.Sub(due) <= 31*24*time.Hour:
				k := "overdue:" + u.Code + ":" + month.String()
				why := "逾期未报"
				if cell.State == review.CellReturned {
					why = "已退回，逾期未重新报送"
				}
				items = append(items, item{key: k, overdue: true, text: fmt.Sprintf("- %s %s数据：已于 %s 截止，%s", name, month.Label(), TimeLabel(due), why)})
			}
		}
	}
	var fresh []item
	for _, it := range items {
		if slices.Contains(told, it.key) {
			keep = append(keep, it.key)
			continue
		}
		fresh = append(fresh, it)
		keep = append(keep, it.key)
	}
	sort.Strings(keep)
	raw, _ := json.Marshal(keep)
	if string(raw) == prevRaw || (prevRaw == "" && len(keep) == 0) {
		return store.NoticeBatch{}, nil
	}
	b := store.NoticeBatch{StateKey: key, PrevState: prevRaw, State: string(raw)}
	if len(fresh) == 0 {
		return b, nil
	}
	var remind, overdue []string
	for _, it := range fresh {
		if it.overdue {
			overdue = append(overdue, it.text)
		} else {
			remind = append(remind, it.text)
		}
	}
	var sb strings.Builder
	subject := "报送提醒"
	if len(overdue) > 0 {
		subject = "报送逾期通知"
	}
	periods := map[string]bool{}
	for _, it := range fresh {
		periods[it.key[strings.LastIndexByte(it.key, ':')+1:]] = true
	}
	var plist []string
	for p := range periods {
		if pp, err := domain.ParsePeriodKey(p); err == nil {
			plist = append(plist, pp.Label())
		}
	}
	sort.Strings(plist)
	fmt.Fprintf(&sb, "## %s\n%s\n", subject, stamp(strings.Join(plist, "、"), r.readAt))
	if len(overdue) > 0 {
		sb.WriteString("\n**已逾期**\n" + strings.Join(overdue, "\n") + "\n")
	}
	if len(remind) > 0 {
		fmt.Fprintf(&sb, "\n**%d天内截止**\n%s\n", r.s.cfg.DeadlineDays, strings.Join(remind, "\n"))
	}
	fmt.Fprintf(&sb, "\n[打开填报](%s)\n", r.s.link("/submissions", nil))
	sum := sha256.Sum256(raw)
	b.Notices = []store.Notice{{Key: "deadline:" + sub.ID + ":" + hex.EncodeToString(sum[:8]),
		Subject: subject + "（" + strings.Join(plist, "、") + "）", Body: sb.String()}}
	return b, nil
}

// submissionBatch tells of submissions returned (with the reason) or
// approved since the subscription began, one notice per version.
func (r *run) submissionBatch(ctx context.Context, sub store.Subscription) (store.NoticeBatch, error) {
	status := store.StatusReturned
	if sub.Event == store.EventApproved {
		status = store.StatusApproved
	}
	subs, err := r.s.st.ListSubmissions(ctx, store.SubmissionFilter{OrgUnit: sub.OrgUnit, Status: status})
	if err != nil {
		return store.NoticeBatch{}, err
	}
	var b store.NoticeBatch
	for _, s := range subs {
		if s.UpdatedAt.Before(sub.CreatedAt) {
			continue
		}
		unit := s.OrgUnit
		if r.s.dl != nil {
			if us, err := r.s.dl.Units(ctx); err == nil {
				for _, u := range us {
					if u.Code == s.OrgUnit {
						unit = u.Name
					}
				}
			}
		}
		var sb strings.Builder
		n := store.Notice{Key: fmt.Sprintf("%s:%s:%s:v%d", sub.Event, sub.ID, s.ID, s.Version)}
		if status == store.StatusReturned {
			n.Subject = fmt.Sprintf("填报已退回：%s %s", unit, s.Period.Label())
			fmt.Fprintf(&sb, "## %s\n%s\n\n%s %s的填报已被 %s 退回。\n\n**退回原因**：%s\n\n请修改后重新提交。",
				n.Subject, stamp(s.Period.Label(), r.readAt), unit, s.Period.Label(), s.UpdatedBy, s.Reason)
		} else {
			n.Subject = fmt.Sprintf("填报已通过：%s %s", unit, s.Period.Label())
			fmt.Fprintf(&sb, "## %s\n%s\n\n%s %s的填报已由 %s 于 %s 审核通过，数据已进入看板。", n.Subject,
				stamp(s.Period.Label(), r.readAt), unit, s.Period.Label(), s.UpdatedBy, TimeLabel(s.UpdatedAt))
		}
		fmt.Fprintf(&sb, "\n\n[查看填报](%s)\n", r.s.link(fmt.Sprintf("/submissions/%s/%04d-%02d", s.OrgUnit, s.Period.Year, s.Period.To), nil))
		n.Body = sb.String()
		b.Notices = append(b.Notices, n)
	}
	return b, nil
}
