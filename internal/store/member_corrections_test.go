package store_test

import (
	"errors"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestMemberCorrections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		in := memberIn(f.g1, "李娜", storetest.CitizenID("110105", "19880512", 801))
		in.Phone, in.Education = "13800138000", "college"
		m := mustMember(t, s, in)
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀示例工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		other := mustMember(t, s, memberIn(hd, "赵强", storetest.CitizenID("110108", "19900101", 802)))
		member := gonghui.Actor{Username: "member:1", Path: gonghui.MemberScope}
		district := actor(f.chaoyang, gonghui.RoleCadre)
		haidian := actor(f.haidian, gonghui.RoleCadre)
		count := func(q string, args ...any) int {
			var n int
			if err := s.DB().QueryRowContext(ctx, s.Rebind(q), args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		// Nothing changed, or a bad value: refused, naming the field.
		for _, tc := range []struct {
			in    gonghui.CorrectionInput
			field string
		}{
			{gonghui.CorrectionInput{}, "correction"},
			{gonghui.CorrectionInput{Phone: "138 0013 8000", Education: "大学专科"}, "correction"},
			{gonghui.CorrectionInput{Phone: "12345"}, "phone"},
			{gonghui.CorrectionInput{Address: "北"}, "address"},
			{gonghui.CorrectionInput{Education: "doctorate"}, "education"},
		} {
			if _, err := s.ProposeCorrection(ctx, member, m.PersonID, tc.in); fieldOf(err) != tc.field {
				t.Errorf("%+v: %v, want %s", tc.in, err, tc.field)
			}
		}
		k, err := s.ProposeCorrection(ctx, member, m.PersonID, gonghui.CorrectionInput{Phone: "13900139000", Address: " 北京市朝阳区建国门外大街1号 ", Education: "college"})
		if err != nil || k.Status != gonghui.CorrectionPending || k.Phone != "139****9000" || k.Address != "北京市朝阳区****" || k.Education != "" || k.MemberID != m.ID {
			t.Fatalf("propose: %+v %v", k, err)
		}
		if n := count(`SELECT count(*) FROM member_corrections WHERE phone_sealed IS NOT NULL AND address_sealed IS NOT NULL`); n != 1 {
			t.Errorf("the proposed phone and address are not sealed: %d", n)
		}
		if _, err := s.ProposeCorrection(ctx, member, m.PersonID, gonghui.CorrectionInput{Education: "bachelor"}); fieldOf(err) != "correction" {
			t.Errorf("a second pending correction: %v", err)
		}
		// A member touches only their own; a cadre only their subtree's.
		if _, err := s.WithdrawCorrection(ctx, member, other.PersonID, k.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another member withdraws it: %v", err)
		}
		if _, err := s.ConfirmCorrection(ctx, haidian, k.ID, k.Version); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian confirms a Chaoyang member's correction: %v", err)
		}
		if _, err := s.GetCorrection(ctx, haidian, k.ID, false); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian reads it: %v", err)
		}
		if list, n, err := s.ListCorrections(ctx, haidian, gonghui.CorrectionFilter{}); err != nil || n != 0 || len(list) != 0 {
			t.Errorf("Haidian's list: %v %d %v", list, n, err)
		}
		if list, n, err := s.ListCorrections(ctx, district, gonghui.CorrectionFilter{Status: gonghui.CorrectionPending}); err != nil || n != 1 || list[0].ID != k.ID || list[0].Phone != "139****9000" {
			t.Errorf("Chaoyang's list: %v %d %v", list, n, err)
		}
		if _, err := s.ConfirmCorrection(ctx, actor(f.chaoyang, gonghui.RoleViewer), k.ID, k.Version); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a viewer confirms: %v", err)
		}
		if _, err := s.GetCorrection(ctx, district, k.ID, true); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a cadre without the reveal permission reveals: %v", err)
		}
		shown, err := s.GetCorrection(ctx, actor(f.chaoyang, gonghui.RoleAdmin), k.ID, true)
		if err != nil || !shown.Revealed || shown.Phone != "13900139000" || shown.Address != "北京市朝阳区建国门外大街1号" {
			t.Errorf("revealed: %+v %v", shown, err)
		}
		if n := count(`SELECT count(*) FROM audit_events WHERE action = 'member.reveal' AND record_type = 'member_correction' AND record_id = ?`, k.ID); n != 1 {
			t.Errorf("%d reveal events", n)
		}

		// Withdrawn, then proposed again and confirmed: the register holds
		// the new phone (found by it) and address, the rest as it was,
		// although the record was edited since the proposal.
		if w, err := s.WithdrawCorrection(ctx, member, m.PersonID, k.ID); err != nil || w.Status != gonghui.CorrectionWithdrawn {
			t.Fatalf("withdraw: %+v %v", w, err)
		}
		if _, err := s.WithdrawCorrection(ctx, member, m.PersonID, k.ID); fieldOf(err) != "status" {
			t.Errorf("withdrawn twice: %v", err)
		}
		k, err = s.ProposeCorrection(ctx, member, m.PersonID, gonghui.CorrectionInput{Phone: "13900139000", Address: "北京市朝阳区建国门外大街1号"})
		if err != nil {
			t.Fatal(err)
		}
		edit := m.ToInput()
		edit.Political = "masses"
		if m, err = s.UpdateMember(ctx, sys, m.ID, edit); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConfirmCorrection(ctx, district, k.ID, k.Version+1); !errors.Is(err, gonghui.ErrConflict) {
			t.Errorf("a stale confirmation: %v", err)
		}
		done, err := s.ConfirmCorrection(ctx, district, k.ID, k.Version)
		if err != nil || done.Status != gonghui.CorrectionConfirmed || done.DecidedBy != district.Username || done.DecidedOn != today {
			t.Fatalf("confirm: %+v %v", done, err)
		}
		after, err := s.GetMember(ctx, actor(f.chaoyang, gonghui.RoleAdmin), m.ID, true)
		if err != nil || after.Phone != "13900139000" || after.Address != "北京市朝阳区建国门外大街1号" || after.Political != "masses" || after.Education != "college" || after.Version != m.Version+1 {
			t.Errorf("the register after the confirmation: %+v %v", after, err)
		}
		if masked, _ := s.GetMember(ctx, district, m.ID, false); masked.Phone != "139****9000" || masked.Address != "北京市朝阳区****" {
			t.Errorf("masked: %q %q", masked.Phone, masked.Address)
		}
		if pg, err := s.MembersPage(ctx, district, gonghui.MemberFilter{Query: "13900139000"}); err != nil || len(pg.Members) != 1 || pg.Members[0].ID != m.ID {
			t.Errorf("the phone search after the confirmation: %+v %v", pg.Members, err)
		}
		if pg, _ := s.MembersPage(ctx, district, gonghui.MemberFilter{Query: "13800138000"}); len(pg.Members) != 0 {
			t.Errorf("the old phone still finds the member")
		}
		if n := count(`SELECT count(*) FROM audit_events WHERE action = 'member.update' AND record_id = ? AND username = ?`, m.ID, district.Username); n != 1 {
			t.Errorf("the confirmation is %d member edits", n)
		}
		if _, err := s.RejectCorrection(ctx, district, k.ID, gonghui.CorrectionRejection{Reason: "晚了"}); fieldOf(err) != "status" {
			t.Errorf("rejecting a confirmed correction: %v", err)
		}

		// Rejected with a reason the member reads; the register unchanged.
		k, err = s.ProposeCorrection(ctx, member, m.PersonID, gonghui.CorrectionInput{Education: "研究生"})
		if err != nil || k.Education != "postgraduate" {
			t.Fatalf("propose education: %+v %v", k, err)
		}
		if _, err := s.RejectCorrection(ctx, district, k.ID, gonghui.CorrectionRejection{Reason: "  ", Version: k.Version}); fieldOf(err) != "reason" {
			t.Errorf("a rejection without a reason: %v", err)
		}
		if _, err := s.RejectCorrection(ctx, haidian, k.ID, gonghui.CorrectionRejection{Reason: "无", Version: k.Version}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian rejects: %v", err)
		}
		if k, err = s.RejectCorrection(ctx, district, k.ID, gonghui.CorrectionRejection{Reason: "请提供学历证书", Version: k.Version}); err != nil || k.Status != gonghui.CorrectionRejected || k.Reason != "请提供学历证书" {
			t.Fatalf("reject: %+v %v", k, err)
		}
		if after, _ := s.GetMember(ctx, district, m.ID, false); after.Education != "college" {
			t.Errorf("a rejected correction changed the register: %q", after.Education)
		}
		own, err := s.MemberCorrections(ctx, m.PersonID)
		if h := own.History; err != nil || own.Pending != nil || len(h) != 3 || h[0].Status != gonghui.CorrectionRejected || h[1].Status != gonghui.CorrectionConfirmed || h[2].Status != gonghui.CorrectionWithdrawn ||
			own.Phone != "139****9000" || own.Address != "北京市朝阳区****" || own.Education != "college" {
			t.Errorf("the member's page: %+v %v", own, err)
		}
		if theirs, _ := s.MemberCorrections(ctx, other.PersonID); len(theirs.History) != 0 || theirs.Pending != nil {
			t.Errorf("another member's page: %+v", theirs)
		}
		for _, action := range []string{"propose", "withdraw", "confirm", "reject"} {
			if n := count(`SELECT count(*) FROM audit_events WHERE action = ?`, "member.correction."+action); n == 0 {
				t.Errorf("no %s event", action)
			}
		}
		if n := count(`SELECT count(*) FROM audit_events WHERE action = 'member.correction.propose' AND username = ? AND summary LIKE ?`, member.Username, "%13900139000%"); n != 0 {
			t.Error("the audit log holds a proposed phone in full")
		}
	})
}

