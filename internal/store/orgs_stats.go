package store

import (
	"context"

	"gonghui"
)

// famOrgs: unions, their units count and reported members.
var famOrgs = registerStatFamily(statFamilyDef{name: "orgs", events: conn.orgEvents, recount: recountOrgs})

// famUnits is what a unit's own fields count in: its union's unit count,
// and the coverage and rates.
var famUnits = famOrgs | famCoverage

// orgEvents: a union counts while it exists, with its units; its reported
// member count holds always.
func (c conn) orgEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, kind string
	var founded, dissolved *string
	var reported *int64
	var units int64
	return c.eachRow(ctx, `SELECT o.path, o.kind, o.founded_on, o.dissolved_on, o.reported_members,
			(SELECT count(*) FROM units u WHERE u.org_id = o.id)
		FROM orgs o WHERE `+where, args,
		[]any{&path, &kind, &founded, &dissolved, &reported, &units}, func() {
			from, until := deref(founded), deref(dissolved)
			sink.span(path, "orgs_total", from, until, 1)
			if k := gonghui.OrgKind(kind); k == gonghui.KindIndustryUnion || k == gonghui.KindIndustryFederation {
				sink.span(path, "industry_federations", from, until, 1)
			}
			sink.span(path, "units_covered", from, until, units)
			if reported != nil {
				sink.add(path, "members_reported", alwaysDay, *reported)
			}
		})
}

func recountOrgs(r *recount) {
	on := r.on
	r.count("orgs_total", `SELECT count(*) FROM orgs o WHERE `+r.scope+` AND `+orgAlive, on, on)
	r.count("industry_federations", `SELECT count(*) FROM orgs o WHERE `+r.scope+` AND `+orgAlive+` AND o.kind IN ('industry_union', 'industry_federation')`, on, on)
	r.count("units_covered", `SELECT count(*) FROM units u JOIN orgs o ON o.id = u.org_id WHERE `+r.scope+` AND `+orgAlive, on, on)
	r.count("members_reported", `SELECT COALESCE(SUM(o.reported_members), 0) FROM orgs o WHERE `+r.scope)
}
