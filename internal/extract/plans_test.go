package extract_test

import (
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
)

// plan is a realistic plan text of another city with the targets a reviewer
// expects from it, by a part of the name, the value and the unit.
type planCase struct {
	name string
	text string
	year int
	want []want
}

func checkPlan(t *testing.T, c planCase) extract.Result {
	t.Helper()
	res := extract.Extract(c.text, extract.Options{Year: c.year})
	for _, w := range c.want {
		found := false
		for _, p := range res.Proposals {
			if strings.Contains(p.Name, w.name) && p.Value == w.value && p.Unit == w.unit && p.Comparator == w.comparator && p.Aspiration == w.aspiration {
				found = true
			}
		}
		if !found {
			t.Errorf("missing %+v", w)
		}
	}
	if len(res.Proposals) != len(c.want) || t.Failed() {
		for _, p := range res.Proposals {
			t.Logf("got %q %s %v %s asp=%v (%s)", p.Name, p.Comparator, p.Value, p.Unit, p.Aspiration, p.SourceQuote)
		}
		if len(res.Proposals) != len(c.want) {
			t.Errorf("%d proposals, want %d", len(res.Proposals), len(c.want))
		}
	}
	return res
}

func TestTraditionalPlans(t *testing.T) {
	for _, c := range []planCase{
		{"region report in traditional characters", "二〇二五年主要預期目標：地區生產總值增長5.5%左右，一般公共預算收入增長5%，城鎮新增就業5萬人以上，城鎮調查失業率控制在5.5%以內。\n" +
			"全年新增新能源裝機1200萬千瓦，力爭新能源裝機總量達到1.5億千瓦。新增規上工業企業200個，完成工業投資1000億元以上。",
			2025, []want{
				{"地区生产总值", domain.Approx, 5.5, 0, "%", false, ""},
				{"一般公共预算收入", domain.AtLeast, 5, 0, "%", false, ""},
				{"城镇新增就业", domain.AtLeast, 5, 0, "万人", false, ""},
				{"城镇调查失业率", domain.AtMost, 5.5, 0, "%", false, ""},
				{"新能源装机", domain.AtLeast, 1200, 0, "万千瓦", false, ""},
				{"新能源装机总量", domain.AtLeast, 1.5, 0, "亿千瓦", true, ""},
				{"规上工业企业", domain.AtLeast, 200, 0, "个", false, ""},
				{"工业投资", domain.AtLeast, 1000, 0, "亿元", false, ""},
			}},
		{"league work points, traditional, compute power and tons", "（一）產業發展\n2025年，全盟智能算力規模達到3萬P，電解鋁產量突破300萬噸，實現工業產值突破2000億元，培育專精特新企業15家以上。",
			2025, []want{
				{"智能算力规模", domain.AtLeast, 3, 0, "万P", false, ""},
				{"电解铝产量", domain.AtLeast, 300, 0, "万吨", false, ""},
				{"工业产值", domain.AtLeast, 2000, 0, "亿元", false, ""},
				{"专精特新企业", domain.AtLeast, 15, 0, "家", false, ""},
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := checkPlan(t, c)
			for _, p := range res.Proposals {
				if strings.Contains(p.SourceQuote, "万") || strings.Contains(p.SourceQuote, "亿") {
					t.Errorf("quote %q not as written", p.SourceQuote)
				}
			}
		})
	}
}

