package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const (
	// memberForm is the selector of the new-member form.
	memberForm = `main form[action="/members/new"]`
	// transferForm is the selector of a member page's transfer form.
	transferForm = `main form[action$="/transfer"]`
	// userForm is the selector of the new-account form.
	userForm = `main form[action="/users/new"]`
)

// open loads base+path as a full page, waits for predicate and installs the
// htmx probe, so that the steps after it may be htmx swaps.
func (b *browser) open(base, path, predicate string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(base+path))
	b.waitFor(path+" is shown", `document.readyState === "complete" && (`+predicate+`)`)
	b.watchHTMX()
}

// grassrootsUnion creates a grassroots union called name with code under
// the union at parentPath and returns its path.
func (b *browser) grassrootsUnion(base, parentPath, name, code string) string {
	b.t.Helper()
	b.open(base, parentPath, present(newChildLink))
	b.openNewChildForm(parentPath)
	path, _ := b.submitNewOrg(name, "grassroots", code, "110105")
	return path
}

// newMember registers a member of the union orgCode through the new-member
// form and returns the member page's path.
func (b *browser) newMember(base, name, id, orgCode string) string {
	b.t.Helper()
	b.open(base, "/members/new", present(memberForm+` input[name="id_number"]`))
	b.htmxStep("register the member "+name,
		h1Is(name)+` && /^\/members\/\d+$/.test(location.pathname)`,
		chromedp.SendKeys(chromedp.CSS(memberForm+` input[name="name"]`), name),
		chromedp.SendKeys(chromedp.CSS(memberForm+` input[name="id_number"]`), id),
		chromedp.SetValue(chromedp.CSS(memberForm+` input[name="org_code"]`), orgCode),
		chromedp.Click(chromedp.CSS(memberForm+` button[type="submit"]`)))
	return b.eval("path of "+name, `location.pathname`)
}

// loginAs logs in with the login form (a full page load) and waits for the
// inbox.
func (b *browser) loginAs(base, username, password string) {
	b.t.Helper()
	b.do("open the login page as "+username,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS(`main form input[name="username"]`)))
	b.do("log in as "+username,
		chromedp.SendKeys(chromedp.CSS(`main form input[name="username"]`), username),
		chromedp.SendKeys(chromedp.CSS(`main form input[name="password"]`), password),
		chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	b.waitFor("the inbox of "+username,
		`location.pathname === "/" && `+present(`#inbox`)+` && `+present(`form[action="/logout"] button`))
	b.watchHTMX()
}

// TestBrowserTransferInbox: a member of one grassroots union is sent to
// another, the receiving union (here the city's administrator, whose
// subtree holds it) finds the transfer in the to-do inbox, follows it to the
// transfer list, accepts it, and the member is now in the receiving union.
// The receiving union is chosen with the search-as-you-type picker.
func TestBrowserTransferInbox(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)

	b.loginAdmin(base)
	districtPath := b.openChildOrg("朝阳区总工会", "BJ05")
	const fromName, fromCode = "转出测试工会", "TRF-A"
	const toName, toCode = "转入测试工会", "TRF-B"
	b.grassrootsUnion(base, districtPath, fromName, fromCode)
	toPath := b.grassrootsUnion(base, districtPath, toName, toCode)

	const memberName = "转接测试甲"
	memberPath := b.newMember(base, memberName, validID(t, "110105"+"19880808"+"041"), fromCode)
	b.waitFor("the member is in "+fromName,
		`Array.from(document.querySelectorAll("main dd a")).some(a => a.textContent.trim() === `+jsString(fromName)+`)`)

	// The picker offers the receiving union by part of its name.
	b.do("type part of the receiving union's name",
		chromedp.SendKeys(chromedp.CSS(transferForm+` input[name="to_code"]`), "转入"))
	b.waitFor("the picker offers "+toName,
		`Array.from(document.querySelectorAll("#pick-to_code option")).some(o => o.value === `+jsString(toCode)+` && o.textContent.includes(`+jsString(toName)+`))`)
	b.htmxStep("send the member to "+toName,
		`location.pathname === `+jsString(memberPath)+` && !`+present(transferForm)+` && `+present(`main a[href="/transfers"]`),
		chromedp.SetValue(chromedp.CSS(transferForm+` input[name="to_code"]`), toCode),
		chromedp.SendKeys(chromedp.CSS(transferForm+` input[name="reason"]`), "工作调动"),
		chromedp.Click(chromedp.CSS(transferForm+` button[type="submit"]`)))

	// The inbox counts the incoming transfer and links to the list.
	const inboxLink = `#inbox a[href="/transfers"]`
	// Home as a page of its own: the member page's picker may still have a
	// request in flight, which a boosted click would race with.
	b.open(base, "/", present(`#inbox`))
	b.waitFor("the inbox shows one incoming transfer",
		present(inboxLink)+` && document.querySelector(`+jsString(inboxLink+` .inbox-count`)+`).textContent.trim() === "1"`)
	b.htmxStep("follow the inbox to the transfers",
		`location.pathname === "/transfers" && `+present(`main form[action$="/decide"] button[value="accepted"]`),
		chromedp.Click(chromedp.CSS(inboxLink)))

	row := `Array.from(document.querySelectorAll("main table tbody tr")).find(tr => tr.cells[0].textContent.trim() === ` + jsString(memberName) + `)`
	if got := b.eval("the transfer's row", `(() => { const r = `+row+`; return r ? r.cells[1].textContent.trim() + " → " + r.cells[2].textContent.trim() : ""; })()`); got != fromName+" → "+toName {
		b.fail("the transfer's row", fmt.Errorf("got %q, want %s → %s", got, fromName, toName))
	}
	b.htmxStep("accept the transfer",
		`location.pathname === "/transfers" && `+present(`#flash`)+` && !`+present(`main form[action$="/decide"]`),
		chromedp.Click(chromedp.CSS(`main form[action$="/decide"] button[value="accepted"]`)))

	// The list shows pending transfers; the accepted one is under its status.
	b.htmxStep("list the accepted transfers",
		`new URLSearchParams(location.search).get("status") === "accepted" && !!`+row+` && !!(`+row+`).querySelector("a[href^='/members/']")`,
		chromedp.SetValue(chromedp.CSS(`main form.search select[name="status"]`), "accepted"),
		chromedp.Click(chromedp.CSS(`main form.search button[type="submit"]`)))

	// The member as received: in the receiving union.
	b.htmxStep("open the received member",
		h1Is(memberName)+` && /^\/members\/\d+$/.test(location.pathname)`,
		chromedp.Click(chromedp.CSS(`main table tbody a[href^="/members/"]`)))
	b.waitFor("the member is now in "+toName,
		`Array.from(document.querySelectorAll("main dd a")).some(a => a.getAttribute("href") === `+jsString(toPath)+` && a.textContent.trim() === `+jsString(toName)+`)`)
	b.htmxStep("go home again", present(`#inbox`)+` && location.pathname === "/"`,
		chromedp.Click(chromedp.CSS(`nav.side a.home`)))
	if b.eval("no transfer left in the inbox", `String(`+present(inboxLink)+`)`) != "false" {
		t.Error("the accepted transfer is still in the inbox")
	}
}

