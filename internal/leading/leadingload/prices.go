package leadingload

import (
	"context"
	"fmt"
	"io"
	"strings"

	"industrydash/internal/leading"
	"industrydash/internal/msg"
)

// LoadPrices loads a commodity price CSV (columns 品种, 日期, 价格; optional
// 单位: 元/吨, 万元/吨, 元/千克 — or the unit in the 价格 header). Prices
// files are small: one pass, then one write.
func LoadPrices(ctx context.Context, st leading.Store, name string, r io.Reader, o Options) (Result, error) {
	o = o.withDefaults()
	started := o.Now().UTC()
	errs := &errList{file: name}
	sum := newChecksum(r)
	var rows []leading.PriceObs
	missing := 0
	var names []string
	for _, c := range leading.Commodities {
		names = append(names, c.Name)
	}
	err := csvRows(name, sum, []column{colCommodity, colDate, colPrice}, func(h *header, line int, rec []string) error {
		c, ok := leading.LookupCommodity(h.cell(rec, colCommodity))
		if !ok {
			errs.add(line, h.text[colCommodity], fmt.Sprintf("品种“%s”无法识别，应为 %s 之一", h.cell(rec, colCommodity), strings.Join(names, "、")))
		}
		date, err := ParseDate(h.cell(rec, colDate))
		if err != nil {
			errs.add(line, h.text[colDate], msg.Text(err))
		}
		unit := h.cell(rec, colUnit)
		if unit == "" {
			unit = h.priceUnit
		}
		mul, unitOK := yuanPerTonne(unit)
		if !unitOK {
			errs.add(line, h.text[colUnit], fmt.Sprintf("单位“%s”无法识别，应为元/吨、万元/吨或元/千克", unit))
		}
		v, isMissing, err := number(h.cell(rec, colPrice))
		switch {
		case err != nil:
			errs.add(line, h.text[colPrice], msg.Text(err))
		case isMissing:
			missing++
		case !(v > 0):
			errs.add(line, h.text[colPrice], fmt.Sprintf("价格 %v 应为正数", v))
		case ok && date.Year() > 0 && unitOK:
			rows = append(rows, leading.PriceObs{Commodity: c.Code, Date: date, Price: v * mul})
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	if err := errs.err(); err != nil {
		return Result{}, err
	}
	if len(rows) == 0 {
		return Result{}, &FileError{File: name, Msg: msg.New(msg.LeadingNoPriceRows)}
	}
	check := sum.hex()
	if b, ok, err := st.LeadingBatch(ctx, KindPrices, check); err != nil {
		return Result{}, msg.Wrap(err, msg.LeadingReadBatches)
	} else if ok {
		return Result{Batch: b, Skipped: true}, nil
	}
	b := leading.Batch{ID: batchID(KindPrices, started, check), Kind: KindPrices, Source: name, Checksum: check, Rows: len(rows), Started: started}
	wc, err := st.AppendPrices(ctx, b.ID, o.Now().UTC(), rows)
	if err != nil {
		return Result{Batch: b}, msg.Wrap(err, msg.LeadingWritePrices)
	}
	b.Counts = wc
	if o.Progress != nil {
		o.Progress(len(rows), len(rows))
	}
	b.Ended = o.Now().UTC()
	if err := st.RecordLeadingBatch(ctx, b); err != nil {
		return Result{Batch: b}, msg.Wrap(err, msg.LeadingRecordBatch)
	}
	return Result{Batch: b, Missing: missing}, nil
}
