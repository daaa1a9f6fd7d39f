package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"gonghui"
	"gonghui/uscc"
)

const employerColumns = `e.id, e.uscc, e.name, e.legal_form, e.ownership, e.staff_count, e.address, e.region_code,
	COALESCE(e.industry_code, ''), e.registered_on, e.status, e.left_on, e.org_id, o.name, COALESCE(e.unit_id, 0), e.covered_on,
	e.contact, e.notes, e.version`

const employerFrom = ` FROM employers e JOIN orgs o ON o.id = e.org_id`

func scanEmployer(sc scanner) (gonghui.Employer, error) {
	var e gonghui.Employer
	err := sc.Scan(&e.ID, &e.USCC, &e.Name, &e.LegalForm, &e.Ownership, &e.StaffCount, &e.Address, &e.RegionCode,
		&e.IndustryCode, &e.RegisteredOn, &e.Status, &e.LeftOn, &e.OrgID, &e.OrgName, &e.UnitID, &e.CoveredOn,
		&e.Contact, &e.Notes, &e.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return e, gonghui.ErrNotFound
	}
	return e, err
}

// getEmployer finds an employer of the actor's scope by a condition on e.
func (c conn) getEmployer(ctx context.Context, a gonghui.Actor, where string, arg any) (gonghui.Employer, error) {
	scope, args := scopeClause("o.path", a)
	return scanEmployer(c.row(ctx, "SELECT "+employerColumns+employerFrom+" WHERE "+where+" AND "+scope, append([]any{arg}, args...)...))
}

// GetEmployer returns an employer of the actor's area.
func (s *Store) GetEmployer(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Employer, error) {
	e, err := s.conn().getEmployer(ctx, a, "e.id = ?", id)
	return e, opErr(err, "get employer %d", id)
}

// ListEmployers pages through the employers of the actor's area (or of
// f.OrgID's, itself inside it), those in the base unless f.Left.
func (s *Store) ListEmployers(ctx context.Context, a gonghui.Actor, f gonghui.EmployerFilter) ([]gonghui.Employer, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list employers")
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	add := func(cond string, vals ...any) { conds, args = append(conds, cond), append(args, vals...) }
	if q := strings.TrimSpace(f.Query); q != "" {
		uq := uscc.Normalize(q)
		add(`(e.name LIKE ? ESCAPE '\' OR e.uscc >= ? AND e.uscc < ? OR e.name_initials LIKE ? ESCAPE '\')`,
			likePattern(q), uq, uq+"\x7f", strings.TrimPrefix(likePattern(strings.ToLower(q)), "%"))
	}
	on := f.On
	if on.IsZero() {
		on = gonghui.DateOf(c.s.now())
	}
	if !f.On.IsZero() || !f.Left {
		add("(e.registered_on IS NULL OR e.registered_on <= ?) AND (e.left_on IS NULL OR e.left_on > ?)", on, on)
	}
	switch f.Covered {
	case "":
	case "yes":
		add("e.covered_on IS NOT NULL AND e.covered_on <= ?", on)
	case "no":
		add("(e.covered_on IS NULL OR e.covered_on > ?)", on)
	default:
		return nil, 0, gonghui.Invalid("covered", "建会情况无效", "unknown coverage filter")
	}
	if f.LegalForm != "" {
		add("e.legal_form = ?", f.LegalForm)
	}
	if f.Ownership != "" {
		add("e.ownership = ?", f.Ownership)
	}
	if f.IndustryCode != "" {
		add("e.industry_code IN (SELECT i.code FROM industries i WHERE i.code = ? OR i.section = ?)", f.IndustryCode, f.IndustryCode)
	}
	if f.StaffBand != "" {
		lo, hi, ok := gonghui.EmployerBandRange(f.StaffBand)
		if !ok {
			return nil, 0, gonghui.Invalid("staff", "职工人数段无效", "unknown staff band")
		}
		add("e.staff_count >= ?", lo)
		if hi > 0 {
			add("e.staff_count < ?", hi)
		}
	}
	if f.RegionCode != "" {
		// A district keeps its streets (their codes start with its own).
		add(`e.region_code LIKE ? ESCAPE '\'`, strings.TrimPrefix(likePattern(f.RegionCode), "%"))
	}
	if len(f.IDs) > 0 {
		cond, ids := inList("e.id", f.IDs)
		add(cond, ids...)
	}
	order, err := employerSorts.order(f.Sort, "e.id", "e.id")
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, c, employerColumns, employerFrom, " WHERE "+strings.Join(conds, " AND "), order, args, f.Page, scanEmployer)
}

