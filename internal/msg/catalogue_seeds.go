package msg

// Codes of Seeds.
const (
	SeedsNoBudgetYear    Code = "seeds.NoBudgetYear"
	SeedsNoCatalogueYear Code = "seeds.NoCatalogueYear"
	SeedsNounBudget      Code = "seeds.NounBudget"
	SeedsNounCatalogue   Code = "seeds.NounCatalogue"
	SeedsNounProjects    Code = "seeds.NounProjects"
	SeedsProblems        Code = "seeds.Problems"
)

func init() {
	register(map[Code]Entry{
		SeedsNoBudgetYear:    {Zh: "内置部门预算没有 %d 年的预算表（%s），请用 -dir 指定含该文件的目录", En: "no built-in %d budget (%s)"},
		SeedsNoCatalogueYear: {Zh: "内置目录没有 %d 年的目标（现有年份：%s），请用 -dir 指定含 %s 的目录", En: "no built-in %d targets (have %s; want %s)"},
		SeedsNounBudget:      {Zh: "部门预算表", En: "department budget"},
		SeedsNounCatalogue:   {Zh: "目标目录", En: "targets catalogue"},
		SeedsNounProjects:    {Zh: "项目清册", En: "project register"},
		SeedsProblems:        {Zh: "%s有 %d 处错误，请逐条修改后重新加载：%s", En: "%s has %d problems:%s"},
	})
}
