package web

import (
	"errors"
	"io"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// importPageData is what the 数据导入 page shows after an upload.
type importPageData struct {
	File    string
	Summary *load.Summary
	Message string
	OK      bool
	// Aliases are the indicator aliases analysts added; AliasNote says
	// what the last alias form did.
	Aliases   []store.CatalogueEntry
	AliasNote string
	// Preview is the file read but not loaded, awaiting confirmation.
	Preview *review.Preview
}

// importPage serves GET /import: the analysts' upload of actuals files.
func (h *Handler) importPage(c *fiber.Ctx) error {
	return h.renderImport(c, importPageData{})
}

// renderImport renders the 数据导入 page with the aliases listed.
func (h *Handler) renderImport(c *fiber.Ctx, d importPageData) error {
	aliases, err := h.review.Aliases(c.UserContext())
	if err != nil {
		return err
	}
	d.Aliases = aliases
	return h.render(c, "import", pageData{Title: "数据导入", Nav: "import", Data: d})
}

// importAlias serves POST /import/alias: an analyst adds an indicator
// alias (kept in the fact store's catalogue) for every later import.
func (h *Handler) importAlias(c *fiber.Ctx) error {
	alias, indicator := c.FormValue("alias"), c.FormValue("indicator")
	ind, err := h.review.SaveAlias(c.UserContext(), actor(c), alias, indicator)
	var ie *review.InputError
	if errors.As(err, &ie) {
		c.Status(fiber.StatusBadRequest)
		return h.renderImport(c, importPageData{AliasNote: msg.Text(ie)})
	}
	if err != nil {
		return err
	}
	return h.renderImport(c, importPageData{AliasNote: "已添加别名：“" + alias + "”即指标“" + ind.Name + "”（" + ind.Code + "），此后导入的文件按此匹配。"})
}

// importUpload serves POST /import: the file goes through the same loader as
// `ingest actuals`, all or nothing, and the page lists every located issue.
func (h *Handler) importUpload(c *fiber.Ctx) error {
	if c.FormValue("kind") == "payments" {
		return h.importPayments(c)
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return h.importFailed(c, "", nil, reviewInput(msg.WebChooseImportFile))
	}
	if fh.Size > review.MaxImportBytes {
		return h.importFailed(c, fh.Filename, nil, reviewInput(msg.WebImportTooLarge))
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, review.MaxImportBytes+1))
	if err != nil {
		return err
	}
	if c.FormValue("action") == "preview" {
		pv, err := h.review.PreviewFile(c.UserContext(), actor(c), fh.Filename, b)
		if err != nil {
			return h.importFailed(c, fh.Filename, nil, err)
		}
		return h.renderImport(c, importPageData{File: fh.Filename, Preview: pv})
	}
	sum, err := h.review.ImportFile(c.UserContext(), actor(c), fh.Filename, b, c.FormValue("accept_warnings") == "1")
	if err != nil {
		return h.importFailed(c, fh.Filename, sum, err)
	}
	h.metrics.IngestRows("import", sum.Loaded)
	return h.renderImport(c, importPageData{File: fh.Filename, Summary: sum, OK: true})
}

// importFailed shows a rejected upload with its reasons (HTTP 422), or passes
// other errors to the error handler.
func (h *Handler) importFailed(c *fiber.Ctx, file string, sum *load.Summary, err error) error {
	var ie *review.InputError
	switch {
	case errors.Is(err, load.ErrRejected):
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderImport(c, importPageData{File: file, Summary: sum, Message: msg.Text(err)})
	case errors.As(err, &ie):
		c.Status(fiber.StatusBadRequest)
		return h.renderImport(c, importPageData{File: file, Message: msg.Text(ie)})
	}
	return err
}

// importPayments is the 数据导入 page's 支付数据 choice: the file goes
// through the budget's payments loader, like `ingest payments`.
func (h *Handler) importPayments(c *fiber.Ctx) error {
	sum, name, err := h.loadPayments(c)
	var ls *load.Summary
	if sum != nil {
		ls = &sum.Summary
	}
	var fe *parse.FileError
	if errors.As(err, &fe) {
		err = &review.InputError{Err: fe}
	}
	if err != nil {
		return h.importFailed(c, name, ls, err)
	}
	return h.renderImport(c, importPageData{File: name, Summary: ls, OK: true})
}

// importConfirm serves POST /import/confirm: the previewed file loads with
// the names the analyst mapped (map_from_N → map_to_N, unit_from_N →
// unit_to_N), saved as a named layout when one is given.
func (h *Handler) importConfirm(c *fiber.Ctx) error {
	m := review.Mapping{Names: map[string]string{}, Units: map[string]string{}, Layout: c.FormValue("layout")}
	for i := 0; i < maxMappedNames; i++ {
		n := strconv.Itoa(i)
		if from := c.FormValue("map_from_" + n); from != "" {
			m.Names[from] = c.FormValue("map_to_" + n)
		}
		if from := c.FormValue("unit_from_" + n); from != "" {
			m.Units[from] = c.FormValue("unit_to_" + n)
		}
	}
	sum, name, err := h.review.ConfirmFile(c.UserContext(), actor(c), c.FormValue("token"), m, c.FormValue("accept_warnings") == "1")
	if err != nil {
		return h.importFailed(c, name, sum, err)
	}
	h.metrics.IngestRows("import", sum.Loaded)
	return h.renderImport(c, importPageData{File: name, Summary: sum, OK: true})
}

// maxMappedNames bounds the mapping fields a confirmation reads.
const maxMappedNames = 200
