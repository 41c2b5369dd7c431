package extract

import (
	"strings"
	"unicode"
)

// span is normalised text with, for every rune, its rune offset in the
// original text, so that a proposal can point back at what the user pasted.
type span struct {
	r   []rune
	off []int
}

func (s span) String() string { return string(s.r) }

func (s span) slice(i, j int) span { return span{s.r[i:j], s.off[i:j]} }

// paragraph is a run of lines joined back together (a PDF extraction breaks
// sentences across lines), with the section heading it stands under.
type paragraph struct {
	span
	section string
	// written is the section as the text writes it (traditional kept).
	written string
	// part is the level-1 heading (一、…) the paragraph stands under.
	part    string
	heading bool
}

// asWritten gives back, for every rune of sp, the character of orig it was
// simplified from (萬 for 万); other normalisation (full-width digits,
// dropped spaces) stays.
func asWritten(orig []rune, sp span) string {
	out := make([]rune, len(sp.r))
	for k, c := range sp.r {
		if o := sp.off[k]; o < len(orig) && orig[o] != c && simplify(orig[o]) == c {
			c = orig[o]
		}
		out[k] = c
	}
	return string(out)
}

// normalizeRune maps full-width digits, letters and signs to ASCII and
// traditional characters to simplified (trad.go); it returns 0 for runes to
// drop.
func normalizeRune(r rune) rune {
	switch {
	case r >= 0x4e00 && r <= 0x9fff:
		return simplify(r)
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - 0xFEE0
	case r == '％':
		return '%'
	case r == '．':
		return '.'
	case r == '＋':
		return '+'
	case r == '*':
		return 0
	}
	return r
}

