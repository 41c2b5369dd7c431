package extract

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"strings"

	"industrydash/internal/domain"
)

// codeWords turn the words of a name as written into the English parts of a
// suggested indicator code (规上工业企业 → above_scale_industrial_enterprises).
// Longer words are tried first; a word's part is used once.
var codeWords = [][2]string{
	{"地区生产总值", "gdp"}, {"GDP", "gdp"}, {"生产总值", "gdp"}, {"社会消费品零售总额", "retail_sales"},
	{"一般公共预算收入", "public_budget_revenue"}, {"居民人均可支配收入", "disposable_income"},
	{"失业率", "unemployment_rate"}, {"新增就业", "new_jobs"}, {"就业", "employment"},
	{"进出口", "foreign_trade"}, {"外贸", "foreign_trade"}, {"出口", "exports"}, {"外资", "foreign_investment"},
	{"固定资产投资", "fixed_asset_investment"}, {"招商引资", "investment_attraction"}, {"技改", "technical_upgrade"}, {"投资", "investment"},
	{"增加值", "value_added"}, {"总产值", "output_value"}, {"产值", "output_value"}, {"营业收入", "revenue"}, {"营收", "revenue"},
	{"利润", "profit"}, {"税收", "tax"}, {"收入", "income"},
	{"用电量", "electricity"}, {"发电量", "power_generation"}, {"装机", "installed_capacity"}, {"产能", "capacity"}, {"产量", "output"},
	{"能耗", "energy_use"}, {"碳排放", "carbon_emissions"}, {"排放", "emissions"}, {"PM2.5", "pm25"}, {"优良天数", "good_air_days"},
	{"空气质量", "air_quality"}, {"事故", "accidents"},
	{"规模以上", "above_scale"}, {"规上", "above_scale"}, {"专精特新", "specialized_sme"}, {"小巨人", "little_giant"},
	{"高新技术企业", "high_tech_enterprises"}, {"科技型", "tech"}, {"上市", "listed"}, {"市场主体", "market_entities"},
	{"制造业", "manufacturing"}, {"工业", "industrial"}, {"企业", "enterprises"}, {"园区", "parks"}, {"项目", "projects"},
	{"平台", "platforms"}, {"研发", "rnd"}, {"专利", "patents"},
	{"新能源", "new_energy"}, {"风电", "wind_power"}, {"光伏", "solar"}, {"氢能", "hydrogen"}, {"储能", "energy_storage"},
	{"稀土", "rare_earth"}, {"电解铝", "electrolytic_aluminium"}, {"钢", "steel"}, {"铝", "aluminium"}, {"硅", "silicon"},
	{"煤", "coal"}, {"化工", "chemicals"}, {"算力", "computing_power"}, {"数据中心", "data_centers"}, {"5G", "5g"}, {"基站", "base_stations"},
	{"充电", "charging"}, {"换电站", "swap_stations"}, {"加注站", "refuelling_stations"}, {"数字化", "digital"}, {"智能工厂", "smart_factories"},
	{"车间", "workshops"}, {"绿色工厂", "green_factories"}, {"粮食", "grain"}, {"农业", "agriculture"}, {"旅游", "tourism"},
	{"游客", "tourists"}, {"物流", "logistics"}, {"电商", "ecommerce"}, {"网络零售", "online_retail"}, {"城镇化", "urbanisation"},
	{"住房", "housing"}, {"比重", "share"}, {"占比", "share"}, {"利用率", "utilisation_rate"}, {"增速", "growth"},
	{"下降", "reduction"}, {"降低", "reduction"},
	{"并网", "grid_connected"}, {"治沙", "desertification_control"}, {"面积", "area"}, {"用水", "water_use"}, {"节水", "water_saving"},
	{"居民消费价格", "cpi"}, {"涨幅", "increase"}, {"资金", "funds"}, {"到位", "in_place"}, {"水", "water"}, {"规模", "scale"},
	{"工厂", "factories"}, {"互联网", "internet"}, {"标杆", "benchmark"}, {"单项冠军", "single_champions"}, {"高新技术", "high_tech"},
	{"营业收入", "revenue"}, {"销售收入", "sales"}, {"利用", "utilisation"}, {"上云", "cloud"},
	{"就业", "employment"}, {"货运量", "freight"}, {"口岸", "port"}, {"产业集群", "clusters"}, {"集群", "clusters"}, {"总量", "total"},
}

// maxCodeParts: a suggested code names at most this many words.
const maxCodeParts = 3

// lowerBetterWords: a quantity named with one of these is better lower.
var lowerBetterWords = []string{"失业率", "能耗", "排放", "事故", "PM", "死亡", "污染", "负债率", "不良", "亏损", "煤耗", "水耗", "物耗", "成本", "投诉"}

// reductionWords: a name stating a reduction (能耗下降3%) counts what was
// cut, which is better higher.
var reductionWords = []string{"下降", "降低", "减少", "压减", "削减"}

// rateWords make a name a rate (增速, 比重, 利用率).
var rateWords = []string{"增速", "比重", "占比", "率"}

