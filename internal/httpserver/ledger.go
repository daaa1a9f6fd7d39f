package httpserver

import (
	"gonghui"
	"gonghui/internal/store"
)

// ledgerModule is the fund ledger (帮扶资金台账): the funds unions keep,
// their double-entry journal, trial balances, closed months, the bank's
// batch file of payments and the payments it returns.
var ledgerModule = module{
	name: "ledger",
	nav:  []navEntry{{label: "nav.funds", href: "/funds", group: "nav.group.finance"}, {label: "nav.ledger", href: "/ledger", group: "nav.group.finance"}},
	routes: func(s *Server, r *router) {
		r.ui("GET /funds", s.fundList)
		r.form("GET /funds/new", gonghui.PermPostLedger, s.fundNewForm)
		r.ui("POST /funds/new", s.fundCreate)
		r.ui("GET /funds/{id}", s.fundShow)
		r.ui("POST /funds/{id}/pay", s.fundPay)
		r.ui("POST /funds/{id}/allocate", s.fundAllocate)
		r.ui("POST /funds/{id}/donate", s.fundDonate)
		r.ui("POST /funds/{id}/lock", s.fundLockPeriod)
		r.ui("POST /funds/{id}/returns", s.fundReturns)
		r.ui("GET /funds/{id}/journal.csv", s.fundJournalExport)
		r.ui("GET /funds/{id}/journal.xlsx", s.fundJournalExport)
		r.ui("GET /funds/{id}/trial-balance.csv", s.fundTrialBalanceExport)
		r.ui("GET /funds/{id}/trial-balance.xlsx", s.fundTrialBalanceExport)
		r.ui("GET /funds/{id}/bank-batch.csv", s.fundBankBatchExport)
		r.ui("GET /funds/{id}/bank-batch.xlsx", s.fundBankBatchExport)
		r.ui("GET /ledger", s.entryList)
		r.ui("GET /ledger/{id}", s.entryShow)
		r.ui("POST /ledger/{id}/reverse", s.entryReverse)
		r.ui("POST /ledger/{id}/return", s.entryReturn)

		r.json("GET /api/v1/funds", s.apiFundList)
		r.json("POST /api/v1/funds", s.apiFundCreate)
		r.json("GET /api/v1/funds/{id}", s.apiFundGet)
		r.json("PATCH /api/v1/funds/{id}", s.apiFundPatch)
		r.json("GET /api/v1/funds/{id}/trial-balance", s.apiTrialBalance)
		r.json("GET /api/v1/ledger", s.apiEntryList)
		r.json("POST /api/v1/ledger", s.apiEntryPost)
		r.json("GET /api/v1/ledger/{id}", s.apiEntryGet)
		r.json("POST /api/v1/ledger/{id}/reversal", s.apiReverse)
		r.json("POST /api/v1/ledger/payments", s.apiPay)
		r.json("POST /api/v1/ledger/allocations", s.apiAllocate)
		r.json("POST /api/v1/ledger/donations", s.apiDonate)
		r.json("POST /api/v1/ledger/returns", s.apiReturns)
		r.json("GET /api/v1/ledger/periods", s.apiPeriods)
		r.json("POST /api/v1/ledger/periods", s.apiLockPeriod)
	},
	choices: map[string][]gonghui.Choice{"entry_kind": gonghui.EntryKinds, "recipient_kind": gonghui.RecipientKinds, "form": gonghui.Forms},
	apiTypes: map[string]any{
		"Fund": gonghui.Fund{}, "FundInput": gonghui.FundInput{}, "Entry": gonghui.Entry{}, "EntryInput": gonghui.EntryInput{},
		"LedgerLine": gonghui.LedgerLine{}, "LedgerAccount": gonghui.LedgerAccount{}, "Payee": gonghui.Payee{}, "Reference": gonghui.Reference{},
		"PaymentInput": store.PaymentInput{}, "AllocationInput": store.AllocationInput{}, "DonationInput": store.DonationInput{},
		"ReversalInput": store.ReversalInput{}, "TrialBalance": trialBalance{}, "TrialBalanceRow": store.TrialBalanceRow{},
		"BankReturn": bankReturn{}, "BankReturnResult": bankReturnResult{}, "PeriodLock": periodLock{}, "LockedPeriods": lockedPeriods{},
	},
}
