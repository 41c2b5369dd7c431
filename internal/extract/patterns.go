package extract

import (
	"regexp"
	"sort"
	"strings"
)

// This file holds every rule of the extractor: the words and patterns that
// decide what a target is. The code in extract.go only applies them. Keep the
// rules general (they run on other years' and other cities' plans): a word
// belongs here when it means the same thing in any work plan.

// writtenUnits are the units a quantity may be written in. The catalogue's own
// units are added at run time (Options.Indicators), so a new indicator's unit
// is recognised without a code change. Longest match wins.
var writtenUnits = []string{
	"个百分点", "百分点", "%", "‰",
	"亿元", "万元", "元", "亿美元", "万美元", "美元",
	"万吨标准煤", "吨标准煤", "万吨标煤", "吨标煤", "亿吨", "万吨", "吨", "亿斤", "万斤", "斤",
	"亿人次", "万人次", "人次", "万户", "万人", "人", "名",
	"户", "家", "个", "万个", "项", "座", "台", "万台", "台套", "套", "万套", "辆", "万辆", "件", "万件", "所", "处", "条", "艘", "架",
	"次", "万次", "亿次", "起",
	"亿立方米", "万立方米", "立方米", "万平方米", "平方米", "平方公里", "公里", "万亩", "亩",
	"亿千瓦时", "万千瓦时", "亿千瓦", "千瓦时", "万千瓦", "千瓦", "兆瓦", "吉瓦", "GW", "MW", "kW", "万千伏安", "千伏安", "万kW", "亿kWh", "万kWh", "kWh", "GWh", "MWh", "万kVA",
	"亿度", "万度", "万标准箱", "标准箱", "万公顷", "公顷", "万家",
	"万瓩", "瓩", "万公吨", "公吨", "微克/立方米", "微克每立方米", "倍", "万片", "片", "万P", "P", "EFLOPS", "PFLOPS", // 算力 is written in P (PFLOPS): 智能算力达到1.5万P
}

// rangeAfter may follow a range ("5%—6%区间", "7%至8%之间") or a capacity
// ("50万吨/年"): it belongs to the quantity, not to the name.
var rangeAfter = []string{"区间", "之间", "的区间", "/年"}

// percentWord writes a percentage out: 百分之十五 is 15%.
const percentWord = "百分之"

// multiplierUnits may stand alone after a number ("注册量达到650万"): the
// thing counted is the indicator's (万个, 万次).
var multiplierUnits = []string{"万", "亿"}

// Comparator words. Each is looked for right after the quantity (以上) or in
// the words before it (控制在). The first list that matches decides.
var (
	approxAfter  = []string{"左右", "上下"}
	atMostAfter  = []string{"以内", "以下", "之内"}
	atLeastAfter = []string{"以上", "及以上", "余"}
	// moreThanBefore: strictly more ("超过450家": 450 is not enough).
	moreThanBefore = []string{"超过", "多于", "高于"}
	// atLeastBefore is read before atMostBefore: 不低于 ends with 低于.
	atLeastBefore = []string{"不低于", "不少于", "至少"}
	atMostBefore  = []string{"控制在", "不超过", "不高于", "低于", "压减到", "压减至", "下降到", "降至", "降低到"}
)

// aspirationLead: a sentence that starts with 力争 (after a time phrase)
// strives for every target in it.
// 争取 before a thing means "secure" ("争取稀土二次资源综合利用产能指标，…"),
// so only 争取 before a time or a verb leads.
var aspirationLead = regexp.MustCompile(`^(([0-9]{4}年|今年|明年|全年|年内)[，,]?)*(力争|努力|争取(到|在|于|实现|达到|完成|新增|全年|年内|[0-9]))`)

// commitWords mark a target the plan commits to (确保), the floor when the
// same clause also strives for more (确保6%、力争7%).
var commitWords = []string{"确保"}

