package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"

	"industrydash/internal/msg"
)

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 10

// argon2id parameters: 19 MiB, 2 passes, 1 lane (the OWASP baseline for
// argon2id). They are written into every hash, so raising them later keeps
// old hashes verifiable.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// ErrWeakPassword is returned for a password that breaks the policy; its
// text tells the user what to do.
var ErrWeakPassword = msg.New(msg.AuthPasswordTooShort, MinPasswordLength)

// HashPassword returns an argon2id PHC string:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash> (unpadded standard base64).
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// VerifyPassword reports whether pw matches the PHC string, in constant time
// with respect to the hash. A malformed hash never matches.
func VerifyPassword(phc, pw string) bool {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var ver int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &ver); err != nil || ver != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 64 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when a login names no user, so that an
// unknown name takes as long as a wrong password.
var dummyHash, _ = HashPassword("industrydash-dummy-password")

// NewSecret returns 32 random bytes, URL-safe base64: session cookies, CSRF
// tokens and API tokens.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret is the stored form of a session cookie or API token: SHA-256 hex.
func HashSecret(s string) string {
	h := hashOf(s)
	return string(h[:])
}

// secretHash is HashSecret's answer in a fixed array, so that the check of
// a credential on every request can look it up without allocating.
type secretHash [2 * sha256.Size]byte

// hashOf is HashSecret without allocating (for secrets of up to 128 bytes:
// cookies and tokens are 43 and 47).
func hashOf(s string) secretHash {
	var (
		buf [128]byte
		sum [sha256.Size]byte
		h   secretHash
	)
	if len(s) <= len(buf) {
		sum = sha256.Sum256(append(buf[:0], s...)) // the copy stays on the stack
	} else {
		sum = sha256.Sum256([]byte(s))
	}
	hex.Encode(h[:], sum[:])
	return h
}

// SameSecret compares two secrets in constant time.
func SameSecret(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func newID(prefix string) string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}
