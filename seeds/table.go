package seeds

import (
	"errors"
	"io/fs"
	"strconv"
	"strings"

	"industrydash/internal/msg"
	"industrydash/internal/parse"
)

// column describes one column a catalogue file may have. A header cell
// matches when it equals, or contains as a separate word, the English key or
// one of the Chinese aliases: "指标代码 indicator", "指标代码" and
// "indicator" all name the same column.
type column struct {
	key      string
	aliases  []string
	required bool
}

// table is a CSV file read into rows, with its header mapped to column keys.
type table struct {
	file   string
	header []string       // header cells as written
	index  map[string]int // column key → 0-based cell index
	rows   []row
}

// row is one data row of a table.
type row struct {
	t     *table
	num   int // 1-based row number as a spreadsheet shows it (header = 1)
	cells []string
}

// get returns the trimmed cell of the column key ("" when the column is absent).
func (r row) get(key string) string {
	i, ok := r.t.index[key]
	if !ok || i >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[i])
}

// has reports whether the table has the column key.
func (r row) has(key string) bool {
	_, ok := r.t.index[key]
	return ok
}

// at locates the column key in this row for a Problem: column number and header text.
func (r row) at(key string) (int, string) {
	i, ok := r.t.index[key]
	if !ok {
		return 0, key
	}
	return i + 1, r.t.header[i]
}

// readTable reads file from fsys, decodes it (UTF-8 with or without BOM, or
// GB18030 as older Excel/WPS versions save it), maps the header and returns
// the data rows. Blank rows and rows whose first cell starts with # are
// skipped. It reports problems to ps and returns nil when the file cannot be used.
func readTable(fsys fs.FS, file string, cols []column, ps *problems) *table {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			ps.add(file, 0, 0, "", "找不到文件，请确认目录中有 %s", file)
		} else {
			ps.add(file, 0, 0, "", "无法读取文件，请检查文件是否被占用或损坏")
		}
		return nil
	}
	// The one CSV decoder of every import: encoding (UTF-8, BOM, GBK/GB18030,
	// UTF-16) and delimiter detected, lines and rows bounded.
	recs, nums, err := parse.CSVRows(data, file, parse.UploadLimits)
	if err != nil {
		var fe *parse.FileError
		if errors.As(err, &fe) {
			ps.add(file, 0, 0, "", "%s", msg.Text(fe.Msg))
		} else {
			ps.add(file, 0, 0, "", "CSV 格式错误，请在 Excel/WPS 中打开后重新保存")
		}
		return nil
	}
	var t *table
	for k, rec := range recs {
		num := nums[k]
		if t == nil {
			if t = headerTable(file, rec, cols, ps); t == nil {
				return nil
			}
			continue
		}
		if blank(rec) || strings.HasPrefix(strings.TrimSpace(rec[0]), "#") {
			continue
		}
		t.rows = append(t.rows, row{t: t, num: num, cells: rec})
	}
	if t == nil {
		ps.add(file, 1, 0, "", "文件是空的，第1行应为表头")
		return nil
	}
	return t
}

// headerTable maps a header row to column keys; nil when a required column is
// missing or a column appears twice.
func headerTable(file string, header []string, cols []column, ps *problems) *table {
	t := &table{file: file, header: header, index: map[string]int{}}
	ok := true
	for i, h := range header {
		key := matchColumn(h, cols)
		if key == "" {
			continue // extra columns (an analyst's own notes) are ignored
		}
		if j, dup := t.index[key]; dup {
			ps.add(file, 1, i+1, strings.TrimSpace(h), "与 %s 列（%s）重复，请删去其中一列", columnLetter(j+1), header[j])
			ok = false
			continue
		}
		t.index[key] = i
	}
	for _, c := range cols {
		if _, found := t.index[c.key]; c.required && !found {
			ps.add(file, 1, 0, "", "表头缺少必填列“%s %s”，请按模板补上", c.aliases[0], c.key)
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return t
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// matchColumn returns the key of the column the header cell h names, or "".
func matchColumn(h string, cols []column) string {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	words := strings.FieldsFunc(h, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\u3000' || r == '(' || r == ')' || r == '（' || r == '）'
	})
	words = append(words, h)
	for _, c := range cols {
		for _, w := range words {
			if strings.EqualFold(w, c.key) {
				return c.key
			}
			for _, a := range c.aliases {
				if w == a {
					return c.key
				}
			}
		}
	}
	return ""
}

// parseNumber reads a number the way people type it in a spreadsheet:
// thousands separators, full-width digits and surrounding blanks are accepted.
func parseNumber(s string) (float64, error) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '－':
			return '-'
		case r == ',' || r == '，' || r == ' ' || r == '\u3000':
			return -1
		}
		return r
	}, s)
	return strconv.ParseFloat(s, 64)
}

// splitList splits a cell holding several values: "district;park", "前期、开工".
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == ';' || r == '；' || r == '、' || r == ',' || r == '，' || r == '|' || r == '→'
	})
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
