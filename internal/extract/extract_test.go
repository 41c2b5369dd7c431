package extract_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/seeds"
)

type want struct {
	name       string // a part of the name as written
	comparator domain.Comparator
	value      float64
	high       float64 // range only
	unit       string
	aspiration bool
	stage      string
}

func TestExtractTable(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		year    int
		want    []want
		flagged int
	}{
		{"at least with 以上", "2024年，新增规上企业 100 户以上。", 2024,
			[]want{{"新增规上企业", domain.AtLeast, 100, 0, "户", false, ""}}, 0},
		{"full-width digits and 力争", "２０２４年力争稀土产业产值突破１０００亿元。", 2024,
			[]want{{"稀土产业产值", domain.AtLeast, 1000, 0, "亿元", true, ""}}, 0},
		{"chinese numerals", "2024年新增绿色工厂五家、培育入库企业三百五十家以上。", 2024,
			[]want{{"绿色工厂", domain.AtLeast, 5, 0, "家", false, ""}, {"培育入库企业", domain.AtLeast, 350, 0, "家", false, ""}}, 0},
		{"approx", "工业固定资产投资增长30%左右。", 2024,
			[]want{{"工业固定资产投资增长", domain.Approx, 30, 0, "%", false, ""}}, 0},
		{"at most", "2025年，单位工业增加值能耗控制在1.2吨标煤以内。", 2025,
			[]want{{"单位工业增加值能耗", domain.AtMost, 1.2, 0, "吨标煤", false, ""}}, 0},
		{"range", "力争申报认定1-2个自治区技术装备首台套。", 2024,
			[]want{{"自治区技术装备首台套", domain.Range, 1, 2, "个", true, ""}}, 0},
		{"range with dash and chinese", "着力引进三至五个属地配套项目。", 2024,
			[]want{{"属地配套项目", domain.Range, 3, 5, "个", false, ""}}, 0},
		{"delta pp", "力争2024年一般工业固废综合利用率较上年提高2个百分点。", 2024,
			[]want{{"一般工业固废综合利用率", domain.DeltaPP, 2, 0, "百分点", true, ""}}, 0},
		{"people and grain", "2025年粮食产量稳定在20亿斤以上，城镇新增就业3.5万人。", 2025,
			[]want{{"粮食产量", domain.AtLeast, 20, 0, "亿斤", false, ""}, {"城镇新增就业", domain.AtLeast, 3.5, 0, "万人", false, ""}}, 0},
		{"bare 万 after the number", "两个二级节点累计标识注册量达到650万。", 2024,
			[]want{{"标识注册量", domain.AtLeast, 650, 0, "万", false, ""}}, 0},
		{"qualifier numbers are part of the name", "培育产值超百亿元企业15户，超10亿元企业70户。", 2024,
			[]want{{"产值超百亿元企业", domain.AtLeast, 15, 0, "户", false, ""}, {"超10亿元企业", domain.AtLeast, 70, 0, "户", false, ""}}, 0},
		{"enumeration counts, examples do not", "重点实施华北铝业年产7.1吨板带箔、中皓合金材料8.5万吨特种合金等16个先进金属材料产业重点项目。", 2024,
			[]want{{"先进金属材料产业重点项目", domain.AtLeast, 16, 0, "个", false, ""}}, 0},
		{"milestones share a stage", "推动明阳叶片试验检测认证中心项目、昆之道叶片循环再生项目建成投产。", 2024,
			[]want{{"明阳叶片试验检测认证中心项目", domain.AtLeast, 4, 0, "阶段", false, "建成投产"}, {"昆之道叶片循环再生项目", domain.AtLeast, 4, 0, "阶段", false, "建成投产"}}, 0},
		{"a capacity in a project name is no target", "推动大全1000吨半导体硅基材料年底投产、通威2000吨电子级多晶硅加快建设。", 2024,
			[]want{{"大全1000吨半导体硅基材料", domain.AtLeast, 4, 0, "阶段", false, "建成投产"}, {"通威2000吨电子级多晶硅", domain.AtLeast, 3, 0, "阶段", false, "建设"}}, 0},
		{"other horizon flagged", "力争到2025年稀土产业产值达到1500亿元。2024年硅产业产值突破2000亿元。", 2024,
			[]want{{"硅产业产值", domain.AtLeast, 2000, 0, "亿元", false, ""}}, 1},
		{"quoted and bracketed numbers are names", "持续推进“四个一”行动，落实《工作方案（2023-2025年）》，2个超300亿元园区（新增1个）。", 2024,
			// …but a count's “（新增1个）” is a target of its own: that many new to the tier.
			[]want{{"超300亿元园区", domain.AtLeast, 2, 0, "个", false, ""}, {"超300亿元园区中新增", domain.AtLeast, 1, 0, "个", false, ""}}, 0},
		{"qualitative goals are never numbers", "2024年城乡居民收入增长与经济增长基本同步，物价涨幅与全国调控目标一致，完成自治区下达目标任务。", 2024,
			nil, 0},
		{"budget prose is not a target", "包头市工业和信息化局部门2024年度收入、支出预算总计3151.93万元，与上年相比增加1087.17万元，增长52.65%。", 2024,
			nil, 0},
		{"a national-economy plan", "2025年全市地区生产总值增长6%左右，一般公共预算收入增长5%，城镇调查失业率控制在5.5%以内，居民人均可支配收入增长与经济增长同步。", 2025,
			[]want{{"地区生产总值增长", domain.Approx, 6, 0, "%", false, ""}, {"一般公共预算收入增长", domain.AtLeast, 5, 0, "%", false, ""}, {"城镇调查失业率", domain.AtMost, 5.5, 0, "%", false, ""}}, 0},
		{"a count and its running total", "新建5G基站2000个，累计达到1.2万个。", 2025,
			[]want{{"新建5G基站", domain.AtLeast, 2000, 0, "个", false, ""}, {"新建5G基站（累计）", domain.AtLeast, 1.2, 0, "万个", false, ""}}, 0},
		{"超过 is strictly more", "2024年，园区规模以上企业总数超过450家，新增企业超过10户以上。", 2024,
			[]want{{"园区规模以上企业总数", domain.MoreThan, 450, 0, "家", false, ""}, {"新增企业", domain.AtLeast, 10, 0, "户", false, ""}}, 0},
		{"a percentage written out", "2025年规模以上工业增加值增长百分之八以上。", 2025,
			[]want{{"规模以上工业增加值增长", domain.AtLeast, 8, 0, "%", false, ""}}, 0},
		{"a repeated section is proposed once", "（二）做强产业\n\n2024年，稀土新材料产业产值达到200亿元。\n\n（三）做强产业\n\n2024年，稀土新材料产业产值达到200亿元。\n\n（四）再次\n\n2024 年，稀土新材料产业产值达到 200 亿元。", 2024,
			[]want{{"稀土新材料产业产值", domain.AtLeast, 200, 0, "亿元", false, ""}}, 0},
		{"a sentence broken across lines", "2024年，稀土新材料产业产值达\n\n到200亿元。", 2024,
			[]want{{"稀土新材料产业产值", domain.AtLeast, 200, 0, "亿元", false, ""}}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := extract.Extract(c.text, extract.Options{Year: c.year})
			if len(res.Proposals) != len(c.want) {
				t.Fatalf("got %d proposals, want %d: %+v", len(res.Proposals), len(c.want), res.Proposals)
			}
			for i, w := range c.want {
				p := res.Proposals[i]
				if !strings.Contains(p.Name, w.name) || p.Comparator != w.comparator || p.Value != w.value || p.Unit != w.unit || p.Aspiration != w.aspiration || p.Stage != w.stage {
					t.Errorf("proposal %d = %q %s %v %s asp=%v stage=%q, want %+v", i, p.Name, p.Comparator, p.Value, p.Unit, p.Aspiration, p.Stage, w)
				}
				if w.comparator == domain.Range && (p.ValueHigh == nil || *p.ValueHigh != w.high) {
					t.Errorf("proposal %d: value_high = %v, want %v", i, p.ValueHigh, w.high)
				}
				if w.comparator == domain.Approx && p.Tolerance == nil {
					t.Errorf("proposal %d: approx without a tolerance", i)
				}
				if p.SourceQuote == "" || p.Year != c.year {
					t.Errorf("proposal %d: quote %q year %d", i, p.SourceQuote, p.Year)
				}
			}
			if len(res.Flagged) != c.flagged {
				t.Errorf("flagged %d, want %d: %+v", len(res.Flagged), c.flagged, res.Flagged)
			}
		})
	}
}

