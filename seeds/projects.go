package seeds

import (
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/progress"
)

var projectColumns = []column{
	{key: "code", aliases: []string{"项目代码"}, required: true},
	{key: "name", aliases: []string{"项目名称"}, required: true},
	{key: "list", aliases: []string{"项目清单", "清单"}, required: true},
	{key: "location", aliases: []string{"所在地区/园区", "所在地区", "所在园区"}, required: true},
	{key: "start_month", aliases: []string{"计划开工月份", "计划开工"}},
	{key: "completion_month", aliases: []string{"计划建成月份", "计划建成投产月份", "计划建成"}},
	{key: "capacity", aliases: []string{"设计能力", "设计年节能量", "设计年节水量"}},
	{key: "note", aliases: []string{"备注"}},
}

// projectOrderBase orders project units after every catalogue unit.
const projectOrderBase = 10000

// LoadProjects reads a project register file from fsys and checks it against
// the year's catalogue cat (its indicators, units and list targets). Every
// problem is reported with file, row and column, in Chinese, as *Error; a
// register with any problem yields nothing, so it loads all or nothing.
func LoadProjects(fsys fs.FS, file string, cat *domain.Catalogue) (*domain.ProjectRegister, error) {
	ps := &problems{}
	reg := &domain.ProjectRegister{Year: cat.Year}
	t := readTable(fsys, file, projectColumns, ps)
	if t == nil {
		return nil, &Error{Problems: ps.list, Subject: msg.SeedsNounProjects}
	}
	lists := listsOf(cat)
	units := domain.NewUnitIndex(cat.OrgUnits)
	seen := map[string]int{}
	for i, r := range t.rows {
		fail := func(key, format string, args ...any) {
			col, h := r.at(key)
			ps.add(t.file, r.num, col, h, format, args...)
		}
		bad := len(ps.list)
		code, name := r.get("code"), r.get("name")
		switch first, dup := seen[code]; {
		case code == "":
			fail("code", "项目代码不能为空，请填写本清册内唯一的代码（如 XM-2024-001）")
		case dup:
			fail("code", "项目代码“%s”与第%d行重复，每个项目只能列一次", code, first)
		default:
			seen[code] = r.num
			if u, ok := cat.OrgUnit(code); ok && u.Kind != domain.KindProject {
				fail("code", "项目代码“%s”已是单位“%s”的代码，请换一个项目代码", code, u.Name)
			}
		}
		if name == "" {
			fail("name", "项目名称不能为空")
		}
		l, ok := lists.find(r.get("list"))
		if !ok {
			fail("list", "项目清单“%s”不是目录中的项目清单，应为 %s 之一（填指标代码或名称）", r.get("list"), lists.names())
		} else if prev, moved := lists.memberOf(cat, code); moved && prev.stage.Code != l.stage.Code {
			fail("list", "项目“%s”此前已作为“%s”的项目导入，不能改到“%s”；如确属另一个项目，请换用新的项目代码", code, prev.count.Name, l.count.Name)
		}
		loc, okLoc := units.Lookup(r.get("location"))
		switch {
		case r.get("location") == "":
			fail("location", "所在地区/园区不能为空，请填旗县区、功能区或园区的名称或代码")
		case !okLoc:
			fail("location", "找不到单位“%s”，请填单位目录中的旗县区、功能区或园区", r.get("location"))
		case loc.Kind != domain.KindDistrict && loc.Kind != domain.KindZone && loc.Kind != domain.KindPark && loc.Kind != domain.KindCity:
			fail("location", "“%s”是%s，项目应落在旗县区、功能区或园区", loc.Name, loc.Kind.Label())
		}
		start, okS := registerMonth(r.get("start_month"), cat.Year, true)
		if !okS {
			fail("start_month", "计划开工月份“%s”无法识别，请填 1-12 的月份或“%d-04”这样的年月（上年已开工填上年年月）", r.get("start_month"), cat.Year)
		}
		done, okD := registerMonth(r.get("completion_month"), cat.Year, false)
		if !okD {
			fail("completion_month", "计划建成月份“%s”无法识别，请填 1-12 的月份或“%d-10”这样的年月（次年及以后建成填其年月）", r.get("completion_month"), cat.Year)
		}
		if okS && okD && start.month > 0 && done.month > 0 && done.month < start.month {
			fail("completion_month", "计划建成月份早于计划开工月份，请核对")
		}
		var capacity *float64
		if s := r.get("capacity"); s != "" {
			v, err := parseNumber(s)
			switch {
			case err != nil:
				fail("capacity", "设计能力“%s”不是数字", s)
			case v < 0:
				fail("capacity", "设计能力不能为负数")
			case ok && l.capacity.Code == "":
				fail("capacity", "项目清单“%s”不形成能力（不是节能、节水改造），请清空设计能力", l.count.Name)
			default:
				capacity = &v
			}
		}
		if len(ps.list) != bad {
			continue
		}
		stages := l.stage.Stages
		u := domain.OrgUnit{Code: code, Name: name, Kind: domain.KindProject, Parent: loc.Code, Order: projectOrderBase + i + 1}
		tg := domain.Target{Year: cat.Year, Indicator: l.stage.Code, OrgUnit: code, Comparator: domain.AtLeast,
			SourceQuote: l.quote, Section: l.stage.Section, Note: r.get("note"), RecordedAt: ApprovalDate(cat.Year),
			RecordedBy: RecordedBy, Revision: 1, RevisionKind: domain.RevisionInitial, Document: "项目清册"}
		if start.given || done.given {
			tg.Phasing = make([]float64, 12)
			for m := 1; m <= 12; m++ {
				tg.Phasing[m-1] = float64(max(1, progress.PlannedStageAt(stages, start.month, done.month, m)))
			}
			tg.Value = tg.Phasing[11]
			for m := 12; m >= 1 && tg.Phasing[m-1] == tg.Value; m-- {
				tg.DueMonth = m
			}
		} else {
			tg.Value = float64(l.want) // no months: the stage the list requires, by the year's end
		}
		if err := tg.Validate(l.stage); err != nil {
			ps.add(t.file, r.num, 0, "", "%s", msg.Text(err))
			continue
		}
		reg.OrgUnits = append(reg.OrgUnits, u)
		reg.Targets = append(reg.Targets, tg)
		if capacity != nil {
			reg.Targets = append(reg.Targets, domain.Target{Year: cat.Year, Indicator: l.capacity.Code, OrgUnit: code,
				Comparator: domain.AtLeast, Value: *capacity, SourceQuote: l.capacityQuote, Section: l.capacity.Section,
				RecordedAt: ApprovalDate(cat.Year), RecordedBy: RecordedBy, Revision: 1,
				RevisionKind: domain.RevisionInitial, Document: "项目清册", DueMonth: done.month})
		}
	}
	if len(t.rows) == 0 {
		ps.add(t.file, 0, 0, "", "清册中没有项目，请在表头下逐行填写项目")
	}
	if err := ps.err(); err != nil {
		err.(*Error).Subject = msg.SeedsNounProjects
		return nil, err
	}
	return reg, nil
}

