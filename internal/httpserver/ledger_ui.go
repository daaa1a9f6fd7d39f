package httpserver

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/internal/export"
	"gonghui/internal/i18n"
	"gonghui/internal/store"
)

func (s *Server) fundList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := fundFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	funds, total, err := s.store.ListFunds(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "ledger/funds", page{Title: i18n.T(lang, "nav.funds"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Funds []gonghui.Fund
		}{newListKit(r, f.Page, total), funds}})
	return nil
}

// fundFormData is what the fund form draws its account lists from.
type fundFormData struct {
	Income, Expense []gonghui.LedgerAccount
}

func (s *Server) fundForm(r *http.Request) (fundFormData, error) {
	var d fundFormData
	accounts, err := s.store.ListAccounts(r.Context())
	for _, a := range accounts {
		switch a.Kind {
		case gonghui.AccountIncome:
			d.Income = append(d.Income, a)
		case gonghui.AccountExpense:
			d.Expense = append(d.Expense, a)
		}
	}
	return d, err
}

func (s *Server) fundNewForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.fundForm(r)
	if err != nil {
		return err
	}
	form := url.Values{"org_code": {r.URL.Query().Get("org_code")}, "income_account": {gonghui.AccountAidIncome}, "expense_account": {gonghui.AccountHardship}}
	s.render(w, r, http.StatusOK, "ledger/fund_form", page{Title: i18n.T(i18n.FromRequest(r), "fund.new"), Form: form, Data: d})
	return nil
}

func (s *Server) fundCreate(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	lang := i18n.FromRequest(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := gonghui.FundInput{Name: f.Get("name"), IncomeAccount: f.Get("income_account"), ExpenseAccount: f.Get("expense_account"),
		AllowOverdraft: f.Get("allow_overdraft") == "1"}
	errs := map[string]string{}
	if code := strings.TrimSpace(f.Get("org_code")); code != "" {
		o, err := s.orgByCodeField(r, a, code, "org_code")
		errs = fieldErrors(err, lang)
		in.OrgID = o.ID
	}
	fund, err := s.store.CreateFund(r.Context(), a, in)
	if errs = mergeErrors(errs, err, lang); errs != nil {
		if m, ok := errs["org_id"]; ok {
			errs["org_code"] = m
		}
		d, derr := s.fundForm(r)
		if derr != nil {
			return derr
		}
		s.renderForm(w, r, "ledger/fund_form", page{Title: i18n.T(lang, "fund.new"), Form: f, Errors: errs, Data: d})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/funds/"+itoa(fund.ID), http.StatusSeeOther)
	return nil
}

// periodParam is the ?period= month, this month when none is given.
func periodParam(q url.Values) string {
	if p := q.Get("period"); gonghui.ValidPeriod(p) {
		return p
	}
	return gonghui.Period(gonghui.Today())
}

// newKey is a fresh idempotency key for a form: submitting it twice posts
// once.
func newKey() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) fundShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, ctx := actorFrom(r), r.Context()
	fund, err := s.store.GetFund(ctx, a, id)
	if err != nil {
		return err
	}
	period := periodParam(r.URL.Query())
	entries, _, err := s.store.ListEntries(ctx, a, store.EntryFilter{FundID: id, Period: period, Page: gonghui.Page{Limit: 500}})
	if err != nil {
		return err
	}
	trial, err := s.store.TrialBalance(ctx, a, id, period)
	if err != nil {
		return err
	}
	closed, err := s.store.LockedPeriods(ctx, a, fund.OrgID)
	if err != nil {
		return err
	}
	programmes, _, err := s.store.ListProgrammes(ctx, a, store.ProgrammeFilter{FundID: id, Page: gonghui.Page{Limit: 500}})
	if err != nil {
		return err
	}
	form := url.Values{"period": {period}, "key": {newKey()}, "posted_on": {gonghui.Today().String()}}
	s.render(w, r, http.StatusOK, "ledger/fund", page{Title: fund.Name, Form: form, Data: struct {
		Fund       gonghui.Fund
		Period     string
		Entries    []gonghui.Entry
		Trial      []store.TrialBalanceRow
		Closed     []string
		Programmes []gonghui.Programme // those drawing on the fund, a donation may be raised for
		Links      map[string]exportLinks
	}{fund, period, entries, trial, closed, programmes, map[string]exportLinks{
		"journal": newExportLinks(i18n.FromRequest(r), "/funds/"+itoa(id)+"/journal", url.Values{"period": {period}}),
		"trial":   newExportLinks(i18n.FromRequest(r), "/funds/"+itoa(id)+"/trial-balance", url.Values{"period": {period}}),
		"bank":    newExportLinks(i18n.FromRequest(r), "/funds/"+itoa(id)+"/bank-batch", url.Values{"period": {period}}),
	}}})
	return nil
}

