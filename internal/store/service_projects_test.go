package store_test

import (
	"errors"
	"fmt"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func projectIn(org gonghui.Org, name string) gonghui.ServiceProjectInput {
	return gonghui.ServiceProjectInput{OrgID: org.ID, Name: name, Brand: true, Description: "为一线职工提供心理疏导"}
}

func TestServiceProjects(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setToday(s)
		f := newFixture(t, s)
		district, street := actor(f.chaoyang, gonghui.RoleCadre), actor(f.street, gonghui.RoleCadre)
		haidian := actor(f.haidian, gonghui.RoleCadre)
		p, err := s.CreateServiceProject(ctx, district, projectIn(f.chaoyang, "职工心灵驿站"))
		if err != nil || p.Weights != gonghui.DefaultProjectWeights {
			t.Fatalf("create: %+v %v", p, err)
		}
		if _, err := s.CreateServiceProject(ctx, district, projectIn(f.chaoyang, "职工心灵驿站")); fieldOf(err) != "name" {
			t.Errorf("a second project of the name: %v", err)
		}
		if _, err := s.CreateServiceProject(ctx, street, projectIn(f.chaoyang, "街道项目")); err == nil {
			t.Error("a street cadre records a district's project")
		}
		if _, err := s.GetServiceProject(ctx, haidian, p.ID); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian reads it: %v", err)
		}
		if _, err := s.SetProjectYear(ctx, street, p.ID, gonghui.ProjectYearInput{Year: 2026, Indicators: []gonghui.ProjectIndicator{{Name: "a", Target: 1}}}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("the street sets the district's indicators: %v", err)
		}
		year := gonghui.ProjectYearInput{Year: 2026, Indicators: []gonghui.ProjectIndicator{{Name: "服务职工", Unit: "人次", Target: 1000, Actual: 800}}}
		y, err := s.SetProjectYear(ctx, district, p.ID, year)
		if err != nil || y.Score != 8000 {
			t.Fatalf("the year's indicators: %+v %v", y, err)
		}
		year.Indicators[0].Actual = 1000
		if y, err = s.SetProjectYear(ctx, district, p.ID, year); err != nil || y.Score != 10000 || len(y.Indicators) != 1 {
			t.Fatalf("the indicators replaced: %+v %v", y, err)
		}
		// The street's cadre rates the district's project (it reads it);
		// a rating of the year once.
		rater := street
		rater.UserID = 4242
		if y, err = s.RateServiceProject(ctx, rater, p.ID, gonghui.ProjectRatingInput{Year: 2026, Stars: 3, Comment: "还需加强宣传"}); err != nil || y.CadreRatings != 1 || y.CadreMean != 300 {
			t.Fatalf("rate: %+v %v", y, err)
		}
		// 50·100 + 20·60 over 70 (no member ratings yet)
		if y.Score != 8857 {
			t.Errorf("the score: %d", y.Score)
		}
		if _, err := s.RateServiceProject(ctx, rater, p.ID, gonghui.ProjectRatingInput{Year: 2026, Stars: 5}); fieldOf(err) != "stars" {
			t.Errorf("a second rating: %v", err)
		}
		if _, err := s.RateServiceProject(ctx, rater, p.ID, gonghui.ProjectRatingInput{Year: 2026, Stars: 6}); fieldOf(err) != "stars" {
			t.Errorf("six stars: %v", err)
		}
		if _, err := s.RateServiceProject(ctx, haidian, p.ID, gonghui.ProjectRatingInput{Year: 2026, Stars: 5}); !errors.Is(err, gonghui.ErrNotFound) {
			t.Errorf("Haidian rates it: %v", err)
		}
		years, err := s.ProjectYears(ctx, street, p.ID)
		if err != nil || len(years) != 1 || years[0].Score != 8857 {
			t.Errorf("the years: %+v %v", years, err)
		}
		in := p.ToInput()
		in.Weights = gonghui.ProjectWeights{Indicators: 80, Cadres: 20}
		if _, err := s.UpdateServiceProject(ctx, district, p.ID, in); err != nil {
			t.Fatal(err)
		}
		if years, _ := s.ProjectYears(ctx, district, p.ID); years[0].Score != 9200 {
			t.Errorf("reweighed: %+v", years)
		}
		if _, err := s.UpdateServiceProject(ctx, district, p.ID, in); err == nil {
			t.Error("a stale edit")
		}
		list, n, err := s.ListServiceProjects(ctx, street, gonghui.ProjectFilter{Brand: true})
		if err != nil || n != 1 || list[0].ID != p.ID {
			t.Errorf("the street's list: %+v %d %v", list, n, err)
		}
	})
}

func init() {
	lockRules = append(lockRules, lockRule{name: "one service project of a name per union", refused: []string{"name"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			name := fmt.Sprintf("服务项目%d", e.next())
			return func(i int) error {
					_, err := e.s.CreateServiceProject(ctx, sys, projectIn(e.f.g1, name))
					return err
				}, func() int {
					return total(e.s.ListServiceProjects(ctx, sys, gonghui.ProjectFilter{OrgID: e.f.g1.ID, Query: name}))
				}
		}})
	lockRules = append(lockRules, lockRule{name: "one rating per rater, service project and year", refused: []string{"stars"}, oneWins: true,
		round: func(t *testing.T, e *contention) (func(int) error, func() int) {
			p, err := e.s.CreateServiceProject(ctx, sys, projectIn(e.f.g1, fmt.Sprintf("评价项目%d", e.next())))
			if err != nil {
				t.Fatal(err)
			}
			rater := actor(e.f.street, gonghui.RoleCadre)
			return func(i int) error {
					_, err := e.s.RateServiceProject(ctx, rater, p.ID, gonghui.ProjectRatingInput{Year: 2026, Stars: 1 + i%5})
					return err
				}, func() int {
					years, err := e.s.ProjectYears(ctx, sys, p.ID)
					if err != nil || len(years) != 1 {
						return -1
					}
					return years[0].CadreRatings
				}
		}})
}
