package web

import "strings"

// Words a user reads for the product's own codes: where a value was
// recorded from and by whom. A user's own words (a file name, an account
// name) pass unchanged; the product never shows an English code it wrote
// itself.

// sourceWords names the sources the product records itself.
var sourceWords = map[string]string{
	"demo": "示例数据",
	"web":  "网页填报",
	"api":  "接口报送",
	"perf": "绩效运行监控表",
	"seed": "内置目标目录", "seeds": "内置目标目录",
	"plan": "计划文本", "extract": "计划文本提取",
}

// sourceLabel is the Chinese name of an observation's or a batch's source.
func sourceLabel(s string) string {
	if w, ok := sourceWords[strings.ToLower(strings.TrimSpace(s))]; ok {
		return w
	}
	return s
}

// recorderLabel is who recorded a value: the account name, or the
// product's own recorder in Chinese (示例数据, 内置目标目录).
func recorderLabel(s string) string { return sourceLabel(s) }
