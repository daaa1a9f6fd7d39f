package store

import (
	"context"
	"strconv"
	"time"

	"gonghui"
	"gonghui/idcard"
	"gonghui/uscc"
)

// subtreeOf returns the actor narrowed to an org's subtree (0 = the whole scope).
func (c conn) subtreeOf(ctx context.Context, a gonghui.Actor, orgID int64) (gonghui.Actor, error) {
	if orgID == 0 {
		return a, nil
	}
	o, err := c.getOrg(ctx, a, "o.id = ?", orgID)
	if err != nil {
		return a, err
	}
	a.Path = o.Path
	return a, nil
}

// subtreeScope is the SQL condition (on o.path) and its arguments that keep
// a query inside an org's subtree (0: the actor's scope).
func (c conn) subtreeScope(ctx context.Context, a gonghui.Actor, orgID int64) (string, []any, error) {
	sa, err := c.subtreeOf(ctx, a, orgID)
	if err != nil {
		return "", nil, err
	}
	scope, args := scopeClause("o.path", sa)
	return scope, args, nil
}

// MemberCounts computes the register's figures for an org's subtree (0:
// the actor's scope) today. They are the statistics' figures on the day —
// active members and valid cards are exactly those held today, since
// neither joins nor leaves nor cards are dated ahead — so a district or
// the city reads them from its aggregate.
func (s *Store) MemberCounts(ctx context.Context, a gonghui.Actor, orgID int64) (gonghui.MemberCounts, error) {
	c := s.conn()
	org, err := c.statsOrg(ctx, a, orgID)
	if err != nil {
		return gonghui.MemberCounts{}, opErr(err, "member counts")
	}
	v, err := c.statValues(ctx, org, gonghui.DateOf(s.now()), famOrgs|famMembers|famCards)
	if err != nil {
		return gonghui.MemberCounts{}, opErr(err, "member counts")
	}
	return gonghui.MemberCounts{Total: int(v["members_reported"] + v[keyMembersUnreported]), Reported: int(v["members_reported"]),
		RealName: int(v["members_realname"]), Cards: int(v["cards_issued"])}, nil
}

// qualityLimit caps the findings listed per check (the count is complete).
const qualityLimit = 50