// levelWords are stripped wherever they stand in a name: they say how firmly
// a target is meant or against what it is measured, not what it measures
// (规上工业增加值确保增长6%, 工业用电量同比增长6%).
var levelWords = strings.NewReplacer("确保", "", "力争", "", "争取", "", "同比", "", "预期", "")

// rateVerbs: a name that is only one of these ("增长10%以上") is the growth of
// the quantity named before it in the sentence.
var rateVerbs = []string{"增长", "增速", "提高", "提升", "下降", "降低", "增加"}

// genericNames say only "how much in all" ("总量突破1800万千瓦"): the name
// is the one before it in the sentence, without flowLead's 新增.
var (
	genericNames = []string{"总量", "总规模", "规模", "总数", "累计", "总计", "合计"}
	flowLead     = regexp.MustCompile(`^(新增|新建|新培育|新引进)`)
)

// aspirationClause is a clause that only says 力争 for what follows ("力争：",
// "力争到2025年底", "力争全年").
var aspirationClause = regexp.MustCompile(`^(([0-9]{4}年|今年|明年|全年|年内)(底|末)?)*(力争|争取|努力)(到|在|于)?(([0-9]{4}年|今年|明年|全年|年内|年底)(底|末|前)?)*$`)

// aspirationTimeLead is a clause opening with 力争 for a time ("力争2025年…",
// "力争年内…", "力争到年底…"): it strives for the rest of the sentence too.
var aspirationTimeLead = regexp.MustCompile(`^(力争|争取)(到|在|于)?([0-9]{4}年|今年|明年|年内|全年|年底)`)

// stageCountLead is stripped from the projects named before a count that
// reaches a stage ("新开工亿元以上工业项目80个，竣工投产50个").
var stageCountLead = regexp.MustCompile(`^(实施|新开工|开工建设|开工|新建|新增|推进|推动)+`)

// aspirationWords mark a target the plan strives for rather than commits to.
var aspirationWords = []string{"力争", "争取", "努力"}

// signalWords show that a sentence states a goal: at least one must stand in
// the sentence before a quantity (or the sentence names the plan year), or the
// quantity is only a description.
var signalWords = []string{
	"以上", "以内", "左右", "不低于", "不少于", "不超过", "控制在", "突破", "超过", "达到", "达",
	"力争", "争取", "确保", "新增", "新建", "新培育", "培育", "实施", "形成", "实现", "建成", "打造", "引进",
	"开发", "盘活", "提供", "认定", "申报", "保持", "完成", "增长", "提高", "降低", "下降", "带动",
	"覆盖", "累计", "计划", "目标", "投产", "扩大", "稳定在",
}

// skipSentenceWords mark accounting prose (budgets, last year's figures):
// its numbers are amounts spent or reported, never goals.
var skipSentenceWords = []string{"拨款", "与上年相比", "比上年预算", "结转", "经费", "决算", "支出", "预算总计", "预算数", "项目预算", "年度预算", "年预算", "预算单位", "预算编制"}

// skipSentenceExceptions are goals that contain a skip word (研发经费投入强度
// is a rate, not an amount spent).
var skipSentenceExceptions = []string{"研发经费", "R&D经费", "科技经费"}

// pastClauseMarker in an item means it reports what has happened ("开通了"),
// except in the words listed.
const pastClauseMarker = "了"

var pastClauseExceptions = []string{"为了", "除了", "了解"}

// chineseNumeralUnits excluded: after a Chinese numeral these are words, not
// quantities ("二次资源", "三次被列为").
var chineseExcludedUnits = []string{"次", "人", "名", "起"}

// qualifierBefore: a quantity right after one of these describes the thing
// named ("超百亿元企业", "年产5万吨生产线", "总投资180亿元的") unless it ends the
// clause.
var qualifierBefore = []string{"超过", "超", "年产", "总投资", "投资", "占地", "规模", "约", "近", "拓展", "单体", "单机", "第"}

