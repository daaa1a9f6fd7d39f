package httpserver_test

import (
	"regexp"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// postForm finds the forms that change something, but for logging out.
var postForm = regexp.MustCompile(`<form method="post" action="([^"]+)"`)

// editLink finds links to forms that create or edit records.
var editLink = regexp.MustCompile(`href="([^"]*/(?:new|edit)(?:\?[^"]*)?)"`)

// TestViewerSeesNoEditControls: a viewer's pages carry no form or button
// their role cannot use.
func TestViewerSeesNoEditControls(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		m := e.addMember(e.cyUnion, "钱七", storetest.CitizenID("110105", "19870707", 61))
		k, err := e.st.CreateContract(ctx, sys, gonghui.ContractInput{OrgID: e.cyUnion.ID, Title: "2017年综合集体合同", Kind: gonghui.ContractComprehensive,
			Level: gonghui.LevelEnterprise, TermStart: gonghui.NewDate(2017, 1, 1), TermEnd: gonghui.NewDate(2019, 12, 31), CoveredStaff: 30,
			UnitIDs: []int64{e.cyUnit.ID}, Topics: []string{"wage_adjustment", "working_hours", "safety_health", "insurance_welfare"}})
		if err != nil {
			t.Fatal(err)
		}
		g, err := e.st.CreateCongress(ctx, sys, gonghui.CongressInput{OrgID: e.cyUnion.ID, Name: "朝阳示例公司职代会", Kind: gonghui.CongressUnit,
			EstablishedOn: gonghui.NewDate(2017, 3, 1), UnitIDs: []int64{e.cyUnit.ID}})
		if err != nil {
			t.Fatal(err)
		}
		ret, err := e.st.OpenCensus(ctx, sys, e.cyUnion.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		c := e.login("cy-viewer")
		for _, path := range []string{
			"/", "/orgs/" + id(e.chaoyang.ID), "/orgs/" + id(e.cyUnion.ID), "/units", "/units/" + id(e.cyUnit.ID),
			"/members", "/members/" + id(m.ID), "/transfers", "/democracy", "/contracts", "/contracts/" + id(k.ID),
			"/congresses", "/congresses/" + id(g.ID), "/disclosures", "/directors", "/census", "/census/" + id(ret.ID),
			"/workerhomes", "/dashboard", "/report", "/account", "/imports", "/members/quality", "/democracy/topics", "/democracy/rates/contract_rate",
			"/competitions", "/competitions/talents",
		} {
			code, page := e.do(c, "GET", path, "")
			if code != 200 {
				t.Errorf("%s: %d", path, code)
				continue
			}
			for _, f := range postForm.FindAllStringSubmatch(page, -1) {
				if a := f[1]; a != "/logout" && !strings.HasPrefix(a, "/account/") {
					t.Errorf("%s: a viewer sees a form posting to %s", path, a)
				}
			}
			for _, l := range editLink.FindAllStringSubmatch(page, -1) {
				t.Errorf("%s: a viewer sees a link to %s", path, l[1])
			}
		}

		// Nor may a viewer open those forms by their address.
		h, err := e.st.CreateWorkerHome(ctx, sys, gonghui.WorkerHomeInput{OrgID: e.cyUnion.ID, Name: "朝阳示例驿站", Kind: gonghui.WorkerHomeUnion,
			Address: "北京市朝阳区示例路1号", OpenedOn: gonghui.NewDate(2017, 3, 1)})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{
			"/members/new", "/members/" + id(m.ID) + "/edit", "/orgs/new?parent=" + id(e.cyUnion.ID), "/orgs/" + id(e.cyUnion.ID) + "/edit",
			"/units/new", "/units/" + id(e.cyUnit.ID) + "/edit", "/workerhomes/new", "/workerhomes/" + id(h.ID) + "/edit",
			"/contracts/new", "/contracts/" + id(k.ID) + "/edit", "/congresses/new", "/congresses/" + id(g.ID) + "/edit", "/users/new",
		} {
			if code, _ := e.do(c, "GET", path, ""); code != 403 {
				t.Errorf("a viewer opens the form %s: %d, want 403", path, code)
			}
		}

		// A district's administrator may not change the city's rate
		// definitions or bargaining topics: no link to their forms.
		if _, page := e.do(e.login("cy-admin"), "GET", "/democracy", ""); strings.Contains(page, `href="/democracy/topics"`) || strings.Contains(page, "/edit\"") {
			t.Error("a district administrator sees the city's settings forms")
		}
	})
}
