package clickhouse

import (
	"context"
	"fmt"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

// AppendObservations writes all rows or none: every row is validated before
// anything is sent, and the rows go to the server as one INSERT (in blocks
// of InsertChunkRows). A connection lost in the middle of a load larger than
// one block can leave the blocks already sent; the batch_id column tells
// them apart.
func (s *Store) AppendObservations(ctx context.Context, obs []domain.Observation) error {
	if len(obs) == 0 {
		return nil
	}
	for i, o := range obs {
		if err := o.Validate(); err != nil {
			return &Error{Op: "AppendObservations", Err: err, Msg: fmt.Sprintf(
				"第 %d 条实绩（指标“%s”，单位“%s”）有误：%v。本批 %d 条均未写入，请改正后重新提交。",
				i+1, o.Indicator, o.OrgUnit, err, len(obs))}
		}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	seq := s.tick(len(obs))
	err := s.insert(ctx, "observations", obsColumns, len(obs), func(i int) []any {
		o := obs[i]
		yoy, hasYoY := 0.0, uint8(0)
		if o.YoYPct != nil {
			yoy, hasYoY = *o.YoYPct, 1
		}
		return []any{o.Indicator, o.OrgUnit, uint16(o.Period.Year), uint8(o.Period.From), uint8(o.Period.To),
			string(o.ValueType), o.Value, o.SubmittedValue, o.SubmittedUnit, o.Source, o.BatchID,
			o.SubmissionID, dateTime(o.RecordedAt), nanos(o.RecordedAt), seq + uint64(i), o.RecordedBy,
			o.Note, b2u(o.Demo), yoy, hasYoY}
	})
	if err == nil {
		err = s.touch(ctx, "observations")
	}
	return s.failure("AppendObservations", fmt.Sprintf("写入 %d 条实绩", len(obs)), err)
}

// CurrentObservations returns the latest row per key among the rows the
// filter selects, ordered by indicator, org unit, period, value type.
func (s *Store) CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error) {
	q := currentObsQuery{Indicators: f.Indicators, OrgUnits: f.OrgUnits, Years: f.Years, ToMonth: f.ToMonth, AsOfNS: asOfNS(f.AsOf)}
	out, err := s.queryObs(ctx, q)
	return out, s.failure("CurrentObservations", "读取实绩", err)
}

// ObservationHistory returns every row of one indicator and unit, oldest
// recorded first.
func (s *Store) ObservationHistory(ctx context.Context, indicator, orgUnit string, year int) ([]domain.Observation, error) {
	out, err := s.queryObs(ctx, historyQuery{Indicator: indicator, OrgUnit: orgUnit, Year: year})
	return out, s.failure("ObservationHistory", "读取实绩历史", err)
}

// LatestPeriod returns the latest period end month with any observation in
// year (0 when none).
func (s *Store) LatestPeriod(ctx context.Context, year int) (int, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := latestPeriodQuery{Year: year}.SQL()
	var m uint8
	if err := s.conn.QueryRow(ctx, q, args...).Scan(&m); err != nil {
		return 0, s.failure("LatestPeriod", "读取最新期间", fmt.Errorf("latest period: %w", err))
	}
	return int(m), nil
}

// ObservationYears returns the years that have observations, ascending.
func (s *Store) ObservationYears(ctx context.Context) ([]int, error) {
	out, err := s.queryYears(ctx, yearsQuery{Table: "observations"})
	return out, s.failure("ObservationYears", "读取实绩年份", err)
}

// queryObs runs a query whose columns are obsColumns.
func (s *Store) queryObs(ctx context.Context, q sqlQuery) ([]domain.Observation, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("query observations: %w", err)
	}
	defer rows.Close()
	var out []domain.Observation
	for rows.Next() {
		var (
			o                 domain.Observation
			year              uint16
			from, to, demo    uint8
			yoy               float64
			hasYoY            uint8
			vt                string
			recordedAt        time.Time
			recordedNS, seqNo uint64
		)
		if err := rows.Scan(&o.Indicator, &o.OrgUnit, &year, &from, &to, &vt, &o.Value, &o.SubmittedValue,
			&o.SubmittedUnit, &o.Source, &o.BatchID, &o.SubmissionID, &recordedAt, &recordedNS, &seqNo,
			&o.RecordedBy, &o.Note, &demo, &yoy, &hasYoY); err != nil {
			return nil, fmt.Errorf("scan observation: %w", err)
		}
		o.Period = domain.Period{Year: int(year), From: int(from), To: int(to)}
		o.ValueType = domain.ValueType(vt)
		o.RecordedAt = fromNanos(recordedNS)
		o.Demo = demo != 0
		if hasYoY != 0 {
			o.YoYPct = &yoy
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read observations: %w", err)
	}
	return out, nil
}
