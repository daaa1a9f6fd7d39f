package gonghui

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The fund ledger (帮扶资金台账): every movement of an assistance fund —
// an allocation from the level above, a donation raised, a payment, a
// reversal — is one double-entry journal entry in integer fen on the
// union accounting chart (工会会计制度, 2010). Entries are never changed:
// a correction is a reversal entry that references the original.

// The accounting chart's codes the ledger posts to. The chart itself is
// data (ledger_accounts, seeded by migration 0026); these name the
// accounts the store's movements use.
const (
	AccountCash        = "101"   // 库存现金
	AccountBank        = "102"   // 银行存款
	AccountGoods       = "141"   // 库存物品: goods held, valued in fen
	AccountAidIncome   = "40304" // 上级补助收入—帮扶补助
	AccountWarmIncome  = "40305" // 上级补助收入—送温暖补助
	AccountOtherIncome = "408"   // 其他收入: donations raised
	AccountLegalAid    = "50203" // 维权支出—法律援助费
	AccountHardship    = "50204" // 维权支出—困难职工帮扶费
	AccountWarmth      = "50205" // 维权支出—送温暖费
	AccountSubsidyDown = "506"   // 补助下级支出: allocations to the level below
)

// The kinds of account: an asset's balance is its debits less its
// credits; a fund's assets are what it can pay from.
const (
	AccountAsset   = "asset"
	AccountIncome  = "income"
	AccountExpense = "expense"
)

// LedgerAccount is one account of the chart.
type LedgerAccount struct {
	Code string  `json:"code"`
	Name Message `json:"name"`
	Kind string  `json:"kind"`
}

// Fund is an assistance fund kept by a union: the programmes it pays for
// draw on it. A fund's income account is where allocations from the
// level above are credited, its expense account where its payments are
// debited.
type Fund struct {
	ID             int64  `json:"id"`
	OrgID          int64  `json:"org_id"`
	OrgName        string `json:"org_name,omitempty"`
	Name           string `json:"name"`
	IncomeAccount  string `json:"income_account"`
	ExpenseAccount string `json:"expense_account"`
	// AllowOverdraft lets the fund's assets go below zero (a programme
	// paying ahead of its allocation); otherwise a payment that would
	// overdraw it is refused.
	AllowOverdraft bool  `json:"allow_overdraft"`
	Version        int64 `json:"version"`
	// BalanceFen is what the fund holds (its assets), on reading.
	BalanceFen int64 `json:"balance_fen"`
}

// FundInput is what finance sets on a fund.
type FundInput struct {
	OrgID          int64  `json:"org_id"`
	Name           string `json:"name"`
	IncomeAccount  string `json:"income_account"`
	ExpenseAccount string `json:"expense_account"`
	AllowOverdraft bool   `json:"allow_overdraft"`
	Version        int64  `json:"version"`
}

// ToInput is the fund as its form holds it.
func (f Fund) ToInput() FundInput {
	return FundInput{OrgID: f.OrgID, Name: f.Name, IncomeAccount: f.IncomeAccount, ExpenseAccount: f.ExpenseAccount,
		AllowOverdraft: f.AllowOverdraft, Version: f.Version}
}

// Normalize trims the fund's text and defaults its accounts to the
// hardship ones.
func (in *FundInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.IncomeAccount = strings.TrimSpace(in.IncomeAccount)
	in.ExpenseAccount = strings.TrimSpace(in.ExpenseAccount)
	if in.IncomeAccount == "" {
		in.IncomeAccount = AccountAidIncome
	}
	if in.ExpenseAccount == "" {
		in.ExpenseAccount = AccountHardship
	}
}

// Validate checks the fund against the chart's accounts (chart maps a
// code to its kind).
func (in FundInput) Validate(v *ValidationError, chart map[string]string) {
	if in.OrgID == 0 {
		v.Add("org_id", "请选择工会", "choose a union")
	}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		v.Add("name", "请填写资金名称（不超过100字）", "give the fund a name (at most 100 characters)")
	}
	if chart[in.IncomeAccount] != AccountIncome {
		v.Add("income_account", "收入科目须为会计科目表中的收入类科目", "the income account must be an income account of the chart")
	}
	if chart[in.ExpenseAccount] != AccountExpense {
		v.Add("expense_account", "支出科目须为会计科目表中的支出类科目", "the expense account must be an expense account of the chart")
	}
}

// The kinds of journal entry.
const (
	EntryAllocation = "allocation" // 上级拨付
	EntryDonation   = "donation"   // 募集
	EntryPayment    = "payment"    // 支付
	EntryReversal   = "reversal"   // 冲销
	EntryJournal    = "journal"    // 其他记账
)

// EntryKinds lists the kinds in form order.
var EntryKinds = []Choice{
	{EntryAllocation, Message{"上级拨付", "Allocation"}},
	{EntryDonation, Message{"募集", "Donation raised"}},
	{EntryPayment, Message{"支付", "Payment"}},
	{EntryReversal, Message{"冲销", "Reversal"}},
	{EntryJournal, Message{"其他记账", "Journal entry"}},
}

