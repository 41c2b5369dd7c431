package parse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"industrydash/internal/domain"
	"io"
	"sort"
	"strings"

	"industrydash/internal/msg"
)

// rowsKeys are the object keys under which a JSON document may hold its rows.
var rowsKeys = []string{"rows", "data", "records", "observations", "数据"}

// ReadJSON reads a JSON document: an array of objects, or an object holding
// that array under "rows" (also data, records, observations, 数据). Keys are
// canonical or Chinese column names; values may be numbers or strings. A
// record's Row is its 1-based position in the array.
func ReadJSON(r io.Reader, name string) (*Result, error) {
	b, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	return parseJSON(b, name, domain.Units{})
}

// jsonDoc holds the state the steps of parseJSON share.
type jsonDoc struct {
	name  string
	units domain.Units
	res   *Result
	// arr are the document's rows.
	arr []any
	// keys maps every key seen to its column (field "" when ignored),
	// ordered lists them sorted, unknown the unrecognised ones.
	keys    map[string]headerMatch
	ordered []string
	unknown []string
	// valueKeys are the keys read as values, one record each.
	valueKeys []string
}

// parseJSON reads a JSON document with the given units: it decodes the
// rows, maps their keys to columns, requires the needed ones and turns
// every row into records.
func parseJSON(b []byte, name string, units domain.Units) (*Result, error) {
	d := &jsonDoc{name: name, units: units, res: newResult(b, name, FormatJSON)}
	text, _, err := decodeText(b)
	if err != nil {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseJSONEncoding), Err: err}
	}
	if d.arr, err = jsonRows(text, name); err != nil {
		return nil, err
	}
	if err := d.mapKeys(); err != nil {
		return nil, err
	}
	d.resolveUnitKeys()
	present := d.readColumns()
	if len(d.arr) > 0 {
		if err := requireColumns(name, present); err != nil {
			return nil, err
		}
	}
	d.readRecords()
	return d.res, nil
}

// jsonRows decodes the document text and returns its rows: the top-level
// array or the array under one of rowsKeys.
func jsonRows(text, name string) ([]any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseBadJSON, jsonErrWhere(text, err)), Err: err}
	}
	if dec.More() {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseJSONTrailing)}
	}
	var arr []any
	switch d := doc.(type) {
	case []any:
		arr = d
	case map[string]any:
		for _, k := range rowsKeys {
			if a, ok := d[k].([]any); ok {
				arr = a
				break
			}
		}
		if arr == nil {
			return nil, &FileError{File: name, Msg: msg.New(msg.ParseJSONShape)}
		}
	default:
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseJSONShape)}
	}
	return arr, nil
}

// mapKeys maps every key seen in any element to a column, noting the
// unknown ones, and sorts them into d.ordered. An element that is not an
// object is a *FileError.
func (d *jsonDoc) mapKeys() error {
	// Map every key seen in any element.
	keys := map[string]headerMatch{}
	var unknown []string
	for i, el := range d.arr {
		obj, ok := el.(map[string]any)
		if !ok {
			return &FileError{File: d.name, Msg: msg.New(msg.ParseJSONElement, i+1)}
		}
		for k := range obj {
			if _, done := keys[k]; done {
				continue
			}
			if m, ok := matchHeader(k, d.units); ok {
				keys[k] = m
			} else {
				keys[k] = headerMatch{}
				unknown = append(unknown, k)
			}
		}
	}
	ordered := make([]string, 0, len(keys))
	for k := range keys {
		ordered = append(ordered, k)
	}
	sort.Strings(ordered)
	d.keys, d.unknown, d.ordered = keys, unknown, ordered
	return nil
}

