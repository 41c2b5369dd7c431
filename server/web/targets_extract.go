package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/extract"
	"industrydash/internal/msg"
	"industrydash/internal/review"
)

type targetsReview struct {
	Source   string
	Result   extract.Result
	Document string
	Date     string
	// Rows are the review table: the proposals as extracted, or as the
	// analyst edited them when a publication was refused (with each row's
	// problems beside it, every edit kept).
	Rows []reviewRow
	// Message is a problem of the whole publication (document, date).
	Message string
}

// reviewRow is one proposal on the review page with the fields a new
// indicator would take (shown for every row, so any row can be mapped to a
// new indicator at any time).
type reviewRow struct {
	extract.Proposal
	Accept                              bool
	Errors                              []string
	NewCode, NewName, NewUnit, NewChain string
	NewKind                             domain.MeasureKind
	NewDirection                        domain.Direction
}

// reviewRows are the rows of freshly extracted proposals: all accepted,
// new-indicator fields from the extractor's suggestions.
func reviewRows(ps []extract.Proposal) []reviewRow {
	out := make([]reviewRow, len(ps))
	for i, p := range ps {
		kind := p.Kind
		if kind == "" && p.Stage != "" {
			kind = domain.Milestone
		}
		name := p.SuggestedName
		if name == "" {
			name = p.Name
		}
		out[i] = reviewRow{Proposal: p, Accept: true, NewCode: p.SuggestedCode, NewName: name, NewUnit: p.Unit,
			NewKind: kind, NewDirection: p.Direction}
	}
	return out
}

// targetsExtract serves POST /targets/extract: the pasted text or the
// uploaded plan goes through the extractor, and the page shows the proposals
// for review.
func (h *Handler) targetsExtract(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	year := 0
	if s := strings.TrimSpace(c.FormValue("year")); s != "" {
		y, err := h.targetsYear(c, s)
		if err != nil {
			return err
		}
		year = y
	}
	name, data := "粘贴的文字.txt", []byte(c.FormValue("text"))
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		if fh.Size > review.MaxImportBytes {
			return badRequest(msg.WebPlanTooLarge)
		}
		b, err := readUpload(fh)
		if err != nil {
			return err
		}
		name, data = strings.Clone(fh.Filename), b
	}
	// Extraction stops when the client leaves (and at extract.Deadline).
	ctx, stop := clientContext(c)
	res, err := h.targets.Extract(ctx, year, name, data)
	stop()
	if err != nil {
		return err
	}
	v, err := h.targetsData(c, res.Year)
	if err != nil {
		return err
	}
	// The plan's own document number and date when the text states them;
	// else the file's name and today.
	doc, date := res.Document, res.Date
	if doc == "" {
		doc = strings.TrimSuffix(name, ".txt")
	}
	if date == "" {
		date = time.Now().In(domain.Beijing).Format("2006-01-02")
	}
	v.Review = &targetsReview{Source: name, Result: res, Document: doc, Date: date, Rows: reviewRows(res.Proposals)}
	return h.render(c, "targets", pageData{Title: "目标管理", Nav: "targets", Data: v})
}
