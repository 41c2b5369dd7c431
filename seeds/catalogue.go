// Package seeds holds the work plan's target catalogue (org units, indicators
// and yearly targets) as CSV files an analyst edits in Excel/WPS, and the
// loader that turns them into validated domain values. The built-in files
// are embedded; Load reads an edited copy from any fs.FS.
package seeds

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// The catalogue's file names inside its folder. Targets live in one file per
// year: next year, copy targets_2024.csv to targets_2025.csv and edit it.
const (
	OrgUnitsFile   = "org_units.csv"
	IndicatorsFile = "indicators.csv"
)

// TargetsFile returns the name of the targets file of year, e.g. targets_2024.csv.
func TargetsFile(year int) string { return fmt.Sprintf("targets_%d.csv", year) }

// RecordedBy is the RecordedBy of every target the catalogue loads.
const RecordedBy = "seeds"

//go:embed catalogue/*.csv
var builtin embed.FS

// Builtin loads the embedded catalogue of year.
func Builtin(year int) (*domain.Catalogue, error) {
	sub, err := fs.Sub(builtin, "catalogue")
	if err != nil {
		return nil, fmt.Errorf("builtin catalogue: %w", err)
	}
	if !containsInt(BuiltinYears(), year) {
		return nil, msg.New(msg.SeedsNoCatalogueYear, year, joinInts(BuiltinYears()), TargetsFile(year))
	}
	return Load(sub, year)
}

// BuiltinYears returns the years the embedded catalogue has targets for, ascending.
func BuiltinYears() []int {
	return targetYears(builtin, "catalogue")
}

// Years returns the years fsys has a targets_YYYY.csv for, ascending.
func Years(fsys fs.FS) []int { return targetYears(fsys, ".") }

var targetsName = regexp.MustCompile(`^targets_(\d{4})\.csv$`)

func targetYears(fsys fs.FS, dir string) []int {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var years []int
	for _, e := range entries {
		if m := targetsName.FindStringSubmatch(path.Base(e.Name())); m != nil {
			y, _ := strconv.Atoi(m[1])
			years = append(years, y)
		}
	}
	sort.Ints(years)
	return years
}

// approvalDates are the dates each year's plan was approved (批复时间); a
// target's RecordedAt is that date unless the file gives 下达日期, so loading
// the same catalogue twice yields identical targets.
var approvalDates = map[int]time.Time{
	2024: time.Date(2024, 2, 8, 0, 0, 0, 0, domain.Beijing),
}

// ApprovalDate returns the RecordedAt given to year's targets by default: the
// plan's approval date when known, else 1 January of year (Beijing time).
func ApprovalDate(year int) time.Time {
	if t, ok := approvalDates[year]; ok {
		return t
	}
	return time.Date(year, 1, 1, 0, 0, 0, 0, domain.Beijing)
}

// Load reads org_units.csv, indicators.csv and targets_<year>.csv from the
// root of fsys and validates them together. When anything is wrong it
// returns an *Error listing every problem with its file, row and column.
func Load(fsys fs.FS, year int) (*domain.Catalogue, error) {
	return LoadWith(fsys, year, BaseUnits())
}

