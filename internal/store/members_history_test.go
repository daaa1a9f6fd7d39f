package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// heldSpan is a span of days [from, to) in the test's own model; a zero to
// is open.
type heldSpan struct {
	org      int // index into the history's unions
	from, to gonghui.Date
}

func (h heldSpan) holds(d gonghui.Date) bool {
	return !d.Before(h.from) && (h.to.IsZero() || d.Before(h.to))
}

// modelPerson is what the test knows of one person from the history it
// made: their memberships and cards as spans.
type modelPerson struct {
	id          string
	memberships []heldSpan
	cards       []heldSpan
	memberID    int64 // the current (last) membership
	active      bool
	joined      gonghui.Date // the current membership's join date (入会日期)
	transferred bool         // the current membership was started by a transfer
	pending     int64        // a pending transfer
	cardNo      string
}

func (p *modelPerson) last() *heldSpan { return &p.memberships[len(p.memberships)-1] }

func (p *modelPerson) lastLeft() gonghui.Date {
	var d gonghui.Date
	for _, m := range p.memberships {
		if !m.to.IsZero() && d.Before(m.to) {
			d = m.to
		}
	}
	return d
}

func daysBetween(a, b gonghui.Date) int {
	return int(shanghaiNoon(b).Sub(shanghaiNoon(a)).Hours() / 24)
}

func shanghaiNoon(d gonghui.Date) time.Time {
	y, m, day := d.Parts()
	return time.Date(y, m, day, 12, 0, 0, 0, gonghui.Shanghai)
}

// TestNoPersonHeldTwice runs random histories of joins, transfers
// (started, accepted, rejected, cancelled), join-date edits, cards,
// leaving and joining again, with the clock moving on, and holds on every
// day that matters (each span's ends and the days around them): no person
// is held in two memberships, and members_realname and cards_issued of the
// city, a district, a street and a union equal the plain recount and the
// count taken from the history itself.
func TestNoPersonHeldTwice(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, s *store.Store) { runHistory(t, s, seed) })
		})
	}
}