// yuanField reads an amount in yuan (at most two decimals) into fen.
func yuanField(f url.Values, name string) (int64, error) {
	n, err := gonghui.ParseFixed(f.Get(name), 2)
	if err != nil || n <= 0 {
		return 0, gonghui.Invalid("amount_fen", "金额应为正数，以元为单位，最多两位小数", "the amount is a positive number of yuan, at most two decimals")
	}
	return n, nil
}

func postedOn(f url.Values) (gonghui.Date, error) {
	d, err := gonghui.ParseDate(f.Get("posted_on"))
	if err != nil {
		return d, gonghui.Invalid("posted_on", "日期格式应为 YYYY-MM-DD", "date must be YYYY-MM-DD")
	}
	return d, nil
}

// movementForm reads what every movement's form has: the amount, the
// posting date.
func movementForm(f url.Values) (int64, gonghui.Date, error) {
	amount, err := yuanField(f, "amount")
	if err != nil {
		return 0, gonghui.Date{}, err
	}
	on, err := postedOn(f)
	return amount, on, err
}

func (s *Server) fundPay(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/funds/", func(a gonghui.Actor, id int64, f url.Values) error {
		amount, on, err := movementForm(f)
		if err != nil {
			return err
		}
		_, err = s.store.Pay(r.Context(), a, store.PaymentInput{FundID: id, AmountFen: amount, PostedOn: on, Memo: f.Get("memo"),
			IdempotencyKey: f.Get("key"), Form: f.Get("form"), RecipientKind: f.Get("recipient_kind"),
			Payee: gonghui.Payee{Name: f.Get("payee_name"), Account: f.Get("payee_account"), Bank: f.Get("payee_bank")}})
		return err
	})
}

func (s *Server) fundAllocate(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/funds/", func(a gonghui.Actor, id int64, f url.Values) error {
		amount, on, err := movementForm(f)
		if err != nil {
			return err
		}
		_, err = s.store.Allocate(r.Context(), a, store.AllocationInput{FundID: id, FromFundID: atoi64(f.Get("from_fund_id")), AmountFen: amount,
			PostedOn: on, Memo: f.Get("memo"), IdempotencyKey: f.Get("key")})
		return err
	})
}

func (s *Server) fundDonate(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/funds/", func(a gonghui.Actor, id int64, f url.Values) error {
		amount, on, err := movementForm(f)
		if err != nil {
			return err
		}
		_, err = s.store.RecordDonation(r.Context(), a, store.DonationInput{FundID: id, ProgrammeID: atoi64(f.Get("programme_id")), Donor: f.Get("donor"),
			AmountFen: amount, Form: f.Get("form"), PostedOn: on, Memo: f.Get("memo"), IdempotencyKey: f.Get("key")})
		return err
	})
}

func (s *Server) fundLockPeriod(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/funds/", func(a gonghui.Actor, id int64, f url.Values) error {
		fund, err := s.store.GetFund(r.Context(), a, id)
		if err != nil {
			return err
		}
		return s.store.LockPeriod(r.Context(), a, fund.OrgID, f.Get("period"))
	})
}

func (s *Server) entryList(w http.ResponseWriter, r *http.Request) error {
	a := actorFrom(r)
	q := r.URL.Query()
	lang := i18n.FromRequest(r)
	f := entryFilter(q, "org")
	errs, err := s.listUnion(r, a, q, &f.OrgID, lang)
	if err != nil {
		return err
	}
	entries, total, err := s.store.ListEntries(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "ledger/journal", page{Title: i18n.T(lang, "nav.ledger"), Form: q, Errors: errs,
		Data: struct {
			listKit
			Entries []gonghui.Entry
		}{newListKit(r, f.Page, total), entries}})
	return nil
}