// LoadWith is Load with the units of measure the catalogue starts from
// (BaseUnits and those the fact store keeps); its units.csv adds to them.
func LoadWith(fsys fs.FS, year int, units domain.Units) (*domain.Catalogue, error) {
	ps := &problems{}
	cat := &domain.Catalogue{Year: year}
	cat.OrgUnits = loadOrgUnits(fsys, ps)
	cat.UnitTable, cat.Units = loadUnits(fsys, units, ps)
	cat.Indicators = loadIndicators(fsys, loadSourceOrgans(fsys, ps), cat.UnitTable, ps)
	cat.Targets = loadTargets(fsys, year, cat, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return cat, nil
}

var orgUnitColumns = []column{
	{key: "code", aliases: []string{"单位代码", "代码"}, required: true},
	{key: "name", aliases: []string{"单位名称", "名称"}, required: true},
	{key: "short_name", aliases: []string{"简称"}},
	{key: "kind", aliases: []string{"类型"}, required: true},
	{key: "parent", aliases: []string{"上级单位", "上级"}},
	{key: "order", aliases: []string{"排序"}},
	{key: "aliases", aliases: []string{"别名"}},
}

var unitKindAliases = map[string]domain.UnitKind{
	"市": domain.KindCity, "旗县区": domain.KindDistrict, "功能区": domain.KindZone,
	"园区": domain.KindPark, "企业": domain.KindEnterprise, "对标地区": domain.KindBenchmark, "对标": domain.KindBenchmark,
	"项目": domain.KindProject,
}

func parseUnitKind(s string) (domain.UnitKind, bool) {
	if k, ok := unitKindAliases[s]; ok {
		return k, true
	}
	k := domain.UnitKind(strings.ToLower(s))
	return k, k.Valid()
}

func loadOrgUnits(fsys fs.FS, ps *problems) []domain.OrgUnit {
	t := readTable(fsys, OrgUnitsFile, orgUnitColumns, ps)
	if t == nil {
		return nil
	}
	var out []domain.OrgUnit
	seen := map[string]int{}
	names := map[string]int{}
	var parents []row
	for i, r := range t.rows {
		bad := len(ps.list)
		u := domain.OrgUnit{Code: r.get("code"), Name: r.get("name"), ShortName: r.get("short_name"), Parent: r.get("parent"), Order: i + 1}
		for _, a := range strings.FieldsFunc(r.get("aliases"), func(c rune) bool { return c == ';' || c == '；' || c == '、' }) {
			if a = strings.TrimSpace(a); a != "" {
				u.Aliases = append(u.Aliases, a)
			}
		}
		if u.Code == "" {
			col, h := r.at("code")
			ps.add(t.file, r.num, col, h, "单位代码不能为空，旗县区请填国标代码（如 150203），园区填项目代码")
		} else if first, dup := seen[u.Code]; dup {
			col, h := r.at("code")
			ps.add(t.file, r.num, col, h, "单位代码“%s”与第%d行重复，每个单位只能出现一次", u.Code, first)
		}
		if u.Name == "" {
			col, h := r.at("name")
			ps.add(t.file, r.num, col, h, "单位名称不能为空")
		}
		for _, n := range append([]string{u.Name, u.ShortName}, u.Aliases...) {
			if first, dup := names[n]; n != "" && dup && first != r.num {
				col, h := r.at("name")
				ps.add(t.file, r.num, col, h, "名称“%s”与第%d行的单位重名，填报时无法区分，请改用不同的名称或简称", n, first)
			}
		}
		kind, ok := parseUnitKind(r.get("kind"))
		if !ok {
			col, h := r.at("kind")
			ps.add(t.file, r.num, col, h, "类型“%s”无效，应为 city（市）、district（旗县区）、zone（功能区）、park（园区）、enterprise（企业）或 benchmark（对标地区：全国、全区）", r.get("kind"))
		}
		u.Kind = kind
		if s := r.get("order"); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				col, h := r.at("order")
				ps.add(t.file, r.num, col, h, "排序“%s”应为整数", s)
			}
			u.Order = n
		}
		if len(ps.list) == bad {
			if err := u.Validate(); err != nil {
				ps.add(t.file, r.num, 0, "", "%s", msg.Text(err))
			}
		}
		if u.Code != "" {
			if _, dup := seen[u.Code]; !dup {
				seen[u.Code] = r.num
			}
		}
		for _, n := range append([]string{u.Name, u.ShortName}, u.Aliases...) {
			if _, dup := names[n]; n != "" && !dup {
				names[n] = r.num
			}
		}
		if u.Parent != "" {
			parents = append(parents, r)
		}
		out = append(out, u)
	}
	for _, r := range parents {
		if p := r.get("parent"); seen[p] == 0 {
			col, h := r.at("parent")
			ps.add(t.file, r.num, col, h, "上级单位“%s”不在本表中，请填本表已有单位的代码", p)
		}
	}
	return out
}

var indicatorColumns = []column{
	{key: "indicator", aliases: []string{"指标代码", "code"}, required: true},
	{key: "name", aliases: []string{"指标名称", "名称"}, required: true},
	{key: "unit", aliases: []string{"计量单位", "单位"}, required: true},
	{key: "kind", aliases: []string{"类型"}, required: true},
	{key: "direction", aliases: []string{"方向"}},
	{key: "chain", aliases: []string{"产业链/板块", "产业链", "板块"}},
	{key: "section", aliases: []string{"工作要点章节", "章节"}},
	{key: "source_organ", aliases: []string{"数据来源"}},
	{key: "scope", aliases: []string{"口径"}},
	{key: "price_basis", aliases: []string{"价格", "价格口径"}},
	{key: "reporting", aliases: []string{"报送方式"}},
	{key: "breakdown", aliases: []string{"分解到"}},
	{key: "tier_of", aliases: []string{"梯次依据指标"}},
	{key: "tier_min", aliases: []string{"梯次下限"}},
	{key: "tier_max", aliases: []string{"梯次上限"}},
	{key: "tier_new", aliases: []string{"只计新进"}},
	{key: "stages", aliases: []string{"节点阶段"}},
	{key: "annual", aliases: []string{"年度指标"}},
	{key: "order", aliases: []string{"排序"}},
}

var kindAliases = map[string]domain.MeasureKind{
	"流量": domain.Flow, "比率": domain.Rate, "增速": domain.Rate, "存量": domain.Stock,
	"节点": domain.Milestone, "节点任务": domain.Milestone, "梯次计数": domain.TierCount,
	"项目计数": domain.ProjectCount, "项目形成能力": domain.ProjectCapacity,
}

