package seeds_test

import (
	"strings"
	"testing"

	"testing/fstest"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/seeds"
)

// TestUnitsAndSourceOrgansTablesExtendTheCatalogue: a catalogue may bring
// its own units (with conversions) and data sources; nothing is hard-coded.
func TestUnitsAndSourceOrgansTablesExtendTheCatalogue(t *testing.T) {
	ind := indCSV[:strings.Index(indCSV, "\n")] + ",数据来源 source_organ\n" +
		"grain.output,粮食产量,亿斤,flow,higher,累计,,,,,,农牧局\n" +
		"jobs.new,城镇新增就业,万人,flow,higher,累计,,,,,,人社局\n"
	tgt := tgtHeader[:len(tgtHeader)-1] + ",计量单位 unit\n" +
		"grain.output,,>=,20,,,否,粮食产量20亿斤以上,总体,亿斤\n" +
		"jobs.new,,>=,35000,,,否,城镇新增就业3.5万人,总体,人\n"
	fsys := catalogueFS(orgCSV, ind, tgt)
	fsys["units.csv"] = mapFile("计量单位 unit,换算基准 base,倍数 factor\n斤,,1\n亿斤,斤,100000000\n万人,人,10000\n")
	fsys["source_organs.csv"] = mapFile("数据来源 source_organ\n农牧局\n人社局\n")
	cat, err := seeds.Load(fsys, 2024)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var jobs domain.Target
	for _, tg := range cat.Targets {
		if tg.Indicator == "jobs.new" {
			jobs = tg
		}
	}
	if jobs.Value != 3.5 {
		t.Fatalf("35000人 in 万人 = %v, want 3.5", jobs.Value)
	}
	if v, err := cat.UnitTable.Convert(3, "亿斤", "斤"); err != nil || v != 3e8 {
		t.Fatalf("3亿斤 in 斤 = %v, %v", v, err)
	}

	t.Run("without source_organs.csv an unknown source is an error", func(t *testing.T) {
		fsys := catalogueFS(orgCSV, ind, tgt)
		fsys["units.csv"] = mapFile("计量单位 unit,换算基准 base,倍数 factor\n斤,,1\n亿斤,斤,100000000\n万人,人,10000\n")
		_, err := seeds.Load(fsys, 2024)
		if err == nil || !strings.Contains(msg.Text(err), "数据来源“农牧局”无效") || !strings.Contains(err.Error(), "source_organs.csv") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a bad unit row is located", func(t *testing.T) {
		fsys := catalogueFS(orgCSV, indCSV, tgtHeader+tgtOK)
		fsys["units.csv"] = mapFile("计量单位 unit,换算基准 base,倍数 factor\n万瓦,没有的单位,10000\n亿元,万元,3\n")
		_, err := seeds.Load(fsys, 2024)
		if err == nil || !strings.Contains(msg.Text(err), "units.csv 第2行") || !strings.Contains(msg.Text(err), "units.csv 第3行") {
			t.Fatalf("err = %v", err)
		}
	})
}

func mapFile(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestBuiltinUnitsAreKnownWithoutLoadingACatalogue(t *testing.T) {
	base := seeds.BaseUnits()
	if v, err := base.Convert(3.5, "万人", "人"); err != nil || v != 35000 {
		t.Fatalf("3.5万人 = %v, %v", v, err)
	}
	if v, err := base.Convert(2, "亿斤", "万斤"); err != nil || v != 20000 {
		t.Fatalf("2亿斤 = %v万斤, %v", v, err)
	}
}

// A rejected catalogue changes nothing: the units its units.csv defined
// are in no table afterwards, and the base table is as it was.
func TestARejectedCatalogueChangesNoUnitTable(t *testing.T) {
	before := seeds.BaseUnits().Names()
	fsys := catalogueFS(orgCSV, indCSV, tgtHeader+tgtOK)
	fsys["units.csv"] = mapFile("计量单位 unit,换算基准 base,倍数 factor\n羽,,1\n万羽,羽,10000\n亿元,万元,3\n")
	if _, err := seeds.Load(fsys, 2024); err == nil {
		t.Fatal("a catalogue redefining 亿元 was accepted")
	}
	base := seeds.BaseUnits()
	if base.Known("万羽") || base.Known("羽") {
		t.Fatal("units of a rejected catalogue became known")
	}
	if after := base.Names(); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Fatalf("base table changed: %d units before, %d after", len(before), len(after))
	}
}
