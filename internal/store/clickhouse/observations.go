package clickhouse

import (
	"context"
	"fmt"
	"sort"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// AppendObservations writes all rows or none: every row is validated before
// anything is sent, and the rows go to the server as columns, as one INSERT
// (in blocks of InsertChunkRows; InsertParallel inserts for a large load).
// A connection lost in the middle of a load larger than one block can leave
// the blocks already sent; the batch_id column tells them apart.
func (s *Store) AppendObservations(ctx context.Context, obs []domain.Observation) error {
	if len(obs) == 0 {
		return nil
	}
	for i, o := range obs {
		if err := o.Validate(); err != nil {
			return invalid("AppendObservations", err,
				msg.CHBadObservation, i+1, o.Indicator, o.OrgUnit, err, len(obs))
		}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	seq := s.tick(len(obs))
	cols := obsColumnsOf(obs, seq)
	err := s.insertColumns(ctx, "observation_rows", obsColumns, len(obs), cols.slice)
	if err == nil {
		err = s.touch(ctx, "observations")
	}
	return s.failure("AppendObservations", err, msg.NounCHWriteObservations, len(obs))
}

// obsCols holds observations as the columns of obsColumns, in their
// order: a load is sent from these slices (one append per column and
// block), not as a boxed value per cell.
type obsCols struct {
	ind, unit, vt, subUnit, source, batch, subID, by, note []string
	year                                                   []uint16
	from, to, demo, hasYoY                                 []uint8
	value, subValue, yoy                                   []float64
	at                                                     []time.Time
	ns, seq                                                []uint64
}

// obsColumnsOf lays obs out as columns; seq numbers the rows from first.
func obsColumnsOf(obs []domain.Observation, first uint64) *obsCols {
	n := len(obs)
	c := &obsCols{
		ind: make([]string, n), unit: make([]string, n), vt: make([]string, n), subUnit: make([]string, n),
		source: make([]string, n), batch: make([]string, n), subID: make([]string, n), by: make([]string, n),
		note: make([]string, n), year: make([]uint16, n), from: make([]uint8, n), to: make([]uint8, n),
		demo: make([]uint8, n), hasYoY: make([]uint8, n), value: make([]float64, n), subValue: make([]float64, n),
		yoy: make([]float64, n), at: make([]time.Time, n), ns: make([]uint64, n), seq: make([]uint64, n),
	}
	for i := range obs {
		o := &obs[i]
		c.ind[i], c.unit[i], c.vt[i], c.subUnit[i] = o.Indicator, o.OrgUnit, string(o.ValueType), o.SubmittedUnit
		c.source[i], c.batch[i], c.subID[i], c.by[i], c.note[i] = o.Source, o.BatchID, o.SubmissionID, o.RecordedBy, o.Note
		c.year[i], c.from[i], c.to[i], c.demo[i] = uint16(o.Period.Year), uint8(o.Period.From), uint8(o.Period.To), b2u(o.Demo)
		c.value[i], c.subValue[i] = o.Value, o.SubmittedValue
		if o.YoYPct != nil {
			c.yoy[i], c.hasYoY[i] = *o.YoYPct, 1
		}
		c.at[i], c.ns[i], c.seq[i] = dateTime(o.RecordedAt), nanos(o.RecordedAt), first+uint64(i)
	}
	return c
}

// slice returns rows [from, to) of every column, in obsColumns order.
func (c *obsCols) slice(from, to int) []any {
	return []any{c.ind[from:to], c.unit[from:to], c.year[from:to], c.from[from:to], c.to[from:to],
		c.vt[from:to], c.value[from:to], c.subValue[from:to], c.subUnit[from:to], c.source[from:to], c.batch[from:to],
		c.subID[from:to], c.at[from:to], c.ns[from:to], c.seq[from:to], c.by[from:to],
		c.note[from:to], c.demo[from:to], c.yoy[from:to], c.hasYoY[from:to]}
}

// CurrentObservations returns the latest row per key among the rows the
// filter selects, ordered by indicator, org unit, period, value type.
func (s *Store) CurrentObservations(ctx context.Context, f store.ObsFilter) ([]domain.Observation, error) {
	q := currentObsQuery{Indicators: f.Indicators, OrgUnits: f.OrgUnits, Years: f.Years, ToMonth: f.ToMonth, AsOfNS: asOfNS(f.AsOf)}
	local := s.cfg.Cluster != "" && shardingKeys["observation_rows"] == "cityHash64(indicator, org_unit)"
	if local {
		// A series (indicator, org unit) lives on one shard (its sharding
		// key), so each shard's argMax per key is already final: the shards
		// answer with finished rows instead of partial states to merge, and
		// the rows are put in order here (the shards' answers arrive one
		// after another, each in order).
		ctx = localGroups(ctx)
	}
	out, err := s.queryObs(ctx, q)
	if local && err == nil {
		sort.Slice(out, func(i, j int) bool { return obsLess(&out[i], &out[j]) })
	}
	return out, s.failure("CurrentObservations", err, msg.NounCHReadObservations)
}

// obsLess is obsOrder: indicator, org unit, year, end month, start month,
// value type.
func obsLess(a, b *domain.Observation) bool {
	if a.Indicator != b.Indicator {
		return a.Indicator < b.Indicator
	}
	if a.OrgUnit != b.OrgUnit {
		return a.OrgUnit < b.OrgUnit
	}
	if a.Period.Year != b.Period.Year {
		return a.Period.Year < b.Period.Year
	}
	if a.Period.To != b.Period.To {
		return a.Period.To < b.Period.To
	}
	if a.Period.From != b.Period.From {
		return a.Period.From < b.Period.From
	}
	return a.ValueType < b.ValueType
}

// ObservationHistory returns every row of one indicator and unit, oldest
// recorded first.
func (s *Store) ObservationHistory(ctx context.Context, indicator, orgUnit string, year int) ([]domain.Observation, error) {
	out, err := s.queryObs(ctx, historyQuery{Indicator: indicator, OrgUnit: orgUnit, Year: year})
	return out, s.failure("ObservationHistory", err, msg.NounCHReadHistory)
}

// LatestPeriod returns the latest period end month with any observation in
// year (0 when none).
func (s *Store) LatestPeriod(ctx context.Context, year int) (int, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := latestPeriodQuery{Year: year}.SQL()
	var m uint8
	if err := s.conn.QueryRow(ctx, q, args...).Scan(&m); err != nil {
		return 0, s.failure("LatestPeriod", fmt.Errorf("latest period: %w", err), msg.NounCHReadLatestPeriod)
	}
	return int(m), nil
}

// ObservationYears returns the years that have observations, ascending.
func (s *Store) ObservationYears(ctx context.Context) ([]int, error) {
	out, err := s.queryYears(ctx, yearsQuery{Table: "observation_rows"})
	return out, s.failure("ObservationYears", err, msg.NounCHReadObsYears)
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