func TestRestatedAndVague(t *testing.T) {
	for _, c := range []planCase{
		{"a headline restated in the body", "2025年工作要点\n一、主要目标\n全市GDP增长6%左右，规模以上工业增加值增长8%，固定资产投资增长10%以上。\n" +
			"二、重点任务\n（一）推动工业提质增效\n力争2025年全市规上工业增加值增长8%，新增规上工业企业50家以上。\n" +
			"（二）扩大有效投资\n固定资产投资增长10%以上，其中工业投资增长15%。地区生产总值增长6%左右。",
			2025, []want{
				{"地区生产总值", domain.Approx, 6, 0, "%", false, ""},
				{"工业增加值", domain.AtLeast, 8, 0, "%", true, ""},
				{"固定资产投资", domain.AtLeast, 10, 0, "%", false, ""},
				{"规上工业企业", domain.AtLeast, 50, 0, "家", true, ""},
				{"工业投资", domain.AtLeast, 15, 0, "%", false, ""},
			}},
		{"vague quantities are no numbers", "2025年，培育一批专精特新企业，引进若干重大项目，新增多家上市企业，出台一系列支持政策，建设数十家数字化车间、几十个智能工厂，打造一个产业集群，推动千家万户用上清洁能源，新增国家级专精特新“小巨人”企业5家。",
			2025, []want{
				{"小巨人", domain.AtLeast, 5, 0, "家", false, ""},
			}},
		{"力争 and 左右 as written", "力争全年外贸进出口总额增长10%左右，社会消费品零售总额增长6%左右，单位GDP能耗下降3%左右。",
			2025, []want{
				{"进出口总额", domain.Approx, 10, 0, "%", true, ""},
				{"社会消费品零售总额", domain.Approx, 6, 0, "%", true, ""},
				{"能耗", domain.Approx, 3, 0, "%", true, ""},
			}},
	} {
		t.Run(c.name, func(t *testing.T) { checkPlan(t, c) })
	}
}

func TestDocumentAndDate(t *testing.T) {
	for _, c := range []struct{ name, text, doc, date string }{
		{"own line and signature", "包头市人民政府文件\n包府发〔2025〕1号\n包头市人民政府关于印发2025年工作要点的通知\n根据内政发〔2024〕12号文件精神，……2025年6月30日前完成。\n包头市人民政府\n2025年1月20日", "包府发〔2025〕1号", "2025-01-20"},
		{"square brackets and chinese date", "内政发[2025]3号\n内蒙古自治区人民政府\n二〇二五年一月二十日\n2025年地区生产总值增长6%左右。", "内政发〔2025〕3号", "2025-01-20"},
		{"lenticular brackets, traditional, printed date", "呼政辦發【2025】 12號\n（2025年2月8日印發）", "呼政办发〔2025〕12号", "2025-02-08"},
		{"full-width and a date in the text only", "文号：鄂府发（２０２５）５号\n到2025年12月31日完成技改投资100亿元。", "鄂府发〔2025〕5号", ""},
		{"none", "2025年新增规上企业50家。", "", ""},
		{"in the title", "包头市人民政府关于印发《2025年工作要点》的通知（包府发〔2025〕1号）\n各旗县区人民政府：", "包府发〔2025〕1号", ""},
		{"cited only", "根据《关于推进新型工业化的实施意见》（内政发〔2024〕12号），按照包府办发[2024]5号文件要求，2025年新增规上企业50家。", "", ""},
		{"a report adopted by a congress", "政府工作报告\n——2025年1月8日在包头市第十六届人民代表大会第四次会议上\n（二〇二五年一月十二日市十六届人大四次会议通过）\n今年主要预期目标是：地区生产总值增长6%左右。", "", "2025-01-12"},
		{"december in chinese", "二〇二四年十二月二十六日", "", "2024-12-26"},
		{"a site's labels", "名  称: 包头市人民政府关于下达2025年包头市国民经济和社会发展计划的通知\n文  号: 包府发〔2025〕1号\n发布日期: 2025-01-21 14:08\n成文日期: 2025-01-20 14:44\n2025年国民经济和社会发展主要预期目标是：地区生产总值增长8%左右。", "包府发〔2025〕1号", "2025-01-20"},
		{"a traditional site's labels", "發文字號：鄂府發〔2025〕1號\n成文日期：2025-03-06\n公開日期：2025-03-10", "鄂府发〔2025〕1号", "2025-03-06"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := extract.Extract(c.text, extract.Options{})
			if res.Document != c.doc || res.Date != c.date {
				t.Errorf("document %q date %q, want %q %q", res.Document, res.Date, c.doc, c.date)
			}
		})
	}
}

