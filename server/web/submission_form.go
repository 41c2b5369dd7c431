package web

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/review"
	"industrydash/internal/store"
)

// formView is what submission.html shows.
type formView struct {
	Form      *review.Form
	Key       string // 2024-10
	Base      string // /submissions/150203/2024-10
	CanEdit   bool
	CanReview bool
	// OwnSubmission: the four-eyes rule keeps this user from approving
	// (they submitted it); only an admin's recorded override remains.
	OwnSubmission bool
	Message       string // what went wrong, above the form
	Notice        string // what went right
	Issues        []string
	StatusLabel   string
	MaxUploadMB   int
}

// submissionTarget parses :unit and :period and checks the user may work on
// that unit's figures.
func (h *Handler) submissionTarget(c *fiber.Ctx) (domain.OrgUnit, domain.Period, error) {
	month, err := review.ParseMonth(c.Params("period"))
	if err != nil {
		return domain.OrgUnit{}, month, err
	}
	unit, ok, err := h.review.LookupUnit(c.UserContext(), c.Params("unit"))
	if err != nil {
		return unit, month, err
	}
	if !ok {
		// Reporters learn nothing about units that are not theirs.
		if err := requireUnit(c, c.Params("unit")); err != nil {
			return unit, month, err
		}
		return unit, month, userErr(fiber.StatusNotFound, msg.WebUnknownUnit, c.Params("unit"))
	}
	if err := requireUnit(c, unit.Code); err != nil {
		return unit, month, err
	}
	return unit, month, nil
}

func (h *Handler) formView(c *fiber.Ctx, unit domain.OrgUnit, month domain.Period) (formView, error) {
	f, err := h.review.Form(c.UserContext(), unit.Code, month)
	if err != nil {
		return formView{}, err
	}
	u, _ := currentUser(c)
	v := formView{Form: f, Key: review.MonthKey(month), CanReview: auth.CanReview(u), MaxUploadMB: review.MaxUploadBytes >> 20}
	v.Base = "/submissions/" + unit.Code + "/" + v.Key
	v.CanEdit = auth.CanSubmit(u, unit.Code) && f.Status() != store.StatusApproved
	v.StatusLabel = review.StatusLabel(f.Status())
	v.OwnSubmission = h.review.NeedsOtherReviewer(f.Submission, u.Name)
	return v, nil
}

func (h *Handler) renderForm(c *fiber.Ctx, v formView) error {
	return h.render(c, "submission", pageData{Title: v.Form.Unit.Name + " " + v.Form.Month.Label() + " 填报", Nav: "submissions", Data: v})
}

// submissionPage serves GET /submissions/:unit/:period.
func (h *Handler) submissionPage(c *fiber.Ctx) error {
	unit, month, err := h.submissionTarget(c)
	if err != nil {
		return err
	}
	v, err := h.formView(c, unit, month)
	if err != nil {
		return err
	}
	switch c.Query("done") {
	case "save":
		v.Notice = "已保存草稿。核对无误后请点击“提交审核”。"
	case "submit":
		v.Notice = "已提交，等待市局审核。"
	case "upload":
		v.Notice = "已读取上传的文件并保存为草稿，请核对后提交审核。"
	case "approve":
		v.Notice = "已审核通过，数据已入库。"
	case "return":
		v.Notice = "已退回填报单位。"
	case "reopen":
		v.Notice = "已重新打开，填报单位可以更正后重新提交。"
	}
	return h.renderForm(c, v)
}

// formEntries reads the form's fields: value_<code> and note_<code> for
// each line of the unit's form.
func (h *Handler) formEntries(c *fiber.Ctx, unit domain.OrgUnit) []review.Entry {
	var out []review.Entry
	for _, l := range h.review.Lines(unit) {
		val := strings.TrimSpace(c.FormValue("value_" + l.Indicator))
		note := strings.TrimSpace(c.FormValue("note_" + l.Indicator))
		if val == "" && note == "" {
			continue
		}
		out = append(out, review.Entry{Indicator: l.Indicator, Value: val, Note: note})
	}
	return out
}

// submissionSave serves POST /submissions/:unit/:period (action=save|submit).
func (h *Handler) submissionSave(c *fiber.Ctx) error {
	unit, month, err := h.submissionTarget(c)
	if err != nil {
		return err
	}
	entries := h.formEntries(c, unit)
	submit := c.FormValue("action") == "submit"
	_, err = h.review.Save(c.UserContext(), actor(c), unit.Code, month, review.Input{Entries: entries, Submit: submit, Source: "web"})
	if err == nil {
		done := "save"
		if submit {
			done = "submit"
		}
		return c.Redirect("/submissions/"+unit.Code+"/"+review.MonthKey(month)+"?done="+done, fiber.StatusSeeOther)
	}
	return h.formFailed(c, unit, month, entries, err)
}