// employerSorts are the orders of the employer list.
var employerSorts = listSorts{
	"name": "e.name_initials, e.name", "uscc": "e.uscc", "org": "o.name_initials, o.name",
	"staff": "e.staff_count", "registered": "(e.registered_on IS NULL), e.registered_on",
}

// lockEmployerUSCC: the register holds an employer once. Key: its USCC.
var lockEmployerUSCC = newLockRule("employers: one per USCC")

// areaUnion is the union an employer of a region belongs to: the street's
// union for a street, else the district's, in the actor's scope and
// active.
func (c conn) areaUnion(ctx context.Context, a gonghui.Actor, v *gonghui.ValidationError, region string) (gonghui.Org, error) {
	if len(region) < 6 {
		return gonghui.Org{}, nil // Validate has named the field
	}
	scope, args := scopeClause("o.path", a)
	var id int64
	err := c.row(ctx, `SELECT o.id FROM orgs o WHERE o.status = 'active' AND (o.kind = 'street_federation' AND o.region_code = ?
			OR o.kind = 'district_federation' AND o.region_code = ?) AND `+scope+` ORDER BY o.depth DESC, o.id LIMIT 1`,
		append([]any{region, region[:6]}, args...)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		v.Add("region_code", "所在街道或区没有您管辖范围内的街道（区）总工会", "no street or district union in your scope for this area")
		return gonghui.Org{}, nil
	}
	if err != nil {
		return gonghui.Org{}, err
	}
	return c.getOrg(ctx, a, "o.id = ?", id)
}

// checkEmployer validates an imported employer against the data: the
// USCC, the codes and the area's union, which it returns.
func (c conn) checkEmployer(ctx context.Context, a gonghui.Actor, in *gonghui.EmployerInput, today gonghui.Date) (gonghui.Org, error) {
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v, today)
	if code, err := uscc.Parse(in.USCC); err != nil {
		var ue *uscc.Error
		if errors.As(err, &ue) {
			v.Add("uscc", ue.Zh, ue.En)
		} else {
			v.Add("uscc", "统一社会信用代码无效", "invalid USCC")
		}
	} else if code.Warning != nil {
		// The regulator's lists carry corrected codes: a failing check
		// character is a typo here.
		v.Add("uscc", code.Warning.Zh, code.Warning.En)
	} else {
		in.USCC = code.Value
	}
	if err := c.checkRefs(ctx, v, in.RegionCode, in.IndustryCode, nil); err != nil {
		return gonghui.Org{}, err
	}
	var org gonghui.Org
	if _, bad := v.Fields["region_code"]; !bad {
		var err error
		if org, err = c.areaUnion(ctx, a, v, in.RegionCode); err != nil {
			return org, err
		}
	}
	return org, v.Err()
}

// coverOf is the covered unit of a USCC and the day its employer counts
// as unionized from: from when the unit's union counts (its founding,
// or its registration without one). No unit: 0.
func (c conn) coverOf(ctx context.Context, code string) (int64, gonghui.Date, error) {
	var id, created int64
	var founded *string
	err := c.row(ctx, `SELECT u.id, o.founded_on, o.created_at FROM units u JOIN orgs o ON o.id = u.org_id WHERE u.uscc = ?`, code).
		Scan(&id, &founded, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, gonghui.Date{}, nil
	}
	if err != nil {
		return 0, gonghui.Date{}, err
	}
	day := orgSpan(founded, nil, created).from
	d, err := gonghui.ParseDate(day)
	return id, d, err
}

