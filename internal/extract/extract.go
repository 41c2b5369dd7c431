// Package extract proposes a year's quantitative targets from the text of a
// work plan (工作要点, 部门预算公开 "主要工作任务及目标", 国民经济和社会发展计划).
//
// It is rule-based: every word and pattern it relies on is in patterns.go.
// For each sentence that states a goal it reads the numbers with their units
// (Arabic, full-width or Chinese numerals), the comparator (以上, 以内, 左右,
// 1-2个, 提高x个百分点), 力争/争取, the name as written and the section, and
// maps the name to a catalogue indicator by the similarity of the names.
// Targets for another year (到2025年 in a 2024 plan) are flagged, not
// proposed; a target the text repeats (PDF extractions repeat whole sections)
// is proposed once; goals stated without a number are listed as qualitative.
//
// The package imports only the standard library, internal/domain and
// golang.org/x/text (to read a .txt saved in GB18030 or Big5).
package extract

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"industrydash/internal/domain"
)

// Proposal is one target the text states, for an analyst to review.
type Proposal struct {
	// Name is the indicator as the text writes it.
	Name string `json:"name"`
	// OrgUnit is the code of the unit the name names, when the matched
	// indicator breaks down to it (北奔 for 北奔新能源重卡产量); empty: the city.
	OrgUnit string `json:"org_unit,omitempty"`
	// Indicator is the matched catalogue code, or empty; then SuggestedCode
	// is a code to create the indicator under.
	Indicator     string `json:"indicator"`
	IndicatorName string `json:"indicator_name,omitempty"`
	SuggestedCode string `json:"suggested_code,omitempty"`
	// SuggestedName, Kind and Direction are what the text suggests for a new
	// indicator: the name without 全市/力争/达到, a rate for 增长x%/比重/率,
	// lower is better for 失业率/能耗/排放 or a ceiling (以内, 控制在).
	SuggestedName string             `json:"suggested_name,omitempty"`
	Kind          domain.MeasureKind `json:"kind,omitempty"`
	Direction     domain.Direction   `json:"direction,omitempty"`
	MatchScore    float64            `json:"match_score,omitempty"`
	Comparator    domain.Comparator  `json:"comparator"`
	Value         float64            `json:"value"`
	ValueHigh     *float64           `json:"value_high,omitempty"`
	Tolerance     *float64           `json:"tolerance,omitempty"`
	// Unit is the unit as written (%, 亿元, 万人, 亿斤, 户, 万 …); a milestone's is 阶段.
	Unit string `json:"unit"`
	// Stage is a milestone's stage as written (建成投产, 加快建设).
	Stage      string `json:"stage,omitempty"`
	Aspiration bool   `json:"aspiration"`
	// Stretch is the 力争 level of a target the text also states at a 确保
	// level ("确保6%、力争7%"): Value is the 确保 level.
	Stretch *float64 `json:"stretch,omitempty"`
	// SourceQuote is the clause the target stands in; Section the heading
	// above it; Offset the rune offset of the clause in the text.
	SourceQuote string `json:"source_quote"`
	Section     string `json:"section"`
	Offset      int    `json:"offset"`
	// Year is the year the target is for; Reason says why a flagged one is not proposed.
	Year   int    `json:"year"`
	Reason string `json:"reason,omitempty"`

	// context is the sentence up to the target, for matching a short name;
	// topic the section heading and the paragraph up to it, for the
	// industry it is about.
	context, topic string
	// commit: the clause says 确保 before the quantity; borrowed: the name is
	// the one before it in the sentence ("…增长8%，力争10%").
	commit, borrowed bool
	// of is, for a 新增 clause, the name of the count it belongs to: two
	// tiers' 新增园区 are different targets.
	of string
}

// Qualitative is a goal stated without a number; it is never a proposal.
type Qualitative struct {
	Quote   string `json:"source_quote"`
	Section string `json:"section"`
	Offset  int    `json:"offset"`
}

// Result is what Extract found.
type Result struct {
	Year int `json:"year"`
	// Document and Date are the plan's own document number (包府发〔2025〕1号)
	// and date (2025-01-20) when the text states them.
	Document    string        `json:"document,omitempty"`
	Date        string        `json:"date,omitempty"`
	Proposals   []Proposal    `json:"proposals"`
	Flagged     []Proposal    `json:"flagged,omitempty"`
	Qualitative []Qualitative `json:"qualitative,omitempty"`
}

// Options tunes Extract.
type Options struct {
	// Year is the plan's year; 0 takes the year the text mentions most.
	Year int
	// Indicators are the catalogue's indicators to map names to. Their units
	// are recognised in the text besides the built-in ones.
	Indicators []domain.Indicator
	// Units are the catalogue's org units: a proposal whose name names an
	// enterprise, park or zone its indicator breaks down to (北奔新能源重卡产量)
	// is proposed for that unit.
	Units []domain.OrgUnit
	// UnitTable is the catalogue's table of units of measure (its
	// units.csv included); the zero value is the built-in table.
	UnitTable domain.Units
}

