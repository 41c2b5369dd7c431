package auth

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
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

// commonPasswords are refused whatever their length: the ten-character and
// longer entries of the usual leaked-password lists, in case-folded form.
var commonPasswords = map[string]bool{}

func init() {
	for _, p := range []string{
		"0123456789", "1234567890", "12345678901", "123456789a", "123456789abc", "1234567890a", "1234567890q",
		"a123456789", "a1234567890", "aa123456789", "abc1234567", "abcd123456", "abcd1234567", "abcdefghij",
		"qwertyuiop", "qwerty12345", "qwerty123456", "1qaz2wsx3edc", "1q2w3e4r5t", "q1w2e3r4t5", "zxcvbnm123",
		"password12", "password123", "password1234", "passw0rd123", "p@ssw0rd123", "p@ssword123", "iloveyou123",
		"admin12345", "admin123456", "admin@123456", "administrator", "woaini1314", "woaini520520", "5201314520",
		"1314520520", "asdfghjkl1", "asdfghjkl;", "qazwsxedcrfv", "11223344556", "1122334455", "12341234123",
		"baotou2024", "baotou123456", "test123456", "changeme123", "welcome123", "letmein1234",
	} {
		commonPasswords[p] = true
	}
}

// CheckPassword applies the password policy to pw for the account called
// name: at least MinPasswordLength and at most MaxPasswordLength
// characters, not the login name, not a common password, not one character
// repeated. The error's text tells the user what to do.
func CheckPassword(name, pw string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return ErrWeakPassword
	case n > MaxPasswordLength:
		return fmt.Errorf("密码不能超过 %d 个字符，请换一个短一些的密码", MaxPasswordLength)
	}
	folded := CanonicalName(pw)
	if cn := CanonicalName(name); cn != "" && (folded == cn || strings.Contains(folded, cn) && n-utf8.RuneCountInString(cn) < 4) {
		return fmt.Errorf("密码不能是登录名或在登录名后加几位字符，请换一个别人猜不到的密码")
	}
	if commonPasswords[folded] {
		return fmt.Errorf("这个密码过于常见（在泄露密码表中），很容易被猜中，请换一个")
	}
	if r, _ := utf8.DecodeRuneInString(pw); strings.Count(pw, string(r)) == n {
		return fmt.Errorf("密码不能由同一个字符重复组成，请换一个")
	}
	return nil
}
