package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

var today = gonghui.NewDate(2026, 11, 24)

func memberIn(org gonghui.Org, name, id string) gonghui.MemberInput {
	return gonghui.MemberInput{Name: name, IDNumber: id, OrgID: org.ID, JoinedOn: gonghui.NewDate(2017, 3, 1)}
}

func setToday(s *store.Store) {
	s.SetClock(func() time.Time { return time.Date(2026, 11, 24, 10, 0, 0, 0, gonghui.Shanghai) })
}

func mustMember(t *testing.T, s *store.Store, in gonghui.MemberInput) gonghui.Member {
	t.Helper()
	m, _, err := s.SaveMember(ctx, sys, in)
	if err != nil {
		t.Fatalf("save member %s: %v", in.Name, err)
	}
	return m
}

func TestMemberRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		unit := mustUnit(t, s, f.g1.ID, 1)
		id := storetest.CitizenID("110105", "19900307", 123)
		in := memberIn(f.g1, "张伟", " "+strings.ToLower(id)+" ")
		in.Phone, in.Sex, in.Ethnicity, in.Education, in.Employment, in.UnitID, in.CardNo = "138 0000 1234", "男", "汉", "大学本科", "劳务派遣", unit.ID, "c-0001"
		m, res, err := s.SaveMember(ctx, sys, in)
		if err != nil || res != store.Inserted {
			t.Fatalf("save: %v %v", res, err)
		}
		if m.IDNumber != "110105********123"+id[17:] || m.Phone != "138****1234" || !m.Birth.IsZero() || m.AgeBand != gonghui.Age35to44 || m.Sex != "male" ||
			m.Province != "11" || m.Ethnicity != "汉族" || m.Education != "bachelor" || m.Employment != "dispatch" || m.UnitName != unit.Name ||
			m.CardNo != "C-0001" || m.Status != gonghui.MemberActive || m.OrgID != f.g1.ID {
			t.Errorf("member %+v", m)
		}
		// Saving the same again changes nothing; a changed detail updates.
		if _, res, err := s.SaveMember(ctx, sys, in); err != nil || res != store.Unchanged {
			t.Errorf("resave: %v %v", res, err)
		}
		in.Phone = "13900001111"
		if _, res, _ := s.SaveMember(ctx, sys, in); res != store.Updated {
			t.Errorf("changed phone: %v", res)
		}
		// Search: name prefix, pinyin initials, exact ID, phone, card.
		for _, q := range []string{"张", "张伟", "zw", "ZW", id, strings.ToLower(id), "13900001111", "c-0001"} {
			got, total, err := s.ListMembers(ctx, sys, gonghui.MemberFilter{Query: q})
			if err != nil || total != 1 || got[0].ID != m.ID {
				t.Errorf("search %q: %d %v", q, total, err)
			}
		}
		for _, q := range []string{"李", "zq", storetest.CitizenID("110105", "19900307", 125), "13800001234"} {
			if _, total, _ := s.ListMembers(ctx, sys, gonghui.MemberFilter{Query: q}); total != 0 {
				t.Errorf("search %q found %d", q, total)
			}
		}
		// The same person cannot be active in a second union.
		other := memberIn(f.joint, "张伟", id)
		if _, _, err := s.SaveMember(ctx, sys, other); fieldOf(err) != "id_number" || !strings.Contains(err.Error(), f.g1.Name) {
			t.Errorf("second union: %v", err)
		}
		// Validation errors name their fields.
		bad := []struct {
			in    gonghui.MemberInput
			field string
		}{
			{memberIn(f.g1, "", storetest.CitizenID("110105", "19850101", 1)), "name"},
			{memberIn(f.g1, "x", "1.10105199001011E+17"), "id_number"},
			{memberIn(f.g1, "x", id[:17]+"0"), "id_number"},
			{gonghui.MemberInput{Name: "x", IDNumber: storetest.CitizenID("110105", "19850101", 1), OrgID: f.g1.ID, JoinedOn: gonghui.NewDate(2027, 1, 1)}, "joined_on"},
			{gonghui.MemberInput{Name: "x", IDNumber: storetest.CitizenID("110105", "19850101", 1), OrgID: f.g1.ID}, "joined_on"},
			{gonghui.MemberInput{Name: "x", IDNumber: storetest.CitizenID("110105", "19850101", 1), OrgID: f.g1.ID, JoinedOn: today, Sex: "女"}, "sex"},
			{gonghui.MemberInput{Name: "x", IDNumber: storetest.CitizenID("110105", "19850101", 1), OrgID: f.g1.ID, JoinedOn: today, Phone: "12345"}, "phone"},
			{gonghui.MemberInput{Name: "x", IDNumber: storetest.CitizenID("110105", "19850101", 1), OrgID: f.g1.ID, JoinedOn: today, Education: "博士后"}, "education"},
			{gonghui.MemberInput{Name: "x", IDNumber: storetest.CitizenID("110105", "19850101", 1), OrgID: f.haidian.ID + 9999, JoinedOn: today}, "org_id"},
		}
		for i, tc := range bad {
			if _, _, err := s.SaveMember(ctx, sys, tc.in); fieldOf(err) != tc.field {
				t.Errorf("case %d: fields %q (%v), want %q", i, fieldOf(err), err, tc.field)
			}
		}
		// Reveal needs the permission and is audited.
		cadre := actor(f.chaoyang, gonghui.RoleCadre)
		if _, err := s.GetMember(ctx, cadre, m.ID, true); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("cadre reveal: %v", err)
		}
		full, err := s.GetMember(ctx, actor(f.chaoyang, gonghui.RoleAdmin), m.ID, true)
		if err != nil || full.IDNumber != id || full.Phone != "13900001111" || !full.Revealed {
			t.Errorf("reveal: %+v %v", full, err)
		}
		if ev, _, _ := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "member.reveal"}); len(ev) != 1 || ev[0].RecordID != m.ID {
			t.Errorf("reveal audit: %+v", ev)
		}
		// The database itself refuses a second active membership.
		_, err = s.DB().Exec(`INSERT INTO memberships (person_id, org_id, status, joined_on, created_at, updated_at) VALUES (` +
			itoa(m.PersonID) + `, ` + itoa(f.joint.ID) + `, 'active', '2020-01-01', 0, 0)`)
		if err == nil {
			t.Error("database accepted a second active membership")
		}
		// Leaving needs a reason; the person may later join another union.
		if _, err := s.EndMembership(ctx, sys, m.ID, gonghui.MemberLeft, today, ""); fieldOf(err) != "reason" {
			t.Errorf("leave without reason: %v", err)
		}
		left, err := s.EndMembership(ctx, sys, m.ID, gonghui.MemberLeft, today, "调离本市")
		if err != nil || left.Status != gonghui.MemberLeft || left.LeaveReason != "调离本市" || left.LeftOn != today {
			t.Errorf("leave: %+v %v", left, err)
		}
		// Joining again is dated no earlier than the leaving: the person is
		// never held twice on one day.
		if _, _, err := s.SaveMember(ctx, sys, other); fieldOf(err) != "joined_on" {
			t.Errorf("rejoin dated 2017, before leaving in 2026: %v", err)
		}
		other.JoinedOn = today
		rejoin, res, err := s.SaveMember(ctx, sys, other)
		if err != nil || res != store.Updated || rejoin.ID == m.ID || rejoin.PersonID != m.PersonID {
			t.Errorf("rejoin: %+v %v %v", rejoin, res, err)
		}
		hist, _ := s.MemberHistory(ctx, sys, rejoin.ID)
		if len(hist) != 2 {
			t.Errorf("history: %d memberships", len(hist))
		}
		if _, total, _ := s.ListMembers(ctx, sys, gonghui.MemberFilter{Status: gonghui.MemberLeft}); total != 1 {
			t.Errorf("left members: %d", total)
		}
	})
}