func TestQualitativeGoalsAreListed(t *testing.T) {
	res := extract.Extract("2024年城乡居民收入增长与经济增长基本同步，完成自治区下达目标任务。", extract.Options{Year: 2024})
	if len(res.Qualitative) != 2 {
		t.Fatalf("qualitative = %+v, want the two goals", res.Qualitative)
	}
}

func TestSectionAndOffsetPointIntoTheText(t *testing.T) {
	text := "一、总体目标\n\n（一）提升创新能力\n\n2024年新增创新平台20家以上。"
	res := extract.Extract(text, extract.Options{Year: 2024})
	if len(res.Proposals) != 1 {
		t.Fatalf("proposals = %+v", res.Proposals)
	}
	p := res.Proposals[0]
	if p.Section != "（一）提升创新能力" {
		t.Errorf("section = %q", p.Section)
	}
	if got := string([]rune(text)[p.Offset:]); !strings.HasPrefix(got, "2024年新增创新平台") {
		t.Errorf("offset %d points at %q", p.Offset, got)
	}
}

func TestYearDefaultsToTheMostMentionedEvenWithSpaces(t *testing.T) {
	res := extract.Extract("2025 年工作要点\n2025 年，新增规上企业 120 户以上。", extract.Options{})
	if res.Year != 2025 || len(res.Proposals) != 1 {
		t.Fatalf("year %d proposals %+v flagged %+v", res.Year, res.Proposals, res.Flagged)
	}
}