func TestSuggestionsForNewIndicators(t *testing.T) {
	text := "2025年，全市地区生产总值增长6%左右，城镇调查失业率控制在5.5%以内，单位GDP能耗下降3%，PM2.5平均浓度不高于30微克，" +
		"全社会用电量达到800亿千瓦时，新增规上工业企业60家，累计建成5G基站达到1.2万个，力争数字经济核心产业增加值占地区生产总值比重达到10%，新培育市级园区3个，建成新材料产业园。"
	res := extract.Extract(text, extract.Options{Year: 2025})
	type sug struct {
		name, code, sname string
		kind              domain.MeasureKind
		dir               domain.Direction
		cmp               domain.Comparator
	}
	wants := []sug{
		{"地区生产总值", "city.gdp_growth", "地区生产总值增速", domain.Rate, domain.HigherBetter, domain.Approx},
		{"失业率", "city.unemployment_rate", "城镇调查失业率", domain.Rate, domain.LowerBetter, domain.AtMost},
		{"能耗", "city.gdp_energy_use_reduction", "单位GDP能耗下降", domain.Rate, domain.HigherBetter, domain.AtLeast},
		{"用电量", "plan.electricity", "全社会用电量", domain.Flow, domain.HigherBetter, domain.AtLeast},
		{"规上工业企业", "plan.new_above_scale_industrial_enterprises", "新增规上工业企业", domain.Flow, domain.HigherBetter, domain.AtLeast},
		{"5G基站", "plan.5g_base_stations", "", domain.Stock, domain.HigherBetter, domain.AtLeast},
		{"比重", "", "", domain.Rate, domain.HigherBetter, domain.AtLeast},
		{"园区", "plan.parks", "", domain.Flow, domain.HigherBetter, domain.AtLeast},
	}
	for _, w := range wants {
		found := false
		for _, p := range res.Proposals {
			if !strings.Contains(p.Name, w.name) || found {
				continue
			}
			found = true
			if w.code != "" && p.SuggestedCode != w.code || w.sname != "" && p.SuggestedName != w.sname || p.Kind != w.kind || p.Direction != w.dir || p.Comparator != w.cmp {
				t.Errorf("%s: code %q name %q kind %s direction %s comparator %s, want %+v", p.Name, p.SuggestedCode, p.SuggestedName, p.Kind, p.Direction, p.Comparator, w)
			}
			if strings.Contains(p.SuggestedCode, "new_") && !strings.Contains(p.SuggestedCode, "new_above") || p.SuggestedCode == "" {
				t.Errorf("%s: code %q is not readable", p.Name, p.SuggestedCode)
			}
		}
		if !found {
			t.Errorf("no proposal for %s", w.name)
		}
	}
	for _, p := range res.Proposals {
		t.Logf("%q code=%s name=%s kind=%s dir=%s %s %v%s", p.Name, p.SuggestedCode, p.SuggestedName, p.Kind, p.Direction, p.Comparator, p.Value, p.Unit)
	}
}