// The recipients of a disbursement, and its form: what the report's
// figures count (persons, households, enterprises; money and goods).
const (
	RecipientPerson     = "person"
	RecipientHousehold  = "household"
	RecipientEnterprise = "enterprise"
	FormCash            = "cash"
	FormGoods           = "goods"
)

// RecipientKinds and Forms list the tags in form order.
var (
	RecipientKinds = []Choice{
		{RecipientPerson, Message{"个人", "Person"}},
		{RecipientHousehold, Message{"家庭", "Household"}},
		{RecipientEnterprise, Message{"企业", "Enterprise"}},
	}
	Forms = []Choice{
		{FormCash, Message{"资金", "Cash"}},
		{FormGoods, Message{"物资（折价）", "Goods (valued)"}},
	}
)

// LedgerLine is one side of an entry: an amount debited or credited to an
// account of a fund. Exactly one of DebitFen and CreditFen is positive.
type LedgerLine struct {
	FundID    int64  `json:"fund_id"`
	Account   string `json:"account"`
	DebitFen  int64  `json:"debit_fen"`
	CreditFen int64  `json:"credit_fen"`
}

// Reference names the record an entry was posted for (an approved
// application, an import row …).
type Reference struct {
	Kind string `json:"kind,omitempty"`
	ID   int64  `json:"id,omitempty"`
}

// Payee is who a payment goes to: a person of the register or a name, and
// the bank card or account it is paid into (sealed at rest).
type Payee struct {
	PersonID int64  `json:"person_id,omitempty"`
	Name     string `json:"name"`
	Account  string `json:"account,omitempty"`
	Bank     string `json:"bank,omitempty"`
}

// EntryInput is any balanced movement: the lines and what they are for.
// FundID is the entry's own fund, which scopes its idempotency key.
type EntryInput struct {
	FundID         int64        `json:"fund_id"`
	Kind           string       `json:"kind"`
	PostedOn       Date         `json:"posted_on"`
	Memo           string       `json:"memo"`
	IdempotencyKey string       `json:"idempotency_key"`
	Lines          []LedgerLine `json:"lines"`
	// The tags of a disbursement or a donation.
	RecipientKind string    `json:"recipient_kind,omitempty"`
	Form          string    `json:"form,omitempty"`
	Reference     Reference `json:"reference,omitzero"`
	Payee         Payee     `json:"payee,omitzero"`
	// Reverses is the entry a reversal corrects.
	Reverses int64 `json:"reverses,omitempty"`
}

// Entry is a posted journal entry.
type Entry struct {
	ID             int64        `json:"id"`
	FundID         int64        `json:"fund_id"`
	FundName       string       `json:"fund_name,omitempty"`
	OrgID          int64        `json:"org_id"`
	Kind           string       `json:"kind"`
	PostedOn       Date         `json:"posted_on"`
	Period         string       `json:"period"`
	Memo           string       `json:"memo"`
	IdempotencyKey string       `json:"idempotency_key,omitempty"`
	AmountFen      int64        `json:"amount_fen"`
	RecipientKind  string       `json:"recipient_kind,omitempty"`
	Form           string       `json:"form,omitempty"`
	Reference      Reference    `json:"reference,omitzero"`
	PayeePersonID  int64        `json:"payee_person_id,omitempty"`
	PayeeName      string       `json:"payee_name,omitempty"`
	PayeeBank      string       `json:"payee_bank,omitempty"`
	PayeeAccount   string       `json:"payee_account,omitempty"` // masked unless revealed
	Reverses       int64        `json:"reverses,omitempty"`
	ReversedBy     int64        `json:"reversed_by,omitempty"`
	Lines          []LedgerLine `json:"lines"`
	CreatedAt      time.Time    `json:"created_at"`
}

// Period is the month (YYYY-MM) a day falls in: the unit the books are
// closed by.
func Period(d Date) string { return d.String()[:7] }

// ValidPeriod reports whether p names a month.
func ValidPeriod(p string) bool {
	_, err := time.Parse("2006-01", p)
	return err == nil && len(p) == 7
}

// Total is the entry's amount: the sum of its debits (equal to its credits
// once balanced).
func Total(lines []LedgerLine) int64 {
	var n int64
	for _, l := range lines {
		n += l.DebitFen
	}
	return n
}

// Normalize trims the entry's text.
func (in *EntryInput) Normalize() {
	in.Memo = strings.TrimSpace(in.Memo)
	in.IdempotencyKey = strings.TrimSpace(in.IdempotencyKey)
	in.Payee.Name = strings.TrimSpace(in.Payee.Name)
	in.Payee.Bank = strings.TrimSpace(in.Payee.Bank)
	in.Payee.Account = strings.Join(strings.Fields(in.Payee.Account), "")
	in.Reference.Kind = strings.TrimSpace(in.Reference.Kind)
}