var directionAliases = map[string]domain.Direction{
	"": domain.HigherBetter, "higher": domain.HigherBetter, "越高越好": domain.HigherBetter, "正向": domain.HigherBetter,
	"lower": domain.LowerBetter, "越低越好": domain.LowerBetter, "逆向": domain.LowerBetter,
}

var reportingAliases = map[string]domain.ValueType{
	"当月": domain.ValuePeriod, "period": domain.ValuePeriod,
	"累计": domain.ValueYTD, "ytd": domain.ValueYTD,
}

var sourceOrgans = []string{"统计局", "部门", "旗县区自报", "企业自报"}
var scopes = []string{"规上", "全口径", "园区口径"}
var priceBases = []string{"现价", "可比价"}

// rowProblems reports the problems of one row of a catalogue table, each on
// the column of its key.
type rowProblems struct {
	file string
	r    row
	ps   *problems
}

// fail reports a problem in the column key of the row.
func (p rowProblems) fail(key, format string, args ...any) {
	col, h := p.r.at(key)
	p.ps.add(p.file, p.r.num, col, h, format, args...)
}

// loadIndicators reads the indicator table: each row checked on its own,
// then the tier and project-list indicators checked against the indicators
// they count.
func loadIndicators(fsys fs.FS, organs []string, units domain.Units, ps *problems) []domain.Indicator {
	t := readTable(fsys, IndicatorsFile, indicatorColumns, ps)
	if t == nil {
		return nil
	}
	var out []domain.Indicator
	seen := map[string]int{}
	var tiers, lists []row
	for i, r := range t.rows {
		bad := len(ps.list)
		x := &indicatorRow{rowProblems: rowProblems{file: t.file, r: r, ps: ps}}
		x.read(i)
		x.code(seen)
		x.nameAndUnit(units)
		x.kind()
		x.direction()
		x.reporting()
		x.vocabularies(organs)
		x.breakdown()
		x.tierBounds()
		switch x.basis() {
		case basisTier:
			tiers = append(tiers, r)
		case basisList:
			lists = append(lists, r)
		}
		x.tierNew()
		x.stagesAnnualOrder()
		if len(ps.list) == bad {
			if err := x.ind.Validate(units); err != nil {
				ps.add(t.file, r.num, 0, "", "%s", msg.Text(err))
			}
		}
		out = append(out, x.ind)
	}
	kinds := map[string]domain.MeasureKind{}
	stagesOf := map[string][]string{}
	for _, ind := range out {
		kinds[ind.Code] = ind.Kind
		stagesOf[ind.Code] = ind.Stages
	}
	checkProjectBases(t.file, lists, kinds, stagesOf, ps)
	checkTierBases(t.file, tiers, kinds, ps)
	return out
}

// indicatorRow reads one row of the indicator table into ind, reporting
// each problem on its column.
type indicatorRow struct {
	rowProblems
	ind domain.Indicator
}

// An indicatorBasis says what a row's tier_of names: nothing, the indicator
// a tier count is graded on, or the milestone a project list follows.
type indicatorBasis int

const (
	basisNone indicatorBasis = iota
	basisTier
	basisList
)

// read takes the plain text columns of the i-th (0-based) row; the order
// defaults to the row's position.
func (x *indicatorRow) read(i int) {
	r := x.r
	x.ind = domain.Indicator{
		Code: r.get("indicator"), Name: r.get("name"), Unit: r.get("unit"), Chain: r.get("chain"),
		Section: r.get("section"), SourceOrgan: r.get("source_organ"), Scope: r.get("scope"),
		PriceBasis: r.get("price_basis"), TierOf: r.get("tier_of"), Order: i + 1,
	}
}

// code checks that the code is given and not defined on an earlier row
// (seen maps a code to its first row).
func (x *indicatorRow) code(seen map[string]int) {
	switch first, dup := seen[x.ind.Code]; {
	case x.ind.Code == "":
		x.fail("indicator", "指标代码不能为空，请用小写英文加点分段，如 rare_earth.output_value")
	case dup:
		x.fail("indicator", "指标代码“%s”与第%d行重复，每个指标只能定义一次", x.ind.Code, first)
	default:
		seen[x.ind.Code] = x.r.num
	}
}

// nameAndUnit checks that the name is given and the unit is known.
func (x *indicatorRow) nameAndUnit(units domain.Units) {
	if x.ind.Name == "" {
		x.fail("name", "指标名称不能为空")
	}
	if !units.Known(x.ind.Unit) {
		x.fail("unit", "未知单位“%s”，请改用以下单位之一：%s", x.ind.Unit, strings.Join(units.Names(), "、"))
	}
}