func TestOtherPlanStyles(t *testing.T) {
	for _, c := range []planCase{
		{"league work points in traditional characters", "阿拉善盟2025年工業和信息化工作要點\n阿盟署發〔2025〕8號\n一、總體目標\n" +
			"全盟規模以上工業增加值增長8%左右，工業固定資產投資增長20%以上，新增規上工業企業15戶，工業用電量達到180億千瓦時。\n二、重點任務\n" +
			"1.做大新能源產業。全年新增新能源並網裝機500萬千瓦，力爭新能源裝機總規模突破1500萬千瓦，新能源發電量佔全社會用電量比重達到35%以上。\n" +
			"2.培育壯大市場主體。培育「專精特新」中小企業10家以上，新增國家級綠色工廠2家，建設若干數字化車間。\n" +
			"3.推進重點項目。實施億元以上工業項目60個，年內開工建設30個以上，建成投產20個。\n" +
			"4.強化安全生產。工業領域較大以上安全事故控制在0起，單位工業增加值能耗下降3%左右。\n阿拉善盟行政公署\n2025年2月18日",
			0, []want{
				{"规模以上工业增加值", domain.Approx, 8, 0, "%", false, ""},
				{"工业固定资产投资", domain.AtLeast, 20, 0, "%", false, ""},
				{"规上工业企业", domain.AtLeast, 15, 0, "户", false, ""},
				{"工业用电量", domain.AtLeast, 180, 0, "亿千瓦时", false, ""},
				{"新能源并网装机", domain.AtLeast, 500, 0, "万千瓦", false, ""},
				{"新能源装机总规模", domain.AtLeast, 1500, 0, "万千瓦", true, ""},
				{"比重", domain.AtLeast, 35, 0, "%", false, ""},
				{"专精特新", domain.AtLeast, 10, 0, "家", false, ""},
				{"绿色工厂", domain.AtLeast, 2, 0, "家", false, ""},
				{"亿元以上工业项目", domain.AtLeast, 60, 0, "个", false, ""},
				{"开工建设", domain.AtLeast, 30, 0, "个", false, ""},
				{"建成投产", domain.AtLeast, 20, 0, "个", false, ""},
				{"安全事故", domain.AtMost, 0, 0, "起", false, ""},
				{"能耗下降", domain.Approx, 3, 0, "%", false, ""},
			}},
		{"city government report with a summary of goals", "二〇二五年政府工作報告\n今年經濟社會發展的主要預期目標是：地區生產總值增長6%左右；一般公共預算收入增長6.5%；社會消費品零售總額增長7%；城鎮新增就業2.3萬人，城鎮調查失業率控制在5.5%以內；居民人均可支配收入增長與經濟增長同步；糧食產量穩定在80億斤以上。\n" +
			"一、堅定不移推進工業強市\n實施億元以上重點項目300個。新增規上工業企業100戶，培育一批專精特新企業。\n二、擴大有效需求\n力爭社會消費品零售總額增長7%。",
			0, []want{
				{"地区生产总值", domain.Approx, 6, 0, "%", false, ""},
				{"一般公共预算收入", domain.AtLeast, 6.5, 0, "%", false, ""},
				{"社会消费品零售总额", domain.AtLeast, 7, 0, "%", true, ""},
				{"城镇新增就业", domain.AtLeast, 2.3, 0, "万人", false, ""},
				{"城镇调查失业率", domain.AtMost, 5.5, 0, "%", false, ""},
				{"粮食产量", domain.AtLeast, 80, 0, "亿斤", false, ""},
				{"重点项目", domain.AtLeast, 300, 0, "个", false, ""},
				{"规上工业企业", domain.AtLeast, 100, 0, "户", false, ""},
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := checkPlan(t, c)
			if res.Year != 2025 {
				t.Errorf("year %d, want 2025", res.Year)
			}
		})
	}
}

func TestRangesCeilingsAndUnits(t *testing.T) {
	checkPlan(t, planCase{"ranges, ceilings, 百分之, compute and wafers", "2025年，全市經濟增長5%—6%，規上工業增加值增長6%-7%，居民消費價格漲幅3%左右，研發經費投入強度提高0.2個百分點，數字經濟增加值比重提高到35%，萬元GDP能耗下降到0.8噸標煤以下，PM2.5平均濃度不超過28微克/立方米，空氣質量優良天數比率達到85%以上，新增高新技術企業百分之二十，建成智能工廠兩個、數字化車間十個，算力規模達到1.2萬P，晶圓產能達到5萬片。",
		2025, []want{
			{"经济增长", domain.Range, 5, 6, "%", false, ""},
			{"规上工业增加值", domain.Range, 6, 7, "%", false, ""},
			{"居民消费价格涨幅", domain.Approx, 3, 0, "%", false, ""},
			{"研发经费投入强度", domain.DeltaPP, 0.2, 0, "百分点", false, ""},
			{"数字经济增加值比重", domain.AtLeast, 35, 0, "%", false, ""},
			{"万元GDP能耗", domain.AtMost, 0.8, 0, "吨标煤", false, ""},
			{"PM2.5平均浓度", domain.AtMost, 28, 0, "微克/立方米", false, ""},
			{"优良天数比率", domain.AtLeast, 85, 0, "%", false, ""},
			{"高新技术企业", domain.AtLeast, 20, 0, "%", false, ""},
			{"智能工厂", domain.AtLeast, 2, 0, "个", false, ""},
			{"数字化车间", domain.AtLeast, 10, 0, "个", false, ""},
			{"算力规模", domain.AtLeast, 1.2, 0, "万P", false, ""},
			{"晶圆产能", domain.AtLeast, 5, 0, "万片", false, ""},
		}})
}
