package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserUnitPicker: a contract's covered units are picked by name
// from the search above the list, and join the list below.
func TestBrowserUnitPicker(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)
	b.loginAdmin(base)

	// A unit of Chaoyang's district union to pick.
	code := validUSCC(t, "91110105"+"MA0PKCK01")
	b.do("open the unit form", chromedp.Navigate(base+"/units/new?org_code=BJ05"), chromedp.WaitVisible(chromedp.CSS(unitForm)))
	b.watchHTMX()
	b.htmxStep("register the unit", `/^\/units\/\d+$/.test(location.pathname)`,
		chromedp.SendKeys(chromedp.CSS(unitForm+` input[name="uscc"]`), code),
		chromedp.SendKeys(chromedp.CSS(unitForm+` input[name="name"]`), "挑选示例科技有限公司"),
		chromedp.SetValue(chromedp.CSS(unitForm+` input[name="staff_count"]`), "120"),
		chromedp.Click(chromedp.CSS(unitForm+` button[type="submit"]`)))

	const form = `main form[action="/contracts/new"]`
	b.do("open the contract form", chromedp.Navigate(base+"/contracts/new"), chromedp.WaitVisible(chromedp.CSS(form)))
	b.do("type part of the unit's name", chromedp.SendKeys(chromedp.CSS(form+` input[name="units_add"]`), "挑选示例"))
	b.waitFor("the picker offers the unit",
		`Array.from(document.querySelectorAll("#pick-units_add option")).some(o => o.value === `+jsString(code)+`)`)
	// Choosing from the list sets the value and fires change, as a person's pick does.
	evalAs[bool](b, "pick it", `(() => {
		const i = document.querySelector(`+jsString(form+` input[name="units_add"]`)+`);
		i.value = `+jsString(code)+`;
		i.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
	b.waitFor("the unit joins the list", value(form+` textarea[name="units"]`)+` === `+jsString(code)+` && `+value(form+` input[name="units_add"]`)+` === ""`)
}
