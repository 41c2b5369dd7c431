package load

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

// row checks one record on its own and builds its observation: each
// step below checks one part of the record and reports what is wrong with
// it; the record is good when every step is.
func (v *validation) row(i int, r parse.Record) (candidate, rowState) {
	if r.Wide {
		var st rowState
		var done bool
		if r, st, done = v.wide(i, r); done {
			return candidate{}, st
		}
	}
	if !r.Value.Present() {
		v.fail(i, r.Value, "缺少数值，请填写“数值”")
		return candidate{}, rowBad
	}
	if parse.IsMissing(r.Value.Text) {
		v.noteMissing(r, r.Value, "")
		return candidate{}, rowMissing
	}
	ind, ok := v.rowIndicator(i, r)
	unit, unitOK := v.rowOrgUnit(i, r, ind)
	ok = ok && unitOK
	period, vt, ok := v.rowPeriod(i, r, ind, ok)
	val, n, submitted, good := v.rowValue(i, r, ind, ok)
	if !good {
		return candidate{}, rowBad
	}
	o := domain.Observation{
		Indicator: ind.Code, OrgUnit: unit.Code, Period: period, ValueType: vt, Value: val,
		SubmittedValue: n.Value, SubmittedUnit: submitted, Source: v.opts.Source,
		SubmissionID: v.opts.SubmissionID, RecordedAt: v.now, RecordedBy: v.opts.RecordedBy,
		Note: strings.TrimSpace(r.Note.Text),
	}
	yoy, good := v.rowYoY(i, r, ind)
	if !good {
		return candidate{}, rowBad
	}
	o.YoYPct = yoy
	if err := o.Validate(); err != nil {
		v.fail(i, r.Period, "%s，请核对", msg.Text(err))
		return candidate{}, rowBad
	}
	return candidate{rec: i, obs: o, ind: v.l.cat.ref(ind.Code)}, rowOK
}

// rowIndicator resolves the indicator: by code, else by name; both given
// must agree, and derived indicators are never loaded.
func (v *validation) rowIndicator(i int, r parse.Record) (domain.Indicator, bool) {
	indCell := r.Indicator
	if strings.TrimSpace(indCell.Text) == "" {
		indCell = r.IndicatorName
	}
	if strings.TrimSpace(indCell.Text) == "" {
		v.fail(i, indCell, "缺少指标，请填写指标代码或指标名称")
		return domain.Indicator{}, false
	}
	ind, has := v.l.cat.Indicator(indCell.Text)
	if !has {
		v.noteUnknown("indicator", strings.TrimSpace(indCell.Text))
		msg := fmt.Sprintf("未知指标“%s”，请使用指标目录中的指标代码或名称", indCell.Text)
		if sim := v.l.cat.similarIndicators(indCell.Text); len(sim) > 0 {
			msg += "（是否为：" + strings.Join(sim, "、") + "？）"
		}
		v.fail(i, indCell, "%s", msg)
		return domain.Indicator{}, false
	}
	ok := true
	if indCell == r.Indicator && strings.TrimSpace(r.IndicatorName.Text) != "" {
		if byName, has := v.l.cat.Indicator(r.IndicatorName.Text); !has || byName.Code != ind.Code {
			v.fail(i, r.IndicatorName, "指标名称“%s”与指标代码“%s”（%s）不一致，请核对", r.IndicatorName.Text, ind.Code, ind.Name)
			ok = false
		}
	}
	if ind.Kind == domain.TierCount {
		of := ind.TierOf
		if o, has := v.l.cat.Indicator(ind.TierOf); has {
			of = o.Name
		}
		v.fail(i, indCell, "指标“%s”由各单位的“%s”自动计算，不需要填报，请删除此行（改为填报各单位的“%s”）", ind.Name, of, of)
		ok = false
	}
	if ind.Kind == domain.ProjectCount {
		v.fail(i, indCell, "指标“%s”由项目清册和各项目报送的进度自动计算，不需要填报；请按项目填报进度指标“%s”", ind.Name, ind.TierOf)
		ok = false
	}
	return ind, ok
}

