package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"gonghui/internal/store/storetest"
)

// TestBrowserBatchIssueCards registers three members of 朝阳区总工会, one
// with a card, filters the member list to those without one, selects them
// all, gives the first card number, checks the numbers counted on from it
// and issues the cards; the result page says each was done.
func TestBrowserBatchIssueCards(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)
	b.loginAdmin(base)

	// The members are registered through the member form, posted from
	// the page so that the session and its origin go along.
	for i, m := range []struct{ name, card string }{{"张伟", "K-0100"}, {"李娜", ""}, {"王芳", ""}} {
		form := "name=" + m.name + "&id_number=" + storetest.CitizenID("110105", "19900307", 11+i) +
			"&org_code=BJ05&joined_on=2017-03-01&card_no=" + m.card
		// A synchronous request follows the redirect to the new member's page.
		if got := b.eval("register "+m.name, `(() => { const x = new XMLHttpRequest(); x.open("POST", "/members/new", false);
			x.setRequestHeader("Content-Type", "application/x-www-form-urlencoded"); x.send(`+jsString(form)+`);
			return x.status + " " + new URL(x.responseURL).pathname; })()`); !regexp.MustCompile(`^200 /members/\d+$`).MatchString(got) {
			t.Fatalf("register %s: %s", m.name, got)
		}
	}

	b.htmxStep("open the member list from the navigation",
		`location.pathname === "/members" && `+present(`main form.filters select[name="card"]`),
		chromedp.Click(chromedp.CSS(`nav.side a[href="/members"]`)))
	b.htmxStep("filter the members without a card",
		`location.search.includes("card=0") && document.querySelectorAll("main table.members tbody tr").length === 2`,
		chromedp.SetValue(chromedp.CSS(`main form.filters select[name="card"]`), "0"),
		chromedp.Click(chromedp.CSS(`main form.filters button[type="submit"]`)))
	if got := b.eval("the list's total", `document.querySelector("main .list-total").dataset.total`); got != "2" {
		t.Errorf("list total = %s, want 2", got)
	}
	b.saveScreenshot("members-list.png")

	// The batch form is a plain form: its answer is a full page.
	for _, name := range []string{"李娜", "王芳"} {
		b.do("select "+name, chromedp.Click(chromedp.CSS(`#batch input[name="id"][aria-label=`+jsString(name)+`]`)))
	}
	b.do("ask to issue cards from K-0200",
		chromedp.SendKeys(chromedp.CSS(`#batch input[name="start"]`), "K-0200"),
		chromedp.Click(chromedp.CSS(`#batch button[value="issue"]`)))
	b.waitFor("the batch issue page", `document.readyState === "complete" && `+present(`main table.batch-issue`))
	got := b.eval("the numbers counted on", `Array.from(document.querySelectorAll("main table.batch-issue input[name^=card_]")).map(i => i.value).sort().join(",")`)
	if got != "K-0200,K-0201" {
		t.Fatalf("card numbers = %q, want K-0200,K-0201", got)
	}
	b.do("issue the cards", chromedp.Click(chromedp.CSS(`main form button[type="submit"]`)))
	b.waitFor("the batch result", `document.readyState === "complete" && `+present(`main table.batch-result`))
	rows := b.eval("what happened", `Array.from(document.querySelectorAll("main table.batch-result tbody tr")).map(r => r.className + ":" + r.cells[0].textContent).join(";")`)
	if strings.Count(rows, "done:") != 2 || strings.Contains(rows, "refused") {
		t.Errorf("batch result = %q, want two done", rows)
	}
	b.saveScreenshot("members-batch-issue.png")
}