// kind reads the measure kind, English or one of its Chinese aliases.
func (x *indicatorRow) kind() {
	k := x.r.get("kind")
	if a, ok := kindAliases[k]; ok {
		x.ind.Kind = a
	} else {
		x.ind.Kind = domain.MeasureKind(strings.ToLower(k))
	}
	if !x.ind.Kind.Valid() {
		x.fail("kind", "类型“%s”无效，应为 flow（流量）、rate（比率）、stock（存量）、milestone（节点）、tier_count（梯次计数）、project_count（项目计数）或 project_capacity（项目形成能力）", k)
	}
}

// direction reads whether higher or lower is better (blank: higher).
func (x *indicatorRow) direction() {
	if d, ok := directionAliases[strings.ToLower(x.r.get("direction"))]; ok {
		x.ind.Direction = d
	} else {
		x.fail("direction", "方向“%s”无效，应为 higher（越高越好）或 lower（越低越好）", x.r.get("direction"))
	}
}

// reporting reads whether figures are reported for the month or year to
// date; blank means year to date for flows, rates and tier counts, the
// month otherwise.
func (x *indicatorRow) reporting() {
	ind := &x.ind
	rep := x.r.get("reporting")
	switch vt, ok := reportingAliases[strings.ToLower(rep)]; {
	case ok:
		ind.Reporting = vt
	case rep == "" && (ind.Kind == domain.Flow || ind.Kind == domain.Rate || ind.Kind == domain.TierCount):
		ind.Reporting = domain.ValueYTD
	case rep == "":
		ind.Reporting = domain.ValuePeriod
	default:
		x.fail("reporting", "报送方式“%s”无效，应为 当月 或 累计", rep)
	}
}

// vocabularies checks the source organ, scope and price basis against
// their fixed lists (each may be blank).
func (x *indicatorRow) vocabularies(organs []string) {
	if v := x.ind.SourceOrgan; v != "" && !containsString(organs, v) {
		x.fail("source_organ", "数据来源“%s”无效，应为 %s 之一（新的来源请加到 %s）", v, strings.Join(organs, "、"), SourceOrgansFile)
	}
	if v := x.ind.Scope; v != "" && !containsString(scopes, v) {
		x.fail("scope", "口径“%s”无效，应为 %s 或留空", v, strings.Join(scopes, "、"))
	}
	if v := x.ind.PriceBasis; v != "" && !containsString(priceBases, v) {
		x.fail("price_basis", "价格“%s”无效，应为 %s 或留空", v, strings.Join(priceBases, "、"))
	}
}

// breakdown reads the kinds of unit the indicator is broken down to.
func (x *indicatorRow) breakdown() {
	for _, b := range splitList(x.r.get("breakdown")) {
		k, ok := parseUnitKind(b)
		if !ok || k == domain.KindCity {
			x.fail("breakdown", "分解单位类型“%s”无效，应为 district、zone、park、enterprise、project（可用分号分隔多个）", b)
			continue
		}
		x.ind.Breakdown = append(x.ind.Breakdown, k)
	}
}

// tierBounds reads the tier's lower and upper bounds.
func (x *indicatorRow) tierBounds() {
	if s := x.r.get("tier_min"); s != "" {
		v, err := parseNumber(s)
		if err != nil {
			x.fail("tier_min", "梯次下限“%s”不是数字", s)
		}
		x.ind.TierMin = v
	}
	if s := x.r.get("tier_max"); s != "" {
		v, err := parseNumber(s)
		if err != nil {
			x.fail("tier_max", "梯次上限“%s”不是数字", s)
		}
		x.ind.TierMax = v
	}
}

// basis checks tier_of and the tier bounds against the kind and says what
// tier_of names, for the checks against the other indicators.
func (x *indicatorRow) basis() indicatorBasis {
	ind := &x.ind
	if ind.Kind == domain.TierCount {
		switch {
		case ind.TierOf == "":
			x.fail("tier_of", "梯次计数指标须填写依据指标代码（如 parks.output_value）")
		case ind.TierMin <= 0:
			x.fail("tier_min", "梯次计数指标须填写大于0的梯次下限")
		case ind.TierMax != 0 && ind.TierMax <= ind.TierMin:
			x.fail("tier_max", "梯次上限须大于下限，或留空表示不设上限")
		}
		return basisTier
	} else if ind.Kind == domain.ProjectCount || ind.Kind == domain.ProjectCapacity {
		if ind.TierOf == "" {
			x.fail("tier_of", "项目计数/项目形成能力指标须在“梯次依据指标”列填写项目进度指标代码（如 metals.project_stage）")
		}
		return basisList
	} else if ind.TierOf != "" {
		x.fail("tier_of", "只有 tier_count、project_count、project_capacity 类型的指标才填写依据指标，请清空或改类型")
	}
	return basisNone
}