func (s *Server) entryShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	e, err := s.store.GetEntry(r.Context(), actorFrom(r), id, false)
	if err != nil {
		return err
	}
	form := url.Values{"posted_on": {gonghui.Today().String()}, "amount": {gonghui.FormatFixed(e.AmountFen, 2)}}
	s.render(w, r, http.StatusOK, "ledger/entry", page{Title: i18n.T(i18n.FromRequest(r), "ledger.entry") + " " + itoa(e.ID), Form: form, Data: e})
	return nil
}

func (s *Server) entryReverse(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/ledger/", func(a gonghui.Actor, id int64, f url.Values) error {
		on, err := postedOn(f)
		if err != nil {
			return err
		}
		_, err = s.store.Reverse(r.Context(), a, id, store.ReversalInput{Reason: f.Get("reason"), PostedOn: on})
		return err
	})
}

func (s *Server) entryReturn(w http.ResponseWriter, r *http.Request) error {
	return s.formAction(w, r, "/ledger/", func(a gonghui.Actor, id int64, f url.Values) error {
		amount, err := yuanField(f, "amount")
		if err != nil {
			return err
		}
		_, err = s.store.ReturnPayment(r.Context(), a, 0, id, amount, f.Get("reason"))
		return err
	})
}

// maxBankReturn bounds an uploaded bank return file.
const maxBankReturn = 8 << 20

// fundReturns reverses the payments of the fund a bank's return file
// names, and says on the fund's page how many were reversed and why each
// other row was refused.
func (s *Server) fundReturns(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, lang := actorFrom(r), i18n.FromRequest(r)
	back := "/funds/" + itoa(id)
	if !a.Can(gonghui.PermPostLedger) {
		return gonghui.ErrForbidden
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBankReturn)
	file, head, err := r.FormFile("file")
	if err != nil {
		return s.returnTo(w, r, back, gonghui.Invalid("file", "请选择银行退回文件（CSV或XLSX，不超过8MB）", "choose the bank's return file (CSV or XLSX, at most 8 MB)"))
	}
	defer file.Close()
	path, err := s.saveWork(file, filepath.Ext(head.Filename))
	if err != nil {
		return err
	}
	defer os.Remove(path)
	rows, err := export.ReadBankReturn(r.Context(), s.store, a, id, path)
	if err != nil {
		return s.returnTo(w, r, back, err)
	}
	reversed, refused := 0, []string{}
	for _, row := range rows {
		if row.Err == nil {
			reversed++
			continue
		}
		reason := row.Err.Error()
		if errs := formErrors(row.Err, lang); errs != nil {
			reason = joinReasons(errs)
		}
		refused = append(refused, i18n.T(lang, "ledger.return_row")+" "+strconv.Itoa(row.Line)+": "+reason)
	}
	kind := flashDone
	if len(refused) > 0 {
		kind = flashError
	}
	s.setFlash(w, kind, strings.Join(append([]string{i18n.T(lang, "ledger.returned") + " " + strconv.Itoa(reversed)}, refused...), "; "))
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// ledgerExport writes one of a fund's sheets for ?period=.
func (s *Server) ledgerExport(w http.ResponseWriter, r *http.Request, name string,
	write func(a gonghui.Actor, id int64, period, format string, d *download) (int, error)) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	period := periodParam(r.URL.Query())
	format := export.CSV
	ctype := csvType
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		format, ctype = export.XLSX, xlsxType
	}
	d := newDownload(w, ctype, name+"-"+itoa(id)+"-"+period+"."+format)
	_, err = write(actorFrom(r), id, period, format, d)
	return s.finish(d, name, err)
}

func (s *Server) fundJournalExport(w http.ResponseWriter, r *http.Request) error {
	return s.ledgerExport(w, r, "journal", func(a gonghui.Actor, id int64, period, format string, d *download) (int, error) {
		return export.Journal(r.Context(), s.store, a, store.EntryFilter{FundID: id, Period: period}, format, d)
	})
}

func (s *Server) fundTrialBalanceExport(w http.ResponseWriter, r *http.Request) error {
	return s.ledgerExport(w, r, "trial-balance", func(a gonghui.Actor, id int64, period, format string, d *download) (int, error) {
		return export.TrialBalance(r.Context(), s.store, a, id, period, format, d)
	})
}

func (s *Server) fundBankBatchExport(w http.ResponseWriter, r *http.Request) error {
	return s.ledgerExport(w, r, "bank-batch", func(a gonghui.Actor, id int64, period, format string, d *download) (int, error) {
		return export.BankBatch(r.Context(), s.store, a, id, period, format, d)
	})
}
