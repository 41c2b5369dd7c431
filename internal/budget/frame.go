package budget

import (
	"encoding/json"
	"time"
)

// Frame is a year's budget besides its lines: the department, its budget
// units and the projects' performance indicators. It is stored with the
// lines whenever a budget is loaded, so that a year loaded from a folder
// (next year's budget, a unit renamed or added) is served as loaded; the
// built-in seed is only where the demo starts.
type Frame struct {
	Year       int             `json:"year"`
	Department string          `json:"department"`
	Units      []Unit          `json:"units"`
	Indicators []PerfIndicator `json:"indicators"`
	// Order is the line codes in the tables' order (the disclosure's), so
	// that reports list lines as the budget prints them.
	Order      []string  `json:"order"`
	RecordedAt time.Time `json:"recorded_at"`
	RecordedBy string    `json:"recorded_by,omitempty"`
}

// FrameOf is b's frame.
func FrameOf(b *Budget) Frame {
	f := Frame{Year: b.Year, Department: b.Department, Units: b.Units, Indicators: b.Indicators}
	for _, l := range b.Lines {
		f.Order = append(f.Order, l.Code)
	}
	return f
}

// SameContent reports whether two frames say the same thing (times and
// recorders aside).
func (f Frame) SameContent(o Frame) bool {
	f.RecordedAt, o.RecordedAt = time.Time{}, time.Time{}
	f.RecordedBy, o.RecordedBy = "", ""
	a, errA := json.Marshal(f)
	b, errB := json.Marshal(o)
	return errA == nil && errB == nil && string(a) == string(b)
}

// CurrentFrames reduces frame versions to the latest of each year, ordered
// by year.
func CurrentFrames(versions []Frame) []Frame {
	latest := map[int]Frame{}
	var years []int
	for _, f := range versions {
		c, ok := latest[f.Year]
		if !ok {
			years = append(years, f.Year)
		}
		if !ok || !f.RecordedAt.Before(c.RecordedAt) {
			latest[f.Year] = f
		}
	}
	out := make([]Frame, 0, len(years))
	for _, y := range years {
		out = append(out, latest[y])
	}
	sortFrames(out)
	return out
}

func sortFrames(fs []Frame) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].Year < fs[j-1].Year; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}
