package review

import (
	"context"
	"fmt"
	"industrydash/internal/domain"
	"industrydash/internal/store"
	"path/filepath"
	"strings"

	"industrydash/internal/auth"
	"industrydash/internal/load"
	"industrydash/internal/msg"
)

// MaxImportBytes caps an actuals file uploaded by an analyst (CSV, XLSX or
// JSON). Larger loads belong to the ingest command.
const MaxImportBytes = 15 << 20

// ImportFile loads an actuals file uploaded by city staff through exactly the
// loader `ingest actuals` uses: all rows or none, unchanged rows skipped,
// corrections appended as new versions. Like the command's loads, the data
// count as approved, and the load is audited. This is how new figures reach
// a server running on the embedded store, which no second process may open.
// Rejected files return the summary (with every located issue) and
// load.ErrRejected.
func (s *Service) ImportFile(ctx context.Context, a auth.Actor, name string, b []byte, acceptWarnings bool) (*load.Summary, error) {
	name = filepath.Base(name)
	if len(b) > MaxImportBytes {
		return nil, inputErr(msg.ReviewImportTooLarge, name, MaxImportBytes>>20)
	}
	// readUpload refuses an empty file, and checks every zip container
	// (whatever the file is called) before a workbook library opens it.
	c, err := s.catalogue(ctx)
	if err != nil {
		return nil, err
	}
	res, err := readUpload(name, b, c.load.Measures())
	if err != nil {
		return nil, err
	}
	layouts, err := load.ReadLayouts(ctx, s.st)
	if err != nil {
		return nil, err
	}
	lay, _ := load.FindLayout(layouts, "", res)
	sum, err := load.New(s.st, c.load).LoadResult(ctx, res, load.Options{
		Source: name, RecordedBy: a.Name, AcceptWarnings: acceptWarnings, Kind: "actuals", Layout: lay,
	})
	if sum != nil && err == nil {
		if aerr := s.st.AppendAudit(ctx, a.Entry("actuals.upload", name, "", sum.Text())); aerr != nil {
			return sum, fmt.Errorf("audit upload of %s: %w", name, aerr)
		}
	}
	return sum, err
}

// Aliases lists the indicator aliases analysts added, by name.
func (s *Service) Aliases(ctx context.Context) ([]store.CatalogueEntry, error) {
	return s.st.CatalogueEntries(ctx, store.EntryAlias)
}

// SaveAlias makes alias another name of an indicator (code or name) for
// every later load, and audits it (catalogue.alias). A refused alias is an
// *InputError saying why.
func (s *Service) SaveAlias(ctx context.Context, a auth.Actor, alias, indicator string) (domain.Indicator, error) {
	ind, err := load.SaveAlias(ctx, s.st, alias, indicator, a.Name)
	if ae, ok := load.IsAliasError(err); ok {
		return ind, &InputError{Err: msg.Wrap(ae, msg.ReviewAliasRefused, ae.Message())}
	}
	if err != nil {
		return ind, err
	}
	if aerr := s.st.AppendAudit(ctx, a.Entry("catalogue.alias", strings.TrimSpace(alias), "", ind.Code+" "+ind.Name)); aerr != nil {
		return ind, fmt.Errorf("audit alias %s: %w", alias, aerr)
	}
	return ind, nil
}