// tierNew reads whether a tier count counts only units new to the tier.
func (x *indicatorRow) tierNew() {
	if n, ok := yesNo[strings.ToLower(x.r.get("tier_new"))]; !ok {
		x.fail("tier_new", "“只计新进”应填 是 或 否（留空为否）")
	} else if n && x.ind.Kind != domain.TierCount {
		x.fail("tier_new", "只有 tier_count 类型的指标才能填“只计新进”，请清空或把类型改为 tier_count")
	} else {
		x.ind.TierNew = n
	}
}

// stagesAnnualOrder reads the stages (one for a project count, at least two
// for a milestone), whether the indicator is annual, and its order.
func (x *indicatorRow) stagesAnnualOrder() {
	ind := &x.ind
	ind.Stages = splitList(x.r.get("stages"))
	if ind.Kind == domain.ProjectCount && len(ind.Stages) != 1 {
		x.fail("stages", "项目计数指标须在“节点阶段”列填写要求达到的一个阶段，如“开工”（重点实施、实施）或“建设”（加快建设）")
	}
	if a, ok := yesNo[strings.ToLower(x.r.get("annual"))]; ok {
		ind.Annual = a
	} else {
		x.fail("annual", "“年度指标”应填 是 或 否（留空为否）")
	}
	if ind.Kind == domain.Milestone && len(ind.Stages) < 2 {
		x.fail("stages", "节点任务须列出至少两个阶段，用分号分隔，如“前期;开工;建设;建成投产”")
	}
	if s := x.r.get("order"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			x.fail("order", "排序“%s”应为整数", s)
		}
		ind.Order = n
	}
}

// checkProjectBases checks that each project-list row (of file) follows a
// milestone indicator of the table, and that a project count's required
// stage is one of that milestone's stages.
func checkProjectBases(file string, lists []row, kinds map[string]domain.MeasureKind, stagesOf map[string][]string, ps *problems) {
	for _, r := range lists {
		of := r.get("tier_of")
		k, ok := kinds[of]
		col, h := r.at("tier_of")
		switch {
		case of == "":
		case !ok:
			ps.add(file, r.num, col, h, "项目进度指标“%s”不在指标表中，请填写本表已有的节点（milestone）指标代码", of)
		case k != domain.Milestone:
			ps.add(file, r.num, col, h, "项目进度指标“%s”是%s指标，应为节点（milestone）指标", of, k.Label())
		default:
			if st := splitList(r.get("stages")); len(st) == 1 && kinds[r.get("indicator")] == domain.ProjectCount && !containsString(stagesOf[of], st[0]) {
				c, hh := r.at("stages")
				ps.add(file, r.num, c, hh, "要求阶段“%s”不是项目进度指标“%s”的阶段（%s）", st[0], of, strings.Join(stagesOf[of], "、"))
			}
		}
	}
}

// checkTierBases checks that each tier-count row (of file) is graded on a
// flow or stock indicator of the table.
func checkTierBases(file string, tiers []row, kinds map[string]domain.MeasureKind, ps *problems) {
	for _, r := range tiers {
		of := r.get("tier_of")
		k, ok := kinds[of]
		col, h := r.at("tier_of")
		switch {
		case of == "":
		case !ok:
			ps.add(file, r.num, col, h, "梯次依据指标“%s”不在指标表中，请填写本表已有的指标代码", of)
		case k != domain.Flow && k != domain.Stock:
			ps.add(file, r.num, col, h, "梯次依据指标“%s”是%s指标，只能按流量或存量指标分档", of, k.Label())
		}
	}
}

var targetColumns = []column{
	{key: "indicator", aliases: []string{"指标代码"}, required: true},
	{key: "name", aliases: []string{"指标名称"}}, // for reading only; the code decides
	{key: "org_unit", aliases: []string{"地区/单位", "地区", "单位"}},
	{key: "comparator", aliases: []string{"比较方式"}, required: true},
	{key: "value", aliases: []string{"目标值"}, required: true},
	{key: "unit", aliases: []string{"计量单位"}},
	{key: "value_high", aliases: []string{"上限"}},
	{key: "tolerance", aliases: []string{"允许偏差"}},
	{key: "baseline", aliases: []string{"基数"}},
	{key: "aspiration", aliases: []string{"力争"}},
	{key: "source_quote", aliases: []string{"原文", "工作要点原文"}, required: true},
	{key: "section", aliases: []string{"章节", "工作要点章节"}},
	{key: "phasing", aliases: []string{"分月计划"}},
	{key: "due_month", aliases: []string{"完成月份"}},
	{key: "recorded_at", aliases: []string{"下达日期"}},
	{key: "note", aliases: []string{"备注"}},
}

