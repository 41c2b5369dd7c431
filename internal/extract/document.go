package extract

import (
	"fmt"
	"regexp"
	"strings"
)

// documentNumber finds a 发文字号: an issuer's abbreviation ending in 发/函/
// 字/办/令/文/电, the year in 〔〕 (or [] 【】 () ［］) and the number (包府发〔2025〕1号).
var documentNumber = regexp.MustCompile(`([\p{Han}]{1,10}?(?:办发|发|函|字|令|文|电|办))[〔\[【（(［]((?:19|20)[0-9]{2})[〕\]】）)］]第?([0-9]{1,4})号`)

// documentLead are words that may stand before a document number without
// belonging to it (根据包府发〔2024〕3号).
var documentLead = regexp.MustCompile(`^(根据|按照|依据|依照|参照|见|经|关于|印发|转发|落实|贯彻|文号|发文字号)+`)

// referenceLead before a number means it cites another document.
var referenceLead = []string{"根据", "按照", "依据", "依照", "参照", "转发", "落实", "贯彻", "见", "精神"}

// headLines: a document number not on a line of its own is the plan's only
// within this many first lines (a title "…的通知（包府发〔2025〕1号）");
// further down it cites another document.
const headLines = 12

var (
	arabicDate  = regexp.MustCompile(`((?:19|20)[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日`)
	chineseDate = regexp.MustCompile(`([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日`)
	// dateLineRest: what may stand after a document's date on its line.
	dateLineRest = regexp.MustCompile(`^(印发|发布|签发|公布)?[）)]?$`)
)

// labelledDate is a document's date as a government site labels it
// ("成文日期：2025-01-20", "印发日期:2025年1月20日").
var labelledDate = regexp.MustCompile(`(成文日期|印发日期|发文日期|签发日期)[:：]?((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})`)

// maxDateLine: a line longer than this that ends with a date is body text.
const maxDateLine = 40

// documentOf returns the plan's own document number and date (YYYY-MM-DD)
// when the text states them: a number on a line of its own, else the first
// one that does not cite another document; the date a line ends with (the
// signature or 印发 date), in Arabic or Chinese numerals.
func documentOf(text string) (doc, date string) {
	var firstDoc string
	labelled := false
	n := 0
	for _, ln := range lines(text) {
		s := strings.TrimSpace(ln.String())
		if s == "" {
			continue
		}
		n++
		if doc == "" {
			for _, m := range documentNumber.FindAllStringSubmatchIndex(s, -1) {
				before := s[:m[0]]
				issuer := documentLead.ReplaceAllString(s[m[2]:m[3]], "")
				if issuer == "" {
					continue
				}
				num := issuer + "〔" + s[m[4]:m[5]] + "〕" + s[m[6]:m[7]] + "号"
				ownLine := strings.Trim(before, "　 ：:文号发文字号") == "" && strings.TrimSpace(s[m[1]:]) == ""
				if ownLine {
					doc = num
					break
				}
				cited := containsAny(before+s[m[2]:m[3]], referenceLead)
				if firstDoc == "" && !cited && n <= headLines {
					firstDoc = num
				}
			}
		}
		if m := labelledDate.FindStringSubmatch(s); m != nil && !labelled {
			if d := ymd(m[2], m[3], m[4]); d != "" {
				date, labelled = d, true // "成文日期：2025-01-20": the page's own record
			}
		}
		if date == "" && len([]rune(s)) <= maxDateLine {
			date = lineDate(s)
		}
	}
	if doc == "" {
		doc = firstDoc
	}
	return doc, date
}

// lineDate is the date a line ends with, or "".
func lineDate(s string) string {
	bracketed := strings.HasPrefix(s, "（") || strings.HasPrefix(s, "(")
	s = strings.TrimLeft(s, "（(")
	if bracketed { // "（2025年1月20日市第十六届人民代表大会第四次会议通过）"
		if m := arabicDate.FindStringSubmatchIndex(s); m != nil && m[0] == 0 {
			return ymd(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]])
		}
		if m := chineseDate.FindStringSubmatchIndex(s); m != nil && m[0] == 0 {
			return chineseYMD(s, m)
		}
	}
	if m := arabicDate.FindAllStringSubmatchIndex(s, -1); m != nil {
		last := m[len(m)-1]
		if dateLineRest.MatchString(s[last[1]:]) {
			return ymd(s[last[2]:last[3]], s[last[4]:last[5]], s[last[6]:last[7]])
		}
	}
	if m := chineseDate.FindAllStringSubmatchIndex(s, -1); m != nil {
		last := m[len(m)-1]
		if dateLineRest.MatchString(s[last[1]:]) {
			return chineseYMD(s, last)
		}
	}
	return ""
}

func ymd(y, m, d string) string {
	var yi, mi, di int
	fmt.Sscan(y, &yi)
	fmt.Sscan(m, &mi)
	fmt.Sscan(d, &di)
	if mi < 1 || mi > 12 || di < 1 || di > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}

// chineseYear is a year in Chinese numerals (二〇二五年).
var chineseYear = regexp.MustCompile(`[二][〇零][〇零一二三四五六七八九]{2}年`)

// documentYear is the year of a document number (〔2025〕) or else of its
// date, or 0.
func documentYear(doc, date string) int {
	var y int
	if i := strings.Index(doc, "〔"); i >= 0 {
		fmt.Sscan(doc[i+len("〔"):], &y)
	}
	if y == 0 && len(date) >= 4 {
		fmt.Sscan(date[:4], &y)
	}
	return y
}

// chineseYMD reads a chineseDate match m of s.
func chineseYMD(s string, m []int) string {
	var y strings.Builder
	for _, r := range s[m[2]:m[3]] {
		y.WriteString(fmt.Sprint(int(chineseDigits[r])))
	}
	mo, _ := parseChinese([]rune(s[m[4]:m[5]]))
	d, _ := parseChinese([]rune(s[m[6]:m[7]]))
	return ymd(y.String(), fmt.Sprint(int(mo)), fmt.Sprint(int(d)))
}
