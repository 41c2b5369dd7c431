package msg

// Codes of Progress.
const (
	ProgressBadBasis          Code = "progress.BadBasis"
	ProgressNegativeTolerance Code = "progress.NegativeTolerance"
	ProgressSeasonalLen       Code = "progress.SeasonalLen"
	ProgressSeasonalOrder     Code = "progress.SeasonalOrder"
	ProgressSeasonalTotal     Code = "progress.SeasonalTotal"
)

func init() {
	register(map[Code]Entry{
		ProgressBadBasis:          {Zh: "序时进度口径“%s”无效，应为 months（按月）、days（按天）或 seasonal（按上年季节规律）", En: "invalid time-progress basis %q"},
		ProgressNegativeTolerance: {Zh: "容差不能为负数", En: "negative tolerance"},
		ProgressSeasonalLen:       {Zh: "季节规律须给出12个月的累计值，现有%d个", En: "seasonal profile needs 12 values, has %d"},
		ProgressSeasonalOrder:     {Zh: "季节规律的累计值须非负且逐月不减（%d月有误）", En: "seasonal profile must be non-negative and non-decreasing (month %d)"},
		ProgressSeasonalTotal:     {Zh: "季节规律的12月累计值须大于0", En: "seasonal profile total must be > 0"},
	})
}
