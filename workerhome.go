package gonghui

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"
)

// WorkerHome is a place of the service network a union runs or hosts: a
// worker home (职工之家) of a union, a small home (职工小家) of a team, a
// public-area home (公共区域职工之家), a warm station (暖心驿站) or a
// wellbeing station (心灵驿站).
type WorkerHome struct {
	ID int64 `json:"id"`
	// Code is the station's own code, unique in the city: printed on the
	// door as a QR, and what an import finds the station again by.
	Code    string `json:"code"`
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Status  string `json:"status"`
	OrgID   int64  `json:"org_id"` // the union responsible
	OrgName string `json:"org_name,omitempty"`
	// Partner, when set, is the business hosting the station for the
	// union (a bank branch, a petrol station), with its contact.
	Partner      string   `json:"partner,omitempty"`
	ContactName  string   `json:"contact_name,omitempty"`
	ContactPhone string   `json:"contact_phone,omitempty"` // personal: masked in lists
	Services     []string `json:"services"`
	Address      string   `json:"address"`
	// RegionCode is the district or street (GB/T 2260 and its 9-digit
	// street extension) the place is in.
	RegionCode string `json:"region_code,omitempty"`
	// OpeningHours are written as ParseOpeningHours reads them.
	OpeningHours string `json:"opening_hours,omitempty"`
	// Location is WGS-84, as GPS gives it; nil when not surveyed.
	Location *GeoPoint `json:"location,omitempty"`
	// LocationGCJ02 is the same point for Chinese maps (read only).
	LocationGCJ02 *GeoPoint `json:"location_gcj02,omitempty"`
	// OpenedOn is its first day of service; ClosedOn, when set, the
	// first day it no longer serves (as a union's dissolution date).
	OpenedOn Date `json:"opened_on"`
	ClosedOn Date `json:"closed_on,omitzero"`
	// LastInspectedOn is the day of its latest inspection (read only);
	// InspectionDue the day the next falls due (see InspectionDueOn).
	LastInspectedOn Date `json:"last_inspected_on,omitzero"`
	InspectionDue   Date `json:"inspection_due"`
	// Version counts the home's edits: an edit names the version it
	// started from, so two cadres cannot overwrite each other unseen.
	Version int64 `json:"version"`
}

// WorkerHomeInput is what a cadre sets on a worker home.
type WorkerHomeInput struct {
	Code         string    `json:"code"` // "" on creation: the next free one
	Name         string    `json:"name"`
	Kind         string    `json:"kind"`
	Status       string    `json:"status"` // "" = open
	OrgID        int64     `json:"org_id"`
	Partner      string    `json:"partner"`
	ContactName  string    `json:"contact_name"`
	ContactPhone string    `json:"contact_phone"`
	Services     []string  `json:"services"`
	Address      string    `json:"address"`
	RegionCode   string    `json:"region_code"`
	OpeningHours string    `json:"opening_hours"`
	Location     *GeoPoint `json:"location"`
	OpenedOn     Date      `json:"opened_on"`
	ClosedOn     Date      `json:"closed_on"`
	// Version is the version of the home an edit was made from (see
	// OrgInput.Version).
	Version int64 `json:"version"`
}

// ToInput is the home as its form holds it: where an edit starts, so that a
// field added later is carried over here, in one place.
func (h WorkerHome) ToInput() WorkerHomeInput {
	return WorkerHomeInput{Code: h.Code, Name: h.Name, Kind: h.Kind, Status: h.Status, OrgID: h.OrgID, Partner: h.Partner,
		ContactName: h.ContactName, ContactPhone: h.ContactPhone, Services: h.Services, Address: h.Address, RegionCode: h.RegionCode,
		OpeningHours: h.OpeningHours, Location: h.Location, OpenedOn: h.OpenedOn, ClosedOn: h.ClosedOn, Version: h.Version}
}

// GeoPoint is a WGS-84 position in degrees; it is stored as whole
// millionths of a degree (about 0.1 m), exact on both engines.
type GeoPoint struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// Micro is the point in millionths of a degree.
func (p GeoPoint) Micro() (lat, lng int64) {
	return int64(math.Round(p.Lat * 1e6)), int64(math.Round(p.Lng * 1e6))
}

