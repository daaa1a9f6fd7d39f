package gonghui

import (
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"

	"gonghui/idcard"
)

// MemberStatus is the state of one membership (会员关系).
type MemberStatus string

const (
	MemberActive      MemberStatus = "active"      // 在册
	MemberLeft        MemberStatus = "left"        // 退会
	MemberDeceased    MemberStatus = "deceased"    // 去世
	MemberTransferred MemberStatus = "transferred" // 已转出
)

var memberStatusNames = map[MemberStatus]Message{
	MemberActive:      {"在册", "Active"},
	MemberLeft:        {"已退会", "Left"},
	MemberDeceased:    {"已去世", "Deceased"},
	MemberTransferred: {"已转出", "Transferred out"},
}

// Name is the status's display name.
func (s MemberStatus) Name() Message { return memberStatusNames[s] }

// Member is one membership of a person in a union, with the person's
// details. Its ID is the membership's: a transfer ends one membership and
// starts another, so each union keeps its own history.
type Member struct {
	ID       int64  `json:"id"`
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	IDNumber string `json:"id_number"` // masked unless revealed
	// Birth is the birth date, set only when revealed: beside the masked
	// number it would give back the hidden digits. AgeBand stands in.
	Birth      Date         `json:"birth_date,omitzero"`
	AgeBand    string       `json:"age_band"` // today's age band, one of AgeBands
	Sex        string       `json:"sex"`      // "male" or "female", from the ID number
	Province   string       `json:"province"`
	Phone      string       `json:"phone,omitempty"`   // masked unless revealed
	Address    string       `json:"address,omitempty"` // masked unless revealed
	Ethnicity  string       `json:"ethnicity,omitempty"`
	Education  string       `json:"education,omitempty"`
	Political  string       `json:"political,omitempty"`
	Household  string       `json:"household,omitempty"`
	Employment string       `json:"employment,omitempty"`
	OrgID      int64        `json:"org_id"`
	OrgName    string       `json:"org_name,omitempty"`
	UnitID     int64        `json:"unit_id,omitempty"`
	UnitName   string       `json:"unit_name,omitempty"`
	Status     MemberStatus `json:"status"`
	// JoinedOn is the person's join date (入会日期): a transfer keeps it,
	// so it tells the membership's seniority across unions.
	JoinedOn Date `json:"joined_on"`
	// MemberSince is the first day this membership is held (本会籍起始日期):
	// the join date, or the day a transfer into this union was accepted.
	// The figures count a membership from this day.
	MemberSince Date   `json:"member_since"`
	LeftOn      Date   `json:"left_on,omitzero"`
	LeaveReason string `json:"leave_reason,omitempty"`
	CardNo      string `json:"card_no,omitempty"`
	CardIssued  Date   `json:"card_issued_on,omitzero"`
	Revealed    bool   `json:"revealed"`
	// Version is raised by one on every update; an edit names the version
	// it was made from (see the input's Version).
	Version int64 `json:"version"`
}

// ToInput is the member's current values as an input, where every edit
// starts. The ID number is left empty and the phone and address kept, so
// they stay as stored (they are held sealed and shown masked); the sex
// follows from the ID number.
func (m Member) ToInput() MemberInput {
	return MemberInput{Name: m.Name, Ethnicity: m.Ethnicity, Education: m.Education, Political: m.Political,
		Household: m.Household, Employment: m.Employment, OrgID: m.OrgID, UnitID: m.UnitID, JoinedOn: m.JoinedOn,
		CardNo: m.CardNo, KeepPhone: true, KeepAddress: true, Version: m.Version}
}

