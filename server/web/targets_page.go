package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/internal/msg"
	"industrydash/internal/review"
	"industrydash/internal/targets"
)

// errNoTargets answers the 目标管理 routes of a server wired without the service.
var errNoTargets = userErr(fiber.StatusServiceUnavailable, msg.WebTargetsDisabled)

// targetsView is what targets.html shows.
type targetsView struct {
	Year       int
	Years      []int
	Rows       []targets.Row
	Indicators []domain.Indicator
	Units      []domain.OrgUnit
	Kinds      []domain.MeasureKind
	Notice     string
	Problems   []string
	// Review is set after an extraction: the proposals to accept, edit or reject.
	Review *targetsReview
	// Split is set on the 分解下达 view of one city target.
	Split *targets.Split
}

type targetsReview struct {
	Source   string
	Result   extract.Result
	Document string
	Date     string
	// Rows are the review table: the proposals as extracted, or as the
	// analyst edited them when a publication was refused (with each row's
	// problems beside it, every edit kept).
	Rows []reviewRow
	// Message is a problem of the whole publication (document, date).
	Message string
}

// reviewRow is one proposal on the review page with the fields a new
// indicator would take (shown for every row, so any row can be mapped to a
// new indicator at any time).
type reviewRow struct {
	extract.Proposal
	Accept                              bool
	Errors                              []string
	NewCode, NewName, NewUnit, NewChain string
	NewKind                             domain.MeasureKind
	NewDirection                        domain.Direction
}

// reviewRows are the rows of freshly extracted proposals: all accepted,
// new-indicator fields from the extractor's suggestions.
func reviewRows(ps []extract.Proposal) []reviewRow {
	out := make([]reviewRow, len(ps))
	for i, p := range ps {
		kind := p.Kind
		if kind == "" && p.Stage != "" {
			kind = domain.Milestone
		}
		name := p.SuggestedName
		if name == "" {
			name = p.Name
		}
		out[i] = reviewRow{Proposal: p, Accept: true, NewCode: p.SuggestedCode, NewName: name, NewUnit: p.Unit,
			NewKind: kind, NewDirection: p.Direction}
	}
	return out
}

// targetsPage serves GET /targets: the year's targets (年初下达 and the one in
// force), the 年中调整 form and the extraction form.
func (h *Handler) targetsPage(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	year, err := h.targetsYear(c, c.Query("year"))
	if err != nil {
		return err
	}
	v, err := h.targetsData(c, year)
	if err != nil {
		return err
	}
	v.Notice = h.takeFlash(c)
	return h.render(c, "targets", pageData{Title: "目标管理", Nav: "targets", Data: v})
}

func (h *Handler) targetsYear(c *fiber.Ctx, s string) (int, error) {
	if s = strings.TrimSpace(s); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			return 0, badRequest(msg.WebBadYear, s)
		}
		return y, nil
	}
	// The page is where next year's plan is reviewed: it opens on the year
	// after the latest published plan, or the current year when none is.
	years, err := h.svc.PlanYears(c.UserContext())
	if err != nil || len(years) == 0 {
		return time.Now().In(domain.Beijing).Year(), err
	}
	return years[len(years)-1] + 1, nil
}

func (h *Handler) targetsData(c *fiber.Ctx, year int) (*targetsView, error) {
	ctx := c.UserContext()
	rows, err := h.targets.Rows(ctx, year)
	if err != nil {
		return nil, err
	}
	inds, units, err := h.svc.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	years, err := h.svc.Years(ctx)
	if err != nil {
		return nil, err
	}
	if !containsYear(years, year) {
		years = append(years, year)
	}
	if !containsYear(years, year+1) {
		years = append(years, year+1) // next year's plan is published here
	}
	if !slices.Contains(years, year) {
		years = append([]int{year}, years...) // the year in view is always a choice
		slices.Sort(years)
		slices.Reverse(years)
	}
	return &targetsView{Year: year, Years: years, Rows: rows, Indicators: inds, Units: units,
		Kinds: []domain.MeasureKind{domain.Flow, domain.Rate, domain.Stock, domain.Milestone}}, nil
}

