// Package palette is the one set of status colours (达标 green, 略慢 amber,
// 滞后 red, 无数据 grey) every surface uses: the pages' CSS, the charts, the
// 简报's page, SVG, Word and Excel. A colour is the same wherever a reader
// meets the same status. Standard library only.
package palette

import (
	"strings"
)

// status maps a traffic-light key to its colour: dark enough to read as
// text on white and to tell apart printed in grey.
var status = map[string]string{
	"green": "#2e7d32",
	"amber": "#ef8f00",
	"red":   "#c62828",
	"grey":  "#8f959e",
}

// Keys are the status keys, in the order a legend lists them.
var Keys = []string{"green", "amber", "red", "grey"}

// Status returns the CSS colour of a status key ("#2e7d32"); unknown keys
// are grey.
func Status(key string) string {
	if c, ok := status[key]; ok {
		return c
	}
	return status["grey"]
}

// Hex returns the colour as Office files write it: "2E7D32".
func Hex(key string) string { return strings.ToUpper(strings.TrimPrefix(Status(key), "#")) }

// CSSVars declares the colours as CSS custom properties for a :root rule:
// "--green:#2e7d32;--amber:#ef8f00;…".
func CSSVars() string {
	var b strings.Builder
	for _, k := range Keys {
		b.WriteString("--" + k + ":" + status[k] + ";")
	}
	return b.String()
}