// resolveUnitKeys resolves an ambiguous "单位" key by its values.
func (d *jsonDoc) resolveUnitKeys() {
	keys, ordered := d.keys, d.ordered
	// Resolve an ambiguous "单位" key by content.
	hasOrg := false
	for _, k := range ordered {
		hasOrg = hasOrg || keys[k].field == FieldOrgUnit
	}
	for _, k := range ordered {
		if keys[k].field != fieldAmbiguousUnit {
			continue
		}
		var vals []string
		for _, el := range d.arr {
			vals = append(vals, jsonText(el.(map[string]any)[k]))
		}
		m := keys[k]
		m.field = resolveUnitColumn(vals, hasOrg, d.units)
		keys[k] = m
	}
}

// readColumns lists the recognised keys in the result's Columns and the
// repeated and unknown ones in Ignored, collects the value keys (growth
// keys too when the file has growth and no value) and returns the fields
// present.
func (d *jsonDoc) readColumns() map[Field]bool {
	res, keys, ordered := d.res, d.keys, d.ordered
	seen := map[Field]string{}
	var valueKeys []string
	for _, k := range ordered {
		m := keys[k]
		if m.field == "" {
			continue
		}
		col := Column{Col: k, Header: k, Field: m.field, Unit: m.unit, ValueType: m.vt}
		if m.field != FieldValue {
			if prev, dup := seen[m.field]; dup {
				col.Field, col.Reason = "", "与“"+prev+"”字段重复，已忽略"
				res.Ignored = append(res.Ignored, col)
				m.field = ""
				keys[k] = m
				continue
			}
		} else {
			valueKeys = append(valueKeys, k)
		}
		seen[m.field] = k
		res.Columns = append(res.Columns, col)
	}
	sort.Strings(d.unknown)
	for _, k := range d.unknown {
		res.Ignored = append(res.Ignored, Column{Col: k, Header: k, Reason: "无法识别的字段名，已忽略"})
	}
	present := map[Field]bool{}
	for f := range seen {
		present[f] = true
	}
	if valueFromYoY(present) {
		for _, k := range ordered {
			if m := keys[k]; m.field == FieldYoY {
				m.field = FieldValue
				keys[k] = m
				valueKeys = append(valueKeys, k)
			}
		}
		for i := range res.Columns {
			if res.Columns[i].Field == FieldYoY {
				res.Columns[i].Field = FieldValue
			}
		}
	}
	d.valueKeys = valueKeys
	return present
}

// readRecords turns every element into records, one per value key, and
// counts the blank ones.
func (d *jsonDoc) readRecords() {
	res, keys, ordered, valueKeys, name := d.res, d.keys, d.ordered, d.valueKeys, d.name
	for i, el := range d.arr {
		obj := el.(map[string]any)
		base := Record{File: name, Format: FormatJSON, Row: i + 1}
		blank := true
		for _, k := range ordered {
			m := keys[k]
			if m.field == "" || m.field == FieldValue {
				continue
			}
			v, ok := obj[k]
			if !ok {
				continue
			}
			t := strings.TrimSpace(jsonText(v))
			blank = blank && t == ""
			setField(&base, m.field, Cell{Text: t, Col: k, Header: k})
		}
		var recs []Record
		for _, k := range valueKeys {
			v, ok := obj[k]
			if !ok {
				continue
			}
			t := strings.TrimSpace(jsonText(v))
			blank = blank && t == ""
			r := base
			r.Value = Cell{Text: t, Col: k, Header: k}
			r.HeaderUnit, r.HeaderValueType = keys[k].unit, keys[k].vt
			recs = append(recs, r)
		}
		if blank {
			res.BlankRows++
			continue
		}
		if len(recs) == 0 {
			// No value key in this element: keep it so the loader reports it.
			recs = append(recs, base)
		}
		res.Records = append(res.Records, recs...)
	}
}

// jsonText renders a decoded JSON value as cell text.
func jsonText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSpace(buf.String())
}

// jsonErrWhere names the line of a syntax error, when known.
func jsonErrWhere(text string, err error) string {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(text)) {
		return ""
	}
	return fmt.Sprintf("（第%d行附近）", strings.Count(text[:off], "\n")+1)
}
