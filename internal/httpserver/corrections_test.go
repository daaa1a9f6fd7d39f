package httpserver_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestMemberCorrections walks a member's correction through the portal
// (page and API) to their union's cadre, who confirms one into the
// register and rejects another; the other district sees none of it.
func TestMemberCorrections(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		idNo := storetest.CitizenID("110105", "19900307", 701)
		m := e.addMember(e.cyUnion, "王芳", idNo)
		otherID := storetest.CitizenID("110108", "19851111", 702)
		other := e.addMember(e.hdUnion, "刘洋", otherID)
		cadre, hd := e.login("cy-cadre"), e.login("hd-cadre")
		c := e.activateMember(cadre, m, idNo)
		oc := e.activateMember(hd, other, otherID)

		if _, home := e.do(c, "GET", "/portal/", ""); !strings.Contains(home, `href="/portal/corrections"`) {
			t.Error("the portal's home has no link to the corrections")
		}
		code, page := e.do(c, "GET", "/portal/corrections", "")
		if code != http.StatusOK || !strings.Contains(page, "138****1111") || !strings.Contains(page, `action="/portal/corrections"`) || strings.Contains(page, "<script") || len(page) > 8000 {
			t.Fatalf("the corrections page: %d (%d bytes)\n%s", code, len(page), page)
		}
		if code, _, page := e.submit(c, "/portal/corrections", url.Values{"phone": {"12"}, "address": {"北京市朝阳区建国门外大街1号"}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, `class="err"`) || !strings.Contains(page, "北京市朝阳区建国门外大街1号") {
			t.Errorf("a bad phone: %d\n%s", code, page)
		}
		if code, _, _ := e.submit(c, "/portal/corrections", url.Values{"phone": {"13900002222"}}, "Sec-Fetch-Site", "cross-site"); code != http.StatusForbidden {
			t.Errorf("a cross-site proposal: %d, want 403", code)
		}
		code, _, page = e.submit(c, "/portal/corrections", url.Values{"phone": {"139 0000 2222"}, "address": {"北京市朝阳区建国门外大街1号"}})
		if code != http.StatusOK || !strings.Contains(page, `id="pending"`) || !strings.Contains(page, "139****2222") || strings.Contains(page, "13900002222") || strings.Contains(page, "建国门外") {
			t.Fatalf("propose: %d\n%s", code, page)
		}
		var mine store.PortalCorrections
		if code, body := e.do(c, "GET", "/api/v1/portal/corrections", ""); code != http.StatusOK || !jsonInto(body, &mine) || mine.Pending == nil || mine.Pending.Phone != "139****2222" {
			t.Fatalf("the portal API: %d %s", code, body)
		}
		k := mine.Pending
		if code, _ := e.do(c, "POST", "/api/v1/portal/corrections", `{"education":"bachelor"}`); code != http.StatusUnprocessableEntity {
			t.Errorf("a second pending correction: %d", code)
		}
		// Another member neither sees nor withdraws it.
		if code, _ := e.do(oc, "POST", "/api/v1/portal/corrections/"+id(k.ID)+"/withdraw", "{}"); code != http.StatusNotFound {
			t.Errorf("another member withdraws it by API: %d", code)
		}
		if code, _, _ := e.submit(oc, "/portal/corrections/"+id(k.ID)+"/withdraw", nil); code != http.StatusNotFound {
			t.Errorf("another member withdraws it: %d", code)
		}
		if _, page := e.do(oc, "GET", "/portal/corrections", ""); strings.Contains(page, "139****2222") {
			t.Error("another member's page shows it")
		}

		// The union's cadre: the inbox, the list, the page; not Haidian's.
		if _, inbox := e.do(cadre, "GET", "/", ""); !strings.Contains(inbox, `<a href="/corrections"><span class="inbox-count">1</span> 条会员信息更正待确认</a>`) {
			t.Errorf("Chaoyang's inbox: %s", inbox)
		}
		if _, inbox := e.do(hd, "GET", "/", ""); strings.Contains(inbox, `<a href="/corrections"><span class="inbox-count">`) {
			t.Error("Haidian's inbox counts Chaoyang's correction")
		}
		if code, list := e.do(cadre, "GET", "/corrections", ""); code != http.StatusOK || !strings.Contains(list, "王芳") || !strings.Contains(list, "139****2222") {
			t.Errorf("Chaoyang's list: %d", code)
		}
		if _, list := e.do(hd, "GET", "/corrections?status=all", ""); strings.Contains(list, "王芳") {
			t.Error("Haidian's list shows Chaoyang's correction")
		}
		if code, _ := e.do(hd, "GET", "/corrections/"+id(k.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian opens it: %d", code)
		}
		var listed struct {
			Items []gonghui.MemberCorrection `json:"items"`
			Total int                        `json:"total"`
		}
		if e.apiInto(e.cyToken, "GET", "/api/v1/member-corrections", "", http.StatusOK, &listed); listed.Total != 1 || listed.Items[0].ID != k.ID {
			t.Errorf("Chaoyang's API list: %+v", listed)
		}
		if e.apiInto(e.hdToken, "GET", "/api/v1/member-corrections?status=all", "", http.StatusOK, &listed); listed.Total != 0 {
			t.Errorf("Haidian's API list: %+v", listed)
		}
		for p, body := range map[string]string{"/confirm": `{"version":1}`, "/reject": `{"reason":"无","version":1}`} {
			if code, _ := e.api(e.hdToken, "POST", "/api/v1/member-corrections/"+id(k.ID)+p, body); code != http.StatusNotFound {
				t.Errorf("Haidian %s: %d", p, code)
			}
		}
		code, show := e.do(cadre, "GET", "/corrections/"+id(k.ID), "")
		if code != http.StatusOK || !strings.Contains(show, "139****2222") || strings.Contains(show, "13900002222") || !strings.Contains(show, `action="/corrections/`+id(k.ID)+`/confirm"`) {
			t.Fatalf("the correction's page: %d\n%s", code, show)
		}
		admin := e.login("cy-admin")
		if code, _, page := e.submit(admin, "/corrections/"+id(k.ID)+"/reveal", nil); code != http.StatusOK || !strings.Contains(page, "13900002222") || !strings.Contains(page, "北京市朝阳区建国门外大街1号") {
			t.Errorf("reveal: %d", code)
		}
		if len(e.events("member.reveal")) == 0 {
			t.Error("the reveal is not audited")
		}
		if code, loc, _ := e.submit(cadre, "/corrections/"+id(k.ID)+"/confirm", url.Values{"version": {id(k.Version)}}); code != http.StatusSeeOther || loc != "/corrections/"+id(k.ID) {
			t.Fatalf("confirm: %d %s", code, loc)
		}
		if _, page := e.do(cadre, "GET", "/members/"+id(m.ID), ""); !strings.Contains(page, "139****2222") || !strings.Contains(page, `<dd id="address">北京市朝阳区****</dd>`) {
			t.Errorf("the member's page after the confirmation:\n%s", page)
		}
		if _, form := e.do(cadre, "GET", "/members/"+id(m.ID)+"/edit", ""); !strings.Contains(form, `name="address"`) || !strings.Contains(form, "北京市朝阳区****") {
			t.Error("the member form does not show the address masked")
		}
		// The form sent back with the masked address keeps the stored one.
		cur, err := e.st.GetMember(ctx, gonghui.SystemActor("t"), m.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		edit := url.Values{"name": {cur.Name}, "phone": {cur.Phone}, "address": {cur.Address}, "education": {"bachelor"},
			"joined_on": {cur.JoinedOn.String()}, "version": {id(cur.Version)}}
		if code, loc, body := e.submit(cadre, "/members/"+id(m.ID)+"/edit", edit); code != http.StatusSeeOther {
			t.Fatalf("edit: %d %s\n%s", code, loc, body)
		}
		if after, _ := e.st.GetMember(ctx, gonghui.SystemActor("t"), m.ID, true); after.Address != "北京市朝阳区建国门外大街1号" || after.Phone != "13900002222" || after.Education != "bachelor" {
			t.Errorf("after an edit with the masked address: %q %q %q", after.Address, after.Phone, after.Education)
		}

		// Rejected by the API with a reason the member reads; withdrawn by
		// the member.
		var next gonghui.MemberCorrection
		e.apiPortalInto(c, "POST", "/api/v1/portal/corrections", `{"education":"研究生"}`, http.StatusCreated, &next)
		if code, _ := e.api(e.cyToken, "POST", "/api/v1/member-corrections/"+id(next.ID)+"/reject", `{"reason":" ","version":1}`); code != http.StatusUnprocessableEntity {
			t.Errorf("a rejection without a reason: %d", code)
		}
		e.apiInto(e.cyToken, "POST", "/api/v1/member-corrections/"+id(next.ID)+"/reject", `{"reason":"请携带学历证书到工会核实","version":1}`, http.StatusOK, &next)
		if next.Status != gonghui.CorrectionRejected {
			t.Errorf("reject: %+v", next)
		}
		e.apiPortalInto(c, "POST", "/api/v1/portal/corrections", `{"address":"北京市朝阳区光华路9号"}`, http.StatusCreated, &next)
		if code, _, page := e.submit(c, "/portal/corrections/"+id(next.ID)+"/withdraw", nil); code != http.StatusOK || strings.Contains(page, `id="pending"`) {
			t.Errorf("withdraw: %d\n%s", code, page)
		}
		_, page = e.do(c, "GET", "/portal/corrections", "")
		for _, want := range []string{"请携带学历证书到工会核实", "已撤回", "已确认", "未通过", `action="/portal/corrections"`} {
			if !strings.Contains(page, want) {
				t.Errorf("the member's history lacks %q", want)
			}
		}
		for _, action := range []string{"member.correction.propose", "member.correction.confirm", "member.correction.reject", "member.correction.withdraw", "member.update"} {
			if len(e.events(action)) == 0 {
				t.Errorf("no %s event", action)
			}
		}
	})
}

// apiPortalInto calls the portal's API with a member's session.
func (e *env) apiPortalInto(c *http.Client, method, path, body string, want int, v any) {
	e.t.Helper()
	code, out := e.do(c, method, path, body, "Content-Type", "application/json")
	if code != want || !jsonInto(out, v) {
		e.t.Fatalf("%s %s: %d %s, want %d", method, path, code, out, want)
	}
}

func jsonInto(body string, v any) bool { return json.Unmarshal([]byte(body), v) == nil }