// rowOrgUnit resolves the org unit (the default one when the row names
// none) and checks that it may report ind.
func (v *validation) rowOrgUnit(i int, r parse.Record, ind domain.Indicator) (domain.OrgUnit, bool) {
	unitText := strings.TrimSpace(r.OrgUnit.Text)
	if unitText == "" {
		unitText = v.opts.DefaultOrgUnit
	}
	if unitText == "" {
		v.fail(i, r.OrgUnit, "缺少地区/单位，请填写单位代码或名称，如 150202 或 东河区")
		return domain.OrgUnit{}, false
	}
	u, has := v.l.cat.OrgUnit(unitText)
	switch {
	case !has:
		v.noteUnknown("unit", unitText)
		v.fail(i, r.OrgUnit, "未知单位“%s”，请填写单位代码或名称，如 150202 或 东河区", unitText)
		return domain.OrgUnit{}, false
	case v.opts.OnlyOrgUnit != "" && u.Code != v.opts.OnlyOrgUnit:
		only := v.opts.OnlyOrgUnit
		if ou, has := v.l.cat.OrgUnit(only); has {
			only = ou.Name
		}
		v.fail(i, r.OrgUnit, "只能填报本单位（%s）的数据，不能填报“%s”", only, u.Name)
		return u, false
	case ind.Kind == domain.ProjectCapacity && u.Kind != domain.KindProject:
		v.fail(i, r.OrgUnit, "指标“%s”的全市数由已建成项目的设计能力自动汇总，只能按项目填报已形成的能力，“%s”不是项目清册中的项目", ind.Name, u.Name)
		return u, false
	case ind.Code != "" && u.Kind != domain.KindBenchmark && !ind.ReportedBy(u.Kind):
		// Benchmarks (全国, 全区) carry whatever the statistics publish.
		v.fail(i, r.OrgUnit, "指标“%s”不分解到%s，“%s”不需要填报此指标，请删除此行或核对单位", ind.Name, u.Kind.Label(), u.Name)
		return u, false
	}
	return u, true
}

// rowPeriod reads the period and the 口径: from the 口径 column, else the
// value column's header, else the period's form, else the indicator's
// reporting. ok says whether the row is good so far (a 累计 period that
// does not start in January is judged only then); the returned ok adds
// this step's findings.
func (v *validation) rowPeriod(i int, r parse.Record, ind domain.Indicator, ok bool) (domain.Period, domain.ValueType, bool) {
	pp, perr := parse.ParsePeriod(r.Period.Text)
	if perr != nil {
		v.fail(i, r.Period, "%s", msg.Text(perr))
		ok = false
	} else if earliest := cmp.Or(v.opts.EarliestYear, MinYear); pp.Period.Year < earliest {
		v.fail(i, r.Period, "期间“%s”早于 %d 年，不在本系统的统计范围内，请核对年份", r.Period.Text, earliest)
		ok = false
	} else if now := v.now.In(domain.Beijing); pp.Period.Year*12+pp.Period.To > now.Year()*12+int(now.Month()) {
		// The period's last month, not its first: 2024年1-12月 is not
		// complete before December 2024. Months are reckoned in Beijing.
		v.fail(i, r.Period, "期间“%s”尚未到来（截止月份晚于本月），请核对年份和月份", r.Period.Text)
		ok = false
	}
	cellVT, vterr := parse.ParseValueType(r.ValueType.Text)
	if vterr != nil {
		v.fail(i, r.ValueType, "%s", msg.Text(vterr))
		ok = false
	}
	if cellVT != "" && r.HeaderValueType != "" && cellVT != r.HeaderValueType {
		v.fail(i, r.ValueType, "口径写的是“%s”，但数值所在列“%s”是%s数，请核对", r.ValueType.Text, r.Value.Header, r.HeaderValueType.Label())
		ok = false
	}
	vt := cellVT
	if vt == "" {
		vt = r.HeaderValueType
	}
	if vt == "" && perr == nil {
		vt = pp.DefaultValueType()
	}
	if vt == "" {
		vt = ind.Reporting
	}
	period := pp.Period
	if ok && vt == domain.ValueYTD && period.From != 1 {
		if pp.Form == parse.FormMonth {
			period = domain.YTD(period.Year, period.To)
		} else {
			c := r.ValueType
			if !c.Present() {
				c = r.Period
			}
			v.fail(i, c, "累计值的期间应从1月开始，而“%s”是%s；请改为 %d年1-%d月，或把口径改为“当月”", r.Period.Text, period.Label(), period.Year, period.To)
			ok = false
		}
	}
	return period, vt, ok
}

