package budget

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Finding is one place where the disclosure's own figures disagree (勾稽
// 不符). Findings never stop a budget from loading: the printed figures are
// kept as printed and the finding is reported beside them.
type Finding struct {
	// Rule is sum (parts vs total), share (占比), yoy (增减额 vs 增减率) or
	// alt (the same item printed twice with different figures).
	Rule     string   `json:"rule"`
	Codes    []string `json:"codes"`
	Printed  float64  `json:"printed"`
	Computed float64  `json:"computed"`
	Message  string   `json:"message"`
}

// sumTolerance is below half a cent of 万元: printed amounts have two decimals.
const sumTolerance = 0.005

// Check cross-checks a budget's printed figures: parts against totals
// (per parent and breakdown), printed shares, printed year-on-year changes
// against printed rates, and items printed twice.
func Check(b Budget) []Finding {
	var out []Finding
	byCode := map[string]Line{}
	for _, l := range b.Lines {
		byCode[l.Code] = l
	}
	type group struct {
		parent, breakdown string
		codes             []string
		sum               float64
	}
	var groups []*group
	idx := map[string]*group{}
	for _, l := range b.Lines {
		if l.Parent == "" {
			continue
		}
		k := l.Parent + "\x00" + l.Breakdown
		g, ok := idx[k]
		if !ok {
			g = &group{parent: l.Parent, breakdown: l.Breakdown}
			idx[k] = g
			groups = append(groups, g)
		}
		g.codes = append(g.codes, l.Code)
		g.sum += l.Amount
	}
	for _, g := range groups {
		p, ok := byCode[g.parent]
		if !ok {
			continue
		}
		if math.Abs(g.sum-p.Amount) <= sumTolerance {
			continue
		}
		by := g.breakdown
		if by == "" {
			by = "各项"
		}
		names := make([]string, 0, len(g.codes))
		for _, c := range g.codes {
			names = append(names, byCode[c].Name)
		}
		out = append(out, Finding{
			Rule: "sum", Codes: append([]string{p.Code}, g.codes...), Printed: p.Amount, Computed: g.sum,
			Message: fmt.Sprintf("“%s”%s（%s）合计%s，与所印“%s”%s相差%s",
				p.Name, by, shorten(strings.Join(names, "、")), amount(g.sum, p.Unit), p.Name, amount(p.Amount, p.Unit), amount(math.Abs(g.sum-p.Amount), p.Unit)),
		})
	}
	for _, l := range b.Lines {
		if l.SharePct != nil && l.Parent != "" {
			if p, ok := byCode[l.Parent]; ok && p.Amount > 0 {
				share := l.Amount / p.Amount * 100
				if math.Abs(share-*l.SharePct) > 0.006 {
					out = append(out, Finding{
						Rule: "share", Codes: []string{l.Code, p.Code}, Printed: *l.SharePct, Computed: share,
						Message: fmt.Sprintf("“%s”所印占比%s%%，按%s÷%s计算为%s%%", l.Name, num(*l.SharePct, 2), amount(l.Amount, l.Unit), amount(p.Amount, p.Unit), num(share, 2)),
					})
				}
			}
		}
		if l.YoYChange != nil && l.YoYPct != nil {
			prior := l.Amount - *l.YoYChange
			if prior > sumTolerance {
				pct := *l.YoYChange / prior * 100
				if math.Abs(pct-*l.YoYPct) > 0.05 {
					word := "增长"
					if *l.YoYChange < 0 {
						word = "减少"
					}
					out = append(out, Finding{
						Rule: "yoy", Codes: []string{l.Code}, Printed: *l.YoYPct, Computed: pct,
						Message: fmt.Sprintf("“%s”所印%s%s%%，按本年%s、比上年%s%s（上年%s）计算应为%s%s%%",
							l.Name, word, num(math.Abs(*l.YoYPct), 2), amount(l.Amount, l.Unit), word, amount(math.Abs(*l.YoYChange), l.Unit), amount(prior, l.Unit), word, num(math.Abs(pct), 2)),
					})
				}
			}
		}
		if l.AltAmount != nil && math.Abs(*l.AltAmount-l.Amount) > sumTolerance {
			out = append(out, Finding{
				Rule: "alt", Codes: []string{l.Code}, Printed: l.Amount, Computed: *l.AltAmount,
				Message: fmt.Sprintf("“%s”一处印%s，另一处印%s（“%s”）；按%s计", l.Name, amount(l.Amount, l.Unit), amount(*l.AltAmount, l.Unit), shorten(l.AltQuote), amount(l.Amount, l.Unit)),
			})
		}
	}
	return out
}

func num(x float64, digits int) string {
	s := strconv.FormatFloat(x, 'f', digits, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

func amount(x float64, unit string) string {
	if unit == "" {
		unit = "万元"
	}
	return num(math.Round(x*100)/100, 2) + unit
}

func shorten(s string) string {
	r := []rune(s)
	if len(r) <= 40 {
		return s
	}
	return string(r[:40]) + "…"
}
