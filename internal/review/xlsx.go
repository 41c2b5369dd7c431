package review

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/progress"
)

// Upload limits: a district template is a few kilobytes; anything near these
// is not one.
const (
	MaxUploadBytes     = 5 << 20  // the uploaded file
	MaxUnzippedBytes   = 50 << 20 // all entries of the workbook, unpacked
	MaxWorkbookEntries = 200      // files inside the workbook
)

// templateColumns are the columns internal/parse reads (DESIGN.md §6).
// The two reference columns after 说明 show what the web form shows beside
// each field (上月, 去年同期); the reader ignores them.
var templateColumns = []string{"指标代码", "指标名称", "地区", "期间", "数值", "计量单位", "口径", "说明", "上月数（参考）", "去年同期数（参考）"}

// valueColumn is the index of "数值" in templateColumns.
const valueColumn = 4

// Template returns the XLSX template of unit's form for month, pre-filled
// with its indicators (and the figures already entered), and its file name.
func (s *Service) Template(ctx context.Context, unitCode string, month domain.Period) ([]byte, string, error) {
	f, err := s.Form(ctx, unitCode, month)
	if err != nil {
		return nil, "", err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = parse.DataSheet
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return nil, "", fmt.Errorf("template: %w", err)
	}
	for i, h := range templateColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		x.SetCellStr(sheet, cell, h)
	}
	for r, l := range f.Lines {
		vt := l.ValueType.Label()
		if l.Indicator.Kind == domain.Stock {
			vt = "期末数" // as the web form says
		}
		vals := []string{l.Indicator.Code, l.Indicator.Name, f.Unit.Name, MonthKey(f.Month), l.Value, l.Indicator.Unit, vt, l.Note,
			referenceFigure(l.LastMonth, l.Indicator.Unit), referenceFigure(l.LastYear, l.Indicator.Unit)}
		for c, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+2)
			if c == valueColumn {
				// A figure goes in as a number, so that Excel/WPS can sum
				// and format it and shows no "stored as text" warning.
				if n, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
					x.SetCellFloat(sheet, cell, n, -1, 64)
					continue
				}
			}
			x.SetCellStr(sheet, cell, v)
		}
	}
	for c, w := range []float64{30, 26, 14, 10, 14, 10, 8, 40, 14, 16} {
		col, _ := excelize.ColumnNumberToName(c + 1)
		x.SetColWidth(sheet, col, col, w)
	}
	note := "填报说明"
	x.NewSheet(note)
	for i, line := range []string{
		fmt.Sprintf("%s %s %s", f.Unit.Name, f.Month.Label(), f.Name),
		"只填写“数值”列（计量单位见“计量单位”列；累计值从1月起算，期末数为月末时点数），其他列请勿修改；“上月数”“去年同期数”两列仅供对照。",
		"数值与去年同期相差较大时，请在“说明”列写明原因，说明将随数据保存并在简报中注明。",
		"填好后在系统的填报页面上传本文件；截止日期：" + f.Due + "。",
	} {
		x.SetCellStr(note, fmt.Sprintf("A%d", i+1), line)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, "", fmt.Errorf("template: %w", err)
	}
	name := fmt.Sprintf("%s_%s_填报模板.xlsx", f.Unit.Name, MonthKey(f.Month))
	return buf.Bytes(), name, nil
}

// referenceFigure prints a reference figure (上月, 去年同期) as the form
// shows it; "" when unknown.
func referenceFigure(p *float64, unit string) string {
	if p == nil {
		return ""
	}
	return progress.FormatFigure(*p, unit)
}

// ErrUploadTooLarge is returned for a file over MaxUploadBytes.
var ErrUploadTooLarge = inputErr(msg.ReviewUploadTooLarge, MaxUploadBytes>>20)

// CheckXLSX refuses what is not a plain workbook before excelize opens it: a
// file over MaxUploadBytes, a non-zip, or a zip whose entries would unpack to
// more than MaxUnzippedBytes or number more than MaxWorkbookEntries (a zip
// bomb). The sizes checked are the declared ones; archive/zip refuses to
// read past them, so they cannot lie.
func CheckXLSX(b []byte) error {
	if len(b) > MaxUploadBytes {
		return ErrUploadTooLarge
	}
	if len(b) == 0 {
		return inputErr(msg.ReviewUploadEmpty)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return inputErr(msg.ReviewNotXLSX)
	}
	if len(zr.File) > MaxWorkbookEntries {
		return inputErr(msg.ReviewTooManyEntries, len(zr.File), MaxWorkbookEntries)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzippedBytes {
			return inputErr(msg.ReviewUnzipped, MaxUnzippedBytes>>20)
		}
	}
	return nil
}

// ReadUpload checks and parses an uploaded workbook into records for Save.
func ReadUpload(b []byte, name string) ([]parse.Record, error) {
	if err := CheckXLSX(b); err != nil {
		return nil, err
	}
	res, err := parse.ReadXLSXWith(bytes.NewReader(b), name, parse.TemplateLimits)
	var fe *parse.FileError
	if errors.As(err, &fe) {
		return nil, &InputError{Err: fe}
	}
	if err != nil {
		return nil, err
	}
	if len(res.Records) == 0 {
		return nil, inputErr(msg.ReviewNoRows, name)
	}
	return res.Records, nil
}
