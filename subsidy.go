package gonghui

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The qualification subsidy (职业发展助推金) is a programme on the
// assistance core: an application names a certificate (职业资格/技能等级
// 证书) of the person, or a contest result where the rules allow; the
// membership and the service card are read on that credential's date;
// one credential is paid once, city-wide, and a person once a year (the
// programme's yearly period); the amount is a tier by level and year.
// When a year's eligible applications exceed the quota or the budget, a
// seeded lottery picks those paid, and the last approval waits for the
// public notice (公示) to end.

// ProgQualification is the standard subsidy's code.
const ProgQualification = "ZTJ" // 在职职工职业发展助推金

// The certificate levels (职业资格/职业技能等级).
const (
	LevelSeniorTechnician = "senior_technician" // 高级技师（一级）
	LevelTechnician       = "technician"        // 技师（二级）
	LevelSeniorWorker     = "senior_worker"     // 高级工（三级）
	LevelIntermediate     = "intermediate"      // 中级工（四级）
	LevelJunior           = "junior"            // 初级工（五级）
)

// CertificateLevels lists the levels from the highest.
var CertificateLevels = []Choice{
	{LevelSeniorTechnician, Message{"高级技师", "Senior technician"}},
	{LevelTechnician, Message{"技师", "Technician"}},
	{LevelSeniorWorker, Message{"高级工", "Senior worker"}},
	{LevelIntermediate, Message{"中级工", "Intermediate worker"}},
	{LevelJunior, Message{"初级工", "Junior worker"}},
}

// CertificateInput is a certificate as its form holds it.
type CertificateInput struct {
	PersonID   int64  `json:"person_id"`
	OrgID      int64  `json:"org_id"` // the union keeping the record
	Number     string `json:"number"`
	Occupation string `json:"occupation"`
	Level      string `json:"level"`
	Issuer     string `json:"issuer"` // the issuing body
	IssuedOn   Date   `json:"issued_on"`
	Version    int64  `json:"version,omitempty"`
}

// Certificate is a certificate on record.
type Certificate struct {
	ID         int64  `json:"id"`
	PersonID   int64  `json:"person_id"`
	PersonName string `json:"person_name"`
	OrgID      int64  `json:"org_id"`
	OrgName    string `json:"org_name"`
	Number     string `json:"number"`
	Occupation string `json:"occupation"`
	Level      string `json:"level"`
	Issuer     string `json:"issuer"`
	IssuedOn   Date   `json:"issued_on"`
	Version    int64  `json:"version"`
}

// ToInput is the certificate as its form holds it.
func (c Certificate) ToInput() CertificateInput {
	return CertificateInput{PersonID: c.PersonID, OrgID: c.OrgID, Number: c.Number, Occupation: c.Occupation, Level: c.Level,
		Issuer: c.Issuer, IssuedOn: c.IssuedOn, Version: c.Version}
}

// Normalize trims the text; a number is kept without spaces and in
// upper case, as certificates print it.
func (in *CertificateInput) Normalize() {
	in.Number = strings.ToUpper(strings.Join(strings.Fields(in.Number), ""))
	in.Occupation = strings.TrimSpace(in.Occupation)
	in.Issuer = strings.Join(strings.Fields(in.Issuer), " ")
}

// Validate checks a certificate; today bounds its date.
func (in CertificateInput) Validate(v *ValidationError, today Date) {
	if in.PersonID == 0 {
		v.Add("person_id", "请选择持证人", "choose the holder")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择登记工会", "choose the union keeping the record")
	}
	if in.Number == "" || len(in.Number) > 40 {
		v.Add("number", "请填写证书编号（不超过40位）", "give the certificate's number (at most 40 characters)")
	}
	for field, s := range map[string]string{"occupation": in.Occupation, "issuer": in.Issuer} {
		if s == "" || utf8.RuneCountInString(s) > 100 {
			v.Add(field, "请填写（不超过100字）", "required (at most 100 characters)")
		}
	}
	if !IsChoiceKey(CertificateLevels, in.Level) {
		v.Add("level", "请选择证书等级", "choose the certificate's level")
	}
	switch {
	case in.IssuedOn.IsZero():
		v.Add("issued_on", "请填写发证日期", "give the date of issue")
	case today.Before(in.IssuedOn):
		v.Add("issued_on", "发证日期不能晚于今天", "the date of issue cannot be in the future")
	}
}

