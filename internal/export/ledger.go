package export

import (
	"context"
	"errors"
	"io"
	"strconv"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/tabular"
)

// The fund ledger's sheets: the journal, a fund's trial balance for a
// period, and the bank's batch file of a fund's payments (the payees'
// accounts in clear: audited before the first byte like every sheet).

// JournalHeader is the journal's header: one row per line.
var JournalHeader = []string{"凭证号", "记账日期", "类型", "资金", "摘要", "科目代码", "科目名称", "借方金额（元）", "贷方金额（元）"}

// Journal writes the lines of the selected entries.
func Journal(ctx context.Context, st *store.Store, a gonghui.Actor, f store.EntryFilter, format string, out io.Writer) (int, error) {
	names, err := accountNames(ctx, st)
	if err != nil {
		return 0, err
	}
	details := map[string]any{"format": format, "fund_id": f.FundID, "period": f.Period, "org_id": f.OrgID}
	return Sheet(ctx, st, a, "ledger_journal", f.FundID, details, JournalHeader, format, out, func(put func([]string) error) error {
		return st.EachJournalLine(ctx, a, f, func(j store.JournalLine) error {
			return put([]string{strconv.FormatInt(j.EntryID, 10), j.PostedOn.String(), choiceName(gonghui.EntryKinds, j.Kind), j.FundName, j.Memo,
				j.Account, names[j.Account], fen(j.DebitFen), fen(j.CreditFen)})
		})
	})
}

// TrialBalanceHeader is the trial balance's header.
var TrialBalanceHeader = []string{"科目代码", "科目名称", "期初余额（元，借方为正）", "本期借方（元）", "本期贷方（元）", "期末余额（元，借方为正）"}

// TrialBalance writes a fund's trial balance for a period, with a total row.
func TrialBalance(ctx context.Context, st *store.Store, a gonghui.Actor, fundID int64, period, format string, out io.Writer) (int, error) {
	rows, err := st.TrialBalance(ctx, a, fundID, period)
	if err != nil {
		return 0, err
	}
	details := map[string]any{"format": format, "fund_id": fundID, "period": period}
	return Sheet(ctx, st, a, "ledger_trial_balance", fundID, details, TrialBalanceHeader, format, out, func(put func([]string) error) error {
		var sum store.TrialBalanceRow
		for _, r := range rows {
			if err := put([]string{r.Account.Code, r.Account.Name.Zh, fen(r.OpeningFen), fen(r.DebitFen), fen(r.CreditFen), fen(r.ClosingFen)}); err != nil {
				return err
			}
			sum.OpeningFen, sum.DebitFen, sum.CreditFen, sum.ClosingFen = sum.OpeningFen+r.OpeningFen, sum.DebitFen+r.DebitFen, sum.CreditFen+r.CreditFen, sum.ClosingFen+r.ClosingFen
		}
		return put([]string{"合计", "", fen(sum.OpeningFen), fen(sum.DebitFen), fen(sum.CreditFen), fen(sum.ClosingFen)})
	})
}

// BankBatchHeader is the bank's batch file header; 参考号 comes back in
// the bank's return file.
var BankBatchHeader = []string{"序号", "收款人", "开户行", "收款账号", "金额（元）", "用途", "参考号"}

// BankBatch writes a fund's cash payments of a period not reversed, the
// payees' accounts in clear.
func BankBatch(ctx context.Context, st *store.Store, a gonghui.Actor, fundID int64, period, format string, out io.Writer) (int, error) {
	if !a.Can(gonghui.PermPostLedger) {
		return 0, gonghui.ErrForbidden
	}
	details := map[string]any{"format": format, "fund_id": fundID, "period": period, "reveal": true}
	n := 0
	return Sheet(ctx, st, a, "ledger_bank_batch", fundID, details, BankBatchHeader, format, out, func(put func([]string) error) error {
		return st.EachBankPayment(ctx, a, fundID, period, func(p store.BankPayment) error {
			n++
			return put([]string{strconv.Itoa(n), p.PayeeName, p.Bank, p.Account, fen(p.AmountFen), p.Memo, strconv.FormatInt(p.EntryID, 10)})
		})
	})
}

func fen(n int64) string {
	if n == 0 {
		return ""
	}
	return gonghui.FormatFixed(n, 2)
}

func accountNames(ctx context.Context, st *store.Store) (map[string]string, error) {
	accounts, err := st.ListAccounts(ctx)
	names := map[string]string{}
	for _, a := range accounts {
		names[a.Code] = a.Name.Zh
	}
	return names, err
}

// BankReturn is the outcome of one row of the bank's return file.
type BankReturn struct {
	Line    int
	EntryID int64
	Err     error
	Entry   gonghui.Entry
}

// ReadBankReturn reverses the payments a bank return file (CSV or XLSX)
// names: a header row, then 参考号 (the batch file's reference), 金额（元）
// and 退回原因 in the first three columns; payments of fundID only, when
// it is not 0. Each row is reversed on its own; a file read again
// reverses nothing twice.
func ReadBankReturn(ctx context.Context, st *store.Store, a gonghui.Actor, fundID int64, path string) ([]BankReturn, error) {
	r, err := tabular.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []BankReturn
	for first := true; ; first = false {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if first {
			continue
		}
		res := BankReturn{Line: row.Line}
		cells := append(row.Cells, "", "", "")
		id, ierr := strconv.ParseInt(cells[0], 10, 64)
		amount, aerr := gonghui.ParseFixed(cells[1], 2)
		switch {
		case ierr != nil || id <= 0:
			res.Err = gonghui.Invalid("entry_id", "参考号应为批量文件中的参考号", "the reference must be the batch file's reference")
		case aerr != nil || amount <= 0:
			res.Err = gonghui.Invalid("amount_fen", "金额应为元，最多两位小数", "the amount is in yuan, at most two decimals")
		default:
			res.EntryID = id
			res.Entry, res.Err = st.ReturnPayment(ctx, a, fundID, id, amount, cells[2])
		}
		out = append(out, res)
	}
}
