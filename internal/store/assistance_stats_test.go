package store_test

import (
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// The figure lines count a year's payments and whom they reached, and a
// year's donations raised for the line's programmes; a payment returned
// after the year's end leaves that year's figures alone.
func TestAssistanceFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		clock := func(y int, m time.Month, d int) {
			s.SetClock(func() time.Time { return time.Date(y, m, d, 10, 0, 0, 0, gonghui.Shanghai) })
		}
		clock(2017, 12, 20)
		f := newFixture(t, s)
		x := newAssistance(t, s, f)
		street, city := actor(f.street, gonghui.RoleReviewer), actor(f.root, gonghui.RoleReviewer)
		city.Username = "city-reviewer"
		grant := func(seat int) gonghui.Application {
			t.Helper()
			m := mustMember(t, s, memberIn(f.g1, "家长", storetest.CitizenID("110105", "19800101", seat)))
			app := mustFile(t, s, actor(f.g1, gonghui.RoleCadre), x.grant(m.PersonID, f.g1, gonghui.SchoolUniversity))
			mustDecide(t, s, street, app.ID, approve)
			return mustDecide(t, s, city, app.ID, approve)
		}
		golden := x.progs[gonghui.ProgGoldenAutumn]
		if _, err := s.RecordDonation(ctx, sys, store.DonationInput{FundID: x.aid.ID, ProgrammeID: golden.ID, Donor: "某基金会", AmountFen: 900_000,
			PostedOn: gonghui.NewDate(2017, 3, 1)}); err != nil {
			t.Fatal(err)
		}
		warmthFund := x.progs[gonghui.ProgFestivalHome].FundID
		if _, err := s.RecordDonation(ctx, sys, store.DonationInput{FundID: warmthFund, ProgrammeID: golden.ID, Donor: "某企业", AmountFen: 1,
			PostedOn: gonghui.NewDate(2017, 3, 1)}); fieldOf(err) != "programme_id" {
			t.Errorf("a donation for a programme of another fund: %v", err)
		}
		grant(501) // kept
		returnedLater, returnedSoon := grant(502), grant(503)
		clock(2017, 12, 28)
		if _, err := s.ReturnPayment(ctx, sys, 0, returnedSoon.EntryID, returnedSoon.Assessment.AmountFen, ""); err != nil {
			t.Fatal(err)
		}
		clock(2018, 1, 5)
		if _, err := s.ReturnPayment(ctx, sys, 0, returnedLater.EntryID, returnedLater.Assessment.AmountFen, ""); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			on                     gonghui.Date
			children, paid, raised float64
		}{
			{gonghui.NewDate(2017, 2, 28), 0, 0, 0},
			{gonghui.NewDate(2017, 12, 20), 3, 1_200_000, 900_000},
			{gonghui.NewDate(2017, 12, 31), 2, 800_000, 900_000},
			{gonghui.NewDate(2018, 1, 1), 0, 0, 0},
		} {
			for _, o := range []gonghui.Org{f.root, f.chaoyang, f.street, f.g1} {
				st, err := s.ComputeStats(ctx, sys, o.ID, c.on)
				if err != nil {
					t.Fatal(err)
				}
				raised := c.raised
				if o.ID != f.root.ID {
					raised = 0 // raised where the fund is kept
				}
				in := st.Indicators
				if in["assist_golden_autumn_children"] != c.children || in["assist_golden_autumn_paid_fen"] != c.paid || in["assist_golden_autumn_raised_fen"] != raised {
					t.Errorf("%s on %s: children %v paid %v raised %v, want %v %v %v", o.Code, c.on, in["assist_golden_autumn_children"],
						in["assist_golden_autumn_paid_fen"], in["assist_golden_autumn_raised_fen"], c.children, c.paid, raised)
				}
				rc, err := s.RecountStats(ctx, sys, o.ID, c.on)
				if err != nil {
					t.Fatal(err)
				}
				for _, l := range gonghui.FigureLines {
					for _, key := range []string{l.Paid, l.Raised, l.Recipients[gonghui.RecipientPerson]} {
						if key != "" && rc.Indicators[key] != in[key] {
							t.Errorf("%s on %s: %s recounts %v, computed %v", o.Code, c.on, key, rc.Indicators[key], in[key])
						}
					}
				}
			}
		}
		// A line moves no paid programme's past.
		in := golden.ToInput()
		in.Figure = gonghui.FigureWarmth
		if _, err := s.UpdateProgramme(ctx, sys, golden.ID, in); fieldOf(err) != "figure" {
			t.Errorf("moving a paid programme to another line: %v", err)
		}
		festival := x.progs[gonghui.ProgFestivalHome].ToInput()
		festival.Figure = gonghui.FigureGoldenAutumn
		if _, err := s.UpdateProgramme(ctx, sys, x.progs[gonghui.ProgFestivalHome].ID, festival); fieldOf(err) != "figure" {
			t.Errorf("a household programme in the children's line: %v", err)
		}
	})
}