// linkEmployers matches a unit just written to the register: the employer
// of its USCC becomes covered by it (and gives it its legal form), and an
// employer it covered under a former USCC is uncovered again.
func (c conn) linkEmployers(ctx context.Context, unitID int64, code string) error {
	var orgIDs []int64
	var id int64
	if err := c.eachRow(ctx, `SELECT DISTINCT org_id FROM employers WHERE uscc = ? OR unit_id = ?`, []any{code, unitID}, []any{&id},
		func() { orgIDs = append(orgIDs, id) }); err != nil || len(orgIDs) == 0 {
		return err
	}
	if err := c.touchStats(ctx, famEmployers, orgIDs...); err != nil {
		return err
	}
	if _, err := c.exec(ctx, `UPDATE employers SET unit_id = NULL, covered_on = NULL WHERE unit_id = ? AND uscc <> ?`, unitID, code); err != nil {
		return err
	}
	_, on, err := c.coverOf(ctx, code)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, `UPDATE employers SET unit_id = ?, covered_on = ? WHERE uscc = ? AND (unit_id IS NULL OR unit_id <> ?)`,
		unitID, on, code, unitID); err != nil {
		return err
	}
	// The legal form selects the units of the employee director rates.
	if err := c.touchUnits(ctx, famCoverage, unitID); err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE units SET legal_form = (SELECT e.legal_form FROM employers e WHERE e.uscc = units.uscc) WHERE id = ?
		AND EXISTS (SELECT 1 FROM employers e WHERE e.uscc = units.uscc)`, unitID)
	return err
}

// EmployerWriter saves imported employers in batches. An employer is the
// same as one kept when their USCCs agree: its imported fields are
// updated, or it is left alone when none differs; what cadres added stays.
type EmployerWriter struct {
	batchTx
	a     gonghui.Actor
	today gonghui.Date
}

// NewEmployerWriter starts writing employers as the actor; importing the
// register is keeping units (units.edit).
func (s *Store) NewEmployerWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*EmployerWriter, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return nil, gonghui.ErrForbidden
	}
	w := &EmployerWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, today: gonghui.DateOf(s.now())}
	return w, w.begin(ctx)
}

// Save stores one employer, matched to a covered unit by its USCC.
func (w *EmployerWriter) Save(ctx context.Context, in gonghui.EmployerInput) (UpsertResult, error) {
	c, a := w.c, w.a
	in.Normalize()
	if err := c.lockFor(ctx, lockEmployerUSCC, textKey(in.USCC)); err != nil {
		return 0, err
	}
	org, err := c.checkEmployer(ctx, a, &in, w.today)
	if err != nil {
		return 0, err
	}
	var path string
	before, err := scanEmployer(c.row(ctx, "SELECT "+employerColumns+employerFrom+" WHERE e.uscc = ?", in.USCC))
	if err == nil {
		err = c.row(ctx, `SELECT path FROM orgs WHERE id = ?`, before.OrgID).Scan(&path)
	}
	var prior *gonghui.Employer
	action, result := "employer.create", Inserted
	switch {
	case errors.Is(err, gonghui.ErrNotFound):
	case err != nil:
		return 0, err
	case !gonghui.InSubtree(path, a.Path):
		return 0, gonghui.Invalid("uscc", "该单位已登记在您管辖范围外的区域", "this employer is registered in an area outside your scope")
	case mustJSON(before.ToInput()) == mustJSON(in) && before.OrgID == org.ID:
		return Unchanged, w.saved(ctx)
	default:
		prior, action, result = &before, "employer.update", Updated
	}
	if w.checking() {
		return result, nil
	}
	id, err := c.writeEmployer(ctx, prior, in, org.ID)
	if err != nil {
		return 0, err
	}
	after, err := c.getEmployer(ctx, a, "e.id = ?", id)
	if err != nil {
		return 0, err
	}
	var was any
	if prior != nil {
		was = *prior
	}
	if err := c.audit(ctx, a, auditEntry{action: action, recordType: "employer", recordID: id, orgPath: org.Path, summary: changeSummary(was, after)}); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}

// writeEmployer inserts a checked employer (before nil) or rewrites the
// imported fields of one, linking it to the unit of its USCC.
func (c conn) writeEmployer(ctx context.Context, before *gonghui.Employer, in gonghui.EmployerInput, orgID int64) (int64, error) {
	orgs := []int64{orgID}
	if before != nil {
		orgs = append(orgs, before.OrgID)
	}
	if err := c.touchStats(ctx, famEmployers, orgs...); err != nil {
		return 0, err
	}
	now := c.s.nowUnix()
	args := []any{in.USCC, in.Name, nameInitials(in.Name), in.LegalForm, in.Ownership, in.StaffCount, in.Address, in.RegionCode,
		nullStr(in.IndustryCode), in.RegisteredOn, in.Status, in.LeftOn, orgID, now}
	var id int64
	if before != nil {
		id = before.ID
		if err := c.updateVersioned(ctx, "employers", `uscc = ?, name = ?, name_initials = ?, legal_form = ?, ownership = ?, staff_count = ?,
			address = ?, region_code = ?, industry_code = ?, registered_on = ?, status = ?, left_on = ?, org_id = ?, updated_at = ?`, args, id, 0); err != nil {
			return 0, err
		}
	} else if err := c.row(ctx, `INSERT INTO employers (uscc, name, name_initials, legal_form, ownership, staff_count, address, region_code,
			industry_code, registered_on, status, left_on, org_id, updated_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, now)...).Scan(&id); err != nil {
		return 0, err
	}
	unitID, _, err := c.coverOf(ctx, in.USCC)
	if err != nil || unitID == 0 {
		return id, err
	}
	return id, c.linkEmployers(ctx, unitID, in.USCC)
}

