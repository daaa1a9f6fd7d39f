package httpserver_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// addMember puts a member into a union directly.
func (e *env) addMember(org gonghui.Org, name, id string) gonghui.Member {
	e.t.Helper()
	m, _, err := e.st.SaveMember(ctx, gonghui.SystemActor("t"), gonghui.MemberInput{Name: name, IDNumber: id, Phone: "13800001111", OrgID: org.ID, JoinedOn: gonghui.NewDate(2017, 3, 1)})
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func TestMembersScopeRevealTransfer(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		cyID := storetest.CitizenID("110105", "19900307", 123)
		cy := e.addMember(e.cyUnion, "张伟", cyID)
		e.addMember(e.hdUnion, "李娜", storetest.CitizenID("110108", "19910101", 222))
		mid := id(cy.ID)
		// A Haidian cadre can neither see nor change nor transfer a Chaoyang member.
		hdc := e.login("hd-cadre")
		for _, tc := range []struct{ method, path, body string }{
			{"GET", "/members/" + mid, ""},
			{"GET", "/members/" + mid + "/edit", ""},
			{"POST", "/members/" + mid + "/edit", "name=x"},
			{"POST", "/members/" + mid + "/reveal", ""},
			{"POST", "/members/" + mid + "/end", "status=left&reason=x"},
			{"POST", "/members/" + mid + "/card", "action=issue&card_no=K-0001"},
			{"POST", "/members/" + mid + "/transfer", "to_code=" + e.hdUnion.Code},
			{"GET", "/members?org=" + id(e.cyUnion.ID), ""},
		} {
			if code, _ := e.do(hdc, tc.method, tc.path, tc.body); code != http.StatusNotFound {
				t.Errorf("UI %s %s: %d, want 404", tc.method, tc.path, code)
			}
		}
		for _, tc := range []struct{ method, path, body string }{
			{"GET", "/api/v1/members/" + mid, ""},
			{"PATCH", "/api/v1/members/" + mid, `{"name":"x"}`},
			{"POST", "/api/v1/members/" + mid + "/transfer", `{"to_org_id":` + id(e.hdUnion.ID) + `}`},
		} {
			if code, body := e.api(e.hdToken, tc.method, tc.path, tc.body); code != http.StatusNotFound {
				t.Errorf("API %s %s: %d %s, want 404", tc.method, tc.path, code, body)
			}
		}
		_, body := e.api(e.hdToken, "GET", "/api/v1/members?q="+cyID, "")
		if !strings.Contains(body, `"total":0`) {
			t.Errorf("Haidian finds a Chaoyang member by ID: %s", body)
		}
		_, body = e.do(hdc, "GET", "/members.csv", "")
		if strings.Contains(body, "张伟") || !strings.Contains(body, "李娜") {
			t.Errorf("Haidian export: %s", body)
		}

		// Masked on screen and in the API; the cadre may not reveal.
		cyc := e.login("cy-cadre")
		_, page := e.do(cyc, "GET", "/members/"+mid, "")
		if strings.Contains(page, cyID) || !strings.Contains(page, "110105********123") || !strings.Contains(page, "138****1111") {
			t.Error("member page does not mask the ID number and phone")
		}
		if code, _ := e.do(cyc, "POST", "/members/"+mid+"/reveal", ""); code != http.StatusForbidden {
			t.Errorf("cadre reveal: %d", code)
		}
		if code, _ := e.api(e.cyToken, "GET", "/api/v1/members/"+mid+"?reveal=true", ""); code != http.StatusForbidden {
			t.Errorf("cadre API reveal: %d", code)
		}
		if code, _ := e.do(cyc, "GET", "/members.xlsx?reveal=1", ""); code != http.StatusForbidden {
			t.Errorf("cadre revealed export: %d", code)
		}
		// An admin reveals, and the read is audited.
		cya := e.login("cy-admin")
		code, page := e.do(cya, "POST", "/members/"+mid+"/reveal", "")
		if code != http.StatusOK || !strings.Contains(page, cyID) {
			t.Errorf("admin reveal: %d", code)
		}
		if ev, _, _ := e.st.ListAudit(ctx, gonghui.SystemActor("t"), gonghui.AuditFilter{Action: "member.reveal"}); len(ev) != 1 || ev[0].Username != "cy-admin" {
			t.Errorf("reveal audit %+v", ev)
		}

		// Transfer from Chaoyang to Haidian: started by the sender, accepted by the receiver.
		if code, _ := e.do(cyc, "POST", "/members/"+mid+"/transfer", "to_code="+e.hdUnion.Code+"&reason="+url.QueryEscape("工作调动")); code != http.StatusSeeOther {
			t.Fatalf("start transfer: %d", code)
		}
		_, body = e.api(e.hdToken, "GET", "/api/v1/transfers", "")
		var list struct {
			Items []gonghui.Transfer `json:"items"`
		}
		json.Unmarshal([]byte(body), &list)
		if len(list.Items) != 1 || !list.Items[0].Incoming {
			t.Fatalf("incoming transfers: %s", body)
		}
		tid := id(list.Items[0].ID)
		if code, _ := e.api(e.cyToken, "POST", "/api/v1/transfers/"+tid+"/decide", `{"decision":"accepted"}`); code != http.StatusUnprocessableEntity {
			t.Errorf("sender accepts: %d", code)
		}
		_, page = e.do(hdc, "GET", "/transfers", "")
		if !strings.Contains(page, "张伟") || !strings.Contains(page, `value="accepted"`) {
			t.Error("transfer page lacks the incoming transfer")
		}
		if code, _ := e.do(hdc, "POST", "/transfers/"+tid+"/decide", "decision=accepted"); code != http.StatusSeeOther {
			t.Errorf("accept: %d", code)
		}
		_, body = e.api(e.hdToken, "GET", "/api/v1/members?q="+cyID, "")
		if !strings.Contains(body, `"total":1`) || !strings.Contains(body, e.hdUnion.Name) {
			t.Errorf("after transfer Haidian has the member: %s", body)
		}
		_, body = e.api(e.cyToken, "GET", "/api/v1/members", "")
		if !strings.Contains(body, `"total":0`) {
			t.Errorf("after transfer Chaoyang still lists: %s", body)
		}
	})
}