// rowValue reads the number (a milestone also by its stage's name) and its
// unit (the cell's, else the 计量单位 column's, else the header's, else
// the indicator's), converts it to the indicator's unit and checks that it
// is possible and that the note is not too long. It returns the converted
// value, the number as submitted and the submitted unit; good is false
// when this step or an earlier one (ok) found a problem.
func (v *validation) rowValue(i int, r parse.Record, ind domain.Indicator, ok bool) (float64, parse.Number, string, bool) {
	n, numErr := parse.ParseNumber(r.Value.Text, v.l.cat.measures)
	if numErr != nil && ind.Kind == domain.Milestone {
		if k := stageIndex(ind, r.Value.Text); k > 0 {
			n, numErr = parse.Number{Value: float64(k)}, nil
		}
	}
	if numErr != nil {
		text := msg.Text(numErr)
		if ind.Kind == domain.Milestone {
			text += "；节点任务也可填写阶段名称：" + strings.Join(ind.Stages, "、")
		}
		v.fail(i, r.Value, "%s", text)
		return 0, n, "", false
	}
	cellUnit := ""
	if strings.TrimSpace(r.Unit.Text) != "" {
		cellUnit = parse.NormalizeUnit(r.Unit.Text)
		if !v.l.cat.measures.Known(cellUnit) {
			v.fail(i, r.Unit, "未知计量单位“%s”，请使用如 万元、亿元、%%、吨、万吨、户、个 等规范单位", r.Unit.Text)
			return 0, n, "", false
		}
	}
	if cellUnit != "" && r.HeaderUnit != "" && cellUnit != r.HeaderUnit && n.Unit == "" {
		v.fail(i, r.Unit, "计量单位“%s”与表头“%s”注明的“%s”不一致，请核对", cellUnit, r.Value.Header, r.HeaderUnit)
		return 0, n, "", false
	}
	submitted, unitCell := n.Unit, r.Value
	switch {
	case submitted != "":
	case cellUnit != "":
		submitted, unitCell = cellUnit, r.Unit
	case r.HeaderUnit != "":
		submitted = r.HeaderUnit
	}
	if !ok {
		return 0, n, "", false
	}
	if submitted == "" {
		submitted = ind.Unit
	}
	val, err := v.l.cat.measures.Convert(n.Value, submitted, ind.Unit)
	if err != nil {
		v.fail(i, unitCell, "“%s”不能换算为指标“%s”的单位“%s”，请核对计量单位", submitted, ind.Name, ind.Unit)
		return 0, n, "", false
	}
	if msg := impossible(ind, val); msg != "" {
		v.fail(i, r.Value, "%s", msg)
		return 0, n, "", false
	}
	if k := utf8.RuneCountInString(strings.TrimSpace(r.Note.Text)); k > MaxNoteLength {
		v.fail(i, r.Note, "说明不能超过 %d 个字符（现有 %d 个），请精简后重新提交；详细材料请另行报送", MaxNoteLength, k)
		return 0, n, "", false
	}
	return val, n, submitted, true
}

// rowYoY reads the 同比 published with a value (not for rates, whose
// change is in 百分点): nil when there is none.
func (v *validation) rowYoY(i int, r parse.Record, ind domain.Indicator) (*float64, bool) {
	yt := strings.TrimSpace(r.YoY.Text)
	if yt == "" || parse.IsMissing(yt) || ind.Kind == domain.Rate {
		return nil, true
	}
	y, err := parse.ParseNumber(yt, v.l.cat.measures)
	switch {
	case err != nil:
		v.fail(i, r.YoY, "同比增长“%s”不是数字：%s", yt, msg.Text(err))
		return nil, false
	case y.Unit != "" && y.Unit != "%":
		v.fail(i, r.YoY, "同比增长应为百分数（如 15.1 或 15.1%%），而不是“%s”", yt)
		return nil, false
	case y.Value < RateMin || y.Value > RateMax:
		v.fail(i, r.YoY, "同比增长%s%%不合理（应在%s%%～%s%%之间），请核对", fmtNum(y.Value), fmtNum(RateMin), fmtNum(RateMax))
		return nil, false
	}
	return &y.Value, true
}

