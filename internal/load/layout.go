package load

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"industrydash/internal/parse"
	"industrydash/internal/store"
)

// EntryLayout is the catalogue-entry kind of a saved import layout.
const EntryLayout = "layout"

// Layout is a saved import layout (导入模板): how the names of one shape of
// file map to the catalogue, as an analyst confirmed them on the preview.
// It is applied automatically to a later file of the same shape (same
// sheets and headers, whatever the months they name), or by name
// (`ingest actuals -layout NAME`).
type Layout struct {
	Name      string `json:"name"`
	Signature string `json:"signature"`
	// Names maps an indicator name as the file writes it to an indicator
	// code; Units an org unit as written to an org unit code.
	Names map[string]string `json:"names,omitempty"`
	Units map[string]string `json:"units,omitempty"`
}

var digits = regexp.MustCompile(`[0-9０-９]+`)

// Signature is the shape of a parsed file: its sheets and their headers,
// with numbers blanked so that next month's "1—11月" matches this
// month's "1—10月".
func Signature(res *parse.Result) string {
	var parts []string
	for _, c := range res.Columns {
		parts = append(parts, c.Sheet+"\x00"+digits.ReplaceAllString(c.Header, "#"))
	}
	for _, c := range res.Ignored {
		parts = append(parts, c.Sheet+"\x00"+digits.ReplaceAllString(c.Header, "#"))
	}
	sort.Strings(parts)
	sum := sha256.Sum256([]byte(res.Layout + "\x01" + strings.Join(parts, "\x01")))
	return hex.EncodeToString(sum[:8])
}

// apply rewrites records by the layout's names; it returns a copy.
func (lay *Layout) apply(recs []parse.Record) []parse.Record {
	out := make([]parse.Record, len(recs))
	for i, r := range recs {
		name := strings.TrimSpace(r.IndicatorName.Text)
		if name == "" {
			name = strings.TrimSpace(r.Indicator.Text)
		}
		if code, ok := lay.Names[LayoutKey(name)]; ok {
			c := r.IndicatorName
			if !c.Present() {
				c = r.Indicator
			}
			r.Indicator = parse.Cell{Text: code, Col: c.Col, Header: c.Header}
			r.IndicatorName = parse.Cell{}
		}
		if code, ok := lay.Units[LayoutKey(r.OrgUnit.Text)]; ok {
			r.OrgUnit.Text = code
		}
		out[i] = r
	}
	return out
}

// LayoutKey is the form a layout keeps a name in: full-width narrowed,
// spaces removed, so the name matches however the cell was written.
func LayoutKey(s string) string { return strings.Join(strings.Fields(parse.Narrow(s)), "") }

// ReadLayouts returns the saved layouts, by name.
func ReadLayouts(ctx context.Context, n Names) ([]Layout, error) {
	entries, err := n.CatalogueEntries(ctx, EntryLayout)
	if err != nil {
		return nil, fmt.Errorf("read layouts: %w", err)
	}
	var out []Layout
	for _, e := range entries {
		var l Layout
		if err := json.Unmarshal([]byte(e.Value), &l); err != nil {
			return nil, fmt.Errorf("layout %q: %w", e.Name, err)
		}
		l.Name = e.Name
		out = append(out, l)
	}
	return out, nil
}

// SaveLayout stores a layout under its name (a later one of the same name
// replaces it).
func SaveLayout(ctx context.Context, st AliasStore, l Layout, by string) error {
	l.Name = strings.TrimSpace(l.Name)
	if l.Name == "" {
		return &AliasError{Code: "empty_layout"}
	}
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	return st.AddCatalogueEntries(ctx, []store.CatalogueEntry{{Kind: EntryLayout, Name: l.Name, Value: string(b), RecordedBy: by}})
}

// FindLayout picks the layout for a file: the one named (an error when
// there is none of that name), else the saved one of the file's shape,
// else nil.
func FindLayout(list []Layout, name string, res *parse.Result) (*Layout, error) {
	if name = strings.TrimSpace(name); name != "" {
		for i := range list {
			if list[i].Name == name {
				return &list[i], nil
			}
		}
		return nil, &AliasError{Code: "unknown_layout", Alias: name}
	}
	sig := Signature(res)
	for i := range list {
		if list[i].Signature == sig {
			return &list[i], nil
		}
	}
	return nil, nil
}
