package targets

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/store"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing/fstest"

	"industrydash/internal/auth"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/seeds"
)

// File is an uploaded file.
type File struct {
	Name string
	Data []byte
}

var targetsFileName = regexp.MustCompile(`(?i)^targets_(\d{4})\.(csv|xlsx)$`)

// LoadCatalogue loads uploaded catalogue files (targets_YYYY.csv or .xlsx,
// and optionally indicators and org_units) through the same validation as
// `ingest targets`: files not uploaded are the built-in ones, every problem
// is listed with file, row and column, and nothing is saved unless all is
// right. It returns the catalogue and how many target revisions were added.
func (s *Service) LoadCatalogue(ctx context.Context, a auth.Actor, files []File) (*domain.Catalogue, int, error) {
	m := fstest.MapFS{}
	year := 0
	for _, f := range files {
		base := strings.ToLower(filepath.Base(f.Name))
		data := f.Data
		if strings.HasSuffix(base, ".xlsx") {
			csvData, err := sheetAsCSV(data)
			var fe *parse.FileError
			if errors.As(err, &fe) {
				return nil, 0, inputErr(msg.TargetsFileProblem, f.Name, fe.Msg)
			}
			if err != nil {
				return nil, 0, inputErr(msg.TargetsBadWorkbook, f.Name)
			}
			data = csvData
			base = strings.TrimSuffix(base, ".xlsx") + ".csv"
		}
		switch {
		case targetsFileName.MatchString(base):
			y, _ := strconv.Atoi(targetsFileName.FindStringSubmatch(base)[1])
			if year != 0 && y != year {
				return nil, 0, inputErr(msg.TargetsTwoYears, year, y)
			}
			year = y
		case base == "indicators.csv" || base == "org_units.csv" || base == seeds.UnitsFile || base == seeds.SourceOrgansFile:
		default:
			return nil, 0, inputErr(msg.TargetsBadFileName, f.Name)
		}
		m[base] = &fstest.MapFile{Data: data}
	}
	if year == 0 {
		return nil, 0, inputErr(msg.TargetsNoTargetsFile)
	}
	for _, name := range []string{"org_units.csv", "indicators.csv"} {
		if _, ok := m[name]; ok {
			continue
		}
		data, err := fs.ReadFile(seeds.BuiltinFS(), name)
		if err != nil {
			return nil, 0, fmt.Errorf("read built-in %s: %w", name, err)
		}
		m[name] = &fstest.MapFile{Data: data}
	}
	measures, err := load.ReadMeasures(ctx, s.st)
	if err != nil {
		return nil, 0, err
	}
	cat, err := seeds.LoadWith(m, year, measures)
	var se *seeds.Error
	if errors.As(err, &se) {
		ve := &ValidationError{}
		for _, p := range se.Problems {
			ve.Problems = append(ve.Problems, p.String())
		}
		return nil, 0, ve
	}
	if err != nil {
		return nil, 0, err
	}
	if err := s.st.PutOrgUnits(ctx, cat.OrgUnits); err != nil {
		return nil, 0, err
	}
	if err := s.st.PutIndicators(ctx, cat.Indicators); err != nil {
		return nil, 0, err
	}
	// Units of measure from an uploaded units.csv are kept in the fact
	// store, so they are known again after a restart (load.ReadMeasures).
	if err := s.st.AddCatalogueEntries(ctx, unitEntries(cat.Units, a.Name)); err != nil {
		return nil, 0, err
	}
	for i := range cat.Targets {
		cat.Targets[i].RecordedBy = a.Name
	}
	n, err := s.st.AddTargets(ctx, cat.Targets)
	if err != nil {
		return nil, 0, err
	}
	entry := a.Entry("targets.load", fmt.Sprintf("%d年目标目录", year), "", fmt.Sprintf("网页上传：指标 %d 个，目标 %d 项，新增目标修订 %d 项", len(cat.Indicators), len(cat.Targets), n))
	if err := s.audit.AppendAudit(ctx, entry); err != nil {
		return cat, n, fmt.Errorf("catalogue loaded but not audited: %w", err)
	}
	return cat, n, nil
}

// sheetAsCSV returns the first sheet of a workbook as CSV, so that an
// .xlsx catalogue goes through the one CSV validation. The workbook is read
// by parse's streaming reader within the upload limits.
func sheetAsCSV(b []byte) ([]byte, error) {
	rows, err := parse.FirstSheetRows(b, "catalogue.xlsx", parse.UploadLimits)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// unitEntries are the catalogue entries that keep units of measure.
func unitEntries(defs []domain.UnitDef, by string) []store.CatalogueEntry {
	var out []store.CatalogueEntry
	for _, d := range defs {
		b, err := json.Marshal(d)
		if err != nil {
			continue
		}
		out = append(out, store.CatalogueEntry{Kind: store.EntryUnit, Name: d.Name, Value: string(b), RecordedBy: by})
	}
	return out
}