// registerMonth reads a planned month: "4", "4月", "2024-04", "2024年4月".
// A start in an earlier year is a start already made (-1: under
// construction from January); a month of a later year is not this year (0).
// given says whether the cell held a month.
type plannedMonth struct {
	month int
	given bool
}

var yearMonthRe = regexp.MustCompile(`^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?$`)

func registerMonth(s string, year int, start bool) (plannedMonth, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return plannedMonth{}, true
	}
	y, m := year, 0
	if g := yearMonthRe.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
	} else {
		n, err := strconv.Atoi(strings.TrimSuffix(s, "月"))
		if err != nil {
			return plannedMonth{}, false
		}
		m = n
	}
	if m < 1 || m > 12 || y < 2000 || y > 2100 {
		return plannedMonth{}, false
	}
	switch {
	case y < year && start:
		return plannedMonth{month: -1, given: true}, true // started before the year: 建设 from January
	case y < year:
		return plannedMonth{}, false // a completion before the year is not a plan for it
	case y > year:
		return plannedMonth{month: 0, given: true}, true
	}
	return plannedMonth{month: m, given: true}, true
}

// projectList is one list of the catalogue: its count indicator, the
// projects' stage indicator, the stage it requires and the capacity
// indicator its projects form, if any.
type projectList struct {
	count, stage, capacity domain.Indicator
	want                   int
	quote, capacityQuote   string
}

type projectLists []projectList

func listsOf(cat *domain.Catalogue) projectLists {
	var out projectLists
	for _, ind := range cat.Indicators {
		if ind.Kind != domain.ProjectCount {
			continue
		}
		l := projectList{count: ind}
		l.stage, _ = cat.Indicator(ind.TierOf)
		for i, s := range l.stage.Stages {
			if len(ind.Stages) == 1 && s == ind.Stages[0] {
				l.want = i + 1
			}
		}
		for _, c := range cat.Indicators {
			if c.Kind == domain.ProjectCapacity && c.TierOf == ind.TierOf {
				l.capacity = c
			}
		}
		for _, t := range cat.Targets {
			if u, ok := cat.OrgUnit(t.OrgUnit); ok && u.Kind == domain.KindProject {
				continue // an earlier register's project
			}
			if t.Indicator == ind.Code {
				l.quote = t.SourceQuote
			}
			if t.Indicator == l.capacity.Code && l.capacity.Code != "" {
				l.capacityQuote = t.SourceQuote
			}
		}
		if l.quote == "" {
			l.quote = ind.Name
		}
		if l.capacityQuote == "" {
			l.capacityQuote = l.capacity.Name
		}
		out = append(out, l)
	}
	return out
}

func (ls projectLists) find(s string) (projectList, bool) {
	for _, l := range ls {
		if s != "" && (s == l.count.Code || s == l.count.Name || s == l.stage.Code || s == progress.PhraseProjectNoun(l.stage.Name)) {
			return l, true
		}
	}
	return projectList{}, false
}

// memberOf finds the list an already loaded project (a project unit with a
// planned-stage target in cat) belongs to.
func (ls projectLists) memberOf(cat *domain.Catalogue, code string) (projectList, bool) {
	if u, ok := cat.OrgUnit(code); !ok || u.Kind != domain.KindProject {
		return projectList{}, false
	}
	for _, t := range cat.Targets {
		if t.OrgUnit != code {
			continue
		}
		for _, l := range ls {
			if t.Indicator == l.stage.Code {
				return l, true
			}
		}
	}
	return projectList{}, false
}

func (ls projectLists) names() string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("%s（%s）", l.count.Code, l.count.Name))
	}
	return strings.Join(out, "、")
}
