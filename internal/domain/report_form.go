package domain

// ReportForm is a monthly report (报表): which indicators which units report,
// due on DueDay of the month after the period (每月5日).
type ReportForm struct {
	Code   string       `json:"code"`
	Name   string       `json:"name"`
	DueDay int          `json:"due_day"`
	Lines  []ReportLine `json:"lines"`
}

// ReportLine is one indicator of a form and the units that report it.
type ReportLine struct {
	Indicator string    `json:"indicator"`
	ValueType ValueType `json:"value_type"`
	// Units lists unit kinds (district, zone …) or unit codes.
	Units []string `json:"units"`
}

// LinesFor returns the form's lines unit u reports, in file order.
func (f ReportForm) LinesFor(u OrgUnit) []ReportLine {
	var out []ReportLine
	for _, l := range f.Lines {
		for _, x := range l.Units {
			if x == string(u.Kind) || x == u.Code {
				out = append(out, l)
				break
			}
		}
	}
	return out
}