// Extract proposes the targets that text states for the plan year.
func Extract(text string, opt Options) Result {
	year := opt.Year
	if year == 0 {
		year = mostMentionedYear(text)
	}
	doc, date := documentOf(text)
	if year == 0 {
		year = documentYear(doc, date)
	}
	extraUnits := opt.UnitTable.Names() // the catalogue's units table (units.csv) included
	for _, ind := range opt.Indicators {
		extraUnits = append(extraUnits, ind.Unit)
	}
	x := &extractor{orig: []rune(text), year: year, units: unitList(extraUnits), seenSentence: map[string]bool{}, seenKey: map[string]bool{}}
	for _, p := range paragraphs(text) {
		// A heading may state a target ("（三）规上工业增加值增长8%左右"); one
		// the body restates is proposed once (mergeRestated).
		x.paragraph(p)
	}
	for _, p := range tableParagraphs(text, x.units) {
		x.paragraph(p) // "地区生产总值增速 | % | 6 | 6.5左右"
	}
	x.proposals = mergeRestated(x.proposals)
	res := Result{Year: year, Proposals: x.proposals, Flagged: x.flagged, Qualitative: x.qualitative}
	res.Document, res.Date = doc, date
	match(res.Proposals, opt.Indicators, opt.UnitTable)
	proposeUnits(res.Proposals, opt.Indicators, opt.Units)
	return res
}

type extractor struct {
	orig         []rune // the text as written
	year         int
	units        []string
	seenSentence map[string]bool
	seenKey      map[string]bool
	lastName     string // the last name proposed in the current sentence
	carriedYear  int    // the year an earlier sentence of the paragraph opened with
	proposals    []Proposal
	flagged      []Proposal
	qualitative  []Qualitative
}

// mostMentionedYear is the year written most often ("2024年"); of equally
// frequent years, the first written.
func mostMentionedYear(text string) int {
	counts := map[int]int{}
	best, bestN := 0, 0
	compactText := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u3000' || r == '\t' || r == '\n' || r == '\r' {
			return -1 // "2025 年" as a PDF extraction writes it
		}
		return normalizeRune(r)
	}, text)
	compactText = chineseYear.ReplaceAllStringFunc(compactText, func(s string) string {
		var b strings.Builder
		for _, r := range s {
			if d, ok := chineseDigits[r]; ok {
				b.WriteString(strconv.Itoa(int(d)))
			} else {
				b.WriteRune(r)
			}
		}
		return b.String() // 二〇二五年 counts as 2025年
	})
	for _, m := range yearPattern.FindAllStringSubmatchIndex(compactText, -1) {
		y, _ := strconv.Atoi(compactText[m[2]:m[3]])
		w := yearWeight(compactText[m[1]:])
		if endsWithAny(compactText[:m[0]], pastLeads) {
			w = 0 // "继2024年“六个工程”之后": a year referred back to
		}
		counts[y] += w
		if counts[y] > bestN { // a tie keeps the year written first (the title's)
			best, bestN = y, counts[y]
		}
	}
	return best
}

// fivePlanEnd is the last year of a five-year plan whose end or period s
// names ("十五五”末", "十四五期间"): the 14th ends in 2025; or 0.
func fivePlanEnd(s string) int {
	ms := fivePlanPeriod.FindAllStringSubmatchIndex(s, -1)
	if ms == nil {
		return 0
	}
	last := ms[len(ms)-1]
	if containsAny(s[last[1]:], planYearWords) {
		return 0 // "围绕“十五五”期间…目标，力争年内投运算力突破20万P"
	}
	n, _ := parseChinese([]rune(s[last[2]:last[3]])) // 十五 of 十五五
	return fourteenthPlanEnd + 5*(int(n)-14)
}

// yearWeight is how much a year mention followed by rest counts toward the
// plan year: a mention that names the plan's goals or tasks ("2025年主要预期
// 目标", "2025年重点工作") counts more, one that reviews results ("2024年工作
// 回顾", "2024年高质量发展成绩亮眼") not at all.
func yearWeight(rest string) int {
	rs := []rune(rest)
	if len(rs) > yearContextRunes {
		rs = rs[:yearContextRunes]
	}
	if i := strings.IndexAny(string(rs), "。；！？\n"); i >= 0 {
		rs = []rune(string(rs)[:i])
	}
	near := string(rs)
	switch {
	case containsAny(near, yearReviewWords):
		return 0
	case containsAny(near, yearPlanWords):
		return 3
	}
	return 1
}

