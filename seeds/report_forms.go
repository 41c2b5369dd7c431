package seeds

import (
	"io/fs"
	"strconv"

	"industrydash/internal/domain"
)

// ReportFormsFile is the file listing the report forms (报表) units fill in.
const ReportFormsFile = "report_forms.csv"

var reportFormColumns = []column{
	{key: "form", aliases: []string{"报表代码"}, required: true},
	{key: "name", aliases: []string{"报表名称"}, required: true},
	{key: "units", aliases: []string{"填报单位"}, required: true},
	{key: "indicator", aliases: []string{"指标代码"}, required: true},
	{key: "value_type", aliases: []string{"口径"}},
	{key: "due_day", aliases: []string{"截止日"}},
}

// BuiltinReportForms returns the embedded report forms, checked against the
// catalogue cat (its indicators and org units).
func BuiltinReportForms(cat *domain.Catalogue) ([]domain.ReportForm, error) {
	sub, err := fs.Sub(builtin, "catalogue")
	if err != nil {
		return nil, err
	}
	return LoadReportForms(sub, cat)
}

// LoadReportForms reads report_forms.csv from the root of fsys: one row per
// form line. Every indicator must exist and break down to the units named;
// problems are returned together as *Error.
func LoadReportForms(fsys fs.FS, cat *domain.Catalogue) ([]domain.ReportForm, error) {
	ps := &problems{}
	t := readTable(fsys, ReportFormsFile, reportFormColumns, ps)
	if t == nil {
		return nil, ps.err()
	}
	var forms []domain.ReportForm
	index := map[string]int{}
	seen := map[string]int{}
	for _, r := range t.rows {
		fail := func(key, format string, args ...any) {
			col, h := r.at(key)
			ps.add(t.file, r.num, col, h, format, args...)
		}
		code, name := r.get("form"), r.get("name")
		if code == "" {
			fail("form", "报表代码不能为空")
			continue
		}
		i, ok := index[code]
		if !ok {
			due := 5
			if s := r.get("due_day"); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil || n < 1 || n > 28 {
					fail("due_day", "截止日“%s”应为 1 至 28 的整数（每月几日前报送）", s)
				} else {
					due = n
				}
			}
			index[code], i = len(forms), len(forms)
			forms = append(forms, domain.ReportForm{Code: code, Name: name, DueDay: due})
		}
		l := domain.ReportLine{Indicator: r.get("indicator"), Units: splitList(r.get("units"))}
		ind, has := cat.Indicator(l.Indicator)
		if !has {
			fail("indicator", "指标代码“%s”不在指标目录中", l.Indicator)
			continue
		}
		if first, dup := seen[code+"|"+l.Indicator]; dup {
			fail("indicator", "指标“%s”在报表“%s”中与第%d行重复", l.Indicator, code, first)
			continue
		}
		seen[code+"|"+l.Indicator] = r.num
		l.ValueType = ind.Reporting
		if s := r.get("value_type"); s != "" {
			vt, ok := reportingAliases[s]
			if !ok {
				fail("value_type", "口径“%s”无效，应为 当月 或 累计", s)
				continue
			}
			l.ValueType = vt
		}
		if len(l.Units) == 0 {
			fail("units", "请填写填报单位：单位类型（district、zone、park）或单位代码，多个用分号分隔")
		}
		for _, x := range l.Units {
			kind := domain.UnitKind(x)
			if u, isCode := cat.OrgUnit(x); isCode {
				kind = u.Kind
			} else if !kind.Valid() {
				fail("units", "填报单位“%s”既不是单位类型（district、zone、park）也不是单位代码", x)
				continue
			}
			if !ind.ReportedBy(kind) {
				fail("units", "指标“%s”不分解到%s，不能由“%s”填报；请修改指标目录的“分解到”列或删除此行", ind.Name, kind.Label(), x)
			}
		}
		forms[i].Lines = append(forms[i].Lines, l)
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	return forms, nil
}
