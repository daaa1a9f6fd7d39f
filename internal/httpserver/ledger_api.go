package httpserver

import (
	"net/http"
	"net/url"

	"gonghui"
	"gonghui/internal/store"
)

func fundFilter(q url.Values, orgParam string) store.FundFilter {
	return store.FundFilter{OrgID: atoi64(q.Get(orgParam)), Page: pageParams(q, 50)}
}

func entryFilter(q url.Values, orgParam string) store.EntryFilter {
	return store.EntryFilter{OrgID: atoi64(q.Get(orgParam)), FundID: atoi64(q.Get("fund_id")), Period: q.Get("period"), Kind: q.Get("kind"),
		Page: pageParams(q, 50)}
}

func (s *Server) apiFundList(r *http.Request) (int, any, error) {
	f := fundFilter(r.URL.Query(), "org_id")
	funds, total, err := s.store.ListFunds(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(funds, total, f.Page), err
}

func (s *Server) apiFundGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	f, err := s.store.GetFund(r.Context(), actorFrom(r), id)
	return http.StatusOK, f, err
}

func (s *Server) apiFundCreate(r *http.Request) (int, any, error) {
	var in gonghui.FundInput
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	f, err := s.store.CreateFund(r.Context(), actorFrom(r), in)
	return http.StatusCreated, f, err
}

func (s *Server) apiFundPatch(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	cur, err := s.store.GetFund(r.Context(), a, id)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodePatch(r, gonghui.PermPostLedger, cur.ToInput())
	if err != nil {
		return 0, nil, err
	}
	f, err := s.store.UpdateFund(r.Context(), a, id, in)
	return http.StatusOK, f, err
}

// trialBalance is a fund's trial balance for a period, as the API
// answers it.
type trialBalance struct {
	FundID int64                   `json:"fund_id"`
	Period string                  `json:"period"`
	Rows   []store.TrialBalanceRow `json:"rows"`
}

func (s *Server) apiTrialBalance(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	period := r.URL.Query().Get("period")
	rows, err := s.store.TrialBalance(r.Context(), actorFrom(r), id, period)
	return http.StatusOK, trialBalance{FundID: id, Period: period, Rows: rows}, err
}

func (s *Server) apiEntryList(r *http.Request) (int, any, error) {
	f := entryFilter(r.URL.Query(), "org_id")
	entries, total, err := s.store.ListEntries(r.Context(), actorFrom(r), f)
	return http.StatusOK, newList(entries, total, f.Page), err
}

func (s *Server) apiEntryGet(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	e, err := s.store.GetEntry(r.Context(), actorFrom(r), id, false)
	return http.StatusOK, e, err
}

// idempotencyKey is the body's key, else the Idempotency-Key header.
func idempotencyKey(r *http.Request, key *string) {
	if *key == "" {
		*key = r.Header.Get("Idempotency-Key")
	}
}

// apiPost decodes a movement's body and posts it; a retried posting
// answers the first entry.
func apiPost[T any](r *http.Request, key func(*T) *string, post func(a gonghui.Actor, in T) (gonghui.Entry, error)) (int, any, error) {
	var in T
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	idempotencyKey(r, key(&in))
	e, err := post(actorFrom(r), in)
	return http.StatusCreated, e, err
}

func (s *Server) apiEntryPost(r *http.Request) (int, any, error) {
	return apiPost(r, func(in *gonghui.EntryInput) *string { return &in.IdempotencyKey }, func(a gonghui.Actor, in gonghui.EntryInput) (gonghui.Entry, error) {
		return s.store.PostEntry(r.Context(), a, in)
	})
}

func (s *Server) apiPay(r *http.Request) (int, any, error) {
	return apiPost(r, func(in *store.PaymentInput) *string { return &in.IdempotencyKey }, func(a gonghui.Actor, in store.PaymentInput) (gonghui.Entry, error) {
		return s.store.Pay(r.Context(), a, in)
	})
}

