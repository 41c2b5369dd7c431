package msg

// Codes of Domain.
const (
	UnitEmptyName               Code = "unit.EmptyName"
	UnitBadFactor               Code = "unit.BadFactor"
	UnitBaseFactor              Code = "unit.BaseFactor"
	UnitUnknownBase             Code = "unit.UnknownBase"
	UnitRedefined               Code = "unit.Redefined"
	UnitUnknown                 Code = "unit.Unknown"
	UnitIncompatible            Code = "unit.Incompatible"
	DomainApproxTolerance       Code = "domain.ApproxTolerance"
	DomainBadBreakdown          Code = "domain.BadBreakdown"
	DomainBadComparator         Code = "domain.BadComparator"
	DomainBadDirection          Code = "domain.BadDirection"
	DomainBadIndicatorCode      Code = "domain.BadIndicatorCode"
	DomainBadKind               Code = "domain.BadKind"
	DomainBadPeriod             Code = "domain.BadPeriod"
	DomainBadPeriodText         Code = "domain.BadPeriodText"
	DomainBadReportedAs         Code = "domain.BadReportedAs"
	DomainBadRevisionKind       Code = "domain.BadRevisionKind"
	DomainBadTargetValue        Code = "domain.BadTargetValue"
	DomainBadUnitKind           Code = "domain.BadUnitKind"
	DomainBadValue              Code = "domain.BadValue"
	DomainBadValueType          Code = "domain.BadValueType"
	DomainBadYear               Code = "domain.BadYear"
	DomainComparatorKind        Code = "domain.ComparatorKind"
	DomainDeltaValue            Code = "domain.DeltaValue"
	DomainDueMonth              Code = "domain.DueMonth"
	DomainIndicatorMismatch     Code = "domain.IndicatorMismatch"
	DomainMilestonePlan         Code = "domain.MilestonePlan"
	DomainMilestoneStages       Code = "domain.MilestoneStages"
	DomainMilestoneValue        Code = "domain.MilestoneValue"
	DomainMonthlyPlanLen        Code = "domain.MonthlyPlanLen"
	DomainNoIndicator           Code = "domain.NoIndicator"
	DomainNoName                Code = "domain.NoName"
	DomainNoOrgUnit             Code = "domain.NoOrgUnit"
	DomainNoQuote               Code = "domain.NoQuote"
	DomainNoRecordedAt          Code = "domain.NoRecordedAt"
	DomainNoUnitCode            Code = "domain.NoUnitCode"
	DomainProjectCapacityFields Code = "domain.ProjectCapacityFields"
	DomainProjectCountFields    Code = "domain.ProjectCountFields"
	DomainRangeHigh             Code = "domain.RangeHigh"
	DomainRateUnit              Code = "domain.RateUnit"
	DomainRevisionDocument      Code = "domain.RevisionDocument"
	DomainRevisionReason        Code = "domain.RevisionReason"
	DomainRevisionSame          Code = "domain.RevisionSame"
	DomainTargetNoUnit          Code = "domain.TargetNoUnit"
	DomainTierFields            Code = "domain.TierFields"
	DomainTierNew               Code = "domain.TierNew"
	DomainUnitNoName            Code = "domain.UnitNoName"
	DomainUnknownUnit           Code = "domain.UnknownUnit"
	DomainYTDStart              Code = "domain.YTDStart"
)