func (x *extractor) paragraph(p paragraph) {
	if containsAny(p.part, reviewPartWords) || containsAny(p.section, reviewPartWords) {
		return // "一、2024年工作回顾": results, not goals
	}
	if m := yearPattern.FindStringSubmatch(p.part); m != nil {
		if y, _ := strconv.Atoi(m[1]); y < x.year && !containsAny(p.part, yearPlanWords) {
			return // a part about a past year ("一、2024年") states no goals
		}
	}
	d := depths(p.r)
	x.carriedYear = 0
	for _, sb := range splitAt(p.r, d, 0, len(p.r), "。！？!?") {
		if sb[1] <= sb[0] {
			continue
		}
		x.carryYear(string(p.r[sb[0]:sb[1]]))
		x.sentence(p, d, sb[0], sb[1])
	}
}

// carryYear keeps the year a sentence opens with for the sentences after it
// in the paragraph that name none ("2024年全市地区生产总值达到1686亿元。规模
// 以上工业增加值增长5.1%。": both are 2024's results); 今年 or the plan year
// ends it.
func (x *extractor) carryYear(sentence string) {
	lead := []rune(sentence)
	if len(lead) > yearContextRunes {
		lead = lead[:yearContextRunes]
	}
	if m := yearPattern.FindStringSubmatchIndex(string(lead)); m != nil {
		y, _ := strconv.Atoi(string(lead)[m[2]:m[3]])
		x.carriedYear = y
		return
	}
	if containsAny(string(lead), pastYearWords) || pastYearClause.MatchString(sentence) {
		x.carriedYear = x.year - 1 // "过去一年，…国内生产总值达到134.9万亿元"
		return
	}
	if containsAny(string(lead), planYearWords) {
		x.carriedYear = 0
	}
}

// sentence handles one sentence [lo,hi) of p.
func (x *extractor) sentence(p paragraph, d []int, lo, hi int) {
	text := string(p.r[lo:hi])
	key := compact(text)
	if x.seenSentence[key] {
		return // a repeated section of a PDF extraction
	}
	x.seenSentence[key] = true
	x.lastName = ""
	skipText := text
	for _, w := range skipSentenceExceptions {
		skipText = strings.ReplaceAll(skipText, w, "")
	}
	if containsAny(skipText, skipSentenceWords) {
		return
	}
	if containsAny(text, pastResultWords) && !containsAny(text+p.part+p.section, goalWords) {
		return // "上半年，规上工业增加值同比增长12.3%，工业投资完成280亿元": results
	}
	r := p.r
	qs := quantities(r[:hi], d, x.units)
	var inSentence []quantity
	for _, q := range qs {
		if q.start >= lo {
			inSentence = append(inSentence, q)
		}
	}
	clauses := splitAt(r, d, lo, hi, "，,：:；;")
	// 力争 leading the sentence carries over all its clauses.
	// 力争 leading the sentence, or in a clause of its own, carries over the
	// clauses after it; 确保 ends it. 力争 inside a clause with a number is
	// that clause's ("力争引进到位资金5700亿元以上，工业投资达到4900亿元左右":
	// the investment is not 力争).
	leadAspiration := aspirationLead.MatchString(text)
	prevAsp := false
	var props []Proposal
	for _, cb := range clauses {
		clauseQs := within(inSentence, cb[0], cb[1])
		clauseText := string(r[cb[0]:cb[1]])
		if containsAny(clauseText, commitWords) && !containsAny(clauseText, aspirationWords) {
			leadAspiration = false
		}
		if len(clauseQs) == 0 && qualitativePattern.MatchString(clauseText) {
			x.qualitative = append(x.qualitative, Qualitative{Quote: x.asWritten(p, cb[0], cb[1]), Section: p.written, Offset: p.off[cb[0]]})
		}
		if len(clauseQs) == 0 && aspirationClause.MatchString(compact(clauseText)) {
			// "力争：…" or "力争到年底，…"; not "在实际工作中努力争取更好结果".
			leadAspiration = true
		}
		asp := leadAspiration
		if len(clauseQs) > 0 && clauseQs[0].start == firstRune(r, cb[0], cb[1]) && prevAsp {
			asp = true // "力争申报认定1-2个…，1-2个新材料首批次产品": the same verb, the same 力争
		}
		props = append(props, x.clause(p, d, lo, cb[0], cb[1], clauseQs, asp)...)
		prevAsp = containsAny(clauseText, aspirationWords) || asp
		if aspirationTimeLead.MatchString(compact(clauseText)) {
			// "力争2025年新增…2家以上、…30家以上，新培育…5家以上": 力争 for
			// a time leads the rest of the sentence.
			leadAspiration = true
		}
	}
	for _, prop := range mergeLevels(props) {
		x.add(prop)
	}
}

// firstRune is the first non-space rune of [lo,hi).
func firstRune(r []rune, lo, hi int) int {
	for lo < hi && (r[lo] == ' ' || r[lo] == '\u3000') {
		lo++
	}
	return lo
}

