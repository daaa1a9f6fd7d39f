package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonghui"
)

const workerHomeColumns = `h.id, h.code, h.name, h.kind, h.status, h.org_id, o.name, h.partner, h.contact_name, h.contact_phone, h.services,
	h.address, COALESCE(h.region_code, ''), h.opening_hours, h.lat_micro, h.lng_micro, h.opened_on, h.closed_on, h.last_inspected_on, h.version, o.path`

func scanWorkerHome(sc scanner) (gonghui.WorkerHome, string, error) {
	var h gonghui.WorkerHome
	var lat, lng sql.NullInt64
	var path, services string
	err := sc.Scan(&h.ID, &h.Code, &h.Name, &h.Kind, &h.Status, &h.OrgID, &h.OrgName, &h.Partner, &h.ContactName, &h.ContactPhone, &services,
		&h.Address, &h.RegionCode, &h.OpeningHours, &lat, &lng, &h.OpenedOn, &h.ClosedOn, &h.LastInspectedOn, &h.Version, &path)
	if errors.Is(err, sql.ErrNoRows) {
		return h, "", gonghui.ErrNotFound
	}
	h.InspectionDue = gonghui.InspectionDueOn(h.OpenedOn, h.LastInspectedOn)
	h.Services = strings.FieldsFunc(services, func(r rune) bool { return r == ',' })
	if h.Services == nil {
		h.Services = []string{}
	}
	if lat.Valid && lng.Valid {
		p := gonghui.GeoPointFromMicro(lat.Int64, lng.Int64)
		g := p.GCJ02()
		h.Location, h.LocationGCJ02 = &p, &g
	}
	return h, path, err
}

// storedServices is the services column: ",water,rest," (see 0041).
func storedServices(keys []string) string { return "," + strings.Join(keys, ",") + "," }

// listedHome masks what a list shows of a station's contact: the phone is
// a person's, shown whole on the station's own page only.
func listedHome(h gonghui.WorkerHome) gonghui.WorkerHome {
	if h.ContactPhone != "" {
		h.ContactPhone = gonghui.MaskPhone(h.ContactPhone)
	}
	return h
}

const workerHomeFrom = ` FROM worker_homes h JOIN orgs o ON o.id = h.org_id`

func (c conn) getWorkerHome(ctx context.Context, a gonghui.Actor, id int64) (gonghui.WorkerHome, string, error) {
	scope, args := scopeClause("o.path", a)
	return scanWorkerHome(c.row(ctx, "SELECT "+workerHomeColumns+workerHomeFrom+" WHERE h.id = ? AND "+scope,
		append([]any{id}, args...)...))
}

// GetWorkerHome returns a worker home hosted by a union in the actor's
// subtree; the partner's contact phone is masked but for those who keep
// the homes (they see what they edit).
func (s *Store) GetWorkerHome(ctx context.Context, a gonghui.Actor, id int64) (gonghui.WorkerHome, error) {
	h, _, err := s.conn().getWorkerHome(ctx, a, id)
	if !a.Can(gonghui.PermEditOrgs) {
		h = listedHome(h)
	}
	return h, err
}

// ListWorkerHomes pages through the worker homes of the actor's subtree
// (or of f.OrgID's, itself inside it), open ones unless f.Closed.
func (s *Store) ListWorkerHomes(ctx context.Context, a gonghui.Actor, f gonghui.WorkerHomeFilter) ([]gonghui.WorkerHome, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	sa, err := c.subtreeOf(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, err
	}
	scope, args := scopeClause("o.path", sa)
	conds := []string{scope}
	if f.Kind != "" {
		conds, args = append(conds, "h.kind = ?"), append(args, f.Kind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds = append(conds, `(h.name LIKE ? ESCAPE '\' OR h.address LIKE ? ESCAPE '\' OR h.code = ?)`)
		args = append(args, likePattern(q), likePattern(q), strings.ToUpper(q))
	}
	if f.Status != "" {
		conds, args = append(conds, "h.status = ?"), append(args, f.Status)
	}
	if f.Located {
		conds = append(conds, "h.lat_micro IS NOT NULL")
	}
	if !f.InspectionDue.IsZero() {
		by := gonghui.InspectionDueBy(f.InspectionDue)
		conds = append(conds, "h.status <> 'closed' AND (h.last_inspected_on <= ? OR (h.last_inspected_on IS NULL AND h.opened_on <= ?))")
		args = append(args, by, by)
	}
	if f.Service != "" {
		conds, args = append(conds, `h.services LIKE ? ESCAPE '\'`), append(args, likePattern(","+f.Service+","))
	}
	if f.Flagged {
		conds = append(conds, "EXISTS (SELECT 1 FROM station_reports sr WHERE sr.home_id = h.id AND sr.resolved_on IS NULL)")
	}
	if !f.Closed {
		conds, args = append(conds, "(h.closed_on IS NULL OR h.closed_on > ?)"), append(args, gonghui.DateOf(c.s.now()))
	}
	if f.RegionCode != "" {
		// A district keeps its streets (their codes start with its own).
		conds, args = append(conds, `h.region_code LIKE ? ESCAPE '\'`), append(args, strings.TrimPrefix(likePattern(f.RegionCode), "%"))
	}
	if len(f.IDs) > 0 {
		cond, a := inList("h.id", f.IDs)
		conds, args = append(conds, cond), append(args, a...)
	}
	order, err := workerHomeSorts.order(f.Sort, "o.path, h.name", "h.id")
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, c, workerHomeColumns, workerHomeFrom, " WHERE "+strings.Join(conds, " AND "), order, args, f.Page,
		func(sc scanner) (gonghui.WorkerHome, error) {
			h, _, err := scanWorkerHome(sc)
			return listedHome(h), err
		})
}