var comparatorAliases = map[string]domain.Comparator{
	">=": domain.AtLeast, "≥": domain.AtLeast, "以上": domain.AtLeast, "不低于": domain.AtLeast,
	">": domain.MoreThan, "超过": domain.MoreThan, "大于": domain.MoreThan,
	"<=": domain.AtMost, "≤": domain.AtMost, "以下": domain.AtMost, "不高于": domain.AtMost,
	"approx": domain.Approx, "左右": domain.Approx, "≈": domain.Approx,
	"range": domain.Range, "区间": domain.Range,
	"delta_pp": domain.DeltaPP, "提高百分点": domain.DeltaPP,
}

// comparatorsFor mirrors the rule in domain.Target.Validate, so that a
// comparator that does not fit the kind is reported on its own column.
// domain.Target.Validate still runs afterwards and stays the authority.
var comparatorsFor = map[domain.MeasureKind][]domain.Comparator{
	domain.Flow:            {domain.AtLeast, domain.MoreThan, domain.AtMost, domain.Approx, domain.Range},
	domain.Rate:            {domain.AtLeast, domain.MoreThan, domain.AtMost, domain.Approx, domain.Range, domain.DeltaPP},
	domain.Stock:           {domain.AtLeast, domain.MoreThan, domain.AtMost, domain.Approx, domain.Range},
	domain.Milestone:       {domain.AtLeast},
	domain.TierCount:       {domain.AtLeast, domain.MoreThan, domain.AtMost, domain.Approx, domain.Range},
	domain.ProjectCount:    {domain.AtLeast, domain.MoreThan},
	domain.ProjectCapacity: {domain.AtLeast, domain.MoreThan},
}

var yesNo = map[string]bool{
	"": false, "否": false, "n": false, "no": false, "false": false, "0": false,
	"是": true, "力争": true, "争取": true, "y": true, "yes": true, "true": true, "1": true,
}

// loadTargets reads the year's target table, checking each row against the
// indicators and org units of cat.
func loadTargets(fsys fs.FS, year int, cat *domain.Catalogue, ps *problems) []domain.Target {
	t := readTable(fsys, TargetsFile(year), targetColumns, ps)
	if t == nil {
		if len(ps.list) > 0 && ps.list[len(ps.list)-1].File == TargetsFile(year) && ps.list[len(ps.list)-1].Row == 0 {
			ps.list[len(ps.list)-1].Msg += fmt.Sprintf("（新的一年可复制上一年的 targets 文件，改名为 %s 后修改）", TargetsFile(year))
		}
		return nil
	}
	inds := map[string]domain.Indicator{}
	for _, ind := range cat.Indicators {
		inds[ind.Code] = ind
	}
	units := domain.NewUnitIndex(cat.OrgUnits)
	seen := map[string]int{}
	var out []domain.Target
	for _, r := range t.rows {
		bad := len(ps.list)
		x := &targetRow{rowProblems: rowProblems{file: t.file, r: r, ps: ps}}
		x.read(year)
		x.indicator(inds)
		x.orgUnit(units)
		x.comparator()
		x.values(cat.UnitTable)
		x.valueRules()
		x.aspirationAndQuote()
		x.phasingAndDueMonth()
		x.recordedAt()
		x.duplicate(seen, year)
		if x.indOK && len(ps.list) == bad {
			if err := x.tg.Validate(x.ind); err != nil {
				ps.add(t.file, r.num, 0, "", "%s", msg.Text(err))
			}
		}
		out = append(out, x.tg)
	}
	return out
}

// targetRow reads one row of the target table into tg, reporting each
// problem on its column.
type targetRow struct {
	rowProblems
	tg      domain.Target
	ind     domain.Indicator // the target's indicator, when indOK
	indOK   bool
	ou      string // the org unit as written ("" → the city)
	valueOK bool   // the value is a number
}

// read takes the plain text columns of the row, with the defaults of a
// target approved at the start of the year.
func (x *targetRow) read(year int) {
	r := x.r
	x.tg = domain.Target{
		Year: year, Indicator: r.get("indicator"), SourceQuote: r.get("source_quote"),
		Section: r.get("section"), Note: r.get("note"),
		Revision: 1, RevisionKind: domain.RevisionInitial, RecordedAt: ApprovalDate(year), RecordedBy: RecordedBy,
	}
}

// indicator looks the target's indicator up in inds.
func (x *targetRow) indicator(inds map[string]domain.Indicator) {
	x.ind, x.indOK = inds[x.tg.Indicator]
	if !x.indOK {
		if x.tg.Indicator == "" {
			x.fail("indicator", "指标代码不能为空")
		} else {
			x.fail("indicator", "指标“%s”不在指标表 %s 中，请先在指标表中添加，或改正代码", x.tg.Indicator, IndicatorsFile)
		}
	}
}

