package httpserver_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui/internal/store/storetest"
)

// TestPilotCodeNeedsConfirmation saves a unit and a union whose USCC fails
// its checksum: refused (422 naming uscc) until confirmed as a pilot code,
// in the API and the forms; the data-quality page lists the confirmed ones.
func TestPilotCodeNeedsConfirmation(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		unit := storetest.PilotUSCC("91", "110105", 901)
		body := func(confirmed bool) string {
			return fmt.Sprintf(`{"uscc":%q,"name":"试点单位","org_id":%d,"ownership":"private","uscc_pilot_confirmed":%t}`, unit, e.cyUnion.ID, confirmed)
		}
		if code, out := e.api(e.cyToken, "POST", "/api/v1/units", body(false)); code != http.StatusUnprocessableEntity || !strings.Contains(out, `"uscc"`) {
			t.Errorf("unconfirmed pilot unit: %d %s", code, out)
		}
		if code, out := e.api(e.cyToken, "POST", "/api/v1/units", body(true)); code != http.StatusCreated || !strings.Contains(out, `"warning"`) {
			t.Errorf("confirmed pilot unit: %d %s", code, out)
		}
		union := storetest.PilotUSCC("81", "110105", 902)
		c := e.login("cy-cadre")
		form := url.Values{"name": {"试点工会"}, "kind": {"grassroots"}, "parent_id": {id(e.cyStreet.ID)}, "uscc": {union}}
		if code, out := e.do(c, "POST", "/orgs/new", form.Encode()); code != http.StatusUnprocessableEntity || !strings.Contains(out, "校验位不符") {
			t.Errorf("unconfirmed pilot union: %d", code)
		}
		form.Set("uscc_pilot_confirmed", "on")
		if code, _ := e.do(c, "POST", "/orgs/new", form.Encode()); code != http.StatusSeeOther {
			t.Errorf("confirmed pilot union: %d", code)
		}
		code, page := e.do(c, "GET", "/members/quality", "")
		if code != http.StatusOK || !strings.Contains(page, unit) || !strings.Contains(page, union) {
			t.Errorf("quality page: %d, lists the unit %t, the union %t", code, strings.Contains(page, unit), strings.Contains(page, union))
		}
	})
}
