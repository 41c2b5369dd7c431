package web

import (
	"errors"
	"io"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/load"
	"industrydash/internal/review"
)

// importPageData is what the 数据导入 page shows after an upload.
type importPageData struct {
	File    string
	Summary *load.Summary
	Message string
	OK      bool
}

// importPage serves GET /import: the analysts' upload of actuals files.
func (h *Handler) importPage(c *fiber.Ctx) error {
	return h.render(c, "import", pageData{Title: "数据导入", Nav: "import", Data: importPageData{}})
}

// importUpload serves POST /import: the file goes through the same loader as
// `ingest actuals`, all or nothing, and the page lists every located issue.
func (h *Handler) importUpload(c *fiber.Ctx) error {
	fh, err := c.FormFile("file")
	if err != nil {
		return h.importFailed(c, "", nil, &review.InputError{Msg: "请选择要导入的文件（CSV、XLSX 或 JSON）"})
	}
	if fh.Size > review.MaxImportBytes {
		return h.importFailed(c, fh.Filename, nil, &review.InputError{Msg: "文件过大，请拆分后上传，或由管理员用 ingest actuals 命令导入"})
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
	sum, err := h.review.ImportFile(c.UserContext(), actor(c), fh.Filename, b, c.FormValue("accept_warnings") == "1")
	if err != nil {
		return h.importFailed(c, fh.Filename, sum, err)
	}
	h.metrics.IngestRows("import", sum.Loaded)
	return h.render(c, "import", pageData{Title: "数据导入", Nav: "import",
		Data: importPageData{File: fh.Filename, Summary: sum, OK: true}})
}

// importFailed shows a rejected upload with its reasons (HTTP 422), or passes
// other errors to the error handler.
func (h *Handler) importFailed(c *fiber.Ctx, file string, sum *load.Summary, err error) error {
	var ie *review.InputError
	switch {
	case errors.Is(err, load.ErrRejected):
		c.Status(fiber.StatusUnprocessableEntity)
		return h.render(c, "import", pageData{Title: "数据导入", Nav: "import",
			Data: importPageData{File: file, Summary: sum, Message: err.Error()}})
	case errors.As(err, &ie):
		c.Status(fiber.StatusBadRequest)
		return h.render(c, "import", pageData{Title: "数据导入", Nav: "import",
			Data: importPageData{File: file, Message: ie.Msg}})
	}
	return err
}
