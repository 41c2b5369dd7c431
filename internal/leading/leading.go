// Package leading holds the 先行指标 (leading indicators) the work plan asks
// the bureau to watch: industrial electricity consumption per enterprise per
// day (工业用电量) and bulk raw-material prices (大宗原材料价格).
//
// Design decisions, shared by both stores:
//
//   - Consumption is stored as integer watt-hours (Wh). Sums, corrections and
//     the pre-aggregated ClickHouse view are then exact; pages show 万千瓦时.
//   - Facts are append-only. A reading whose (enterprise, date) already has
//     the same value is skipped, so loading the same file twice adds
//     nothing; a different value is a correction: the store appends a
//     cancelling row (sign −1, the old value) and the new row (sign +1), so
//     "current" is sum(sign·Wh) per key and every pre-aggregate stays exact
//     without FINAL or merges. The loader also records each file's checksum
//     and skips a file it has loaded before without reading it twice.
//   - Enterprise district and chain are copied onto each reading when it is
//     loaded: history stays attributed as it was reported.
//   - Prices are small series: current value per (commodity, date) is the
//     latest recorded row (argMax by recorded time); equal values are skipped.
//
// The package imports only the standard library.
package leading

import (
	"context"
	"errors"
	"time"
)

// WhPerWanKWh is the number of watt-hours in one 万千瓦时 (10⁴ kWh).
const WhPerWanKWh = 1e7

// Chains are the industry chains enterprises belong to, in display order.
var Chains = []string{"稀土", "硅", "钢铁", "铝", "装备制造", "化工", "其他"}

// Enterprise is a metered enterprise.
type Enterprise struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	District string `json:"district"` // org unit code (GB/T 2260 or project code)
	Chain    string `json:"chain"`
}

// PowerReading is one enterprise's consumption on one day.
type PowerReading struct {
	Enterprise string    `json:"enterprise"`
	District   string    `json:"district"` // copied from the enterprise at load time
	Chain      string    `json:"chain"`
	Date       time.Time `json:"date"` // UTC midnight
	Wh         int64     `json:"wh"`   // watt-hours
}

// PowerBlock is consumption readings as columns, as a loader holds a
// large file: reading k is enterprise Ents[Ent[k]] on day Day[k] (days
// since 1970-01-01) with Wh[k] watt-hours.
type PowerBlock struct {
	Ents []Enterprise
	Ent  []int32
	Day  []int32
	Wh   []int64
}

// Len is the number of readings.
func (b *PowerBlock) Len() int { return len(b.Wh) }

// Reading returns reading k.
func (b *PowerBlock) Reading(k int) PowerReading {
	e := &b.Ents[b.Ent[k]]
	return PowerReading{Enterprise: e.Code, District: e.District, Chain: e.Chain, Date: DayDate(b.Day[k]), Wh: b.Wh[k]}
}

// DayDate is UTC midnight of day d since 1970-01-01.
func DayDate(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// PriceObs is one price of one commodity on one day.
type PriceObs struct {
	Commodity string    `json:"commodity"` // code, e.g. "prnd_oxide"
	Date      time.Time `json:"date"`      // UTC midnight
	Price     float64   `json:"price"`     // 元/吨
}

// Commodity is a priced raw material.
type Commodity struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Unit string `json:"unit"`
}

// Commodities is the catalogue of watched raw materials, in display order.
// Prices are normalised to 元/吨.
var Commodities = []Commodity{
	{Code: "prnd_oxide", Name: "稀土氧化镨钕", Unit: "元/吨"},
	{Code: "industrial_si", Name: "工业硅", Unit: "元/吨"},
	{Code: "polysilicon", Name: "多晶硅", Unit: "元/吨"},
	{Code: "aluminium", Name: "电解铝", Unit: "元/吨"},
	{Code: "rebar", Name: "螺纹钢", Unit: "元/吨"},
}

// LookupCommodity finds a commodity by code or Chinese name.
func LookupCommodity(s string) (Commodity, bool) {
	for _, c := range Commodities {
		if s == c.Code || s == c.Name {
			return c, true
		}
	}
	return Commodity{}, false
}

// WriteCounts says what an append did.
type WriteCounts struct {
	Added     int `json:"added"`     // new keys
	Changed   int `json:"changed"`   // corrections of an existing key
	Unchanged int `json:"unchanged"` // equal to the current value: skipped
}

