package budget

import (
	"industrydash/internal/domain"
	"strings"
)

// Match selects the payments that execute a line. Its text form is a list
// of conditions separated by ";", each key=values with values separated by
// "|"; every condition must hold:
//
//	all                      every payment
//	function=201|20805       function code starts with one of the codes
//	econ=30217|30231         economic code starts with one of the codes
//	project=prj.yikatong     the payment's project is one of these codes
//	project=*                any project (项目支出)
//	project=-                no project (基本支出)
//	project=~                a project not named by any other line (the remainder)
//	source=结转               funding source
//	unit=dsj                 budget unit
type Match struct {
	All      bool
	Function []string
	Econ     []string
	Project  []string
	Source   []string
	Unit     []string
}

// ParseMatch reads a match rule; the empty text gives a zero Match that
// matches nothing (an info line).
func ParseMatch(s string) (Match, error) {
	var m Match
	s = strings.TrimSpace(s)
	if s == "" {
		return m, nil
	}
	for _, cond := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		cond = strings.TrimSpace(cond)
		if cond == "all" || cond == "全部" {
			m.All = true
			continue
		}
		key, val, ok := strings.Cut(cond, "=")
		if !ok {
			return Match{}, domain.NewError("budget.BadMatch", cond)
		}
		var vals []string
		for _, v := range strings.Split(val, "|") {
			if v = strings.TrimSpace(v); v != "" {
				vals = append(vals, v)
			}
		}
		if len(vals) == 0 {
			return Match{}, domain.NewError("budget.MatchNoValue", cond)
		}
		switch strings.TrimSpace(key) {
		case "function":
			m.Function = append(m.Function, vals...)
		case "econ":
			m.Econ = append(m.Econ, vals...)
		case "project":
			m.Project = append(m.Project, vals...)
		case "source":
			for _, v := range vals {
				src, err := ParseSource(v)
				if err != nil || src == "" {
					return Match{}, domain.NewError("budget.MatchSource", cond)
				}
				m.Source = append(m.Source, src)
			}
		case "unit":
			m.Unit = append(m.Unit, vals...)
		default:
			return Match{}, domain.NewError("budget.MatchKey", cond, key)
		}
	}
	return m, nil
}

// Empty reports a match that selects nothing.
func (m Match) Empty() bool {
	return !m.All && m.Function == nil && m.Econ == nil && m.Project == nil && m.Source == nil && m.Unit == nil
}

// NamedProjects returns the project codes the rule names (not *, -, ~).
func (m Match) NamedProjects() []string {
	var out []string
	for _, p := range m.Project {
		if p != "*" && p != "-" && p != "~" {
			out = append(out, p)
		}
	}
	return out
}

// Matches reports whether payment p counts toward the line; named holds the
// project codes any line names (for project=~).
func (m Match) Matches(p Payment, named map[string]bool) bool {
	if m.Empty() {
		return false
	}
	if m.Function != nil && !hasPrefixIn(p.FunctionCode, m.Function) {
		return false
	}
	if m.Econ != nil && (p.EconomicCode == "" || !hasPrefixIn(p.EconomicCode, m.Econ)) {
		return false
	}
	if m.Source != nil && !in(p.Source, m.Source) {
		return false
	}
	if m.Unit != nil && !in(p.Unit, m.Unit) {
		return false
	}
	if m.Project != nil {
		ok := false
		for _, v := range m.Project {
			switch v {
			case "*":
				ok = ok || p.Project != ""
			case "-":
				ok = ok || p.Project == ""
			case "~":
				ok = ok || p.Project != "" && !named[p.Project]
			default:
				ok = ok || p.Project == v
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func hasPrefixIn(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func in(s string, list []string) bool {
	for _, v := range list {
		if s == v {
			return true
		}
	}
	return false
}
