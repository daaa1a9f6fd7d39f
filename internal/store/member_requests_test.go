package store_test

import (
	"bytes"
	"errors"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// aPDF is the smallest file the documents' sniffing takes for a PDF.
var aPDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

func TestMemberRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		acct, _ := activated(t, s, f.g1, "会员申请人", 901)
		other, _ := activated(t, s, f.joint, "另一会员", 902)
		grant := x.progs[gonghui.ProgGoldenAutumn]
		cadre := actor(f.g1, gonghui.RoleCadre)
		haidian := actor(f.haidian, gonghui.RoleCadre)

		progs, err := s.RequestProgrammes(ctx, acct)
		if err != nil || len(progs) == 0 {
			t.Fatalf("programmes open to the member: %d, %v", len(progs), err)
		}

		for _, bad := range []struct {
			name  string
			in    gonghui.MemberRequestInput
			docs  []store.RequestUpload
			field string
		}{
			{"no kind", gonghui.MemberRequestInput{Statement: "x"}, nil, "kind"},
			{"no statement", gonghui.MemberRequestInput{Kind: "programme", ProgrammeID: grant.ID}, nil, "statement"},
			{"no programme", gonghui.MemberRequestInput{Kind: "programme", Statement: "孩子上大学"}, nil, "programme_id"},
			{"another union's programme", gonghui.MemberRequestInput{Kind: "programme", ProgrammeID: 999_999, Statement: "x"}, nil, "programme_id"},
			{"legal aid without employer", gonghui.MemberRequestInput{Kind: "legal_aid", Statement: "欠薪", ClaimKind: "wages"}, nil, "employer_name"},
			{"a text file", gonghui.MemberRequestInput{Kind: "programme", ProgrammeID: grant.ID, Statement: "x"},
				[]store.RequestUpload{{Name: "a.txt", Data: []byte("hello")}}, "documents.0.file"},
		} {
			if _, err := s.SubmitMemberRequest(ctx, acct, "10.0.0.1", bad.in, bad.docs); fieldOfErr(err) != bad.field {
				t.Errorf("%s: %v, want an error on %s", bad.name, err, bad.field)
			}
		}

		req, err := s.SubmitMemberRequest(ctx, acct, "10.0.0.1", gonghui.MemberRequestInput{Kind: "programme", ProgrammeID: grant.ID,
			Statement: "孩子今年考上大学，家庭困难", SchoolLevel: "大学（含专科）", Beneficiary: "子女"},
			[]store.RequestUpload{{Name: "录取通知书.pdf", Data: aPDF}})
		if err != nil {
			t.Fatal(err)
		}
		if req.State != gonghui.RequestSubmitted || req.OrgID != f.g1.ID || req.Input.SchoolLevel != gonghui.SchoolUniversity || len(req.Documents) != 1 ||
			len(req.Timeline) != 1 {
			t.Fatalf("submitted %+v", req)
		}
		if _, err := s.SubmitMemberRequest(ctx, acct, "10.0.0.1", gonghui.MemberRequestInput{Kind: "programme", ProgrammeID: grant.ID, Statement: "again"}, nil); fieldOfErr(err) != "kind" {
			t.Errorf("a second waiting request of the programme: %v", err)
		}
		// The statement is sealed at rest.
		var raw []byte
		if err := s.DB().QueryRow(s.Rebind(`SELECT details_sealed FROM member_requests WHERE id = ?`), req.ID).Scan(&raw); err != nil || len(raw) == 0 {
			t.Fatalf("sealed details: %v", err)
		}
		if bytes.Contains(raw, []byte("考上大学")) {
			t.Error("the statement is stored in the clear")
		}

		// A member reads only their own.
		if _, err := s.MemberRequestOf(ctx, other, req.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another member read the request: %v", err)
		}
		if _, _, err := s.MemberRequestDocumentOf(ctx, other, req.ID, req.Documents[0].ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another member read the document: %v", err)
		}
		if _, data, err := s.MemberRequestDocumentOf(ctx, acct, req.ID, req.Documents[0].ID); err != nil || string(data) != string(aPDF) {
			t.Errorf("own document: %v", err)
		}
		// A cadre of the union reads it, audited; another district's does not.
		if _, err := s.GetMemberRequest(ctx, haidian, req.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another district read the request: %v", err)
		}
		if n, _ := s.WaitingMemberRequests(ctx, cadre); n != 1 {
			t.Errorf("the union's inbox holds %d requests", n)
		}
		got, err := s.GetMemberRequest(ctx, cadre, req.ID)
		if err != nil || got.Input.Statement != "孩子今年考上大学，家庭困难" {
			t.Fatalf("the cadre's read %+v: %v", got, err)
		}
		assertAudited(t, s, "member_request.submit", "member_request.read")

		// Filing the application takes the request up; the member follows it.
		in := x.grant(acct.PersonID, f.g1, gonghui.SchoolUniversity)
		in.RequestID = req.ID
		app := mustFile(t, s, cadre, in)
		again := x.grant(acct.PersonID, f.g1, gonghui.SchoolHigh)
		again.RequestID, again.OverrideReason = req.ID, "test"
		if _, err := s.FileApplication(ctx, actor(f.g1, gonghui.RoleAdmin), again); err == nil {
			t.Error("a request was taken up twice")
		}
		mustDecide(t, s, actor(f.street, gonghui.RoleReviewer), app.ID, approve)
		city := actor(f.root, gonghui.RoleReviewer)
		city.Username = "city-reviewer"
		mustDecide(t, s, city, app.ID, approve)
		mine, err := s.MemberRequestsOf(ctx, acct)
		if err != nil || len(mine) != 1 {
			t.Fatalf("the member's requests: %d, %v", len(mine), err)
		}
		tl := mine[0].Timeline
		if mine[0].State != gonghui.RequestTaken || mine[0].ApplicationID != app.ID || len(tl) != 5 || tl[4].Note != "4000.00 元" {
			t.Errorf("taken up and paid: %+v", mine[0])
		}

		// Legal aid: the intake names the member as its caller and opens the case.
		aid, err := s.SubmitMemberRequest(ctx, acct, "10.0.0.1", gonghui.MemberRequestInput{Kind: "legal_aid", Statement: "公司拖欠三个月工资",
			EmployerName: "示例单位", ClaimKind: "wages", ClaimFen: 1_200_000}, nil)
		if err != nil {
			t.Fatal(err)
		}
		rights := actor(f.street, gonghui.RoleCadre)
		intake, err := s.CreateRightsIntake(ctx, rights, gonghui.RightsIntakeInput{OrgID: f.street.ID, Channel: "online", Kind: "request",
			ReceivedOn: today, CaseKind: gonghui.CaseMediation, EmployerName: "示例单位", Summary: "公司拖欠三个月工资",
			Claims: []gonghui.RightsClaim{{Kind: "wages", AmountFen: 1_200_000}}, RequestID: aid.ID})
		if fieldOfErr(err) != "request_id" {
			t.Errorf("a mediation taken down for a legal-aid request: %v", err)
		}
		intake, err = s.CreateRightsIntake(ctx, rights, gonghui.RightsIntakeInput{OrgID: f.street.ID, Channel: "online", Kind: "request",
			ReceivedOn: today, CaseKind: gonghui.CaseLegalAid, EmployerName: "示例单位", Summary: "公司拖欠三个月工资",
			Claims: []gonghui.RightsClaim{{Kind: "wages", AmountFen: 1_200_000}}, RequestID: aid.ID})
		if err != nil {
			t.Fatal(err)
		}
		if intake.PersonID != acct.PersonID || intake.CaseID == 0 {
			t.Errorf("the intake's caller is not the member: %+v", intake)
		}
		followed, err := s.MemberRequestOf(ctx, acct, aid.ID)
		if err != nil || followed.CaseID != intake.CaseID || len(followed.Timeline) != 3 || followed.Timeline[2].What.Zh != "立案" {
			t.Errorf("the member follows the case: %+v, %v", followed, err)
		}

		// Declined with a reason the member reads; withdrawn by the member.
		med, err := s.SubmitMemberRequest(ctx, acct, "10.0.0.1", gonghui.MemberRequestInput{Kind: "mediation", Statement: "加班费争议",
			EmployerName: "示例单位", ClaimKind: "overtime"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeclineMemberRequest(ctx, rights, med.ID, gonghui.RequestDecline{Reason: "", Version: med.Version}); fieldOfErr(err) != "reason" {
			t.Errorf("a decline without a reason: %v", err)
		}
		if _, err := s.DeclineMemberRequest(ctx, rights, med.ID, gonghui.RequestDecline{Reason: "请先与单位协商", Version: med.Version + 1}); !errors.Is(err, gonghui.ErrConflict) {
			t.Errorf("a decline of a stale version: %v", err)
		}
		declined, err := s.DeclineMemberRequest(ctx, rights, med.ID, gonghui.RequestDecline{Reason: "请先与单位协商", Version: med.Version})
		if err != nil || declined.State != gonghui.RequestDeclined {
			t.Fatalf("declined %+v: %v", declined, err)
		}
		if own, _ := s.MemberRequestOf(ctx, acct, med.ID); own.Timeline[len(own.Timeline)-1].Note != "请先与单位协商" {
			t.Errorf("the member reads %+v", own.Timeline)
		}
		if _, err := s.WithdrawMemberRequest(ctx, acct, "10.0.0.1", med.ID); fieldOfErr(err) != "state" {
			t.Errorf("withdrawing a declined request: %v", err)
		}
		last, err := s.SubmitMemberRequest(ctx, acct, "10.0.0.1", gonghui.MemberRequestInput{Kind: "mediation", Statement: "再次申请",
			EmployerName: "示例单位", ClaimKind: "overtime"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.WithdrawMemberRequest(ctx, other, "10.0.0.1", last.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("another member withdrew it: %v", err)
		}
		if w, err := s.WithdrawMemberRequest(ctx, acct, "10.0.0.1", last.ID); err != nil || w.State != gonghui.RequestWithdrawn {
			t.Errorf("withdrawn %+v: %v", w, err)
		}
		assertAudited(t, s, "member_request.take", "member_request.decline", "member_request.withdraw")
	})
}

func init() {
	lockRules = append(lockRules, lockRule{name: "one waiting member request of a kind, submitted concurrently", refused: []string{"kind"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			m, id := e.member(t)
			acct, _, err := e.s.Activate(ctx, issueOne(t, e.s, m.ID), id, "10.0.0.1", "")
			if err != nil {
				t.Fatal(err)
			}
			return func(int) error {
					_, err := e.s.SubmitMemberRequest(ctx, acct, "10.0.0.1", gonghui.MemberRequestInput{Kind: "mediation", Statement: "争议",
						EmployerName: "示例单位", ClaimKind: "wages"}, nil)
					return err
				}, func() int {
					var n int
					if err := e.s.DB().QueryRow(e.s.Rebind(`SELECT count(*) FROM member_requests WHERE person_id = ? AND state = 'submitted'`), m.PersonID).Scan(&n); err != nil {
						return -1
					}
					return n
				}
		}})
}
