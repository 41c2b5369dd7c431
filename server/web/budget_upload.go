package web

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/budgetload"
	"industrydash/internal/budgetsvc"
	"industrydash/internal/load"
	"industrydash/internal/msg"
	"industrydash/internal/parse"
	"industrydash/internal/review"
)

// budgetUpload serves POST /budget/payments: a payments file through the
// same loader as `ingest payments`, all or nothing.
func (h *Handler) budgetUpload(c *fiber.Ctx) error {
	sum, name, err := h.loadPayments(c)
	pd := budgetPageData{File: name}
	if sum != nil {
		pd.Summary, pd.TotalRows = &sum.Summary, sum.TotalRows
	}
	var ue *review.InputError
	var fe *parse.FileError
	switch {
	case err == nil:
		pd.LoadedOK = true
	case errors.Is(err, load.ErrRejected):
		c.Status(fiber.StatusUnprocessableEntity)
		pd.Message = msg.Text(err)
	case errors.As(err, &fe):
		c.Status(fiber.StatusUnprocessableEntity)
		pd.Message = msg.Text(fe)
	case errors.As(err, &ue):
		c.Status(fiber.StatusBadRequest)
		pd.Message = msg.Text(ue)
	default:
		return err
	}
	return h.renderBudget(c, pd)
}

// loadPayments reads the uploaded file and loads it for the form's year.
func (h *Handler) loadPayments(c *fiber.Ctx) (*budgetload.Summary, string, error) {
	svc, err := h.budgetService()
	if err != nil {
		return nil, "", err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, "", reviewInput(msg.WebChoosePaymentsFile)
	}
	name := string([]byte(fh.Filename))
	if fh.Size > review.MaxImportBytes {
		return nil, name, reviewInput(msg.WebPaymentsTooLarge)
	}
	fr, err := fh.Open()
	if err != nil {
		return nil, name, err
	}
	defer fr.Close()
	data, err := io.ReadAll(io.LimitReader(fr, review.MaxImportBytes+1))
	if err != nil {
		return nil, name, err
	}
	if strings.EqualFold(filepath.Ext(name), ".xlsx") {
		if err := review.CheckXLSX(data); err != nil {
			return nil, name, err // the same zip-bomb guard as every other upload
		}
	}
	f, err := parseViewForm(c)
	if err != nil {
		return nil, name, err
	}
	year := f.Year
	if y := c.FormValue("year"); y != "" {
		if _, err := fmt.Sscanf(y, "%d", &year); err != nil {
			return nil, name, badRequest(msg.WebBadBudgetYear, y)
		}
	}
	if year == 0 {
		ys, err := svc.Years(c.UserContext())
		if err != nil {
			return nil, name, err
		}
		if len(ys) == 0 {
			return nil, name, badRequest(msg.WebNoBudgetForPayments)
		}
		year = ys[len(ys)-1]
	}
	a := actor(c)
	sum, err := svc.ImportPayments(c.UserContext(), budgetsvc.Actor{Name: a.Name, Role: a.Role, IP: a.IP, RequestID: a.RequestID}, year, name, data)
	return sum, name, err
}
