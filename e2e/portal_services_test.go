package e2e

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"gonghui"
	"gonghui/internal/store/storetest"
)

// TestBrowserPortalApply: the union keeps a 金秋助学 programme; a member
// activates on a 360 px phone, asks for it with the admission letter
// attached and follows it: the request waits for the union, the union
// files the application from the request and approves it, and the member's
// timeline shows each step, down to the amount paid.
func TestBrowserPortalApply(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)
	b.loginAdmin(base)
	today := gonghui.Today().String()
	fund, _ := b.post("open a fund", "/funds/new", "name=朝阳帮扶资金&org_code=BJ05&income_account="+gonghui.AccountAidIncome+"&expense_account="+gonghui.AccountHardship)
	b.post("allocate to it", fund+"/allocate", "amount=100000&posted_on="+today)
	rules := `{"eligibility":{"member":true},"amount":{"kind":"fixed","amount_fen":300000},"approval":{"levels":1}}`
	b.post("keep the programme", "/programmes/new", "org_code=BJ05&code=CY-JQ&name=朝阳金秋助学&fund_id="+path.Base(fund)+
		"&recipient_kind=person&form=cash&period_kind=year&active=1&rules="+rules)

	b.activateOnPhone(base, "赵敏", storetest.CitizenID("110105", "19900307", 45), "K-0778")
	b.do("open the request form", chromedp.Click(chromedp.CSS(`a[href="/portal/requests/new"]`)))
	b.do("ask for a programme", chromedp.Click(chromedp.CSS(`a[href="/portal/requests/new?kind=programme"]`)))
	b.waitFor("the programme's form", present(`#request-form select[name="programme_id"]`)+` && document.querySelector("#request-form").innerText.includes("朝阳金秋助学")`)
	b.do("say why and attach the letter",
		chromedp.SetValue(chromedp.CSS(`#request-form select[name="school_level"]`), gonghui.SchoolUniversity),
		chromedp.SendKeys(chromedp.CSS(`#request-form input[name="beneficiary"]`), "女儿"),
		chromedp.SendKeys(chromedp.CSS(`#request-form textarea[name="statement"]`), "女儿考上大学，家中困难"),
		chromedp.SetUploadFiles(chromedp.CSS(`#request-form input[name="documents"]`), []string{writeFile(t, "录取通知书.pdf", []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))}))
	b.fitsPhone("the request form")
	b.do("submit", chromedp.Click(chromedp.CSS(`#request-form button[type="submit"]`)))
	b.waitFor("the request's page", `/^\/portal\/requests\/\d+$/.test(location.pathname) && document.body.innerText.includes("已提交，待工会受理") && document.body.innerText.includes("录取通知书.pdf")`)
	request := path.Base(b.eval("the request's address", `location.pathname`))
	b.fitsPhone("the request's page")
	if n := evalAs[int](b, "scripts", `document.scripts.length`); n != 0 {
		t.Errorf("the request's page loads %d scripts", n)
	}

	// The union files the application from the request's filled-in form,
	// sent as it comes with the payee added, and approves it.
	out := evalAs[[]string](b, "file the application from the request", `(() => {
		const get = new XMLHttpRequest(); get.open("GET", "/applications/new?request_id=`+request+`", false); get.send();
		const doc = new DOMParser().parseFromString(get.responseText, "text/html");
		const data = new URLSearchParams(new FormData(doc.querySelector('main form[action="/applications/new"]')));
		data.set("payee_name", "赵敏"); data.set("payee_bank", "工商银行"); data.set("payee_account", "6222020200112233445");
		const x = new XMLHttpRequest(); x.open("POST", "/applications/new", false);
		x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded"); x.send(data.toString());
		const errs = Array.from(new DOMParser().parseFromString(x.responseText, "text/html").querySelectorAll("span.field-error, .flash"))
			.map(e => (e.id || "") + ": " + e.textContent.trim()).join("\n");
		return [new URL(x.responseURL).pathname, String(x.status), errs + "\nsent: " + data.toString()]; })()`)
	if !regexp.MustCompile(`^/applications/\d+$`).MatchString(out[0]) {
		t.Fatalf("filing from the request ended on %s (%s):\n%s", out[0], out[1], out[2])
	}
	b.do("the member looks again", chromedp.Reload())
	b.waitFor("the request taken up", `document.body.innerText.includes("工会已受理") && document.body.innerText.includes("工会已提交申请，等待审批")`)
	app := b.eval("open the application", `(() => { const x = new XMLHttpRequest(); x.open("GET", `+jsString(out[0])+`, false); x.send(); return x.responseText; })()`)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(app)
	if version == nil {
		t.Fatalf("no version on the application's page:\n%.2000s", app)
	}
	_, app = b.post("approve it", out[0]+"/decide", "action=approve&version="+version[1])
	if strings.Contains(app, `role="alert" id="flash"`) {
		t.Fatalf("the approval was refused:\n%.3000s", app)
	}
	b.do("the member looks again", chromedp.Reload())
	b.waitFor("the application approved and paid", `document.body.innerText.includes("第1级审批通过") && document.body.innerText.includes("已批准，发放") && document.body.innerText.includes("3000.00 元")`)
	b.fitsPhone("the request's timeline")
	b.saveScreenshot("portal-request.png")
}

