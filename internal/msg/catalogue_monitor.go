package msg

// Codes of Monitor.
const (
	MonitorBadMonth             Code = "monitor.BadMonth"
	MonitorNoChain              Code = "monitor.NoChain"
	MonitorNoDistrictIndicators Code = "monitor.NoDistrictIndicators"
	MonitorNoIndicator          Code = "monitor.NoIndicator"
	MonitorNoParkTiers          Code = "monitor.NoParkTiers"
	MonitorNoUnit               Code = "monitor.NoUnit"
	MonitorNotByDistrict        Code = "monitor.NotByDistrict"
	MonitorNotFound             Code = "monitor.NotFound"
)

func init() {
	register(map[Code]Entry{
		MonitorBadMonth:             {Zh: "月份 %d 无效，应为 1-12", En: "invalid month %d"},
		MonitorNoChain:              {Zh: "%[2]s：没有名为“%[1]s”的产业链或板块", En: "no industry chain or sector %q", Cause: true},
		MonitorNoDistrictIndicators: {Zh: "%s：指标目录中没有按旗县区报送的指标", En: "no indicator reported by district", Cause: true},
		MonitorNoIndicator:          {Zh: "%[2]s：指标代码“%[1]s”不在指标目录中", En: "indicator %q not in the catalogue", Cause: true},
		MonitorNoParkTiers:          {Zh: "%s：指标目录中没有园区梯次指标（按园区报送的指标分档的梯次计数）", En: "no park tier indicator", Cause: true},
		MonitorNoUnit:               {Zh: "%[2]s：单位“%[1]s”不存在", En: "org unit %q not found", Cause: true},
		MonitorNotByDistrict:        {Zh: "%[2]s：指标“%[1]s”不按旗县区报送", En: "indicator %q is not reported by district", Cause: true},
		MonitorNotFound:             {Zh: "未找到", En: "not found"},
	})
}