// orgUnit looks the org unit up (blank: the city) and checks that the
// indicator is broken down to its kind.
func (x *targetRow) orgUnit(units *domain.UnitIndex) {
	ou := x.r.get("org_unit")
	if ou == "" {
		ou = domain.CityCode
	}
	x.ou = ou
	u, uOK := units.Lookup(ou)
	if !uOK {
		x.fail("org_unit", "单位“%s”不在单位表 %s 中，请填写单位代码、名称或简称", ou, OrgUnitsFile)
	} else {
		x.tg.OrgUnit = u.Code
		if x.indOK && !x.ind.ReportedBy(u.Kind) {
			x.fail("org_unit", "指标“%s”没有分解到%s，不能给“%s”下达目标；请在指标表的“分解到”列加上 %s", x.ind.Code, u.Kind.Label(), u.Name, u.Kind)
		}
	}
}

// comparator reads the comparator and checks that it fits the indicator's
// kind.
func (x *targetRow) comparator() {
	cs := x.r.get("comparator")
	if c, ok := comparatorAliases[strings.ToLower(cs)]; ok {
		x.tg.Comparator = c
		if x.indOK && !containsComparator(comparatorsFor[x.ind.Kind], c) {
			x.fail("comparator", "比较方式“%s”不适用于%s指标“%s”，可用：%s", cs, x.ind.Kind.Label(), x.ind.Code, comparatorList(comparatorsFor[x.ind.Kind]))
		}
	} else {
		x.fail("comparator", "比较方式“%s”无效，应为 >=（以上）、<=（以下）、approx（左右）、range（区间）或 delta_pp（提高百分点）", cs)
	}
}

// num reads the number in column key (label names it in the message), nil
// when blank or not a finite number.
func (x *targetRow) num(key, label string) *float64 {
	s := x.r.get(key)
	if s == "" {
		return nil
	}
	v, err := parseNumber(s)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		x.fail(key, "%s“%s”不是数字", label, s)
		return nil
	}
	return &v
}

// values reads the value (required), upper bound, tolerance and baseline,
// and converts them from the row's unit to the indicator's.
func (x *targetRow) values(unitTable domain.Units) {
	tg := &x.tg
	if v := x.num("value", "目标值"); v != nil {
		tg.Value, x.valueOK = *v, true
	} else if x.r.get("value") == "" {
		x.fail("value", "目标值不能为空")
	}
	tg.ValueHigh = x.num("value_high", "上限")
	tg.Tolerance = x.num("tolerance", "允许偏差")
	tg.Baseline = x.num("baseline", "基数")
	if unit := x.r.get("unit"); unit != "" && x.indOK && unitTable.Known(x.ind.Unit) {
		convertTarget(tg, unit, x.ind, unitTable, x.fail)
	}
}

// valueRules checks what the comparator needs (a range its upper bound,
// approx its tolerance, delta_pp a positive value) and that a milestone's
// value is one of its stages.
func (x *targetRow) valueRules() {
	tg, ind := &x.tg, x.ind
	switch tg.Comparator {
	case domain.Range:
		if tg.ValueHigh == nil {
			x.fail("value_high", "区间目标（range）须填写上限")
		} else if *tg.ValueHigh < tg.Value {
			x.fail("value_high", "上限 %g 小于目标值（下限）%g", *tg.ValueHigh, tg.Value)
		}
	case domain.Approx:
		if tg.Tolerance == nil {
			x.fail("tolerance", "“左右”目标（approx）须填写允许偏差，如 2")
		} else if *tg.Tolerance < 0 {
			x.fail("tolerance", "允许偏差不能为负数")
		}
	case domain.DeltaPP:
		if x.valueOK && tg.Value <= 0 {
			x.fail("value", "提高百分点目标（delta_pp）的目标值应为提高的百分点数，须大于0")
		}
	}
	if x.indOK && x.valueOK && ind.Kind == domain.Milestone && (tg.Value != math.Trunc(tg.Value) || tg.Value < 1 || int(tg.Value) > len(ind.Stages)) {
		x.fail("value", "节点目标值应为阶段序号 1-%d（%s）", len(ind.Stages), stageList(ind.Stages))
	}
}

// aspirationAndQuote reads whether the target is aspirational (力争),
// requires the source quote, and takes the section from the indicator when
// blank.
func (x *targetRow) aspirationAndQuote() {
	tg := &x.tg
	a, ok := yesNo[strings.ToLower(x.r.get("aspiration"))]
	if !ok {
		x.fail("aspiration", "力争列“%s”无效，应填 是 或 否", x.r.get("aspiration"))
	}
	tg.Aspiration = a
	if tg.SourceQuote == "" {
		x.fail("source_quote", "缺少工作要点原文，请摘录含目标数字的原句片段")
	}
	if tg.Section == "" && x.indOK {
		tg.Section = x.ind.Section
	}
}

