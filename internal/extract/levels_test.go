package extract_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
)

// TestTwoLevelsOfOneTarget: "确保6%、力争7%" is one target named by the
// clause's subject, at the 确保 level, with the 力争 level as its stretch.
func TestTwoLevelsOfOneTarget(t *testing.T) {
	res := checkPlan(t, planCase{"确保 and 力争 in one clause", "2025年工作要点\n一、主要目标\n规上工业增加值确保增长6%、力争7%，工业投资确保增长10%，力争增长12%。\n規上工業企業營業收入確保達到3000億元、力爭3200億元。",
		2025, []want{
			{"规上工业增加值增长", domain.AtLeast, 6, 0, "%", false, ""},
			{"工业投资增长", domain.AtLeast, 10, 0, "%", false, ""},
			{"规上工业企业营业收入", domain.AtLeast, 3000, 0, "亿元", false, ""},
		}})
	stretch := map[string]float64{"规上工业增加值增长": 7, "工业投资增长": 12, "规上工业企业营业收入": 3200}
	for _, p := range res.Proposals {
		if p.Stretch == nil || *p.Stretch != stretch[p.Name] {
			t.Errorf("%s: stretch %v, want %v", p.Name, p.Stretch, stretch[p.Name])
		}
		if strings.Contains(p.Name, "确保") || strings.Contains(p.Name, "力争") || p.Name == "增长" {
			t.Errorf("name %q is not the clause's subject", p.Name)
		}
	}
	// 力争 alone stays a 力争 target; 确保 alone a plain one.
	checkPlan(t, planCase{"one level", "2025年，确保规上工业增加值增长6%，力争新增规上企业50户。", 2025, []want{
		{"规上工业增加值增长", domain.AtLeast, 6, 0, "%", false, ""},
		{"新增规上企业", domain.AtLeast, 50, 0, "户", true, ""},
	}})
}

// TestTargetsInHeadings: a target stated only in a heading is proposed, and
// once when a 主要目标 list restates it.
func TestTargetsInHeadings(t *testing.T) {
	checkPlan(t, planCase{"heading and goals list", "2025年工作要点\n一、主要目标\n1.规上工业增加值增长8%左右\n2.新增规上工业企业50户以上\n二、重点任务\n（一）规上工业增加值增长8%左右\n推动重点企业满产达效。\n（二）工业投资增长15%以上\n加快项目建设。\n（三）推动数字化转型\n建设一批智能工厂。",
		2025, []want{
			{"规上工业增加值增长", domain.Approx, 8, 0, "%", false, ""},
			{"新增规上工业企业", domain.AtLeast, 50, 0, "户", false, ""},
			{"工业投资增长", domain.AtLeast, 15, 0, "%", false, ""},
		}})
}

// TestMagnitudesRestated: 1.2万亿元 and 12000亿元 are one target.
func TestMagnitudesRestated(t *testing.T) {
	res := checkPlan(t, planCase{"万亿 and 亿", "2025年工作要点\n全市工业总产值达到1.2万亿元，稀土产业产值突破1千億元。\n二、重点任务\n力争工业总产值达到12000亿元，稀土产业产值突破1000亿元。",
		2025, []want{
			{"工业总产值", domain.AtLeast, 12000, 0, "亿元", true, ""},
			{"稀土产业产值", domain.AtLeast, 1000, 0, "亿元", true, ""},
		}})
	for _, p := range res.Proposals {
		if strings.Contains(p.Name, "工作要点") {
			t.Errorf("the title is part of the name %q", p.Name)
		}
	}
}