// MemberInput is what a cadre enters for a member (by hand, API or import).
type MemberInput struct {
	Name       string `json:"name"`
	IDNumber   string `json:"id_number"`
	Phone      string `json:"phone"`
	Address    string `json:"address"`
	Sex        string `json:"sex"` // optional; when given must agree with the ID number
	Ethnicity  string `json:"ethnicity"`
	Education  string `json:"education"`
	Political  string `json:"political"`
	Household  string `json:"household"`
	Employment string `json:"employment"`
	OrgID      int64  `json:"org_id"`
	UnitID     int64  `json:"unit_id"`
	JoinedOn   Date   `json:"joined_on"`
	CardNo     string `json:"card_no"`
	// KeepPhone keeps the stored phone on an update (the form showed it
	// masked, or the API request left it out).
	KeepPhone bool `json:"-"`
	// KeepAddress keeps the stored address on an update, as KeepPhone.
	KeepAddress bool `json:"-"`
	// Version is the version of the record an edit was made from (see
	// OrgInput.Version).
	Version int64 `json:"version"`
}

// CheckedMember is a validated MemberInput with what the ID number tells.
type CheckedMember struct {
	MemberInput
	ID idcard.ID
}

// Code lists of the member register. Values are stored as the keys; forms
// and imports accept the Chinese names as well.
var (
	Educations = []Choice{
		{"postgraduate", Message{"研究生", "Postgraduate"}}, {"bachelor", Message{"大学本科", "Bachelor"}},
		{"college", Message{"大学专科", "College"}}, {"secondary", Message{"中专/高中", "Secondary"}},
		{"junior", Message{"初中", "Junior secondary"}}, {"primary", Message{"小学及以下", "Primary or less"}},
	}
	PoliticalStatuses = []Choice{
		{"cpc", Message{"中共党员", "CPC member"}}, {"cpc_probationary", Message{"中共预备党员", "CPC probationary member"}},
		{"cyl", Message{"共青团员", "Communist Youth League member"}}, {"democratic_party", Message{"民主党派", "Democratic party member"}},
		{"masses", Message{"群众", "Masses"}},
	}
	Households = []Choice{
		{"urban", Message{"城镇", "Urban"}}, {"rural", Message{"农业", "Rural (migrant worker)"}},
	}
	Employments = []Choice{
		{"contract", Message{"劳动合同", "Labour contract"}}, {"dispatch", Message{"劳务派遣", "Agency dispatch"}},
		{"flexible", Message{"灵活就业", "Flexible employment"}}, {"new_forms", Message{"新就业形态", "New forms of employment"}},
	}
)

// Choice is one entry of a code list.
type Choice struct {
	Key  string
	Name Message
}

// ChoiceKey maps a key or a Chinese or English name to the key.
func ChoiceKey(list []Choice, s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, c := range list {
		if s == c.Key || s == c.Name.Zh || strings.EqualFold(s, c.Name.En) {
			return c.Key, true
		}
	}
	return "", false
}

// ChoiceName returns the display name of a key.
func ChoiceName(list []Choice, key string) Message {
	for _, c := range list {
		if c.Key == key {
			return c.Name
		}
	}
	return Message{key, key}
}

// Ethnicities are the 56 ethnic groups (GB 3304), as written in Chinese.
var Ethnicities = strings.Fields(`汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族
	哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族
	仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族
	德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族`)

// normalizeEthnicity accepts "汉" for "汉族".
func normalizeEthnicity(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, e := range Ethnicities {
		if s == e || s+"族" == e {
			return e, true
		}
	}
	return "", false
}

var (
	mobileRe   = regexp.MustCompile(`^1[3-9][0-9]{9}$`)
	landlineRe = regexp.MustCompile(`^0[0-9]{2,3}-?[0-9]{7,8}$`)
	cardNoRe   = regexp.MustCompile(`^[0-9A-Z-]{4,32}$`)
)

// NormalizePhone strips spaces and a +86 prefix.
func NormalizePhone(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		if r == ' ' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "+86"), "0086")
	return s
}

