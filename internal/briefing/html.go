package briefing

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"

	"industrydash/internal/palette"
)

//go:embed templates/briefing.html
var templateFS embed.FS

// page is parsed once at start-up: a broken template fails the program's
// start, not a request.
var page = template.Must(template.ParseFS(templateFS, "templates/briefing.html"))

type htmlView struct {
	B          *Briefing
	Sub        string
	Generated  string
	DemoNotice string
	Blocks     []block
	// Palette declares the status colours (palette.CSSVars).
	Palette template.CSS
}

// Subtitle is the line under the title: issuer and as-of time.
func (b *Briefing) Subtitle() string {
	return b.Issuer + "　数据截至" + b.AsOfLabel()
}

// WriteHTML writes the briefing as a self-contained, print-ready A4 page:
// no script, no external resource, the chart as inline SVG, so that a
// browser, a phone and the PDF printer all show the same thing.
func WriteHTML(w io.Writer, b *Briefing) error {
	v := htmlView{B: b, Sub: b.Subtitle(), Generated: "数据截至" + b.AsOfLabel(), DemoNotice: DemoNotice, Blocks: outline(b),
		Palette: template.CSS(palette.CSSVars())}
	if err := page.Execute(w, v); err != nil {
		return fmt.Errorf("render briefing html: %w", err)
	}
	return nil
}

// HTML returns the briefing page (see WriteHTML).
func HTML(b *Briefing) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
