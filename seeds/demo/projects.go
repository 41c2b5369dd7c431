package demo

import (
	"embed"
	"fmt"
	"io/fs"

	"industrydash/internal/domain"
	"industrydash/internal/progress"
	"industrydash/seeds"
)

// RegisterFile is the demo project register (示例项目清册) of year: the
// plan's 16 先进金属材料 key projects (华北铝业年产7.1万吨板带箔 and
// 中皓至晟合金材料8.5万吨特种合金 named, the others generic demo names), 7
// 碳纤维及高分子 projects, 103 园区基础设施 projects and the 25 节能 and 13
// 节水改造 projects with their designed capacities. It is demo data, never
// part of the real catalogue.
func RegisterFile(year int) string { return fmt.Sprintf("projects_%d.csv", year) }

//go:embed projects_*.csv
var registers embed.FS

// Register loads the demo project register of the catalogue's year.
func Register(cat *domain.Catalogue) (*domain.ProjectRegister, error) {
	return seeds.LoadProjects(registers, RegisterFile(cat.Year), cat)
}

// projectDelays are the months a demo project runs late (or, negative,
// early) against its register; drawn per project from the seed.
var projectDelays = []int{0, 0, 0, 0, 1, 1, 2, 3, -1}

// projectStages generates a project unit's monthly stage reports for the
// target year only (a project of this year's register has no history): the
// planned start and completion from its register phasing, shifted by a
// drawn delay; a project without planned months reports 前期 or 开工.
func (g *gen) projectStages(ind domain.Indicator, u domain.OrgUnit) {
	r := g.rng(ind.Code, u.Code)
	t, _ := g.target(ind.Code, u.Code)
	n := len(ind.Stages)
	stage := map[int]float64{}
	if len(t.Phasing) == 12 {
		start, done := 0, 0
		for m := 12; m >= 1; m-- {
			if t.Phasing[m-1] >= 2 {
				start = m
			}
			if int(t.Phasing[m-1]) == n {
				done = m
			}
		}
		if t.Phasing[0] >= 3 {
			start = -1 // under construction since last year
		}
		d := projectDelays[r.IntN(len(projectDelays))]
		shift := func(m int) int {
			if m <= 0 {
				return m
			}
			if m+d > 12 {
				return 0 // slips into next year
			}
			return max(1, m+d)
		}
		for m := 1; m <= 12; m++ {
			stage[m] = float64(max(1, progress.PlannedStageAt(ind.Stages, shift(start), shift(done), m)))
		}
	} else {
		s := 1 + r.IntN(2)
		for m := 1; m <= 12; m++ {
			stage[m] = float64(s)
		}
	}
	g.emit(ind, u, g.year, stage, g.through)
}

// RegisterFS holds the demo registers, named by RegisterFile.
func RegisterFS() fs.FS { return registers }
