package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"gonghui"
)

// A station in use by the members (who reach any station of the city by
// the code on its door): check-ins, reports and ratings, each written for
// a member (their person) with the actor that acts for them audited; the
// union keeping the station resolves the reports.

// lockStationCheckIn: a member checks in at a station once a day. Key:
// station, person, day.
var lockStationCheckIn = newLockRule("stations: a member checks in once a day")

// lockStationReport: a member has one report of a station waiting. Key:
// station, person.
var lockStationReport = newLockRule("stations: one waiting report per member and station")

// lockStationRating: a member rates a station once a year. Key: station,
// person, year.
var lockStationRating = newLockRule("stations: one rating per member, station and year")

// stationByCode is the station a door's code names, with its union's path.
func (c conn) stationByCode(ctx context.Context, code string) (gonghui.WorkerHome, string, error) {
	return scanWorkerHome(c.row(ctx, "SELECT "+workerHomeColumns+workerHomeFrom+" WHERE h.code = ?", strings.ToUpper(strings.TrimSpace(code))))
}

// StationByCode is the station a door's code names (any member may look
// one up); its partner's contact is masked.
func (s *Store) StationByCode(ctx context.Context, code string) (gonghui.WorkerHome, error) {
	h, _, err := s.conn().stationByCode(ctx, code)
	return listedHome(h), opErr(err, "station by code")
}

// stationUseWrite runs a member's write on the station a code names, in a
// transaction, after checking the member is active in the register.
func (s *Store) stationUseWrite(ctx context.Context, person int64, code, what string, write func(c conn, h gonghui.WorkerHome, path string) error) error {
	return opErr(s.inTx(ctx, func(c conn) error {
		h, path, err := c.stationByCode(ctx, code)
		if err != nil {
			return err
		}
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM memberships WHERE person_id = ? AND status = 'active'`, person).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return gonghui.ErrForbidden
		}
		return write(c, h, path)
	}), what)
}

// CheckIn records the member's visit to the station today, once a day;
// only an open station takes one.
func (s *Store) CheckIn(ctx context.Context, a gonghui.Actor, person int64, code string) (gonghui.StationUse, error) {
	var out gonghui.StationUse
	err := s.stationUseWrite(ctx, person, code, "check in", func(c conn, h gonghui.WorkerHome, path string) error {
		today := c.s.today()
		if h.Status != gonghui.StationOpen || today.Before(h.OpenedOn) || !h.ClosedOn.IsZero() && !today.Before(h.ClosedOn) {
			return gonghui.Invalid("station", "该站点目前不开放", "the station is not open")
		}
		if err := c.lockFor(ctx, lockStationCheckIn, h.ID, person, textKey(today.String())); err != nil {
			return err
		}
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM station_checkins WHERE home_id = ? AND person_id = ? AND checked_on = ?`, h.ID, person, today).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return gonghui.Invalid("station", "您今天已在此站点签到", "you have checked in here today")
		}
		if _, err := c.exec(ctx, `INSERT INTO station_checkins (home_id, person_id, checked_on, checked_at) VALUES (?, ?, ?, ?)`, h.ID, person, today, c.s.nowUnix()); err != nil {
			return err
		}
		if err := c.audit(ctx, a, auditEntry{action: "station.checkin", recordType: "worker_home", recordID: h.ID, orgPath: path}); err != nil {
			return err
		}
		var err error
		out, err = c.stationUse(ctx, h.ID)
		return err
	})
	return out, err
}