func TestMemberScopeAndTransfer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		hdUnion := mustOrg(t, s, gonghui.OrgInput{Name: "海淀示例工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		m := mustMember(t, s, memberIn(f.g1, "李娜", storetest.CitizenID("110108", "19920211", 222)))
		cy := actor(f.chaoyang, gonghui.RoleCadre)
		hd := actor(f.haidian, gonghui.RoleCadre)
		// Haidian can neither see nor change nor transfer a Chaoyang member.
		if _, err := s.GetMember(ctx, hd, m.ID, false); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian reads: %v", err)
		}
		if _, total, _ := s.ListMembers(ctx, hd, gonghui.MemberFilter{}); total != 0 {
			t.Errorf("haidian lists %d", total)
		}
		if _, err := s.StartTransfer(ctx, hd, m.ID, hdUnion.ID, "x"); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian transfers: %v", err)
		}
		if _, err := s.UpdateMember(ctx, hd, m.ID, memberIn(f.g1, "x", storetest.CitizenID("110108", "19920211", 222))); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian updates: %v", err)
		}
		if _, err := s.EndMembership(ctx, hd, m.ID, gonghui.MemberDeceased, today, ""); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian ends: %v", err)
		}
		if _, err := s.ChangeCard(ctx, hd, m.ID, store.CardIssue, "X-1234", today); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("haidian issues card: %v", err)
		}
		// Chaoyang starts a transfer to Haidian; the member stays active meanwhile.
		tr, err := s.StartTransfer(ctx, cy, m.ID, hdUnion.ID, "工作调动")
		if err != nil || tr.Status != gonghui.TransferPending || tr.ToOrgName != hdUnion.Name || tr.Incoming {
			t.Fatalf("start: %+v %v", tr, err)
		}
		if _, err := s.StartTransfer(ctx, cy, m.ID, hdUnion.ID, "again"); fieldOf(err) != "member_id" {
			t.Errorf("second pending transfer: %v", err)
		}
		incoming, _, _ := s.ListTransfers(ctx, hd, "", gonghui.Page{})
		if len(incoming) != 1 || !incoming[0].Incoming {
			t.Errorf("haidian incoming: %+v", incoming)
		}
		if _, err := s.DecideTransfer(ctx, cy, tr.ID, gonghui.TransferAccepted, ""); fieldOf(err) != "status" {
			t.Errorf("sender accepts: %v", err)
		}
		if _, err := s.DecideTransfer(ctx, hd, tr.ID, gonghui.TransferRejected, ""); fieldOf(err) != "note" {
			t.Errorf("reject without reason: %v", err)
		}
		other := actor(f.root, gonghui.RoleCadre)
		other.Path = "/999/"
		if _, err := s.DecideTransfer(ctx, other, tr.ID, gonghui.TransferAccepted, ""); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("stranger decides: %v", err)
		}
		done, err := s.DecideTransfer(ctx, hd, tr.ID, gonghui.TransferAccepted, "")
		if err != nil || done.Status != gonghui.TransferAccepted || done.NewMemberID == 0 {
			t.Fatalf("accept: %+v %v", done, err)
		}
		old, _ := s.GetMember(ctx, cy, m.ID, false)
		if old.Status != gonghui.MemberTransferred || old.LeftOn != today {
			t.Errorf("old membership %+v", old)
		}
		nm, err := s.GetMember(ctx, hd, done.NewMemberID, false)
		if err != nil || nm.Status != gonghui.MemberActive || nm.OrgID != hdUnion.ID || nm.JoinedOn != m.JoinedOn || nm.PersonID != m.PersonID {
			t.Errorf("new membership %+v %v", nm, err)
		}
		if _, total, _ := s.ListMembers(ctx, cy, gonghui.MemberFilter{}); total != 0 {
			t.Errorf("chaoyang still has %d active", total)
		}
		if _, err := s.DecideTransfer(ctx, hd, tr.ID, gonghui.TransferAccepted, ""); fieldOf(err) != "status" {
			t.Errorf("accept twice: %v", err)
		}
		// A transfer back, cancelled by the sender.
		back, err := s.StartTransfer(ctx, hd, nm.ID, f.g1.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if c, err := s.DecideTransfer(ctx, hd, back.ID, gonghui.TransferCancelled, ""); err != nil || c.Status != gonghui.TransferCancelled {
			t.Errorf("cancel: %+v %v", c, err)
		}
	})
}

