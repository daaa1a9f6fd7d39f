package store_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// subsidyMember is a member of org since 2017-03-01 with a service card
// from that day.
func subsidyMember(t *testing.T, s *store.Store, org gonghui.Org, name string, n int) gonghui.Member {
	t.Helper()
	in := memberIn(org, name, storetest.CitizenID("110105", "19850101", n))
	in.CardNo = "ZT-" + strconv.Itoa(n)
	return mustMember(t, s, in)
}

func mustCertificate(t *testing.T, s *store.Store, m gonghui.Member, org gonghui.Org, number, level string, on gonghui.Date) gonghui.Certificate {
	t.Helper()
	c, err := s.SaveCertificate(ctx, sys, 0, gonghui.CertificateInput{PersonID: m.PersonID, OrgID: org.ID, Number: number, Occupation: "电工",
		Level: level, Issuer: "北京市职业技能鉴定管理中心", IssuedOn: on})
	if err != nil {
		t.Fatalf("certificate %s: %v", number, err)
	}
	return c
}

func (x assistance) subsidy(m gonghui.Member, org gonghui.Org, certID int64, on gonghui.Date) gonghui.ApplicationInput {
	return gonghui.ApplicationInput{ProgrammeID: x.progs[gonghui.ProgQualification].ID, OrgID: org.ID, AppliedOn: on, PersonID: m.PersonID,
		CertificateID: certID, Payee: gonghui.Payee{Account: "6222020200112233445", Bank: "工商银行"}}
}

// setSubsidyRules changes the standard subsidy's rules for a test.
func (x assistance) setSubsidyRules(t *testing.T, change func(*gonghui.ProgrammeRules)) {
	t.Helper()
	p, err := x.s.GetProgramme(ctx, sys, x.progs[gonghui.ProgQualification].ID)
	if err != nil {
		t.Fatal(err)
	}
	in := p.ToInput()
	change(&in.Rules)
	if _, err := x.s.UpdateProgramme(ctx, sys, p.ID, in); err != nil {
		t.Fatal(err)
	}
}

var (
	certDay = gonghui.NewDate(2017, 6, 1)
	subDay  = gonghui.NewDate(2017, 9, 1)
)

func TestCertificates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		m := subsidyMember(t, s, f.g1, "持证人甲", 501)
		other := subsidyMember(t, s, f.joint, "持证人乙", 502)
		c := mustCertificate(t, s, m, f.g1, " zj 2017 0001 ", gonghui.LevelTechnician, certDay)
		if c.Number != "ZJ20170001" || c.PersonName != "持证人甲" || c.Version != 1 {
			t.Fatalf("saved: %+v", c)
		}
		// The same issuer and number, in another union, for another person: refused.
		in := c.ToInput()
		in.PersonID, in.OrgID = other.PersonID, f.joint.ID
		if _, err := s.SaveCertificate(ctx, sys, 0, in); fieldOf(err) != "number" {
			t.Errorf("the number again: %v", err)
		}
		// Another issuer may use the number.
		in.Issuer = "朝阳区职业技能鉴定所"
		if _, err := s.SaveCertificate(ctx, sys, 0, in); err != nil {
			t.Errorf("another issuer's number: %v", err)
		}
		for _, bad := range []struct {
			field  string
			change func(*gonghui.CertificateInput)
		}{
			{"level", func(in *gonghui.CertificateInput) { in.Level = "master" }},
			{"issued_on", func(in *gonghui.CertificateInput) { in.IssuedOn = gonghui.NewDate(2030, 1, 1) }},
			{"number", func(in *gonghui.CertificateInput) { in.Number = "" }},
			{"person_id", func(in *gonghui.CertificateInput) { in.PersonID = 999_999 }},
		} {
			in := c.ToInput()
			in.Number = "X-" + bad.field
			bad.change(&in)
			if _, err := s.SaveCertificate(ctx, sys, 0, in); fieldOf(err) != bad.field {
				t.Errorf("%s: %v", bad.field, err)
			}
		}
		upd := c.ToInput()
		upd.Level = gonghui.LevelSeniorTechnician
		if c2, err := s.SaveCertificate(ctx, sys, c.ID, upd); err != nil || c2.Level != gonghui.LevelSeniorTechnician || c2.Version != 2 {
			t.Errorf("update: %+v %v", c2, err)
		}
		if _, err := s.SaveCertificate(ctx, sys, c.ID, upd); err == nil {
			t.Error("a stale update passed")
		}
		list, n, err := s.ListCertificates(ctx, actor(f.g1, gonghui.RoleCadre), store.CertificateFilter{PersonID: m.PersonID})
		if err != nil || n != 1 || list[0].ID != c.ID {
			t.Errorf("the person's certificates: %v %d %v", list, n, err)
		}
		if _, err := s.GetCertificate(ctx, actor(f.joint, gonghui.RoleCadre), c.ID); err == nil {
			t.Error("a certificate outside the scope was read")
		}
	})
}

func TestSubsidyEligibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		cadre := actor(f.g1, gonghui.RoleCadre)

		ok := subsidyMember(t, s, f.g1, "合格甲", 511)
		cert := mustCertificate(t, s, ok, f.g1, "A1", gonghui.LevelSeniorTechnician, certDay)
		app := mustFile(t, s, cadre, x.subsidy(ok, f.g1, cert.ID, subDay))
		q := app.Facts.Qualification
		if app.Assessment.AmountFen != 200_000 || !app.Facts.Member || q == nil || !q.Card || q.Level != gonghui.LevelSeniorTechnician || q.On != certDay {
			t.Fatalf("filed: %+v %+v", app, q)
		}

		// The card was issued after the certificate's date.
		late := subsidyMember(t, s, f.g1, "晚办卡乙", 512)
		if _, err := s.DB().ExecContext(ctx, s.Rebind(`UPDATE cards SET issued_on = ? WHERE person_id = ?`), gonghui.NewDate(2017, 7, 1), late.PersonID); err != nil {
			t.Fatal(err)
		}
		lateCert := mustCertificate(t, s, late, f.g1, "A2", gonghui.LevelTechnician, certDay)
		if _, err := s.FileApplication(ctx, cadre, x.subsidy(late, f.g1, lateCert.ID, subDay)); fieldOf(err) != "person_id" {
			t.Errorf("a card issued after the certificate: %v", err)
		}
		// The membership ended before the certificate's date (and so did the card).
		left := subsidyMember(t, s, f.g1, "已离会丙", 513)
		if _, err := s.EndMembership(ctx, sys, left.ID, gonghui.MemberLeft, gonghui.NewDate(2017, 5, 1), "离职"); err != nil {
			t.Fatal(err)
		}
		leftCert := mustCertificate(t, s, left, f.g1, "A3", gonghui.LevelTechnician, certDay)
		in := x.subsidy(left, f.g1, leftCert.ID, subDay)
		in.OrgID = f.g1.ID
		if app, err := s.FileApplication(ctx, actor(f.street, gonghui.RoleAdmin), in); fieldOf(err) != "person_id" {
			t.Errorf("a membership ended before the certificate: %+v %v", app.Facts, err)
		}
		// The rules read the register on the certificate's date, not the application's: a certificate issued before joining fails.
		early := mustCertificate(t, s, ok, f.g1, "A4", gonghui.LevelTechnician, gonghui.NewDate(2017, 2, 1))
		if _, err := s.FileApplication(ctx, cadre, x.subsidy(ok, f.g1, early.ID, gonghui.NewDate(2018, 3, 1))); fieldOf(err) != "person_id" {
			t.Errorf("a certificate from before the membership: %v", err)
		}
		// Someone else's certificate, a level not paid, no certificate at all.
		junior := mustCertificate(t, s, late, f.g1, "A5", gonghui.LevelJunior, certDay)
		for _, c := range []struct {
			name, field string
			in          gonghui.ApplicationInput
		}{
			{"another's certificate", "certificate_id", x.subsidy(late, f.g1, cert.ID, subDay)},
			{"a junior certificate", "certificate_id", func() gonghui.ApplicationInput {
				in := x.subsidy(late, f.g1, junior.ID, subDay)
				_, _ = s.DB().ExecContext(ctx, s.Rebind(`UPDATE cards SET issued_on = ? WHERE person_id = ?`), gonghui.NewDate(2017, 3, 1), late.PersonID)
				return in
			}()},
			{"no certificate", "certificate_id", x.subsidy(late, f.g1, 0, subDay)},
		} {
			if _, err := s.FileApplication(ctx, cadre, c.in); fieldOf(err) != c.field {
				t.Errorf("%s: %v, want %s", c.name, err, c.field)
			}
		}

		// A contest result counts where the rules allow: a named final's top ten, paid as a technician's certificate.
		champ := subsidyMember(t, s, f.joint, "竞赛丁", 514)
		for _, r := range []struct {
			event string
			rank  int
			field string
		}{{"区级选拔赛", 1, "contest_result_id"}, {gonghui.SubsidyContest, 11, "contest_result_id"}, {gonghui.SubsidyContest, 3, ""}} {
			res, err := s.SaveContestResult(ctx, sys, gonghui.ContestResultInput{PersonID: champ.PersonID, OrgID: f.joint.ID, Event: r.event, Rank: r.rank,
				HeldOn: gonghui.NewDate(2017, 5, 10+r.rank)})
			if err != nil {
				t.Fatal(err)
			}
			in := x.subsidy(champ, f.joint, 0, subDay)
			in.ContestResultID = res.ID
			app, err := s.FileApplication(ctx, actor(f.joint, gonghui.RoleCadre), in)
			if fieldOf(err) != r.field || r.field == "" && app.Assessment.AmountFen != 100_000 {
				t.Errorf("%s rank %d: %v %+v", r.event, r.rank, err, app.Assessment)
			}
		}
	})
}

func TestSubsidyOncePerCertificateAndYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		m := subsidyMember(t, s, f.g1, "重复甲", 521)
		c1 := mustCertificate(t, s, m, f.g1, "B1", gonghui.LevelTechnician, certDay)
		c2 := mustCertificate(t, s, m, f.g1, "B2", gonghui.LevelSeniorWorker, gonghui.NewDate(2017, 7, 1))
		first := mustFile(t, s, actor(f.g1, gonghui.RoleCadre), x.subsidy(m, f.g1, c1.ID, subDay))

		// The same certificate next year, filed by another union: paid once.
		joint := actor(f.joint, gonghui.RoleCadre)
		next := x.subsidy(m, f.joint, c1.ID, gonghui.NewDate(2018, 3, 1))
		if _, err := s.FileApplication(ctx, joint, next); fieldOf(err) != "duplicate" {
			t.Errorf("the certificate again next year from another union: %v", err)
		}
		// Another certificate the same year, from another union: once a year.
		if _, err := s.FileApplication(ctx, joint, x.subsidy(m, f.joint, c2.ID, subDay)); fieldOf(err) != "duplicate" {
			t.Errorf("a second subsidy in the year from another union: %v", err)
		}
		// Another certificate next year is paid.
		if _, err := s.FileApplication(ctx, joint, x.subsidy(m, f.joint, c2.ID, gonghui.NewDate(2018, 3, 1))); err != nil {
			t.Errorf("another certificate next year: %v", err)
		}
		// A refused application blocks nothing.
		street := actor(f.street, gonghui.RoleReviewer)
		mustDecide(t, s, street, first.ID, gonghui.Decision{Action: gonghui.AppActRefuse, Comment: "材料不全"})
		live, err := s.FileApplication(ctx, joint, x.subsidy(m, f.joint, c1.ID, subDay))
		if err != nil {
			t.Fatalf("after the refusal: %v", err)
		}
		// The override lets a duplicate through, with the right and a reason.
		next.OverrideReason = "原申请信息有误，经核实重新申报"
		if _, err := s.FileApplication(ctx, joint, next); fieldOf(err) != "override_reason" {
			t.Errorf("an override without the right: %v", err)
		}
		app, err := s.FileApplication(ctx, actor(f.street, gonghui.RoleAdmin), next)
		if err != nil || app.OverrideBy == "" || app.Facts.Qualification.Duplicate != live.ID {
			t.Errorf("an override by an admin: %+v %v", app, err)
		}
	})
}

func TestSubsidyNoticeBlocksPayment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		m := subsidyMember(t, s, f.g1, "公示甲", 531)
		c := mustCertificate(t, s, m, f.g1, "C1", gonghui.LevelSeniorWorker, certDay)
		app := mustFile(t, s, actor(f.g1, gonghui.RoleCadre), x.subsidy(m, f.g1, c.ID, subDay))
		mustDecide(t, s, actor(f.street, gonghui.RoleReviewer), app.ID, approve)
		city := actor(f.root, gonghui.RoleReviewer)
		city.Username = "city-reviewer"
		notice, err := s.NoticeList(ctx, city, app.ProgrammeID, "2017")
		if err != nil || len(notice) != 1 || notice[0].ApplicationID != app.ID || notice[0].From != today || notice[0].Ends != today.AddDays(5) ||
			notice[0].AmountFen != 80_000 || notice[0].Level != gonghui.LevelSeniorWorker {
			t.Fatalf("the notice list: %+v %v", notice, err)
		}
		if _, err := s.DecideApplication(ctx, city, app.ID, approve); fieldOf(err) != "notice" {
			t.Fatalf("paid on notice: %v", err)
		}
		s.SetClock(func() time.Time { return time.Date(2026, 11, 28, 23, 0, 0, 0, gonghui.Shanghai) })
		if _, err := s.DecideApplication(ctx, city, app.ID, approve); fieldOf(err) != "notice" {
			t.Fatalf("paid on the notice's last day: %v", err)
		}
		s.SetClock(func() time.Time { return time.Date(2026, 11, 29, 9, 0, 0, 0, gonghui.Shanghai) })
		paid := mustDecide(t, s, city, app.ID, approve)
		if paid.State != gonghui.AppApproved || paid.EntryID == 0 {
			t.Fatalf("after the notice: %+v", paid)
		}
		if notice, _ := s.NoticeList(ctx, city, app.ProgrammeID, "2017"); len(notice) != 0 {
			t.Errorf("the paid application is still on notice: %+v", notice)
		}
	})
}