// Count classifies one incoming value against the stored one (stored false:
// none) and counts it; it reports whether the value must be written. Both
// stores use it, so "added", "changed" and "unchanged" mean the same on each.
func (w *WriteCounts) Count(stored, same bool) (write bool) {
	switch {
	case !stored:
		w.Added++
	case same:
		w.Unchanged++
		return false
	default:
		w.Changed++
	}
	return true
}

// Add sums counts.
func (w WriteCounts) Add(o WriteCounts) WriteCounts {
	return WriteCounts{w.Added + o.Added, w.Changed + o.Changed, w.Unchanged + o.Unchanged}
}

// Batch records one loaded file.
type Batch struct {
	ID       string      `json:"id"`
	Kind     string      `json:"kind"` // power | prices | demo
	Source   string      `json:"source"`
	Checksum string      `json:"checksum"` // sha256 of the file's bytes
	Rows     int         `json:"rows"`
	Counts   WriteCounts `json:"counts"`
	Started  time.Time   `json:"started"`
	Ended    time.Time   `json:"ended"`
}

// PowerQuery selects consumption. From and To are inclusive dates (UTC
// midnight); empty slices mean "all".
type PowerQuery struct {
	From, To  time.Time
	Districts []string
	Chains    []string
}

// PriorYear returns the same period one year earlier; 29 February maps to
// 28 February (not to 1 March, which would add a day beyond the period).
func (q PowerQuery) PriorYear() (from, to time.Time) {
	return yearEarlier(q.From), yearEarlier(q.To)
}

func yearEarlier(t time.Time) time.Time {
	y, m, d := t.Date()
	if m == time.February && d == 29 {
		d = 28
	}
	return time.Date(y-1, m, d, 0, 0, 0, 0, time.UTC)
}

// PowerPoint is consumption in one day or month, with the same period a
// year earlier (同期). A 29 February of the prior year counts toward 28
// February.
type PowerPoint struct {
	Period        time.Time `json:"period"` // the day, or the first day of the month
	Wh            int64     `json:"wh"`
	LastYearWh    int64     `json:"last_year_wh"`
	Readings      int64     `json:"readings"` // enterprise-days reported
	LastYearReads int64     `json:"last_year_readings"`
}

// PowerGroup is consumption over the whole query period for one district
// or chain, with the same period a year earlier.
type PowerGroup struct {
	Key        string `json:"key"` // district code or chain name
	Wh         int64  `json:"wh"`
	LastYearWh int64  `json:"last_year_wh"`
	Readings   int64  `json:"readings"`
}

// Dimension groups PowerBy results.
type Dimension string

// The dimensions.
const (
	ByDistrict Dimension = "district"
	ByChain    Dimension = "chain"
)

// PriceQuery selects prices: inclusive dates, commodities (empty: all).
type PriceQuery struct {
	From, To    time.Time
	Commodities []string
}

// PricePoint is the current price of one commodity on one day.
type PricePoint struct {
	Commodity string    `json:"commodity"`
	Date      time.Time `json:"date"`
	Price     float64   `json:"price"`
}

// ErrInvalid marks writes rejected because a row is wrong; nothing was written.
var ErrInvalid = errors.New("leading: invalid rows")

