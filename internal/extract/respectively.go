package extract

import (
	"fmt"
	"strings"
)

// respectivelyWord pairs a list of subjects with a list of numbers
// ("城乡居民人均可支配收入分别增长6%和6.5%").
const respectivelyWord = "分别"

// urbanRural splits a 城乡 subject into its two parts, in the order plans
// give their numbers: 城镇 first, then 农村.
var urbanRural = [2]string{"城镇", "农村"}

// respectively proposes the targets of a clause [lo,hi) that gives several
// subjects their numbers with 分别: "城乡居民人均可支配收入分别增长5.5%、7%" is
// 城镇居民… 5.5% and 农村居民… 7%; "装备制造业、高技术制造业增加值分别增长9%、
// 10%" names each subject with the words the last one ends with. It returns
// false when the clause is not such a list or the counts differ.
func (x *extractor) respectively(p paragraph, d []int, sLo, lo, hi int, qs []quantity) ([]Proposal, bool) {
	r := p.r
	at := -1
	for i := lo; i < hi; i++ {
		if d[i] == 0 && hasPrefixAt(r, i, respectivelyWord) {
			at = i
			break
		}
	}
	if at < 0 || len(qs) < 2 || qs[0].start < at {
		return nil, false
	}
	for _, q := range qs[1:] {
		if q.unit != qs[0].unit {
			return nil, false
		}
	}
	subject := cleanName(levelWords.Replace(string(r[lo:at])))
	verb := strings.TrimSpace(string(r[at+len([]rune(respectivelyWord)) : qs[0].start]))
	var names []string
	if rest, ok := strings.CutPrefix(subject, "城乡"); ok && len(qs) == 2 {
		names = []string{urbanRural[0] + rest, urbanRural[1] + rest}
	} else {
		parts := strings.Split(subject, "、")
		if len(parts) != len(qs) {
			return nil, false
		}
		last := parts[len(parts)-1]
		for i, part := range parts[:len(parts)-1] {
			parts[i] = part + sharedTail(part, last)
		}
		names = parts
	}
	var out []Proposal
	for i, q := range qs {
		prop := Proposal{Name: names[i] + verb, Value: q.value, ValueHigh: q.high, Unit: q.unit}
		prop.Comparator = x.comparator(r, q.start, q, &prop)
		year, ok := x.yearOf(r, d, sLo, q.start)
		prop.Year = year
		if !ok {
			prop.Reason = fmt.Sprintf("目标年份为%d年，不是%d年", year, x.year)
		}
		out = append(out, prop)
	}
	x.lastName = ""
	return out, true
}

// sharedTail is what the last subject of a list has after the words it
// shares with part ("装备制造业" and "高技术制造业增加值" share 制造业: the tail
// is 增加值), or "".
func sharedTail(part, last string) string {
	pr := []rune(part)
	if len(pr) < 2 {
		return ""
	}
	end := string(pr[len(pr)-2:])
	i := strings.LastIndex(last, end)
	if i < 0 {
		return ""
	}
	return last[i+len(end):]
}