func containsYear(ys []int, y int) bool {
	for _, x := range ys {
		if x == y {
			return true
		}
	}
	return false
}

// targetsExtract serves POST /targets/extract: the pasted text or the
// uploaded plan goes through the extractor, and the page shows the proposals
// for review.
func (h *Handler) targetsExtract(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	year := 0
	if s := strings.TrimSpace(c.FormValue("year")); s != "" {
		y, err := h.targetsYear(c, s)
		if err != nil {
			return err
		}
		year = y
	}
	name, data := "粘贴的文字.txt", []byte(c.FormValue("text"))
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		if fh.Size > review.MaxImportBytes {
			return badRequest(msg.WebPlanTooLarge)
		}
		b, err := readUpload(fh)
		if err != nil {
			return err
		}
		name, data = strings.Clone(fh.Filename), b
	}
	// Extraction stops when the client leaves (and at extract.Deadline).
	ctx, stop := clientContext(c)
	res, err := h.targets.Extract(ctx, year, name, data)
	stop()
	if err != nil {
		return err
	}
	v, err := h.targetsData(c, res.Year)
	if err != nil {
		return err
	}
	// The plan's own document number and date when the text states them;
	// else the file's name and today.
	doc, date := res.Document, res.Date
	if doc == "" {
		doc = strings.TrimSuffix(name, ".txt")
	}
	if date == "" {
		date = time.Now().In(domain.Beijing).Format("2006-01-02")
	}
	v.Review = &targetsReview{Source: name, Result: res, Document: doc, Date: date, Rows: reviewRows(res.Proposals)}
	return h.render(c, "targets", pageData{Title: "目标管理", Nav: "targets", Data: v})
}