func TestYearDefaultsToTheMostMentioned(t *testing.T) {
	res := extract.Extract("2025年工作要点。2025年新增规上企业120户以上。到2027年，产值翻番。", extract.Options{})
	if res.Year != 2025 || len(res.Proposals) != 1 || res.Proposals[0].Value != 120 {
		t.Fatalf("year %d proposals %+v", res.Year, res.Proposals)
	}
}

func TestMatchesCatalogueIndicatorsAndSuggestsCodes(t *testing.T) {
	inds := []domain.Indicator{
		{Code: "rare_earth.output_value", Name: "稀土产业产值", Unit: "亿元", Kind: domain.Flow, Section: "（二）"},
		{Code: "silicon.output_value", Name: "硅产业产值", Unit: "亿元", Kind: domain.Flow, Section: "（二）"},
		{Code: "digital.identifier_resolutions", Name: "工业互联网标识解析二级节点累计解析量", Unit: "万次", Kind: domain.Stock},
		{Code: "grain.output", Name: "粮食产量", Unit: "亿斤", Kind: domain.Flow},
	}
	text := "（二）产业\n\n2024年力争硅产业产值突破2000亿元，稀土产业产值突破1000亿元。工业互联网标识解析二级节点累计解析量达到760万。建成换电站15座。粮食产量稳定在20亿斤。"
	res := extract.Extract(text, extract.Options{Year: 2024, Indicators: inds})
	got := map[string]string{}
	for _, p := range res.Proposals {
		got[p.Name] = p.Indicator + "|" + p.SuggestedCode
	}
	for name, code := range map[string]string{"硅产业产值": "silicon.output_value|", "稀土产业产值": "rare_earth.output_value|",
		"工业互联网标识解析二级节点累计解析量": "digital.identifier_resolutions|", "粮食产量": "grain.output|"} {
		if got[name] != code {
			t.Errorf("%s mapped to %q, want %q (all: %v)", name, got[name], code, got)
		}
	}
	if v, err := extract.ConvertToIndicator(domain.BuiltinUnits(), 760, "万", "万次"); err != nil || v != 760 {
		t.Errorf("760万 → 万次 = %v, %v", v, err)
	}
	for _, p := range res.Proposals {
		if strings.Contains(p.Name, "换电站") && (p.Indicator != "" || p.SuggestedCode == "") {
			t.Errorf("换电站 has no indicator in this catalogue; got %q, suggested %q", p.Indicator, p.SuggestedCode)
		}
	}
}