// workerHomeSorts are the orders of the worker-home list.
var workerHomeSorts = listSorts{
	"name": "h.name", "code": "h.code", "kind": "h.kind", "org": "o.name_initials, o.name", "opened": "(h.opened_on IS NULL), h.opened_on",
}

// checkWorkerHome validates an input against the data: the host union
// in scope and active, the region code known.
func (c conn) checkWorkerHome(ctx context.Context, a gonghui.Actor, in *gonghui.WorkerHomeInput) (gonghui.Org, error) {
	in.Normalize()
	v := &gonghui.ValidationError{}
	in.Validate(v, gonghui.DateOf(c.s.now()))
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return org, err
	}
	if err := c.checkRefs(ctx, v, in.RegionCode, "", nil); err != nil {
		return org, err
	}
	return org, v.Err()
}

// lockWorkerHomeName: a host union names each of its places once. Key:
// the union and the name.
var lockWorkerHomeName = newLockRule("worker homes: one name per host union")

// lockAndCheckWorkerHome takes the name's lock, then checks the input and
// that no other home of the union (other than id) has the name.
func (c conn) lockAndCheckWorkerHome(ctx context.Context, a gonghui.Actor, in *gonghui.WorkerHomeInput, id int64) (gonghui.Org, error) {
	in.Normalize()
	if err := c.lockWorkerHome(ctx, *in); err != nil {
		return gonghui.Org{}, err
	}
	org, err := c.checkWorkerHome(ctx, a, in)
	if err != nil {
		return org, err
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM worker_homes WHERE org_id = ? AND name = ? AND id <> ?`, in.OrgID, in.Name, id).Scan(&n); err != nil {
		return org, err
	}
	if n > 0 {
		return org, errWorkerHomeNameTaken
	}
	return org, c.checkStationCode(ctx, in.Code, id)
}

// lockStationCode: a code names one station in the city. Key: the code.
var lockStationCode = newLockRule("stations: one station per code")

// lockWorkerHome takes the locks of a home's name and, when it names
// one, its code.
func (c conn) lockWorkerHome(ctx context.Context, in gonghui.WorkerHomeInput) error {
	if err := c.lockFor(ctx, lockWorkerHomeName, workerHomeNameKey(in.OrgID, in.Name)); err != nil {
		return err
	}
	if in.Code == "" {
		return nil
	}
	return c.lockFor(ctx, lockStationCode, textKey(in.Code))
}

// checkStationCode refuses a code another station (than id) has, and a
// code of the form the register assigns itself (ZJ and the ID), which a
// later station would be given.
func (c conn) checkStationCode(ctx context.Context, code string, id int64) error {
	if code == "" {
		return nil
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM worker_homes WHERE code = ? AND id <> ?`, code, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errStationCodeTaken
	}
	if rest, ok := strings.CutPrefix(code, autoCodePrefix); ok && code != autoCode(id) {
		if _, err := strconv.ParseInt(rest, 10, 64); err == nil {
			return gonghui.Invalid("code", "“ZJ+数字”形式的编码由系统分配，请另选编码或留空", "codes of the form ZJ and digits are assigned by gonghui: choose another or leave it empty")
		}
	}
	return nil
}

