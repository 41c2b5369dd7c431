package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"industrydash/internal/domain"
	"industrydash/internal/store"
	"industrydash/seeds"
)

// Names is what a catalogue is read from: the fact store's indicators,
// org units and the entries analysts added (aliases).
type Names interface {
	Indicators(ctx context.Context) ([]domain.Indicator, error)
	OrgUnits(ctx context.Context) ([]domain.OrgUnit, error)
	CatalogueEntries(ctx context.Context, kind string) ([]store.CatalogueEntry, error)
}

// ReadCatalogue reads the catalogue with the analysts' aliases. An alias
// that no longer fits (its indicator was removed, or a new indicator took
// its name) is left out.
func ReadCatalogue(ctx context.Context, n Names) (*Catalogue, error) {
	inds, err := n.Indicators(ctx)
	if err != nil {
		return nil, fmt.Errorf("read indicators: %w", err)
	}
	units, err := n.OrgUnits(ctx)
	if err != nil {
		return nil, fmt.Errorf("read org units: %w", err)
	}
	measures, err := ReadMeasures(ctx, n)
	if err != nil {
		return nil, err
	}
	c := newCatalogue(inds, units, measures)
	aliases, err := n.CatalogueEntries(ctx, store.EntryAlias)
	if err != nil {
		return nil, fmt.Errorf("read aliases: %w", err)
	}
	for _, a := range aliases {
		c.AddAlias(a.Name, a.Value)
	}
	return c, nil
}

// ReadMeasures returns the table of units of measure: the base units
// (seeds.BaseUnits) and those kept in the store (from units.csv files
// uploaded on 目标管理). A unit may be defined on another stored one (亿斤
// on 斤), whatever order they were stored in.
func ReadMeasures(ctx context.Context, n Names) (domain.Units, error) {
	table := seeds.BaseUnits()
	entries, err := n.CatalogueEntries(ctx, store.EntryUnit)
	if err != nil {
		return table, fmt.Errorf("read stored units: %w", err)
	}
	var defs []domain.UnitDef
	for _, e := range entries {
		var d domain.UnitDef
		if err := json.Unmarshal([]byte(e.Value), &d); err != nil {
			return table, fmt.Errorf("stored unit %q: %w", e.Name, err)
		}
		defs = append(defs, d)
	}
	// Add in passes until no more can be added.
	for len(defs) > 0 {
		var left []domain.UnitDef
		for _, d := range defs {
			next, err := table.Extend([]domain.UnitDef{d})
			if err != nil {
				left = append(left, d)
				continue
			}
			table = next
		}
		if len(left) == len(defs) {
			return table, fmt.Errorf("stored units %v cannot be defined", left)
		}
		defs = left
	}
	return table, nil
}

// AliasStore stores aliases.
type AliasStore interface {
	Names
	AddCatalogueEntries(ctx context.Context, entries []store.CatalogueEntry) error
}

// AliasError is an alias that cannot be saved. Code says why:
// "empty", "unknown_indicator", "names_other" (the alias is another
// indicator's name), "crosses_scope" (the alias and the name differ only
// by a scope word in front, 工业总产值 for 规上工业总产值), "not_found"
// (deleting an alias that does not exist).
type AliasError struct {
	Code      string
	Alias     string
	Indicator string
	Other     string
}

func (e *AliasError) Error() string {
	return fmt.Sprintf("alias %q for %q: %s %s", e.Alias, e.Indicator, e.Code, e.Other)
}

// Message renders the error in Chinese for users (the web and the CLI).
func (e *AliasError) Message() string {
	switch e.Code {
	case "empty":
		return "请填写别名和对应的指标（代码或名称）"
	case "unknown_indicator":
		return fmt.Sprintf("指标目录中没有“%s”，请填写指标代码（如 industry.output_value）或目录中的名称", e.Indicator)
	case "names_other":
		return fmt.Sprintf("“%s”已是指标“%s”的名称，不能再作为“%s”的别名", e.Alias, e.Other, e.Indicator)
	case "crosses_scope":
		return fmt.Sprintf("“%s”与“%s”不是同一口径（只差前面的“%s”），不能作为别名：不同口径的数不能混用", e.Alias, e.Indicator, e.Other)
	case "not_found":
		return fmt.Sprintf("没有别名“%s”", e.Alias)
	case "empty_layout":
		return "请填写导入模板的名称"
	case "unknown_layout":
		return fmt.Sprintf("没有名为“%s”的导入模板；已保存的模板可用 ingest layout 列出", e.Alias)
	}
	return e.Error()
}

// SaveAlias makes alias another name of indicator (its code or name) in
// the fact store's catalogue, so every later load (command line and web)
// matches it. It returns the indicator.
func SaveAlias(ctx context.Context, st AliasStore, alias, indicator, by string) (domain.Indicator, error) {
	alias, indicator = strings.TrimSpace(alias), strings.TrimSpace(indicator)
	if alias == "" || indicator == "" {
		return domain.Indicator{}, &AliasError{Code: "empty", Alias: alias, Indicator: indicator}
	}
	c, err := ReadCatalogue(ctx, st)
	if err != nil {
		return domain.Indicator{}, err
	}
	ind, ok := c.Indicator(indicator)
	if !ok {
		return domain.Indicator{}, &AliasError{Code: "unknown_indicator", Alias: alias, Indicator: indicator}
	}
	if other, ok := c.byName[CanonicalName(alias)]; ok && other.Code != ind.Code {
		return domain.Indicator{}, &AliasError{Code: "names_other", Alias: alias, Indicator: ind.Name, Other: other.Name}
	}
	a, n := CanonicalName(alias), CanonicalName(ind.Name)
	if a != n {
		if prefix, ok := strings.CutSuffix(n, a); ok && prefix != "" {
			return domain.Indicator{}, &AliasError{Code: "crosses_scope", Alias: alias, Indicator: ind.Name, Other: prefix}
		}
		if prefix, ok := strings.CutSuffix(a, n); ok && prefix != "" {
			return domain.Indicator{}, &AliasError{Code: "crosses_scope", Alias: alias, Indicator: ind.Name, Other: prefix}
		}
	}
	if err := st.AddCatalogueEntries(ctx, []store.CatalogueEntry{{Kind: store.EntryAlias, Name: alias, Value: ind.Code, RecordedBy: by}}); err != nil {
		return domain.Indicator{}, fmt.Errorf("save alias: %w", err)
	}
	return ind, nil
}

// DeleteAlias withdraws an alias.
func DeleteAlias(ctx context.Context, st AliasStore, alias, by string) error {
	alias = strings.TrimSpace(alias)
	list, err := st.CatalogueEntries(ctx, store.EntryAlias)
	if err != nil {
		return fmt.Errorf("read aliases: %w", err)
	}
	for _, e := range list {
		if e.Name == alias {
			return st.AddCatalogueEntries(ctx, []store.CatalogueEntry{{Kind: store.EntryAlias, Name: alias, Deleted: true, RecordedBy: by}})
		}
	}
	return &AliasError{Code: "not_found", Alias: alias}
}

// IsAliasError reports whether err is an *AliasError (for users' eyes).
func IsAliasError(err error) (*AliasError, bool) {
	var ae *AliasError
	ok := errors.As(err, &ae)
	return ae, ok
}
