package parse_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"industrydash/internal/parse"
)

func streamAll(t *testing.T, data string, lim parse.Limits) ([][]string, []int, error) {
	t.Helper()
	var rows [][]string
	var lines []int
	err := parse.CSVStream(strings.NewReader(data), lim, func(line int, rec []string) error {
		rows = append(rows, append([]string(nil), rec...))
		lines = append(lines, line)
		return nil
	})
	return rows, lines, err
}

func TestCSVStreamDecodesLikeReadCSV(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("企业代码,日期\nE1,2024-03-01\n")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"utf-8":     "企业代码,日期\nE1,2024-03-01\n",
		"utf-8 BOM": "\xEF\xBB\xBF企业代码,日期\nE1,2024-03-01\n",
		"gbk":       gbk,
		"tabs":      "企业代码\t日期\nE1\t2024-03-01\n",
		"crlf":      "企业代码,日期\r\nE1,2024-03-01\r\n",
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			rows, lines, err := streamAll(t, data, parse.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2 || rows[0][0] != "企业代码" || rows[1][1] != "2024-03-01" || lines[1] != 2 {
				t.Fatalf("rows %q lines %v", rows, lines)
			}
		})
	}
}

func TestCSVStreamCapsLines(t *testing.T) {
	data := "a,b\n1,2\n" + strings.Repeat("x", 2000) + "\n3,4\n"
	_, _, err := streamAll(t, data, parse.Limits{MaxLineBytes: 1024})
	var tl *parse.LineTooLongError
	if !errors.As(err, &tl) || tl.Line != 3 {
		t.Fatalf("err = %v, want line 3 too long", err)
	}
	if _, _, err := streamAll(t, data, parse.Limits{MaxLineBytes: 4096}); err != nil {
		t.Fatalf("within the cap: %v", err)
	}
}