// MemberQuality runs the data-quality checks over active members of a
// subtree: possible duplicates (same name and birth date under different
// ID numbers in two unions), stored ID numbers that fail the checksum, ages
// outside 16–70, and members whose unit is no longer covered by their union.
func (s *Store) MemberQuality(ctx context.Context, a gonghui.Actor, orgID int64, today gonghui.Date) ([]gonghui.QualityCheck, error) {
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, orgID)
	if err != nil {
		return nil, opErr(err, "member quality")
	}
	scope, args := scopeClause("o.path", sa)
	base := ` FROM memberships m JOIN persons p ON p.id = m.person_id JOIN orgs o ON o.id = m.org_id WHERE m.status = 'active' AND ` + scope
	var out []gonghui.QualityCheck
	// detail is a column; show, when given, turns it into what the page
	// says (never a birth date: beside the masked ID number it is the
	// hidden digits).
	list := func(key string, title gonghui.Message, cond string, detail string, show func(string) string, extra ...any) error {
		qc := gonghui.QualityCheck{Key: key, Title: title, Issues: []gonghui.QualityIssue{}}
		qargs := append(append([]any{}, args...), extra...)
		if err := c.row(ctx, "SELECT count(*)"+base+" AND "+cond, qargs...).Scan(&qc.Count); err != nil {
			return err
		}
		rows, err := c.query(ctx, "SELECT m.id, p.name, o.name, "+detail+base+" AND "+cond+" ORDER BY m.id LIMIT ?", append(qargs, qualityLimit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var q gonghui.QualityIssue
			if err := rows.Scan(&q.MemberID, &q.Name, &q.OrgName, &q.Detail); err != nil {
				return err
			}
			if show != nil {
				q.Detail = show(q.Detail)
			}
			qc.Issues = append(qc.Issues, q)
		}
		out = append(out, qc)
		return rows.Err()
	}
	y, m, d := today.Parts()
	young := gonghui.NewDate(y-16, m, d).String()
	old := gonghui.NewDate(y-70, m, d).String()
	band := func(birth string) string {
		b, err := gonghui.ParseDate(birth)
		if err != nil {
			return ""
		}
		return gonghui.AgeBand(b, today)
	}
	outOfRange := func(birth string) string {
		if birth > young {
			return "<16"
		}
		return ">70"
	}
	err = list("duplicates", gonghui.Message{Zh: "疑似重复：姓名和出生日期相同、身份号码不同，分属两个工会", En: "Possible duplicates: same name and birth date, different ID numbers, in two unions"},
		`EXISTS (SELECT 1 FROM persons p2 JOIN memberships m2 ON m2.person_id = p2.id AND m2.status = 'active'
			WHERE p2.name = p.name AND p2.birth_date = p.birth_date AND p2.id <> p.id AND m2.org_id <> m.org_id)`,
		"p.birth_date", band)
	if err == nil {
		err = list("age", gonghui.Message{Zh: "在册会员年龄不在16至70岁之间", En: "Active members younger than 16 or older than 70"},
			"(p.birth_date > ? OR p.birth_date < ?)", "p.birth_date", outOfRange, young, old)
	}
	if err == nil {
		err = list("unit_coverage", gonghui.Message{Zh: "会员所在单位已不在其工会覆盖范围", En: "Members whose unit is no longer covered by their union"},
			"m.unit_id IS NOT NULL AND EXISTS (SELECT 1 FROM units u WHERE u.id = m.unit_id AND u.org_id <> m.org_id)",
			"(SELECT u.name FROM units u WHERE u.id = m.unit_id)", nil)
	}
	if err != nil {
		return nil, opErr(err, "member quality")
	}
	bad, err := s.badChecksums(ctx, c, base, args)
	if err != nil {
		return nil, opErr(err, "member quality")
	}
	unfounded, err := c.unfoundedOrgs(ctx, scope, args)
	if err != nil {
		return nil, opErr(err, "member quality")
	}
	return append(append(out[:1], append([]gonghui.QualityCheck{bad}, out[1:]...)...), unfounded), nil
}

// unfoundedOrgs lists the subtree's unions without a founding date: the
// statistics count them only from the day they were registered (orgSpan),
// so their figures before it are missing until someone enters the date.
func (c conn) unfoundedOrgs(ctx context.Context, scope string, args []any) (gonghui.QualityCheck, error) {
	qc := gonghui.QualityCheck{Key: "founding_date", Title: gonghui.Message{Zh: "工会未填成立日期（统计自登记之日起计）",
		En: "Unions without a founding date (counted from the day they were registered)"}, Issues: []gonghui.QualityIssue{}}
	cond := ` FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.founded_on IS NULL AND ` + scope
	if err := c.row(ctx, "SELECT count(*)"+cond, args...).Scan(&qc.Count); err != nil {
		return qc, err
	}
	var q gonghui.QualityIssue
	var created int64
	err := c.eachRow(ctx, "SELECT o.id, o.name, COALESCE(p.name, ''), o.created_at"+cond+" ORDER BY o.path LIMIT ?", append(append([]any{}, args...), qualityLimit),
		[]any{&q.OrgID, &q.Name, &q.OrgName, &created}, func() {
			q.Detail = gonghui.DateOf(time.Unix(created, 0)).String()
			qc.Issues = append(qc.Issues, q)
		})
	return qc, err
}