func TestTextReadsDocx(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		`<w:p><w:r><w:t>（一）创新</w:t></w:r></w:p><w:p><w:r><w:t>2024年新增创新平台</w:t></w:r><w:r><w:t>20家以上。</w:t></w:r></w:p></w:body></w:document>`))
	zw.Close()
	text, err := extract.Text(context.Background(), "plan.docx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	res := extract.Extract(text, extract.Options{Year: 2024})
	if len(res.Proposals) != 1 || res.Proposals[0].Value != 20 || res.Proposals[0].Section != "（一）创新" {
		t.Fatalf("from docx: %q → %+v", text, res.Proposals)
	}
}

// TestPDFReadsLikeItsText: a PDF (made from testdata/plan_2025.txt by
// LibreOffice) gives the same proposals as the text, through pdftotext
// (installed by scripts/ensure-chromium.sh with poppler-utils).
func TestPDFReadsLikeItsText(t *testing.T) {
	pdf, err := os.ReadFile("testdata/plan_2025.pdf")
	if err != nil {
		t.Fatal(err)
	}
	text, err := extract.Text(context.Background(), "plan_2025.pdf", pdf)
	if errors.Is(err, extract.ErrNoPDFTool) {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing (CI=true, so this fails): install poppler-utils")
		}
		t.Skip("pdftotext is missing: install poppler-utils")
	}
	if err != nil {
		t.Fatal(err)
	}
	plain, err := os.ReadFile("testdata/plan_2025.txt")
	if err != nil {
		t.Fatal(err)
	}
	fromPDF := extract.Extract(text, extract.Options{})
	fromText := extract.Extract(string(plain), extract.Options{})
	if fromPDF.Year != 2025 || len(fromPDF.Proposals) != len(fromText.Proposals) || len(fromPDF.Proposals) < 10 {
		t.Fatalf("pdf: year %d, %d proposals; text: %d", fromPDF.Year, len(fromPDF.Proposals), len(fromText.Proposals))
	}
	for i := range fromText.Proposals {
		a, b := fromPDF.Proposals[i], fromText.Proposals[i]
		if a.Name != b.Name || a.Value != b.Value || a.Unit != b.Unit || a.Comparator != b.Comparator {
			t.Errorf("proposal %d: pdf %q %v%s, text %q %v%s", i, a.Name, a.Value, a.Unit, b.Name, b.Value, b.Unit)
		}
	}
}

// TestScopeNeverCrosses: a city-wide quantity is never mapped to an
// industrial indicator of another scope, whatever the words share, while the
// same quantity in the indicator's own scope is.
func TestScopeNeverCrosses(t *testing.T) {
	cat, err := seeds.Builtin(2024)
	if err != nil {
		t.Fatal(err)
	}
	text := "2025年主要预期目标：地区生产总值增长6%左右，固定资产投资增长18%以上，全市工业固定资产投资增长15%以上，工业增加值增长7%，规模以上工业增加值增长8%以上。"
	res := extract.Extract(text, extract.Options{Year: 2025, Indicators: cat.Indicators, UnitTable: cat.UnitTable})
	got := map[string]string{}
	for _, p := range res.Proposals {
		got[p.Name] = p.Indicator
	}
	want := map[string]string{
		"地区生产总值增长":    "",
		"固定资产投资增长":    "",
		"工业增加值增长":     "",
		"规模以上工业增加值增长": "industry.value_added_growth",
		"工业固定资产投资增长":  "industry.fixed_asset_investment_growth",
	}
	for name, code := range want {
		c, ok := got[name]
		if !ok {
			t.Errorf("no proposal named %q (proposals %v)", name, got)
			continue
		}
		if c != code {
			t.Errorf("%q mapped to %q, want %q", name, c, code)
		}
	}
}