// GeoPointFromMicro is the point stored as millionths of a degree.
func GeoPointFromMicro(lat, lng int64) GeoPoint {
	return GeoPoint{Lat: float64(lat) / 1e6, Lng: float64(lng) / 1e6}
}

// The kinds of worker home.
const (
	WorkerHomeUnion     = "union_home"        // 职工之家
	WorkerHomeSmall     = "small_home"        // 职工小家
	WorkerHomePublic    = "public_home"       // 公共区域职工之家
	WorkerHomeWarm      = "warm_station"      // 暖心驿站
	WorkerHomeWellbeing = "wellbeing_station" // 心灵驿站
)

// WorkerHomeKinds lists the kinds in form order.
var WorkerHomeKinds = []Choice{
	{WorkerHomeUnion, Message{"职工之家", "Worker home"}},
	{WorkerHomeSmall, Message{"职工小家", "Small worker home"}},
	{WorkerHomePublic, Message{"公共区域职工之家", "Public-area worker home"}},
	{WorkerHomeWarm, Message{"职工暖心驿站", "Warm station"}},
	{WorkerHomeWellbeing, Message{"职工心灵驿站", "Wellbeing station"}},
}

// PublicStationKinds are the kinds any member may walk into; a union's
// own home and small home serve its workplace.
var PublicStationKinds = []string{WorkerHomePublic, WorkerHomeWarm, WorkerHomeWellbeing}

// ForMembers is the station as the portal shows it to any member: the
// host business stays, its contact person does not.
func (h WorkerHome) ForMembers() WorkerHome {
	h.ContactName, h.ContactPhone = "", ""
	return h
}

// The statuses of a station: open, suspended for a while (repairs, a
// host's move), closed for good.
const (
	StationOpen      = "open"
	StationSuspended = "suspended"
	StationClosed    = "closed"
)

// StationStatuses lists the statuses in form order.
var StationStatuses = []Choice{
	{StationOpen, Message{"开放", "Open"}},
	{StationSuspended, Message{"暂停", "Suspended"}},
	{StationClosed, Message{"关闭", "Closed"}},
}

// StationServices is the checklist of what a station offers; a new
// service is a line here (its key is what records and imports keep).
var StationServices = []Choice{
	{"water", Message{"饮水", "Drinking water"}},
	{"heating", Message{"热饭", "Food heating"}},
	{"microwave", Message{"微波炉", "Microwave"}},
	{"charging", Message{"充电", "Phone charging"}},
	{"rest", Message{"休息", "Rest"}},
	{"toilet", Message{"如厕", "Toilet"}},
	{"first_aid", Message{"应急药箱", "First aid"}},
	{"books", Message{"图书", "Books"}},
	{"wifi", Message{"无线网络", "Wi-Fi"}},
	{"repair", Message{"维修工具", "Repair tools"}},
	{"counselling", Message{"心理疏导", "Counselling"}},
}

// ParseServices reads a list of services, by key or by either name,
// separated by 、 , ， ; or spaces: the known ones in checklist order,
// and the words not on the checklist.
func ParseServices(s string) (keys, unknown []string) {
	return normalizeServices(strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == ' ' || r == '/'
	}))
}

func normalizeServices(list []string) (keys, unknown []string) {
	have := map[string]bool{}
	for _, w := range list {
		if k, ok := ChoiceKey(StationServices, strings.TrimSpace(w)); ok {
			have[k] = true
		} else if w = strings.TrimSpace(w); w != "" {
			unknown = append(unknown, w)
		}
	}
	keys = []string{}
	for _, c := range StationServices {
		if have[c.Key] {
			keys = append(keys, c.Key)
		}
	}
	return keys, unknown
}

