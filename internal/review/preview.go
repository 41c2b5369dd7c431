package review

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

// Preview is what the 数据导入 page shows before loading a file: per sheet
// what will load, what was not understood (with the fix, in Notes and
// Errors), and the names to map (Unmapped). Token confirms it.
type Preview struct {
	Token    string
	File     string
	Layout   string // the saved layout applied, if any
	Plan     *load.Plan
	Sheets   []PreviewSheet
	Unmapped []load.Unmapped
	// Indicators and Units are the choices for mapping.
	Indicators []domain.Indicator
	Units      []domain.OrgUnit
}

// PreviewSheet lists what one sheet will load.
type PreviewSheet struct {
	Sheet string
	Rows  []PreviewRow
	More  int // rows not listed
}

// PreviewRow is one figure to load, in the catalogue's words.
type PreviewRow struct {
	Row       int
	Indicator string
	OrgUnit   string
	Period    string
	ValueType string
	Value     float64
	Unit      string
	YoY       *float64
}

// maxPreviewRows bounds the rows listed per sheet.
const maxPreviewRows = 300

// pending keeps previewed files until confirmed: one per user, at most
// pendingBytes in all, each for pendingTTL.
type pending struct {
	mu    sync.Mutex
	files map[string]pendingFile // token → file
}

type pendingFile struct {
	user string
	name string
	data []byte
	at   time.Time
}

const (
	pendingBytes = 48 << 20
	pendingTTL   = 30 * time.Minute
)

var previews = &pending{files: map[string]pendingFile{}}

func (p *pending) put(user, name string, data []byte, now time.Time) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	total := 0
	for t, f := range p.files {
		if f.user == user || now.Sub(f.at) > pendingTTL {
			delete(p.files, t)
			continue
		}
		total += len(f.data)
	}
	// Over the budget: the oldest go first.
	for total+len(data) > pendingBytes && len(p.files) > 0 {
		oldest := ""
		for t, f := range p.files {
			if oldest == "" || f.at.Before(p.files[oldest].at) {
				oldest = t
			}
		}
		total -= len(p.files[oldest].data)
		delete(p.files, oldest)
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	tok := hex.EncodeToString(b)
	p.files[tok] = pendingFile{user: user, name: name, data: data, at: now}
	return tok
}

func (p *pending) get(user, tok string, now time.Time) (pendingFile, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f, ok := p.files[tok]
	if !ok || f.user != user || now.Sub(f.at) > pendingTTL {
		return pendingFile{}, false
	}
	return f, true
}

func (p *pending) drop(tok string) {
	p.mu.Lock()
	delete(p.files, tok)
	p.mu.Unlock()
}

// readUpload parses an uploaded actuals file within the upload limits,
// reading units of measure with the catalogue's table.
func readUpload(name string, b []byte, units domain.Units) (*parse.Result, error) {
	if len(b) > MaxImportBytes {
		return nil, inputErr(msg.ReviewImportTooLarge, name, MaxImportBytes>>20)
	}
	lim := parse.UploadLimits
	lim.Units = units
	res, err := parse.BytesWith(b, name, lim)
	var fe *parse.FileError
	if errors.As(err, &fe) {
		return nil, &InputError{Err: fe}
	}
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	return res, nil
}

// PreviewFile reads an actuals file and plans its load without writing:
// the saved layout of its shape applied, every figure listed per sheet.
// The file is kept for ConfirmFile (Preview.Token).
func (s *Service) PreviewFile(ctx context.Context, a auth.Actor, name string, b []byte) (*Preview, error) {
	name = filepath.Base(name)
	cat, err := load.ReadCatalogue(ctx, s.st)
	if err != nil {
		return nil, err
	}
	res, err := readUpload(name, b, cat.Measures())
	if err != nil {
		return nil, err
	}
	layouts, err := load.ReadLayouts(ctx, s.st)
	if err != nil {
		return nil, err
	}
	lay, _ := load.FindLayout(layouts, "", res)
	plan, err := load.New(s.st, cat).Preview(ctx, res, load.Options{Source: name, RecordedBy: a.Name, Layout: lay, Now: s.now})
	if err != nil {
		return nil, err
	}
	pv := &Preview{File: name, Plan: plan, Unmapped: plan.Unmapped,
		Indicators: append([]domain.Indicator(nil), cat.Indicators()...), Units: cat.OrgUnits()}
	if lay != nil {
		pv.Layout = lay.Name
	}
	bySheet := map[string]*PreviewSheet{}
	var order []string
	for i, o := range plan.Observations {
		org := plan.Origins[i]
		sh, ok := bySheet[org.Sheet]
		if !ok {
			sh = &PreviewSheet{Sheet: org.Sheet}
			bySheet[org.Sheet] = sh
			order = append(order, org.Sheet)
		}
		if len(sh.Rows) >= maxPreviewRows {
			sh.More++
			continue
		}
		ind, _ := cat.Indicator(o.Indicator)
		u, _ := cat.OrgUnit(o.OrgUnit)
		sh.Rows = append(sh.Rows, PreviewRow{Row: org.Row, Indicator: ind.Name, OrgUnit: u.PrintName(), Period: o.Period.Label(),
			ValueType: o.ValueType.Label(), Value: o.Value, Unit: ind.Unit, YoY: o.YoYPct})
	}
	for _, k := range order {
		pv.Sheets = append(pv.Sheets, *bySheet[k])
	}
	sort.SliceStable(pv.Indicators, func(i, j int) bool { return pv.Indicators[i].Name < pv.Indicators[j].Name })
	pv.Token = previews.put(a.Name, name, b, s.now())
	return pv, nil
}