// ReportStation records the member's report of what is wrong; a member
// has one report of a station waiting at a time.
func (s *Store) ReportStation(ctx context.Context, a gonghui.Actor, person int64, code string, in gonghui.StationReportInput) (gonghui.StationReport, error) {
	var out gonghui.StationReport
	err := s.stationUseWrite(ctx, person, code, "report station", func(c conn, h gonghui.WorkerHome, path string) error {
		v := &gonghui.ValidationError{}
		in.Validate(v)
		if err := v.Err(); err != nil {
			return err
		}
		if err := c.lockFor(ctx, lockStationReport, h.ID, person); err != nil {
			return err
		}
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM station_reports WHERE home_id = ? AND person_id = ? AND resolved_on IS NULL`, h.ID, person).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return gonghui.Invalid("kind", "您对此站点的反映正在处理中", "your report of this station is being dealt with")
		}
		today := c.s.today()
		out = gonghui.StationReport{HomeID: h.ID, Kind: in.Kind, Note: in.Note, ReportedOn: today}
		if err := c.row(ctx, `INSERT INTO station_reports (home_id, person_id, kind, note, reported_on) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			h.ID, person, in.Kind, in.Note, today).Scan(&out.ID); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "station.report", recordType: "worker_home", recordID: h.ID, orgPath: path,
			summary: mustJSON(map[string]any{"report": out.ID, "kind": in.Kind})})
	})
	return out, err
}

// RateStation records the member's rating of the station for this year,
// once.
func (s *Store) RateStation(ctx context.Context, a gonghui.Actor, person int64, code string, in gonghui.StationRatingInput) (gonghui.StationUse, error) {
	var out gonghui.StationUse
	err := s.stationUseWrite(ctx, person, code, "rate station", func(c conn, h gonghui.WorkerHome, path string) error {
		v := &gonghui.ValidationError{}
		in.Validate(v)
		if err := v.Err(); err != nil {
			return err
		}
		today := c.s.today()
		year, _, _ := today.Parts()
		if err := c.lockFor(ctx, lockStationRating, h.ID, person, int64(year)); err != nil {
			return err
		}
		var n int
		if err := c.row(ctx, `SELECT count(*) FROM station_ratings WHERE home_id = ? AND person_id = ? AND year = ?`, h.ID, person, year).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return gonghui.Invalid("stars", "您今年已评价过此站点", "you have rated this station this year")
		}
		if _, err := c.exec(ctx, `INSERT INTO station_ratings (home_id, person_id, year, stars, comment, rated_on) VALUES (?, ?, ?, ?, ?, ?)`,
			h.ID, person, year, in.Stars, in.Comment, today); err != nil {
			return err
		}
		if err := c.audit(ctx, a, auditEntry{action: "station.rate", recordType: "worker_home", recordID: h.ID, orgPath: path,
			summary: mustJSON(map[string]any{"year": year, "stars": in.Stars})}); err != nil {
			return err
		}
		var err error
		out, err = c.stationUse(ctx, h.ID)
		return err
	})
	return out, err
}

// StationUseOf is what members' use tells of a station of the actor's
// subtree today.
func (s *Store) StationUseOf(ctx context.Context, a gonghui.Actor, homeID int64) (gonghui.StationUse, error) {
	c := s.conn()
	if _, _, err := c.getWorkerHome(ctx, a, homeID); err != nil {
		return gonghui.StationUse{}, opErr(err, "station use")
	}
	u, err := c.stationUse(ctx, homeID)
	return u, opErr(err, "station use")
}

func (c conn) stationUse(ctx context.Context, homeID int64) (gonghui.StationUse, error) {
	var u gonghui.StationUse
	today := c.s.today()
	from := today.AddDays(-(gonghui.StationVerifiedDays - 1))
	var last sql.NullString
	if err := c.row(ctx, `SELECT max(checked_on), count(CASE WHEN checked_on >= ? THEN 1 END) FROM station_checkins WHERE home_id = ?`, from, homeID).Scan(&last, &u.CheckIns); err != nil {
		return u, err
	}
	if last.Valid {
		d, err := gonghui.ParseDate(last.String)
		if err != nil {
			return u, err
		}
		u.LastCheckIn = d
	}
	var closedSince int
	if err := c.row(ctx, `SELECT count(*), count(CASE WHEN kind = ? AND reported_on >= ? THEN 1 END) FROM station_reports WHERE home_id = ? AND resolved_on IS NULL`,
		gonghui.ReportClosed, u.LastCheckIn, homeID).Scan(&u.OpenReports, &closedSince); err != nil {
		return u, err
	}
	u.Flagged = u.OpenReports > 0
	u.VerifiedOpen = !u.LastCheckIn.IsZero() && !u.LastCheckIn.Before(from) && closedSince == 0
	year, _, _ := today.Parts()
	var sum sql.NullInt64
	if err := c.row(ctx, `SELECT count(*), sum(stars) FROM station_ratings WHERE home_id = ? AND year = ?`, homeID, year).Scan(&u.Ratings, &sum); err != nil {
		return u, err
	}
	if u.Ratings > 0 {
		u.RatingMean = int(sum.Int64 * 100 / int64(u.Ratings))
	}
	return u, nil
}

