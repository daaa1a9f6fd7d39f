package store_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// Each "at most one X per Y" rule is tried by contenders released at one
// moment, round after round, on both engines: the rule holds (the
// database keeps one X), the winners are as many as the rule allows, and
// every other contender gets the rule's bilingual validation error, never
// a database error.

const (
	contenders = 8
	rounds     = 4
)

// contend runs n attempts released together and returns their errors.
func contend(n int, attempt func(i int) error) []error {
	start := make(chan struct{})
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = attempt(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// lockRule is one rule under contention. round prepares fresh records for
// a round and returns the contenders' attempt and a count of what the
// database holds of the rule's X (which must be one).
type lockRule struct {
	name string
	// refused are the fields of the rule's error; none: every attempt
	// succeeds (the later ones find the first one's record).
	refused []string
	// oneWins: exactly one attempt succeeds; otherwise at least one.
	oneWins bool
	round   func(t *testing.T, e *contention) (attempt func(i int) error, stored func() int)
}

// lockRules are the rules under contention; a module adds its own from
// its test file, in an init function.

// contention is what the rules' rounds share on one store.
type contention struct {
	s       *store.Store
	f       fixture
	unions  []gonghui.Org // one grassroots union per contender
	counter atomic.Int64
}

func (e *contention) next() int { return int(e.counter.Add(1)) }

// unit is a fresh unit of g1.
func (e *contention) unit(t *testing.T) gonghui.Unit {
	return mustUnit(t, e.s, e.f.g1.ID, 500+e.next())
}

// personID is a fresh citizen ID number.
func (e *contention) personID() string {
	n := e.next()
	return storetest.CitizenID("110105", fmt.Sprintf("1980%02d%02d", 1+n/28%12, 1+n%28), n)
}

// member is a fresh member of g1 and their ID number.
func (e *contention) member(t *testing.T) (gonghui.Member, string) {
	id := e.personID()
	return mustMember(t, e.s, memberIn(e.f.g1, "会员", id)), id
}

func (e *contention) sealed(t *testing.T, in gonghui.MemberInput) store.SealedMember {
	cm, err := gonghui.CheckMember(in, today)
	if err != nil {
		t.Fatal(err)
	}
	return e.s.Seal(cm)
}

func total[T any](_ []T, n int, err error) int {
	if err != nil {
		return -1
	}
	return n
}

// commit ends a writer's transaction after a save: kept on success.
func commit(w interface {
	Commit() error
	Rollback() error
}, err error) error {
	if err != nil {
		w.Rollback()
		return err
	}
	return w.Commit()
}

var lockRules = []lockRule{
	{name: "one comprehensive contract in force per unit, signed or imported", refused: []string{"to", "unit_ids"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, u := e.s, e.unit(t)
			drafts := make([]int64, contenders)
			for i := range drafts {
				in := contractIn(e.f.g1, u.ID)
				in.Title = fmt.Sprintf("综合集体合同%d", i)
				k, err := s.CreateContract(ctx, sys, in)
				if err != nil {
					t.Fatal(err)
				}
				drafts[i] = k.ID
			}
			signed := gonghui.NewDate(2016, 12, 20)
			return func(i int) error {
					if i%2 == 0 {
						_, err := s.StepContract(ctx, sys, drafts[i], gonghui.ContractStep{To: gonghui.ContractSigned, On: signed})
						return err
					}
					w, err := s.NewContractWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					ic := store.ImportedContract{ContractInput: contractIn(e.f.g1, u.ID), SignedOn: signed}
					ic.Title = fmt.Sprintf("导入综合集体合同%d", i)
					_, err = w.Save(ctx, ic)
					return commit(w, err)
				}, func() int {
					return total(s.ListContracts(ctx, sys, store.ContractFilter{UnitID: u.ID, Status: gonghui.ContractSigned, On: signed}))
				}
		}},
	{name: "one comprehensive contract in force per unit, signed or changed into one", refused: []string{"to", "kind"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, u := e.s, e.unit(t)
			signed := gonghui.NewDate(2016, 12, 20)
			ids := make([]int64, contenders)
			for i := range ids {
				in := contractIn(e.f.g1, u.ID)
				in.Title = fmt.Sprintf("集体合同%d", i)
				if i%2 == 1 { // a wage contract in force, to become comprehensive
					in.Kind = gonghui.ContractWage
				}
				k, err := s.CreateContract(ctx, sys, in)
				if err != nil {
					t.Fatal(err)
				}
				if i%2 == 1 {
					step(t, s, sys, k.ID, gonghui.ContractSigned, signed)
				}
				ids[i] = k.ID
			}
			return func(i int) error {
					if i%2 == 0 {
						_, err := s.StepContract(ctx, sys, ids[i], gonghui.ContractStep{To: gonghui.ContractSigned, On: signed})
						return err
					}
					in := contractIn(e.f.g1, u.ID)
					in.Title = fmt.Sprintf("集体合同%d", i)
					_, err := s.UpdateContract(ctx, sys, ids[i], in)
					return err
				}, func() int {
					ks, _, err := s.ListContracts(ctx, sys, store.ContractFilter{UnitID: u.ID, Kind: gonghui.ContractComprehensive, Page: gonghui.Page{Limit: 100}})
					n := 0
					for _, k := range ks {
						if k.Status == gonghui.ContractSigned {
							n++
						}
					}
					return total(ks, n, err)
				}
		}},
	{name: "one active membership per person, saved or imported", refused: []string{"id_number"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, id := e.s, e.personID()
			return func(i int) error {
					in := memberIn(e.unions[i], "张三", id)
					if i%2 == 0 {
						_, _, err := s.SaveMember(ctx, sys, in)
						return err
					}
					w, err := s.NewMemberWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, errs, err := w.SaveBatch(ctx, []store.SealedMember{e.sealed(t, in)})
					if err == nil {
						err = errs[0]
					}
					return commit(w, err)
				}, func() int {
					return total(s.ListMembers(ctx, sys, gonghui.MemberFilter{Query: id}))
				}
		}},
	{name: "one person per ID number, saved at once into one union",
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, id := e.s, e.personID()
			return func(i int) error {
					in := memberIn(e.f.g1, "李四", id)
					if i%2 == 0 {
						_, _, err := s.SaveMember(ctx, sys, in)
						return err
					}
					w, err := s.NewMemberWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, e.sealed(t, in))
					return commit(w, err)
				}, func() int {
					return total(s.ListMembers(ctx, sys, gonghui.MemberFilter{Query: id}))
				}
		}},
	{name: "a transfer is accepted once", refused: []string{"status"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			m, id := e.member(t)
			tr, err := s.StartTransfer(ctx, sys, m.ID, e.f.joint.ID, "调动")
			if err != nil {
				t.Fatal(err)
			}
			return func(int) error {
					_, err := s.DecideTransfer(ctx, sys, tr.ID, gonghui.TransferAccepted, "")
					return err
				}, func() int {
					return total(s.ListMembers(ctx, sys, gonghui.MemberFilter{Query: id}))
				}
		}},
	{name: "one pending transfer per member", refused: []string{"member_id"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			m, _ := e.member(t)
			return func(i int) error {
					_, err := s.StartTransfer(ctx, sys, m.ID, e.unions[i].ID, "调动")
					return err
				}, func() int {
					ts, _, err := s.ListTransfers(ctx, sys, gonghui.TransferPending, gonghui.Page{Limit: 1000})
					n := 0
					for _, tr := range ts {
						if tr.MemberID == m.ID {
							n++
						}
					}
					return total(ts, n, err)
				}
		}},
	{name: "one active card per member", refused: []string{"card_no"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, r := e.s, e.next()
			m, _ := e.member(t)
			return func(i int) error {
					_, err := s.ChangeCard(ctx, sys, m.ID, store.CardIssue, fmt.Sprintf("C%04d-%d", r, i), today)
					return err
				}, func() int {
					cards, err := s.Cards(ctx, sys, m.ID)
					return total(cards, len(cards), err)
				}
		}},
	{name: "a card number is issued once", refused: []string{"card_no"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, no := e.s, fmt.Sprintf("N%04d", e.next())
			ms := make([]gonghui.Member, contenders)
			for i := range ms {
				ms[i], _ = e.member(t)
			}
			return func(i int) error {
					_, err := s.ChangeCard(ctx, sys, ms[i].ID, store.CardIssue, no, today)
					return err
				}, func() int {
					return total(s.ListMembers(ctx, sys, gonghui.MemberFilter{Query: no}))
				}
		}},
	{name: "one active unit congress per unit, created or imported", refused: []string{"unit_ids"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, u := e.s, e.unit(t)
			return func(i int) error {
					in := congressIn(e.f.g1, gonghui.CongressUnit, u.ID)
					in.Name = fmt.Sprintf("第%d届职工代表大会", i+1)
					if i%2 == 0 {
						_, err := s.CreateCongress(ctx, sys, in)
						return err
					}
					w, err := s.NewCongressWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, store.ImportedCongress{CongressInput: in})
					return commit(w, err)
				}, func() int {
					return total(s.ListCongresses(ctx, sys, store.CongressFilter{UnitID: u.ID, Active: true}))
				}
		}},
	{name: "one disclosure system per unit, established or imported", refused: []string{"unit_id"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, u := e.s, e.unit(t)
			return func(i int) error {
					on := gonghui.NewDate(2019, 1, 1+i)
					if i%2 == 0 {
						_, err := s.EstablishDisclosure(ctx, sys, u.ID, on)
						return err
					}
					w, err := s.NewDisclosureWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, store.ImportedDisclosure{UnitID: u.ID, EstablishedOn: on})
					return commit(w, err)
				}, func() int {
					return total(s.ListDisclosures(ctx, sys, store.DisclosureFilter{UnitID: u.ID}))
				}
		}},
	{name: "a director's seat is held once over a term", refused: []string{"name"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, u := e.s, e.unit(t)
			return func(i int) error {
					_, err := s.AddDirector(ctx, sys, gonghui.DirectorInput{UnitID: u.ID, Role: gonghui.EmployeeDirector, Name: "王五",
						Since: gonghui.NewDate(2024, 1, 1+i)})
					return err
				}, func() int {
					return total(s.ListDirectors(ctx, sys, store.DirectorFilter{UnitID: u.ID}))
				}
		}},
	{name: "one census return per union and year",
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s := e.s
			o := mustOrg(t, s, gonghui.OrgInput{Name: fmt.Sprintf("年报工会%d", e.next()), Kind: gonghui.KindGrassroots, ParentID: e.f.street.ID})
			return func(int) error {
					_, err := s.OpenCensus(ctx, sys, o.ID, 2017)
					return err
				}, func() int {
					return total(s.ListCensus(ctx, sys, store.CensusFilter{Year: 2017, OrgID: o.ID}))
				}
		}},
	{name: "one unit per USCC, created or imported", refused: []string{"uscc"},
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, code := e.s, storetest.USCC("91", "110105", 900+e.next())
			return func(i int) error {
					in := gonghui.UnitInput{USCC: code, Name: fmt.Sprintf("并发单位%d", i), OrgID: e.f.g1.ID, Ownership: gonghui.OwnershipPrivate, StaffCount: 10}
					if i%2 == 0 {
						_, err := s.CreateUnit(ctx, sys, in)
						return err
					}
					w, err := s.NewUnitWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, in)
					return commit(w, err)
				}, func() int {
					return total(s.ListUnits(ctx, sys, gonghui.UnitFilter{Query: code}))
				}
		}},
	{name: "one org per code, created or imported", refused: []string{"code"},
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			s, code := e.s, fmt.Sprintf("LK%d", e.next())
			return func(i int) error {
					in := gonghui.OrgInput{Code: code, Name: fmt.Sprintf("并发工会%d", i), Kind: gonghui.KindGrassroots, ParentID: e.f.street.ID}
					if i%2 == 0 {
						_, err := s.CreateOrg(ctx, sys, in)
						return err
					}
					w, err := s.NewOrgWriter(ctx, sys, 0)
					if err != nil {
						return err
					}
					_, err = w.Save(ctx, store.ImportedOrg{OrgInput: in})
					return commit(w, err)
				}, func() int {
					_, err := s.GetOrgByCode(ctx, sys, code)
					if errors.Is(err, gonghui.ErrNotFound) {
						return 0
					}
					return total([]int{}, 1, err)
				}
		}},
}

func TestLockFirstThenCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		e := &contention{s: s, f: newFixture(t, s)}
		for i := range contenders {
			e.unions = append(e.unions, mustOrg(t, s, gonghui.OrgInput{Name: fmt.Sprintf("并发基层工会%d", i), Kind: gonghui.KindGrassroots, ParentID: e.f.street.ID}))
		}
		for _, rule := range lockRules {
			t.Run(rule.name, func(t *testing.T) {
				for r := range rounds {
					attempt, stored := rule.round(t, e)
					won := 0
					for i, err := range contend(contenders, attempt) {
						var v *gonghui.ValidationError
						switch {
						case err == nil:
							won++
						case !errors.As(err, &v):
							t.Errorf("round %d, contender %d: %v, want a validation error", r, i, err)
						case !refusedBy(v, rule.refused):
							t.Errorf("round %d, contender %d: refused on %q (%v), want %q", r, i, fieldOf(err), err, rule.refused)
						}
					}
					if want := contenders; rule.refused == nil && won != want || rule.oneWins && won != 1 || won == 0 {
						t.Errorf("round %d: %d contenders won", r, won)
					}
					if n := stored(); n != 1 {
						t.Errorf("round %d: the database holds %d, want 1", r, n)
					}
				}
			})
		}
	})
}

// refusedBy reports whether v is the rule's error: on one of fields, in
// both languages.
func refusedBy(v *gonghui.ValidationError, fields []string) bool {
	for _, f := range fields {
		if m, ok := v.Fields[f]; ok && m.Zh != "" && m.En != "" {
			return true
		}
	}
	return false
}
