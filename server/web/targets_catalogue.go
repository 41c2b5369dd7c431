package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/msg"
	"industrydash/internal/review"
	"industrydash/internal/targets"
)

// readUpload reads an uploaded file, at most review.MaxImportBytes.
func readUpload(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, review.MaxImportBytes+1))
}

// targetsCatalogue serves POST /targets/catalogue: uploaded catalogue files
// (targets_YYYY.csv/.xlsx, optionally indicators and org_units) go through
// the same validation as `ingest targets`, all or nothing.
func (h *Handler) targetsCatalogue(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	mf, err := c.MultipartForm()
	if err != nil || len(mf.File["files"]) == 0 {
		return badRequest(msg.WebNoCatalogueFile)
	}
	var files []targets.File
	for _, fh := range mf.File["files"] {
		if fh.Size > review.MaxImportBytes {
			return badRequest(msg.WebFileTooLarge, fh.Filename)
		}
		b, err := readUpload(fh)
		if err != nil {
			return err
		}
		files = append(files, targets.File{Name: strings.Clone(fh.Filename), Data: b})
	}
	cat, n, err := h.targets.LoadCatalogue(c.UserContext(), actor(c), files)
	if err != nil {
		return err
	}
	h.setFlash(c, fmt.Sprintf("已载入 %d 年目标目录：指标 %d 个，目标 %d 项，新增目标修订 %d 项", cat.Year, len(cat.Indicators), len(cat.Targets), n))
	return c.Redirect(fmt.Sprintf("/targets?year=%d", cat.Year), fiber.StatusSeeOther)
}