// UpdateEmployerNotes changes what a cadre keeps on an employer, at
// in.Version.
func (s *Store) UpdateEmployerNotes(ctx context.Context, a gonghui.Actor, id int64, in gonghui.EmployerNotesInput) (gonghui.Employer, error) {
	if !a.Can(gonghui.PermEditUnits) {
		return gonghui.Employer{}, gonghui.ErrForbidden
	}
	var out gonghui.Employer
	err := s.inTx(ctx, func(c conn) error {
		before, err := c.getEmployer(ctx, a, "e.id = ?", id)
		if err != nil {
			return err
		}
		in.Normalize()
		v := &gonghui.ValidationError{}
		if in.Validate(v); v.Err() != nil {
			return v.Err()
		}
		if err := c.updateVersioned(ctx, "employers", "contact = ?, notes = ?, updated_at = ?", []any{in.Contact, in.Notes, c.s.nowUnix()}, id, in.Version); err != nil {
			return err
		}
		if out, err = c.getEmployer(ctx, a, "e.id = ?", id); err != nil {
			return err
		}
		var path string
		if err := c.row(ctx, `SELECT path FROM orgs WHERE id = ?`, out.OrgID).Scan(&path); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "employer.notes", recordType: "employer", recordID: id, orgPath: path, summary: changeSummary(before, out)})
	})
	return out, opErr(err, "update employer "+strconv.FormatInt(id, 10))
}

// famEmployers: the coverage figures over the employer register, at the
// union of each employer's area.
var famEmployers = registerStatFamily(statFamilyDef{name: "employers", events: conn.employerEvents, recount: recountEmployers,
	derive: func(vals map[string]int64) {
		vals["employers_25plus_uncovered"] = vals["employers_25plus"] - vals["employers_25plus_unionized"]
	}})

func init() { loadFamilies["employers"] = famEmployers | famCoverage }

// employerBands are the coverage figures' staff bands: each counts the
// employers of at least min staff, and those of them unionized.
var employerBands = []struct {
	total, unionized string
	min              int
}{{"employers_total", "employers_unionized", 0}, {"employers_25plus", "employers_25plus_unionized", 25}, {"employers_100plus", "employers_100plus_unionized", 100}}

// employerEvents: an employer counts from its registration (always, when
// the register gives no date) until it leaves; unionized from the day
// its union counts.
func (c conn) employerEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path string
	var band int
	var registered, left, covered *string
	var n, staff int64
	const bandOf = `CASE WHEN e.staff_count >= 100 THEN 2 WHEN e.staff_count >= 25 THEN 1 ELSE 0 END`
	return c.eachRow(ctx, `SELECT o.path, `+bandOf+`, e.registered_on, e.left_on, e.covered_on, count(*), SUM(e.staff_count)`+employerFrom+`
		WHERE `+where+` GROUP BY o.path, `+bandOf+`, e.registered_on, e.left_on, e.covered_on`, args,
		[]any{&path, &band, &registered, &left, &covered, &n, &staff}, func() {
			from, until := deref(registered), deref(left)
			sink.span(path, "workers_employed", from, until, staff)
			if covered != nil {
				sink.span(path, "workers_covered", later(from, *covered), until, staff)
			}
			for _, b := range employerBands[:band+1] {
				sink.span(path, b.total, from, until, n)
				if covered != nil {
					sink.span(path, b.unionized, later(from, *covered), until, n)
				}
			}
		})
}

