package httpserver_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestSubsidies(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		holder := func(name string, n int) gonghui.Member {
			m, _, err := e.st.SaveMember(ctx, sys, gonghui.MemberInput{Name: name, IDNumber: storetest.CitizenID("110105", "19880101", n), OrgID: e.cyUnion.ID,
				JoinedOn: gonghui.NewDate(2017, 3, 1), CardNo: "ZT-" + id(int64(n))})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		m1, m2 := holder("证书甲", 601), holder("证书乙", 602)

		// Certificates: the 422 shape names every bad field; one per issuing body and number.
		code, body := e.api(e.cyToken, "POST", "/api/v1/certificates", `{"level":"master","issued_on":"2030-01-01"}`)
		var refusal struct {
			Error struct{ Fields map[string]string }
		}
		if code != http.StatusUnprocessableEntity || json.Unmarshal([]byte(body), &refusal) != nil {
			t.Fatalf("an invalid certificate: %d %s", code, body)
		}
		for _, f := range []string{"person_id", "org_id", "number", "occupation", "issuer", "level", "issued_on"} {
			if refusal.Error.Fields[f] == "" {
				t.Errorf("no reason for %s: %s", f, body)
			}
		}
		cert := func(m gonghui.Member, number string) gonghui.Certificate {
			var c gonghui.Certificate
			e.apiInto(e.cyToken, "POST", "/api/v1/certificates", `{"person_id":`+id(m.PersonID)+`,"org_id":`+id(e.cyUnion.ID)+`,"number":"`+number+`",
				"occupation":"电工","level":"technician","issuer":"北京市职业技能鉴定管理中心","issued_on":"2017-06-01"}`, http.StatusCreated, &c)
			return c
		}
		c1, c2 := cert(m1, "H-1"), cert(m2, "H-2")
		if code, body := e.api(e.cyToken, "POST", "/api/v1/certificates", `{"person_id":`+id(m2.PersonID)+`,"org_id":`+id(e.cyUnion.ID)+`,"number":"h-1",
			"occupation":"电工","level":"technician","issuer":"北京市职业技能鉴定管理中心","issued_on":"2017-06-01"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"number"`) {
			t.Errorf("the number again: %d %s", code, body)
		}
		var patched gonghui.Certificate
		e.apiInto(e.cyToken, "PATCH", "/api/v1/certificates/"+id(c1.ID), `{"level":"senior_technician","version":1}`, http.StatusOK, &patched)
		if patched.Level != gonghui.LevelSeniorTechnician || patched.Version != 2 {
			t.Errorf("patched: %+v", patched)
		}
		if code, _ := e.api(e.hdToken, "GET", "/api/v1/certificates/"+id(c1.ID), ""); code != http.StatusNotFound {
			t.Errorf("another district read the certificate: %d", code)
		}
		var list struct{ Items []gonghui.Certificate }
		e.apiInto(e.cyToken, "GET", "/api/v1/certificates?person_id="+id(m2.PersonID), "", http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0].ID != c2.ID {
			t.Errorf("the person's certificates: %+v", list)
		}
		var res gonghui.ContestResult
		e.apiInto(e.cyToken, "POST", "/api/v1/contest-results", `{"person_id":`+id(m2.PersonID)+`,"org_id":`+id(e.cyUnion.ID)+`,"event":"`+gonghui.SubsidyContest+`",
			"rank":3,"held_on":"2017-05-20"}`, http.StatusCreated, &res)
		if res.Rank != 3 || res.PersonName != "证书乙" {
			t.Errorf("the result: %+v", res)
		}

		// A subsidy of one place for two: the notice lists both, the last approval waits for the draw.
		fund, err := e.st.CreateFund(ctx, sys, gonghui.FundInput{OrgID: e.chaoyang.ID, Name: "朝阳助推金"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Allocate(ctx, sys, store.AllocationInput{FundID: fund.ID, AmountFen: 10_000_000, PostedOn: gonghui.NewDate(2017, 1, 5)}); err != nil {
			t.Fatal(err)
		}
		std := gonghui.StandardProgrammes(e.chaoyang.ID, fund.ID, fund.ID)
		in := std[slices.IndexFunc(std, func(p gonghui.ProgrammeInput) bool { return p.Code == gonghui.ProgQualification })]
		in.Code, in.Rules.Quota, in.Rules.NoticeDays, in.Rules.Approval.Levels = "CY-ZTJ", 1, 0, 1
		p, err := e.st.CreateProgramme(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		var apps []gonghui.Application
		for _, x := range []struct {
			m gonghui.Member
			c gonghui.Certificate
		}{{m1, c1}, {m2, c2}} {
			var app gonghui.Application
			e.apiInto(e.cyToken, "POST", "/api/v1/applications", `{"programme_id":`+id(p.ID)+`,"org_id":`+id(e.cyUnion.ID)+`,"applied_on":"2017-09-01",
				"person_id":`+id(x.m.PersonID)+`,"certificate_id":`+id(x.c.ID)+`,"payee":{"account":"6222020200112233445"}}`, http.StatusCreated, &app)
			apps = append(apps, app)
		}
		if apps[0].Assessment.AmountFen != 200_000 || apps[1].Facts.Qualification == nil || !apps[1].Facts.Qualification.Card {
			t.Errorf("filed: %+v / %+v", apps[0].Assessment, apps[1].Facts)
		}
		var notice []gonghui.NoticeEntry
		e.apiInto(e.cyToken, "GET", "/api/v1/programmes/"+id(p.ID)+"/notice?period=2017", "", http.StatusOK, &notice)
		if len(notice) != 2 {
			t.Errorf("the notice: %+v", notice)
		}
		// The notice as a file to post: an audited export, no ID number in it.
		ends := len(e.events(store.ActionExportEnd))
		cadre := e.login("cy-cadre")
		notice2017 := "/programmes/" + id(p.ID) + "/notice.csv?period=2017"
		if _, page := e.do(cadre, "GET", "/programmes/"+id(p.ID)+"/notice?period=2017", ""); !strings.Contains(page, notice2017) {
			t.Errorf("the notice offers no export of its period: %s", page)
		}
		code, body = e.do(cadre, "GET", notice2017, "")
		for _, w := range []string{"申请编号,姓名", "证书甲", "证书乙", "2000.00"} {
			if code != http.StatusOK || !strings.Contains(body, w) || strings.Contains(body, "11010") {
				t.Errorf("the notice's file: %d, want %q in %s", code, w, body)
			}
		}
		if n := len(e.events(store.ActionExportEnd)); n != ends+1 {
			t.Errorf("export audit events: %d, want %d", n, ends+1)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/applications/"+id(apps[0].ID)+"/decision", `{"action":"approve"}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"lottery"`) {
			t.Errorf("approved before the draw: %d %s", code, body)
		}
		if code, body := e.api(e.cyToken, "POST", "/api/v1/lotteries", `{"programme_id":`+id(p.ID)+`}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"period"`) {
			t.Errorf("a lottery without its period: %d %s", code, body)
		}
		var l gonghui.Lottery
		e.apiInto(e.cyToken, "POST", "/api/v1/lotteries", `{"programme_id":`+id(p.ID)+`,"period":"2017","seed":"朝阳2017"}`, http.StatusCreated, &l)
		if len(l.Draws) != 2 || !l.Replayed || l.Seed != "朝阳2017" {
			t.Fatalf("the lottery: %+v", l)
		}
		var again gonghui.Lottery
		e.apiInto(e.cyToken, "GET", "/api/v1/lotteries/"+id(l.ID), "", http.StatusOK, &again)
		if !slices.Equal(again.Draws, l.Draws) || !again.Replayed {
			t.Errorf("read again: %+v", again)
		}
		winner := l.Draws[0].ApplicationID
		if !l.Draws[0].Won || l.Draws[1].Won {
			t.Fatalf("draws %+v", l.Draws)
		}
		var paid gonghui.Application
		e.apiInto(e.cyToken, "POST", "/api/v1/applications/"+id(winner)+"/decision", `{"action":"approve"}`, http.StatusOK, &paid)
		if paid.State != gonghui.AppApproved || paid.EntryID == 0 {
			t.Errorf("the winner: %+v", paid)
		}
		var ls []gonghui.Lottery
		e.apiInto(e.cyToken, "GET", "/api/v1/programmes/"+id(p.ID)+"/lotteries", "", http.StatusOK, &ls)
		if len(ls) != 1 {
			t.Errorf("lotteries %+v", ls)
		}

		// The pages: a person's certificates, the notice, the lotteries and the draw.
		c := e.login("cy-cadre")
		for path, want := range map[string]string{
			"/certificates?person_id=" + id(m2.PersonID):      "H-2",
			"/programmes/" + id(p.ID) + "/notice?period=2017": "公示",
			"/programmes/" + id(p.ID) + "/lotteries":          "朝阳2017",
			"/lotteries/" + id(l.ID):                          "中签",
			"/programmes/" + id(p.ID):                         "/programmes/" + id(p.ID) + "/notice",
		} {
			if code, body := e.do(c, "GET", path, ""); code != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("%s: %d, want %q in the page", path, code, want)
			}
		}

		// The draw as a file: its seed on every row, for whoever may export
		// people, in scope; an empty notice is no file.
		code, body = e.do(c, "GET", "/lotteries/"+id(l.ID)+"/draws.csv", "")
		for _, w := range []string{"抽签编号,期间,种子", "朝阳2017", "证书甲", "证书乙", ",是", ",否"} {
			if code != http.StatusOK || !strings.Contains(body, w) || strings.Contains(body, "11010") {
				t.Errorf("the draw's file: %d, want %q in %s", code, w, body)
			}
		}
		if code, _ := e.do(c, "GET", "/programmes/"+id(p.ID)+"/notice.xlsx?period=2016", ""); code != http.StatusSeeOther {
			t.Errorf("an empty notice exported: %d", code)
		}
		if code, _ := e.do(e.login("cy-viewer"), "GET", "/lotteries/"+id(l.ID)+"/draws.xlsx", ""); code != http.StatusForbidden {
			t.Errorf("a viewer exports the draw: %d", code)
		}
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/lotteries/"+id(l.ID)+"/draws.csv", ""); code != http.StatusNotFound {
			t.Errorf("Haidian exports Chaoyang's draw: %d", code)
		}
	})
}
