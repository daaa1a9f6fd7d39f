package gonghui

// Indicator is one figure of the catalogue: every number on a dashboard or
// in a report is one of these, computed for a subtree on a date.
type Indicator struct {
	Key        string  `json:"key"`
	Name       Message `json:"name"`
	Unit       Message `json:"unit"`
	Definition Message `json:"definition"`
	// Numerator and Denominator name the indicators a rate divides (empty
	// for counts); Rate names the rate definition that computes it.
	Numerator   string `json:"numerator,omitempty"`
	Denominator string `json:"denominator,omitempty"`
	Rate        string `json:"rate,omitempty"`
}

var (
	unitCount   = Message{"个", "count"}
	unitFirms   = Message{"家", "units"}
	unitPersons = Message{"人", "people"}
	unitPercent = Message{"%", "%"}
)

// Indicators is the catalogue, in the order reports list them.
var Indicators = []Indicator{
	{Key: "orgs_total", Name: Message{"工会组织数", "Union organizations"}, Unit: unitCount,
		Definition: Message{"子树内当日存续的工会组织（含本级）", "unions of the subtree in existence on the day, itself included"}},
	{Key: "industry_federations", Name: Message{"产业（行业）工会数", "Industry unions and federations"}, Unit: unitCount,
		Definition: Message{"类型为产业工会或行业工会联合会的工会组织", "unions of kind industry union or industry federation"}},
	{Key: "units_covered", Name: Message{"涵盖单位数", "Covered units"}, Unit: unitFirms,
		Definition: Message{"由子树内存续工会覆盖的单位", "units covered by the subtree's unions in existence"}},
	{Key: "members_total", Name: Message{"会员总数", "Members (total)"}, Unit: unitPersons,
		Definition: Message{"各工会年报会员数之和，未报年报的工会以其实名制会员数计", "the unions' census figures summed, a union without one standing in with its real-name count"}},
	{Key: "members_reported", Name: Message{"年报会员数", "Members reported in the census"}, Unit: unitPersons,
		Definition: Message{"各工会统计年报填报的会员数之和", "the census figures of the unions summed"}},
	{Key: "members_realname", Name: Message{"实名制会员数", "Real-name records"}, Unit: unitPersons,
		Definition: Message{"当日在册的实名制会员记录", "real-name records of members on the day"}},
	{Key: "realname_rate", Name: Message{"实名制采集率", "Real-name rate"}, Unit: unitPercent,
		Definition: Message{"实名制会员数 ÷ 会员总数", "real-name records ÷ members (total)"}, Numerator: "members_realname", Denominator: "members_total"},
	{Key: "cards_issued", Name: Message{"会员服务卡发放数", "Member service cards"}, Unit: unitCount,
		Definition: Message{"当日有效的会员服务卡", "member service cards valid on the day"}},
	{Key: "contracts_total", Name: Message{"集体合同数", "Collective contracts in force"}, Unit: unitCount,
		Definition: Message{"子树内工会签订、当日有效的集体合同（含专项）", "contracts signed by the subtree's unions and in force on the day, special ones included"}},
	{Key: "contract_units_covered", Name: Message{"集体合同覆盖企业数", "Units covered by contracts"}, Unit: unitFirms,
		Definition: Message{"子树内单位中当日有有效集体合同覆盖的（不重复计，区域性、行业性合同计入所覆盖单位）", "units of the subtree covered by a contract in force on the day, each counted once, regional and industry contracts included"}},
	{Key: "contract_rate", Name: Message{"集体合同覆盖率", "Collective contract coverage"}, Unit: unitPercent, Rate: "contract_rate",
		Definition: Message{"按建制率口径 contract_rate 计算", "by the rate definition contract_rate"}},
	{Key: "contract_rate_100plus", Name: Message{"百人以上企业集体合同覆盖率", "Contract coverage, 100+ staff"}, Unit: unitPercent, Rate: "contract_rate_100plus",
		Definition: Message{"按建制率口径 contract_rate_100plus 计算", "by the rate definition contract_rate_100plus"}},
	{Key: "congress_units", Name: Message{"建立职代会的单位数", "Units with a workers' congress"}, Unit: unitFirms,
		Definition: Message{"子树内单位中当日有职代会（含集团型、区域性、行业性）覆盖的", "units of the subtree covered by a workers' congress on the day, group, regional and industry ones included"}},
	{Key: "congress_rate", Name: Message{"职代会建制率", "Workers' congress rate"}, Unit: unitPercent, Rate: "congress_rate",
		Definition: Message{"按建制率口径 congress_rate 计算", "by the rate definition congress_rate"}},
	{Key: "congress_group_type", Name: Message{"集团型职代会数", "Group-type congresses"}, Unit: unitCount,
		Definition: Message{"当日存续的集团型（联合）职代会", "group-type congresses in existence on the day"}},
	{Key: "disclosure_units", Name: Message{"实行厂务公开的单位数", "Units with affairs disclosure"}, Unit: unitFirms,
		Definition: Message{"子树内单位中当日实行厂务公开制度的", "units of the subtree with an affairs-disclosure system on the day"}},
	{Key: "disclosure_rate", Name: Message{"厂务公开建制率", "Affairs-disclosure rate"}, Unit: unitPercent, Rate: "disclosure_rate",
		Definition: Message{"按建制率口径 disclosure_rate 计算", "by the rate definition disclosure_rate"}},
}

// IndicatorByKey finds an indicator of the catalogue.
func IndicatorByKey(key string) (Indicator, bool) {
	for _, in := range Indicators {
		if in.Key == key {
			return in, true
		}
	}
	return Indicator{}, false
}
