package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// childrenChart is an expression: the ECharts instance of the by-next-level chart.
const childrenChart = `echarts.getInstanceByDom(document.querySelector("#chart-children"))`

// TestBrowserDashboard opens the statistics page through the navigation (an
// htmx swap, so the chart scripts arrive as dynamic scripts), waits for the
// by-next-level chart to be drawn and clicks the first district's bar, which
// opens that district's dashboard.
func TestBrowserDashboard(t *testing.T) {
	chromePath := requireChromium(t)
	base := startApp(t)
	b := newBrowser(t, chromePath)

	b.loginAdmin(base)
	b.htmxStep("open the dashboard from the navigation",
		`location.pathname === "/dashboard" && `+present(`#chart-children`)+` && `+present(`#figures [data-indicator="orgs_total"]`),
		chromedp.Click(chromedp.CSS(`nav.side a[href="/dashboard"]`)))
	b.waitFor("the children chart is drawn",
		`typeof echarts === "object" && !!`+childrenChart+` && `+childrenChart+`.getOption().series.length === 3 && `+
			present(`#chart-children[data-ready="true"]`))

	// The first child in the table and in the chart's links is 东城区总工会.
	const first = "东城区总工会"
	link := b.eval("the first child's link",
		`(() => { const a = document.querySelector("#children tbody tr:first-child a"); return a && a.textContent.trim() === `+jsString(first)+` ? a.getAttribute("href") : ""; })()`)
	if link == "" {
		b.fail("the first child's link", fmt.Errorf("the table does not start with %s but %s", first,
			b.eval("the first row", `(document.querySelector("#children tbody tr") || {outerHTML: "no row"}).outerHTML`)))
	}
	if got := b.eval("the chart's first link", `JSON.parse(document.querySelector("#chart-children").getAttribute("data-links"))[0]`); got != link {
		t.Errorf("chart link 0 = %q, table link = %q", got, link)
	}
	b.saveScreenshot("dashboard.png")

	// The district map: coloured by the chosen figure, a click on 朝阳区
	// opens that district's dashboard.
	const mapChart = `echarts.getInstanceByDom(document.querySelector("#chart-map"))`
	b.waitFor("the district map is drawn", present(`#chart-map[data-ready="true"]`)+` && !!`+mapChart)
	chaoyang := b.eval("朝阳区's link on the map",
		`(JSON.parse(document.querySelector("#chart-map").getAttribute("data-map")).regions.find(r => r.code === "110105") || {link: ""}).link`)
	if chaoyang == "" {
		b.fail("the map's regions", fmt.Errorf("no 朝阳区 among them"))
	}
	type pixel struct{ X, Y float64 }
	px := evalAs[pixel](b, "where 朝阳区 is on the map", `(() => {
		const el = document.querySelector("#chart-map");
		el.scrollIntoView({block: "center"});
		const c = `+mapChart+`;
		const geo = c.getModel().getSeriesByIndex(0).coordinateSystem;
		const p = c.convertToPixel({seriesIndex: 0}, geo.getRegion("朝阳区").getCenter());
		const r = el.getBoundingClientRect();
		return {X: r.left + p[0], Y: r.top + p[1]};
	})()`)
	b.do("click 朝阳区 on the map", chromedp.MouseClickXY(px.X, px.Y))
	b.waitFor("朝阳区's dashboard", `location.pathname + location.search === `+jsString(chaoyang)+` && `+
		`document.querySelector("main h1").textContent.includes("朝阳区总工会")`)
	b.do("back to the city", chromedp.NavigateBack())
	b.waitFor("the city's dashboard again", present(`#chart-children[data-ready="true"]`))

	// An empty city: members and units are 0 for every district, so the
	// click goes to the third series (union organizations, at least 1).
	type point struct{ X, Y float64 }
	at := evalAs[point](b, "where the first district's bar is", `(() => {
		const el = document.querySelector("#chart-children");
		el.scrollIntoView({block: "center"});
		const r = el.getBoundingClientRect();
		const bar = `+childrenChart+`.getModel().getSeriesByIndex(2).getData().getItemLayout(0);
		return {X: r.left + bar.x + bar.width / 2, Y: r.top + bar.y + bar.height / 2};
	})()`)
	b.do("click the first district's bar", chromedp.MouseClickXY(at.X, at.Y))
	b.waitFor("the district's dashboard", `location.pathname + location.search === `+jsString(link)+` && `+
		`document.querySelector("main h1").textContent.includes(`+jsString(first)+`)`)
}