// mergeLevels proposes once a target stated at two levels ("规上工业增加值确保
// 增长6%、力争7%", "增长8%，力争10%"): one indicator holds one target a year,
// so the committed level is the target (what progress is judged against)
// and the 力争 level its Stretch, shown to the reviewer.
func mergeLevels(ps []Proposal) []Proposal {
	var out []Proposal
	for i := 0; i < len(ps); i++ {
		a := ps[i]
		if i+1 < len(ps) {
			b := ps[i+1]
			if (a.commit || b.borrowed) && !a.Aspiration && b.Aspiration && a.Name == b.Name && a.Unit == b.Unit && a.Stage == "" && a.ValueHigh == nil && b.Value > a.Value {
				v := b.Value
				a.Stretch = &v
				i++
			}
		}
		out = append(out, a)
	}
	return out
}

// asWritten is p's runes [lo,hi) as the text writes them (萬千瓦, not 万千瓦).
func (x *extractor) asWritten(p paragraph, lo, hi int) string {
	return asWritten(x.orig, p.slice(lo, hi))
}

func within(qs []quantity, lo, hi int) []quantity {
	var out []quantity
	for _, q := range qs {
		if q.start >= lo && q.end <= hi {
			out = append(out, q)
		}
	}
	return out
}

// item is one element of a 、-list inside a clause.
type item struct {
	lo, hi  int
	qs      []quantity
	stage   *stageWord
	stageAt int
	// nameLo is where a project's name starts after a leading stage word
	// ("建成金煤化工10万吨草酸项目"), else 0.
	nameLo int
}

// clause proposes the targets of clause [lo,hi) in the sentence starting at sLo.
func (x *extractor) clause(p paragraph, d []int, sLo, lo, hi int, qs []quantity, leadAsp bool) []Proposal {
	r := p.r
	if props, ok := x.respectively(p, d, sLo, lo, hi, qs); ok {
		quote := strings.TrimSpace(x.asWritten(p, lo, hi))
		for i := range props {
			props[i].SourceQuote, props[i].Section, props[i].Offset = quote, p.written, p.off[lo]
			props[i].context = string(r[sLo:hi])
			props[i].topic = p.section + string(r[:hi])
			props[i].Aspiration = leadAsp || containsAny(string(r[lo:hi]), aspirationWords)
		}
		return props
	}
	var items []item
	for _, ib := range splitAt(r, d, lo, hi, "、") {
		it := item{lo: ib[0], hi: ib[1], qs: within(qs, ib[0], ib[1])}
		it.stage, it.stageAt = findStage(r, d, ib[0], ib[1])
		if it.stage == nil {
			it.stage, it.nameLo = leadingStage(r, d, ib[0], ib[1])
			if it.stage != nil {
				it.stageAt = -1
			}
		}
		items = append(items, it)
	}
	// An item without a stage of its own shares the stage of the next item
	// ("通威2000吨、大全20000吨电子级多晶硅加快建设"), unless it holds a count.
	for i := len(items) - 2; i >= 0; i-- {
		if items[i].stage == nil && items[i+1].stage != nil && !hasCount(items[i].qs) && !hasShare(items[i].qs) && items[i].hi-items[i].lo > 1 {
			items[i].stage = items[i+1].stage
			items[i].stageAt = -1
		}
	}
	// "…、…等16个重点项目": the items before the enumeration are examples.
	firstTarget := 0
	for i, it := range items {
		for _, q := range it.qs {
			if hasSuffixAt(r, q.start, enumerationWord) {
				firstTarget = i
			}
		}
	}
	quote := strings.TrimSpace(x.asWritten(p, lo, hi))
	var out []Proposal
	var last *Proposal
	for i := firstTarget; i < len(items); i++ {
		it := items[i]
		if threshold(r, d, it, items[i+1:]) {
			continue
		}
		prop, ok := x.itemTarget(p, d, sLo, it)
		if !ok {
			// A quantity-less item continues the name before it
			// ("1-2个自治区技术装备首台套、关键零部件首批次产品").
			if last != nil && it.stage == nil && len(it.qs) == 0 && last.Stage == "" {
				last.Name += "、" + strings.TrimSpace(string(r[it.lo:it.hi]))
			}
			continue
		}
		if len(out) == 0 && prop.Stage == "" {
			prop.Name = sharedVerbList(r, items[firstTarget:i], prop.Name)
		}
		prop.SourceQuote = quote
		prop.context = string(r[sLo:it.hi])
		prop.topic = p.section + string(r[:it.hi])
		prop.Section = p.written
		prop.Offset = p.off[lo]
		prop.Aspiration = leadAsp || containsAny(string(r[lo:it.hi]), aspirationWords)
		prop.commit = containsAny(string(r[lo:it.hi]), commitWords)
		out = append(out, prop)
		last = &out[len(out)-1]
		if prop.Stage != "" {
			last = nil
		}
		if np, ok := newEntrants(prop, string(r[it.lo:it.hi])); ok {
			out = append(out, np)
		}
	}
	shareHeadNoun(out)
	return out
}