func runHistory(t *testing.T, s *store.Store, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 11))
	today := gonghui.NewDate(2015, 1, 1)
	s.SetClock(func() time.Time { return shanghaiNoon(today) })
	f := newFixture(t, s)
	hd := mustOrg(t, s, gonghui.OrgInput{Name: fmt.Sprintf("海淀历史工会%d", seed), Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
	unions := []gonghui.Org{f.g1, f.joint, hd}
	// The subtrees checked, with the unions each holds.
	subtrees := []struct {
		org    gonghui.Org
		unions []int
	}{{f.root, nil}, {f.chaoyang, []int{0, 1}}, {f.haidian, []int{2}}, {f.street, []int{0, 1}}, {f.g1, []int{0}}}
	people := make([]*modelPerson, 8)
	for i := range people {
		people[i] = &modelPerson{id: storetest.CitizenID("110105", "19850101", int(seed)*100+i)}
	}
	cards := int(seed) * 1000
	pick := func(n int) int { return rng.IntN(n) }
	for step := 0; step < 120; step++ {
		today = today.AddDays(pick(4) * pick(8)) // often the same day
		p := people[pick(len(people))]
		switch {
		case !p.active:
			join := today.AddDays(-pick(40))
			if left := p.lastLeft(); join.Before(left) {
				// Joining again before the last membership ended is refused.
				in := gonghui.MemberInput{Name: "历史会员", IDNumber: p.id, OrgID: unions[pick(3)].ID, JoinedOn: left.AddDays(-1)}
				if _, _, err := s.SaveMember(ctx, sys, in); fieldOf(err) != "joined_on" {
					t.Fatalf("step %d: join on %s before the end %s of the last membership: %v", step, in.JoinedOn, left, err)
				}
				join = left
			}
			org := pick(3)
			in := gonghui.MemberInput{Name: "历史会员", IDNumber: p.id, OrgID: unions[org].ID, JoinedOn: join}
			if p.cardNo == "" && pick(2) == 0 {
				cards++
				in.CardNo = fmt.Sprintf("H-%05d", cards)
			}
			m, _, err := s.SaveMember(ctx, sys, in)
			if err != nil {
				t.Fatalf("step %d: join: %v", step, err)
			}
			p.memberships = append(p.memberships, heldSpan{org: org, from: join})
			p.memberID, p.active, p.joined, p.transferred = m.ID, true, join, false
			if in.CardNo != "" {
				// Dated with the join, but never before the last card ended.
				from := join
				for _, k := range p.cards {
					if from.Before(k.to) {
						from = k.to
					}
				}
				p.cardNo = in.CardNo
				p.cards = append(p.cards, heldSpan{from: from})
			}
		case p.pending != 0:
			decision := []gonghui.TransferStatus{gonghui.TransferAccepted, gonghui.TransferAccepted, gonghui.TransferRejected, gonghui.TransferCancelled}[pick(4)]
			tr, err := s.DecideTransfer(ctx, sys, p.pending, decision, "历史")
			if err != nil {
				t.Fatalf("step %d: %s transfer: %v", step, decision, err)
			}
			p.pending = 0
			if decision == gonghui.TransferAccepted {
				to := slices.IndexFunc(unions, func(o gonghui.Org) bool { return o.ID == tr.ToOrgID })
				p.last().to = today
				p.memberships = append(p.memberships, heldSpan{org: to, from: today})
				p.memberID, p.transferred = tr.NewMemberID, true
			}
		default:
			switch op := pick(10); {
			case op < 3:
				to := (p.last().org + 1 + pick(2)) % 3
				tr, err := s.StartTransfer(ctx, sys, p.memberID, unions[to].ID, "调动")
				if err != nil {
					t.Fatalf("step %d: start transfer: %v", step, err)
				}
				p.pending = tr.ID
			case op < 5:
				on := p.last().from
				if span := daysBetween(on, today); span > 0 {
					on = on.AddDays(pick(span + 1))
				}
				if _, err := s.EndMembership(ctx, sys, p.memberID, gonghui.MemberLeft, on, "离职"); err != nil {
					t.Fatalf("step %d: leave on %s: %v", step, on, err)
				}
				p.last().to, p.active, p.pending = on, false, 0
			case op < 7:
				m, err := s.GetMember(ctx, sys, p.memberID, false)
				if err != nil {
					t.Fatal(err)
				}
				in := m.ToInput()
				in.JoinedOn = p.last().from.AddDays(pick(40) - 30)
				ok := !today.Before(in.JoinedOn)
				if p.transferred {
					ok = !p.last().from.Before(in.JoinedOn)
				} else if len(p.memberships) > 1 {
					ok = ok && !in.JoinedOn.Before(p.memberships[len(p.memberships)-2].to)
				}
				_, err = s.UpdateMember(ctx, sys, p.memberID, in)
				switch {
				case ok && err != nil:
					t.Fatalf("step %d: join date %s: %v", step, in.JoinedOn, err)
				case !ok && fieldOf(err) != "joined_on":
					t.Fatalf("step %d: join date %s (held from %s, transferred %v) accepted: %v", step, in.JoinedOn, p.last().from, p.transferred, err)
				case ok:
					p.joined = in.JoinedOn
					if !p.transferred {
						p.last().from = in.JoinedOn
					}
				}
			default:
				action := store.CardIssue
				if p.cardNo != "" {
					action = []store.CardAction{store.CardReplace, store.CardCancel}[pick(2)]
				}
				no := ""
				if action != store.CardCancel {
					cards++
					no = fmt.Sprintf("H-%05d", cards)
				}
				if _, err := s.ChangeCard(ctx, sys, p.memberID, action, no, today); err != nil {
					t.Fatalf("step %d: card %s: %v", step, action, err)
				}
				if p.cardNo != "" {
					p.cards[len(p.cards)-1].to = today
				}
				p.cardNo = no
				if no != "" {
					p.cards = append(p.cards, heldSpan{from: today})
				}
			}
		}
	}
	// The days that matter: every span's ends, the days before, and a few
	// on either side of the history.
	days := map[gonghui.Date]bool{gonghui.NewDate(2014, 12, 31): true, today: true, today.AddDays(30): true}
	for _, p := range people {
		for _, h := range append(slices.Clone(p.memberships), p.cards...) {
			for _, d := range []gonghui.Date{h.from, h.to} {
				if !d.IsZero() {
					days[d], days[d.AddDays(-1)] = true, true
				}
			}
		}
	}
	histories := map[*modelPerson][]gonghui.Member{}
	for _, p := range people {
		if p.memberID == 0 {
			continue
		}
		h, err := s.MemberHistory(ctx, sys, p.memberID)
		if err != nil || len(h) != len(p.memberships) {
			t.Fatalf("history of %s: %d memberships, want %d (%v)", p.id, len(h), len(p.memberships), err)
		}
		if h[0].JoinedOn != p.joined || h[0].MemberSince != p.last().from {
			t.Errorf("%s: joined %s since %s, want %s since %s", p.id, h[0].JoinedOn, h[0].MemberSince, p.joined, p.last().from)
		}
		histories[p] = h
	}
	for d := range days {
		for _, p := range people {
			held := 0
			for _, m := range histories[p] {
				if (heldSpan{from: m.MemberSince, to: m.LeftOn}).holds(d) {
					held++
				}
			}
			want := 0
			for _, m := range p.memberships {
				if m.holds(d) {
					want++
				}
			}
			if held > 1 || held != want {
				t.Fatalf("%s on %s: %d memberships in force, the history says %d", p.id, d, held, want)
			}
		}
		for _, st := range subtrees {
			var members, cardsHeld int64
			for _, p := range people {
				for _, m := range p.memberships {
					if !m.holds(d) || st.unions != nil && !slices.Contains(st.unions, m.org) {
						continue
					}
					members++
					if slices.ContainsFunc(p.cards, func(k heldSpan) bool { return k.holds(d) }) {
						cardsHeld++
					}
				}
			}
			got, err := s.ComputeStats(ctx, sys, st.org.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			rm, err := s.RecountFamily(ctx, "members", st.org.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			rc, err := s.RecountFamily(ctx, "cards", st.org.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			if int64(got.Indicators["members_realname"]) != members || rm["members_realname"] != members ||
				int64(got.Indicators["cards_issued"]) != cardsHeld || rc["cards_issued"] != cardsHeld {
				t.Errorf("%s on %s: members_realname %v (recount %d), cards_issued %v (recount %d); the history says %d and %d",
					st.org.Name, d, got.Indicators["members_realname"], rm["members_realname"], got.Indicators["cards_issued"], rc["cards_issued"], members, cardsHeld)
			}
		}
	}
}

// TestTransferHeldFromItsDay: a member who joined in 2010 and moved to
// another district's union on 2017-06-01 keeps 入会日期 2010-03-01 and is held
// there from 2017-06-01; before the transfer the city counted the person
// and the card once, not twice. A membership transferred before the
// member_since column existed is held from its transfer once migrated.
func TestTransferHeldFromItsDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		day := gonghui.NewDate(2017, 6, 1)
		s.SetClock(func() time.Time { return shanghaiNoon(day) })
		f := newFixture(t, s)
		hd := mustOrg(t, s, gonghui.OrgInput{Name: "海淀转入工会", Kind: gonghui.KindGrassroots, ParentID: f.haidian.ID})
		in := memberIn(f.g1, "王芳", storetest.CitizenID("110105", "19880808", 31))
		in.JoinedOn, in.CardNo = gonghui.NewDate(2010, 3, 1), "T-0001"
		m := mustMember(t, s, in)
		tr, err := s.StartTransfer(ctx, sys, m.ID, hd.ID, "调动")
		if err != nil {
			t.Fatal(err)
		}
		tr, err = s.DecideTransfer(ctx, sys, tr.ID, gonghui.TransferAccepted, "")
		if err != nil {
			t.Fatal(err)
		}
		nm, err := s.GetMember(ctx, sys, tr.NewMemberID, false)
		if err != nil || nm.JoinedOn != in.JoinedOn || nm.MemberSince != day {
			t.Fatalf("new membership joined %s since %s (%v), want 2010-03-01 since %s", nm.JoinedOn, nm.MemberSince, err, day)
		}
		check := func(when string) {
			t.Helper()
			for _, c := range []struct {
				org            gonghui.Org
				on             gonghui.Date
				members, cards int64
			}{
				{f.root, day.AddDays(-1), 1, 1}, {f.root, day, 1, 1},
				{f.chaoyang, day.AddDays(-1), 1, 1}, {f.chaoyang, day, 0, 0},
				{f.haidian, day.AddDays(-1), 0, 0}, {f.haidian, day, 1, 1},
			} {
				got, err := s.ComputeStats(ctx, sys, c.org.ID, c.on)
				if err != nil {
					t.Fatal(err)
				}
				rm, _ := s.RecountFamily(ctx, "members", c.org.ID, c.on)
				if got.Indicators["members_realname"] != float64(c.members) || got.Indicators["cards_issued"] != float64(c.cards) || rm["members_realname"] != c.members {
					t.Errorf("%s: %s on %s: members_realname %v (recount %d), cards_issued %v; want %d and %d",
						when, c.org.Name, c.on, got.Indicators["members_realname"], rm["members_realname"], got.Indicators["cards_issued"], c.members, c.cards)
				}
			}
		}
		check("after the transfer")
		// The state the migration found: the new membership held from the
		// join date. Its backfill gives it its transfer's day again.
		if _, err := s.DB().ExecContext(ctx, `UPDATE memberships SET member_since = NULL`); err != nil {
			t.Fatal(err)
		}
		if old, _ := s.RecountFamily(ctx, "members", f.root.ID, day.AddDays(-1)); old["members_realname"] != 2 {
			t.Errorf("before the backfill, the city recounted %d on the eve of the transfer (the old reading: 2)", old["members_realname"])
		}
		b, err := os.ReadFile("migrations/0012_member_since_stat_holds.sql")
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range strings.Split(string(b), ";") {
			if i := strings.Index(stmt, "UPDATE memberships"); i >= 0 {
				if _, err := s.DB().ExecContext(ctx, stmt[i:]); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE stat_aggregates SET stale = 1`); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RefreshStats(ctx); err != nil {
			t.Fatal(err)
		}
		check("after the backfill")
	})
}
