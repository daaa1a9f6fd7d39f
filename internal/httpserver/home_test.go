package httpserver_test

import (
	"net/http"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// TestInbox: the home page counts what waits in the user's own subtree —
// here a transfer into Chaoyang waits there, not in Haidian, which sent it.
func TestInbox(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		m := e.addMember(e.hdUnion, "孙丽", storetest.CitizenID("110108", "19880506", 77))
		if _, err := e.st.StartTransfer(ctx, gonghui.SystemActor("t"), m.ID, e.cyUnion.ID, "调动"); err != nil {
			t.Fatal(err)
		}
		code, page := e.do(e.login("cy-cadre"), "GET", "/", "")
		if code != http.StatusOK || !strings.Contains(page, `<a href="/transfers"><span class="inbox-count">1</span> 条会员转入申请待接收</a>`) {
			t.Errorf("Chaoyang's inbox: %d %s", code, page)
		}
		if _, page := e.do(e.login("hd-cadre"), "GET", "/", ""); strings.Contains(page, "转入申请") {
			t.Error("Haidian's inbox holds the transfer it sent")
		}
		// The data-quality line arrives after the page.
		if code, frag := e.do(e.login("cy-cadre"), "GET", "/inbox/quality", ""); code != http.StatusOK || !strings.Contains(frag, `id="inbox-quality"`) || strings.Contains(frag, "<html") {
			t.Errorf("quality fragment: %d %s", code, frag)
		}
	})
}
