package httpserver_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
)

func TestLedger(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		fin, err := e.st.CreateUser(ctx, sys, gonghui.UserInput{Username: "cy-finance", OrgID: e.chaoyang.ID, Role: gonghui.RoleFinance, Password: password})
		if err != nil {
			t.Fatal(err)
		}
		finToken, err := e.st.CreateToken(ctx, sys, fin.ID, "test")
		if err != nil {
			t.Fatal(err)
		}

		// The API: a fund, an allocation, a payment retried, an overdraft,
		// a bank return, a closed month, scope.
		var fund gonghui.Fund
		e.apiInto(finToken, "POST", "/api/v1/funds", `{"org_id":`+id(e.cyUnion.ID)+`,"name":"困难职工帮扶资金"}`, http.StatusCreated, &fund)
		if fund.IncomeAccount != "40304" || fund.ExpenseAccount != "50204" {
			t.Errorf("fund %+v", fund)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/funds", `{"org_id":`+id(e.cyUnion.ID)+`,"name":"干部的资金"}`); code != http.StatusForbidden {
			t.Errorf("a cadre opened a fund: %d %s", code, body)
		}
		if code, body := e.api(finToken, "POST", "/api/v1/funds", `{"org_id":`+id(e.cyUnion.ID)+`,"name":"","expense_account":"102"}`); code != http.StatusUnprocessableEntity ||
			!strings.Contains(body, `"name"`) || !strings.Contains(body, `"expense_account"`) {
			t.Errorf("invalid fund: %d %s", code, body)
		}
		fid := id(fund.ID)
		e.apiInto(finToken, "POST", "/api/v1/ledger/allocations", `{"fund_id":`+fid+`,"amount_fen":1000000,"posted_on":"2017-01-05","idempotency_key":"a1"}`, http.StatusCreated, new(gonghui.Entry))
		pay := `{"fund_id":` + fid + `,"amount_fen":300000,"form":"cash","recipient_kind":"person","posted_on":"2017-01-10",
			"payee":{"name":"王某某","account":"6222020200112233445","bank":"工商银行"},"reference":{"kind":"application","id":3}}`
		var again gonghui.Entry
		code, body := e.api(finToken, "POST", "/api/v1/ledger/payments", pay)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"idempotency_key"`) {
			t.Errorf("payment without a key: %d %s", code, body)
		}
		for range 2 {
			code, body = e.do(http.DefaultClient, "POST", "/api/v1/ledger/payments", pay, "Authorization", "Bearer "+finToken,
				"Content-Type", "application/json", "Idempotency-Key", "pay-1")
			var got gonghui.Entry
			if code != http.StatusCreated || json.Unmarshal([]byte(body), &got) != nil {
				t.Fatalf("payment: %d %s", code, body)
			}
			if again.ID != 0 && got.ID != again.ID {
				t.Errorf("the retry posted entry %d, the first was %d", got.ID, again.ID)
			}
			again = got
		}
		if again.PayeeAccount != "***************3445" || strings.Contains(body, "6222020200112233445") {
			t.Errorf("the payee's account is not masked: %s", body)
		}
		over := strings.Replace(pay, `"amount_fen":300000`, `"amount_fen":900000,"idempotency_key":"pay-2"`, 1)
		if code, body := e.api(finToken, "POST", "/api/v1/ledger/payments", over); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"amount_fen"`) {
			t.Errorf("overdraft: %d %s", code, body)
		}
		var tb struct{ Rows []store.TrialBalanceRow }
		e.apiInto(e.auditorToken, "GET", "/api/v1/funds/"+fid+"/trial-balance?period=2017-01", "", http.StatusOK, &tb)
		var dr, cr int64
		for _, r := range tb.Rows {
			dr, cr = dr+r.DebitFen, cr+r.CreditFen
		}
		if dr != cr || dr != 1_300_000 {
			t.Errorf("trial balance: debits %d, credits %d", dr, cr)
		}
		var returned []struct {
			Reversal *gonghui.Entry
			Error    string
		}
		ret := `[{"entry_id":` + id(again.ID) + `,"amount_fen":300000,"reason":"账户已销户"},{"entry_id":` + id(again.ID) + `,"amount_fen":1}]`
		e.apiInto(finToken, "POST", "/api/v1/ledger/returns", ret, http.StatusOK, &returned)
		if len(returned) != 2 || returned[0].Reversal == nil || returned[0].Reversal.Reverses != again.ID || returned[1].Error == "" {
			t.Fatalf("returns: %+v", returned)
		}
		e.apiInto(finToken, "POST", "/api/v1/ledger/returns", ret, http.StatusOK, &returned)
		if returned[0].Reversal == nil || returned[0].Reversal.ID == 0 {
			t.Errorf("a return sent again: %+v", returned)
		}
		var n struct{ Total int }
		e.apiInto(finToken, "GET", "/api/v1/ledger?fund_id="+fid+"&kind=reversal", "", http.StatusOK, &n)
		if n.Total != 1 {
			t.Errorf("%d reversals after a return sent twice", n.Total)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/ledger/periods", `{"org_id":`+id(e.cyUnion.ID)+`,"period":"2017-01"}`); code != http.StatusForbidden {
			t.Errorf("a cadre closed the books: %d %s", code, body)
		}
		e.apiInto(finToken, "POST", "/api/v1/ledger/periods", `{"org_id":`+id(e.cyUnion.ID)+`,"period":"2017-01"}`, http.StatusOK, new(struct{}))
		late := strings.Replace(pay, `"amount_fen":300000`, `"amount_fen":100,"idempotency_key":"late"`, 1)
		if code, body := e.api(finToken, "POST", "/api/v1/ledger/payments", late); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"posted_on"`) {
			t.Errorf("a payment in a closed month: %d %s", code, body)
		}
		for _, path := range []string{"/api/v1/funds/" + fid, "/api/v1/ledger/" + id(again.ID)} {
			if code, _ := e.api(e.hdToken, "GET", path, ""); code != http.StatusNotFound {
				t.Errorf("Haidian GET %s: %d", path, code)
			}
		}

		// The UI: finance pays from the fund's page and writes the bank's
		// batch file (audited, accounts in clear); a viewer sees no form.
		c := e.login("cy-finance")
		code, page := e.do(c, "GET", "/funds", "")
		if code != http.StatusOK || !strings.Contains(page, "困难职工帮扶资金") {
			t.Errorf("funds: %d", code)
		}
		code, page = e.do(c, "GET", "/funds/"+fid+"?period=2017-02", "")
		if code != http.StatusOK || !strings.Contains(page, `action="/funds/`+fid+`/pay"`) || !strings.Contains(page, `action="/funds/`+fid+`/lock"`) {
			t.Errorf("fund page: %d", code)
		}
		form := url.Values{"key": {"ui-1"}, "payee_name": {"李某某"}, "payee_account": {"6217000011112222"}, "payee_bank": {"建设银行"},
			"recipient_kind": {"household"}, "form": {"cash"}, "amount": {"500.50"}, "posted_on": {"2017-02-03"}}
		for range 2 {
			if code, _ := e.do(c, "POST", "/funds/"+fid+"/pay", form.Encode()); code != http.StatusSeeOther {
				t.Errorf("pay from the form: %d", code)
			}
		}
		e.apiInto(finToken, "GET", "/api/v1/ledger?fund_id="+fid+"&period=2017-02&kind=payment", "", http.StatusOK, &n)
		if n.Total != 1 {
			t.Errorf("%d payments after the form was sent twice", n.Total)
		}
		form.Set("amount", "abc")
		form.Set("key", "ui-2")
		e.do(c, "POST", "/funds/"+fid+"/pay", form.Encode())
		if msg := e.flash(c, "/funds/"+fid); !strings.Contains(msg, "金额") {
			t.Errorf("a bad amount's flash: %q", msg)
		}
		code, page = e.do(c, "GET", "/funds/"+fid+"/bank-batch.csv?period=2017-02", "")
		if code != http.StatusOK || !strings.Contains(page, "6217000011112222") || !strings.Contains(page, "500.50") || strings.Contains(page, "6222020200112233445") {
			t.Errorf("bank batch: %d %s", code, page)
		}
		// The dashboard shows the money a figure counts in yuan, not fen.
		code, page = e.do(c, "GET", "/dashboard?org="+id(e.cyUnion.ID)+"&date=2017-02-28", "")
		if code != http.StatusOK || !strings.Contains(page, `figure-unit">元</span>`) || strings.Contains(page, `figure-unit">分</span>`) {
			t.Errorf("dashboard money: %d", code)
		}
		audited := false
		for _, ev := range e.events("export.start") {
			audited = audited || ev.RecordType == "ledger_bank_batch" && strings.Contains(ev.Summary, `"reveal":true`)
		}
		if !audited {
			t.Error("the bank batch is not audited")
		}
		var feb struct{ Items []gonghui.Entry }
		e.apiInto(finToken, "GET", "/api/v1/ledger?fund_id="+fid+"&period=2017-02&kind=payment", "", http.StatusOK, &feb)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "return.csv")
		fw.Write([]byte("参考号,金额（元）,退回原因\n" + id(feb.Items[0].ID) + ",500.50,户名不符\n" + id(again.ID) + "9,1.00,\n"))
		mw.Close()
		for range 2 {
			if code, _ := e.do(c, "POST", "/funds/"+fid+"/returns", buf.String(), "Content-Type", mw.FormDataContentType()); code != http.StatusSeeOther {
				t.Errorf("return file: %d", code)
			}
			if msg := e.flash(c, "/funds/"+fid); !strings.Contains(msg, "已冲销退回的支付笔数： 1") || !strings.Contains(msg, "行 3") {
				t.Errorf("return file's flash: %q", msg)
			}
		}
		// Returns are posted on the day they are read, in an open month.
		e.apiInto(finToken, "GET", "/api/v1/ledger?fund_id="+fid+"&kind=reversal", "", http.StatusOK, &n)
		if n.Total != 2 {
			t.Errorf("%d reversals after the return file was read twice", n.Total)
		}
		for _, path := range []string{"/funds/" + fid + "/journal.xlsx?period=2017-01", "/funds/" + fid + "/trial-balance.csv?period=2017-01", "/ledger", "/ledger/" + id(again.ID)} {
			if code, _ := e.do(c, "GET", path, ""); code != http.StatusOK {
				t.Errorf("GET %s: %d", path, code)
			}
		}
		v := e.login("cy-viewer")
		code, page = e.do(v, "GET", "/funds/"+fid, "")
		if code != http.StatusOK || strings.Contains(page, "/pay\"") || strings.Contains(page, "bank-batch") {
			t.Errorf("the viewer's fund page: %d", code)
		}
		if code, _ := e.do(v, "GET", "/funds/"+fid+"/bank-batch.csv?period=2017-02", ""); code != http.StatusForbidden {
			t.Errorf("a viewer wrote the bank batch: %d", code)
		}
		if code, _ := e.do(v, "GET", "/funds/new", ""); code != http.StatusForbidden {
			t.Errorf("a viewer opened the fund form: %d", code)
		}
	})
}