// A station registered without a code is given ZJ and its ID.
const autoCodePrefix = "ZJ"

func autoCode(id int64) string { return autoCodePrefix + strconv.FormatInt(id, 10) }

var errStationCodeTaken = gonghui.Invalid("code", "该驿站编码已被其他阵地使用", "another station has this code")

func workerHomeNameKey(orgID int64, name string) int64 {
	return textKey(strconv.FormatInt(orgID, 10) + "\x00" + name)
}

var errWorkerHomeNameTaken = gonghui.Invalid("name", "该工会已登记同名的职工之家（驿站）", "the union already has a place of this name")

// ValidateWorkerHome reports every field error of an input without
// saving it.
func (s *Store) ValidateWorkerHome(ctx context.Context, a gonghui.Actor, in gonghui.WorkerHomeInput) error {
	_, err := s.conn().checkWorkerHome(ctx, a, &in)
	return err
}

// CreateWorkerHome registers a worker home under its host union.
func (s *Store) CreateWorkerHome(ctx context.Context, a gonghui.Actor, in gonghui.WorkerHomeInput) (gonghui.WorkerHome, error) {
	h, err := s.saveWorkerHome(ctx, a, 0, in)
	return h, opErr(err, "create worker home")
}

// UpdateWorkerHome changes a worker home still at in.Version (the one
// the edit was made from): an edit by someone else since is a conflict,
// never silently overwritten.
func (s *Store) UpdateWorkerHome(ctx context.Context, a gonghui.Actor, id int64, in gonghui.WorkerHomeInput) (gonghui.WorkerHome, error) {
	h, err := s.saveWorkerHome(ctx, a, id, in)
	return h, opErr(err, "update worker home "+strconv.FormatInt(id, 10))
}

func (s *Store) saveWorkerHome(ctx context.Context, a gonghui.Actor, id int64, in gonghui.WorkerHomeInput) (gonghui.WorkerHome, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.WorkerHome{}, gonghui.ErrForbidden
	}
	var out gonghui.WorkerHome
	err := s.inTx(ctx, func(c conn) error {
		var before *gonghui.WorkerHome
		if id != 0 {
			cur, _, err := c.getWorkerHome(ctx, a, id)
			if err != nil {
				return err
			}
			before = &cur
		}
		org, err := c.lockAndCheckWorkerHome(ctx, a, &in, id)
		if err != nil {
			return err
		}
		if id, err = c.writeWorkerHome(ctx, before, in); err != nil {
			return err
		}
		if out, _, err = c.getWorkerHome(ctx, a, id); err != nil {
			return err
		}
		action, prior := "workerhome.create", any(nil)
		if before != nil {
			action, prior = "workerhome.update", *before
		}
		return c.audit(ctx, a, auditEntry{action: action, recordType: "worker_home", recordID: id, orgPath: org.Path, summary: changeSummary(prior, out)})
	})
	return out, err
}

