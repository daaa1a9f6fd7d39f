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

// The allowance the tests use: 1,000 yuan a month in Chaoyang, so a
// household of three is deep below 3,600,000 fen a year left after rigid
// expenses and relative below 7,200,000.
const testAllowance = 100_000

func fen(n int64) *int64 { return &n }

// hardshipIn is a household of three (head, spouse, child) at org with the
// given annual wages; n numbers its persons' ID numbers.
func hardshipIn(org gonghui.Org, n int, wages int64) gonghui.HardshipFileInput {
	id := func(k int) string {
		return storetest.CitizenID("110105", fmt.Sprintf("19%02d0101", 70+k%30), 700+3*n+k)
	}
	return gonghui.HardshipFileInput{OrgID: org.ID, RegionCode: "110105001", Address: "北京市朝阳区建外街道1号院",
		Head: gonghui.HardshipPersonInput{Name: fmt.Sprintf("户主%d", n), IDNumber: id(0), Health: "慢性肾病"},
		Members: []gonghui.HardshipPersonInput{
			{Name: "配偶", IDNumber: id(1), Relation: "spouse"},
			{Name: "子女", IDNumber: id(2), Relation: "子女"},
		},
		Incomes:  []gonghui.HardshipAmount{{Kind: "wages", AmountFen: fen(wages)}},
		Expenses: []gonghui.HardshipAmount{{Kind: "medical", AmountFen: fen(0)}},
		Causes:   []string{"illness"}, CauseNote: "户主患尿毒症，每周透析"}
}

func auditCount(t *testing.T, s *store.Store, action string) int {
	t.Helper()
	_, n, err := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func setDay(s *store.Store, d gonghui.Date) { s.SetClock(func() time.Time { return shanghaiNoon(d) }) }

func mustAllowance(t *testing.T, s *store.Store) {
	t.Helper()
	for _, year := range []int{2017, 2026} {
		if _, err := s.SaveHardshipAllowance(ctx, sys, gonghui.HardshipAllowance{RegionCode: "110105", Year: year, MonthlyFen: testAllowance}); err != nil {
			t.Fatal(err)
		}
	}
}

func mustMove(t *testing.T, s *store.Store, a gonghui.Actor, id int64, tr gonghui.HardshipTransition) gonghui.HardshipFile {
	t.Helper()
	f, err := s.MoveHardshipFile(ctx, a, id, tr)
	if err != nil {
		t.Fatalf("%s file %d: %v", tr.Action, id, err)
	}
	return f
}

// fileHousehold opens a file on from and takes it through the check, the
// home visit and the public notice to an approval by approver ten days
// later; the clock is left on the approval's day.
func fileHousehold(t *testing.T, s *store.Store, in gonghui.HardshipFileInput, from gonghui.Date, approver gonghui.Actor) gonghui.HardshipFile {
	t.Helper()
	setDay(s, from)
	f, err := s.CreateHardshipFile(ctx, sys, in)
	if err != nil {
		t.Fatalf("create hardship file: %v", err)
	}
	mustMove(t, s, sys, f.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActCheck})
	mustMove(t, s, sys, f.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActVisit, Visitors: "张干事、李干事", Note: "入户核实收入与病情"})
	mustMove(t, s, sys, f.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActNotice})
	setDay(s, from.AddDays(10))
	return mustMove(t, s, approver, f.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActApprove, FilingKind: "formal"})
}

// The hardship files' writes for the shared fast-path test: approved,
// reviewed at another level, lifted out, one still on file on the
// scenario's last date.
func init() {
	statsScenarios = append(statsScenarios, statsScenario{name: "hardship files", run: func(t *testing.T, s *store.Store, f fixture) {
		defer setToday(s)
		mustAllowance(t, s)
		d := gonghui.NewDate
		// Unions of their own: the earlier writes moved, merged and
		// dissolved the fixture's.
		cy := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳某制造厂工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		cy2 := mustOrg(t, s, gonghui.OrgInput{Name: "朝阳某物流公司工会", Kind: gonghui.KindGrassroots, ParentID: f.chaoyang.ID})
		district := actor(f.chaoyang, gonghui.RoleCadre)
		a := fileHousehold(t, s, hardshipIn(cy, 1, 3_000_000), d(2017, 1, 2), district)
		b := fileHousehold(t, s, hardshipIn(cy2, 2, 6_000_000), d(2017, 3, 1), district)
		fileHousehold(t, s, hardshipIn(cy, 3, 3_500_000), d(2026, 11, 1), district)
		in, err := s.HardshipEditInput(ctx, sys, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		in.Incomes[0].AmountFen = fen(2_000_000)
		if _, err := s.UpdateHardshipFile(ctx, sys, b.ID, in); err != nil {
			t.Fatal(err)
		}
		setDay(s, d(2017, 9, 1))
		mustMove(t, s, sys, b.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActReview, FilingKind: "formal"})
		setDay(s, d(2019, 6, 1))
		mustMove(t, s, sys, a.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActLift, Note: "户主康复再就业"})
	}})
}