// ContestResultInput is a placing in a competition's final.
type ContestResultInput struct {
	PersonID int64  `json:"person_id"`
	OrgID    int64  `json:"org_id"`
	Event    string `json:"event"` // the final's name, as the rules name it
	Rank     int    `json:"rank"`
	HeldOn   Date   `json:"held_on"`
}

// ContestResult is a placing on record.
type ContestResult struct {
	ID         int64  `json:"id"`
	PersonID   int64  `json:"person_id"`
	PersonName string `json:"person_name"`
	OrgID      int64  `json:"org_id"`
	Event      string `json:"event"`
	Rank       int    `json:"rank"`
	HeldOn     Date   `json:"held_on"`
}

// Validate checks a contest result.
func (in *ContestResultInput) Validate(v *ValidationError, today Date) {
	in.Event = strings.TrimSpace(in.Event)
	if in.PersonID == 0 {
		v.Add("person_id", "请选择参赛人", "choose the contestant")
	}
	if in.OrgID == 0 {
		v.Add("org_id", "请选择登记工会", "choose the union keeping the record")
	}
	if in.Event == "" || utf8.RuneCountInString(in.Event) > 100 {
		v.Add("event", "请填写赛事名称（不超过100字）", "give the event's name (at most 100 characters)")
	}
	if in.Rank < 1 || in.Rank > 10_000 {
		v.Add("rank", "名次须为正整数", "the rank is a positive number")
	}
	if in.HeldOn.IsZero() || today.Before(in.HeldOn) {
		v.Add("held_on", "请填写比赛日期（不晚于今天）", "give the date of the final (not in the future)")
	}
}

// Qualification is what a subsidy's rules ask of the credential an
// application names.
type Qualification struct {
	// Levels are the certificate levels paid (empty: every level).
	Levels []string `json:"levels,omitempty"`
	// ServiceCard: the person holds a service card (互助服务卡) on the
	// credential's date, besides a membership when Member is asked.
	ServiceCard bool `json:"service_card,omitempty"`
	// A result ranked at most ContestMaxRank in one of ContestEvents
	// counts instead of a certificate, paid as a certificate of
	// ContestLevel (0 or no events: results do not count).
	ContestEvents  []string `json:"contest_events,omitempty"`
	ContestMaxRank int      `json:"contest_max_rank,omitempty"`
	ContestLevel   string   `json:"contest_level,omitempty"`
}

func (q *Qualification) validate(v *ValidationError) {
	for _, l := range append(slices.Clone(q.Levels), q.ContestLevel) {
		if l != "" && !IsChoiceKey(CertificateLevels, l) {
			v.Add("rules.eligibility.qualification.levels", "未知的证书等级："+l, "unknown certificate level: "+l)
		}
	}
	if q.ContestMaxRank < 0 || q.ContestMaxRank > 1000 {
		v.Add("rules.eligibility.qualification.contest_max_rank", "名次上限须在0至1000之间", "the rank limit is 0 to 1,000")
	}
	if q.ContestMaxRank > 0 && (len(q.ContestEvents) == 0 || q.ContestLevel == "") {
		v.Add("rules.eligibility.qualification.contest_events", "竞赛成绩计入须写明赛事名称和折算等级", "results that count name their events and the level they count as")
	}
}

// The credential kinds an application may name.
const (
	CredentialCertificate = "certificate"
	CredentialContest     = "contest"
)