// qualifierAfter: a quantity followed by one of these is an attribute.
var qualifierAfter = []string{"的", "级", "型", "以上的", "以下的", "及以上的", "方面", "大方面"}

// tierWord ends a tier's level (千亿级, 300亿级).
const tierWord = "级"

// enumerationWord introduces the count after a list of examples
// ("华北铝业…、中皓…等16个重点项目"): the count is the target, the examples are not.
const enumerationWord = "等"

// Milestones: a project item with one of these stage words is a milestone
// target. Stage names are matched against the indicator's own stages; the
// index here is the default four-stage ladder 前期;开工;建设;建成投产.
type stageWord struct {
	word  string
	stage string
	index int
}

var stageWords = []stageWord{
	{"建成投产", "建成投产", 4}, {"全部投产", "建成投产", 4}, {"竣工投产", "建成投产", 4}, {"投产", "建成投产", 4},
	{"建成", "建成投产", 4}, {"竣工", "建成投产", 4},
	{"加快建设", "建设", 3}, {"开工建设", "开工", 2}, {"开工", "开工", 2},
}

// projectNouns end the name of a project: a stage word before one is the
// project's milestone ("建成…草酸项目"), a quantity before one its capacity.
var projectNouns = []string{"项目", "工程", "基地", "电站", "电厂", "生产线"}

// thresholdOf finds the counted units a bar ("亿元以上") belongs to.
var thresholdOf = regexp.MustCompile(`以上[^、，]{0,8}(项目|企业|工程|园区)`)

// descriptiveBefore: a quantity right after one of these says what a list
// holds or where it ranks ("其中，能源投资项目有95个", "居全国第3位").
var descriptiveBefore = []string{"有", "居全国", "居全区", "居全省", "位居", "平均为"}

// pastResultWords before a quantity report a result (同比增长 compares an
// observed period), unless the sentence or its headings state a goal with
// goalWords (力争, 目标, or a comparator: "同比增长8%以上").
var (
	pastResultWords = []string{"同比"}
	goalWords       = []string{"力争", "确保", "目标", "预期", "争取", "要点", "任务", "计划", "以上", "左右", "以内", "不低于", "不少于", "控制在"}
)

// otherScope opening a name makes it another scope's figure (全国规上工业
// 增加值增长5.8%), quoted for comparison, never a target of a local plan.
const otherScope = "全国"

// timeOnly is a name that is only a time ("10月", "一季度"): no project.
var timeOnly = regexp.MustCompile(`^(早一天|尽早|早日|[0-9]{1,2}月(底|末|中旬|上旬|下旬)?(前)?|[一二三四1-4]季度|上半年|下半年|年底|年内)+$`)

// subYear ends a name stated for part of the year ("开工率一季度", "上半年"):
// a checkpoint on the way, not the year's target.
var subYear = regexp.MustCompile(`(一季度|二季度|三季度|前三季度|[1-3]季度|上半年|前[0-9一二三四五六七八九十]+个月|[0-9]{1,2}月(底|末)?前?)$`)

// documentNouns end the name of a document: a number before one says what
// the document covers ("10条产业链招商指导目录"), not how many to make.
var documentNouns = []string{"目录", "清单", "方案", "指南", "名单", "办法", "意见", "规划", "细则"}

// pastMarkers before a stage word mean it has already happened ("已投产的").
var pastMarkers = []string{"已", "已经", "已建成"}

// milestoneCountUnits: in a milestone item a count ("103个基础设施加快建设")
// is the target; any other quantity is part of the project's name.
var milestoneCountUnits = []string{"个", "家", "户", "座", "台", "项", "条", "所", "处"}

// qualitativePattern finds goals stated without a number ("与经济增长基本同步",
// "与全国调控目标一致", "完成自治区下达目标任务"); they are listed for review and
// never proposed as numbers.
var qualitativePattern = regexp.MustCompile(`(与[^，。；]{1,12}(基本)?(同步|一致|相适应|相匹配))|(完成[^，。；]{0,10}下达[^，。；]{0,6}(目标|任务))|(稳中有(升|进|降))|(只增不减)`)