// Normalize trims the input.
func (in *WorkerHomeInput) Normalize() {
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Name = strings.TrimSpace(in.Name)
	in.Kind = strings.TrimSpace(in.Kind)
	if k, ok := ChoiceKey(WorkerHomeKinds, in.Kind); ok {
		in.Kind = k
	}
	if in.Status = strings.TrimSpace(in.Status); in.Status == "" {
		in.Status = StationOpen
	} else if k, ok := ChoiceKey(StationStatuses, in.Status); ok {
		in.Status = k
	}
	in.Partner = strings.TrimSpace(in.Partner)
	in.ContactName = strings.TrimSpace(in.ContactName)
	in.ContactPhone = strings.TrimSpace(in.ContactPhone)
	if keys, unknown := normalizeServices(in.Services); len(unknown) == 0 {
		in.Services = keys
	}
	in.Address = strings.TrimSpace(in.Address)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	in.OpeningHours = strings.TrimSpace(in.OpeningHours)
}

// Validate checks the rules that need no database; today bounds the
// dates (a home is registered once it has opened, or is about to within
// a year).
func (in *WorkerHomeInput) Validate(v *ValidationError, today Date) {
	textField(v, "name", in.Name, 100, "请填写名称", "name is required", "名称不能超过100个字", "name must be at most 100 characters")
	if !IsChoiceKey(WorkerHomeKinds, in.Kind) {
		v.Add("kind", "请选择类型", "choose a kind")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择所属工会", "choose the host union")
	}
	textField(v, "address", in.Address, 200, "请填写地址", "address is required", "地址不能超过200个字", "address must be at most 200 characters")
	if in.Code != "" && !stationCode(in.Code) {
		v.Add("code", "驿站编码应为2到20位大写字母、数字或连字符", "a station code is 2 to 20 capital letters, digits or hyphens")
	}
	if !IsChoiceKey(StationStatuses, in.Status) {
		v.Add("status", "请选择状态（开放、暂停、关闭）", "choose a status (open, suspended, closed)")
	}
	if utf8.RuneCountInString(in.Partner) > 100 {
		v.Add("partner", "合作单位名称不能超过100个字", "the partner's name must be at most 100 characters")
	}
	if utf8.RuneCountInString(in.ContactName) > 50 {
		v.Add("contact_name", "联系人不能超过50个字", "the contact's name must be at most 50 characters")
	}
	if p := in.ContactPhone; p != "" && !contactPhone(p) {
		v.Add("contact_phone", "联系电话应为11位手机号或带区号的固定电话", "the contact phone is an 11-digit mobile or a landline with its area code")
	}
	if _, unknown := normalizeServices(in.Services); len(unknown) > 0 {
		v.Add("services", "未知的服务项目："+strings.Join(unknown, "、"), "unknown services: "+strings.Join(unknown, ", "))
	}
	if utf8.RuneCountInString(in.OpeningHours) > 200 {
		v.Add("opening_hours", "开放时间不能超过200个字", "opening hours must be at most 200 characters")
	} else if _, err := ParseOpeningHours("opening_hours", in.OpeningHours); err != nil {
		for f, m := range err.(*ValidationError).Fields {
			v.Add(f, m.Zh, m.En)
		}
	}
	if p := in.Location; p != nil {
		// Inside China's bounding box: a swapped pair or a point from
		// another datum's typo shows here, not on the map.
		if math.IsNaN(p.Lat) || p.Lat < 3 || p.Lat > 54 {
			v.Add("location.lat", "纬度须在3到54度之间（WGS-84）", "latitude must be between 3 and 54 degrees (WGS-84)")
		}
		if math.IsNaN(p.Lng) || p.Lng < 73 || p.Lng > 136 {
			v.Add("location.lng", "经度须在73到136度之间（WGS-84）", "longitude must be between 73 and 136 degrees (WGS-84)")
		}
	}
	switch {
	case in.OpenedOn.IsZero():
		v.Add("opened_on", "请填写启用日期", "the opening date is required")
	case !today.IsZero() && today.AddDays(366).Before(in.OpenedOn):
		v.Add("opened_on", "启用日期不能晚于一年以后", "the opening date must be within a year from today")
	case in.OpenedOn.Before(NewDate(1949, 10, 1)):
		v.Add("opened_on", "启用日期过早", "the opening date is too early")
	}
	if !in.ClosedOn.IsZero() && !in.OpenedOn.IsZero() && !in.OpenedOn.Before(in.ClosedOn) {
		v.Add("closed_on", "停用日期须晚于启用日期", "the closing date must be after the opening date")
	}
}

