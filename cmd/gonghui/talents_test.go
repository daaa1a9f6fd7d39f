package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// The talent pool exports from the command line, ID numbers masked; a year
// without competitions writes no file.
func TestCLIExportTalentPool(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	if _, _, err := runCLI("", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st.SetKeys(storetest.Keys) // the export opens no sealed value: it needs no key
	a := gonghui.SystemActor("test")
	cy, err := st.GetOrgByCode(ctx, a, "BJ05")
	if err != nil {
		t.Fatal(err)
	}
	id := storetest.CitizenID("110105", "19880101", 11)
	x, err := st.CreateCompetition(ctx, a, gonghui.CompetitionInput{OrgID: cy.ID, Kind: "skill", Year: 2017, Level: "district", Title: "朝阳技能大赛",
		HeldFrom: gonghui.NewDate(2017, 5, 1), HeldTo: gonghui.NewDate(2017, 5, 2), Trades: []gonghui.TradeInput{{Name: "焊工", Rounds: []gonghui.RoundPlan{{Stage: "final", Scorers: 1}}}}})
	var e gonghui.Entrant
	if err == nil {
		e, err = st.EnterContestant(ctx, a, gonghui.EntrantInput{TradeID: x.Trades[0].ID, Outsider: true, Name: "社会选手", IDNumber: id})
	}
	r := x.Trades[0].Rounds[0]
	if err == nil {
		r, err = st.OpenContestRound(ctx, a, r.ID, r.Version)
	}
	if err == nil {
		err = st.SaveContestScore(ctx, a, r.ID, gonghui.ContestScoreInput{EntrantID: e.ID, Scorer: 1, Points: 9525})
	}
	if err == nil {
		_, err = st.CloseContestRound(ctx, a, r.ID, r.Version)
	}
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "talents.csv")
	out, _, err := runCLI("", "export", "talent-pool", "--db", db, "--org", "BJ05", "--year", "2017", "--out", file)
	if err != nil || !strings.Contains(out, "1 talent pool entries written") {
		t.Fatalf("export talent-pool: %q %v", out, err)
	}
	b, _ := os.ReadFile(file)
	if s := string(b); !strings.Contains(s, "社会选手") || strings.Contains(s, id) || !strings.Contains(s, "决赛选手") {
		t.Errorf("the pool's file: %s", s)
	}
	if _, _, err := runCLI("", "export", "talent-pool", "--db", db, "--year", "2016", "--out", filepath.Join(dir, "none.csv")); err == nil {
		t.Error("an empty pool wrote a file")
	}
}
