package web

import (
	"fmt"

	"industrydash/internal/store"
)

// The Chinese messages of store failures, rendered here at the edge from
// the error's code and subject; the store's own text (English, with the
// driver's cause) goes to the log only.

var entityNames = map[string]string{
	"user":         "用户",
	"session":      "登录会话",
	"token":        "API 令牌",
	"submission":   "填报记录",
	"outbox entry": "待发布记录",
}

// notFoundMessage names the missing record when the error says which.
func notFoundMessage(err error) string {
	entity, key, _ := store.Subject(err)
	name, ok := entityNames[entity]
	switch {
	case ok && key != "":
		return fmt.Sprintf("%s“%s”不存在，请检查链接或刷新页面后重试", name, key)
	case ok:
		return name + "不存在，请检查链接或刷新页面后重试"
	}
	return "所请求的记录不存在，请检查链接或刷新页面后重试"
}

// conflictMessage says what someone else changed first.
func conflictMessage(err error) string {
	entity, key, _ := store.Subject(err)
	switch entity {
	case "user":
		return fmt.Sprintf("登录名“%s”已被使用，请换一个", key)
	case "submission":
		return fmt.Sprintf("填报记录“%s”刚被他人修改，本次操作未执行；请刷新页面查看最新内容后重试", key)
	}
	return "数据刚被他人修改，请刷新后重试"
}
