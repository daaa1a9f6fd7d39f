package httpserver_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gonghui"
)

// TestOwnAccount: a viewer changes their own password (refusals beside
// their fields), which ends their other sessions but not this one; they
// see their sessions and revoke their own token, never another's.
func TestOwnAccount(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c, other := e.login("cy-viewer"), e.login("cy-viewer")
		code, page := e.do(c, "GET", "/account", "")
		if code != http.StatusOK || strings.Count(page, "本次登录") != 1 || !strings.Contains(page, "退出其他所有登录") {
			t.Fatalf("account page: %d", code)
		}
		for _, tc := range []struct {
			form  url.Values
			field string
		}{
			{url.Values{"current_password": {"wrong"}, "password": {"a new password 1"}, "password_again": {"a new password 1"}}, "current_password"},
			{url.Values{"current_password": {password}, "password": {"short"}, "password_again": {"short"}}, "password"},
			{url.Values{"current_password": {password}, "password": {"a new password 1"}, "password_again": {"another one 2"}}, "password_again"},
		} {
			code, page := e.do(c, "POST", "/account/password", tc.form.Encode())
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err-`+tc.field+`"`) || strings.Contains(page, `value="a new password 1"`) {
				t.Errorf("refused %s: %d", tc.field, code)
			}
		}
		form := url.Values{"current_password": {password}, "password": {"a new password 1"}, "password_again": {"a new password 1"}}
		if code, page := e.do(c, "POST", "/account/password", form.Encode()); code != http.StatusSeeOther {
			t.Fatalf("change: %d %s", code, page[strings.Index(page, "<main>"):])
		}
		if code, page := e.do(c, "GET", "/account?done=account.password_changed", ""); code != http.StatusOK || !strings.Contains(page, "密码已修改") {
			t.Errorf("this session after the change: %d", code)
		}
		if code, _ := e.do(other, "GET", "/account", ""); code != http.StatusSeeOther {
			t.Errorf("the other session lives on: %d", code)
		}
		if _, page := e.do(c, "GET", "/account?done=%E6%81%B6%E6%84%8F", ""); strings.Contains(page, "恶意") {
			t.Error("the page echoes the address")
		}
		// Tokens: the viewer's own, revoked here; the cadre's is not theirs.
		if code, _ := e.api(e.viewerToken, "GET", "/api/v1/me", ""); code != http.StatusOK {
			t.Fatalf("viewer token: %d", code)
		}
		_, page = e.do(c, "GET", "/account", "")
		i := strings.Index(page, `action="/account/tokens/`)
		if i < 0 {
			t.Fatal("no token listed")
		}
		action := page[i+len(`action="`):]
		action = action[:strings.Index(action, `"`)]
		cadreTokens, _ := e.st.ListTokens(ctx, gonghui.SystemActor("t"), e.cyCadre.ID)
		if code, _ := e.do(c, "POST", "/account/tokens/"+id(cadreTokens[0].ID)+"/revoke", ""); code != http.StatusNotFound {
			t.Errorf("revoked another's token: %d", code)
		}
		if code, _ := e.do(c, "POST", action, ""); code != http.StatusSeeOther {
			t.Errorf("revoke own: %d", code)
		}
		if code, _ := e.api(e.viewerToken, "GET", "/api/v1/me", ""); code != http.StatusUnauthorized {
			t.Errorf("revoked token still works: %d", code)
		}
		if code, _ := e.api(e.cyToken, "GET", "/api/v1/me", ""); code != http.StatusOK {
			t.Errorf("the cadre's token was revoked: %d", code)
		}
	})
}
