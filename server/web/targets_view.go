package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
	"industrydash/internal/msg"
	"industrydash/internal/targets"
)

// errNoTargets answers the 目标管理 routes of a server wired without the service.
var errNoTargets = userErr(fiber.StatusServiceUnavailable, msg.WebTargetsDisabled)

// targetsView is what targets.html shows.
type targetsView struct {
	Year       int
	Years      []int
	Rows       []targets.Row
	Indicators []domain.Indicator
	Units      []domain.OrgUnit
	Kinds      []domain.MeasureKind
	Notice     string
	Problems   []string
	// Review is set after an extraction: the proposals to accept, edit or reject.
	Review *targetsReview
	// Split is set on the 分解下达 view of one city target.
	Split *targets.Split
}

// targetsPage serves GET /targets: the year's targets (年初下达 and the one in
// force), the 年中调整 form and the extraction form.
func (h *Handler) targetsPage(c *fiber.Ctx) error {
	if h.targets == nil {
		return errNoTargets
	}
	year, err := h.targetsYear(c, c.Query("year"))
	if err != nil {
		return err
	}
	v, err := h.targetsData(c, year)
	if err != nil {
		return err
	}
	v.Notice = h.takeFlash(c)
	return h.render(c, "targets", pageData{Title: "目标管理", Nav: "targets", Data: v})
}

func (h *Handler) targetsYear(c *fiber.Ctx, s string) (int, error) {
	if s = strings.TrimSpace(s); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			return 0, badRequest(msg.WebBadYear, s)
		}
		return y, nil
	}
	// The page is where next year's plan is reviewed: it opens on the year
	// after the latest published plan, or the current year when none is.
	years, err := h.svc.PlanYears(c.UserContext())
	if err != nil || len(years) == 0 {
		return time.Now().In(domain.Beijing).Year(), err
	}
	return years[len(years)-1] + 1, nil
}

func (h *Handler) targetsData(c *fiber.Ctx, year int) (*targetsView, error) {
	ctx := c.UserContext()
	rows, err := h.targets.Rows(ctx, year)
	if err != nil {
		return nil, err
	}
	inds, units, err := h.svc.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	years, err := h.svc.Years(ctx)
	if err != nil {
		return nil, err
	}
	if !containsYear(years, year) {
		years = append(years, year)
	}
	if !containsYear(years, year+1) {
		years = append(years, year+1) // next year's plan is published here
	}
	if !slices.Contains(years, year) {
		years = append([]int{year}, years...) // the year in view is always a choice
		slices.Sort(years)
		slices.Reverse(years)
	}
	return &targetsView{Year: year, Years: years, Rows: rows, Indicators: inds, Units: units,
		Kinds: []domain.MeasureKind{domain.Flow, domain.Rate, domain.Stock, domain.Milestone}}, nil
}

func containsYear(ys []int, y int) bool {
	for _, x := range ys {
		if x == y {
			return true
		}
	}
	return false
}