// targetsPublish serves POST /targets/publish: the reviewed proposals
// (accepted rows only) become the year's 年初下达, all or nothing.
func (h *Handler) targetsPublish(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	f := func(k string) string { return strings.TrimSpace(strings.Clone(c.FormValue(k))) }
	year, err := h.targetsYear(c, f("year"))
	if err != nil {
		return err
	}
	in := targets.PublishInput{Year: year, Document: f("document")}
	if d := f("date"); d != "" {
		t, err := time.ParseInLocation("2006-01-02", d, domain.Beijing)
		if err != nil {
			return badRequest(msg.WebBadIssuedDate, d)
		}
		in.Date = t
	}
	n, _ := strconv.Atoi(f("n"))
	rows := make([]reviewRow, 0, min(n, 2000))
	var rowOfItem []int // in.Items[k] came from rows[rowOfItem[k]]
	bad := false
	for i := 0; i < n && i < 2000; i++ {
		p := func(k string) string { return f(fmt.Sprintf("%s_%d", k, i)) }
		r := reviewRow{Proposal: extract.Proposal{Name: p("name"), Stage: p("stage"), Indicator: p("indicator"), OrgUnit: p("org_unit"),
			Comparator: domain.Comparator(p("comparator")), Unit: p("unit"), Aspiration: p("aspiration") == "1",
			SourceQuote: p("quote"), Section: p("section")},
			Accept: p("accept") == "1", NewCode: p("new_code"), NewName: p("new_name"), NewUnit: p("new_unit"), NewChain: p("new_chain"),
			NewKind: domain.MeasureKind(p("new_kind")), NewDirection: domain.Direction(p("new_direction"))}
		r.Offset, _ = strconv.Atoi(p("offset"))
		num := func(k, what string) *float64 {
			s := p(k)
			if s == "" {
				return nil
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				r.Errors = append(r.Errors, fmt.Sprintf("%s“%s”不是数字", what, s))
				return nil
			}
			return &v
		}
		if v := num("value", "目标值"); v != nil {
			r.Value = *v
		} else if p("value") == "" && r.Accept {
			r.Errors = append(r.Errors, "缺少目标值")
		}
		r.ValueHigh, r.Tolerance = num("value_high", "上限"), num("tolerance", "允许偏差")
		rows = append(rows, r)
		if !r.Accept {
			continue
		}
		if len(r.Errors) > 0 {
			bad = true
			continue
		}
		it := targets.PublishItem{Indicator: r.Indicator, OrgUnit: r.OrgUnit, Comparator: string(r.Comparator), Unit: r.Unit,
			Aspiration: r.Aspiration, Quote: r.SourceQuote, Section: r.Section, Value: r.Value, ValueHigh: r.ValueHigh, Tolerance: r.Tolerance}
		if it.Indicator == "" && r.NewCode != "" {
			it.New = &domain.Indicator{Code: r.NewCode, Name: r.NewName, Unit: r.NewUnit,
				Kind: r.NewKind, Direction: r.NewDirection, Chain: r.NewChain}
			if it.New.Kind == domain.Milestone {
				it.New.Stages = []string{"前期", "开工", "建设", "建成投产"}
			}
			it.Indicator = it.New.Code
		}
		in.Items = append(in.Items, it)
		rowOfItem = append(rowOfItem, len(rows)-1)
	}
	// A refused publication shows the table again as the analyst left it,
	// each row's problems beside it; nothing was saved.
	again := func(msg string) error {
		v, err := h.targetsData(c, year)
		if err != nil {
			return err
		}
		v.Review = &targetsReview{Source: f("source"), Result: extract.Result{Year: year}, Document: in.Document, Date: f("date"),
			Rows: rows, Message: msg}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.render(c, "targets", pageData{Title: "目标管理", Nav: "targets", Data: v})
	}
	if bad {
		return again("目标未发布：请改正标出的各条后重新发布，已填写的内容都保留着。")
	}
	added, err := h.targets.Publish(c.UserContext(), actor(c), in)
	var ve *targets.ValidationError
	if errors.As(err, &ve) {
		var whole []string
		for _, pr := range ve.Problems {
			if !strings.HasPrefix(pr, "第 ") {
				whole = append(whole, pr) // about the publication, not a row
			}
		}
		for k, ps := range ve.Items {
			if k < len(rowOfItem) {
				rows[rowOfItem[k]].Errors = append(rows[rowOfItem[k]].Errors, ps...)
			}
		}
		msg := "目标未发布：请改正标出的各条后重新发布，已填写的内容都保留着。"
		if len(whole) > 0 {
			msg += strings.Join(whole, "；") + "。"
		}
		return again(msg)
	}
	if err != nil {
		return err
	}
	h.setFlash(c, fmt.Sprintf("已发布 %d 年年初下达目标 %d 条（新增修订 %d 条）", year, len(in.Items), added))
	return c.Redirect(fmt.Sprintf("/targets?year=%d", year), fiber.StatusSeeOther)
}

// targetsRevise serves POST /targets/revise: a 年中调整 from the page.
func (h *Handler) targetsRevise(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	f := func(k string) string { return strings.TrimSpace(strings.Clone(c.FormValue(k))) }
	year, err := h.targetsYear(c, f("year"))
	if err != nil {
		return err
	}
	key := strings.SplitN(f("target"), "|", 2)
	if len(key) != 2 {
		return badRequest(msg.WebNoTargetChosen)
	}
	in := targets.RevisionInput{Year: year, Indicator: key[0], OrgUnit: key[1], Comparator: f("comparator"), Reason: f("reason"), Document: f("document")}
	for k, dst := range map[string]**float64{"value": &in.Value, "value_high": &in.ValueHigh, "tolerance": &in.Tolerance} {
		if s := f(k); s != "" {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return badRequest(msg.WebNotANumber, s)
			}
			*dst = &v
		}
	}
	rev, err := h.targets.Revise(c.UserContext(), actor(c), in)
	if err != nil {
		return err
	}
	h.setFlash(c, fmt.Sprintf("已记录年中调整：%s 第 %d 版", rev.Indicator, rev.Revision))
	return c.Redirect(fmt.Sprintf("/targets?year=%d", year), fiber.StatusSeeOther)
}