// CheckMember validates and normalizes a member input; today bounds dates.
// Errors name the fields of MemberInput's JSON form.
func CheckMember(in MemberInput, today Date) (CheckedMember, error) {
	v := &ValidationError{}
	c := CheckedMember{MemberInput: in}
	c.Name = strings.TrimSpace(in.Name)
	if c.Name == "" {
		v.Add("name", "请填写姓名", "name is required")
	} else if utf8.RuneCountInString(c.Name) > 50 {
		v.Add("name", "姓名不能超过50个字", "name must be at most 50 characters")
	}
	id, err := idcard.ParseAt(in.IDNumber, idcard.Date{Year: today.t.Year(), Month: today.t.Month(), Day: today.t.Day()})
	var ie *idcard.Error
	switch {
	case errors.As(err, &ie):
		v.Add("id_number", ie.Zh, ie.En)
	case err != nil:
		v.Add("id_number", "公民身份号码无效", "invalid citizen ID number")
	default:
		c.ID = id
		c.IDNumber = id.Number
	}
	if sex := strings.TrimSpace(in.Sex); sex != "" && err == nil {
		want := map[string]idcard.Sex{"男": idcard.SexMale, "male": idcard.SexMale, "m": idcard.SexMale, "女": idcard.SexFemale, "female": idcard.SexFemale, "f": idcard.SexFemale}
		s, ok := want[strings.ToLower(sex)]
		switch {
		case !ok:
			v.Add("sex", "性别应为“男”或“女”", `sex must be "男" (male) or "女" (female)`)
		case s != id.Sex:
			v.Add("sex", "性别与公民身份号码不符", "sex does not agree with the ID number")
		}
	}
	c.Sex = ""
	c.Phone = NormalizePhone(in.Phone)
	if c.Phone != "" {
		checkPhone(v, "phone", c.Phone)
	}
	if c.Address = NormalizeAddress(in.Address); c.Address != "" {
		checkAddress(v, "address", c.Address)
	}
	check := func(field string, list []Choice, value *string) {
		if strings.TrimSpace(*value) == "" {
			*value = ""
			return
		}
		key, ok := ChoiceKey(list, *value)
		if !ok {
			names := make([]string, len(list))
			for i, c := range list {
				names[i] = c.Name.Zh
			}
			v.Add(field, "应为："+strings.Join(names, "、"), "must be one of: "+strings.Join(names, ", "))
		}
		*value = key
	}
	check("education", Educations, &c.Education)
	check("political", PoliticalStatuses, &c.Political)
	check("household", Households, &c.Household)
	check("employment", Employments, &c.Employment)
	if strings.TrimSpace(c.Ethnicity) != "" {
		e, ok := normalizeEthnicity(c.Ethnicity)
		if !ok {
			v.Add("ethnicity", "民族名称无效，例如：汉族", "unknown ethnic group, e.g. 汉族")
		}
		c.Ethnicity = e
	} else {
		c.Ethnicity = ""
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请指定所属工会", "the member's union is required")
	}
	switch {
	case in.JoinedOn.IsZero():
		v.Add("joined_on", "请填写入会日期", "join date is required")
	case today.Before(in.JoinedOn):
		v.Add("joined_on", "入会日期不能晚于今天", "join date cannot be in the future")
	case err == nil && in.JoinedOn.Before(NewDate(id.Birth.Year, id.Birth.Month, id.Birth.Day)):
		v.Add("joined_on", "入会日期早于出生日期", "join date is before the birth date")
	}
	c.CardNo = strings.ToUpper(strings.TrimSpace(in.CardNo))
	if c.CardNo != "" && !cardNoRe.MatchString(c.CardNo) {
		v.Add("card_no", badCardNo.Zh, badCardNo.En)
	}
	return c, v.Err()
}

var badCardNo = Message{"会员卡号应为4–32位数字、字母或连字符", "card number must be 4–32 digits, letters or hyphens"}

// CheckCardNo validates a member service card number.
func CheckCardNo(no string) error {
	if !cardNoRe.MatchString(no) {
		return Invalid("card_no", badCardNo.Zh, badCardNo.En)
	}
	return nil
}

// BirthDate returns the birth date the ID number tells.
func (c CheckedMember) BirthDate() Date {
	return NewDate(c.ID.Birth.Year, c.ID.Birth.Month, c.ID.Birth.Day)
}

