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

// closedCase is a mediation of g1 received on the day, accepted the next
// and closed as settled on close.
func closedCase(t *testing.T, s *store.Store, org gonghui.Org, received, close gonghui.Date) gonghui.RightsCase {
	t.Helper()
	k := mustCase(t, s, rightsCaseIn(org, gonghui.CaseMediation, 1, received))
	k = mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActAccept, On: received.AddDays(1), Version: k.Version})
	return mustAct(t, s, sys, k.ID, gonghui.RightsStepInput{Action: gonghui.RightsActClose, On: close, Outcome: gonghui.OutcomeSettled,
		RecoveredFen: 100_000, Version: k.Version})
}

func mustCallback(t *testing.T, s *store.Store, id int64, in gonghui.RightsCallbackInput) gonghui.RightsCase {
	t.Helper()
	k, err := s.RecordRightsCallback(ctx, sys, id, in)
	if err != nil {
		t.Fatalf("callback on case %d: %v", id, err)
	}
	return k
}

// One callback that reached the worker per case, however many cadres
// record it at once: the shared concurrency test tries it.
func init() {
	lockRules = append(lockRules, lockRule{name: "one reached callback per rights case", refused: []string{"reached"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			k := closedCase(t, s, e.f.g1, gonghui.NewDate(2026, 10, 8), gonghui.NewDate(2026, 11, 2))
			return func(i int) error {
					_, err := s.RecordRightsCallback(ctx, sys, k.ID, gonghui.RightsCallbackInput{Reached: true,
						Satisfaction: gonghui.RightsSatisfactions[i%3].Key, Note: fmt.Sprintf("回访%d", i)})
					return err
				}, func() int {
					got, err := s.GetRightsCase(ctx, sys, k.ID, false)
					if err != nil {
						return -1
					}
					n := 0
					for _, cb := range got.Callbacks {
						if cb.Reached {
							n++
						}
					}
					return n
				}
		}})
}

// One hand-off of a case waiting for its answer, however many senders
// send it at once: the shared concurrency test tries it.
func init() {
	lockRules = append(lockRules, lockRule{name: "one hand-off waiting per rights case", refused: []string{"to_partner_id"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, n := e.s, e.next()
			to := []gonghui.RightsPartner{mustPartner(t, s, e.f.chaoyang, fmt.Sprintf("并发仲裁院%d", n), gonghui.PartyHRSS, true),
				mustPartner(t, s, e.f.chaoyang, fmt.Sprintf("并发法律援助中心%d", n), gonghui.PartyJustice, true)}
			k := mustCase(t, s, rightsCaseIn(e.f.g1, gonghui.CaseMediation, 1, gonghui.NewDate(2026, 11, 2)))
			return func(i int) error {
					_, err := s.SendRightsHandoff(ctx, sys, k.ID, gonghui.RightsHandoffInput{ToPartnerID: to[i%2].ID, Note: fmt.Sprintf("移交%d", i), Version: k.Version})
					return err
				}, func() int {
					got, err := s.GetRightsCase(ctx, sys, k.ID, false)
					if err != nil {
						return -1
					}
					pending := 0
					for _, h := range got.Handoffs {
						if h.State == gonghui.HandoffPending {
							pending++
						}
					}
					return pending
				}
		}})
}

func TestRightsCallbacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		d := gonghui.NewDate
		open := mustCase(t, s, rightsCaseIn(f.g1, gonghui.CaseMediation, 1, d(2026, 11, 2)))
		if _, err := s.RecordRightsCallback(ctx, sys, open.ID, gonghui.RightsCallbackInput{Reached: true, Satisfaction: gonghui.SatisfactionSatisfied}); fieldOf(err) != "case" {
			t.Errorf("an open case called back: %v", err)
		}
		k := closedCase(t, s, f.g1, d(2026, 10, 8), d(2026, 11, 2))
		awaiting := func(a gonghui.Actor) int {
			t.Helper()
			_, n, err := s.ListRightsCases(ctx, a, gonghui.RightsCaseFilter{AwaitingCallback: true})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := awaiting(sys); n != 1 {
			t.Errorf("%d cases awaiting a callback, want 1", n)
		}
		for _, c := range []struct {
			name  string
			in    gonghui.RightsCallbackInput
			field string
		}{
			{"reached needs the satisfaction", gonghui.RightsCallbackInput{Reached: true}, "satisfaction"},
			{"an unknown satisfaction", gonghui.RightsCallbackInput{Reached: true, Satisfaction: "thrilled"}, "satisfaction"},
			{"not reached has no satisfaction", gonghui.RightsCallbackInput{Satisfaction: gonghui.SatisfactionSatisfied}, "satisfaction"},
			{"before the case closed", gonghui.RightsCallbackInput{On: d(2026, 11, 1), Reached: true, Satisfaction: gonghui.SatisfactionSatisfied}, "on"},
			{"after today", gonghui.RightsCallbackInput{On: today.AddDays(1), Reached: true, Satisfaction: gonghui.SatisfactionSatisfied}, "on"},
			{"a note too long", gonghui.RightsCallbackInput{Note: strings.Repeat("长", 501)}, "note"},
		} {
			if _, err := s.RecordRightsCallback(ctx, sys, k.ID, c.in); fieldOf(err) != c.field {
				t.Errorf("%s: %v, want %q", c.name, err, c.field)
			}
		}
		// Who calls back: a viewer may not, a partner's staff may not, and
		// another district does not find the case.
		p := mustPartner(t, s, f.chaoyang, "朝阳区法律援助中心", gonghui.PartyJustice, true)
		lawyer, _ := partnerActor(t, s, p, "lawyer-callback", gonghui.RolePartner)
		in := gonghui.RightsCallbackInput{Reached: true, Satisfaction: gonghui.SatisfactionSatisfied}
		if _, err := s.RecordRightsCallback(ctx, actor(f.g1, gonghui.RoleViewer), k.ID, in); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a viewer called back: %v", err)
		}
		if _, err := s.RecordRightsCallback(ctx, lawyer, k.ID, in); !errors.Is(err, gonghui.ErrForbidden) {
			t.Errorf("a partner called back: %v", err)
		}
		if _, err := s.RecordRightsCallback(ctx, actor(f.haidian, gonghui.RoleCadre), k.ID, in); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian called back Chaoyang's case: %v", err)
		}
		if n := awaiting(actor(f.haidian, gonghui.RoleCadre)); n != 0 {
			t.Errorf("Haidian sees %d of Chaoyang's cases awaiting", n)
		}

		// Not reached twice, then reached: the attempts are kept, the
		// reached one is the case's, and no second one is taken.
		k = mustCallback(t, s, k.ID, gonghui.RightsCallbackInput{On: d(2026, 11, 10), Note: "无人接听"})
		k = mustCallback(t, s, k.ID, gonghui.RightsCallbackInput{On: d(2026, 11, 12), Note: "关机"})
		if k.Callback() != nil || awaiting(sys) != 1 {
			t.Errorf("not reached yet: %+v, awaiting %d", k.Callbacks, awaiting(sys))
		}
		k = mustCallback(t, s, k.ID, gonghui.RightsCallbackInput{On: d(2026, 11, 13), Reached: true, Satisfaction: "基本满意", Note: "款项已到账"})
		if cb := k.Callback(); cb == nil || cb.Satisfaction != gonghui.SatisfactionFair || cb.On != d(2026, 11, 13) || len(k.Callbacks) != 3 || awaiting(sys) != 0 {
			t.Errorf("called back: %+v", k.Callbacks)
		}
		if _, err := s.RecordRightsCallback(ctx, sys, k.ID, gonghui.RightsCallbackInput{On: d(2026, 11, 14)}); fieldOf(err) != "reached" {
			t.Errorf("a second callback: %v", err)
		}
		got, err := s.GetRightsCase(ctx, sys, k.ID, false)
		if err != nil || got.Timeline[len(got.Timeline)-1].Action != "callback" || !strings.Contains(got.Timeline[len(got.Timeline)-1].Note, "基本满意") {
			t.Errorf("timeline %+v (%v)", got.Timeline, err)
		}
		if _, n, err := s.ListAudit(ctx, sys, gonghui.AuditFilter{Action: "rights.case.callback"}); err != nil || n != 3 {
			t.Errorf("%d callbacks audited (%v)", n, err)
		}

		// A case closed long ago no longer waits in the inbox.
		closedCase(t, s, f.g1, d(2026, 6, 1), d(2026, 7, 1))
		if n := awaiting(sys); n != 0 {
			t.Errorf("a case closed in July awaits: %d", n)
		}

		// The figures: one case called back, fairly satisfied.
		st, err := s.ComputeStats(ctx, sys, f.chaoyang.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		if st.Indicators["rights_callbacks"] != 1 || st.Indicators["rights_callbacks_satisfied"] != 1 || st.Indicators["rights_satisfaction_rate"] != 100 {
			t.Errorf("figures: %v %v %v", st.Indicators["rights_callbacks"], st.Indicators["rights_callbacks_satisfied"], st.Indicators["rights_satisfaction_rate"])
		}
	})
}

// A line of a case register imported by several imports at once is kept
// once: the shared concurrency test tries it.
func init() {
	lockRules = append(lockRules, lockRule{name: "each imported rights case once",
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, n := e.s, e.next()
			row := gonghui.RightsCaseRow{RightsCaseInput: rightsCaseIn(e.f.g1, gonghui.CaseMediation, 1, gonghui.NewDate(2017, 3, 1)),
				AcceptedOn: gonghui.NewDate(2017, 3, 2), Outcome: gonghui.OutcomeSettled, OutcomeOn: gonghui.NewDate(2017, 3, 10), Key: fmt.Sprintf("case-number:并发%d", n)}
			row.Summary = fmt.Sprintf("并发导入案件%d", n)
			return func(i int) error {
					w, err := s.NewRightsCaseWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, row)
					return commit(w, err)
				}, func() int {
					list, _, err := s.ListRightsCases(ctx, sys, gonghui.RightsCaseFilter{State: gonghui.CaseClosed, Page: gonghui.Page{Limit: 500}})
					found := 0
					for _, k := range list {
						if k.Summary == row.Summary {
							found++
						}
					}
					return total(list, found, err)
				}
		}})
}