// rowBlockSize is how many records one worker checks at a time.
const rowBlockSize = 2048

// rowBlock is what the row checks of records [from, to) found, in a
// validation of its own (its errors, notes, candidates), and its counts.
type rowBlock struct {
	from, to         int
	v                *validation
	missing, skipped int
	err              error
	done             chan struct{}
}

// checkRows runs the row checks of every record, spread over the cores in
// blocks of rowBlockSize records, and merges the blocks' findings into v
// in record order, as one pass in order would have found them. Progress
// is reported in that order too, every `every` records.
func (v *validation) checkRows(ctx context.Context, p *Plan, every int) error {
	n := len(v.recs)
	blocks := make([]rowBlock, (n+rowBlockSize-1)/rowBlockSize)
	for b := range blocks {
		blocks[b] = rowBlock{from: b * rowBlockSize, to: min(n, (b+1)*rowBlockSize), done: make(chan struct{})}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(blocks)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := int(next.Add(1) - 1); b < len(blocks); b = int(next.Add(1) - 1) {
				v.checkBlock(ctx, &blocks[b])
				close(blocks[b].done)
			}
		}()
	}
	defer wg.Wait()
	var err error
	reported := 0
	for b := range blocks {
		blk := &blocks[b]
		<-blk.done
		if err = cmp.Or(err, blk.err); err != nil {
			continue // wait for the others; nothing more is merged
		}
		p.Read += blk.to - blk.from
		p.MissingSkipped += blk.missing
		p.Skipped += blk.skipped
		v.merge(blk.v)
		for ; reported+every <= blk.to && reported+every < n; reported += every {
			if v.opts.Progress != nil {
				v.opts.Progress(reported+every, n)
			}
		}
	}
	return err
}

// checkBlock runs the row checks of one block in a validation of its own.
func (v *validation) checkBlock(ctx context.Context, blk *rowBlock) {
	if err := ctx.Err(); err != nil {
		blk.err = fmt.Errorf("validate: %w", err)
		return
	}
	bv := &validation{l: v.l, opts: v.opts, now: v.now, recs: v.recs, bad: map[int]bool{},
		cands: make([]candidate, 0, blk.to-blk.from)}
	for i := blk.from; i < blk.to; i++ {
		c, state := bv.row(i, v.recs[i])
		switch state {
		case rowMissing:
			blk.missing++
		case rowSkipped:
			blk.skipped++
		case rowOK:
			bv.cands = append(bv.cands, c)
		}
	}
	blk.v = bv
}

// merge adds a later block's findings to v, keeping first-seen orders.
func (v *validation) merge(b *validation) {
	if v.cands == nil {
		v.cands = make([]candidate, 0, len(v.recs))
	}
	v.cands = append(v.cands, b.cands...)
	v.errs = append(v.errs, b.errs...)
	v.warns = append(v.warns, b.warns...)
	for i := range b.bad {
		v.bad[i] = true
	}
	v.missing = append(v.missing, b.missing...)
	for _, k := range b.unknownOrd {
		if v.unknown == nil {
			v.unknown = map[string]int{}
		}
		if _, ok := v.unknown[k]; !ok {
			v.unknownOrd = append(v.unknownOrd, k)
		}
		v.unknown[k] += b.unknown[k]
	}
	for _, k := range b.skipOrder {
		if v.skipped == nil {
			v.skipped, v.skipMessage = map[string][]int{}, map[string]string{}
		}
		if _, ok := v.skipped[k]; !ok {
			v.skipOrder = append(v.skipOrder, k)
			v.skipMessage[k] = b.skipMessage[k]
		}
		v.skipped[k] = append(v.skipped[k], b.skipped[k]...)
	}
}