// TestResultsAreNoTargets: last year's results, year-on-year figures and
// national ones are not the plan year's goals.
func TestResultsAreNoTargets(t *testing.T) {
	checkPlan(t, planCase{"results before the goals", "2025年工作要点\n2024年，全市规上工业增加值同比增长9.1%，工业投资比上年增长15%。全国规模以上工业增加值增长5.8%。全区规上工业增加值增长7%，高于全国1.2个百分点。\n上半年，规上工业增加值同比增长12.3%，工业投资完成280亿元。\n2025年，全市规上工业增加值增长8%。\n一、2024年工作回顾\n新增规上企业120户，工业用电量达到300亿千瓦时。\n二、2025年工作安排\n新增规上企业100户以上。",
		2025, []want{
			{"规上工业增加值增长", domain.AtLeast, 8, 0, "%", false, ""},
			{"新增规上企业", domain.AtLeast, 100, 0, "户", false, ""},
		}})
	checkPlan(t, planCase{"同比 in a goal", "2025年工作要点\n（一）推动工业稳增长\n全年规上工业增加值同比增长8%以上，工业用电量同比增长6%左右。", 2025, []want{
		{"规上工业增加值增长", domain.AtLeast, 8, 0, "%", false, ""},
		{"工业用电量增长", domain.Approx, 6, 0, "%", false, ""},
	}})
	checkPlan(t, planCase{"過去一年 after a news headline", "【數觀兩會】曬曬2024“成績單” 繪制2025“任務書”\n2025年03月07日09:19 來源：廣電總臺\n過去一年，中國式現代化邁出新的堅實步伐。經濟規模穩步擴大，國內生產總值達到134.9萬億元，增長5%。城鎮新增就業1256萬人、城鎮調查失業率平均為5.1%。\n2025年發展主要預期目標是：國內生產總值增長5%左右；城鎮新增就業1200萬人以上；糧食產量1.4萬億斤左右。",
		2025, []want{
			{"国内生产总值增长", domain.Approx, 5, 0, "%", false, ""},
			{"城镇新增就业", domain.AtLeast, 1200, 0, "万人", false, ""},
			{"粮食产量", domain.Approx, 14000, 0, "亿斤", false, ""},
		}})
}

// TestComparatorsInBothScripts: each comparator read alike in simplified and
// traditional characters.
func TestComparatorsInBothScripts(t *testing.T) {
	simplified := "2025年，工业增加值增长不低于6%，单位工业增加值能耗控制在0.8吨标煤以内，数字经济核心产业增加值占比提高1.5个百分点，工业投资增长8%—10%，新增规上企业超过80户，工业用电量达到300亿千瓦时左右，技改投资不超过200亿元，规上工业企业达到1500家以上。"
	wants := []want{
		{"工业增加值增长", domain.AtLeast, 6, 0, "%", false, ""},
		{"单位工业增加值能耗", domain.AtMost, 0.8, 0, "吨标煤", false, ""},
		{"数字经济核心产业增加值占比", domain.DeltaPP, 1.5, 0, "百分点", false, ""},
		{"工业投资增长", domain.Range, 8, 10, "%", false, ""},
		{"新增规上企业", domain.MoreThan, 80, 0, "户", false, ""},
		{"工业用电量", domain.Approx, 300, 0, "亿千瓦时", false, ""},
		{"技改投资", domain.AtMost, 200, 0, "亿元", false, ""},
		{"规上工业企业", domain.AtLeast, 1500, 0, "家", false, ""},
	}
	traditional := "2025年，工業增加值增長不低於6%，單位工業增加值能耗控制在0.8噸標煤以內，數字經濟核心產業增加值佔比提高1.5個百分點，工業投資增長8%—10%，新增規上企業超過80戶，工業用電量達到300億千瓦時左右，技改投資不超過200億元，規上工業企業達到1500家以上。"
	for _, text := range []string{simplified, traditional} {
		res := checkPlan(t, planCase{"comparators", text, 2025, wants})
		for _, p := range res.Proposals {
			if p.Comparator == domain.Range && (p.ValueHigh == nil || *p.ValueHigh != 10) {
				t.Errorf("%s: range up to %v, want 10", p.Name, p.ValueHigh)
			}
		}
	}
}