// badChecksums verifies every stored ID number of the subtree by opening
// it: the register refuses bad numbers at entry, so a finding here means
// data that reached the database some other way, or a damaged record.
func (s *Store) badChecksums(ctx context.Context, c conn, base string, args []any) (gonghui.QualityCheck, error) {
	qc := gonghui.QualityCheck{Key: "checksum", Title: gonghui.Message{Zh: "公民身份号码校验码错误", En: "Citizen ID numbers failing the checksum"}, Issues: []gonghui.QualityIssue{}}
	if s.keys == nil {
		return qc, errNoKeys
	}
	rows, err := c.query(ctx, "SELECT m.id, p.name, o.name, p.id_sealed, p.id_index"+base+" ORDER BY m.id", args...)
	if err != nil {
		return qc, err
	}
	defer rows.Close()
	for rows.Next() {
		var q gonghui.QualityIssue
		var sealed, index []byte
		if err := rows.Scan(&q.MemberID, &q.Name, &q.OrgName, &sealed, &index); err != nil {
			return qc, err
		}
		number, err := s.keys.Open(sealed, personBinding(sealedID, index))
		if err == nil && len(number) == 18 && idcard.Checksum(number[:17]) == number[17] {
			continue
		}
		qc.Count++
		if len(qc.Issues) < qualityLimit {
			q.Detail = idcard.Mask(number)
			if err != nil {
				q.Detail = "unreadable: " + err.Error()
			}
			qc.Issues = append(qc.Issues, q)
		}
	}
	return qc, rows.Err()
}

// PilotCodes lists the units and unions of a subtree (0: the actor's
// scope) whose USCC fails its checksum and was confirmed as an early pilot
// code, for someone to verify now and then.
func (s *Store) PilotCodes(ctx context.Context, a gonghui.Actor, orgID int64) ([]gonghui.QualityCheck, error) {
	c := s.conn()
	scope, args, err := c.subtreeScope(ctx, a, orgID)
	if err != nil {
		return nil, opErr(err, "pilot codes")
	}
	units := gonghui.QualityCheck{Key: "pilot_units", Issues: []gonghui.QualityIssue{},
		Title: gonghui.Message{Zh: "确认为早期试点代码的单位统一社会信用代码（校验位不符）", En: "Units whose USCC was confirmed as an early pilot code (failing the checksum)"}}
	orgs := gonghui.QualityCheck{Key: "pilot_orgs", Issues: []gonghui.QualityIssue{},
		Title: gonghui.Message{Zh: "确认为早期试点代码的工会统一社会信用代码（校验位不符）", En: "Unions whose USCC was confirmed as an early pilot code (failing the checksum)"}}
	var id int64
	var name, org, code string
	add := func(qc *gonghui.QualityCheck, link string) {
		qc.Count++
		if len(qc.Issues) < qualityLimit {
			qc.Issues = append(qc.Issues, gonghui.QualityIssue{Name: name, OrgName: org, Detail: code, Link: link + strconv.FormatInt(id, 10)})
		}
	}
	if err := c.eachRow(ctx, `SELECT u.id, u.name, o.name, u.uscc FROM units u JOIN orgs o ON o.id = u.org_id WHERE u.uscc_warning <> '' AND `+scope+` ORDER BY u.id`,
		args, []any{&id, &name, &org, &code}, func() { add(&units, "/units/") }); err != nil {
		return nil, opErr(err, "pilot codes")
	}
	// Unions keep no mark: their codes are parsed again, a few thousand.
	if err := c.eachRow(ctx, `SELECT o.id, o.name, o.name, o.uscc FROM orgs o WHERE o.uscc IS NOT NULL AND o.uscc <> '' AND `+scope+` ORDER BY o.id`,
		args, []any{&id, &name, &org, &code}, func() {
			if p, err := uscc.Parse(code); err == nil && p.Warning != nil {
				add(&orgs, "/orgs/")
			}
		}); err != nil {
		return nil, opErr(err, "pilot codes")
	}
	return []gonghui.QualityCheck{units, orgs}, nil
}