func TestMemberFormsAndAPI(t *testing.T) {
	e := newEnv(t, store.SQLite)
	c := e.login("cy-cadre")
	good := storetest.CitizenID("110105", "19880808", 124)
	form := url.Values{"name": {"王芳"}, "id_number": {"1.10105E+17"}, "org_code": {e.cyUnion.Code}, "joined_on": {"2017-03-01"}, "sex": {"男"}, "unit_uscc": {"nope"}}
	code, page := e.do(c, "POST", "/members/new", form.Encode())
	for _, f := range []string{"id_number", "unit_uscc"} {
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-`+f+`"`) {
			t.Errorf("member form: no error beside %s (%d)", f, code)
		}
	}
	if !strings.Contains(page, "Excel") {
		t.Error("the Excel explanation is missing")
	}
	// A refused form keeps the ID number just typed, to be corrected, not
	// typed again.
	form.Set("id_number", good)
	form.Set("unit_uscc", "nope")
	if code, page = e.do(c, "POST", "/members/new", form.Encode()); code != http.StatusUnprocessableEntity || !strings.Contains(page, `value="`+good+`"`) {
		t.Errorf("the refused form lost the typed ID number (%d)", code)
	}
	form.Set("sex", "女")
	form.Set("unit_uscc", e.cyUnit.USCC)
	if code, _ = e.do(c, "POST", "/members/new", form.Encode()); code != http.StatusSeeOther {
		t.Fatalf("create member: %d", code)
	}
	_, page = e.do(c, "GET", "/members?q=wf", "")
	if !strings.Contains(page, "王芳") {
		t.Error("pinyin search misses the new member")
	}
	_, page = e.do(c, "GET", "/orgs/"+id(e.cyUnion.ID), "")
	if !strings.Contains(page, "实名制采集率") {
		t.Error("org page lacks member figures")
	}
	for _, p := range []string{"/members/quality", "/transfers", "/imports", "/members/new"} {
		if code, _ := e.do(c, "GET", p, ""); code != http.StatusOK {
			t.Errorf("%s: %d", p, code)
		}
	}
	if code, body := e.do(c, "GET", "/templates/members.xlsx", ""); code != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Errorf("template: %d", code)
	}
	// API: create, PATCH keeps what it does not name, 422 shape.
	code, body := e.api(e.cyToken, "POST", "/api/v1/members", `{"name":"刘洋","id_number":"`+storetest.CitizenID("110105", "19950505", 311)+`","phone":"13900002222","org_id":`+id(e.cyUnion.ID)+`,"joined_on":"2018-01-01"}`)
	var m gonghui.Member
	json.Unmarshal([]byte(body), &m)
	if code != http.StatusCreated || m.Phone != "139****2222" {
		t.Fatalf("API create: %d %s", code, body)
	}
	code, body = e.api(e.cyToken, "PATCH", "/api/v1/members/"+id(m.ID), `{"education":"大学本科","version":1}`)
	if code != http.StatusOK || !strings.Contains(body, `"education":"bachelor"`) || !strings.Contains(body, `"phone":"139****2222"`) {
		t.Errorf("API patch: %d %s", code, body)
	}
	code, body = e.api(e.cyToken, "POST", "/api/v1/members", `{"name":"","id_number":"123","org_id":`+id(e.cyUnion.ID)+`}`)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"id_number"`) || !strings.Contains(body, `"joined_on"`) || !strings.Contains(body, `"name"`) {
		t.Errorf("API invalid member: %d %s", code, body)
	}
}

func TestImportUploadThroughAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		csv := "姓名,公民身份号码,入会日期,所属工会\n" +
			"张伟," + storetest.CitizenID("110105", "19900101", 11) + ",2017-03-01," + e.cyUnion.Code + "\n" +
			"王芳,1.10105E+17,2017-03-01," + e.cyUnion.Code + "\n" +
			"李娜," + storetest.CitizenID("110105", "19900101", 12) + ",2017-03-01," + e.hdUnion.Code + "\n"
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "members.csv")
		fw.Write([]byte(csv))
		mw.Close()
		code, body := e.do(http.DefaultClient, "POST", "/api/v1/imports", buf.String(), "Authorization", "Bearer "+e.cyToken, "Content-Type", mw.FormDataContentType())
		var im store.Import
		json.Unmarshal([]byte(body), &im)
		if code != http.StatusAccepted || im.ID == 0 {
			t.Fatalf("upload: %d %s", code, body)
		}
		deadline := time.Now().Add(20 * time.Second)
		for im.Status == store.ImportRunning && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
			_, body = e.api(e.cyToken, "GET", "/api/v1/imports/"+id(im.ID), "")
			json.Unmarshal([]byte(body), &im)
		}
		if im.Status != store.ImportDone || im.Inserted != 1 || im.Failed != 2 {
			t.Fatalf("import: %s", body)
		}
		_, body = e.api(e.cyToken, "GET", "/api/v1/imports/"+id(im.ID)+"/errors", "")
		if !strings.Contains(body, `"line":3`) || !strings.Contains(body, `"line":4`) || !strings.Contains(body, "公民身份号码") || !strings.Contains(body, "所属工会") {
			t.Errorf("errors: %s", body)
		}
		if code, _ := e.api(e.hdToken, "GET", "/api/v1/imports/"+id(im.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian reads a Chaoyang import: %d", code)
		}
		c := e.login("cy-cadre")
		code, page := e.do(c, "GET", "/imports/"+id(im.ID), "")
		if code != http.StatusOK || !strings.Contains(page, `id="error-report"`) {
			t.Errorf("import page: %d", code)
		}
		if code, body := e.do(c, "GET", "/imports/"+id(im.ID)+"/errors.xlsx", ""); code != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Errorf("error report: %d", code)
		}
		if code, _ := e.api(e.cyToken, "POST", "/api/v1/imports", `{}`); code != http.StatusUnprocessableEntity {
			t.Errorf("upload without a file: %d", code)
		}
	})
}