func TestSubsidyLotteryReproducible(t *testing.T) {
	var lists [][]int64 // the draw's people, per engine
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		x.setSubsidyRules(t, func(r *gonghui.ProgrammeRules) { r.Quota, r.NoticeDays = 3, 0 })
		street, city := actor(f.street, gonghui.RoleReviewer), actor(f.root, gonghui.RoleReviewer)
		city.Username = "city-reviewer"
		var apps []gonghui.Application
		people := map[int64]int64{} // application → person's place in the test
		for i := range 7 {
			org := []gonghui.Org{f.g1, f.joint}[i%2]
			m := subsidyMember(t, s, org, "摇号"+string(rune('甲'+i)), 540+i)
			c := mustCertificate(t, s, m, org, "L"+string(rune('0'+i)), gonghui.LevelTechnician, certDay)
			app := mustFile(t, s, actor(org, gonghui.RoleCadre), x.subsidy(m, org, c.ID, subDay))
			mustDecide(t, s, street, app.ID, approve)
			apps = append(apps, app)
			people[app.ID] = int64(i)
		}
		// Seven wait for three places: the last approval waits for the draw.
		if _, err := s.DecideApplication(ctx, city, apps[0].ID, approve); fieldOf(err) != "lottery" {
			t.Fatalf("approved before the draw: %v", err)
		}
		if _, err := s.RunLottery(ctx, street, gonghui.LotteryInput{ProgrammeID: apps[0].ProgrammeID, Period: "2017", Seed: "x"}); err == nil {
			t.Error("a street drew the city's lottery")
		}
		l, err := s.RunLottery(ctx, city, gonghui.LotteryInput{ProgrammeID: apps[0].ProgrammeID, Period: "2017", Seed: "2017年助推金摇号"})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Draws) != 7 || len(l.Candidates) != 7 || l.Quota != 3 || !l.Replayed || l.Seed != "2017年助推金摇号" {
			t.Fatalf("the lottery: %+v", l)
		}
		// The seed and the candidates give the same list again.
		if again := gonghui.DrawLottery(l.Seed, l.Candidates, l.Quota, l.BudgetFen); !slices.Equal(again, withoutNames(l.Draws)) {
			t.Errorf("drawn again: %v, on record %v", again, l.Draws)
		}
		var order []int64
		won := 0
		for _, d := range l.Draws {
			order = append(order, people[d.ApplicationID])
			app, err := s.GetApplication(ctx, city, d.ApplicationID)
			if err != nil {
				t.Fatal(err)
			}
			if d.Won {
				won++
				if _, err := s.DecideApplication(ctx, city, d.ApplicationID, approve); err != nil {
					t.Errorf("a winner's last approval: %v", err)
				}
			} else if app.State != gonghui.AppRefused {
				t.Errorf("application %d not drawn is %s", d.ApplicationID, app.State)
			}
		}
		if won != 3 {
			t.Errorf("%d drawn, want 3", won)
		}
		lists = append(lists, order)
		if _, err := s.RunLottery(ctx, city, gonghui.LotteryInput{ProgrammeID: apps[0].ProgrammeID, Period: "2017"}); err == nil {
			t.Error("a second lottery with nothing left to draw")
		}
		if ls, err := s.ListLotteries(ctx, city, apps[0].ProgrammeID); err != nil || len(ls) != 1 {
			t.Errorf("lotteries: %v %v", ls, err)
		}
	})
	for _, l := range lists[1:] {
		if !slices.Equal(l, lists[0]) {
			t.Errorf("the same seed drew %v on one engine and %v on another", lists[0], l)
		}
	}
}

func withoutNames(ds []gonghui.LotteryDraw) []gonghui.LotteryDraw {
	out := slices.Clone(ds)
	for i := range out {
		out[i].SubjectName = ""
	}
	return out
}