// TestTableCellsAndCheckpoints: a | table's cells are read one by one (no
// row number or department in a name); a checkpoint within the year and a
// date alone are no targets.
func TestTableCellsAndCheckpoints(t *testing.T) {
	res := checkPlan(t, planCase{"responsibility table", "2025年政府工作报告重点工作责任分解\n序号 | 主要工作任务 | 责任单位 |\n1 | 规上工业增加值增长6%以上。 | 市经信局 |\n2 | 研发投入强度达到3.55%。 | 市科技局 |\n3 | 城镇新增就业11万人,调查失业率控制在5%以内。 | 市人力社保局 |",
		2025, []want{
			{"规上工业增加值增长", domain.AtLeast, 6, 0, "%", false, ""},
			{"研发投入强度", domain.AtLeast, 3.55, 0, "%", false, ""},
			{"城镇新增就业", domain.AtLeast, 11, 0, "万人", false, ""},
			{"调查失业率", domain.AtMost, 5, 0, "%", false, ""},
		}})
	for _, p := range res.Proposals {
		if strings.ContainsAny(p.Name, "|0123456789") || strings.Contains(p.Name, "市") {
			t.Errorf("name %q holds another cell", p.Name)
		}
	}
	checkPlan(t, planCase{"quarterly checkpoints", "2025年，全年固定资产投资增长4.5%以上，确保新建项目开工率一季度达到50%以上、上半年达到80%、10月底前全部开工。",
		2025, []want{
			{"固定资产投资增长", domain.AtLeast, 4.5, 0, "%", false, ""},
		}})
}

// TestRangesUnitsAndSeparators: 区间/之间 end a range, 瓩 and 公噸 are units,
// 3,000 is one number, and 同比增长 after a goal is that goal's growth.
func TestRangesUnitsAndSeparators(t *testing.T) {
	checkPlan(t, planCase{"traditional units and ranges", "2025年，經濟增長保持在5%—6%區間，規上工業增加值增長7%至8%之間，新增光伏裝機50萬瓩，鋼鐵產量控制在800萬公噸以內。",
		2025, []want{
			{"经济增长", domain.Range, 5, 6, "%", false, ""},
			{"规上工业增加值增长", domain.Range, 7, 8, "%", false, ""},
			{"新增光伏装机", domain.AtLeast, 50, 0, "万瓩", false, ""},
			{"钢铁产量", domain.AtMost, 800, 0, "万公吨", false, ""},
		}})
	res := checkPlan(t, planCase{"a goals list restated in the body", "二〇二五年工作要點\n一、主要目標\n全市規模以上工業總產值突破3000億元，同比增長8%；工業用電量增長6%。\n二、重點工作\n（一）推動工業穩增長。力爭規上工業總產值達到3,000億元。",
		2025, []want{
			{"规模以上工业总产值", domain.AtLeast, 3000, 0, "亿元", true, ""},
			{"规模以上工业总产值增长", domain.AtLeast, 8, 0, "%", false, ""},
			{"工业用电量增长", domain.AtLeast, 6, 0, "%", false, ""},
		}})
	for _, p := range res.Proposals {
		if strings.Contains(p.Name, "区间") || strings.Contains(p.Name, "之间") || strings.Contains(p.Name, "同比") {
			t.Errorf("name %q", p.Name)
		}
	}
	if v, err := extract.ConvertToIndicator(domain.BuiltinUnits(), 50, "万瓩", "万千瓦"); err != nil || v != 50 {
		t.Errorf("50万瓩 = %v万千瓦 (%v)", v, err)
	}
}

// TestStretchAfterACommitment: "增长8%，力争10%" is one target with a
// stretch, as "确保8%、力争10%" is.
func TestStretchAfterACommitment(t *testing.T) {
	res := checkPlan(t, planCase{"力争 after the level", "2025年，规上工业增加值增长8%，力争10%；新增规上工业企业50户、力争60户。",
		2025, []want{
			{"规上工业增加值增长", domain.AtLeast, 8, 0, "%", false, ""},
			{"新增规上工业企业", domain.AtLeast, 50, 0, "户", false, ""},
		}})
	for _, p := range res.Proposals {
		if p.Stretch == nil || *p.Stretch != map[string]float64{"规上工业增加值增长": 10, "新增规上工业企业": 60}[p.Name] {
			t.Errorf("%s: stretch %v", p.Name, p.Stretch)
		}
	}
}