// sharedVerbList names a target with the items before it in its clause
// when the first of them opens with the verb they share ("新增光伏、储能装机
// 70万千瓦以上" is one target for both): name otherwise.
func sharedVerbList(r []rune, before []item, name string) string {
	if len(before) == 0 || flowLead.MatchString(name) {
		return name
	}
	var parts []string
	for _, it := range before {
		if it.stage != nil || len(it.qs) > 0 {
			return name
		}
		parts = append(parts, strings.TrimSpace(string(r[it.lo:it.hi])))
	}
	if !flowLead.MatchString(cleanName(parts[0])) {
		return name
	}
	return cleanName(strings.Join(parts, "、")) + "、" + name
}

// shareHeadNoun gives a tier named only by its level the thing the next
// item counts ("形成1个千亿级、3个300亿级产业集群": 千亿级产业集群).
func shareHeadNoun(ps []Proposal) {
	for i := 0; i+1 < len(ps); i++ {
		if !strings.HasSuffix(ps[i].Name, tierWord) {
			continue
		}
		next := ps[i+1].Name
		if k := strings.LastIndex(next, tierWord); k >= 0 && k+len(tierWord) < len(next) {
			ps[i].Name += next[k+len(tierWord):]
		}
	}
}

// newEntrantNote is a count's parenthetical “（新增1个）”: how many of the
// counted units must be new to it.
var newEntrantNote = regexp.MustCompile(`[（(]\s*新增\s*(\d+)\s*(个|家|户)\s*[）)]`)

// newEntrants proposes the 新增 clause of a count as a target of its own
// (“2个超300亿元园区（新增1个）” → 超300亿元园区中新增 ≥ 1个): the plan asks for
// that many units new to the tier besides the count itself.
func newEntrants(count Proposal, item string) (Proposal, bool) {
	m := newEntrantNote.FindStringSubmatch(item)
	if m == nil || !isCount(count.Unit) {
		return Proposal{}, false
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return Proposal{}, false
	}
	np := count
	np.Name, np.Value, np.Unit, np.ValueHigh, np.Comparator = count.Name+"中新增", n, m[2], nil, domain.AtLeast
	np.context, np.of = count.context+"（新增", count.Name
	return np, true
}

// hasShare: an item with a share ("开工率一季度达到50%以上") states a rate,
// not a project that shares the next item's stage.
func hasShare(qs []quantity) bool {
	for _, q := range qs {
		if isShare(q.unit) {
			return true
		}
	}
	return false
}

func hasCount(qs []quantity) bool {
	for _, q := range qs {
		for _, u := range milestoneCountUnits {
			if q.unit == u {
				return true
			}
		}
	}
	return false
}

// findStage finds a milestone stage word in [lo,hi) that is not nested and not
// already done ("已投产的").
func findStage(r []rune, d []int, lo, hi int) (*stageWord, int) {
	for i := lo; i < hi; i++ {
		if d[i] > 0 {
			continue
		}
		for k := range stageWords {
			sw := &stageWords[k]
			if hasPrefixAt(r, i, sw.word) && i+len([]rune(sw.word)) <= hi && terminal(r, d, i+len([]rune(sw.word)), hi) {
				past := false
				for _, m := range pastMarkers {
					if hasSuffixAt(r, i, m) {
						past = true
					}
				}
				if past {
					return nil, 0
				}
				return sw, i
			}
		}
	}
	return nil, 0
}

// threshold reports whether an item only states a bar that a later item's
// counted units clear ("政府投资5000万元以上、企业投资亿元以上项目260个": the
// 5000万元 is what a government project must invest, not a target).
func threshold(r []rune, d []int, it item, later []item) bool {
	if len(it.qs) != 1 || it.stage != nil {
		return false
	}
	q := it.qs[0]
	if isCount(q.unit) || isShare(q.unit) || !contains(atLeastAfter, q.afterWord) || !terminal(r, d, q.after, it.hi) {
		return false
	}
	for _, l := range later {
		if thresholdOf.MatchString(string(r[l.lo:l.hi])) && hasCount(l.qs) {
			return true
		}
	}
	return false
}

// leadingStage finds a stage word that opens the item [lo,hi) (after time
// words and 力争) when the item names a project ("建成金煤化工10万吨草酸项目",
// "开工建设…风光制氢项目"), and returns where the project's name starts.
func leadingStage(r []rune, d []int, lo, hi int) (*stageWord, int) {
	lead := len([]rune(leadingNoise.FindString(string(r[lo:hi]))))
	i := lo + lead
	if !endsWithAny(strings.TrimRight(stripNested(string(r[i:hi])), " "), projectNouns) {
		return nil, 0
	}
	for k := range stageWords {
		sw := &stageWords[k]
		if hasPrefixAt(r, i, sw.word) && d[i] == 0 {
			return sw, i + len([]rune(sw.word))
		}
	}
	return nil, 0
}

