package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// homeForm is the selector of the worker-home registration form.
const homeForm = `main form[action="/workerhomes/new"]`

// TestBrowserWorkerHomes opens the worker-home register from the
// navigation, picks the host union by typing part of its name, sees the
// field errors of a half-filled form, completes it and lands on the new
// place's page.
func TestBrowserWorkerHomes(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)

	b.loginAdmin(base)
	b.htmxStep("open the register from the navigation",
		`location.pathname === "/workerhomes" && `+present(`nav.side a[href="/workerhomes"][aria-current="page"]`),
		chromedp.Click(chromedp.CSS(`nav.side a[href="/workerhomes"]`)))
	b.htmxStep("open the registration form",
		`location.pathname === "/workerhomes/new" && `+present(homeForm+` input[name="name"]`),
		chromedp.Click(chromedp.CSS(`main a[href="/workerhomes/new"]`)))

	// The picker offers the unions in scope whose name holds what is typed.
	b.do("type part of the host union's name",
		chromedp.Clear(chromedp.CSS(homeForm+` input[name="org_code"]`)),
		chromedp.SendKeys(chromedp.CSS(homeForm+` input[name="org_code"]`), "朝阳"))
	b.waitFor("the picker offers 朝阳区总工会",
		`Array.from(document.querySelectorAll("#pick-org_code option")).some(o => o.value === "BJ05" && o.textContent.includes("朝阳区总工会"))`)
	b.do("pick it",
		chromedp.SetValue(chromedp.CSS(homeForm+` input[name="org_code"]`), "BJ05"))

	// A position given half, and no address: both refused beside their fields.
	b.htmxStep("submit a half-filled form",
		fieldErrorShown(homeForm, "lng")+` && `+fieldErrorShown(homeForm, "address")+` && `+fieldErrorShown(homeForm, "opened_on"),
		chromedp.SendKeys(chromedp.CSS(homeForm+` input[name="name"]`), "建外暖心驿站"),
		chromedp.SetValue(chromedp.CSS(homeForm+` select[name="kind"]`), "warm_station"),
		chromedp.SendKeys(chromedp.CSS(homeForm+` input[name="lat"]`), "39.908722"),
		chromedp.Click(chromedp.CSS(homeForm+` button[type="submit"]`)))
	if got := b.eval("the name is kept", value(homeForm+` input[name="name"]`)); got != "建外暖心驿站" {
		t.Errorf("name after the refusal = %q", got)
	}

	b.htmxStep("complete and submit the form",
		h1Is("建外暖心驿站")+` && /^\/workerhomes\/\d+$/.test(location.pathname) && document.querySelector("main dl").textContent.includes("朝阳区总工会")`,
		chromedp.SendKeys(chromedp.CSS(homeForm+` input[name="lng"]`), "116.447229"),
		chromedp.SendKeys(chromedp.CSS(homeForm+` input[name="address"]`), "北京市朝阳区建国门外大街1号"),
		chromedp.SetValue(chromedp.CSS(homeForm+` input[name="opened_on"]`), "2017-03-01"),
		chromedp.Click(chromedp.CSS(homeForm+` button[type="submit"]`)))
	b.saveScreenshot("workerhome.png")
}