// flowWords before or in a count's name make it what is added in the year;
// stockWords make it a level reached.
var (
	flowWords  = []string{"新增", "新建", "新培育", "新引进", "新认定", "引进", "培育", "落地", "开工", "认定", "申报"}
	stockWords = []string{"累计", "总数", "总量", "保有", "达到", "规模", "产能", "装机", "在库", "入库"}
	// countUnits are units of things counted.
	countUnits = []string{"个", "家", "户", "座", "台", "项", "条", "所", "处", "名", "件", "套", "辆"}
)

// namePrefixes are stripped from a suggested name: where and how the plan
// states the target, not what it is.
var suggestedNameLead = regexp.MustCompile(`^(全市|全区|全盟|全旗|全县|全省|全州|我市|我区|本市|力争|争取|努力|确保|达到|实现|完成)+`)

// suggest fills a proposal's suggested Chinese name, measure kind and
// direction, inferred from the text.
func suggest(p *Proposal) {
	name := suggestedNameLead.ReplaceAllString(cleanName(p.Name), "")
	if name == "" {
		name = p.Name
	}
	rate := p.Unit == "%" || p.Unit == "‰" || p.Unit == "百分点" || p.Unit == "个百分点" || containsAny(name, rateWords)
	if p.Unit == "%" && strings.HasSuffix(name, "增长") {
		name = strings.TrimSuffix(name, "增长") + "增速"
	}
	if strings.Contains(p.Name, "累计") && !strings.Contains(name, "累计") {
		// "新建5G基站2000个，累计达到1.2万个": the level, not what is built.
		for _, w := range []string{"新建", "新增", "建成"} {
			name = strings.TrimPrefix(name, w)
		}
		name += "累计数"
	}
	p.SuggestedName = name
	// The clause the target stands in: 累计/达到 elsewhere in the sentence
	// belong to other targets.
	ctx := p.context
	if i := strings.LastIndexAny(ctx, "，,；;：:"); i >= 0 {
		ctx = ctx[i:]
	}
	ctx += p.Name
	countUnit := strings.TrimLeft(p.Unit, "万亿")
	if countUnit == "" {
		countUnit = p.Unit
	}
	switch {
	case p.Unit == "阶段":
		p.Kind = domain.Milestone
	case rate:
		p.Kind = domain.Rate
	case strings.Contains(p.Name, "累计"):
		p.Kind = domain.Stock
	case containsWord(countUnits, countUnit):
		p.Kind = domain.Flow
		if containsAny(ctx, stockWords) && !containsAny(p.Name, flowWords) {
			p.Kind = domain.Stock
		}
	case containsAny(p.Name, stockWords) && !containsAny(p.Name, flowWords):
		p.Kind = domain.Stock
	default:
		p.Kind = domain.Flow
	}
	p.Direction = domain.HigherBetter
	if (containsAny(name, lowerBetterWords) || p.Comparator == domain.AtMost) && !containsAny(name, reductionWords) {
		p.Direction = domain.LowerBetter
	}
}

// codeStem is the English of a name's words (新增规上工业企业 →
// new_above_scale_industrial_enterprises), or "" when none is known.
func codeStem(p Proposal) string {
	name := strings.ReplaceAll(p.SuggestedName, "规模以上", "规上")
	var parts []string
	seen := map[string]bool{}
	rs := []rune(name)
	for i := 0; i < len(rs); {
		hit := false
		for _, w := range sortedCodeWords {
			if hasPrefixAt(rs, i, w[0]) {
				if !seen[w[1]] {
					seen[w[1]] = true
					parts = append(parts, w[1])
				}
				i += len([]rune(w[0]))
				hit = true
				break
			}
		}
		if !hit {
			i++
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if len(parts) > maxCodeParts {
		parts = parts[len(parts)-maxCodeParts:]
	}
	switch {
	case strings.Contains(p.Name, "累计") || p.Kind == domain.Stock && strings.Contains(p.Name, "总") && !seen["total"]:
		parts = append(parts, "total")
	case strings.Contains(p.Name, "新增") && p.Kind == domain.Flow && !containsWord(countUnits, p.Unit):
		parts = append(parts, "added") // 新增装机500万千瓦
	}
	for _, sw := range stageWords { // a count of projects reaching a stage
		if strings.HasSuffix(name, sw.word) {
			if sw.index >= 4 {
				parts = append(parts, "completed")
			} else {
				parts = append(parts, "started")
			}
			break
		}
	}
	if strings.Contains(p.Name, "新增") && p.Kind == domain.Flow && containsWord(countUnits, p.Unit) {
		parts = append([]string{"new"}, parts...)
	}
	if p.Kind == domain.Rate && (strings.HasSuffix(name, "增速") || p.Comparator == domain.DeltaPP) && !seen["growth"] {
		parts = append(parts, "growth")
	}
	return strings.Join(parts, "_")
}

var sortedCodeWords = func() [][2]string {
	out := append([][2]string(nil), codeWords...)
	for i := 1; i < len(out); i++ { // insertion sort, longest word first, stable
		for k := i; k > 0 && len([]rune(out[k][0])) > len([]rune(out[k-1][0])); k-- {
			out[k], out[k-1] = out[k-1], out[k]
		}
	}
	return out
}()

// shortHash names a proposal no word of codeWords names: six hex digits of
// its name.
func shortHash(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	return fmt.Sprintf("t%06x", h.Sum32()&0xffffff)
}