// Age bands, youngest first: what a masked member shows of the birth date,
// and the dashboard's breakdown. A band of ten years leaves hundreds of
// birth dates for a masked number (an exact age, about 33).
const (
	AgeUnder25 = "<25"
	Age25to34  = "25-34"
	Age35to44  = "35-44"
	Age45to54  = "45-54"
	Age55Plus  = "55+"
)

// AgeBands lists the bands in order.
var AgeBands = []string{AgeUnder25, Age25to34, Age35to44, Age45to54, Age55Plus}

// AgeBand is the band of someone born on birth, on the day on.
func AgeBand(birth, on Date) string {
	switch age := AgeOn(birth, on); {
	case age < 25:
		return AgeUnder25
	case age < 35:
		return Age25to34
	case age < 45:
		return Age35to44
	case age < 55:
		return Age45to54
	}
	return Age55Plus
}

// AgeOn is the age in whole years of someone born on birth, on the day on.
func AgeOn(birth, on Date) int {
	by, bm, bd := birth.Parts()
	y, m, d := on.Parts()
	age := y - by
	if m < bm || m == bm && d < bd {
		age--
	}
	return age
}

// SexKey is "male" or "female".
func (c CheckedMember) SexKey() string {
	if c.ID.Sex == idcard.SexFemale {
		return "female"
	}
	return "male"
}

// MaskPhone keeps the first 3 and last 4 digits of a mobile number.
func MaskPhone(p string) string {
	if len(p) < 8 {
		return strings.Repeat("*", len(p))
	}
	return p[:3] + strings.Repeat("*", len(p)-7) + p[len(p)-4:]
}

// MemberFilter selects members in a list.
type MemberFilter struct {
	OrgID  int64        // members of this org's subtree; 0 = the whole scope
	Query  string       // name, pinyin initials, exact ID number, phone or card number
	Status MemberStatus // "" = active
	// WithCard keeps the members holding a valid service card: what the
	// cards figure counts; NoCard keeps the others.
	WithCard, NoCard bool
	UnitID           int64  // members working at this unit
	AgeBand          string // one of AgeBands, today's age
	// JoinedFrom and JoinedTo bound the join date (入会日期), both kept.
	JoinedFrom, JoinedTo Date
	IDs                  []int64 // these memberships only (a selection)
	// Sort is one of MemberSorts ("" = the register's order).
	Sort string
	// After and Before are the cursors of the next and the previous page
	// (from the list's last answer); with neither, Page.Offset jumps,
	// within the first pages only.
	After, Before string
	Page
}

// MemberSorts are the orders a member list can take: by name, join date or
// union, "-" in front for the reverse.
var MemberSorts = []string{"name", "-name", "joined", "-joined", "org", "-org"}

// TransferStatus is the state of a membership transfer (会员关系转接).
type TransferStatus string

const (
	TransferPending   TransferStatus = "pending"
	TransferAccepted  TransferStatus = "accepted"
	TransferRejected  TransferStatus = "rejected"
	TransferCancelled TransferStatus = "cancelled"
)

// Transfer moves a member from one union to another: the sending union
// starts it, the receiving union accepts or rejects it.
type Transfer struct {
	ID          int64          `json:"id"`
	MemberID    int64          `json:"member_id"`
	MemberName  string         `json:"member_name"`
	FromOrgID   int64          `json:"from_org_id"`
	FromOrgName string         `json:"from_org_name"`
	ToOrgID     int64          `json:"to_org_id"`
	ToOrgName   string         `json:"to_org_name"`
	Status      TransferStatus `json:"status"`
	Reason      string         `json:"reason,omitempty"`
	RequestedBy string         `json:"requested_by"`
	DecidedBy   string         `json:"decided_by,omitempty"`
	Note        string         `json:"note,omitempty"`
	NewMemberID int64          `json:"new_member_id,omitempty"`
	Incoming    bool           `json:"incoming"` // the actor's side: receiving
}