func TestCardsCountsQuality(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		a := mustMember(t, s, memberIn(f.g1, "王芳", storetest.CitizenID("110105", "19880808", 124)))
		b := mustMember(t, s, memberIn(f.joint, "刘洋", storetest.CitizenID("110105", "19950505", 311)))
		if _, err := s.ChangeCard(ctx, sys, a.ID, store.CardReplace, "K-0002", today); fieldOf(err) != "card_no" {
			t.Errorf("replace without card: %v", err)
		}
		got, err := s.ChangeCard(ctx, sys, a.ID, store.CardIssue, "k-0001", today)
		if err != nil || got.CardNo != "K-0001" {
			t.Fatalf("issue: %+v %v", got, err)
		}
		if _, err := s.ChangeCard(ctx, sys, b.ID, store.CardIssue, "K-0001", today); fieldOf(err) != "card_no" {
			t.Errorf("duplicate card number: %v", err)
		}
		if got, err = s.ChangeCard(ctx, sys, a.ID, store.CardReplace, "K-0002", today); err != nil || got.CardNo != "K-0002" {
			t.Errorf("replace: %+v %v", got, err)
		}
		cards, _ := s.Cards(ctx, sys, a.ID)
		if len(cards) != 2 || cards[0].Status != "active" || cards[1].Status != "replaced" {
			t.Errorf("cards %+v", cards)
		}
		if _, err := s.ChangeCard(ctx, sys, b.ID, store.CardIssue, "K-0003", today); err != nil {
			t.Fatal(err)
		}
		if got, err = s.ChangeCard(ctx, sys, b.ID, store.CardCancel, "", today); err != nil || got.CardNo != "" {
			t.Errorf("cancel: %+v %v", got, err)
		}

		// Counts: g1 reported 10, joint reported nothing (stands in with 1).
		ten := 10
		if _, err := s.UpdateOrg(ctx, sys, f.g1.ID, gonghui.OrgInput{Name: f.g1.Name, Kind: f.g1.Kind, FoundedOn: f.g1.FoundedOn, ReportedMembers: &ten}); err != nil {
			t.Fatal(err)
		}
		mc, err := s.MemberCounts(ctx, sys, f.chaoyang.ID)
		if err != nil || mc.Total != 11 || mc.Reported != 10 || mc.RealName != 2 || mc.Cards != 1 {
			t.Errorf("counts %+v %v", mc, err)
		}
		if r := mc.RealNameRate(); r < 18.18 || r > 18.19 {
			t.Errorf("real-name rate %.3f", r)
		}

		// Quality checks.
		mustMember(t, s, memberIn(f.g1, "少年", storetest.CitizenID("110105", "20150101", 11)))
		mustMember(t, s, memberIn(f.joint, "王芳", storetest.CitizenID("110105", "19880808", 126)))
		unit := mustUnit(t, s, f.joint.ID, 3)
		in := memberIn(f.g1, "赵强", storetest.CitizenID("110105", "19800101", 13))
		in.UnitID = unit.ID
		mustMember(t, s, in)
		bad := storetest.CitizenID("110105", "19700101", 15)
		bad = bad[:17] + map[bool]string{true: "1", false: "0"}[bad[17] == '0']
		var index []byte
		if err := s.DB().QueryRow(s.Rebind(`SELECT id_index FROM persons WHERE id = ?`), a.PersonID).Scan(&index); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DB().Exec(s.Rebind(`UPDATE persons SET id_sealed = ? WHERE id = ?`), storetest.Keys.Seal(bad, store.PersonIDBinding(index)), a.PersonID); err != nil {
			t.Fatal(err)
		}
		checks, err := s.MemberQuality(ctx, actor(f.chaoyang, gonghui.RoleViewer), 0, today)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"duplicates": 2, "checksum": 1, "age": 1, "unit_coverage": 1}
		for _, c := range checks {
			if c.Count != want[c.Key] || len(c.Issues) != c.Count {
				t.Errorf("check %s: %d (%d listed), want %d", c.Key, c.Count, len(c.Issues), want[c.Key])
			}
			delete(want, c.Key)
		}
		if len(want) != 0 {
			t.Errorf("checks missing: %v", want)
		}
	})
}