// CheckEntry holds an entry to the double-entry rules: at least two lines,
// each one side only, positive, on an account of the chart; its debits
// equal its credits for each fund it touches (so every fund's books
// balance on their own, and the whole ledger with them).
func CheckEntry(v *ValidationError, in EntryInput, chart map[string]string) {
	if in.PostedOn.IsZero() {
		v.Add("posted_on", "请填写记账日期", "give the posting date")
	}
	if !IsChoiceKey(EntryKinds, in.Kind) {
		v.Add("kind", "未知的记账类型", "unknown kind of entry")
	}
	if len(in.Lines) < 2 {
		v.Add("lines", "一笔分录至少有一借一贷两行", "an entry has at least a debit and a credit line")
		return
	}
	sums := map[int64]int64{}
	for i, l := range in.Lines {
		field := "lines." + strconv.Itoa(i)
		switch {
		case chart[l.Account] == "":
			v.Add(field+".account", "会计科目不存在", "no such account in the chart")
		case l.FundID == 0:
			v.Add(field+".fund_id", "请选择资金", "choose the fund")
		case (l.DebitFen > 0) == (l.CreditFen > 0) || l.DebitFen < 0 || l.CreditFen < 0:
			v.Add(field, "每行须只填借方或贷方，金额为正", "each line is a positive debit or a positive credit, not both")
		}
		if l.DebitFen > maxEntryFen || l.CreditFen > maxEntryFen {
			v.Add(field, "金额过大", "the amount is too large")
		}
		sums[l.FundID] += l.DebitFen - l.CreditFen
	}
	for _, d := range sums {
		if d != 0 {
			v.Add("lines", "借贷不平衡：借方合计须等于贷方合计", "the entry does not balance: its debits must equal its credits")
			return
		}
	}
}

// maxEntryFen bounds one line (a hundred billion yuan), so sums of lines
// stay far inside int64.
const maxEntryFen = 10_000_000_000_000

// CheckDisbursement checks a disbursement's tags: whom it goes to, in
// what form, and the payee.
func CheckDisbursement(v *ValidationError, in EntryInput) {
	if !IsChoiceKey(RecipientKinds, in.RecipientKind) {
		v.Add("recipient_kind", "请选择受助对象类别（个人、家庭或企业）", "choose whom it goes to: a person, a household or an enterprise")
	}
	if !IsChoiceKey(Forms, in.Form) {
		v.Add("form", "请选择资金或物资", "choose cash or goods")
	}
	if in.Payee.PersonID == 0 && in.Payee.Name == "" {
		v.Add("payee.name", "请填写收款人或选择会员", "name the payee or choose a member")
	}
	if utf8.RuneCountInString(in.Payee.Name) > 100 {
		v.Add("payee.name", "收款人姓名过长", "the payee's name is too long")
	}
	if in.Form == FormCash && !validBankAccount(in.Payee.Account) {
		v.Add("payee.account", "请填写收款人的银行卡号或账号（8至32位数字）", "give the payee's bank card or account number (8 to 32 digits)")
	}
}

func validBankAccount(s string) bool {
	if len(s) < 8 || len(s) > 32 {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

// AssetOf is the asset account a movement in a form goes through: goods
// in stock for goods, the bank for money.
func AssetOf(form string) string {
	if form == FormGoods {
		return AccountGoods
	}
	return AccountBank
}

// ReversalLines are the lines that undo lines: each side swapped.
func ReversalLines(lines []LedgerLine) []LedgerLine {
	out := make([]LedgerLine, len(lines))
	for i, l := range lines {
		out[i] = LedgerLine{FundID: l.FundID, Account: l.Account, DebitFen: l.CreditFen, CreditFen: l.DebitFen}
	}
	return out
}

// MaskAccount shows a bank account's last four digits only.
func MaskAccount(s string) string {
	if len(s) <= 4 {
		return s
	}
	return strings.Repeat("*", len(s)-4) + s[len(s)-4:]
}

// UnitFen is the unit of an amount of money a figure counts in fen; the
// dashboard shows it in yuan (UnitYuan).
var UnitFen, UnitYuan = Message{"分", "fen"}, Message{"元", "yuan"}

// The ledger's figures: amounts to date, so a period's amount is the
// difference of its last day's and the day before its first.
var _ = RegisterIndicators(62, []Indicator{
	{Key: "assist_raised_fen", Name: Message{"帮扶募集资金物资累计", "Assistance raised to date"}, Unit: UnitFen,
		Definition: Message{"子树内工会的帮扶资金截至当日募集的资金和物资（物资折价），已冲销的不计", "money and goods (valued) raised for the funds of the subtree's unions up to the day, less those reversed"}},
	{Key: "assist_paid_fen", Name: Message{"帮扶支出累计", "Assistance paid to date"}, Unit: UnitFen,
		Definition: Message{"子树内工会的帮扶资金截至当日支付给个人、家庭和企业的资金和物资，已冲销或银行退回的不计", "money and goods paid from the funds of the subtree's unions to persons, households and enterprises up to the day, less those reversed or returned"}},
	{Key: "assist_paid_goods_fen", Name: Message{"其中物资折价", "of which goods (valued)"}, Unit: UnitFen,
		Definition: Message{"其中以物资形式发放的折价金额", "of which handed out as goods, at their value"}},
})
