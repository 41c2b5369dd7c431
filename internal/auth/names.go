package auth

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"industrydash/internal/msg"
)

// CanonicalName is the form a login name is stored and compared in: NFKC
// (full-width ＡＤＭＩＮ becomes ADMIN) then Unicode case folding, so
// Admin1, admin1 and ＡＤＭＩＮ1 are one account.
func CanonicalName(name string) string {
	return cases.Fold().String(norm.NFKC.String(strings.TrimSpace(name)))
}

// MaxPasswordLength is the longest password accepted, in characters: a
// longer one only costs hashing time.
const MaxPasswordLength = 256

//go:embed common_passwords.txt
var commonPasswordList string

// commonStems are the entries of common_passwords.txt.
var commonStems = map[string]bool{}

func init() {
	for _, l := range strings.Split(commonPasswordList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			commonStems[CanonicalName(l)] = true
		}
	}
}

// isCommon reports whether folded (a case-folded password) is a common
// password: a listed stem, alone or with digits and punctuation around it,
// or a run of digits, keyboard row or one repeated character with some
// digits and punctuation.
func isCommon(folded string) bool {
	stem := strings.TrimFunc(folded, func(r rune) bool { return !unicode.IsLetter(r) })
	if stem == "" || commonStems[stem] || commonStems[folded] {
		return true
	}
	if r, _ := utf8.DecodeRuneInString(stem); strings.Count(stem, string(r)) == utf8.RuneCountInString(stem) {
		return true // aaaa, 密密密密 with digits around
	}
	return false
}

// charClasses counts the character classes of pw among upper-case letters,
// lower-case letters, digits and everything else (punctuation, symbols,
// Chinese characters).
func charClasses(pw string) int {
	var upper, lower, digit, other int
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	return upper + lower + digit + other
}

// CheckPassword applies the password policy (等保2.0 level 3) to pw for the
// account called name: at least MinPasswordLength and at most
// MaxPasswordLength characters, at least three of the four classes
// (upper-case, lower-case, digits, symbols), not the login name, not a
// common password, not one character repeated. The error's text tells the
// user what to do.
func CheckPassword(name, pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return ErrWeakPassword
	case n > MaxPasswordLength:
		return msg.New(msg.AuthPasswordTooLong, MaxPasswordLength)
	}
	folded := CanonicalName(pw)
	if r, _ := utf8.DecodeRuneInString(pw); strings.Count(pw, string(r)) == n {
		return msg.New(msg.AuthPasswordOneChar)
	}
	if cn := CanonicalName(name); cn != "" && (folded == cn || strings.Contains(folded, cn) && n-utf8.RuneCountInString(cn) < 4) {
		return msg.New(msg.AuthPasswordIsName)
	}
	if charClasses(pw) < 3 {
		return msg.New(msg.AuthPasswordClasses)
	}
	if isCommon(folded) {
		return msg.New(msg.AuthPasswordCommon)
	}
	return nil
}

// SafeLoginName reports whether a canonical login name uses the safe
// alphabet: letters (Chinese included), digits, combining marks and . _ -,
// starting with a letter or digit. A name therefore never starts with
// = + - @ (a formula in a spreadsheet export), never holds spaces, quotes,
// slashes or angle brackets.
func SafeLoginName(name string) bool {
	for i, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case i > 0 && (unicode.Is(unicode.Mn, r) || r == '.' || r == '_' || r == '-'):
		default:
			return false
		}
	}
	return name != ""
}