// writeWorkerHome inserts a checked home (before nil) or updates one at
// in.Version, returning its ID.
func (c conn) writeWorkerHome(ctx context.Context, before *gonghui.WorkerHome, in gonghui.WorkerHomeInput) (int64, error) {
	// The home counts at its host union before and after.
	orgs := []int64{in.OrgID}
	if before != nil {
		orgs = append(orgs, before.OrgID)
	}
	if err := c.touchStats(ctx, famWorkerHomes, orgs...); err != nil {
		return 0, err
	}
	var lat, lng, cell any
	if in.Location != nil {
		lat, lng = in.Location.Micro()
		cell = in.Location.Cell()
	}
	if before != nil && in.Code == "" {
		in.Code = before.Code // an edit that leaves the code out keeps it
	}
	now := c.s.nowUnix()
	args := []any{in.OrgID, in.Name, in.Kind, in.Status, in.Partner, in.ContactName, in.ContactPhone, storedServices(in.Services),
		in.Address, nullStr(in.RegionCode), in.OpeningHours, lat, lng, cell, in.OpenedOn, in.ClosedOn, now, nullStr(in.Code)}
	if before != nil {
		err := c.updateVersioned(ctx, "worker_homes", `org_id = ?, name = ?, kind = ?, status = ?, partner = ?, contact_name = ?, contact_phone = ?,
			services = ?, address = ?, region_code = ?, opening_hours = ?, lat_micro = ?, lng_micro = ?, geo_cell = ?, opened_on = ?, closed_on = ?,
			updated_at = ?, code = ?`, args, before.ID, in.Version)
		return before.ID, workerHomeNameTaken(err)
	}
	var id int64
	err := c.row(ctx, `INSERT INTO worker_homes (org_id, name, kind, status, partner, contact_name, contact_phone, services, address, region_code,
		opening_hours, lat_micro, lng_micro, geo_cell, opened_on, closed_on, updated_at, code, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append(args, now)...).Scan(&id)
	if err == nil && in.Code == "" {
		_, err = c.exec(ctx, `UPDATE worker_homes SET code = ? WHERE id = ?`, autoCode(id), id)
	}
	return id, workerHomeNameTaken(err)
}

// workerHomeNameTaken turns the unique index behind the name rule into
// its field error, should a writer ever miss the lock.
func workerHomeNameTaken(err error) error {
	if isUniqueViolation(err) {
		return gonghui.Invalid("name", "该工会已登记同名的职工之家（驿站），或驿站编码已被使用", "the union already has a place of this name, or the code is taken")
	}
	return err
}

// famWorkerHomes: worker homes and stations open, at their host union.
var famWorkerHomes = registerStatFamily(statFamilyDef{name: "workerhomes", events: conn.workerHomeEvents, recount: recountWorkerHomes})

// workerHomeEvents: a home counts from its opening to its closing day.
func (c conn) workerHomeEvents(ctx context.Context, where string, args []any, sink *eventSink) error {
	var path, kind, opened string
	var closed *string
	var n int64
	return c.eachRow(ctx, `SELECT o.path, h.kind, h.opened_on, h.closed_on, count(*)`+workerHomeFrom+` WHERE `+where+`
		GROUP BY o.path, h.kind, h.opened_on, h.closed_on`, args,
		[]any{&path, &kind, &opened, &closed, &n}, func() {
			sink.span(path, "worker_homes", opened, deref(closed), n)
			if kind == gonghui.WorkerHomeWarm {
				sink.span(path, "warm_stations", opened, deref(closed), n)
			}
		})
}

func recountWorkerHomes(r *recount) {
	open := `h.opened_on <= ? AND (h.closed_on IS NULL OR h.closed_on > ?)`
	r.count("worker_homes", `SELECT count(*)`+workerHomeFrom+` WHERE `+r.scope+` AND `+open, r.on, r.on)
	r.count("warm_stations", `SELECT count(*)`+workerHomeFrom+` WHERE `+r.scope+` AND h.kind = 'warm_station' AND `+open, r.on, r.on)
}

// WorkerHomeWriter saves imported worker homes in batches. A row names the
// same place as one kept when its code does (or, a row without a code,
// when its host union and name agree): it is updated, or left alone when
// nothing differs.
type WorkerHomeWriter struct {
	batchTx
	a gonghui.Actor
}

// NewWorkerHomeWriter starts writing worker homes as the actor.
func (s *Store) NewWorkerHomeWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*WorkerHomeWriter, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return nil, gonghui.ErrForbidden
	}
	w := &WorkerHomeWriter{batchTx: batchTx{s: s, size: batchSize}, a: a}
	return w, w.begin(ctx)
}

// Save stores one worker home, with the checks of the form.
func (w *WorkerHomeWriter) Save(ctx context.Context, in gonghui.WorkerHomeInput) (UpsertResult, error) {
	c, a := w.c, w.a
	in.Normalize()
	if err := c.lockWorkerHome(ctx, in); err != nil {
		return 0, err
	}
	org, err := c.checkWorkerHome(ctx, a, &in)
	if err != nil {
		return 0, err
	}
	scope, args := scopeClause("o.path", a)
	same := "h.org_id = ? AND h.name = ?"
	keys := []any{in.OrgID, in.Name}
	if in.Code != "" {
		same, keys = "h.code = ?", []any{in.Code}
	}
	before, _, err := scanWorkerHome(c.row(ctx, "SELECT "+workerHomeColumns+workerHomeFrom+" WHERE "+same+" AND "+scope,
		append(keys, args...)...))
	var prior *gonghui.WorkerHome
	action, result := "workerhome.create", Inserted
	switch {
	case errors.Is(err, gonghui.ErrNotFound):
	case err != nil:
		return 0, err
	default:
		// The export leaves the contact phone out (it is a person's): an
		// empty cell keeps the phone kept.
		if in.ContactPhone == "" {
			in.ContactPhone = before.ContactPhone
		}
		if in.Code == "" {
			in.Code = before.Code
		}
		if sameWorkerHome(before.ToInput(), in) {
			return Unchanged, w.saved(ctx)
		}
		prior, action, result = &before, "workerhome.update", Updated
	}
	id := int64(0)
	if prior != nil {
		id = prior.ID
	}
	if err := c.checkStationCode(ctx, in.Code, id); err != nil {
		return 0, err
	}
	var n int
	if err := c.row(ctx, `SELECT count(*) FROM worker_homes WHERE org_id = ? AND name = ? AND id <> ?`, in.OrgID, in.Name, id).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, errWorkerHomeNameTaken
	}
	if w.checking() {
		return result, nil
	}
	in.Version = 0 // an import holds no earlier copy
	id, err = c.writeWorkerHome(ctx, prior, in)
	if err != nil {
		return 0, err
	}
	after, _, err := c.getWorkerHome(ctx, a, id)
	if err != nil {
		return 0, err
	}
	var was any
	if prior != nil {
		was = *prior
	}
	if err := c.audit(ctx, a, auditEntry{action: action, recordType: "worker_home", recordID: id, orgPath: org.Path, summary: changeSummary(was, after)}); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}

// sameWorkerHome compares two inputs as they would be stored.
func sameWorkerHome(a, b gonghui.WorkerHomeInput) bool {
	stored := func(in gonghui.WorkerHomeInput) string {
		in.Version = 0
		if in.Location != nil {
			p := gonghui.GeoPointFromMicro(in.Location.Micro())
			in.Location = &p
		}
		return mustJSON(in)
	}
	return stored(a) == stored(b)
}

// NearestStations finds the stations of the actor's scope nearest a
// point, within the radius, nearest first. It reads the grid cells around
// the point through their index, ring by ring: first those within half
// the radius (in the city centre that already holds ten), then twice as
// far each time, until the stations
// found within the distance read are enough (no station nearer can lie
// outside the cells read) or the radius is reached; only those
// candidates are measured.
func (s *Store) NearestStations(ctx context.Context, a gonghui.Actor, q gonghui.NearestQuery) ([]gonghui.NearStation, error) {
	scope, args := scopeClause("o.path", a)
	return s.nearest(ctx, scope, args, q, listedHome)
}

// NearestPublicStations are the stations any member may walk into
// (公共区域职工之家, 暖心驿站, 心灵驿站: not a workplace's own home), city
// wide, nearest first, as NearestStations finds them. What a member is
// shown of each leaves out the host's contact person.
func (s *Store) NearestPublicStations(ctx context.Context, q gonghui.NearestQuery) ([]gonghui.NearStation, error) {
	kinds := gonghui.PublicStationKinds
	args := make([]any, len(kinds))
	for i, k := range kinds {
		args[i] = k
	}
	return s.nearest(ctx, "h.kind IN ("+placeholders(len(kinds))+")", args, q, gonghui.WorkerHome.ForMembers)
}

// nearest runs a nearest search within the scope a clause gives, each
// station shown as shown returns it.
func (s *Store) nearest(ctx context.Context, scope string, scopeArgs []any, q gonghui.NearestQuery, shown func(gonghui.WorkerHome) gonghui.WorkerHome) ([]gonghui.NearStation, error) {
	q.Normalize()
	if q.Now.IsZero() {
		q.Now = s.now()
	}
	var out []gonghui.NearStation
	for reach := q.Radius / 2; ; reach *= 2 {
		reach = math.Min(reach, q.Radius)
		var err error
		if out, err = s.conn().stationsWithin(ctx, scope, scopeArgs, q, reach); err != nil {
			return nil, opErr(err, "nearest stations")
		}
		if len(out) >= q.Limit || reach == q.Radius {
			break
		}
	}
	slices.SortFunc(out, func(x, y gonghui.NearStation) int {
		return cmp.Or(cmp.Compare(x.Distance, y.Distance), cmp.Compare(x.ID, y.ID))
	})
	out = out[:min(len(out), q.Limit)]
	for i := range out {
		out[i].Distance = math.Round(out[i].Distance)
		out[i].WorkerHome = shown(out[i].WorkerHome)
	}
	return out, nil
}

// stationsWithin are the stations of the query within reach metres, in
// the scope the clause gives.
func (c conn) stationsWithin(ctx context.Context, scope string, scopeArgs []any, q gonghui.NearestQuery, reach float64) ([]gonghui.NearStation, error) {
	args := slices.Clone(scopeArgs)
	var cells []string
	for _, r := range q.At.CellsWithin(reach) {
		cells, args = append(cells, "h.geo_cell BETWEEN ? AND ?"), append(args, r.From, r.To)
	}
	conds := []string{scope, "(" + strings.Join(cells, " OR ") + ")", "o.id = h.org_id"}
	if q.OpenNow {
		today := gonghui.DateOf(q.Now)
		conds = append(conds, "h.status = 'open' AND h.opened_on <= ? AND (h.closed_on IS NULL OR h.closed_on > ?)")
		args = append(args, today, today)
	}
	if q.Kind != "" {
		conds, args = append(conds, "h.kind = ?"), append(args, q.Kind)
	}
	if q.Service != "" {
		conds, args = append(conds, `h.services LIKE ? ESCAPE '\'`), append(args, likePattern(","+q.Service+","))
	}
	// CROSS JOIN keeps SQLite reading the cells first, then each
	// candidate's union, rather than the cells once per union in scope
	// (PostgreSQL plans it as the inner join it is).
	// The holiday calendar's days that open-now reads: today's, and
	// yesterday's for hours past midnight.
	today := gonghui.DateOf(q.Now)
	holidays, err := c.calendarBetween(ctx, today.AddDays(-1), today)
	if err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, "SELECT "+workerHomeColumns+" FROM worker_homes h CROSS JOIN orgs o WHERE "+strings.Join(conds, " AND "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gonghui.NearStation
	for rows.Next() {
		h, _, err := scanWorkerHome(rows)
		if err != nil {
			return nil, err
		}
		d := q.At.DistanceTo(*h.Location)
		if d > reach {
			continue
		}
		open := h.OpenAt(q.Now, holidays)
		if q.OpenNow && !open {
			continue
		}
		out = append(out, gonghui.NearStation{WorkerHome: h, Distance: d, OpenNow: open})
	}
	return out, rows.Err()
}

// RecordStationInspection records an inspection of a station of the
// actor's scope and keeps its day as the station's latest.
func (s *Store) RecordStationInspection(ctx context.Context, a gonghui.Actor, homeID int64, in gonghui.StationInspectionInput) (gonghui.StationInspection, error) {
	if !a.Can(gonghui.PermEditOrgs) {
		return gonghui.StationInspection{}, gonghui.ErrForbidden
	}
	var out gonghui.StationInspection
	err := s.inTx(ctx, func(c conn) error {
		h, path, err := c.getWorkerHome(ctx, a, homeID)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		in.Validate(v, h.OpenedOn, gonghui.DateOf(c.s.now()))
		if err := v.Err(); err != nil {
			return err
		}
		passed := 0
		if in.Passed {
			passed = 1
		}
		out = gonghui.StationInspection{HomeID: homeID, InspectedOn: in.InspectedOn, Inspector: in.Inspector, Passed: in.Passed, Findings: in.Findings}
		if err := c.row(ctx, `INSERT INTO station_inspections (home_id, inspected_on, inspector, passed, findings, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			homeID, in.InspectedOn, in.Inspector, passed, in.Findings, c.s.nowUnix()).Scan(&out.ID); err != nil {
			return err
		}
		// An inspection recorded late keeps the latest day.
		if _, err := c.exec(ctx, `UPDATE worker_homes SET last_inspected_on = ? WHERE id = ? AND (last_inspected_on IS NULL OR last_inspected_on < ?)`,
			in.InspectedOn, homeID, in.InspectedOn); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "workerhome.inspect", recordType: "worker_home", recordID: homeID, orgPath: path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "record station inspection")
}

// ListStationInspections are a station's inspections, latest first.
func (s *Store) ListStationInspections(ctx context.Context, a gonghui.Actor, homeID int64) ([]gonghui.StationInspection, error) {
	c := s.conn()
	if _, _, err := c.getWorkerHome(ctx, a, homeID); err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT id, home_id, inspected_on, inspector, passed, findings FROM station_inspections WHERE home_id = ?
		ORDER BY inspected_on DESC, id DESC`, homeID)
	if err != nil {
		return nil, opErr(err, "list station inspections")
	}
	defer rows.Close()
	out := []gonghui.StationInspection{}
	for rows.Next() {
		var i gonghui.StationInspection
		var passed int
		if err := rows.Scan(&i.ID, &i.HomeID, &i.InspectedOn, &i.Inspector, &passed, &i.Findings); err != nil {
			return nil, opErr(err, "list station inspections")
		}
		i.Passed = passed == 1
		out = append(out, i)
	}
	return out, opErr(rows.Err(), "list station inspections")
}