func (s *Server) apiAllocate(r *http.Request) (int, any, error) {
	return apiPost(r, func(in *store.AllocationInput) *string { return &in.IdempotencyKey }, func(a gonghui.Actor, in store.AllocationInput) (gonghui.Entry, error) {
		return s.store.Allocate(r.Context(), a, in)
	})
}

func (s *Server) apiDonate(r *http.Request) (int, any, error) {
	return apiPost(r, func(in *store.DonationInput) *string { return &in.IdempotencyKey }, func(a gonghui.Actor, in store.DonationInput) (gonghui.Entry, error) {
		return s.store.RecordDonation(r.Context(), a, in)
	})
}

func (s *Server) apiReverse(r *http.Request) (int, any, error) {
	id, err := pathID(r)
	if err != nil {
		return 0, nil, err
	}
	return apiPost(r, func(in *store.ReversalInput) *string { return &in.IdempotencyKey }, func(a gonghui.Actor, in store.ReversalInput) (gonghui.Entry, error) {
		return s.store.Reverse(r.Context(), a, id, in)
	})
}

// bankReturn is one payment the bank sent back.
type bankReturn struct {
	EntryID   int64  `json:"entry_id"`
	AmountFen int64  `json:"amount_fen"`
	Reason    string `json:"reason"`
}

// bankReturnResult is what became of one returned payment: its reversal,
// or why it was refused.
type bankReturnResult struct {
	EntryID  int64             `json:"entry_id"`
	Reversal *gonghui.Entry    `json:"reversal,omitempty"`
	Error    string            `json:"error,omitempty"`
	Fields   map[string]string `json:"fields,omitempty"`
}

// apiReturns reverses the payments of a bank's return, row by row: a row
// refused does not stop the others.
func (s *Server) apiReturns(r *http.Request) (int, any, error) {
	var rows []bankReturn
	if err := decodeJSON(r, &rows); err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if !a.Can(gonghui.PermPostLedger) {
		return 0, nil, gonghui.ErrForbidden
	}
	out := make([]bankReturnResult, len(rows))
	for i, row := range rows {
		e, err := s.store.ReturnPayment(r.Context(), a, 0, row.EntryID, row.AmountFen, row.Reason)
		out[i] = s.bankReturnResult(r, row.EntryID, e, err)
	}
	return http.StatusOK, out, nil
}

func (s *Server) bankReturnResult(r *http.Request, id int64, e gonghui.Entry, err error) bankReturnResult {
	res := bankReturnResult{EntryID: id}
	if err == nil {
		res.Reversal = &e
		return res
	}
	f := s.failureOf(r, err)
	res.Error, res.Fields = f.message, f.fields
	return res
}

// periodLock closes a union's books for a month.
type periodLock struct {
	OrgID  int64  `json:"org_id"`
	Period string `json:"period"`
}

// lockedPeriods are a union's closed months.
type lockedPeriods struct {
	OrgID   int64    `json:"org_id"`
	Periods []string `json:"periods"`
}

func (s *Server) apiPeriods(r *http.Request) (int, any, error) {
	id := atoi64(r.URL.Query().Get("org_id"))
	a := actorFrom(r)
	if id == 0 {
		id = a.OrgID
	}
	ps, err := s.store.LockedPeriods(r.Context(), a, id)
	return http.StatusOK, lockedPeriods{OrgID: id, Periods: ps}, err
}

func (s *Server) apiLockPeriod(r *http.Request) (int, any, error) {
	var in periodLock
	if err := decodeJSON(r, &in); err != nil {
		return 0, nil, err
	}
	a := actorFrom(r)
	if err := s.store.LockPeriod(r.Context(), a, in.OrgID, in.Period); err != nil {
		return 0, nil, err
	}
	ps, err := s.store.LockedPeriods(r.Context(), a, in.OrgID)
	return http.StatusOK, lockedPeriods{OrgID: in.OrgID, Periods: ps}, err
}