// itemTarget picks the target of one list item, if it states one.
func (x *extractor) itemTarget(p paragraph, d []int, sLo int, it item) (Proposal, bool) {
	r := p.r
	if it.stage != nil && !hasCount(it.qs) {
		start, end := it.lo, it.hi
		if it.stageAt >= 0 {
			end = it.stageAt
		}
		if it.nameLo > start {
			start = it.nameLo
		}
		name := cleanName(string(r[start:end]))
		if len([]rune(compact(name))) < 2 || timeOnly.MatchString(compact(name)) {
			return Proposal{}, false // "10月底前全部开工": a date, no project
		}
		year, ok := x.yearOf(r, d, sLo, it.lo)
		prop := Proposal{Name: name, Comparator: domain.AtLeast, Value: float64(it.stage.index), Unit: "阶段", Stage: it.stage.stage, Year: year}
		if !ok {
			prop.Reason = fmt.Sprintf("目标年份为%d年，不是%d年", year, x.year)
		}
		return prop, true
	}
	var cands []quantity
	for _, q := range it.qs {
		if it.stage != nil && !isCount(q.unit) {
			continue // a project's capacity is part of its name
		}
		cands = append(cands, q)
	}
	if len(cands) == 0 {
		return Proposal{}, false
	}
	var target *quantity
	nameFromAfter, enumerated := false, false
	for k := range cands {
		q := &cands[k]
		if hasSuffixAt(r, q.start, enumerationWord) {
			target, nameFromAfter, enumerated = q, true, true
		}
	}
	if target == nil {
		for k := len(cands) - 1; k >= 0; k-- {
			if terminal(r, d, cands[k].after, it.hi) {
				target = &cands[k]
				break
			}
		}
	}
	if target == nil {
		for k := range cands {
			if !qualifier(r, cands[k], it.hi) {
				target, nameFromAfter = &cands[k], true
				break
			}
		}
	}
	if target == nil {
		return Proposal{}, false
	}
	if !hasSignal(string(r[sLo:it.hi]), x.year) && !strings.Contains(string(r[sLo:target.start]), "明年") && !yearMentioned(string(r[sLo:it.hi])) {
		return Proposal{}, false
	}
	if hasPrefixAt(r, it.lo+len([]rune(leadingNoise.FindString(string(r[it.lo:it.hi])))), otherScope) {
		return Proposal{}, false // "全国规模以上工业增加值增长5.8%": not this plan's
	}
	for _, w := range descriptiveBefore {
		if hasSuffixAt(r, target.start, w) {
			return Proposal{}, false // "能源投资项目有95个": what the list holds
		}
	}
	if target.value == 0 && !strings.Contains(target.afterWord, "以") && !endsWithAny(string(r[it.lo:target.start]), atMostBefore) {
		return Proposal{}, false // "通用设备0台": a count, not a goal
	}
	if pastClause(string(r[it.lo:it.hi])) {
		return Proposal{}, false
	}
	before := string(r[it.lo:target.start])
	if enumerated {
		before = ""
	}
	name := cleanName(levelWords.Replace(before))
	if nameFromAfter {
		after := string(r[target.after:it.hi])
		after = strings.TrimSpace(stripNested(after))
		name = cleanName(name + after)
	}
	borrowed := false
	if containsWord(genericNames, name) && x.lastName != "" {
		// "新增新能源并网400万千瓦、总量突破1800万千瓦": the total of what was named before.
		name = flowLead.ReplaceAllString(x.lastName, "") + name
	}
	if containsWord(rateVerbs, name) && x.lastName != "" {
		// "工业投资达到4900亿元左右、增长10%以上": the growth of the quantity named before.
		name, borrowed = strings.TrimSuffix(x.lastName, name)+name, true
	}
	if len([]rune(compact(name))) < 1 {
		// "新建5G基站2000个，累计达到1.2万个": the name is the one before.
		if x.lastName == "" {
			return Proposal{}, false
		}
		name, borrowed = x.lastName, true
		if strings.Contains(before, "累计") && !strings.Contains(name, "累计") {
			name += "（累计）"
		}
	}
	if subYear.MatchString(name) {
		return Proposal{}, false // "开工率一季度达到50%、上半年达到80%": checkpoints within the year
	}
	if isStageName(name) && x.lastName != "" {
		// "实施亿元以上工业项目60个，年内开工建设30个以上": a count of the
		// projects named before that reach a stage.
		name = stageCountLead.ReplaceAllString(x.lastName, "") + name
	} else {
		x.lastName = name
	}
	prop := Proposal{Name: name, Value: target.value, ValueHigh: target.high, Unit: target.unit, borrowed: borrowed}
	prop.Comparator = x.comparator(r, it.lo, *target, &prop)
	year, ok := x.yearOf(r, d, sLo, target.start)
	prop.Year = year
	if !ok {
		prop.Reason = fmt.Sprintf("目标年份为%d年，不是%d年", year, x.year)
	}
	return prop, true
}

