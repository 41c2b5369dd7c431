package web

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/internal/msg"
	"industrydash/internal/targets"
)

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