// phasingAndDueMonth reads the monthly plan and, for a milestone, the month
// it is due.
func (x *targetRow) phasingAndDueMonth() {
	tg := &x.tg
	if s := x.r.get("phasing"); s != "" {
		tg.Phasing = parsePhasing(s, func(format string, args ...any) { x.fail("phasing", format, args...) })
	}
	if s := x.r.get("due_month"); s != "" {
		m, err := strconv.Atoi(strings.TrimSuffix(s, "月"))
		switch {
		case err != nil || m < 1 || m > 12:
			x.fail("due_month", "完成月份“%s”应为 1-12 的整数，留空表示年底", s)
		case x.indOK && x.ind.Kind != domain.Milestone:
			x.fail("due_month", "只有节点任务（milestone）才填写完成月份，请清空")
		default:
			tg.DueMonth = m
		}
	}
}

// recordedAt reads the date the target was set, when given.
func (x *targetRow) recordedAt() {
	if s := x.r.get("recorded_at"); s != "" {
		d, err := time.ParseInLocation("2006-01-02", s, domain.Beijing)
		if err != nil {
			x.fail("recorded_at", "下达日期“%s”格式不对，应写成 2024-02-08", s)
		} else {
			x.tg.RecordedAt = d
		}
	}
}

// duplicate checks that no earlier row set a target for the same indicator
// and org unit (seen maps a target key to its first row).
func (x *targetRow) duplicate(seen map[string]int, year int) {
	tg := &x.tg
	if tg.Indicator != "" && tg.OrgUnit != "" {
		key := tg.Key()
		if first, dup := seen[key]; dup {
			x.fail("indicator", "与第%d行重复：%d年指标“%s”对单位“%s”只能有一个目标", first, year, tg.Indicator, x.ou)
		} else {
			seen[key] = x.r.num
		}
	}
}

// convertTarget converts the target's values from the unit the row states to
// the indicator's unit (万元 → 亿元); rates and 百分点 tolerances stay as written.
func convertTarget(tg *domain.Target, unit string, ind domain.Indicator, units domain.Units, fail func(key, format string, args ...any)) {
	if !units.Known(unit) {
		fail("unit", "未知单位“%s”，请改用以下单位之一：%s", unit, strings.Join(units.Names(), "、"))
		return
	}
	if unit == ind.Unit || (unit == "百分点" && ind.Kind == domain.Rate) {
		return
	}
	conv := func(v float64) (float64, bool) {
		out, err := units.Convert(v, unit, ind.Unit)
		if err != nil {
			fail("unit", "单位“%s”不能换算为指标“%s”的单位“%s”，请改用 %s", unit, ind.Code, ind.Unit, ind.Unit)
			return v, false
		}
		return out, true
	}
	v, ok := conv(tg.Value)
	if !ok {
		return
	}
	tg.Value = v
	for _, p := range []*float64{tg.ValueHigh, tg.Tolerance, tg.Baseline} {
		if p != nil {
			*p, _ = conv(*p)
		}
	}
}

func parsePhasing(s string, fail func(format string, args ...any)) []float64 {
	parts := splitList(s)
	if len(parts) != 12 && len(parts) != 4 {
		fail("分月计划须填写 12 个月末（或 4 个季度末）的累计占比，用分号分隔（现有 %d 个）", len(parts))
		return nil
	}
	if len(parts) == 4 {
		// A quarterly plan (batch approvals, 分季计划): each month carries the
		// share due by the last quarter end reached, so nothing is expected
		// before the first batch.
		monthly := make([]string, 12)
		for m := 1; m <= 12; m++ {
			monthly[m-1] = "0"
			if q := m / 3; q > 0 {
				monthly[m-1] = parts[q-1]
			}
		}
		parts = monthly
	}
	out := make([]float64, 12)
	percent := false
	for i, p := range parts {
		p = strings.TrimSuffix(p, "%")
		v, err := parseNumber(p)
		if err != nil {
			fail("分月计划第%d个值“%s”不是数字", i+1, parts[i])
			return nil
		}
		if v > 1 {
			percent = true
		}
		out[i] = v
	}
	for i := range out {
		if percent {
			out[i] /= 100
		}
		if i > 0 && out[i] < out[i-1] {
			fail("分月计划是累计占比，第%d个月不应小于第%d个月", i+1, i)
			return nil
		}
	}
	return out
}

func comparatorList(cs []domain.Comparator) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, "、")
}

func stageList(stages []string) string {
	s := make([]string, len(stages))
	for i, st := range stages {
		s[i] = fmt.Sprintf("%d=%s", i+1, st)
	}
	return strings.Join(s, "，")
}

func containsComparator(cs []domain.Comparator, c domain.Comparator) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	if len(s) == 0 {
		return "无"
	}
	return strings.Join(s, "、")
}

// BuiltinFS returns the built-in catalogue files (org_units.csv,
// indicators.csv, targets_YYYY.csv), e.g. to combine with an edited targets file.
func BuiltinFS() fs.FS {
	sub, err := fs.Sub(builtin, "catalogue")
	if err != nil {
		panic(err)
	}
	return sub
}