// A person belongs to one household on file whichever union files it:
// the shared concurrency test has eight cadres of different unions file
// the same head at once.
func init() {
	lockRules = append(lockRules, lockRule{name: "one hardship household per person, across unions", refused: []string{"head.id_number"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, n := e.s, 100+e.next()
			in := hardshipIn(e.f.g1, n, 3_000_000)
			return func(i int) error {
					mine := in
					mine.OrgID = e.unions[i].ID
					mine.Members = nil // only the head is shared
					_, err := s.CreateHardshipFile(ctx, sys, mine)
					return err
				}, func() int {
					return total(s.ListHardshipFiles(ctx, sys, gonghui.HardshipFileFilter{Query: in.Head.Name}))
				}
		}})
}

func TestHardshipFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		mustAllowance(t, s)
		d := gonghui.NewDate
		in := hardshipIn(f.g1, 1, 3_000_000)
		member := mustMember(t, s, memberIn(f.g1, in.Head.Name, in.Head.IDNumber))
		street := actor(f.street, gonghui.RoleCadre)

		t.Run("validation names each field", func(t *testing.T) {
			bad := gonghui.HardshipFileInput{OrgID: f.g1.ID, RegionCode: "999999",
				Head:     gonghui.HardshipPersonInput{Name: "某", IDNumber: "110105198001011234"},
				Members:  []gonghui.HardshipPersonInput{{Name: "", IDNumber: in.Head.IDNumber, Relation: "friend"}},
				Incomes:  []gonghui.HardshipAmount{{Kind: "lottery", AmountFen: fen(-1)}, {Kind: "wages"}},
				Expenses: []gonghui.HardshipAmount{{Kind: "medical", AmountFen: fen(1)}, {Kind: "medical", AmountFen: fen(2)}},
				Causes:   []string{"illness", "bad_luck"}}
			_, err := s.CreateHardshipFile(ctx, sys, bad)
			var v *gonghui.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("err %v", err)
			}
			for _, field := range []string{"region_code", "address", "head.id_number", "members.0.name", "members.0.relation",
				"incomes.0.kind", "incomes.0.amount_fen", "incomes.1.amount_fen", "expenses.1.kind", "causes.1"} {
				if _, ok := v.Fields[field]; !ok {
					t.Errorf("no error for %s: %v", field, v.Fields)
				}
			}
		})

		setDay(s, d(2026, 11, 1))
		file, err := s.CreateHardshipFile(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		if file.State != gonghui.HardshipApplied || file.Level != gonghui.HardshipDeep || file.Size() != 3 || file.Head.PersonID != member.PersonID {
			t.Fatalf("created %+v", file)
		}

		own := actor(f.g1, gonghui.RoleCadre)
		if ids := dueFiles(t, s, own, gonghui.HardshipDueProgress, d(2026, 11, 1)); len(ids) != 1 || ids[0] != file.ID {
			t.Errorf("the filing union's next steps: %v", ids)
		}
		if ids := dueFiles(t, s, street, gonghui.HardshipDueProgress, d(2026, 11, 1)); len(ids) != 0 {
			t.Errorf("the street holds the union's next step: %v", ids)
		}

		t.Run("masked unless revealed, reveal audited", func(t *testing.T) {
			if file.Incomes[0].AmountFen != nil || file.CauseNote != "******" || file.Head.Health != "******" || file.Head.IDNumber == in.Head.IDNumber {
				t.Errorf("not masked: %+v", file)
			}
			if _, err := s.GetHardshipFile(ctx, actor(f.g1, gonghui.RoleCadre), file.ID, true); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a cadre revealed: %v", err)
			}
			before := auditCount(t, s, "hardship.reveal")
			got, err := s.GetHardshipFile(ctx, actor(f.street, gonghui.RoleReviewer), file.ID, true)
			if err != nil || got.Incomes[0].Fen() != 3_000_000 || got.Head.IDNumber != in.Head.IDNumber || got.CauseNote != in.CauseNote {
				t.Errorf("revealed %+v: %v", got, err)
			}
			if n := auditCount(t, s, "hardship.reveal"); n != before+1 {
				t.Errorf("reveals audited %d → %d", before, n)
			}
			if _, err := s.GetHardshipFile(ctx, actor(f.haidian, gonghui.RoleReviewer), file.ID, true); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("outside the scope: %v", err)
			}
		})

		t.Run("one household per person, across unions and districts", func(t *testing.T) {
			other := hardshipIn(f.joint, 2, 1_000_000)
			other.Members[1].IDNumber = in.Members[1].IDNumber // the first file's child
			_, err := s.CreateHardshipFile(ctx, sys, other)
			if fieldOf(err) != "members.1.id_number" {
				t.Errorf("the child in a second household: %v", err)
			}
			hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀某厂工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
			other = hardshipIn(hd, 3, 1_000_000)
			other.Head.IDNumber = in.Head.IDNumber
			if _, err := s.CreateHardshipFile(ctx, actor(f.haidian, gonghui.RoleCadre), other); fieldOf(err) != "head.id_number" {
				t.Errorf("the head filed again in another district: %v", err)
			}
		})

		mustMove(t, s, sys, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActCheck})
		if _, err := s.MoveHardshipFile(ctx, sys, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActApprove, FilingKind: "formal"}); fieldOf(err) != "action" {
			t.Errorf("approved before the visit and notice: %v", err)
		}
		mustMove(t, s, sys, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActVisit, Visitors: "张干事", Note: "入户核实"})
		file = mustMove(t, s, sys, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActNotice})
		if file.NoticeUntil != d(2026, 11, 7) {
			t.Errorf("notice until %s, want seven days", file.NoticeUntil)
		}

		t.Run("the files that wait, by kind and day", func(t *testing.T) {
			for _, c := range []struct {
				who  gonghui.Actor
				due  string
				on   gonghui.Date
				want int
			}{
				{street, gonghui.HardshipDueApprove, d(2026, 11, 7), 0}, // the notice's last day
				{street, gonghui.HardshipDueApprove, d(2026, 11, 8), 1},
				{own, gonghui.HardshipDueApprove, d(2026, 11, 8), 0}, // never its own
				{own, gonghui.HardshipDueProgress, d(2026, 11, 8), 0},
				{actor(f.haidian, gonghui.RoleCadre), gonghui.HardshipDueApprove, d(2026, 11, 8), 0},
			} {
				if ids := dueFiles(t, s, c.who, c.due, c.on); len(ids) != c.want {
					t.Errorf("%s on %s for %d: %v", c.due, c.on, c.who.OrgID, ids)
				}
			}
			if _, _, err := s.ListHardshipFiles(ctx, street, gonghui.HardshipFileFilter{Due: "someday"}); fieldOf(err) != "due" {
				t.Errorf("an unknown wait: %v", err)
			}
		})

		t.Run("approval at the level above, after the notice", func(t *testing.T) {
			setDay(s, d(2026, 11, 7))
			if _, err := s.MoveHardshipFile(ctx, street, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActApprove, FilingKind: "formal"}); fieldOf(err) != "on" {
				t.Errorf("approved on the notice's last day: %v", err)
			}
			setDay(s, d(2026, 11, 8))
			if _, err := s.MoveHardshipFile(ctx, own, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActApprove, FilingKind: "formal"}); fieldOf(err) != "action" {
				t.Errorf("the filing union approved itself: %v", err)
			}
			if _, err := s.MoveHardshipFile(ctx, actor(f.street, gonghui.RoleViewer), file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActApprove, FilingKind: "formal"}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer approved: %v", err)
			}
			file = mustMove(t, s, street, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActApprove, FilingKind: "temporary"})
			if file.State != gonghui.HardshipFiled || file.ApprovedLevel != gonghui.HardshipDeep || file.FilingKind != "temporary" || file.ReviewDue != d(2027, 11, 8) {
				t.Errorf("approved %+v", file)
			}
		})

		t.Run("the yearly review comes due a month ahead", func(t *testing.T) {
			for on, want := range map[gonghui.Date]int{d(2027, 10, 8): 0, d(2027, 10, 9): 1, d(2027, 12, 1): 1} {
				if ids := dueFiles(t, s, street, gonghui.HardshipDueReview, on); len(ids) != want {
					t.Errorf("reviews due on %s: %v", on, ids)
				}
			}
			if ids := dueFiles(t, s, street, gonghui.HardshipDueApprove, d(2026, 11, 9)); len(ids) != 0 {
				t.Errorf("approved, still to approve: %v", ids)
			}
		})

		t.Run("an approval's inputs are frozen", func(t *testing.T) {
			edit, err := s.HardshipEditInput(ctx, sys, file.ID)
			if err != nil {
				t.Fatal(err)
			}
			edit.Incomes[0].AmountFen = fen(9_000_000)
			edit.Members = edit.Members[:1]
			if file, err = s.UpdateHardshipFile(ctx, sys, file.ID, edit); err != nil {
				t.Fatal(err)
			}
			if _, err := s.SaveHardshipAllowance(ctx, sys, gonghui.HardshipAllowance{RegionCode: "110105", Year: 2026, MonthlyFen: 50_000}); err != nil {
				t.Fatal(err)
			}
			if file.Level != gonghui.HardshipNone || file.ApprovedLevel != gonghui.HardshipDeep {
				t.Errorf("after the edit: level %s, approved %s", file.Level, file.ApprovedLevel)
			}
			// The child left the household after the approval: still on file
			// as approved on the approval's days.
			child := mustMember(t, s, memberIn(f.joint, "子女", in.Members[1].IDNumber))
			st, err := s.HardshipFileOf(ctx, sys, child.PersonID, d(2026, 11, 9))
			if err != nil {
				t.Fatal(err)
			}
			ap := st.Approval
			if st.File.ID != file.ID || ap.Level != gonghui.HardshipDeep || ap.Means.Size != 3 || ap.Means.AllowanceFen != testAllowance || len(ap.Snapshot.Members) != 2 {
				t.Errorf("standing %+v", st)
			}
			if ap.Means.IncomeFen != 0 || ap.Snapshot.Incomes[0].AmountFen != nil {
				t.Errorf("the standing's figures are not masked: %+v", ap)
			}
			_, rec, err := s.HardshipRecordOf(ctx, sys, file.ID, true)
			if err != nil || len(rec.Approvals) != 1 || rec.Approvals[0].Means.IncomeFen != 3_000_000 || *rec.Approvals[0].Snapshot.Incomes[0].AmountFen != 3_000_000 {
				t.Errorf("record %+v: %v", rec, err)
			}
			if len(rec.History) != 4 || len(rec.Visits) != 1 {
				t.Errorf("history %d steps, %d visits", len(rec.History), len(rec.Visits))
			}
			if _, err := s.HardshipFileOf(ctx, sys, child.PersonID, d(2026, 11, 7)); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("on file before the approval: %v", err)
			}
		})

		t.Run("review, lifting out, relapse, closing", func(t *testing.T) {
			setDay(s, d(2026, 11, 20))
			if _, err := s.MoveHardshipFile(ctx, street, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActReview, FilingKind: "formal"}); fieldOf(err) != "level" {
				t.Errorf("reviewed above every threshold: %v", err)
			}
			edit, err := s.HardshipEditInput(ctx, sys, file.ID)
			if err != nil {
				t.Fatal(err)
			}
			edit.Incomes[0].AmountFen = fen(2_000_000) // two persons at 500 yuan: relative line 2,400,000
			if _, err := s.UpdateHardshipFile(ctx, sys, file.ID, edit); err != nil {
				t.Fatal(err)
			}
			file = mustMove(t, s, street, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActReview, FilingKind: "formal"})
			if file.ApprovedLevel != gonghui.HardshipRelative {
				t.Errorf("reviewed at %s", file.ApprovedLevel)
			}
			for day, want := range map[gonghui.Date]string{d(2026, 11, 19): gonghui.HardshipDeep, d(2026, 11, 20): gonghui.HardshipRelative} {
				st, err := s.HardshipFileOf(ctx, sys, member.PersonID, day)
				if err != nil || st.Approval.Level != want {
					t.Errorf("on %s: %s (%v), want %s", day, st.Approval.Level, err, want)
				}
			}
			setDay(s, d(2026, 11, 22))
			mustMove(t, s, sys, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActLift, Note: "再就业"})
			if err := s.AddHardshipVisit(ctx, sys, file.ID, gonghui.HardshipVisit{VisitedOn: d(2026, 11, 22), Kind: "followup", Visitors: "张干事", Note: "回访"}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.HardshipFileOf(ctx, sys, member.PersonID, d(2026, 11, 22)); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("on file after lifting out: %v", err)
			}
			mustMove(t, s, sys, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActRelapse, Note: "病情复发"})
			other := hardshipIn(f.joint, 4, 1_000_000)
			other.Head.IDNumber = in.Head.IDNumber
			if _, err := s.CreateHardshipFile(ctx, sys, other); fieldOf(err) != "head.id_number" {
				t.Errorf("a relapsed household's head filed elsewhere: %v", err)
			}
			mustMove(t, s, sys, file.ID, gonghui.HardshipTransition{Action: gonghui.HardshipActClose, Note: "迁出本市"})
			if _, err := s.CreateHardshipFile(ctx, sys, other); err != nil {
				t.Errorf("the head of a closed file in a new household: %v", err)
			}
			if _, err := s.UpdateHardshipFile(ctx, sys, file.ID, edit); fieldOf(err) != "state" {
				t.Errorf("edited a closed file: %v", err)
			}
		})

		t.Run("allowances are the federation administrator's", func(t *testing.T) {
			al := gonghui.HardshipAllowance{RegionCode: "110105", Year: 2025, MonthlyFen: 90_000}
			if _, err := s.SaveHardshipAllowance(ctx, actor(f.chaoyang, gonghui.RoleAdmin), al); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a district administrator set the allowance: %v", err)
			}
			if _, err := s.SaveHardshipAllowance(ctx, sys, gonghui.HardshipAllowance{RegionCode: "999999", Year: 1990}); fieldOf(err) == "" {
				t.Errorf("bad allowance saved: %v", err)
			}
		})
	})
}