// leadingNoise is stripped from the front of a name as written; trailingNoise
// from its end. They are time phrases and verbs, not part of the indicator.
var (
	leadingNoise  = regexp.MustCompile(`^([0-9]+[.．、]|[（(][0-9一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|[①②③④⑤⑥⑦⑧⑨⑩])?(([0-9]{4}年(底前|年底|底|内|末|前)?|明年|今年|年内|年底前|年底|全年|到|至|截至|力争|争取|努力|确保|推动|推进|持续|着力|积极|全市|全区|全盟|全旗|全县|全州|全省|我市|我区|同时|其中|并且|和|及|与|实现|完成|达到|计划|我们|累计|进一步|形成|如|例如|比如|同比|比上年|较上年|加快推动|加快推进|全力推动|大力推动|加快|大力)[，、]?)*`)
	trailingTime  = regexp.MustCompile(`(全部|([0-9]{4}年)?(年底前|年底|底前|底|年内|内|末))$`)
	trailingNoise = regexp.MustCompile(`((较上年提高|比上年提高|较上年|比上年|保持在|稳定在|保持|控制在|达到|达|突破|超过|实现|完成|为|在|力争|争取|增至|提高到|提升至|提升到|下降到|下降至|降低到|降低至|降到|降至|压减到|压减至|不低于|不少于|不超过|均|总计|合计)+)$`)
)

// goalLeadIn ends the words that introduce a list of goals ("2024年全区经济
// 社会发展的主要预期目标是地区生产总值增长6%以上"): they are no part of a name.
// yearInName is a year inside a name ("内蒙古2024年地区生产总值增长").
var (
	goalLeadIn = regexp.MustCompile(`^.*(目标是|目标为|目标：|指标是|任务是)`)
	yearInName = regexp.MustCompile(`[0-9]{4}年(度)?`)
)

// bulletRunes open a list line ("——规上工业增加值增长8%左右", "●新增…"); they
// are no part of a name.
const bulletRunes = "—－-–•·●○■□◆◇★☆▲△►▶※*>"

// andLead is a leading 并 ("并新增…") stripped from a name unless it starts a
// word (并网, 并购, 并联…).
const (
	andLead      = "并"
	andWordsNext = "网购联列行存举发重入"
)

// Headings. A paragraph that starts with one of these begins a new paragraph;
// a short one is a heading and is never joined with the text after it.
var (
	headingLevel1 = regexp.MustCompile(`^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)`)
	headingLevel2 = regexp.MustCompile(`^[（(][一二三四五六七八九十]+[）)]`)
	paragraphHead = regexp.MustCompile(`^([0-9]+[.．、][^0-9]|[（(][0-9]+[）)]|- |[•·])`)
)

// maxHeadingRunes: a heading-shaped line longer than this is body text.
const maxHeadingRunes = 40

// maxTitleRunes: a line this short without punctuation is a title.
const maxTitleRunes = 24

// maxPointHeadingRunes: a numbered point this short without a full stop is a
// heading ("4.实施方案").
const maxPointHeadingRunes = 12

// yearPattern finds a year mention ("2024年", "到2025年底"); horizonLead
// marks a horizon that reaches beyond the text's year ("到2025年").
var yearPattern = regexp.MustCompile(`(20[0-9]{2})年`)

// yearPlanWords after a year mention make it the plan's year ("2025年主要
// 预期目标是", "2025年重点工作"); yearReviewWords make it a year whose
// results are reported ("2024年工作回顾", "2024年高质量发展成绩亮眼"). Only
// the yearContextRunes after the mention are read.
var (
	yearPlanWords    = []string{"目标", "工作安排", "重点工作", "工作要点", "重点任务", "工作任务", "发展计划", "工作计划", "计划", "要点"}
	yearReviewWords  = []string{"回顾", "成绩", "完成情况", "执行情况", "总结", "成效", "取得"}
	yearContextRunes = 16
)