// TestBrowserFormKeepsID: a new member with a valid ID number and a wrong
// phone number is refused beside the phone field, and the ID box still
// holds the eighteen digits typed.
func TestBrowserFormKeepsID(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)

	b.loginAdmin(base)
	b.open(base, "/members/new", present(memberForm+` input[name="id_number"]`))
	id := validID(t, "110105"+"19910203"+"052")
	b.htmxStep("submit a valid ID with a wrong phone (the 422 form must be swapped in)",
		fieldErrorShown(memberForm, "phone"),
		chromedp.SendKeys(chromedp.CSS(memberForm+` input[name="name"]`), "表单测试甲"),
		chromedp.SendKeys(chromedp.CSS(memberForm+` input[name="id_number"]`), id),
		chromedp.SendKeys(chromedp.CSS(memberForm+` input[name="phone"]`), "12345"),
		chromedp.SetValue(chromedp.CSS(memberForm+` input[name="org_code"]`), "BJ05"),
		chromedp.Click(chromedp.CSS(memberForm+` button[type="submit"]`)))
	if b.eval("no error at the ID", `String(`+present(`#err-id_number`)+`)`) != "false" {
		t.Errorf("a valid ID number is refused: %s", b.eval("ID error", `document.getElementById("err-id_number").textContent`))
	}
	if got := b.eval("the ID box after the error", value(memberForm+` input[name="id_number"]`)); got != id {
		t.Errorf("ID box after the error = %q, want %q kept", got, id)
	}
	if got := b.eval("the name after the error", value(memberForm+` input[name="name"]`)); got != "表单测试甲" {
		t.Errorf("name after the error = %q, want it kept", got)
	}
}

// viewerPages are the pages a viewer reads; "MEMBER" stands for a member's
// page.
var viewerPages = []string{"/", "/dashboard", "/orgs/1", "/units", "/members", "MEMBER", "/transfers", "/democracy",
	"/contracts", "/congresses", "/census", "/workerhomes", "/report", "/account"}

// editControls is an expression: what on the page offers to change
// something, apart from logging out and the user's own account.
const editControls = `(() => {
	const found = [];
	for (const f of document.querySelectorAll("form")) {
		const action = f.getAttribute("action") || "";
		if ((f.getAttribute("method") || "get").toLowerCase() === "post" && action !== "/logout" && !action.startsWith("/account")) {
			found.push("form " + action);
		}
	}
	for (const e of document.querySelectorAll("[hx-post], [hx-put], [hx-patch], [hx-delete]")) {
		found.push(e.tagName + " " + (e.getAttribute("hx-post") || e.getAttribute("hx-put") || e.getAttribute("hx-patch") || e.getAttribute("hx-delete")));
	}
	for (const a of document.querySelectorAll("a[href]")) {
		const path = new URL(a.href, location.href).pathname;
		if (/\/(new|edit)$/.test(path)) found.push("link " + a.getAttribute("href"));
	}
	return found.join(", ");
})()`