// TestMoreUnits: 标准煤, 美元 and a capacity per year are read as units.
func TestMoreUnits(t *testing.T) {
	checkPlan(t, planCase{"energy, dollars, per year", "2025年，全市能源消費總量控制在500萬噸標準煤以內，外貿進出口總額達到50億美元，新增煤制烯烃產能50萬噸/年。",
		2025, []want{
			{"能源消费总量", domain.AtMost, 500, 0, "万吨标准煤", false, ""},
			{"外贸进出口总额", domain.AtLeast, 50, 0, "亿美元", false, ""},
			{"新增煤制烯烃产能", domain.AtLeast, 50, 0, "万吨", false, ""},
		}})
	if v, err := extract.ConvertToIndicator(domain.BuiltinUnits(), 500, "万吨标准煤", "万吨标煤"); err != nil || v != 500 {
		t.Errorf("500万吨标准煤 = %v万吨标煤 (%v)", v, err)
	}
}

// TestCountsReachingAStage: a count of the projects named before that reach
// a stage is named by them without the first verb.
func TestCountsReachingAStage(t *testing.T) {
	res := checkPlan(t, planCase{"新开工 then 竣工投产", "2025年，新开工亿元以上工业项目80个，竣工投产50个。",
		2025, []want{
			{"新开工亿元以上工业项目", domain.AtLeast, 80, 0, "个", false, ""},
			{"亿元以上工业项目竣工投产", domain.AtLeast, 50, 0, "个", false, ""},
		}})
	for _, p := range res.Proposals {
		if p.Value == 50 && strings.Contains(p.Name, "开工") {
			t.Errorf("name %q", p.Name)
		}
	}
}

// TestPinyinReadingsAreDropped: a page converted to traditional characters
// with readings in brackets reads like one without.
func TestPinyinReadingsAreDropped(t *testing.T) {
	checkPlan(t, planCase{"readings in brackets", "2025年主要預(yù)期目標(biāo)：地區(qū)生產(chǎn)總值增長(zhǎng)6%左(zuǒ)右，規(guī)上工業(yè)增加值增長(zhǎng)8%以(yǐ)上，城鎮(zhèn)調(diào)查失業(yè)率控制在5.5%以內(nèi)，新增(zēng)規上企業(yè)50戶(hù)(CPI)。",
		2025, []want{
			{"地区生产总值增长", domain.Approx, 6, 0, "%", false, ""},
			{"规上工业增加值增长", domain.AtLeast, 8, 0, "%", false, ""},
			{"城镇调查失业率", domain.AtMost, 5.5, 0, "%", false, ""},
			{"新增规上企业", domain.AtLeast, 50, 0, "户", false, ""},
		}})
}

// TestTableOfMainIndicators: a table's target column is read with the unit
// of its unit column or of the name; last year's column is not.
func TestTableOfMainIndicators(t *testing.T) {
	text := "2025年国民经济和社会发展计划\n表2：2025年全市主要指标\n指标名称\t单位\t2024年预计完成\t2025年目标\t属性\n" +
		"地区生产总值增速\t%\t6\t6.5左右\t预期性\n规上工业增加值增速\t%\t9\t10以上\t预期性\n固定资产投资\t亿元\t1500\t1650\t预期性\n" +
		"单位GDP能耗降低\t%\t3\t完成自治区下达任务\t约束性\n\n| 指标 | 2024年 | 2025年计划 |\n| 新增规上工业企业（户） | 80 | 100以上 |\n| 工业用电量（亿千瓦时） | 300 | 330 |"
	res := checkPlan(t, planCase{"main indicators", text, 2025, []want{
		{"地区生产总值增速", domain.Approx, 6.5, 0, "%", false, ""},
		{"规上工业增加值增速", domain.AtLeast, 10, 0, "%", false, ""},
		{"固定资产投资", domain.AtLeast, 1650, 0, "亿元", false, ""},
		{"新增规上工业企业", domain.AtLeast, 100, 0, "户", false, ""},
		{"工业用电量", domain.AtLeast, 330, 0, "亿千瓦时", false, ""},
	}})
	for _, p := range res.Proposals {
		if []rune(text)[p.Offset] == '\n' {
			t.Errorf("%s: offset %d is not in its row", p.Name, p.Offset)
		}
	}
}

