// Package leadinggen generates deterministic demo data for the 先行指标
// (leading indicators): an enterprise list, daily electricity consumption
// per enterprise, and daily commodity prices. The same Options always give
// byte-identical output, so benchmarks (10 million meter rows) and demos are
// reproducible.
//
// The consumption CSV is date-major (every enterprise for one day, then the
// next day), as meter systems export it; its columns are those
// "ingest leading-power" reads:
//
//	企业代码,企业名称,地区,产业链,日期,用电量(千瓦时)
package leadinggen

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"industrydash/internal/leading"
)

// Options sizes the data. Zero fields take the defaults.
type Options struct {
	Enterprises int       // default 200
	Days        int       // default 730 (two years)
	End         time.Time // last day; default 2024-11-30 (the demo's latest month)
	Seed        uint64    // default 2024
}

func (o Options) withDefaults() Options {
	if o.Enterprises <= 0 {
		o.Enterprises = 200
	}
	if o.Days <= 0 {
		o.Days = 730
	}
	if o.End.IsZero() {
		o.End = time.Date(2024, 11, 30, 0, 0, 0, 0, time.UTC)
	}
	o.End = leading.Day(o.End)
	if o.Seed == 0 {
		o.Seed = 2024
	}
	return o
}

// Start returns the first day of the data.
func (o Options) Start() time.Time {
	o = o.withDefaults()
	return o.End.AddDate(0, 0, -(o.Days - 1))
}

// chainProfile describes a chain's enterprises.
type chainProfile struct {
	chain     string
	weight    int      // share of enterprises
	districts []string // where they are
	words     []string // name stems
	baseKWh   float64  // median daily consumption
	growth    float64  // yearly growth of consumption
}

var profiles = []chainProfile{
	{"稀土", 20, []string{"150271", "150206", "150207"}, []string{"稀土新材料", "永磁材料", "稀土功能材料", "磁性材料"}, 60_000, 0.12},
	{"硅", 15, []string{"150222", "150221", "150223"}, []string{"硅材料", "晶硅科技", "光伏材料", "单晶硅"}, 400_000, 0.25},
	{"钢铁", 15, []string{"150203", "150205"}, []string{"钢铁", "特钢", "金属制品"}, 500_000, 0.02},
	{"铝", 12, []string{"150202", "150207"}, []string{"铝业", "铝材", "铝合金"}, 900_000, 0.05},
	{"装备制造", 20, []string{"150204", "150207", "150202"}, []string{"重工", "装备制造", "机械", "风电装备"}, 30_000, 0.08},
	{"化工", 10, []string{"150207", "150223", "150221"}, []string{"化工", "新材料化工", "煤化工"}, 150_000, 0.04},
	{"其他", 8, []string{"150202", "150203", "150204", "150205"}, []string{"建材", "食品", "纺织"}, 20_000, 0.03},
}

var prefixes = []string{"包头", "北方", "内蒙古", "华美", "天和", "金蒙", "鹿城", "草原", "阴山", "黄河", "钢城", "希望"}

// entGen is a generated enterprise with its consumption parameters.
type entGen struct {
	leading.Enterprise
	base   float64 // daily kWh at the start
	growth float64 // per year
	noise  float64
}

func enterprises(o Options) []entGen {
	o = o.withDefaults()
	r := rand.New(rand.NewPCG(o.Seed, 1))
	total := 0
	for _, p := range profiles {
		total += p.weight
	}
	out := make([]entGen, o.Enterprises)
	used := map[string]int{}
	for i := range out {
		// Chains by weight, deterministic and spread out.
		pick := (i * 7919) % total
		var p chainProfile
		for _, q := range profiles {
			if pick < q.weight {
				p = q
				break
			}
			pick -= q.weight
		}
		name := prefixes[r.IntN(len(prefixes))] + p.words[r.IntN(len(p.words))]
		suffix := "有限公司"
		if r.IntN(4) == 0 {
			suffix = "股份有限公司"
		}
		out[i] = entGen{
			Enterprise: leading.Enterprise{
				Code:     fmt.Sprintf("BT%06d", i+1),
				Name:     uniqueName(used, name+suffix),
				District: p.districts[r.IntN(len(p.districts))],
				Chain:    p.chain,
			},
			base:   p.baseKWh * math.Exp(r.NormFloat64()*0.8),
			growth: p.growth + r.NormFloat64()*0.05,
			noise:  0.03 + r.Float64()*0.05,
		}
	}
	return out
}

// uniqueName numbers repeated names: 包头铝业有限公司, 包头铝业有限公司（2）…
func uniqueName(used map[string]int, name string) string {
	used[name]++
	if n := used[name]; n > 1 {
		return name + "（" + strconv.Itoa(n) + "）"
	}
	return name
}

// Enterprises returns the generated enterprises, ordered by code.
func Enterprises(o Options) []leading.Enterprise {
	gen := enterprises(o)
	out := make([]leading.Enterprise, len(gen))
	for i, e := range gen {
		out[i] = e.Enterprise
	}
	return out
}

