package httpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/report"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestPrintedForms: the application, the transfer letter and the card
// issue list print as pages of their own (and as PDF where Chromium is),
// within the user's scope.
func TestPrintedForms(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		sys := gonghui.SystemActor("t")
		m := e.addMember(e.cyUnion, "周芳", storetest.CitizenID("110105", "19920101", 31))
		if _, err := e.st.ChangeCard(ctx, sys, m.ID, store.CardIssue, "GH2026000031", gonghui.NewDate(2026, 11, 2)); err != nil {
			t.Fatal(err)
		}
		hd := e.addMember(e.hdUnion, "吴强", storetest.CitizenID("110108", "19850505", 32))
		tr, err := e.st.StartTransfer(ctx, sys, hd.ID, e.cyUnion.ID, "工作调动")
		if err != nil {
			t.Fatal(err)
		}
		c := e.login("cy-cadre")
		tests := []struct {
			name, path string
			want       []string
		}{
			{"application", "/members/application", []string{"<h1>入会申请书</h1>", "申请加入：朝阳区总工会", `format=pdf`}},
			{"card list", "/members/cards?org=" + id(e.cyUnion.ID) + "&since=2026-11-01&until=2026-11-30", []string{"周芳", "GH2026000031", "2026年11月1日 至 2026年11月30日", "since=2026-11-01"}},
			{"transfer letter, received side", "/transfers/" + id(tr.ID) + "/letter", []string{"会员组织关系介绍信", "吴强", "海淀示例工会", "回　　执"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				code, page := e.do(c, "GET", tt.path, "")
				if code != http.StatusOK || strings.Contains(page, `class="side"`) {
					t.Fatalf("%d", code)
				}
				for _, w := range tt.want {
					if !strings.Contains(page, w) {
						t.Errorf("lacks %q", w)
					}
				}
			})
		}
		// The card list names members: its download is audited.
		if ev, _, err := e.st.ListAudit(ctx, sys, gonghui.AuditFilter{Action: store.ActionExportEnd, RecordType: "card_issue_list"}); err != nil || len(ev) != 1 ||
			!strings.Contains(ev[0].Summary, `"rows":1`) {
			t.Errorf("card list audit: %+v %v", ev, err)
		}
		// Another district's cards and unions stay out of reach.
		if code, _ := e.do(e.login("hd-cadre"), "GET", "/members/cards?org="+id(e.cyUnion.ID), ""); code != http.StatusNotFound {
			t.Errorf("Haidian prints Chaoyang's card list: %d", code)
		}
		if code, _ := e.do(c, "GET", "/members/cards?since=2026-12-01&until=2026-11-01", ""); code != http.StatusUnprocessableEntity && code != http.StatusBadRequest {
			t.Errorf("reversed period: %d", code)
		}
		if report.FindChromium() != "" {
			code, pdf := e.do(c, "GET", "/members/application?format=pdf", "")
			if code != http.StatusOK || !strings.HasPrefix(pdf, "%PDF") {
				t.Errorf("application PDF: %d", code)
			}
		}
	})
}