// TestBrowserPortalNearestStations: on a 360 px phone a member lets the
// browser locate them and finds the stations open near them, nearest
// first (a workplace's own home is not among them), then opens the
// nearest and checks in.
func TestBrowserPortalNearestStations(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)
	b.loginAdmin(base)
	station := func(name, kind string, north float64) {
		b.post("register "+name, "/workerhomes/new", fmt.Sprintf("name=%s&kind=%s&org_code=BJ05&lat=%.6f&lng=116.447229&address=北京市朝阳区建国门外大街&opened_on=2020-01-01&opening_hours=24小时&services=water",
			name, kind, 39.908722+north))
	}
	station("光华路心灵驿站", gonghui.WorkerHomeWellbeing, 0.005)
	station("建外暖心驿站", gonghui.WorkerHomeWarm, 0.001)
	station("某公司职工之家", gonghui.WorkerHomeUnion, 0.0005)

	b.activateOnPhone(base, "李娜", storetest.CitizenID("110105", "19900307", 47), "K-0779")
	lat, lng, accuracy := 39.908722, 116.447229, 20.0
	if _, err := chromedp.CallBrowser(b.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted, Origin: base}); err != nil {
		b.fail("let the portal locate the phone", err)
	}
	if _, err := chromedp.Call(b.ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lng, Accuracy: &accuracy}); err != nil {
		b.fail("put the phone at 建国门外", err)
	}
	b.do("open the nearest search", chromedp.Click(chromedp.CSS(`a[href="/portal/stations"]`)))
	b.waitFor("the search form", present(`#locate`)+` && document.readyState === "complete"`)
	b.do("use my position", chromedp.Click(chromedp.CSS(`#locate`)))
	b.waitFor("the stations found", present(`#nearest-results li`)+` && location.search.includes("lat=39.908722")`)
	names := b.eval("the stations in order", `Array.from(document.querySelectorAll("#nearest-results li a")).map(a => a.textContent).join("|")`)
	if names != "建外暖心驿站|光华路心灵驿站" {
		t.Errorf("found %q, want the warm station then the wellbeing station", names)
	}
	b.fitsPhone("the nearest stations")
	if n := evalAs[int](b, "scripts", `document.scripts.length`); n != 1 {
		t.Errorf("the search loads %d scripts, want locate.js alone", n)
	}
	if size := evalAs[int](b, "the page's size", `performance.getEntriesByType("navigation")[0].encodedBodySize`); size > 16<<10 {
		t.Errorf("the search's page is %d bytes", size)
	}
	b.saveScreenshot("portal-nearest.png")
	b.do("open the nearest", chromedp.Click(chromedp.CSS(`#nearest-results li a`)))
	b.waitFor("its page", `document.querySelector("h1") && document.querySelector("h1").textContent === "建外暖心驿站"`)
	b.do("check in", chromedp.Click(chromedp.CSS(`form[action$="/checkin"] button`)))
	b.waitFor("checked in", `document.body.innerText.includes("已记录")`)
}
