package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// phonePages are the main pages, looked at on a phone.
var phonePages = []string{"/", "/dashboard", "/orgs/1", "/orgs", "/units", "/members", "/transfers", "/democracy", "/contracts",
	"/congresses", "/disclosures", "/census", "/workerhomes", "/report", "/audit", "/users", "/account", "/imports"}

// TestBrowserPhone: at a phone's width (390 px) no main page scrolls
// sideways (wide tables scroll inside their card), the navigation folds
// behind the menu button and opens from it. The screenshots are saved as
// phone-*.png.
func TestBrowserPhone(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)
	b.loginAdmin(base)
	b.do("a phone's screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))

	for _, p := range phonePages {
		b.do("open "+p, chromedp.Navigate(base+p), chromedp.WaitVisible(chromedp.CSS("main")))
		b.waitFor(p+" has settled", `document.readyState === "complete"`)
		width := evalAs[int](b, "the width of "+p, `document.documentElement.scrollWidth`)
		if width > 391 {
			wide := b.eval("what is wide on "+p, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 392).slice(0, 5).map(e => e.tagName + "." + e.className).join(", ")`)
			t.Errorf("%s is %d px wide on a 390 px phone (%s)", p, width, wide)
		}
		b.saveScreenshot("phone-" + strings.Trim(strings.ReplaceAll(p, "/", "-"), "-") + ".png")
	}

	b.do("back home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("main")))
	b.watchHTMX()
	if visible := evalAs[bool](b, "the navigation is folded", `getComputedStyle(document.querySelector("nav.side")).display !== "none"`); visible {
		t.Error("the side navigation takes the phone's screen")
	}
	b.do("open the menu", chromedp.Click(chromedp.CSS(`label.menu-button`)))
	b.waitFor("the navigation is open", `getComputedStyle(document.querySelector("nav.side")).display !== "none" && `+present(`nav.side a[href="/members"]`))
	b.htmxStep("go to the members from the menu", `location.pathname === "/members"`, chromedp.Click(chromedp.CSS(`nav.side a[href="/members"]`)))
	if got := fmt.Sprint(evalAs[bool](b, "the menu closed after the visit", `document.querySelector("#nav-toggle").checked`)); got != "false" {
		t.Errorf("the menu stays open over the new page")
	}
}