func init() {
	register(map[Code]Entry{
		DomainApproxTolerance:       {Zh: "%s：“左右”目标须给出允许偏差（tolerance）", En: "%s: approx needs a tolerance"},
		DomainBadBreakdown:          {Zh: "%s：分解单位类型“%s”无效", En: "%s: invalid breakdown %q"},
		DomainBadComparator:         {Zh: "%s：比较方式“%s”无效，应为 >=、>（超过）、<=、approx、range 或 delta_pp", En: "%s: invalid comparator %q"},
		DomainBadDirection:          {Zh: "%s：方向“%s”无效，应为 higher 或 lower", En: "%s: invalid direction %q"},
		DomainBadIndicatorCode:      {Zh: "%s：代码须为小写英文、数字、下划线，用点分段（如 rare_earth.output_value）", En: "%s: invalid indicator code"},
		DomainBadKind:               {Zh: "%s：类型“%s”无效，应为 flow/rate/stock/milestone/tier_count/project_count/project_capacity", En: "%s: invalid kind %q"},
		DomainBadPeriod:             {Zh: "期间 %v 无效", En: "invalid period %v"},
		DomainBadPeriodText:         {Zh: "期间“%s”格式不对，应写成 2024-03 或 2024-01~05", En: "invalid period %q"},
		DomainBadReportedAs:         {Zh: "%s：报送口径“%s”无效，应为 period（当月）或 ytd（累计）", En: "%s: invalid reporting basis %q"},
		DomainBadRevisionKind:       {Zh: "%s：修订类型“%s”无效", En: "%s: invalid revision kind %q"},
		DomainBadTargetValue:        {Zh: "%s：目标值不是有效数字", En: "%s: target value is not a number"},
		DomainBadUnitKind:           {Zh: "单位“%s”的类型“%s”无效，应为 city/district/zone/park/enterprise/benchmark/project", En: "org unit %q has invalid kind %q"},
		DomainBadValue:              {Zh: "数值无效", En: "invalid value"},
		DomainBadValueType:          {Zh: "口径“%s”无效，应为当月或累计", En: "invalid value type %q"},
		DomainBadYear:               {Zh: "%s：年份 %d 不合理", En: "%s: implausible year %d"},
		DomainComparatorKind:        {Zh: "%s：比较方式“%s”不适用于%s指标", En: "%s: comparator %q does not fit a %s indicator"},
		DomainDeltaValue:            {Zh: "%s：提高百分点目标须给出提高幅度", En: "%s: delta_pp needs a value"},
		DomainDueMonth:              {Zh: "%s：完成时限（due_month）应为1-12月", En: "%s: due_month must be 1-12"},
		DomainIndicatorMismatch:     {Zh: "%s：指标代码与指标目录不符", En: "%s: indicator code does not match the catalogue"},
		DomainMilestonePlan:         {Zh: "%s：节点的分月计划应为各月末计划达到的阶段序号（1-%d，逐月不减），%d月为 %v", En: "%s: milestone plan must be stages 1-%d, non-decreasing; month %d is %v"},
		DomainMilestoneStages:       {Zh: "%s：节点任务须列出至少两个阶段（stages）", En: "%s: a milestone needs two stages"},
		DomainMilestoneValue:        {Zh: "%s：节点目标值应为阶段序号 1-%d", En: "%s: milestone value must be a stage 1-%d"},
		DomainMonthlyPlanLen:        {Zh: "%s：分月计划须给出 12 个月的累计占比", En: "%s: monthly plan needs 12 values"},
		DomainNoIndicator:           {Zh: "缺少指标", En: "no indicator"},
		DomainNoName:                {Zh: "%s：缺少中文名称", En: "%s: no name"},
		DomainNoOrgUnit:             {Zh: "缺少单位", En: "no org unit"},
		DomainNoQuote:               {Zh: "%s：缺少工作要点原文（source_quote）", En: "%s: no source_quote"},
		DomainNoRecordedAt:          {Zh: "缺少记录时间", En: "no recorded time"},
		DomainNoUnitCode:            {Zh: "单位代码不能为空", En: "empty org unit code"},
		DomainProjectCapacityFields: {Zh: "%s：项目形成能力指标须写明项目进度指标（tier_of）", En: "%s: project capacity needs tier_of"},
		DomainProjectCountFields:    {Zh: "%s：项目计数指标须写明项目进度指标（tier_of）和要求达到的一个阶段（stages，如“开工”）", En: "%s: project count needs tier_of and one stage"},
		DomainRangeHigh:             {Zh: "%s：区间目标须给出上限（value_high），且不小于下限", En: "%s: a range needs value_high >= value"},
		DomainRateUnit:              {Zh: "%s：比率类指标的单位应为 %%，而不是“%s”", En: "%s: a rate's unit must be %%, not %q"},
		DomainRevisionDocument:      {Zh: "%s：请填写调整依据的文件或文号（document）", En: "%s: no document"},
		DomainRevisionReason:        {Zh: "%s：请填写调整原因（reason）", En: "%s: no reason"},
		DomainRevisionSame:          {Zh: "%s：调整后的目标与现行目标相同，无需调整", En: "%s: revision equals the current target"},
		DomainTargetNoUnit:          {Zh: "%s：缺少单位（org_unit）", En: "%s: no org_unit"},
		DomainTierFields:            {Zh: "%s：梯次计数指标须写明依据指标（tier_of）和门槛（tier_min，可选 tier_max 且大于 tier_min）", En: "%s: tier count needs tier_of and tier_min"},
		DomainTierNew:               {Zh: "%s：只有梯次计数指标（tier_count）才能设“只计新进”（tier_new）", En: "%s: tier_new needs a tier count"},
		DomainUnitNoName:            {Zh: "单位“%s”缺少名称", En: "org unit %q has no name"},
		DomainUnknownUnit:           {Zh: "%s：未知单位“%s”，可用单位：%s", En: "%s: unknown unit %q (known: %s)"},
		UnitEmptyName:               {Zh: "单位名称为空", En: "unit: empty name"},
		UnitBadFactor:               {Zh: "单位“%s”的倍数 %v 无效，应为正数", En: "unit %q: factor %v is not positive"},
		UnitBaseFactor:              {Zh: "单位“%s”没有换算基准，倍数应为 1", En: "unit %q: a base unit must have factor 1"},
		UnitUnknownBase:             {Zh: "单位“%s”的换算基准“%s”未知，请先定义“%s”", En: "unit %q: unknown base %q (define %q first)"},
		UnitRedefined:               {Zh: "单位“%s”已有不同的定义，不能改变它的换算关系", En: "unit %q: already defined differently"},
		UnitUnknown:                 {Zh: "未知单位“%s”", En: "unknown unit %q"},
		UnitIncompatible:            {Zh: "单位“%s”不能换算为“%s”", En: "unit %q cannot be converted to %q"},
		DomainYTDStart:              {Zh: "累计值的期间须从1月开始，而不是 %s", En: "a year-to-date period must start in January, not %s"},
	})
}