// stationCode: 2–20 of A–Z, 0–9 and "-".
func stationCode(s string) bool {
	if len(s) < 2 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// contactPhone: an 11-digit mobile, or a landline of 7–12 digits that may
// carry a "-" after its area code and an extension.
func contactPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' && i > 0:
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 16
}

// textField checks a required text of at most max characters.
func textField(v *ValidationError, field, s string, max int, emptyZh, emptyEn, longZh, longEn string) {
	switch {
	case s == "":
		v.Add(field, emptyZh, emptyEn)
	case utf8.RuneCountInString(s) > max:
		v.Add(field, longZh, longEn)
	}
}

// WorkerHomeFilter selects worker homes in a list.
type WorkerHomeFilter struct {
	OrgID int64  // homes of this union's subtree; 0 = the whole scope
	Kind  string // "" = every kind
	Query string // name, code or address contains
	// Status keeps the stations of one status; Service those offering it.
	Status  string
	Service string
	Located bool // only those with a position
	// InspectionDue keeps the stations not closed due for inspection on
	// this day (see InspectionDueOn).
	InspectionDue Date
	// Flagged keeps the stations with a member's report waiting.
	Flagged bool
	Closed  bool // include closed homes
	// RegionCode keeps the homes of this district or street (a district's
	// code keeps its streets too); "" = anywhere.
	RegionCode string
	IDs        []int64 // these homes only (a selection)
	Sort       string  // a key of the store's worker-home sorts ("-": reversed); "" = by union, then name
	Page
}

// The catalogue holds the service network's figures.
var _ = RegisterIndicators(50, []Indicator{
	{Key: "worker_homes", Name: Message{"职工之家（驿站）数", "Worker homes and stations"}, Unit: unitCount,
		Definition: Message{"子树内工会所属、当日开放的职工之家、职工小家、公共区域职工之家和驿站", "worker homes, small homes, public-area homes and stations of the subtree's unions open on the day"}},
	{Key: "warm_stations", Name: Message{"职工暖心驿站数", "Warm stations"}, Unit: unitCount,
		Definition: Message{"其中当日开放的职工暖心驿站", "of which warm stations open on the day"}},
})

// NearestQuery asks for the stations nearest a point.
type NearestQuery struct {
	At      GeoPoint // WGS-84
	Radius  float64  // metres; 0 = 2 km
	Limit   int      // 0 = 10
	OpenNow bool     // only stations open at Now by their status and hours
	Now     time.Time
	Kind    string // "" = every kind
	Service string // "" = any services
}

// NearStation is a station found near a point, with its distance.
type NearStation struct {
	WorkerHome
	Distance float64 `json:"distance_m"` // metres, rounded
	OpenNow  bool    `json:"open_now"`
}

// Normalize bounds the query: a radius of at most 20 km, at most 50
// stations.
func (q *NearestQuery) Normalize() {
	if q.Radius <= 0 {
		q.Radius = 2000
	}
	q.Radius = math.Min(q.Radius, 20000)
	if q.Limit <= 0 {
		q.Limit = 10
	}
	q.Limit = min(q.Limit, 50)
}

// OpenAt reports whether a station is open at t: open by its status,
// within its dates of service, and by its hours, the holiday calendar
// telling which days its holiday hours hold on.
func (h WorkerHome) OpenAt(t time.Time, holidays Calendar) bool {
	d := DateOf(t)
	if h.Status != StationOpen || d.Before(h.OpenedOn) || (!h.ClosedOn.IsZero() && !d.Before(h.ClosedOn)) {
		return false
	}
	hours, err := ParseOpeningHours("opening_hours", h.OpeningHours)
	return err == nil && hours.OpenAt(t, holidays.IsHoliday)
}
