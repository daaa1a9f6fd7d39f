package e2e

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"

	"gonghui/internal/store/storetest"
)

// post posts a form from the page with the browser's session, as a form
// of the cadres' UI would, and returns the path it ends on and its text.
func (b *browser) post(step, path, form string) (where, body string) {
	b.t.Helper()
	out := evalAs[[]string](b, step, `(() => { const x = new XMLHttpRequest(); x.open("POST", `+jsString(path)+`, false);
		x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded"); x.send(`+jsString(form)+`);
		return [new URL(x.responseURL).pathname, String(x.status), x.responseText]; })()`)
	if out[1] != "200" {
		b.fail(step, fmt.Errorf("POST %s: %s\n%.800s", path, out[1], out[2]))
	}
	return out[0], out[2]
}

// activateOnPhone has the city's administrator (logged in) register a
// member of 朝阳区总工会 and issue their activation code; then, on a 360 px
// phone, the member opens the code's address (the QR's), gives their ID
// number, sets a password and lands on their home, in Chinese.
func (b *browser) activateOnPhone(base, name, idNumber, cardNo string) {
	b.t.Helper()
	where, _ := b.post("register "+name, "/members/new", "name="+url.QueryEscape(name)+"&id_number="+idNumber+"&org_code=BJ05&joined_on=2017-03-01&card_no="+cardNo)
	_, list := b.post("issue the member's code", "/members/portal-codes", "member_id="+path.Base(where))
	code := regexp.MustCompile(`[3-9A-Y]{4}-[3-9A-Y]{4}-[3-9A-Y]{4}`).FindString(list)
	if code == "" {
		b.t.Fatalf("no code on the list:\n%s", list)
	}

	b.do("a 360 px phone in Chinese", chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)), chromedp.Navigate(base+"/lang/zh"))
	b.do("open the code's address", chromedp.Navigate(base+"/portal/activate?code="+code), chromedp.WaitVisible(chromedp.CSS(`input[name="id_number"]`)))
	if got := b.eval("the code is filled in", `document.querySelector('input[name="code"]').value`); got != code {
		b.t.Errorf("code field = %q, want %q", got, code)
	}
	b.do("give the ID number",
		chromedp.SendKeys(chromedp.CSS(`input[name="id_number"]`), idNumber),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	b.waitFor("the password page", `location.pathname === "/portal/password" && `+present(`input[name="password2"]`))
	b.saveScreenshot("portal-password.png")
	b.do("set a password",
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), "a member's long password"),
		chromedp.SendKeys(chromedp.CSS(`input[name="password2"]`), "a member's long password"),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	b.waitFor("the member's home", `location.pathname === "/portal/" && `+present(`#membership`)+` && document.body.innerText.includes(`+jsString(name)+`) && document.body.innerText.includes("朝阳区总工会")`)
}

// fitsPhone fails the test when the page scrolls sideways on a 360 px
// phone or anything spills past its card.
func (b *browser) fitsPhone(page string) {
	b.t.Helper()
	if width := evalAs[int](b, "the width of "+page, `document.documentElement.scrollWidth`); width > 360 {
		b.t.Errorf("%s is %d px wide on a 360 px phone", page, width)
	}
	if over := b.eval("what overflows its card on "+page, `Array.from(document.querySelectorAll("main .card *")).filter(e => e.getBoundingClientRect().right > e.closest(".card").getBoundingClientRect().right + 0.5).map(e => e.tagName).join(", ")`); over != "" {
		b.t.Errorf("past the card's edge at 360 px on %s: %s", page, over)
	}
}

// TestBrowserPortalActivation: a union issues a member's activation code;
// on a 360 px phone the member activates and lands on their home, which
// shows their union and does not scroll sideways; from there they correct
// their phone and address, and the correction waits for their union,
// masked.
func TestBrowserPortalActivation(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)
	b.loginAdmin(base)
	b.activateOnPhone(base, "陈静", storetest.CitizenID("110105", "19900307", 41), "K-0777")
	if got := b.eval("the card is masked", `document.querySelector("#membership").innerText`); !regexp.MustCompile(`\*+0777`).MatchString(got) {
		t.Errorf("membership card shown as %q", got)
	}
	b.fitsPhone("the home")
	if n := evalAs[int](b, "scripts", `document.scripts.length`); n != 0 {
		t.Errorf("the home loads %d scripts", n)
	}
	b.saveScreenshot("portal-home.png")

	b.do("open the corrections", chromedp.Click(chromedp.CSS(`a[href="/portal/corrections"]`)))
	b.waitFor("the corrections page", `location.pathname === "/portal/corrections" && `+present(`#propose`))
	b.do("propose a phone and an address",
		chromedp.SendKeys(chromedp.CSS(`input[name="phone"]`), "13900139000"),
		chromedp.SendKeys(chromedp.CSS(`input[name="address"]`), "北京市朝阳区建国门外大街1号"),
		chromedp.Click(chromedp.CSS(`#propose button[type="submit"]`)))
	b.waitFor("the pending correction", present(`#pending`)+` && document.querySelector("#pending").innerText.includes("139****9000")`)
	if got := b.eval("the page shows nothing in full", `document.body.innerText`); regexp.MustCompile(`13900139000|建国门外`).MatchString(got) {
		t.Errorf("the proposed values shown in full: %q", got)
	}
	if width := evalAs[int](b, "the corrections page's width", `document.documentElement.scrollWidth`); width > 360 {
		t.Errorf("the corrections page is %d px wide on a 360 px phone", width)
	}
	if n := evalAs[int](b, "scripts", `document.scripts.length`); n != 0 {
		t.Errorf("the corrections page loads %d scripts", n)
	}
	b.saveScreenshot("portal-corrections.png")
}
