package clickhouse

import (
	"context"
	"fmt"
	"strings"
	"time"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
)

// PutOrgUnits inserts or replaces org units by code.
func (s *Store) PutOrgUnits(ctx context.Context, units []domain.OrgUnit) error {
	if len(units) == 0 {
		return nil
	}
	for i, u := range units {
		if err := u.Validate(); err != nil {
			return invalid("PutOrgUnits", err, msg.CHBadUnit, i+1, err)
		}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	version := s.tick(len(units))
	now := dateTime(time.Now())
	cols := []string{"code", "name", "short_name", "kind", "parent", "ord", "aliases", "version", "updated_at"}
	err := s.insert(ctx, "org_units", cols, len(units), func(i int) []any {
		u := units[i]
		aliases := u.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		return []any{u.Code, u.Name, u.ShortName, string(u.Kind), u.Parent, int32(u.Order), aliases, version + uint64(i), now}
	})
	if err == nil {
		err = s.touch(ctx, "org_units")
	}
	return s.failure("PutOrgUnits", err, msg.NounCHSaveUnits)
}

// OrgUnits returns every org unit ordered by Order then Code.
func (s *Store) OrgUnits(ctx context.Context) ([]domain.OrgUnit, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := orgUnitsQuery{}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("OrgUnits", fmt.Errorf("query org units: %w", err), msg.NounCHReadUnits)
	}
	defer rows.Close()
	var out []domain.OrgUnit
	for rows.Next() {
		var u domain.OrgUnit
		var kind string
		var ord int32
		if err := rows.Scan(&u.Code, &u.Name, &u.ShortName, &kind, &u.Parent, &ord, &u.Aliases); err != nil {
			return nil, s.failure("OrgUnits", fmt.Errorf("scan org unit: %w", err), msg.NounCHReadUnits)
		}
		u.Kind, u.Order = domain.UnitKind(kind), int(ord)
		if len(u.Aliases) == 0 {
			u.Aliases = nil
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure("OrgUnits", fmt.Errorf("read org units: %w", err), msg.NounCHReadUnits)
	}
	return out, nil
}

// PutIndicators inserts or replaces indicators by code.
func (s *Store) PutIndicators(ctx context.Context, inds []domain.Indicator) error {
	if len(inds) == 0 {
		return nil
	}
	for i, ind := range inds {
		if strings.TrimSpace(ind.Code) == "" {
			return invalid("PutIndicators", nil, msg.CHIndicatorNoCode, i+1)
		}
	}
	ctx, cancel := s.writeCtx(ctx)
	defer cancel()
	version := s.tick(len(inds))
	now := dateTime(time.Now())
	cols := append(append([]string{"code"}, indicatorColumns...), "version", "updated_at")
	err := s.insert(ctx, "indicators", cols, len(inds), func(i int) []any {
		ind := inds[i]
		breakdown := make([]string, len(ind.Breakdown))
		for j, k := range ind.Breakdown {
			breakdown[j] = string(k)
		}
		stages := ind.Stages
		if stages == nil {
			stages = []string{}
		}
		return []any{ind.Code, ind.Name, ind.Unit, string(ind.Kind), string(ind.Direction), ind.Chain,
			ind.Section, ind.SourceOrgan, ind.Scope, ind.PriceBasis, string(ind.Reporting), breakdown,
			ind.TierOf, ind.TierMin, ind.TierMax, stages, b2u(ind.Annual), b2u(ind.TierNew), int32(ind.Order), version + uint64(i), now}
	})
	if err == nil {
		err = s.touch(ctx, "indicators")
	}
	return s.failure("PutIndicators", err, msg.NounCHSaveIndicators)
}

// Indicators returns every indicator ordered by Order then Code.
func (s *Store) Indicators(ctx context.Context) ([]domain.Indicator, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	q, args := indicatorsQuery{}.SQL()
	rows, err := s.conn.Query(ctx, q, args...)
	if err != nil {
		return nil, s.failure("Indicators", fmt.Errorf("query indicators: %w", err), msg.NounCHReadIndicators)
	}
	defer rows.Close()
	var out []domain.Indicator
	for rows.Next() {
		var ind domain.Indicator
		var kind, dir, reporting string
		var breakdown, stages []string
		var ord int32
		var annual, tierNew uint8
		if err := rows.Scan(&ind.Code, &ind.Name, &ind.Unit, &kind, &dir, &ind.Chain, &ind.Section,
			&ind.SourceOrgan, &ind.Scope, &ind.PriceBasis, &reporting, &breakdown, &ind.TierOf,
			&ind.TierMin, &ind.TierMax, &stages, &annual, &tierNew, &ord); err != nil {
			return nil, s.failure("Indicators", fmt.Errorf("scan indicator: %w", err), msg.NounCHReadIndicators)
		}
		ind.Kind, ind.Direction, ind.Reporting = domain.MeasureKind(kind), domain.Direction(dir), domain.ValueType(reporting)
		ind.Annual, ind.TierNew = annual != 0, tierNew != 0
		for _, b := range breakdown {
			ind.Breakdown = append(ind.Breakdown, domain.UnitKind(b))
		}
		if len(stages) > 0 {
			ind.Stages = stages
		}
		ind.Order = int(ord)
		out = append(out, ind)
	}
	if err := rows.Err(); err != nil {
		return nil, s.failure("Indicators", fmt.Errorf("read indicators: %w", err), msg.NounCHReadIndicators)
	}
	return out, nil
}

// AddTargets appends target revisions: a target whose content equals its
// current revision is skipped, a changed one becomes revision n+1 (the
// store assigns Revision; RecordedAt, RevisionKind, RecordedBy, Note and Document are
// kept as given, RecordedAt defaulting to now). Calls are serialised within
// the process; concurrent loaders in several processes could both pick the
// same revision number, which the single ingest process avoids.
func (s *Store) AddTargets(ctx context.Context, targets []domain.Target) (int, error) {
	if len(targets) == 0 {
		return 0, nil
	}
	for i, t := range targets {
		switch {
		case t.Year < 1 || t.Year > 65535:
			return 0, invalid("AddTargets", nil, msg.CHBadTargetYear, i+1, t.Year)
		case strings.TrimSpace(t.Indicator) == "" || strings.TrimSpace(t.OrgUnit) == "":
			return 0, invalid("AddTargets", nil, msg.CHTargetNoKey, i+1)
		}
	}
	s.targetsMu.Lock()
	defer s.targetsMu.Unlock()
	years := map[int]bool{}
	var yearList []int
	for _, t := range targets {
		if !years[t.Year] {
			years[t.Year] = true
			yearList = append(yearList, t.Year)
		}
	}
	current, err := s.queryTargets(ctx, targetsQuery{Years: yearList})
	if err != nil {
		return 0, s.failure("AddTargets", err, msg.NounCHReadExistingTargets)
	}
	cur := make(map[string]domain.Target, len(current))
	for _, t := range current {
		cur[t.Key()] = t
	}
	add := domain.NewRevisions(targets, func(k string) (domain.Target, bool) {
		t, ok := cur[k]
		return t, ok
	}, time.Now())
	if len(add) == 0 {
		return 0, nil
	}
	wctx, cancel := s.writeCtx(ctx)
	defer cancel()
	err = s.insert(wctx, "targets", targetColumns, len(add), func(i int) []any {
		t := add[i]
		vh, hasVH := opt(t.ValueHigh)
		tol, hasTol := opt(t.Tolerance)
		base, hasBase := opt(t.Baseline)
		phasing := t.Phasing
		if phasing == nil {
			phasing = []float64{}
		}
		return []any{uint16(t.Year), t.Indicator, t.OrgUnit, uint32(t.Revision), string(t.RevisionKind),
			string(t.Comparator), t.Value, vh, hasVH, tol, hasTol, base, hasBase, b2u(t.Aspiration),
			t.SourceQuote, t.Section, phasing, uint8(t.DueMonth), dateTime(t.RecordedAt), nanos(t.RecordedAt), t.RecordedBy, t.Note, t.Document}
	})
	if err == nil {
		err = s.touch(wctx, "targets")
	}
	if err != nil {
		return 0, s.failure("AddTargets", err, msg.NounCHSaveTargets)
	}
	return len(add), nil
}

// opt splits an optional number into a value and a has-flag.
func opt(p *float64) (float64, uint8) {
	if p == nil {
		return 0, 0
	}
	return *p, 1
}

// Targets returns the current revision of every target of year (as of asOf
// when non-zero), ordered by indicator then org unit.
func (s *Store) Targets(ctx context.Context, year int, asOf time.Time) ([]domain.Target, error) {
	out, err := s.queryTargets(ctx, targetsQuery{Years: []int{year}, AsOfNS: asOfNS(asOf)})
	return out, s.failure("Targets", err, msg.NounCHReadTargets)
}

// TargetRevisions returns every revision of one target, oldest first (none,
// and no error, for an unknown target).
func (s *Store) TargetRevisions(ctx context.Context, year int, indicator, orgUnit string) ([]domain.Target, error) {
	out, err := s.queryTargets(ctx, targetRevisionsQuery{Year: year, Indicator: indicator, OrgUnit: orgUnit})
	return out, s.failure("TargetRevisions", err, msg.NounCHReadTargetRevisions)
}

// TargetYears returns the years that have targets, ascending.
func (s *Store) TargetYears(ctx context.Context) ([]int, error) {
	out, err := s.queryYears(ctx, yearsQuery{Table: "targets"})
	return out, s.failure("TargetYears", err, msg.NounCHReadTargetYears)
}

// sqlQuery is any of the query values.
type sqlQuery interface{ SQL() (string, []any) }

// queryTargets runs a query whose columns are targetColumns.
func (s *Store) queryTargets(ctx context.Context, q sqlQuery) ([]domain.Target, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("query targets: %w", err)
	}
	defer rows.Close()
	var out []domain.Target
	for rows.Next() {
		var (
			t                                  domain.Target
			year                               uint16
			rev                                uint32
			kind, cmp                          string
			vh, tol, base                      float64
			hasVH, hasTol, hasBase, aspiration uint8
			phasing                            []float64
			dueMonth                           uint8
			recordedAt                         time.Time
			recordedNS                         uint64
		)
		if err := rows.Scan(&year, &t.Indicator, &t.OrgUnit, &rev, &kind, &cmp, &t.Value, &vh, &hasVH,
			&tol, &hasTol, &base, &hasBase, &aspiration, &t.SourceQuote, &t.Section, &phasing,
			&dueMonth, &recordedAt, &recordedNS, &t.RecordedBy, &t.Note, &t.Document); err != nil {
			return nil, fmt.Errorf("scan target: %w", err)
		}
		t.Year, t.Revision = int(year), int(rev)
		t.RevisionKind, t.Comparator = domain.RevisionKind(kind), domain.Comparator(cmp)
		if hasVH != 0 {
			t.ValueHigh = &vh
		}
		if hasTol != 0 {
			t.Tolerance = &tol
		}
		if hasBase != 0 {
			t.Baseline = &base
		}
		t.Aspiration = aspiration != 0
		t.DueMonth = int(dueMonth)
		if len(phasing) > 0 {
			t.Phasing = phasing
		}
		t.RecordedAt = fromNanos(recordedNS)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read targets: %w", err)
	}
	return out, nil
}

// queryYears runs a yearsQuery.
func (s *Store) queryYears(ctx context.Context, q yearsQuery) ([]int, error) {
	ctx, cancel := s.readCtx(ctx)
	defer cancel()
	sql, args := q.SQL()
	rows, err := s.conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("query years of %s: %w", q.Table, err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y uint16
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("scan year: %w", err)
		}
		out = append(out, int(y))
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read years of %s: %w", q.Table, err)
	}
	return out, nil
}
