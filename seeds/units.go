package seeds

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// UnitsFile and SourceOrgansFile are the optional tables that extend the
// units of measure and the data sources a catalogue may use.
const (
	UnitsFile        = "units.csv"
	SourceOrgansFile = "source_organs.csv"
)

var unitColumns = []column{
	{key: "unit", aliases: []string{"计量单位", "单位"}, required: true},
	{key: "base", aliases: []string{"换算基准"}},
	{key: "factor", aliases: []string{"倍数"}},
}

var sourceOrganColumns = []column{
	{key: "source_organ", aliases: []string{"数据来源"}, required: true},
}

// loadUnits reads units.csv when the catalogue has one and returns base
// extended with its units (万人 = 10000 人, 亿斤 = 1e8 斤 …), so that the
// catalogue's indicators and files may use them, and the definitions it
// added. Without the file it returns base. base itself never changes.
func loadUnits(fsys fs.FS, base domain.Units, ps *problems) (domain.Units, []domain.UnitDef) {
	if _, err := fs.Stat(fsys, UnitsFile); errors.Is(err, fs.ErrNotExist) {
		return base, nil
	}
	t := readTable(fsys, UnitsFile, unitColumns, ps)
	if t == nil {
		return base, nil
	}
	table := base
	var added []domain.UnitDef
	for _, r := range t.rows {
		d := domain.UnitDef{Name: r.get("unit"), Base: r.get("base"), Factor: 1}
		if f := r.get("factor"); f != "" {
			v, err := strconv.ParseFloat(strings.ReplaceAll(f, ",", ""), 64)
			if err != nil {
				col, head := r.at("factor")
				ps.add(UnitsFile, r.num, col, head, "倍数“%s”不是数字：写 1 个该单位等于多少个换算基准，如 万人 的倍数为 10000", f)
				continue
			}
			d.Factor = v
		}
		// One row at a time, so a row may build on the rows above it.
		next, err := table.Extend([]domain.UnitDef{d})
		if err != nil {
			col, head := r.at("unit")
			ps.add(UnitsFile, r.num, col, head, "%s", msg.Text(err))
			continue
		}
		table = next
		added = append(added, d)
	}
	return table, added
}

// loadSourceOrgans returns the data sources indicators may name: the
// built-in ones plus source_organs.csv's.
func loadSourceOrgans(fsys fs.FS, ps *problems) []string {
	out := append([]string(nil), sourceOrgans...)
	if _, err := fs.Stat(fsys, SourceOrgansFile); errors.Is(err, fs.ErrNotExist) {
		return out
	}
	t := readTable(fsys, SourceOrgansFile, sourceOrganColumns, ps)
	if t == nil {
		return out
	}
	for _, r := range t.rows {
		if v := r.get("source_organ"); v != "" && !containsString(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// BaseUnits returns the units every catalogue starts from: the built-in
// table and the product's own catalogue/units.csv (万人, 亿斤 …). It reads
// the embedded file each time; callers keep the value they need. A broken
// built-in table is a programming error.
func BaseUnits() domain.Units {
	sub, err := fs.Sub(builtin, "catalogue")
	if err != nil {
		panic(err)
	}
	ps := &problems{}
	table, _ := loadUnits(sub, domain.BuiltinUnits(), ps)
	if err := ps.err(); err != nil {
		panic("seeds: built-in " + UnitsFile + ": " + err.Error())
	}
	return table
}