// formFailed shows the form again with the user's entries and each problem
// next to its field; errors that are not about the figures take the single
// error path.
func (h *Handler) formFailed(c *fiber.Ctx, unit domain.OrgUnit, month domain.Period, entries []review.Entry, err error) error {
	var ve *review.ValidationError
	var ie *review.InputError
	var se *review.StateError
	status := fiber.StatusUnprocessableEntity
	text := ""
	switch {
	case errors.As(err, &ve):
		text = msg.Text(ve.Err)
	case errors.As(err, &ie):
		status, text = fiber.StatusBadRequest, msg.Text(ie)
	case errors.As(err, &se):
		status, text = fiber.StatusConflict, msg.Text(se)
	case errors.Is(err, store.ErrConflict):
		status, text = fiber.StatusConflict, "该填报刚被他人修改，请刷新页面后重试"
	default:
		return err
	}
	v, ferr := h.formView(c, unit, month)
	if ferr != nil {
		return ferr
	}
	if ve != nil {
		v.Form.Apply(entries, ve.Issues)
		if entries == nil { // an upload: list the located issues above the form
			for _, is := range ve.Issues {
				v.Issues = append(v.Issues, is.String())
			}
		}
	} else {
		v.Form.Apply(entries, nil)
	}
	v.Message = text
	c.Status(status)
	return h.renderForm(c, v)
}

// submissionTemplate serves GET /submissions/:unit/:period/template.xlsx.
func (h *Handler) submissionTemplate(c *fiber.Ctx) error {
	unit, month, err := h.submissionTarget(c)
	if err != nil {
		return err
	}
	b, name, err := h.review.Template(c.UserContext(), unit.Code, month)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Set(fiber.HeaderContentDisposition, contentDisposition(name))
	return c.Send(b)
}

// submissionUpload serves POST /submissions/:unit/:period/upload: the
// filled-in template, parsed and validated like every other load.
func (h *Handler) submissionUpload(c *fiber.Ctx) error {
	unit, month, err := h.submissionTarget(c)
	if err != nil {
		return err
	}
	// Uploading over a submission that waits for review withdraws it (it
	// becomes a draft again): ask first.
	if sub, err := h.review.Get(c.UserContext(), review.SubmissionID(unit.Code, month)); err == nil &&
		sub.Status == store.StatusSubmitted && c.FormValue("withdraw") != "1" {
		return h.formFailed(c, unit, month, nil, reviewInput(msg.WebWithdrawFirst))
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return h.formFailed(c, unit, month, nil, reviewInput(msg.WebChooseXLSX))
	}
	if fh.Size > review.MaxUploadBytes {
		return h.formFailed(c, unit, month, nil, review.ErrUploadTooLarge)
	}
	b, err := readFormFile(fh)
	if err != nil {
		return err
	}
	recs, err := review.ReadUpload(b, fh.Filename)
	if err != nil {
		return h.formFailed(c, unit, month, nil, err)
	}
	if _, err := h.review.Save(c.UserContext(), actor(c), unit.Code, month, review.Input{Records: recs, Source: fh.Filename}); err != nil {
		return h.formFailed(c, unit, month, nil, err)
	}
	return c.Redirect("/submissions/"+unit.Code+"/"+review.MonthKey(month)+"?done=upload", fiber.StatusSeeOther)
}

// submissionReview serves POST /submissions/:unit/:period/{approve,return,reopen}.
func (h *Handler) submissionReview(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		unit, month, err := h.submissionTarget(c)
		if err != nil {
			return err
		}
		id := review.SubmissionID(unit.Code, month)
		reason := c.FormValue("reason")
		switch action {
		case "approve":
			_, err = h.review.Approve(c.UserContext(), actor(c), id, c.FormValue("override_reason"))
		case "return":
			_, err = h.review.Return(c.UserContext(), actor(c), id, reason)
		case "reopen":
			_, err = h.review.Reopen(c.UserContext(), actor(c), id, reason)
		}
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return userErr(fiber.StatusNotFound, msg.WebNothingToReview, unit.Name, month.Label())
			}
			return h.formFailed(c, unit, month, nil, err)
		}
		return c.Redirect("/submissions/"+unit.Code+"/"+review.MonthKey(month)+"?done="+action, fiber.StatusSeeOther)
	}
}