// Card is a member service card (互助服务卡).
type Card struct {
	No       string `json:"card_no"`
	IssuedOn Date   `json:"issued_on"`
	Status   string `json:"status"` // active, replaced, cancelled: what was last recorded
	EndedOn  Date   `json:"ended_on,omitzero"`
	// State is the card as it stands on the day it is read (CardStateOn).
	State string `json:"state"`
}

// CardStateOn is a card's state on day, read from the calendar: a card
// recorded active has lapsed once its holder's membership ended (left
// being its end, zero while held), and is not yet valid before its issue
// date — as the cards figure counts it.
func CardStateOn(k Card, left, day Date) string {
	switch {
	case k.Status != "active":
		return k.Status
	case day.Before(k.IssuedOn):
		return "pending"
	case !left.IsZero() && !day.Before(left):
		return "lapsed"
	}
	return "active"
}

// MemberCounts are the register's headline figures for a subtree.
type MemberCounts struct {
	// Total sums the census figures of the unions that reported one, each
	// union without one standing in with its real-name count (会员总数).
	Total int `json:"members_total"`
	// Reported sums the census figures alone.
	Reported int `json:"members_reported"`
	// RealName counts the active records of the register (实名制会员).
	RealName int `json:"members_realname"`
	// Cards counts active member service cards of active members.
	Cards int `json:"cards_issued"`
}

// RealNameRate is RealName ÷ Total in percent (实名制采集率), 0 when empty.
func (c MemberCounts) RealNameRate() float64 {
	if c.Total == 0 {
		return 0
	}
	return float64(c.RealName) * 100 / float64(c.Total)
}

// QualityIssue is one finding of the data-quality checks.
type QualityIssue struct {
	MemberID int64  `json:"member_id,omitempty"`
	OrgID    int64  `json:"org_id,omitempty"` // findings about a union rather than a member
	Name     string `json:"name"`
	OrgName  string `json:"org_name"`
	Detail   string `json:"detail"`
	// Link is the page of a finding that is not a member (a unit, a
	// union); empty for members.
	Link string `json:"link,omitempty"`
}

// QualityCheck is one check with its findings (at most a page of them).
type QualityCheck struct {
	Key    string         `json:"key"`
	Title  Message        `json:"title"`
	Count  int            `json:"count"`
	Issues []QualityIssue `json:"issues"`
}

// The catalogue holds the member register's figures.
var _ = RegisterIndicators(20, []Indicator{
	{Key: "members_total", Name: Message{"会员总数", "Members (total)"}, Unit: unitPersons,
		Definition: Message{"各工会年报会员数之和，未报年报的工会以其实名制会员数计", "the unions' census figures summed, a union without one standing in with its real-name count"}},
	{Key: "members_reported", Name: Message{"年报会员数", "Members reported in the census"}, Unit: unitPersons,
		Definition: Message{"子树内当日存续的工会统计年报填报的会员数之和（撤销后不再计，成立前不计）", "the census figures of the subtree's unions in existence on the day summed (none after a union's dissolution, none before its founding)"}},
	{Key: "members_realname", Name: Message{"实名制会员数", "Real-name records"}, Unit: unitPersons,
		Definition: Message{"当日在册的实名制会员记录：会籍自本会籍起始日期（入会，或转接被接收之日）起计，至离会或转出之日前一天止；同一人在任何一天至多计一次",
			"real-name records of members on the day: a membership counts from its first day (joining, or the day a transfer into the union was accepted) to the day before leaving or transferring out; a person counts at most once on any day"}},
	{Key: "realname_rate", Name: Message{"实名制采集率", "Real-name rate"}, Unit: unitPercent,
		Definition: Message{"实名制会员数 ÷ 会员总数", "real-name records ÷ members (total)"}, Numerator: "members_realname", Denominator: "members_total"},
	{Key: "cards_issued", Name: Message{"会员服务卡发放数", "Member service cards"}, Unit: unitCount,
		Definition: Message{"当日有效且持卡人当日在册的会员服务卡，计入持卡人当日所在工会", "member service cards valid on the day whose holder is a member that day, counted at the holder's union of that day"}},
})
