package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestStationUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		warm := mustHome(t, s, homeInput(f.g1, "建外暖心驿站", gonghui.WorkerHomeWarm, gonghui.NewDate(2020, 1, 1)))
		shut := homeInput(f.g1, "暂停的驿站", gonghui.WorkerHomeWarm, gonghui.NewDate(2020, 1, 1))
		shut.Status = gonghui.StationSuspended
		suspended := mustHome(t, s, shut)
		// A Haidian member may use a Chaoyang station (any member reaches any
		// station by its door's code); one no longer a member may not.
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀示例工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		m := mustMember(t, s, memberIn(hd, "签到会员", storetest.CitizenID("110108", "19900101", 1)))
		left := mustMember(t, s, memberIn(f.g1, "已离会", storetest.CitizenID("110105", "19900101", 2)))
		if _, err := s.EndMembership(ctx, sys, left.ID, gonghui.MemberLeft, gonghui.NewDate(2026, 1, 1), "调离"); err != nil {
			t.Fatal(err)
		}
		portal := gonghui.SystemActor("portal")

		use, err := s.CheckIn(ctx, portal, m.PersonID, " "+warm.Code+" ")
		if err != nil || !use.VerifiedOpen || use.CheckIns != 1 || use.LastCheckIn != today {
			t.Fatalf("check in: %+v %v", use, err)
		}
		if _, err := s.CheckIn(ctx, portal, m.PersonID, warm.Code); fieldOf(err) != "station" {
			t.Errorf("a second check-in today: %v", err)
		}
		if _, err := s.CheckIn(ctx, portal, m.PersonID, suspended.Code); fieldOf(err) != "station" {
			t.Errorf("a check-in at a suspended station: %v", err)
		}
		if _, err := s.CheckIn(ctx, portal, left.PersonID, warm.Code); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a former member checks in: %v", err)
		}
		if _, err := s.CheckIn(ctx, portal, m.PersonID, "NO-SUCH"); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("an unknown code: %v", err)
		}
		// The next day: still verified; a report of its being closed since
		// the check-in takes that away and flags it, until resolved.
		s.SetClock(func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, gonghui.Shanghai) })
		if _, err := s.ReportStation(ctx, portal, m.PersonID, warm.Code, gonghui.StationReportInput{Kind: "other"}); fieldOf(err) != "note" {
			t.Errorf("an other report without its note: %v", err)
		}
		rep, err := s.ReportStation(ctx, portal, m.PersonID, warm.Code, gonghui.StationReportInput{Kind: "开放时间内未开门", Note: "上午十点未开门"})
		if err != nil || rep.Kind != gonghui.ReportClosed {
			t.Fatalf("report: %+v %v", rep, err)
		}
		if _, err := s.ReportStation(ctx, portal, m.PersonID, warm.Code, gonghui.StationReportInput{Kind: gonghui.ReportService}); fieldOf(err) != "kind" {
			t.Errorf("a second waiting report: %v", err)
		}
		district := actor(f.chaoyang, gonghui.RoleCadre)
		if use, err = s.StationUseOf(ctx, district, warm.ID); err != nil || use.VerifiedOpen || !use.Flagged || use.OpenReports != 1 {
			t.Errorf("after the report: %+v %v", use, err)
		}
		if n, err := s.FlaggedStations(ctx, district); err != nil || n != 1 {
			t.Errorf("flagged: %d %v", n, err)
		}
		if _, err := s.ResolveStationReport(ctx, actor(f.haidian, gonghui.RoleCadre), rep.ID, "已核实"); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian resolves Chaoyang's report: %v", err)
		}
		if _, err := s.ResolveStationReport(ctx, district, rep.ID, " "); fieldOf(err) != "resolution" {
			t.Errorf("a resolution without words: %v", err)
		}
		if rep, err = s.ResolveStationReport(ctx, district, rep.ID, "已约谈驿站负责人，恢复按时开放"); err != nil || rep.ResolvedOn.IsZero() {
			t.Fatalf("resolve: %+v %v", rep, err)
		}
		if _, err := s.ResolveStationReport(ctx, district, rep.ID, "再次处理"); fieldOf(err) != "resolution" {
			t.Errorf("a second resolution: %v", err)
		}
		if use, _ = s.StationUseOf(ctx, district, warm.ID); !use.VerifiedOpen || use.Flagged {
			t.Errorf("after the resolution: %+v", use)
		}
		// Thirty days after the check-in the station is no longer verified.
		s.SetClock(func() time.Time { return time.Date(2026, 12, 24, 10, 0, 0, 0, gonghui.Shanghai) })
		if use, _ = s.StationUseOf(ctx, district, warm.ID); use.VerifiedOpen || use.CheckIns != 0 {
			t.Errorf("thirty days on: %+v", use)
		}
		setToday(s)

		// Ratings: once a year; they count for a project running warm
		// stations in the district, beside its members' own ratings.
		if _, err := s.RateStation(ctx, portal, m.PersonID, warm.Code, gonghui.StationRatingInput{Stars: 0}); fieldOf(err) != "stars" {
			t.Errorf("no stars: %v", err)
		}
		if use, err = s.RateStation(ctx, portal, m.PersonID, warm.Code, gonghui.StationRatingInput{Stars: 4, Comment: "热水很方便"}); err != nil || use.Ratings != 1 || use.RatingMean != 400 {
			t.Fatalf("rate: %+v %v", use, err)
		}
		if _, err := s.RateStation(ctx, portal, m.PersonID, warm.Code, gonghui.StationRatingInput{Stars: 5}); fieldOf(err) != "stars" {
			t.Errorf("a second rating this year: %v", err)
		}
		in := projectIn(f.chaoyang, "暖心驿站")
		in.StationKind = "职工暖心驿站"
		p, err := s.CreateServiceProject(ctx, district, in)
		if err != nil || p.StationKind != gonghui.WorkerHomeWarm {
			t.Fatalf("a project of warm stations: %+v %v", p, err)
		}
		local := mustMember(t, s, memberIn(f.g1, "朝阳会员", storetest.CitizenID("110105", "19900101", 3)))
		y, err := s.RateServiceProjectAsMember(ctx, portal, local.PersonID, p.ID, gonghui.ProjectRatingInput{Year: 2026, Stars: 2})
		if err != nil || y.MemberRatings != 2 || y.MemberMean != 300 {
			t.Errorf("the members' ratings with the stations': %+v %v", y, err)
		}
		if _, err := s.RateServiceProjectAsMember(ctx, portal, m.PersonID, p.ID, gonghui.ProjectRatingInput{Year: 2026, Stars: 2}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("a Haidian member rates a Chaoyang project: %v", err)
		}
	})
}