// Store is what the leading-indicator features need from storage. Both the
// ClickHouse and the embedded store implement it; leadingtest pins down the
// contract beyond these comments.
type Store interface {
	// PutEnterprises inserts or replaces enterprises by code.
	PutEnterprises(ctx context.Context, list []Enterprise) error
	// Enterprises returns every enterprise ordered by code.
	Enterprises(ctx context.Context) ([]Enterprise, error)
	// AppendPower writes readings (District and Chain filled in by the
	// caller). A reading equal to its key's current value is skipped; a
	// different one replaces it. Readings repeating a key within one call:
	// the later wins. Rows are all validated first (ErrInvalid: nothing
	// written).
	AppendPower(ctx context.Context, batchID string, recordedAt time.Time, rows []PowerReading) (WriteCounts, error)
	// PowerStored reports whether any consumption is stored for a day of
	// [from, to] (a key whose corrections net to nothing still counts).
	PowerStored(ctx context.Context, from, to time.Time) (bool, error)
	// AppendNewPower writes readings the caller knows to be new: no reading
	// is stored for a day of their range (PowerStored false) and no two
	// share a key. It skips AppendPower's look-up of current values and
	// counts every row as added. Rows are validated first (ErrInvalid:
	// nothing written). Like AppendPower, run one loader at a time.
	AppendNewPower(ctx context.Context, batchID string, recordedAt time.Time, rows []PowerReading) (WriteCounts, error)
	// AppendNewPowerBlock is AppendNewPower for readings held as columns
	// (a whole file at once): no copy of them as PowerReading values.
	AppendNewPowerBlock(ctx context.Context, batchID string, recordedAt time.Time, b *PowerBlock) (WriteCounts, error)
	// AppendPrices is AppendPower for prices.
	AppendPrices(ctx context.Context, batchID string, recordedAt time.Time, rows []PriceObs) (WriteCounts, error)
	// LeadingBatch returns the batch that loaded a file with this kind and
	// checksum (ok false when none).
	LeadingBatch(ctx context.Context, kind, checksum string) (b Batch, ok bool, err error)
	// BeginLeadingBatch opens batch id before a load of several blocks:
	// consumption written under it stays out of every query (and of
	// PowerStored) until RecordLeadingBatch records the batch, so a load
	// stopped halfway leaves nothing visible. Rows written under a batch
	// never begun are visible at once. Within an open batch the last
	// reading of a key in the batch wins.
	BeginLeadingBatch(ctx context.Context, id string) error
	// RecordLeadingBatch stores a finished batch and makes its readings
	// visible, all at once.
	RecordLeadingBatch(ctx context.Context, b Batch) error
	// PowerSpan returns the first and last dates with consumption (zero times when none).
	PowerSpan(ctx context.Context) (first, last time.Time, err error)
	// PowerDaily returns one point per day of [From, To] with data this or
	// last year, ascending.
	PowerDaily(ctx context.Context, q PowerQuery) ([]PowerPoint, error)
	// PowerMonthly returns one point per month of [From, To] with data,
	// ascending; months are clipped to the query's days (a partial month
	// compares with the same days a year earlier).
	PowerMonthly(ctx context.Context, q PowerQuery) ([]PowerPoint, error)
	// PowerBy returns totals per district or chain over [From, To] and a
	// year earlier, ordered by Wh descending then key.
	PowerBy(ctx context.Context, q PowerQuery, dim Dimension) ([]PowerGroup, error)
	// Prices returns current prices, ordered by commodity (catalogue code) then date.
	Prices(ctx context.Context, q PriceQuery) ([]PricePoint, error)
}

// Day truncates t to its UTC date.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// YoYPct is the year-on-year growth in percent; nil when last year is zero.
func YoYPct(cur, last int64) *float64 {
	if last == 0 {
		return nil
	}
	v := (float64(cur) - float64(last)) / float64(last) * 100
	return &v
}

// WanKWh converts watt-hours to 万千瓦时.
func WanKWh(wh int64) float64 { return float64(wh) / WhPerWanKWh }

// MaxDailyWh bounds one enterprise's daily consumption: 10⁸ kWh a day is
// beyond any plant (the whole city uses far less), so a larger value is a
// unit or typing error.
const MaxDailyWh = 100_000_000 * 1000

// Validate checks a reading; the error (an *Error) names the field.
func (r PowerReading) Validate() error {
	switch {
	case r.Enterprise == "":
		return newError(nil, CodeNoEnterprise, "no enterprise code")
	case r.Date.IsZero() || r.Date.Year() < 1970 || r.Date.Year() > 2105:
		return newError(nil, CodeBadReadDate, "date missing or outside 1970-2105")
	case r.Wh < 0:
		return newError(nil, CodeNegativePower, "negative consumption")
	case r.Wh > MaxDailyWh:
		return newError(nil, CodePowerTooLarge, "consumption over 10^8 kWh a day")
	}
	return nil
}

// Validate checks a price.
func (p PriceObs) Validate() error {
	switch {
	case p.Commodity == "":
		return newError(nil, CodeNoCommodity, "no commodity")
	case p.Date.IsZero() || p.Date.Year() < 1970 || p.Date.Year() > 2105:
		return newError(nil, CodeBadReadDate, "date missing or outside 1970-2105")
	case !(p.Price > 0) || p.Price > 1e10:
		return newError(nil, CodeBadPrice, "price not positive")
	}
	return nil
}