// Evidence is kept in the database with its SHA-256, its type sniffed from
// its bytes, bounded in size; reading it back needs the reveal permission
// and is audited.
func TestHardshipAttachments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		file, err := s.CreateHardshipFile(ctx, sys, hardshipIn(f.g1, 1, 3_000_000))
		if err != nil {
			t.Fatal(err)
		}
		pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
		for _, c := range []struct {
			name  string
			data  []byte
			field string
		}{
			{"诊断证明.pdf", pdf, ""},
			{"病历.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), "file"},
			{"空.pdf", nil, "file"},
			{"太大.pdf", append(append([]byte{}, pdf...), make([]byte, 10<<20)...), "file"},
			{"", pdf, "name"},
		} {
			at, err := s.AddHardshipAttachment(ctx, sys, file.ID, c.name, c.data)
			if got := fieldOf(err); got != c.field {
				t.Errorf("%q: field %q, want %q (%v)", c.name, got, c.field, err)
			}
			if c.field == "" && (at.ContentType != "application/pdf" || at.Size != int64(len(pdf)) || len(at.SHA256) != 64) {
				t.Errorf("stored %+v", at)
			}
		}
		list, err := s.HardshipAttachments(ctx, actor(f.g1, gonghui.RoleViewer), file.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("%d attachments: %v", len(list), err)
		}
		if _, _, err := s.HardshipAttachmentData(ctx, actor(f.g1, gonghui.RoleCadre), file.ID, list[0].ID); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a cadre read the evidence: %v", err)
		}
		before := auditCount(t, s, "hardship.attachment.read")
		_, data, err := s.HardshipAttachmentData(ctx, actor(f.street, gonghui.RoleReviewer), file.ID, list[0].ID)
		if err != nil || string(data) != string(pdf) || auditCount(t, s, "hardship.attachment.read") != before+1 {
			t.Errorf("read back %d bytes: %v", len(data), err)
		}
		if _, err := s.HardshipAttachments(ctx, actor(f.haidian, gonghui.RoleReviewer), file.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("outside the scope: %v", err)
		}
	})
}

// dueFiles lists the ids of the files that wait for the actor on the day.
func dueFiles(t *testing.T, s *store.Store, a gonghui.Actor, due string, on gonghui.Date) []int64 {
	t.Helper()
	files, total, err := s.ListHardshipFiles(ctx, a, gonghui.HardshipFileFilter{Due: due, On: on})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(files))
	for i, f := range files {
		ids[i] = f.ID
	}
	if total != len(ids) {
		t.Errorf("total %d for %d files", total, len(ids))
	}
	return ids
}