// TestBrowserViewer: the administrator creates a viewer account in the
// accounts UI; logged in as the viewer, no main page offers a form that
// writes (other than logging out and the viewer's own account) or a link
// to a new or edit form.
func TestBrowserViewer(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)

	b.loginAdmin(base)
	memberPath := b.newMember(base, "查看测试甲", validID(t, "110105"+"19800101"+"063"), "BJ05")

	// The probe sees what the administrator may do on the same page.
	if found := b.eval("the administrator's controls on "+memberPath, editControls); !strings.Contains(found, "/edit") {
		b.fail("the administrator's controls", fmt.Errorf("the member page offers only %q", found))
	}

	const viewer, viewerPassword = "e2e-viewer", "viewer-password-1"
	b.open(base, "/users/new", present(userForm+` input[name="username"]`))
	b.htmxStep("create the viewer account",
		`location.pathname.startsWith("/users") && location.pathname !== "/users/new" && document.querySelector("main").textContent.includes(`+jsString(viewer)+`)`,
		chromedp.SendKeys(chromedp.CSS(userForm+` input[name="username"]`), viewer),
		chromedp.SendKeys(chromedp.CSS(userForm+` input[name="display_name"]`), "查看员"),
		chromedp.SetValue(chromedp.CSS(userForm+` input[name="org_code"]`), "BJ"),
		chromedp.SetValue(chromedp.CSS(userForm+` select[name="role"]`), "viewer"),
		chromedp.SendKeys(chromedp.CSS(userForm+` input[name="password"]`), viewerPassword),
		chromedp.Click(chromedp.CSS(userForm+` button[type="submit"]`)))

	b.htmxStep("log out",
		`location.pathname === "/login" && !`+present(`form[action="/logout"]`),
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))
	b.loginAs(base, viewer, viewerPassword)
	if who := b.eval("who is logged in", `document.querySelector("header a.who").textContent`); !strings.HasPrefix(who, viewer) {
		b.fail("who is logged in", fmt.Errorf("header says %q", who))
	}

	for _, p := range viewerPages {
		if p == "MEMBER" {
			p = memberPath
		}
		b.do("open "+p, chromedp.Navigate(base+p))
		b.waitFor(p+" is shown", `document.readyState === "complete" && `+present(`main h1`))
		if msg := b.eval("error on "+p, `(document.querySelector("main p.error-text") || {textContent: ""}).textContent.trim()`); msg != "" {
			t.Errorf("%s: the viewer gets an error page: %s", p, msg)
			continue
		}
		if found := b.eval("edit controls on "+p, editControls); found != "" {
			t.Errorf("%s offers the viewer: %s", p, found)
		}
	}

	// A form's address typed by hand is refused before the form is drawn.
	for _, p := range []string{"/members/new", memberPath + "/edit"} {
		b.do("open "+p+" by its address", chromedp.Navigate(base+p))
		b.waitFor(p+" is refused", `document.readyState === "complete" && `+present(`main p.error-text`)+` && !`+present(`main form[method="post"]`))
	}
}

// TestBrowserAuditChinese: after creating a union and registering a
// member, the audit log in Chinese reads as sentences and shows no stored
// action keys.
func TestBrowserAuditChinese(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)

	b.loginAdmin(base)
	districtPath := b.openChildOrg("朝阳区总工会", "BJ05")
	const unionName, unionCode = "审计测试工会", "AUD-1"
	b.grassrootsUnion(base, districtPath, unionName, unionCode)
	const memberName = "审计测试甲"
	b.newMember(base, memberName, validID(t, "110105"+"19870707"+"074"), unionCode)

	// The language switch is a full page load that sets the language.
	b.do("switch to Chinese", chromedp.Navigate(base+"/lang/zh"))
	b.waitFor("the page is in Chinese", `document.readyState === "complete" && document.documentElement.lang === "zh-CN"`)
	b.open(base, "/audit", `document.documentElement.lang === "zh-CN" && `+present(`main table.audit tbody tr`))

	sentences := evalAs[[]string](b, "read the audit sentences",
		`Array.from(document.querySelectorAll("main table.audit .audit-sentence")).map(s => s.textContent.replace(/\s+/g, " ").trim())`)
	t.Logf("audit sentences: %q", sentences)
	for _, want := range []string{
		"admin 新建了工会组织“" + unionName + "”",
		"admin 登记了会员“" + memberName + "”",
		"admin 登录账号",
	} {
		found := false
		for _, s := range sentences {
			found = found || s == want
		}
		if !found {
			t.Errorf("no audit sentence %q", want)
		}
	}
	text := b.eval("the audit page's text", `document.querySelector("main table.audit").innerText`)
	for _, key := range []string{"org.create", "member.create", "login", "success", "audit.", "cli"} {
		if strings.Contains(text, key) {
			t.Errorf("the audit log shows the raw key %q", key)
		}
	}
	if !strings.Contains(text, "成功") {
		t.Error("the audit log's outcomes are not in words (成功)")
	}
	b.saveScreenshot("audit.png")
}