func init() {
	// A confirmed correction is an edit of the member: the figures follow.
	statsScenarios = append(statsScenarios, statsScenario{name: "a member's confirmed correction", run: func(t *testing.T, s *store.Store, f fixture) {
		m := mustMember(t, s, memberIn(f.g1, "更正会员", storetest.CitizenID("110105", "19870707", 901)))
		k, err := s.ProposeCorrection(ctx, gonghui.Actor{Username: "member", Path: gonghui.MemberScope}, m.PersonID,
			gonghui.CorrectionInput{Phone: "13700137000", Address: "北京市朝阳区光华路9号", Education: "bachelor"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConfirmCorrection(ctx, sys, k.ID, k.Version); err != nil {
			t.Fatal(err)
		}
	}})
	lockRules = append(lockRules, lockRule{name: "one pending correction per member", refused: []string{"correction"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			m, _ := e.member(t)
			member := gonghui.Actor{Username: "member", Path: gonghui.MemberScope}
			return func(i int) error {
					_, err := e.s.ProposeCorrection(ctx, member, m.PersonID, gonghui.CorrectionInput{Address: "北京市朝阳区测试路" + string(rune('1'+i)) + "号"})
					return err
				}, func() int {
					var n int
					if err := e.s.DB().QueryRowContext(ctx, e.s.Rebind(`SELECT count(*) FROM member_corrections WHERE person_id = ? AND status = 'pending'`), m.PersonID).Scan(&n); err != nil {
						return -1
					}
					return n
				}
		}})
}