// pastClause reports whether an item tells what has been done ("开通了").
func pastClause(s string) bool {
	for _, w := range pastClauseExceptions {
		s = strings.ReplaceAll(s, w, "")
	}
	return strings.Contains(s, pastClauseMarker)
}

// isShare reports whether u is a share (35%以上选投战新产业项目: a share of
// enterprises, not a project's capacity).
func isShare(u string) bool { return u == "%" || u == "‰" || strings.HasSuffix(u, "百分点") }

func isCount(u string) bool {
	for _, c := range milestoneCountUnits {
		if u == c {
			return true
		}
	}
	return false
}

// terminal reports whether nothing but brackets follows i up to hi.
func terminal(r []rune, d []int, i, hi int) bool {
	for k := i; k < hi; k++ {
		if d[k] == 0 && !strings.ContainsRune("（）()", r[k]) {
			return false
		}
	}
	return true
}

// qualifier reports whether a quantity in the middle of an item describes the
// thing named (超百亿元企业, 总投资180亿元的, 年产5万吨).
func qualifier(r []rune, q quantity, hi int) bool {
	if !isCount(q.unit) && !isShare(q.unit) && q.after < hi && containsAny(string(r[q.after:hi]), projectNouns) {
		return true // "一期110万千瓦新能源项目": the project's capacity
	}
	if q.after < hi && endsWithAny(strings.TrimSpace(stripNested(string(r[q.after:hi]))), documentNouns) {
		return true // "编制10条产业链招商指导目录": one document about ten chains
	}
	for _, w := range qualifierBefore {
		if hasSuffixAt(r, q.start, w) {
			return true
		}
	}
	for _, w := range qualifierAfter {
		if hasPrefixAt(r, q.end, w) || hasPrefixAt(r, q.after, w) {
			return true
		}
	}
	return false
}

func hasSignal(before string, year int) bool {
	return containsAny(before, signalWords) || strings.Contains(before, strconv.Itoa(year)+"年")
}

func yearMentioned(s string) bool { return yearPattern.MatchString(s) }

// yearOf is the year a quantity at i is for: the nearest year mention before
// it in its sentence (outside brackets), else the plan year.
func (x *extractor) yearOf(r []rune, d []int, sLo, i int) (int, bool) {
	year := x.year
	if x.carriedYear != 0 {
		year = x.carriedYear
	}
	if y := fivePlanEnd(string(r[sLo:i])); y != 0 {
		year = y // "“十五五”末新能源装机达到7000万千瓦" is for 2030
	}
	for _, m := range yearPattern.FindAllStringSubmatchIndex(string(r[sLo:i]), -1) {
		at := sLo + len([]rune(string(r[sLo:i])[:m[0]]))
		if d[at] > 0 {
			continue
		}
		y, _ := strconv.Atoi(string(r[sLo:i])[m[2]:m[3]])
		year = y
	}
	return year, year == x.year
}

// comparator reads how the quantity q is meant, filling the range bound and
// a default tolerance into prop.
func (x *extractor) comparator(r []rune, itemLo int, q quantity, prop *Proposal) domain.Comparator {
	before := string(r[itemLo:q.start])
	switch {
	case q.high != nil:
		return domain.Range
	case (q.unit == "个百分点" || q.unit == "百分点") && containsAny(before, []string{"提高", "提升", "增加", "上升"}):
		prop.Unit = "百分点"
		for _, w := range []string{"提高", "提升", "增加", "上升"} {
			if n := strings.TrimSuffix(prop.Name, w); n != "" {
				prop.Name = n
			}
		}
		return domain.DeltaPP
	case contains(approxAfter, q.afterWord):
		tol := math.Abs(q.value) * DefaultApproxShare
		if q.unit == "%" {
			tol = DefaultApproxPP
		}
		prop.Tolerance = &tol
		return domain.Approx
	case endsWithAny(before, atLeastBefore):
		return domain.AtLeast
	case contains(atMostAfter, q.afterWord) || endsWithAny(before, atMostBefore):
		return domain.AtMost
	case endsWithAny(before, moreThanBefore) && !contains(atLeastAfter, q.afterWord):
		return domain.MoreThan
	}
	return domain.AtLeast
}

func contains(ws []string, w string) bool {
	for _, x := range ws {
		if x == w && w != "" {
			return true
		}
	}
	return false
}

