package web_test

import (
	"strings"
	"testing"

	"industrydash/internal/store"
)

// TestStoreErrorsSpeakChinese: a missing submission reaches the user as a
// Chinese sentence naming it, never as the store's English text.
func TestStoreErrorsSpeakChinese(t *testing.T) {
	e := newEnv(t, false)
	ana := e.token(t, store.RoleAnalyst, "")
	resp, body := e.do(t, "POST", "/api/v1/submissions/150203-2031-01/approve", `{}`,
		"Authorization", "Bearer "+ana, "Content-Type", "application/json")
	if resp.StatusCode != 404 {
		t.Fatalf("approve a missing submission: %d %s", resp.StatusCode, body)
	}
	if !strings.Contains(body, "填报记录“150203-2031-01”不存在") || strings.Contains(body, "not found") || strings.Contains(body, "store") {
		t.Fatalf("message %s: want a Chinese sentence naming the submission, without the store's text", body)
	}
}