// TestNamesKeepTheirWords: a leading 并 is dropped only when it joins
// clauses ("并新增…"), not from 并网; "早一天开工" names no project.
func TestNamesKeepTheirWords(t *testing.T) {
	checkPlan(t, planCase{"并网 and 并", "2025年，全區力爭并網(wǎng)裝機(jī)2500萬千瓦以上，并新增儲能裝機100萬千瓦，確保早一天開工、早一天達產。",
		2025, []want{
			{"并网装机", domain.AtLeast, 2500, 0, "万千瓦", true, ""},
			{"新增储能装机", domain.AtLeast, 100, 0, "万千瓦", false, ""},
		}})
}

// TestPowerInAnyUnit: 4GW restates 400万千瓦, and converts to it.
func TestPowerInAnyUnit(t *testing.T) {
	checkPlan(t, planCase{"GW and 万千瓦", "2025年工作要点\n力争新增新能源并网4GW。\n二、重点任务\n力争新增新能源并网400万千瓦。",
		2025, []want{
			{"新增新能源并网", domain.AtLeast, 400, 0, "万千瓦", true, ""},
		}})
	if v, err := extract.ConvertToIndicator(domain.BuiltinUnits(), 4, "GW", "万千瓦"); err != nil || v != 400 {
		t.Errorf("4GW = %v万千瓦 (%v)", v, err)
	}
}

// TestEnterpriseCountsInEitherWord: 50家 restates 50户 (proposed once, with
// the fuller quote).
func TestEnterpriseCountsInEitherWord(t *testing.T) {
	checkPlan(t, planCase{"户 and 家", "2025年工作要点\n一、主要目标\n新增规上工业企业50户以上。\n二、重点任务\n全年新增规模以上工业企业50家以上。",
		2025, []want{
			{"工业企业", domain.AtLeast, 50, 0, "家", false, ""},
		}})
}

// TestBulletsAreNoName: list bullets (——, ●, ★, ◆) open no name.
func TestBulletsAreNoName(t *testing.T) {
	res := checkPlan(t, planCase{"bullets", "2025年主要目標：\n——規上工業增加值增長8%左右；\n●新增規上工業企業50戶以上；\n★工業投資增長10%；\n◆力爭新能源裝機達到1000萬千瓦。",
		2025, []want{
			{"规上工业增加值增长", domain.Approx, 8, 0, "%", false, ""},
			{"新增规上工业企业", domain.AtLeast, 50, 0, "户", false, ""},
			{"工业投资增长", domain.AtLeast, 10, 0, "%", false, ""},
			{"新能源装机", domain.AtLeast, 1000, 0, "万千瓦", true, ""},
		}})
	for _, p := range res.Proposals {
		if strings.ContainsAny(p.Name, "—●★◆") {
			t.Errorf("name %q", p.Name)
		}
	}
}

// TestLegacyEncodings: a .txt saved in GB18030 or Big5 is read like UTF-8.
func TestLegacyEncodings(t *testing.T) {
	for _, c := range []struct {
		enc  encoding.Encoding
		text string
	}{
		{simplifiedchinese.GB18030, "2025年，规上工业增加值增长8%左右，新增新能源装机500万千瓦。"},
		{traditionalchinese.Big5, "2025年，規上工業增加值增長8%左右，新增新能源裝機500萬千瓦。"},
	} {
		data, err := c.enc.NewEncoder().Bytes([]byte(c.text))
		if err != nil {
			t.Fatal(err)
		}
		text, err := extract.Text(context.Background(), "plan.txt", data)
		if err != nil || text != c.text {
			t.Fatalf("read %q (%v), want %q", text, err, c.text)
		}
		res := extract.Extract(text, extract.Options{})
		if len(res.Proposals) != 2 || res.Proposals[1].Value != 500 || res.Proposals[1].Unit != "万千瓦" {
			t.Errorf("%+v", res.Proposals)
		}
	}
	if _, err := extract.Text(context.Background(), "x.txt", []byte{0xff, 0xfe, 0xfd, 0x80}); err == nil {
		t.Error("bytes of no encoding were read")
	}
}
