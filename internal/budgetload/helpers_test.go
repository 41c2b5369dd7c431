package budgetload_test

import (
	"encoding/csv"
	"fmt"
	"strings"
)

func splitCSV(line string) []string {
	r := csv.NewReader(strings.NewReader(line))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		panic(err)
	}
	return rec
}

func fmtSscan(s string, v *float64) (int, error) { return fmt.Sscan(s, v) }