func recountEmployers(r *recount) {
	open := `(e.registered_on IS NULL OR e.registered_on <= ?) AND (e.left_on IS NULL OR e.left_on > ?)`
	covered := open + ` AND e.covered_on IS NOT NULL AND e.covered_on <= ?`
	on := r.on
	for _, b := range employerBands {
		r.count(b.total, `SELECT count(*)`+employerFrom+` WHERE `+r.scope+` AND `+open+` AND e.staff_count >= ?`, on, on, b.min)
		r.count(b.unionized, `SELECT count(*)`+employerFrom+` WHERE `+r.scope+` AND `+covered+` AND e.staff_count >= ?`, on, on, on, b.min)
	}
	r.count("workers_employed", `SELECT COALESCE(SUM(e.staff_count), 0)`+employerFrom+` WHERE `+r.scope+` AND `+open, on, on)
	r.count("workers_covered", `SELECT COALESCE(SUM(e.staff_count), 0)`+employerFrom+` WHERE `+r.scope+` AND `+covered, on, on, on)
}

// coverageGroups are the groupings of CoverageBy: the column each groups
// on.
var coverageGroups = map[string]string{
	"district":  "substr(e.region_code, 1, 6)",
	"street":    "e.region_code",
	"industry":  "COALESCE(i.section, '')",
	"ownership": "e.ownership",
}

// CoverageBy counts the coverage of the employers of an org's subtree (in
// the actor's) on a day, grouped by district, street, industry section
// or ownership, with the same rules as the catalogue's figures.
func (s *Store) CoverageBy(ctx context.Context, a gonghui.Actor, orgID int64, on gonghui.Date, by string) ([]gonghui.CoverageRow, error) {
	group, ok := coverageGroups[by]
	if !ok {
		return nil, gonghui.Invalid("by", "分组方式无效（district、street、industry、ownership）", "unknown grouping (district, street, industry, ownership)")
	}
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, orgID)
	if err != nil {
		return nil, opErr(err, "coverage")
	}
	scope, args := scopeClause("o.path", sa)
	cov := `CASE WHEN e.covered_on IS NOT NULL AND e.covered_on <= ? THEN 1 ELSE 0 END`
	cond := ""
	if by == "street" {
		cond = " AND length(e.region_code) = 9"
	}
	var out []gonghui.CoverageRow
	var r gonghui.CoverageRow
	err = c.eachRow(ctx, `SELECT `+group+`, count(*), SUM(`+cov+`),
			SUM(CASE WHEN e.staff_count >= 25 THEN 1 ELSE 0 END), SUM(CASE WHEN e.staff_count >= 25 THEN `+cov+` ELSE 0 END),
			SUM(CASE WHEN e.staff_count >= 100 THEN 1 ELSE 0 END), SUM(CASE WHEN e.staff_count >= 100 THEN `+cov+` ELSE 0 END),
			SUM(e.staff_count), SUM(e.staff_count * `+cov+`)`+employerFrom+` LEFT JOIN industries i ON i.code = e.industry_code
		WHERE `+scope+` AND (e.registered_on IS NULL OR e.registered_on <= ?) AND (e.left_on IS NULL OR e.left_on > ?)`+cond+`
		GROUP BY `+group+` ORDER BY `+group,
		append(append([]any{on, on, on, on}, args...), on, on),
		[]any{&r.Key, &r.Employers, &r.Unionized, &r.Employers25Plus, &r.Unionized25Plus, &r.Employers100Plus, &r.Unionized100Plus, &r.WorkersEmployed, &r.WorkersCovered},
		func() {
			r.Rates()
			out = append(out, r)
		})
	return out, opErr(err, "coverage by "+by)
}
