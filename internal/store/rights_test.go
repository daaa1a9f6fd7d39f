package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func rightsID(n int) string { return storetest.CitizenID("110105", "19850301", 300+n) }

// rightsCaseIn is a mediation of n workers of org against employer,
// received on the day, the first three representatives.
func rightsCaseIn(org gonghui.Org, kind string, n int, on gonghui.Date) gonghui.RightsCaseInput {
	in := gonghui.RightsCaseInput{OrgID: org.ID, Kind: kind, ReceivedOn: on, EmployerName: "某建筑劳务有限公司", Summary: "拖欠三个月工资",
		KnownOn: on.AddDays(-30), Claims: []gonghui.RightsClaim{{Kind: gonghui.ClaimWages, AmountFen: 1_200_000}}}
	for i := range n {
		in.Parties = append(in.Parties, gonghui.RightsPartyInput{Name: fmt.Sprintf("王工%d", i), IDNumber: rightsID(i), Phone: "13800001234",
			Representative: n >= gonghui.GroupCaseSize && i < 3})
	}
	return in
}

func mustCase(t *testing.T, s *store.Store, in gonghui.RightsCaseInput) gonghui.RightsCase {
	t.Helper()
	k, err := s.CreateRightsCase(ctx, sys, in)
	if err != nil {
		t.Fatalf("create rights case: %v", err)
	}
	return k
}

func mustAct(t *testing.T, s *store.Store, a gonghui.Actor, id int64, st gonghui.RightsStepInput) gonghui.RightsCase {
	t.Helper()
	k, err := s.ActOnRightsCase(ctx, a, id, st)
	if err != nil {
		t.Fatalf("%s case %d: %v", st.Action, id, err)
	}
	return k
}

func deadline(k gonghui.RightsCase, kind string) gonghui.RightsDeadline {
	for _, d := range k.Deadlines {
		if d.Kind == kind {
			return d
		}
	}
	return gonghui.RightsDeadline{}
}

func TestRightsIntakeOpensCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		unit := mustUnit(t, s, f.g1.ID, 7)
		member := mustMember(t, s, memberIn(f.g1, "李四", rightsID(50)))
		d := gonghui.NewDate

		t.Run("a request's errors name the intake's fields", func(t *testing.T) {
			_, err := s.CreateRightsIntake(ctx, sys, gonghui.RightsIntakeInput{OrgID: f.street.ID, Channel: "12351热线", Kind: "求决",
				ReceivedOn: d(2026, 11, 20), CallerIDNumber: "110105198001011234", EmployerUSCC: "123", Summary: "欠薪"})
			var v *gonghui.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("err %v", err)
			}
			for _, field := range []string{"caller_name", "case_kind", "caller_id_number", "employer_uscc", "claims"} {
				if _, ok := v.Fields[field]; !ok {
					t.Errorf("no error for %s: %v", field, v.Fields)
				}
			}
		})

		t.Run("a consultation opens no case", func(t *testing.T) {
			in, err := s.CreateRightsIntake(ctx, sys, gonghui.RightsIntakeInput{OrgID: f.street.ID, Channel: "hotline", Kind: "consultation",
				ReceivedOn: d(2026, 11, 20), Summary: "咨询加班费计算"})
			if err != nil || in.CaseID != 0 {
				t.Fatalf("consultation %+v: %v", in, err)
			}
		})

		in, err := s.CreateRightsIntake(ctx, sys, gonghui.RightsIntakeInput{OrgID: f.street.ID, Channel: "walk_in", Kind: "request",
			ReceivedOn: d(2026, 11, 20), CallerName: "李四", CallerIDNumber: rightsID(50), CallerPhone: "13912345678", CallerMigrant: true,
			EmployerUSCC: unit.USCC, Summary: "公司拖欠两个月工资", CaseKind: "mediation", KnownOn: d(2026, 11, 1),
			Claims: []gonghui.RightsClaim{{Kind: "wages", AmountFen: 800_000}}})
		if err != nil {
			t.Fatal(err)
		}
		if in.PersonID != member.PersonID || in.UnitID != unit.ID || in.EmployerName != unit.Name || in.CaseID == 0 {
			t.Errorf("intake %+v: caller or employer not matched, or no case", in)
		}
		if in.CallerName != "李*" || in.CallerPhone != "139****5678" || in.CallerIDNumber == rightsID(50) {
			t.Errorf("caller not masked: %+v", in)
		}
		k, err := s.GetRightsCase(ctx, sys, in.CaseID, false)
		if err != nil {
			t.Fatal(err)
		}
		if k.IntakeID != in.ID || k.Kind != gonghui.CaseMediation || k.UnitID != unit.ID || len(k.Parties) != 1 || k.Parties[0].PersonID != member.PersonID ||
			!k.Parties[0].Migrant || k.ClaimedFen() != 800_000 || k.Number != fmt.Sprintf("WQ2026-%06d", k.ID) {
			t.Errorf("case %+v", k)
		}
		if len(k.Timeline) != 1 || k.Timeline[0].Action != "open" {
			t.Errorf("timeline %+v", k.Timeline)
		}
		if n := auditCount(t, s, "rights.intake.create"); n != 2 {
			t.Errorf("%d intakes audited", n)
		}

		t.Run("the caller is revealed with the permission, audited", func(t *testing.T) {
			if _, err := s.GetRightsIntake(ctx, actor(f.street, gonghui.RoleCadre), in.ID, true); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a cadre revealed: %v", err)
			}
			got, err := s.GetRightsIntake(ctx, actor(f.street, gonghui.RoleReviewer), in.ID, true)
			if err != nil || got.CallerName != "李四" || got.CallerIDNumber != rightsID(50) || got.CallerPhone != "13912345678" {
				t.Errorf("revealed %+v: %v", got, err)
			}
			if n := auditCount(t, s, "rights.intake.reveal"); n != 1 {
				t.Errorf("%d reveals audited", n)
			}
			var plain int
			if err := s.DB().QueryRow(s.Rebind(`SELECT count(*) FROM rights_intakes WHERE caller_name = ? OR caller_phone = ?`), "李四", "13912345678").Scan(&plain); err != nil || plain != 0 {
				t.Errorf("the caller stored in the clear: %d (%v)", plain, err)
			}
		})
	})
}

func TestRightsCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate

		t.Run("a group case of 10 or more elects 3 to 5 representatives", func(t *testing.T) {
			for _, c := range []struct {
				n, reps int
				field   string
			}{{9, 0, ""}, {10, 2, "parties"}, {10, 3, ""}, {12, 5, ""}, {12, 6, "parties"}} {
				in := rightsCaseIn(f.g1, gonghui.CaseMediation, c.n, d(2026, 11, 2))
				for i := range in.Parties {
					in.Parties[i].Representative = i < c.reps
				}
				_, err := s.CreateRightsCase(ctx, sys, in)
				if got := fieldOf(err); got != c.field {
					t.Errorf("%d workers, %d representatives: %q (%v), want %q", c.n, c.reps, got, err, c.field)
				}
			}
		})

		// Received on Wednesday 2026-05-06, the first working day after the
		// May Day holiday: 3 working days end on the make-up Saturday, 9
		// May; 15 days on Thursday 21 May.
		k := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 2, d(2026, 5, 6)))

		t.Run("deadlines from the calendar and the rules", func(t *testing.T) {
			acc, term := deadline(k, gonghui.ClockMediationAccept), deadline(k, gonghui.ClockMediationTerm)
			if acc.Due != d(2026, 5, 9) || term.Due != d(2026, 5, 21) {
				t.Errorf("accept due %s, term due %s: want the make-up Saturday 2026-05-09 and 2026-05-21", acc.Due, term.Due)
			}
			if !k.Overdue(gonghui.NewDate(2026, 11, 24)) {
				t.Errorf("not overdue today: %+v", k.Deadlines)
			}
			if lim := deadline(k, gonghui.ClockLimitation); lim.Kind != "" {
				t.Errorf("wage arrears while the job lasts have a limitation: %+v", lim)
			}
			// The administrator moves the make-up day: the clock follows.
			admin := actor(f.root, gonghui.RoleAdmin)
			if _, err := s.SaveCalendarDay(ctx, actor(f.chaoyang, gonghui.RoleAdmin), gonghui.CalendarDay{On: d(2026, 5, 9), Kind: gonghui.DayHoliday}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a district administrator kept the calendar: %v", err)
			}
			if _, err := s.SaveCalendarDay(ctx, admin, gonghui.CalendarDay{On: d(2026, 5, 9), Kind: gonghui.DayHoliday, Name: "劳动节"}); err != nil {
				t.Fatal(err)
			}
			k2, _ := s.GetRightsCase(ctx, sys, k.ID, false)
			if got := deadline(k2, gonghui.ClockMediationAccept).Due; got != d(2026, 5, 11) {
				t.Errorf("after the calendar changed: due %s, want 2026-05-11", got)
			}
			if _, err := s.SaveCalendarDay(ctx, admin, gonghui.CalendarDay{On: d(2026, 5, 9), Kind: gonghui.DayWorkday, Name: "劳动节"}); err != nil {
				t.Fatal(err)
			}
			// A district's own mediation term.
			if err := s.SaveClockRule(ctx, admin, "110105", gonghui.ClockRule{Kind: gonghui.ClockMediationTerm, N: 30, Unit: gonghui.ClockDays}); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveClockRule(ctx, admin, "110105", gonghui.ClockRule{Kind: "nap", N: 0, Unit: "weeks"}); fieldOf(err) == "" {
				t.Errorf("a bad rule saved: %v", err)
			}
		})

		t.Run("accepting meets the clock; steps carry versions", func(t *testing.T) {
			setDay(s, d(2026, 5, 11))
			if _, err := s.ActOnRightsCase(ctx, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, Version: k.Version + 5}); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("a stale step: %v", err)
			}
			got := mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, Version: k.Version})
			acc := deadline(got, gonghui.ClockMediationAccept)
			if acc.MetOn != d(2026, 5, 11) || !acc.Late() || acc.Overdue(d(2026, 6, 1)) {
				t.Errorf("accepted late: %+v", acc)
			}
			if _, err := s.ActOnRightsCase(ctx, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActClose, Outcome: gonghui.OutcomeSettled}); fieldOf(err) != "version" {
				t.Errorf("a step without the version: %v", err)
			}
			got = mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActClose, Outcome: gonghui.OutcomeSettled, RecoveredFen: 2_000_000, Version: got.Version})
			if got.State != gonghui.CaseClosed || got.RecoveredFen != 2_000_000 || got.Overdue(d(2027, 1, 1)) {
				t.Errorf("closed %+v", got)
			}
			if _, err := s.UpdateRightsCase(ctx, sys, k.ID, rightsCaseIn(f.g1, gonghui.CaseMediation, 2, d(2026, 5, 6))); fieldOf(err) != "state" {
				t.Errorf("edited a closed case: %v", err)
			}
			setToday(s)
		})

		t.Run("edits are compare-and-set on the version", func(t *testing.T) {
			k := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseLegalAid, 1, d(2026, 11, 2)))
			in, err := s.RightsCaseEditInput(ctx, sys, k.ID)
			if err != nil || in.Parties[0].IDNumber != rightsID(0) {
				t.Fatalf("edit input %+v: %v", in, err)
			}
			in.Claims[0].AmountFen = 1_500_000
			if _, err := s.UpdateRightsCase(ctx, sys, k.ID, in); err != nil {
				t.Fatal(err)
			}
			if _, err := s.UpdateRightsCase(ctx, sys, k.ID, in); !errors.Is(err, gonghui.ErrConflict) {
				t.Errorf("a second edit from the same version: %v", err)
			}
		})

		t.Run("personal data masked, revealed with the permission, audited", func(t *testing.T) {
			k := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 1, d(2026, 11, 2)))
			p := k.Parties[0]
			if p.Name != "王**" || p.IDNumber == rightsID(0) || p.Phone != "138****1234" {
				t.Errorf("not masked: %+v", p)
			}
			if _, err := s.GetRightsCase(ctx, actor(f.g1, gonghui.RoleCadre), k.ID, true); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a cadre revealed: %v", err)
			}
			before := auditCount(t, s, "rights.reveal")
			got, err := s.GetRightsCase(ctx, actor(f.street, gonghui.RoleReviewer), k.ID, true)
			if err != nil || got.Parties[0].Name != "王工0" || got.Parties[0].IDNumber != rightsID(0) || !got.Revealed {
				t.Errorf("revealed %+v: %v", got.Parties, err)
			}
			if n := auditCount(t, s, "rights.reveal"); n != before+1 {
				t.Errorf("reveals audited %d → %d", before, n)
			}
		})

		t.Run("a union cannot reach another subtree's case", func(t *testing.T) {
			k := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 1, d(2026, 11, 2)))
			other := actor(f.haidian, gonghui.RoleAdmin)
			if _, err := s.GetRightsCase(ctx, other, k.ID, false); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("read: %v", err)
			}
			if _, err := s.ActOnRightsCase(ctx, other, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActNote, Note: "x"}); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("step: %v", err)
			}
			if _, err := s.UpdateRightsCase(ctx, other, k.ID, rightsCaseIn(f.g1, gonghui.CaseMediation, 1, d(2026, 11, 2))); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("edit: %v", err)
			}
			if _, err := s.RightsDocuments(ctx, other, k.ID); err != nil {
				t.Errorf("documents: %v", err)
			} else if docs, _ := s.RightsDocuments(ctx, other, k.ID); len(docs) != 0 {
				t.Errorf("documents seen: %d", len(docs))
			}
			if _, _, err := s.RightsDocumentData(ctx, other, k.ID, 1); !errors.Is(err, gonghui.ErrNotFound) {
				t.Errorf("document: %v", err)
			}
			list, n, err := s.ListRightsCases(ctx, other, gonghui.RightsCaseFilter{})
			if err != nil || n != 0 || len(list) != 0 {
				t.Errorf("listed %d: %v", n, err)
			}
			if _, err := s.CreateRightsCase(ctx, other, rightsCaseIn(f.g1, gonghui.CaseMediation, 1, d(2026, 11, 2))); fieldOf(err) != "org_id" {
				t.Errorf("filed with another subtree's union: %v", err)
			}
			if _, n, _ := s.ListRightsCases(ctx, actor(f.chaoyang, gonghui.RoleViewer), gonghui.RightsCaseFilter{}); n == 0 {
				t.Errorf("the district does not see its union's cases")
			}
		})

		t.Run("overdue cases are listed and counted", func(t *testing.T) {
			open, _, err := s.ListRightsCases(ctx, sys, gonghui.RightsCaseFilter{Overdue: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range open {
				if !k.Overdue(gonghui.NewDate(2026, 11, 24)) {
					t.Errorf("listed as overdue: %+v", k.Deadlines)
				}
			}
			overdue, _, err := s.RightsDue(ctx, sys, 7)
			if err != nil || overdue != len(open) {
				t.Errorf("due: %d overdue (%v), listed %d", overdue, err, len(open))
			}
		})
	})
}

func TestRightsLegalAidEligibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		mustAllowance(t, s)
		d := gonghui.NewDate
		district := actor(f.chaoyang, gonghui.RoleCadre)
		hh := hardshipIn(f.g1, 1, 3_000_000)
		file := fileHousehold(t, s, hh, d(2026, 10, 1), district)
		mustMember(t, s, memberIn(f.g1, hh.Head.Name, hh.Head.IDNumber))
		setToday(s)

		aid := func(party gonghui.RightsPartyInput, kind string) gonghui.RightsCaseInput {
			in := rightsCaseIn(f.g1, gonghui.CaseLegalAid, 1, d(2026, 11, 2))
			in.Parties = []gonghui.RightsPartyInput{party}
			in.Claims = []gonghui.RightsClaim{{Kind: kind, AmountFen: 500_000}}
			return in
		}
		cases := []struct {
			name     string
			in       gonghui.RightsCaseInput
			eligible bool
		}{
			{"the household's head, found by the register", aid(gonghui.RightsPartyInput{Name: hh.Head.Name, IDNumber: hh.Head.IDNumber}, "overtime"), true},
			{"a household member named by the file", aid(gonghui.RightsPartyInput{Name: "配偶", HardshipFileID: file.ID}, "compensation"), true},
			{"no hardship file", aid(gonghui.RightsPartyInput{Name: "赵六", IDNumber: rightsID(60)}, "overtime"), false},
			{"a migrant worker's wages are exempt", aid(gonghui.RightsPartyInput{Name: "赵六", IDNumber: rightsID(60), Migrant: true}, "wages"), true},
			{"a migrant worker's overtime is not", aid(gonghui.RightsPartyInput{Name: "赵六", IDNumber: rightsID(60), Migrant: true}, "overtime"), false},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				k := mustCase(t, s, c.in)
				if k.Eligibility == nil || k.Eligibility.Eligible != c.eligible {
					t.Errorf("eligibility %+v, want %v (parties %+v)", k.Eligibility, c.eligible, k.Parties)
				}
			})
		}

		t.Run("a file outside the scope is named", func(t *testing.T) {
			_, err := s.CreateRightsCase(ctx, actor(f.haidian, gonghui.RoleCadre), aid(gonghui.RightsPartyInput{Name: "某", HardshipFileID: file.ID}, "wages"))
			if !strings.Contains(fieldOf(err), "parties.0.hardship_file_id") {
				t.Errorf("another district's file: %v", err)
			}
		})

		t.Run("an override needs a reason and is audited", func(t *testing.T) {
			k := mustCase(t, s, aid(gonghui.RightsPartyInput{Name: "赵六", IDNumber: rightsID(60)}, "overtime"))
			if _, err := s.ActOnRightsCase(ctx, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, Version: k.Version}); fieldOf(err) != "action" {
				t.Errorf("accepted though not eligible: %v", err)
			}
			if _, err := s.ActOnRightsCase(ctx, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActOverride, Version: k.Version}); fieldOf(err) != "note" {
				t.Errorf("override without a reason: %v", err)
			}
			if _, err := s.ActOnRightsCase(ctx, actor(f.g1, gonghui.RoleViewer), k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActOverride, Note: "x", Version: k.Version}); !errors.Is(err, gonghui.ErrForbidden) {
				t.Errorf("a viewer overrode: %v", err)
			}
			k = mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActOverride, Note: "突发重病，家庭收入骤减", Version: k.Version})
			events, n, err := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "rights.eligibility.override"})
			if err != nil || n != 1 || !strings.Contains(events[0].Summary, "突发重病") {
				t.Errorf("override audited %d: %+v (%v)", n, events, err)
			}
			got := mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, Version: k.Version})
			if got.AcceptedOn.IsZero() || got.OverrideReason == "" {
				t.Errorf("accepted %+v", got)
			}
		})

		t.Run("aid refused with its reason", func(t *testing.T) {
			k := mustCase(t, s, aid(gonghui.RightsPartyInput{Name: "赵六", IDNumber: rightsID(60)}, "other"))
			if _, err := s.ActOnRightsCase(ctx, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActRefuse, Version: k.Version}); fieldOf(err) != "note" {
				t.Errorf("refused without a reason: %v", err)
			}
			got := mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActRefuse, Note: "请求事项不属于援助范围", Version: k.Version})
			if got.State != gonghui.CaseClosed || got.Outcome != gonghui.OutcomeAidRefused || got.OutcomeReason == "" {
				t.Errorf("refused %+v", got)
			}
		})
	})
}

func TestRightsSupervisionAndDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		in := rightsCaseIn(f.g1, gonghui.CaseSupervision, 0, d(2026, 9, 1))
		in.Claims = nil
		k := mustCase(t, s, in)
		// An opinion sent on Friday 25 September (the Mid-Autumn holiday
		// starts that day) and a suggestion on Wednesday 30 September.
		setDay(s, d(2026, 9, 30))
		k = mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActLetter, LetterKind: gonghui.LetterOpinion, On: d(2026, 9, 24), Version: k.Version})
		k = mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActLetter, LetterKind: "劳动法律监督建议书", Version: k.Version})
		ans, acc := deadline(k, gonghui.ClockLetterAnswer), deadline(k, gonghui.ClockLetterAccept)
		// 24 Sep (Thu) + 15 working days: 28, 29, 30 Sep, 8, 9, 10 (make-up Sat), 12–16, 19–22 Oct.
		if ans.Due != d(2026, 10, 22) {
			t.Errorf("opinion answer due %s, want 2026-10-22", ans.Due)
		}
		// 30 Sep (Wed) + 5 working days: 8, 9, 10 (make-up Sat), 12, 13 Oct.
		if acc.Due != d(2026, 10, 13) {
			t.Errorf("suggestion acceptance due %s, want 2026-10-13", acc.Due)
		}
		setDay(s, d(2026, 10, 14))
		k = mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAnswer, LetterID: acc.LetterID, Version: k.Version})
		if a := deadline(k, gonghui.ClockLetterAccept); !a.Late() {
			t.Errorf("accepted a day late: %+v", a)
		}
		setToday(s)

		pdf := []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
		if _, err := s.AddRightsDocument(ctx, sys, k.ID, "工资条.exe", []byte("MZ\x90\x00")); fieldOf(err) != "file" {
			t.Errorf("an executable stored: %v", err)
		}
		doc, err := s.AddRightsDocument(ctx, sys, k.ID, "监督意见书.pdf", pdf)
		if err != nil || len(doc.SHA256) != 64 || doc.Size != int64(len(pdf)) {
			t.Fatalf("stored %+v: %v", doc, err)
		}
		if _, _, err := s.RightsDocumentData(ctx, actor(f.g1, gonghui.RoleCadre), k.ID, doc.ID); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a cadre read it: %v", err)
		}
		_, data, err := s.RightsDocumentData(ctx, actor(f.street, gonghui.RoleReviewer), k.ID, doc.ID)
		if err != nil || string(data) != string(pdf) || auditCount(t, s, "rights.document.read") != 1 {
			t.Errorf("read back %d bytes: %v", len(data), err)
		}
		got, err := s.GetRightsCase(ctx, sys, k.ID, false)
		if err != nil || len(got.Timeline) != 5 {
			t.Errorf("timeline %+v: %v", got.Timeline, err)
		}
	})
}

