package store

import (
	"context"
	"time"

	"gonghui"
)

// famOrgs: unions, their units count and reported members.
var famOrgs = registerStatFamily(statFamilyDef{name: "orgs", events: conn.orgEvents, recount: recountOrgs})

// famUnits is what a unit's own fields count in: its union's unit count,
// the coverage and rates, and the charts of units.
var famUnits = famOrgs | famCoverage | famUnitCharts

// orgSpan is the span a union exists (orgAlive in SQL): from its founding
// or, with no founding date, from the day it was registered in gonghui
// (created, a Unix time), until its dissolution.
func orgSpan(founded, dissolved *string, created int64) span {
	from := deref(founded)
	if from == "" {
		from = gonghui.DateOf(time.Unix(created, 0)).String()
	}
	return span{from, deref(dissolved)}
}

// orgEvents: a union counts while it exists, with its units and its
// reported member count.
func (c conn) orgEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, kind string
	var founded, dissolved *string
	var reported *int64
	var units, created int64
	return c.eachRow(ctx, `SELECT o.path, o.kind, o.founded_on, o.dissolved_on, o.created_at, o.reported_members,
			(SELECT count(*) FROM units u WHERE u.org_id = o.id)
		FROM orgs o WHERE `+where, args,
		[]any{&path, &kind, &founded, &dissolved, &created, &reported, &units}, func() {
			life := orgSpan(founded, dissolved, created)
			from, until := life.from, life.until
			sink.span(path, "orgs_total", from, until, 1)
			if k := gonghui.OrgKind(kind); k == gonghui.KindIndustryUnion || k == gonghui.KindIndustryFederation {
				sink.span(path, "industry_federations", from, until, 1)
			}
			sink.span(path, "units_covered", from, until, units)
			if reported != nil {
				sink.span(path, "members_reported", from, until, *reported)
			}
		})
}

func recountOrgs(r *recount) {
	alive := orgAliveArgs(r.on)
	r.count("orgs_total", `SELECT count(*) FROM orgs o WHERE `+r.scope+` AND `+orgAlive, alive...)
	r.count("industry_federations", `SELECT count(*) FROM orgs o WHERE `+r.scope+` AND `+orgAlive+` AND o.kind IN ('industry_union', 'industry_federation')`, alive...)
	r.count("units_covered", `SELECT count(*) FROM units u JOIN orgs o ON o.id = u.org_id WHERE `+r.scope+` AND `+orgAlive, alive...)
	r.count("members_reported", `SELECT COALESCE(SUM(o.reported_members), 0) FROM orgs o WHERE `+r.scope+` AND `+orgAlive, alive...)
}