// readUpload reads an uploaded file, at most review.MaxImportBytes.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, review.MaxImportBytes+1))
}

// targetsCatalogue serves POST /targets/catalogue: uploaded catalogue files
// (targets_YYYY.csv/.xlsx, optionally indicators and org_units) go through
// the same validation as `ingest targets`, all or nothing.
func (h *Handler) targetsCatalogue(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	mf, err := c.MultipartForm()
	if err != nil || len(mf.File["files"]) == 0 {
		return badRequest(msg.WebNoCatalogueFile)
	}
	var files []targets.File
	for _, fh := range mf.File["files"] {
		if fh.Size > review.MaxImportBytes {
			return badRequest(msg.WebFileTooLarge, fh.Filename)
		}
		b, err := readUpload(fh)
		if err != nil {
			return err
		}
		files = append(files, targets.File{Name: strings.Clone(fh.Filename), Data: b})
	}
	cat, n, err := h.targets.LoadCatalogue(c.UserContext(), actor(c), files)
	if err != nil {
		return err
	}
	h.setFlash(c, fmt.Sprintf("已载入 %d 年目标目录：指标 %d 个，目标 %d 项，新增目标修订 %d 项", cat.Year, len(cat.Indicators), len(cat.Targets), n))
	return c.Redirect(fmt.Sprintf("/targets?year=%d", cat.Year), fiber.StatusSeeOther)
}

// targetsSplitPage serves GET /targets/split?year=&indicator=: the 分解下达
// table of one city target, with the sum and the 市直/其他 remainder.
func (h *Handler) targetsSplitPage(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	year, err := h.targetsYear(c, c.Query("year"))
	if err != nil {
		return err
	}
	v, err := h.targetsData(c, year)
	if err != nil {
		return err
	}
	if code := strings.TrimSpace(c.Query("indicator")); code != "" {
		sp, err := h.targets.SplitOf(c.UserContext(), year, code)
		if err != nil {
			return err
		}
		v.Split = sp
	}
	v.Notice = h.takeFlash(c)
	return h.render(c, "targets", pageData{Title: "目标管理", Nav: "targets", Data: v})
}

// targetsSplitSave serves POST /targets/split: each unit's share (part_<code>).
func (h *Handler) targetsSplitSave(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	f := func(k string) string { return strings.TrimSpace(strings.Clone(c.FormValue(k))) }
	year, err := h.targetsYear(c, f("year"))
	if err != nil {
		return err
	}
	code := f("indicator")
	sp, err := h.targets.SplitOf(c.UserContext(), year, code)
	if err != nil {
		return err
	}
	in := targets.SplitInput{Year: year, Indicator: code, Document: f("document")}
	for _, u := range sp.Units {
		s := f("part_" + u.Code)
		if s == "" {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return badRequest(msg.WebTargetValueNotNumber, u.Name, s)
		}
		in.Parts = append(in.Parts, targets.SplitPart{OrgUnit: u.Code, Value: v})
	}
	after, _, err := h.targets.SaveSplit(c.UserContext(), actor(c), in)
	if err != nil {
		return err
	}
	h.setFlash(c, fmt.Sprintf("已分解下达：%d 个单位合计 %s%s，市直/其他 %s%s", len(after.Parts),
		strconv.FormatFloat(after.Sum, 'f', -1, 64), after.Indicator.Unit, strconv.FormatFloat(after.Remainder, 'f', -1, 64), after.Indicator.Unit))
	return c.Redirect(fmt.Sprintf("/targets/split?year=%d&indicator=%s", year, url.QueryEscape(code)), fiber.StatusSeeOther)
}