func init() {
	// A subsidy counts at its filing union from its payment's day to the end of the year.
	statsScenarios = append(statsScenarios, statsScenario{name: "qualification subsidies", run: func(t *testing.T, s *store.Store, f fixture) {
		fund := mustFund(t, s, f.chaoyang, "朝阳区助推金", false)
		mustAllocate(t, s, fund, 1_000_000)
		std := gonghui.StandardProgrammes(f.chaoyang.ID, fund.ID, fund.ID)
		i := slices.IndexFunc(std, func(p gonghui.ProgrammeInput) bool { return p.Code == gonghui.ProgQualification })
		in := std[i]
		in.Code, in.Rules.NoticeDays, in.Rules.Approval.Levels = "CY-ZTJ", 0, 1
		p, err := s.CreateProgramme(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		union := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳助推金工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		m := subsidyMember(t, s, union, "统计甲", 561)
		c := mustCertificate(t, s, m, union, "S1", gonghui.LevelTechnician, certDay)
		app := mustFile(t, s, sys, gonghui.ApplicationInput{ProgrammeID: p.ID, OrgID: union.ID, AppliedOn: subDay, PersonID: m.PersonID, CertificateID: c.ID,
			Payee: gonghui.Payee{Account: "6222020200112233445"}})
		mustDecide(t, s, actor(f.chaoyang, gonghui.RoleReviewer), app.ID, approve)
		// A second one, whose payment the bank returns: it counts no more.
		m2 := subsidyMember(t, s, union, "统计乙", 562)
		c2 := mustCertificate(t, s, m2, union, "S2", gonghui.LevelTechnician, certDay)
		app2 := mustFile(t, s, sys, gonghui.ApplicationInput{ProgrammeID: p.ID, OrgID: union.ID, AppliedOn: subDay, PersonID: m2.PersonID, CertificateID: c2.ID,
			Payee: gonghui.Payee{Account: "6222020200112233446"}})
		paid := mustDecide(t, s, actor(f.chaoyang, gonghui.RoleReviewer), app2.ID, approve)
		if _, err := s.ReturnPayment(ctx, sys, fund.ID, paid.EntryID, paid.Assessment.AmountFen, "账号错误"); err != nil {
			t.Fatal(err)
		}
	}})
}

func init() {
	lockRules = append(lockRules, lockRule{name: "one application per certificate, across unions and years", refused: []string{"duplicate"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			n := e.next()
			fund := mustFund(t, e.s, e.f.root, "助推金"+strconv.Itoa(n), false)
			std := gonghui.StandardProgrammes(e.f.root.ID, fund.ID, fund.ID)
			in := std[slices.IndexFunc(std, func(p gonghui.ProgrammeInput) bool { return p.Code == gonghui.ProgQualification })]
			in.Code = "ZTJ-" + strconv.Itoa(n)
			p, err := e.s.CreateProgramme(ctx, sys, in)
			if err != nil {
				t.Fatal(err)
			}
			mi := memberIn(e.f.g1, "证书争用", e.personID())
			mi.CardNo = "LK-" + strconv.Itoa(n)
			m := mustMember(t, e.s, mi)
			c := mustCertificate(t, e.s, m, e.f.g1, "LK"+strconv.Itoa(n), gonghui.LevelTechnician, certDay)
			return func(i int) error {
					_, err := e.s.FileApplication(ctx, sys, gonghui.ApplicationInput{ProgrammeID: p.ID, OrgID: e.unions[i].ID, PersonID: m.PersonID,
						CertificateID: c.ID, AppliedOn: gonghui.NewDate(2017+i, 9, 1), Payee: gonghui.Payee{Account: "6222020200112233445"}})
					return err
				}, func() int {
					return total(e.s.ListApplications(ctx, sys, gonghui.ApplicationFilter{ProgrammeID: p.ID}))
				}
		}})
	lockRules = append(lockRules, lockRule{name: "one certificate per issuing body and number", refused: []string{"number"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			number := "NO" + strconv.Itoa(e.next())
			holders := make([]gonghui.Member, contenders)
			for i := range holders {
				holders[i], _ = e.member(t)
			}
			return func(i int) error {
					_, err := e.s.SaveCertificate(ctx, sys, 0, gonghui.CertificateInput{PersonID: holders[i].PersonID, OrgID: e.unions[i].ID, Number: number,
						Occupation: "焊工", Level: gonghui.LevelSeniorWorker, Issuer: "北京市职业技能鉴定管理中心", IssuedOn: certDay})
					return err
				}, func() int {
					n := 0
					for _, h := range holders {
						n += total(e.s.ListCertificates(ctx, sys, store.CertificateFilter{PersonID: h.PersonID}))
					}
					return n
				}
		}})
}