func isASCIIAlnum(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// lines splits text into normalised lines. Spaces are dropped except between
// two ASCII letters or digits ("HJT BC"), because a PDF extraction puts them
// around every number ("15 座 以上"); tabs and | (table cells) end a line.
func lines(text string) []span {
	var out []span
	var cur span
	flush := func() {
		out = append(out, cur)
		cur = span{}
	}
	rs := []rune(text)
	skipTo := -1
	for i, r := range rs {
		if i < skipTo {
			continue
		}
		if n := pinyinAfter(rs, i); n > 0 {
			skipTo = i + n // "增長(zhǎng)5%": a reading added by a converter
			continue
		}
		if r == '\n' || r == '\r' || r == '\t' || r == '|' || r == '｜' {
			flush()
			continue
		}
		if r == ' ' || r == '\u3000' || r == '\u00a0' {
			if len(cur.r) > 0 && isASCIIAlnum(cur.r[len(cur.r)-1]) && i+1 < len(rs) && isASCIIAlnum(normalizeRune(rs[i+1])) {
				cur.r = append(cur.r, ' ')
				cur.off = append(cur.off, i)
			}
			continue
		}
		n := normalizeRune(r)
		if n == 0 {
			continue
		}
		cur.r = append(cur.r, n)
		cur.off = append(cur.off, i)
	}
	flush()
	return out
}

// pinyinAfter is the length of a pinyin reading in ASCII brackets that
// starts at i right after a Chinese character ("內(nèi)蒙古", "了(le/liǎo)解"),
// or 0. Some sites that convert to traditional characters add them.
func pinyinAfter(rs []rune, i int) int {
	if rs[i] != '(' || i == 0 || !unicode.Is(unicode.Han, rs[i-1]) {
		return 0
	}
	letters := 0
	for k := i + 1; k < len(rs) && k <= i+maxPinyinRunes; k++ {
		switch c := rs[k]; {
		case c == ')':
			if letters == 0 {
				return 0
			}
			return k - i + 1
		case c == ' ' || c == '/':
		case unicode.Is(unicode.Latin, c) && unicode.IsLower(c):
			letters++
		default:
			return 0
		}
	}
	return 0
}

// maxPinyinRunes bounds a reading in brackets ("(yī / yì /yí)").
const maxPinyinRunes = 20

var terminators = "。；！？：;!?:"

// paragraphs joins lines into paragraphs: a line continues the paragraph
// before it unless that one ended a sentence or is a heading, or the line
// starts like a heading or a numbered point. Each paragraph carries the
// section it stands under (the last （一） heading within the last 一、 part).
func paragraphs(text string) []paragraph {
	var out []paragraph
	var level1, level2, written1, written2 string
	orig := []rune(text)
	var cur *paragraph
	closed := true
	for _, ln := range lines(text) {
		s := strings.TrimSpace(ln.String())
		if s == "" {
			continue
		}
		h1 := headingLevel1.MatchString(s)
		h2 := headingLevel2.MatchString(s)
		startsNew := h1 || h2 || paragraphHead.MatchString(s)
		if !closed && !startsNew && cur != nil {
			cur.r = append(cur.r, ln.r...)
			cur.off = append(cur.off, ln.off...)
			closed = strings.ContainsRune(terminators, cur.r[len(cur.r)-1])
			continue
		}
		heading := (h1 || h2) && len([]rune(s)) <= maxHeadingRunes && !strings.ContainsAny(s, "。；")
		// A short numbered point ("4.实施方案") is a heading too, though not a section.
		shortPoint := !heading && paragraphHead.MatchString(s) && len([]rune(s)) <= maxPointHeadingRunes && !strings.ContainsRune(terminators, []rune(s)[len([]rune(s))-1])
		if heading {
			w := strings.TrimSpace(asWritten(orig, ln))
			if h1 {
				level1, level2, written1, written2 = s, "", w, ""
			} else {
				level2, written2 = s, w
			}
		}
		section, written := level2, written2
		if section == "" {
			section, written = level1, written1
		}
		out = append(out, paragraph{span: ln, section: section, written: written, part: level1, heading: heading})
		cur = &out[len(out)-1]
		// A short line without punctuation that opens a paragraph is a
		// title ("2025年工作要点"), never the start of a sentence a PDF
		// extraction broke: body lines run the page's width.
		title := len([]rune(s)) <= maxTitleRunes && !strings.ContainsAny(s, "，,、；;。：:")
		closed = heading || shortPoint || title || strings.ContainsRune(terminators, ln.r[len(ln.r)-1])
	}
	return out
}

// nesting tracks quotes, brackets and book titles: a number inside them is
// part of a name (“四个一”, 《…（2023-2025年）》, （新增1个）).
var openers = map[rune]rune{'“': '”', '‘': '’', '《': '》', '（': '）', '(': ')', '【': '】', '「': '」', '〔': '〕', '"': '"'}

// depths returns, for every rune, how deeply it is nested.
func depths(r []rune) []int {
	d := make([]int, len(r))
	var stack []rune
	for i, c := range r {
		if len(stack) > 0 && c == stack[len(stack)-1] {
			d[i] = len(stack)
			stack = stack[:len(stack)-1]
			continue
		}
		if closer, ok := openers[c]; ok {
			stack = append(stack, closer)
			d[i] = len(stack)
			continue
		}
		d[i] = len(stack)
	}
	return d
}

// splitAt cuts [0,len) at the runes in seps that are not nested, and returns
// the pieces' [start,end) bounds (separators excluded, empty pieces kept).
func splitAt(r []rune, d []int, lo, hi int, seps string) [][2]int {
	var out [][2]int
	start := lo
	for i := lo; i < hi; i++ {
		if d[i] == 0 && strings.ContainsRune(seps, r[i]) && !thousands(r, i) {
			out = append(out, [2]int{start, i})
			start = i + 1
		}
	}
	return append(out, [2]int{start, hi})
}

// thousands reports whether r[i] is a thousands separator ("3,000亿元").
func thousands(r []rune, i int) bool {
	return r[i] == ',' && i > 0 && i+3 < len(r) && isDigit(r[i-1]) && isDigit(r[i+1]) && isDigit(r[i+2]) && isDigit(r[i+3])
}

func hasPrefixAt(r []rune, i int, w string) bool {
	wr := []rune(w)
	if i < 0 || i+len(wr) > len(r) {
		return false
	}
	for k, c := range wr {
		if r[i+k] != c {
			return false
		}
	}
	return true
}

func hasSuffixAt(r []rune, end int, w string) bool {
	return hasPrefixAt(r, end-len([]rune(w)), w)
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// compact drops punctuation and spaces, for comparing names.
func compact(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) && r != '%' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