func endsWithAny(s string, ws []string) bool {
	for _, w := range ws {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

var nested = regexp.MustCompile(`（[^（）]*）|\([^()]*\)`)

func stripNested(s string) string { return nested.ReplaceAllString(s, "") }

// cleanName strips time phrases, verbs and annotations from a name as written.
func cleanName(s string) string {
	s = strings.TrimSpace(stripNested(s))
	s = goalLeadIn.ReplaceAllString(s, "")
	s = yearInName.ReplaceAllString(s, "")
	for {
		t := leadingNoise.ReplaceAllString(s, "")
		t = trailingNoise.ReplaceAllString(t, "")
		t = trailingTime.ReplaceAllString(t, "")
		t = strings.Trim(t, "，、：,: ")
		t = strings.TrimLeft(t, bulletRunes)
		if rest, ok := strings.CutPrefix(t, andLead); ok && rest != "" && !strings.ContainsRune(andWordsNext, []rune(rest)[0]) {
			t = rest // "并新增…", not "并网装机"
		}
		if t == s {
			return s
		}
		s = t
	}
}

// add keeps a proposal unless the same target was proposed already.
func (x *extractor) add(p Proposal) {
	high := ""
	if p.ValueHigh != nil {
		high = strconv.FormatFloat(*p.ValueHigh, 'g', -1, 64)
	}
	key := strings.Join([]string{compact(p.Name), strconv.FormatFloat(p.Value, 'g', -1, 64), high, p.Unit, string(p.Comparator), compact(p.of)}, "|")
	if p.Reason == "" {
		// The same target stated twice is merged by mergeRestated, which
		// keeps the fuller quote and a 力争 from either.
		x.proposals = append(x.proposals, p)
		return
	}
	if x.seenKey[key] {
		return
	}
	x.seenKey[key] = true
	x.flagged = append(x.flagged, p)
}

// sortProposals orders proposals by where they stand in the text.
func sortProposals(ps []Proposal) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Offset < ps[j].Offset })
}

// restatedKey is what makes two proposals the same target when a headline or
// summary restates one of the body: the name without 全市 and the like (规模以上
// read as 规上), the value in a common unit, and what a 新增 count is of.
func restatedKey(p Proposal) (name, rest string) {
	name = compact(p.Name)
	for _, syn := range restateSynonyms {
		name = strings.ReplaceAll(name, syn[0], syn[1])
	}
	for again := true; again; {
		again = false
		for _, w := range restatePrefixes {
			if strings.HasPrefix(name, w) && len([]rune(name)) > len([]rune(w))+1 {
				name, again = strings.TrimPrefix(name, w), true
			}
		}
	}
	high := ""
	if p.ValueHigh != nil {
		high = strconv.FormatFloat(*p.ValueHigh, 'g', -1, 64)
	}
	unit := p.Unit
	switch unit {
	case "个百分点":
		unit = "百分点"
	case "家":
		unit = "户" // 企业50家 and 企业50户 count the same
	}
	// 1.2万亿元 and 12000亿元 are one value: compare in the unit's base.
	value := p.Value
	if base, factor := scaled(unit); unit != "阶段" {
		unit, value = base, value*factor
		if p.ValueHigh != nil {
			high = strconv.FormatFloat(*p.ValueHigh*factor, 'g', 9, 64)
		}
	}
	return name, strings.Join([]string{strconv.FormatFloat(value, 'g', 9, 64), high, unit, p.Stage, compact(p.of)}, "|")
}

// restateSynonyms are short and full forms of the same name (GDP is
// 地区生产总值, 社零 is 社会消费品零售总额).
var restateSynonyms = [][2]string{{"规模以上", "规上"}, {"GDP", "地区生产总值"}, {"社零总额", "社会消费品零售总额"}, {"社零", "社会消费品零售总额"}, {"固投", "固定资产投资"}}

// restatePrefixes are words before a name that change nothing about the target.
var restatePrefixes = []string{"全市", "全区", "全盟", "全旗", "全县", "全省", "全州", "我市", "我区", "本市", "新增"}

// mergeRestated proposes once a target the text states twice (a headline or
// summary and the body): the same name (or one containing the other, of the
// same scope), value and unit. The fuller quote is kept, with 力争 and a
// comparator other than the default taken from either.
func mergeRestated(ps []Proposal) []Proposal {
	var out []Proposal
	for _, p := range ps {
		pn, pr := restatedKey(p)
		dup := -1
		for i := range out {
			on, or := restatedKey(out[i])
			if or != pr {
				continue
			}
			short, long := pn, on
			if len(short) > len(long) {
				short, long = long, short
			}
			if pn == on || len([]rune(short)) >= 3 && strings.Contains(long, short) && !scopeConflict(short, long) && !scopeConflict(long, short) {
				dup = i
				break
			}
		}
		if dup < 0 {
			out = append(out, p)
			continue
		}
		o := out[dup]
		keep, other := o, p
		if len([]rune(compact(p.SourceQuote))) > len([]rune(compact(o.SourceQuote))) {
			keep, other = p, o
		}
		keep.Aspiration = keep.Aspiration || other.Aspiration
		if keep.Comparator == domain.AtLeast && other.Comparator != domain.AtLeast {
			keep.Comparator, keep.Tolerance = other.Comparator, other.Tolerance
		}
		out[dup] = keep
	}
	return out
}

// isStageName reports whether a name is only a stage word (开工建设, 建成投产).
func isStageName(name string) bool {
	for _, sw := range stageWords {
		if name == sw.word {
			return true
		}
	}
	return false
}
