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

func parseJSON(b []byte, name string, units domain.Units) (*Result, error) {
	res := newResult(b, name, FormatJSON)
	text, _, err := decodeText(b)
	if err != nil {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseJSONEncoding), Err: err}
	}
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

	// Map every key seen in any element.
	keys := map[string]headerMatch{}
	var unknown []string
	for i, el := range arr {
		obj, ok := el.(map[string]any)
		if !ok {
			return nil, &FileError{File: name, Msg: msg.New(msg.ParseJSONElement, i+1)}
		}
		for k := range obj {
			if _, done := keys[k]; done {
				continue
			}
			if m, ok := matchHeader(k, units); ok {
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
		for _, el := range arr {
			vals = append(vals, jsonText(el.(map[string]any)[k]))
		}
		m := keys[k]
		m.field = resolveUnitColumn(vals, hasOrg, units)
		keys[k] = m
	}
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
	sort.Strings(unknown)
	for _, k := range unknown {
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
	if len(arr) > 0 {
		if err := requireColumns(name, present); err != nil {
			return nil, err
		}
	}
	for i, el := range arr {
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
	return res, nil
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
