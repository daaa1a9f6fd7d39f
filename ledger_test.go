package gonghui

import "testing"

func TestCheckEntry(t *testing.T) {
	chart := map[string]string{AccountBank: AccountAsset, AccountHardship: AccountExpense, AccountOtherIncome: AccountIncome}
	on := NewDate(2017, 1, 10)
	line := func(fund int64, acct string, dr, cr int64) LedgerLine {
		return LedgerLine{FundID: fund, Account: acct, DebitFen: dr, CreditFen: cr}
	}
	for _, tc := range []struct {
		name  string
		lines []LedgerLine
		want  string // the field refused, "" for none
	}{
		{"balanced", []LedgerLine{line(1, AccountHardship, 100, 0), line(1, AccountBank, 0, 100)}, ""},
		{"one fen short", []LedgerLine{line(1, AccountHardship, 100, 0), line(1, AccountBank, 0, 99)}, "lines"},
		{"one line", []LedgerLine{line(1, AccountHardship, 100, 0)}, "lines"},
		{"both sides", []LedgerLine{line(1, AccountHardship, 100, 100), line(1, AccountBank, 0, 0)}, "lines.0"},
		{"zero", []LedgerLine{line(1, AccountHardship, 0, 0), line(1, AccountBank, 0, 0)}, "lines.0"},
		{"negative", []LedgerLine{line(1, AccountHardship, -5, 0), line(1, AccountBank, -5, 0)}, "lines.0"},
		{"unknown account", []LedgerLine{line(1, "999", 100, 0), line(1, AccountBank, 0, 100)}, "lines.0.account"},
		{"no fund", []LedgerLine{line(0, AccountHardship, 100, 0), line(1, AccountBank, 0, 100)}, "lines.0.fund_id"},
		{"balanced overall, not per fund", []LedgerLine{line(1, AccountHardship, 100, 0), line(2, AccountBank, 0, 100)}, "lines"},
		{"two funds each balanced", []LedgerLine{line(1, AccountBank, 100, 0), line(1, AccountOtherIncome, 0, 100),
			line(2, AccountHardship, 100, 0), line(2, AccountBank, 0, 100)}, ""},
		{"too large", []LedgerLine{line(1, AccountHardship, maxEntryFen+1, 0), line(1, AccountBank, 0, maxEntryFen+1)}, "lines.0"},
	} {
		v := &ValidationError{}
		CheckEntry(v, EntryInput{FundID: 1, Kind: EntryJournal, PostedOn: on, Lines: tc.lines}, chart)
		_, refused := v.Fields[tc.want]
		if tc.want == "" && v.Err() != nil || tc.want != "" && !refused {
			t.Errorf("%s: %v, want %q", tc.name, v.Err(), tc.want)
		}
	}
}

func TestReversalLinesUndo(t *testing.T) {
	lines := []LedgerLine{{FundID: 1, Account: AccountHardship, DebitFen: 300}, {FundID: 1, Account: AccountBank, CreditFen: 300}}
	rev := ReversalLines(lines)
	for i := range lines {
		if rev[i].DebitFen != lines[i].CreditFen || rev[i].CreditFen != lines[i].DebitFen || rev[i].Account != lines[i].Account {
			t.Errorf("line %d: %+v reverses %+v", i, rev[i], lines[i])
		}
	}
	if Total(rev) != Total(lines) {
		t.Errorf("reversal total %d, entry %d", Total(rev), Total(lines))
	}
}

func TestPeriodAndMask(t *testing.T) {
	for _, tc := range []struct {
		p    string
		want bool
	}{{"2017-01", true}, {"2017-12", true}, {"2017-13", false}, {"2017-1", false}, {"17-01", false}, {"", false}} {
		if ValidPeriod(tc.p) != tc.want {
			t.Errorf("ValidPeriod(%q) = %v", tc.p, !tc.want)
		}
	}
	if p := Period(NewDate(2017, 12, 31)); p != "2017-12" {
		t.Errorf("period %s", p)
	}
	if m := MaskAccount("6222020200112233445"); m != "***************3445" {
		t.Errorf("masked %s", m)
	}
}
