package httpserver_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

var aPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// postRequest posts the portal's request form with its documents.
func (e *env) postRequest(c *http.Client, fields url.Values, docs map[string][]byte) (int, string) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range docs {
		fw, _ := mw.CreateFormFile("documents", name)
		fw.Write(data)
	}
	mw.Close()
	return e.do(c, "POST", "/portal/requests/new", buf.String(), "Content-Type", mw.FormDataContentType())
}

// TestMemberRequests: a member asks for a grant in the portal with a
// document; the union's cadre finds it in the inbox, opens it and files
// the application from it; the member follows the application on the
// request's timeline. Legal aid asked by the API is declined with a
// reason the member reads.
func TestMemberRequests(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		fund, err := e.st.CreateFund(ctx, sys, gonghui.FundInput{OrgID: e.chaoyang.ID, Name: "朝阳帮扶资金"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, AmountFen: 10_000_000, PostedOn: gonghui.NewDate(2017, 1, 5)}); err != nil {
			t.Fatal(err)
		}
		p, err := e.st.CreateProgramme(ctx, sys, gonghui.ProgrammeInput{OrgID: e.chaoyang.ID, Code: "CY-JQ", Name: "朝阳金秋助学", FundID: fund.ID,
			RecipientKind: gonghui.RecipientPerson, Form: gonghui.FormCash, PeriodKind: gonghui.PeriodYear, Active: true,
			Rules: gonghui.ProgrammeRules{Eligibility: gonghui.Eligibility{Member: true}, Amount: gonghui.AmountRule{Kind: gonghui.AmountFixed, AmountFen: 300_000},
				Approval: gonghui.ApprovalChain{Levels: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		idNo := storetest.CitizenID("110105", "19900307", 701)
		m := e.addMember(e.cyUnion, "赵敏", idNo)
		cadre := e.login("cy-cadre")
		c := e.activateMember(cadre, m, idNo)

		if code, page := e.do(c, "GET", "/portal/requests/new?kind=programme", ""); code != http.StatusOK || !strings.Contains(page, "朝阳金秋助学") || strings.Contains(page, "<script") {
			t.Fatalf("the request form: %d %s", code, page)
		}
		form := url.Values{"kind": {"programme"}, "programme_id": {id(p.ID)}, "school_level": {gonghui.SchoolUniversity}, "beneficiary": {"女儿"}}
		if code, page := e.postRequest(c, form, map[string][]byte{"录取通知书.pdf": aPDF}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "请说明您的情况") {
			t.Errorf("a request without a statement: %d %s", code, page)
		}
		form.Set("statement", "女儿考上大学，家中困难")
		if code, page := e.postRequest(c, form, map[string][]byte{"notes.txt": []byte("plain text")}); code != http.StatusUnprocessableEntity || !strings.Contains(page, "只接受PDF") {
			t.Errorf("a text document: %d %s", code, page)
		}
		if code, page := e.postRequest(c, form, map[string][]byte{"录取通知书.pdf": aPDF}); code != http.StatusSeeOther {
			t.Fatalf("submitted: %d %s", code, page)
		}
		_, page := e.do(c, "GET", "/portal/requests", "")
		found := regexp.MustCompile(`/portal/requests/(\d+)"`).FindStringSubmatch(page)
		if found == nil {
			t.Fatalf("the member's requests: %s", page)
		}
		reqID := found[1]
		if _, page := e.do(c, "GET", "/portal/requests/"+reqID, ""); !strings.Contains(page, "已提交，待工会受理") || !strings.Contains(page, "录取通知书.pdf") {
			t.Errorf("the request's page: %s", page)
		}

		// The union's cadre: the inbox, the list (name masked), the request, its document.
		if _, home := e.do(cadre, "GET", "/", ""); !strings.Contains(home, "会员在线申请待受理") {
			t.Errorf("the inbox: %s", home)
		}
		if _, list := e.do(cadre, "GET", "/member-requests?state=submitted", ""); !strings.Contains(list, "赵*") || strings.Contains(list, "赵敏") {
			t.Errorf("the list: %s", list)
		}
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/member-requests/"+reqID, ""); code != http.StatusNotFound {
			t.Errorf("another district's cadre opened the request: %d", code)
		}
		_, show := e.do(cadre, "GET", "/member-requests/"+reqID, "")
		link := regexp.MustCompile(`href="(/applications/new\?[^"]+)"`).FindStringSubmatch(show)
		if link == nil || !strings.Contains(show, "女儿考上大学") {
			t.Fatalf("the request's page: %s", show)
		}
		docLink := regexp.MustCompile(`/member-requests/\d+/documents/\d+`).FindString(show)
		if code, doc := e.do(cadre, "GET", docLink, ""); docLink == "" || code != http.StatusOK || doc != string(aPDF) {
			t.Errorf("the document: %d", code)
		}
		// Filing from the filled-in form takes the request up.
		_, filled := e.do(cadre, "GET", strings.ReplaceAll(link[1], "&amp;", "&"), "")
		if strings.Contains(link[1], "note=") || !strings.Contains(filled, "女儿考上大学") {
			t.Errorf("the statement travels in the address (%s) or is not filled in", link[1])
		}
		if !strings.Contains(filled, `name="request_id" value="`+reqID+`"`) || !strings.Contains(filled, `value="`+id(m.PersonID)+`"`) ||
			!strings.Contains(filled, `value="`+e.cyUnion.Code+`"`) {
			t.Fatalf("the application form is not filled in: %s", filled)
		}
		status, where, page := e.submit(cadre, "/applications/new", url.Values{"request_id": {reqID}, "programme_id": {id(p.ID)}, "person_id": {id(m.PersonID)},
			"org_code": {e.cyUnion.Code}, "applied_on": {gonghui.Today().String()}, "school_level": {gonghui.SchoolUniversity},
			"payee_name": {"赵敏"}, "payee_bank": {"工商银行"}, "payee_account": {"6222020200112233445"}})
		if status != http.StatusSeeOther {
			t.Fatalf("filing the application: %d %s", status, page)
		}
		// The member follows it.
		_, mine := e.do(c, "GET", "/portal/requests", "")
		if !strings.Contains(mine, "工会已受理") || !strings.Contains(mine, "工会已提交申请，等待审批") {
			t.Errorf("the member's timeline after filing (%s): %s", where, mine)
		}
		if code, _ := e.do(c, "POST", "/portal/requests/"+reqID+"/withdraw", ""); code != http.StatusOK {
			t.Errorf("withdrawing a request taken up: %d", code)
		}

		// Legal aid by the API with a base64 document; declined with a reason.
		body := `{"request":{"kind":"legal_aid","statement":"拖欠工资三个月","employer_name":"示例公司","claim_kind":"wages","claim_fen":900000},
			"documents":[{"name":"工资条.pdf","data":"` + base64.StdEncoding.EncodeToString(aPDF) + `"}]}`
		var aid gonghui.MemberRequest
		if code, out := e.do(c, "POST", "/api/v1/portal/requests", body); code != http.StatusCreated || !strings.Contains(out, `"state":"submitted"`) {
			t.Fatalf("legal aid by the API: %d %s", code, out)
		} else if err := json.Unmarshal([]byte(out), &aid); err != nil {
			t.Fatal(err)
		}
		if len(aid.Documents) != 1 {
			t.Errorf("documents %+v", aid.Documents)
		}
		e.apiInto(e.cyToken, "POST", "/api/v1/member-requests/"+id(aid.ID)+"/decline", `{"reason":"请先向单位调解委员会申请","version":`+itoa(int(aid.Version))+`}`, http.StatusOK, &aid)
		if code, out := e.do(c, "GET", "/api/v1/portal/requests/"+id(aid.ID), ""); code != http.StatusOK || !strings.Contains(out, "请先向单位调解委员会申请") {
			t.Errorf("the member reads the decline: %d %s", code, out)
		}
		if code, _ := e.do(e.client(), "GET", "/api/v1/portal/requests", ""); code != http.StatusUnauthorized {
			t.Errorf("without a session: %d", code)
		}
	})
}