// StationReports lists a station's reports, the waiting first.
func (s *Store) StationReports(ctx context.Context, a gonghui.Actor, homeID int64) ([]gonghui.StationReport, error) {
	c := s.conn()
	if _, _, err := c.getWorkerHome(ctx, a, homeID); err != nil {
		return nil, opErr(err, "station reports")
	}
	var out []gonghui.StationReport
	var r gonghui.StationReport
	err := c.eachRow(ctx, `SELECT id, home_id, kind, note, reported_on, resolved_on, resolution FROM station_reports WHERE home_id = ?
		ORDER BY resolved_on IS NOT NULL, reported_on DESC, id DESC LIMIT 200`, []any{homeID},
		[]any{&r.ID, &r.HomeID, &r.Kind, &r.Note, &r.ReportedOn, &r.ResolvedOn, &r.Resolution}, func() { out = append(out, r); r = gonghui.StationReport{} })
	return out, opErr(err, "station reports")
}

// ResolveStationReport records what the keeping union did about a report.
func (s *Store) ResolveStationReport(ctx context.Context, a gonghui.Actor, reportID int64, resolution string) (gonghui.StationReport, error) {
	var out gonghui.StationReport
	if !a.Can(gonghui.PermEditOrgs) {
		return out, gonghui.ErrForbidden
	}
	resolution = strings.TrimSpace(resolution)
	err := s.inTx(ctx, func(c conn) error {
		scope, args := scopeClause("o.path", a)
		var path string
		err := c.row(ctx, `SELECT r.id, r.home_id, r.kind, r.note, r.reported_on, r.resolved_on, o.path FROM station_reports r JOIN worker_homes h ON h.id = r.home_id
			JOIN orgs o ON o.id = h.org_id WHERE r.id = ? AND `+scope, append([]any{reportID}, args...)...).Scan(&out.ID, &out.HomeID, &out.Kind, &out.Note, &out.ReportedOn, &out.ResolvedOn, &path)
		if errors.Is(err, sql.ErrNoRows) {
			return gonghui.ErrNotFound
		}
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		if !out.ResolvedOn.IsZero() {
			v.Add("resolution", "该反映已处理", "the report has been dealt with")
		}
		if resolution == "" || len([]rune(resolution)) > 500 {
			v.Add("resolution", "请写明处理结果（不超过500字）", "say what was done (at most 500 characters)")
		}
		if err := v.Err(); err != nil {
			return err
		}
		out.ResolvedOn, out.Resolution = c.s.today(), resolution
		res, err := c.exec(ctx, `UPDATE station_reports SET resolved_on = ?, resolution = ? WHERE id = ? AND resolved_on IS NULL`, out.ResolvedOn, resolution, reportID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, gonghui.Invalid("resolution", "该反映已处理", "the report has been dealt with"))
		}
		return c.audit(ctx, a, auditEntry{action: "station.resolve", recordType: "worker_home", recordID: out.HomeID, orgPath: path,
			summary: mustJSON(map[string]any{"report": reportID, "resolution": resolution})})
	})
	return out, opErr(err, "resolve station report "+strconv.FormatInt(reportID, 10))
}

// FlaggedStations counts the stations of the actor's subtree with a
// report waiting.
func (s *Store) FlaggedStations(ctx context.Context, a gonghui.Actor) (int, error) {
	scope, args := scopeClause("o.path", a)
	var n int
	err := s.conn().row(ctx, `SELECT count(DISTINCT r.home_id) FROM station_reports r JOIN worker_homes h ON h.id = r.home_id JOIN orgs o ON o.id = h.org_id
		WHERE r.resolved_on IS NULL AND `+scope, args...).Scan(&n)
	return n, opErr(err, "flagged stations")
}