// pastLeads before a year refer back to it ("继2024年“六个工程”之后",
// "比2020年翻一番"): it is not the plan's year.
var pastLeads = []string{"继", "自", "较", "比", "相比"}

// fivePlanPeriod names the end or the period of a five-year plan
// ("“十五五”末", "十四五期间"); fourteenthPlanEnd is the 14th's last year.
var (
	fivePlanPeriod    = regexp.MustCompile(`(十[一二三四五六七八九]?)五”?(末|期间|时期)`)
	fourteenthPlanEnd = 2025
)

// reviewPartWords in a part's heading mark a review of past results ("一、
// 2024年工作回顾", "一、上半年计划执行情况"): nothing under it is a goal.
var reviewPartWords = []string{"回顾", "执行情况", "完成情况", "过去一年", "过去五年", "工作总结"}

// pastYearWords opening a sentence report the year before the plan's ("过去
// 一年，…", "去年，…"), for it and the sentences after it in the paragraph.
var pastYearWords = []string{"过去一年", "过去五年", "去年", "上年", "一年来", "五年来"}

// pastYearClause is a clause of its own that reports the year before
// ("…来源：某台过去一年，…"), wherever it stands in the sentence.
var pastYearClause = regexp.MustCompile(`(过去一年|过去五年|去年|一年来|五年来)[，,]`)

// planYearWords opening a sentence return it to the plan year (今年, 明年 in a
// plan written the year before).
var planYearWords = []string{"今年", "明年", "全年", "年内"}

// Range separators between two numbers ("1-2个", "3—5个", "1至2个").
var rangeSeparators = []string{"-", "—", "–", "－", "~", "～", "至", "到"}

// chineseDigits are the numerals read as digits; chineseUnits scale them.
var (
	chineseDigits = map[rune]float64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	chineseScales = map[rune]float64{'十': 10, '百': 100, '千': 1000, '万': 1e4, '亿': 1e8}
)

// DefaultApproxTolerance is the tolerance a 左右 target gets when the plan
// gives none: this share of the value (5%), or for a percentage this many
// 百分点. The analyst can change it on review.
const (
	DefaultApproxShare = 0.05
	DefaultApproxPP    = 1.0
)

// MinMatchScore is the least similarity between a name as written and an
// indicator's name for the extractor to propose that indicator.
const MinMatchScore = 0.4

// sortedByLength returns words longest first, so that a longer word wins.
func sortedByLength(words []string) []string {
	out := append([]string(nil), words...)
	sort.SliceStable(out, func(i, j int) bool { return len([]rune(out[i])) > len([]rune(out[j])) })
	return out
}

// vagueWords are quantities written as words, never numbers (一批, 若干,
// 千家万户): a numeral inside one is part of the phrase.
var vagueWords = []string{
	"一批", "一大批", "一系列", "一揽子", "若干", "多家", "多个", "多项", "千家万户", "千方百计", "万家灯火",
	"一企一策", "一园一策", "一事一议", "一件事", "一网通办", "一张网", "一盘棋", "一条龙", "一站式",
	"一体化", "一把手", "一号工程", "一流", "一线", "一次性", "成百上千", "百花齐放", "百家争鸣",
}

// vagueBefore: a Chinese numeral right after one of these is an estimate
// (数十家, 几十个, 上百家, 若干), not a target.
var vagueBefore = []rune{'数', '几', '若', '上', '逾', '近'}

// singleCountSignals: "一个/一家" written in words counts only after one of
// these (新增一家); otherwise it names one thing (打造一个产业集群).
var singleCountSignals = []string{"新增", "新建", "新培育", "新引进", "新认定", "引进", "培育"}