// Three intakes against one employer within 30 days raise a warning: by
// the unit matched (whatever name was typed), else by the name; older
// intakes and other subtrees do not count.
func TestRightsGroupDisputeWarnings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		unit := mustUnit(t, s, f.g1.ID, 9)
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀某厂工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		d := gonghui.NewDate
		take := func(org gonghui.Org, on gonghui.Date, name, code string) {
			t.Helper()
			if _, err := s.CreateRightsIntake(ctx, sys, gonghui.RightsIntakeInput{OrgID: org.ID, Channel: "hotline", Kind: "consultation",
				ReceivedOn: on, EmployerName: name, EmployerUSCC: code, Summary: "咨询欠薪"}); err != nil {
				t.Fatal(err)
			}
		}
		take(f.g1, d(2026, 10, 20), "", unit.USCC)       // outside the window ending 2026-11-24
		take(f.g1, d(2026, 10, 26), "示例单位简称", unit.USCC) // the first of the 30 days
		take(f.g1, d(2026, 11, 10), "", unit.USCC)
		take(f.street, d(2026, 11, 24), "另一写法", unit.USCC)
		take(f.g1, d(2026, 11, 1), "某餐饮店", "")
		take(f.g1, d(2026, 11, 2), "某餐饮店", "")
		take(hd, d(2026, 11, 3), "某餐饮店", "")
		on := d(2026, 11, 24)
		got, err := s.RightsWarnings(ctx, sys, on)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].UnitID != unit.ID || got[0].Intakes != 3 || got[0].FirstOn != d(2026, 10, 26) || got[0].LastOn != on ||
			got[1].EmployerName != "某餐饮店" || got[1].Intakes != 3 {
			t.Fatalf("warnings %+v", got)
		}
		if got, _ := s.RightsWarnings(ctx, actor(f.chaoyang, gonghui.RoleViewer), on); len(got) != 1 || got[0].UnitID != unit.ID {
			t.Errorf("Chaoyang's warnings: %+v", got)
		}
		if got, _ := s.RightsWarnings(ctx, sys, d(2026, 11, 23)); len(got) != 1 || got[0].EmployerName != "某餐饮店" {
			t.Errorf("the day before the third intake: %+v", got)
		}
	})
}
