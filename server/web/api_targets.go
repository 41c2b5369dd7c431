package web

import (
	"github.com/gofiber/fiber/v2"

	"industrydash/internal/domain"
)

// apiTargets serves GET /api/v1/targets?year=.
func (h *Handler) apiTargets(c *fiber.Ctx) error {
	f, err := parseViewForm(c)
	if err != nil {
		return err
	}
	ts, q, err := h.svc.Targets(c.UserContext(), f.query())
	if err != nil {
		return err
	}
	inds, _, err := h.svc.Catalogue(c.UserContext())
	if err != nil {
		return err
	}
	byCode := map[string]domain.Indicator{}
	for _, i := range inds {
		byCode[i.Code] = i
	}
	// The 年初下达 of each adjusted target, from 目标管理's rows.
	initial := map[string]domain.Target{}
	if h.targets != nil {
		rows, err := h.targets.Rows(c.UserContext(), q.Year)
		if err != nil {
			return err
		}
		for _, r := range rows {
			initial[r.Current.Key()] = r.Initial
		}
	}
	type item struct {
		domain.Target
		Name  string             `json:"name"`
		Unit  string             `json:"unit"`
		Kind  domain.MeasureKind `json:"kind"`
		Chain string             `json:"chain"`
		// Initial is the 年初下达 when this target is a 年中调整 of it.
		Initial    *domain.Target `json:"target_initial,omitempty"`
		Adjustment string         `json:"target_adjustment,omitempty"`
	}
	out := make([]item, 0, len(ts))
	for _, t := range ts {
		ind := byCode[t.Indicator]
		it := item{Target: t, Name: ind.Name, Unit: ind.Unit, Kind: ind.Kind, Chain: ind.Chain}
		if first, ok := initial[t.Key()]; ok {
			if adj := domain.AdjustmentText(first, t, ind.Unit); adj != "" {
				it.Initial, it.Adjustment = &first, adj
			}
		}
		out = append(out, it)
	}
	return c.JSON(fiber.Map{"meta": metaOf(q, false, false), "targets": out})
}
