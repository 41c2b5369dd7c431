// Package parse reads indicator data files (CSV, XLSX, JSON) into raw
// records that remember where every value came from: the file, the row as a
// spreadsheet shows it (or the JSON element number), the column letter and
// the header text. It also holds the cell parsers (numbers, periods, units,
// value types) that the load package and web submissions share.
//
// Column names are matched against canonical names and their Chinese
// aliases (指标代码/指标名称, 地区/单位名称/旗县区/园区, 期间/时间/月份,
// 数值/本月/累计值, 计量单位, 口径, 说明/备注). Unknown columns are ignored
// and listed in Result.Ignored.
//
// A column headed only "单位" is ambiguous in Chinese tables: it may be the
// reporting unit (单位名称) or the unit of measure (计量单位). It is
// resolved by content: when at least half of its non-blank cells are known
// units of measure (万元, 亿元, %, 吨, 户 …) it is the measure unit,
// otherwise the org unit. A blank "单位" column is the measure unit when the
// file already has an org-unit column and the org unit otherwise.
//
// Parsing never fails on a cell: cells are kept as text and parsed by the
// loader so that every bad cell is reported with its location. Whole-file
// problems (unreadable file, no header row, a required column missing) are
// returned as *FileError, whose Error text is a Chinese message for users.
package parse