// Mapping is what the analyst chose on the preview: file names to
// indicator codes and regions to org unit codes, and the name to save the
// mapping under as a layout ("" saves none).
type Mapping struct {
	Names  map[string]string
	Units  map[string]string
	Layout string
}

// ConfirmFile loads a previewed file all or nothing with the analyst's
// mapping (added to the saved layout of its shape, if any), saving the
// mapping as a named layout when asked. Like ImportFile it audits.
func (s *Service) ConfirmFile(ctx context.Context, a auth.Actor, token string, m Mapping, acceptWarnings bool) (*load.Summary, string, error) {
	f, ok := previews.get(a.Name, token, s.now())
	if !ok {
		return nil, "", inputErr(msg.ReviewPreviewGone)
	}
	cat, err := load.ReadCatalogue(ctx, s.st)
	if err != nil {
		return nil, f.name, err
	}
	res, err := readUpload(f.name, f.data, cat.Measures())
	if err != nil {
		return nil, f.name, err
	}
	layouts, err := load.ReadLayouts(ctx, s.st)
	if err != nil {
		return nil, f.name, err
	}
	lay := &load.Layout{Name: strings.TrimSpace(m.Layout), Signature: load.Signature(res), Names: map[string]string{}, Units: map[string]string{}}
	if saved, _ := load.FindLayout(layouts, "", res); saved != nil {
		for k, v := range saved.Names {
			lay.Names[k] = v
		}
		for k, v := range saved.Units {
			lay.Units[k] = v
		}
		if lay.Name == "" {
			lay.Name = saved.Name
		}
	}
	for from, to := range m.Names {
		if strings.TrimSpace(to) == "" {
			continue
		}
		ind, ok := cat.Indicator(to)
		if !ok {
			return nil, f.name, inputErr(msg.ReviewMapNotIndicator, from, to)
		}
		lay.Names[load.LayoutKey(from)] = ind.Code
	}
	for from, to := range m.Units {
		if strings.TrimSpace(to) == "" {
			continue
		}
		u, ok := cat.OrgUnit(to)
		if !ok {
			return nil, f.name, inputErr(msg.ReviewMapNotUnit, from, to)
		}
		lay.Units[load.LayoutKey(from)] = u.Code
	}
	if lay.Name == "" && len(lay.Names)+len(lay.Units) > 0 {
		lay.Name = "（本次对应）"
	}
	var use *load.Layout
	if len(lay.Names)+len(lay.Units) > 0 {
		use = lay
	}
	sum, err := load.New(s.st, cat).LoadResult(ctx, res, load.Options{Source: f.name, RecordedBy: a.Name, AcceptWarnings: acceptWarnings, Kind: "actuals", Layout: use, Now: s.now})
	if err != nil {
		return sum, f.name, err
	}
	previews.drop(token)
	if strings.TrimSpace(m.Layout) != "" {
		if err := load.SaveLayout(ctx, s.st, *lay, a.Name); err != nil {
			return sum, f.name, fmt.Errorf("save layout: %w", err)
		}
		sum.Notes = append(sum.Notes, fmt.Sprintf("已保存导入模板“%s”：以后同样式的文件自动按此对应。", lay.Name))
		if aerr := s.st.AppendAudit(ctx, a.Entry("catalogue.layout", lay.Name, "", fmt.Sprintf("%d 个指标名称、%d 个单位", len(lay.Names), len(lay.Units)))); aerr != nil {
			return sum, f.name, fmt.Errorf("audit layout: %w", aerr)
		}
	}
	if aerr := s.st.AppendAudit(ctx, a.Entry("actuals.upload", f.name, "", sum.Text())); aerr != nil {
		return sum, f.name, fmt.Errorf("audit upload of %s: %w", f.name, aerr)
	}
	return sum, f.name, nil
}