// season is the seasonal factor of a day: heating months use more, the
// Spring Festival weeks less.
func season(t time.Time) float64 {
	doy := float64(t.YearDay())
	f := 1 + 0.08*math.Cos(2*math.Pi*(doy-15)/365)
	if t.Month() == time.February && t.Day() <= 20 {
		f *= 0.85
	}
	if t.Weekday() == time.Sunday {
		f *= 0.97
	}
	return f
}

// Each calls fn for every reading, date-major, enterprises in code order.
// Consumption is in watt-hours rounded to 0.1 kWh.
func Each(o Options, fn func(r leading.PowerReading) error) error {
	o = o.withDefaults()
	ents := enterprises(o)
	r := rand.New(rand.NewPCG(o.Seed, 2))
	start := o.Start()
	for d := range o.Days {
		day := start.AddDate(0, 0, d)
		years := float64(d) / 365
		s := season(day)
		for i := range ents {
			e := &ents[i]
			kwh := e.base * math.Pow(1+e.growth, years) * s * (1 + e.noise*r.NormFloat64())
			if kwh < 0 {
				kwh = 0
			}
			wh := int64(math.Round(kwh*10)) * 100
			if err := fn(leading.PowerReading{Enterprise: e.Code, District: e.District, Chain: e.Chain, Date: day, Wh: wh}); err != nil {
				return err
			}
		}
	}
	return nil
}

// PowerHeader is the header line Write produces.
var PowerHeader = []string{"企业代码", "企业名称", "地区", "产业链", "日期", "用电量(千瓦时)"}

// Write writes the consumption CSV (UTF-8, no BOM, LF line ends).
func Write(w io.Writer, o Options) error {
	o = o.withDefaults()
	ents := enterprises(o)
	names := make(map[string]string, len(ents))
	for _, e := range ents {
		names[e.Code] = e.Name
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	line := make([]byte, 0, 256)
	line = appendCSVLine(line, PowerHeader)
	var lastDay time.Time
	var dayText string
	err := Each(o, func(r leading.PowerReading) error {
		if !r.Date.Equal(lastDay) {
			lastDay, dayText = r.Date, r.Date.Format("2006-01-02")
		}
		line = append(line, r.Enterprise...)
		line = append(line, ',')
		line = append(line, names[r.Enterprise]...)
		line = append(line, ',')
		line = append(line, r.District...)
		line = append(line, ',')
		line = append(line, r.Chain...)
		line = append(line, ',')
		line = append(line, dayText...)
		line = append(line, ',')
		line = strconv.AppendInt(line, r.Wh/1000, 10)
		line = append(line, '.', byte('0'+(r.Wh%1000)/100), '\n')
		if len(line) > 64<<10 {
			if _, err := bw.Write(line); err != nil {
				return err
			}
			line = line[:0]
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("write leading power csv: %w", err)
	}
	if _, err := bw.Write(line); err != nil {
		return fmt.Errorf("write leading power csv: %w", err)
	}
	return bw.Flush()
}

func appendCSVLine(b []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f...)
	}
	return append(b, '\n')
}

// priceStart are the commodities' prices at the start, 元/吨, with the
// daily drift of their random walk (rough 2023–2024 paths: 镨钕 and 多晶硅
// falling, the others flat).
var priceStart = map[string][2]float64{
	"prnd_oxide":    {560_000, -0.0008},
	"industrial_si": {16_500, -0.0004},
	"polysilicon":   {180_000, -0.0025},
	"aluminium":     {18_300, 0.0001},
	"rebar":         {4_000, -0.0002},
}

// Prices returns one price per commodity per working day (Monday–Friday).
func Prices(o Options) []leading.PriceObs {
	o = o.withDefaults()
	r := rand.New(rand.NewPCG(o.Seed, 3))
	start := o.Start()
	var out []leading.PriceObs
	for _, c := range leading.Commodities {
		p0 := priceStart[c.Code]
		price := p0[0]
		for d := range o.Days {
			day := start.AddDate(0, 0, d)
			price *= 1 + p0[1] + 0.01*r.NormFloat64()
			if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			step := 10.0
			if price > 100_000 {
				step = 500
			}
			out = append(out, leading.PriceObs{Commodity: c.Code, Date: day, Price: math.Round(price/step) * step})
		}
	}
	return out
}

// PriceHeader is the header line WritePrices produces.
var PriceHeader = []string{"品种", "日期", "价格", "单位"}

// WritePrices writes the prices CSV: commodity name, date, price, 元/吨.
func WritePrices(w io.Writer, o Options) error {
	bw := bufio.NewWriter(w)
	line := appendCSVLine(nil, PriceHeader)
	for _, p := range Prices(o) {
		c, _ := leading.LookupCommodity(p.Commodity)
		line = append(line, c.Name...)
		line = append(line, ',')
		line = append(line, p.Date.Format("2006-01-02")...)
		line = append(line, ',')
		line = strconv.AppendFloat(line, p.Price, 'f', -1, 64)
		line = append(line, ",元/吨\n"...)
	}
	if _, err := bw.Write(line); err != nil {
		return fmt.Errorf("write leading prices csv: %w", err)
	}
	return bw.Flush()
}
