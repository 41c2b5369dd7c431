package parse

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"industrydash/internal/domain"
	"io"
	"path"
	"strings"

	"industrydash/internal/msg"
)

// Limits bound what one parse may hold in memory, whatever the file: rows
// per sheet, cells per file (after merged cells are filled), and the length
// of one CSV line. A file over a limit is refused with a Chinese message
// naming the limit; nothing of it is loaded.
type Limits struct {
	// MaxRows is the most rows a sheet (or CSV file) may have.
	MaxRows int
	// MaxCells is the most cells a file may have, all sheets together.
	MaxCells int
	// MaxLineBytes is the longest CSV line, in bytes.
	MaxLineBytes int
	// MaxSharedStrings is the largest shared-strings part of a workbook
	// (bytes unzipped): the workbook library holds it whole.
	MaxSharedStrings int64
	// Form names what the limits fit, for messages ("实绩文件", "填报模板").
	Form string
	// Units is the table of units numbers and headers are read with (the
	// catalogue's); the zero value is the built-in table.
	Units domain.Units
}

// The limits of the product's forms. A statistics workbook has a few
// thousand cells, a submission template a few dozen rows; an actuals file
// loaded from the command line may have a million rows.
var (
	// DefaultLimits apply to files loaded from the command line.
	DefaultLimits = Limits{MaxRows: 2_000_000, MaxCells: 20_000_000, MaxLineBytes: 64 << 10, MaxSharedStrings: 64 << 20, Form: "文件"}
	// UploadLimits apply to files uploaded on the web (数据导入, 支付数据, 目标目录).
	UploadLimits = Limits{MaxRows: 200_000, MaxCells: 1_000_000, MaxLineBytes: 64 << 10, MaxSharedStrings: 8 << 20, Form: "上传的文件"}
	// TemplateLimits apply to a reporter's filled-in submission template.
	TemplateLimits = Limits{MaxRows: 500, MaxCells: 20_000, MaxLineBytes: 16 << 10, MaxSharedStrings: 1 << 20, Form: "填报模板"}
)

func (l Limits) orDefault() Limits {
	if l.MaxRows <= 0 && l.MaxCells <= 0 {
		return DefaultLimits
	}
	return l
}

func (l Limits) rowsError(file, sheet string, n int) *FileError {
	where := ""
	if sheet != "" {
		where = fmt.Sprintf("工作表“%s”", sheet)
	}
	return &FileError{File: file, Msg: msg.New(msg.ParseTooManyRows, where, l.MaxRows, l.Form, l.MaxRows),
		Err: fmt.Errorf("more than %d rows (%d read)", l.MaxRows, n)}
}

func (l Limits) cellsError(file string) *FileError {
	return &FileError{File: file, Msg: msg.New(msg.ParseTooManyCells, l.MaxCells, l.Form, l.MaxCells),
		Err: fmt.Errorf("more than %d cells", l.MaxCells)}
}

// entityError is the message for an XML part with a DOCTYPE: workbooks
// never declare one, and entity declarations are how an "entity bomb"
// (billion laughs) is built.
func entityError(file, part string) *FileError {
	return &FileError{File: file, Msg: msg.New(msg.ParseXMLEntities, part),
		Err: fmt.Errorf("xml directive in %s", part)}
}

// checkXMLParts refuses a container whose XML parts declare a DOCTYPE. Only
// each part's prolog is read (up to its first element), so the check costs
// a few kilobytes per part whatever the file.
func checkXMLParts(zr *zip.Reader, name string) error {
	for _, f := range zr.File {
		ext := strings.ToLower(path.Ext(f.Name))
		if ext != ".xml" && ext != ".rels" && ext != ".vml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return &FileError{File: name, Msg: msg.New(msg.ParseBadWorkbook), Err: err}
		}
		d := xml.NewDecoder(io.LimitReader(rc, 64<<10))
		for {
			tok, err := d.RawToken()
			if err != nil {
				break
			}
			if dir, ok := tok.(xml.Directive); ok {
				rc.Close()
				_ = dir
				return entityError(name, f.Name)
			}
			if _, ok := tok.(xml.StartElement); ok {
				break
			}
		}
		rc.Close()
	}
	return nil
}

// sheetParts maps sheet names to their part paths, read from the
// workbook's own relationships (xl/workbook.xml and its .rels).
func sheetParts(zr *zip.Reader) map[string]string {
	read := func(name string, v any) bool {
		for _, f := range zr.File {
			if f.Name != name {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return false
			}
			defer rc.Close()
			return xml.NewDecoder(io.LimitReader(rc, 4<<20)).Decode(v) == nil
		}
		return false
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	out := map[string]string{}
	if !read("xl/workbook.xml", &wb) || !read("xl/_rels/workbook.xml.rels", &rels) {
		return out
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	for _, s := range wb.Sheets {
		if t, ok := target[s.ID]; ok {
			out[s.Name] = t
		}
	}
	return out
}

// sheetScan is what one streaming pass over a sheet's XML finds besides
// the values: merged ranges, and the first formula without a cached value.
type sheetScan struct {
	merges   []string
	formula  string // the formula's text ("" when none found)
	fcell    string // its cell
	hasFormu bool
}

// maxCellBytes bounds one cell's text: Excel allows 32767 characters.
const maxCellBytes = 3 * 32767

// maxMerges bounds the merged ranges a sheet may declare.
const maxMerges = 100_000

// scanSheet streams a sheet's XML once, holding only the merged ranges.
func scanSheet(ctx context.Context, zr *zip.Reader, part, file, sheet string, lim Limits) (sheetScan, error) {
	var sc sheetScan
	var zf *zip.File
	for _, f := range zr.File {
		if f.Name == part {
			zf = f
			break
		}
	}
	if zf == nil {
		return sc, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return sc, &FileError{File: file, Msg: msg.New(msg.ParseSheetUnreadable, sheet), Err: err}
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	var (
		inC, inF, inV bool
		cell          string
		hasF, hasV    bool
		ftext         strings.Builder
		rows          int
	)
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return sc, &FileError{File: file, Msg: msg.New(msg.ParseSheetDamaged, sheet), Err: err}
		}
		switch t := tok.(type) {
		case xml.Directive:
			return sc, entityError(file, part)
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rows++
				if rows%4096 == 0 && ctx.Err() != nil {
					return sc, ctx.Err()
				}
				if lim.MaxRows > 0 && rows > lim.MaxRows {
					return sc, lim.rowsError(file, sheet, rows)
				}
			case "c":
				inC, hasF, hasV, cell = true, false, false, attr(t, "r")
				ftext.Reset()
			case "f":
				if inC {
					inF, hasF = true, true
				}
			case "v", "is":
				if inC {
					inV = true
				}
			case "mergeCell":
				if len(sc.merges) >= maxMerges {
					return sc, lim.cellsError(file)
				}
				sc.merges = append(sc.merges, attr(t, "ref"))
			}
		case xml.CharData:
			if len(t) > maxCellBytes {
				return sc, &FileError{File: file, Msg: msg.New(msg.ParseCellTooLong, sheet, cell, maxCellBytes/3), Err: fmt.Errorf("cell text of %d bytes", len(t))}
			}
			if inF && ftext.Len() < 200 {
				ftext.Write(t)
			}
			if inV && len(bytes.TrimSpace(t)) > 0 {
				hasV = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "f":
				inF = false
			case "v", "is":
				inV = false
			case "c":
				if inC && hasF && !hasV && !sc.hasFormu {
					sc.hasFormu, sc.fcell, sc.formula = true, cell, ftext.String()
				}
				inC = false
			}
		}
	}
	return sc, nil
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