func init() {
	portal := gonghui.SystemActor("portal")
	station := func(t *testing.T, e *contention) gonghui.WorkerHome {
		return mustHome(t, e.s, homeInput(e.f.g1, fmt.Sprintf("并发驿站%d", e.next()), gonghui.WorkerHomeWarm, gonghui.NewDate(2020, 1, 1)))
	}
	count := func(e *contention, q string, id int64) int {
		var n int
		if err := e.s.DB().QueryRowContext(ctx, e.s.Rebind(q), id).Scan(&n); err != nil {
			return -1
		}
		return n
	}
	lockRules = append(lockRules,
		lockRule{name: "a member checks in at a station once a day", refused: []string{"station"}, oneWins: true,
			round: func(t *testing.T, e *contention) (func(int) error, func() int) {
				h := station(t, e)
				m, _ := e.member(t)
				return func(int) error {
					_, err := e.s.CheckIn(ctx, portal, m.PersonID, h.Code)
					return err
				}, func() int { return count(e, `SELECT count(*) FROM station_checkins WHERE home_id = ?`, h.ID) }
			}},
		lockRule{name: "one waiting report per member and station", refused: []string{"kind"}, oneWins: true,
			round: func(t *testing.T, e *contention) (func(int) error, func() int) {
				h := station(t, e)
				m, _ := e.member(t)
				return func(int) error {
					_, err := e.s.ReportStation(ctx, portal, m.PersonID, h.Code, gonghui.StationReportInput{Kind: gonghui.ReportClosed})
					return err
				}, func() int { return count(e, `SELECT count(*) FROM station_reports WHERE home_id = ?`, h.ID) }
			}},
		lockRule{name: "one rating per member, station and year", refused: []string{"stars"}, oneWins: true,
			round: func(t *testing.T, e *contention) (func(int) error, func() int) {
				h := station(t, e)
				m, _ := e.member(t)
				return func(i int) error {
					_, err := e.s.RateStation(ctx, portal, m.PersonID, h.Code, gonghui.StationRatingInput{Stars: 1 + i%5})
					return err
				}, func() int { return count(e, `SELECT count(*) FROM station_ratings WHERE home_id = ?`, h.ID) }
			}})
}