// Credential is the key a credential is paid once under, city-wide.
func Credential(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// credentialOf is the credential an application names ("" for none).
func (in ApplicationInput) credentialOf() string {
	switch {
	case in.CertificateID != 0:
		return Credential(CredentialCertificate, in.CertificateID)
	case in.ContestResultID != 0:
		return Credential(CredentialContest, in.ContestResultID)
	}
	return ""
}

// CredentialOf is the credential an application names ("" for none).
func CredentialOf(in ApplicationInput) string { return in.credentialOf() }

// QualificationFacts are what the register says of the credential, frozen
// with the application's facts.
type QualificationFacts struct {
	// Credential as CredentialOf names it; Found when it is the
	// person's.
	Credential string `json:"credential,omitempty"`
	Found      bool   `json:"found,omitempty"`
	On         Date   `json:"on"` // the certificate's issue or the final's date
	Level      string `json:"level,omitempty"`
	Event      string `json:"event,omitempty"`
	Rank       int    `json:"rank,omitempty"`
	// Card: a service card valid on On.
	Card bool `json:"card,omitempty"`
	// Duplicate is another live application naming the credential, in
	// any union and year (0: none).
	Duplicate int64 `json:"duplicate,omitempty"`
	// For the final approval: QuotaUsed is how many the programme
	// approved in the period; Oversubscribed that those approved and
	// those waiting for their last approval exceed the quota or the
	// budget; Drawn that a lottery picked this one; NoticeEnds the first
	// day after the public notice (zero: not on notice yet) and Today the
	// day of the decision.
	QuotaUsed      int  `json:"quota_used,omitempty"`
	Final          bool `json:"final,omitempty"`
	Oversubscribed bool `json:"oversubscribed,omitempty"`
	Drawn          bool `json:"drawn,omitempty"`
	NoticeEnds     Date `json:"notice_ends"`
	Today          Date `json:"today"`
}

// anyDuplicate is the first duplicate an override has to let through:
// of the recipient in the period, or of the credential.
func (f ApplicationFacts) anyDuplicate() int64 {
	if f.Duplicate != 0 {
		return f.Duplicate
	}
	if f.Qualification != nil {
		return f.Qualification.Duplicate
	}
	return 0
}

// AnyDuplicate is the duplicate an override lets through (0: none).
func (f ApplicationFacts) AnyDuplicate() int64 { return f.anyDuplicate() }

// assessQualification adds the reasons a subsidy's rules refuse an
// application on its credential, and gives the level its tier is found
// by.
func assessQualification(p Programme, in ApplicationInput, f ApplicationFacts, overridden bool, v *ValidationError) string {
	r := p.Rules
	q := r.Eligibility.Qualification
	if q == nil {
		return ""
	}
	qf := f.Qualification
	if qf == nil || !qf.Found {
		v.Add("certificate_id", "请选择申请人本人的职业资格证书或竞赛成绩", "choose a certificate or contest result of the applicant")
		return ""
	}
	on := qf.On.String()
	level := qf.Level
	if in.ContestResultID != 0 {
		level = q.ContestLevel
		if q.ContestMaxRank == 0 || !contains(q.ContestEvents, qf.Event) || qf.Rank > q.ContestMaxRank {
			v.Add("contest_result_id", "本项目不认可该竞赛成绩（须为指定决赛前"+strconv.Itoa(q.ContestMaxRank)+"名）",
				"the programme does not count this result (a named final's top "+strconv.Itoa(q.ContestMaxRank)+")")
		}
	} else if len(q.Levels) > 0 && !contains(q.Levels, level) {
		v.Add("certificate_id", "本项目不资助该等级的证书", "the programme does not pay certificates of this level")
	}
	if r.Eligibility.Member && !f.Member {
		v.Add("person_id", "发证（比赛）日"+on+"无有效会籍", "not a member on the credential's date ("+on+")")
	}
	if q.ServiceCard && !qf.Card {
		v.Add("person_id", "发证（比赛）日"+on+"未持有效的互助服务卡", "no valid service card on the credential's date ("+on+")")
	}
	if qf.Duplicate != 0 && !overridden {
		v.Add("duplicate", "该证书（成绩）已有助推金申请（编号"+strconv.FormatInt(qf.Duplicate, 10)+"），一证只发一次，须有权限者说明理由后放行",
			"the credential already has an application (no. "+strconv.FormatInt(qf.Duplicate, 10)+"): it is paid once; an approver with the right must override it with a reason")
	}
	if qf.Final {
		if r.Quota > 0 && qf.QuotaUsed >= r.Quota {
			v.Add("quota", "本期名额已满（"+strconv.Itoa(r.Quota)+"名）", "the period's quota ("+strconv.Itoa(r.Quota)+") is filled")
		}
		if qf.Oversubscribed && !qf.Drawn {
			v.Add("lottery", "本期申请超过名额或预算，须先摇号确定发放名单", "the period is oversubscribed: a lottery picks those paid first")
		}
		if r.NoticeDays > 0 && (qf.NoticeEnds.IsZero() || qf.Today.Before(qf.NoticeEnds)) {
			v.Add("notice", "公示期未满（"+strconv.Itoa(r.NoticeDays)+"天，"+qf.NoticeEnds.String()+"起方可发放）",
				"the public notice of "+strconv.Itoa(r.NoticeDays)+" days has not ended (payable from "+qf.NoticeEnds.String()+")")
		}
	}
	return level
}

// LotteryCandidate is an application drawn among.
type LotteryCandidate struct {
	ApplicationID int64 `json:"application_id"`
	AmountFen     int64 `json:"amount_fen"`
}

// LotteryDraw is a candidate's place in the draw.
type LotteryDraw struct {
	Seq           int    `json:"seq"` // 1: drawn first
	ApplicationID int64  `json:"application_id"`
	AmountFen     int64  `json:"amount_fen"`
	Won           bool   `json:"won"`
	SubjectName   string `json:"subject_name,omitempty"`
}

// DrawLottery orders the candidates by SHA-256 of the seed and their
// application's number — anyone holding the seed and the list can redo
// it, on any machine and version — and picks them in that order while the
// quota (0: none) and the budget (0: none) left hold; one that no longer
// fits the budget is passed over for a smaller one after it.
func DrawLottery(seed string, candidates []LotteryCandidate, quota int, budgetFen int64) []LotteryDraw {
	type keyed struct {
		key string
		c   LotteryCandidate
	}
	ks := make([]keyed, len(candidates))
	for i, c := range candidates {
		sum := sha256.Sum256([]byte(seed + "\x00" + strconv.FormatInt(c.ApplicationID, 10)))
		ks[i] = keyed{hex.EncodeToString(sum[:]), c}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	out := make([]LotteryDraw, len(ks))
	won, spent := 0, int64(0)
	for i, k := range ks {
		fits := (quota == 0 || won < quota) && (budgetFen == 0 || spent+k.c.AmountFen <= budgetFen)
		if fits {
			won, spent = won+1, spent+k.c.AmountFen
		}
		out[i] = LotteryDraw{Seq: i + 1, ApplicationID: k.c.ApplicationID, AmountFen: k.c.AmountFen, Won: fits}
	}
	return out
}

// Lottery is a draw on record: its seed, the candidates and the list.
type Lottery struct {
	ID            int64              `json:"id"`
	ProgrammeID   int64              `json:"programme_id"`
	ProgrammeName string             `json:"programme_name,omitempty"`
	Period        string             `json:"period"`
	Seed          string             `json:"seed"`
	Quota         int                `json:"quota"`      // left when drawn
	BudgetFen     int64              `json:"budget_fen"` // left when drawn
	Candidates    []LotteryCandidate `json:"candidates"`
	Draws         []LotteryDraw      `json:"draws"`
	DrawnBy       string             `json:"drawn_by"`
	DrawnAt       int64              `json:"drawn_at"`
	// Replayed: drawing again from the seed gives the list on record.
	Replayed bool `json:"replayed"`
}

// LotteryInput asks for a draw; an empty seed is made at random and
// recorded.
type LotteryInput struct {
	ProgrammeID int64  `json:"programme_id"`
	Period      string `json:"period"`
	Seed        string `json:"seed,omitempty"`
}

// Validate checks a draw's request.
func (in *LotteryInput) Validate(v *ValidationError) {
	in.Seed, in.Period = strings.TrimSpace(in.Seed), strings.TrimSpace(in.Period)
	if in.ProgrammeID == 0 {
		v.Add("programme_id", "请选择项目", "choose the programme")
	}
	if in.Period == "" {
		v.Add("period", "请填写期次（如2017）", "give the period (such as 2017)")
	}
	if len(in.Seed) > 100 {
		v.Add("seed", "种子过长（不超过100字符）", "the seed is too long (at most 100 characters)")
	}
}

// NoticeEntry is an application on public notice before its payment.
type NoticeEntry struct {
	ApplicationID int64  `json:"application_id"`
	SubjectName   string `json:"subject_name"`
	OrgName       string `json:"org_name"`
	Credential    string `json:"credential"`
	Level         string `json:"level,omitempty"`
	AmountFen     int64  `json:"amount_fen"`
	From          Date   `json:"from"`
	Ends          Date   `json:"ends"` // payable from this day
}

// The subsidy's figures: those paid in the year to the day, at the filing
// union.
var _ = RegisterIndicators(72, []Indicator{
	{Key: "subsidy_persons", Name: Message{"当年发放职业发展助推金人数", "Workers paid the qualification subsidy in the year"}, Unit: unitPersons,
		Definition: Message{"子树内工会申报、当年1月1日至当日终审发放的助推金申请（一人一年至多一次）", "qualification subsidies filed by the subtree's unions and paid from 1 January to the day (a person at most once a year)"}},
	{Key: "subsidy_paid_fen", Name: Message{"当年发放职业发展助推金金额", "Qualification subsidy paid in the year"}, Unit: UnitFen,
		Definition: Message{"上述助推金的发放金额", "the amount of those subsidies"}},
})
