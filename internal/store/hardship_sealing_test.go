package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"gonghui"
	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

// TestHardshipSensitiveSealed: a file's causes, health, incomes and
// expenses and an approval's figures are stored sealed, never in
// plaintext, and a database from before (plaintext columns) is sealed by
// migration step 39 without losing anything.
func TestHardshipSensitiveSealed(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			s := storetest.Open(t, engine)
			f := newFixture(t, s)
			mustAllowance(t, s)
			in := hardshipIn(f.g1, 1, 3_000_000)
			in.Members[0].Health = "糖尿病"
			in.Expenses[0].Note = "透析费用"
			file, err := s.CreateHardshipFile(ctx, sys, in)
			if err != nil {
				t.Fatal(err)
			}
			// The file as the store kept it before step 39: in plaintext, with
			// an approval; steps 39 and 40 not applied yet.
			snapshot, _ := json.Marshal(in)
			for _, q := range []struct {
				sql  string
				args []any
			}{
				{`ALTER TABLE hardship_files ADD COLUMN cause_note TEXT NOT NULL DEFAULT ''`, nil},
				{`ALTER TABLE hardship_people ADD COLUMN health TEXT NOT NULL DEFAULT ''`, nil},
				{`CREATE TABLE hardship_amounts (file_id BIGINT NOT NULL REFERENCES hardship_files(id), side TEXT NOT NULL, kind TEXT NOT NULL,
					amount_fen BIGINT NOT NULL, note TEXT NOT NULL DEFAULT '', PRIMARY KEY (file_id, side, kind))`, nil},
				{`ALTER TABLE hardship_approvals ADD COLUMN income_fen BIGINT NOT NULL DEFAULT 0`, nil},
				{`ALTER TABLE hardship_approvals ADD COLUMN rigid_fen BIGINT NOT NULL DEFAULT 0`, nil},
				{`ALTER TABLE hardship_approvals ADD COLUMN snapshot TEXT NOT NULL DEFAULT ''`, nil},
				{`DELETE FROM schema_migrations WHERE version IN (39, 40)`, nil},
				{`UPDATE hardship_files SET cause_note = ?, sensitive = NULL WHERE id = ?`, []any{in.CauseNote, file.ID}},
				{`UPDATE hardship_people SET health = ? WHERE file_id = ? AND position = 0`, []any{in.Head.Health, file.ID}},
				{`UPDATE hardship_people SET health = ? WHERE file_id = ? AND position = 1`, []any{in.Members[0].Health, file.ID}},
				{`INSERT INTO hardship_amounts (file_id, side, kind, amount_fen, note) VALUES (?, 'income', 'wages', 3000000, '')`, []any{file.ID}},
				{`INSERT INTO hardship_amounts (file_id, side, kind, amount_fen, note) VALUES (?, 'expense', 'medical', 0, ?)`, []any{file.ID, in.Expenses[0].Note}},
				{`INSERT INTO hardship_approvals (file_id, approved_on, approver, filing_kind, level, household_size, income_fen, rigid_fen,
					allowance_fen, allowance_region, allowance_year, snapshot, created_at)
					VALUES (?, '2026-11-10', 'street', 'formal', 'deep', 3, 3000000, 0, 100000, '110105', 2026, ?, 0)`, []any{file.ID, string(snapshot)}},
			} {
				if _, err := s.DB().ExecContext(ctx, s.Rebind(q.sql), q.args...); err != nil {
					t.Fatalf("%s: %v", q.sql, err)
				}
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}

			got, rec, err := s.HardshipRecordOf(ctx, sys, file.ID, true)
			if err != nil {
				t.Fatal(err)
			}
			if got.CauseNote != in.CauseNote || got.Head.Health != in.Head.Health || got.Members[0].Health != "糖尿病" ||
				len(got.Incomes) != 1 || got.Incomes[0].Fen() != 3_000_000 || got.Expenses[0].Note != "透析费用" || got.Level != gonghui.HardshipDeep {
				t.Errorf("after sealing: %+v", got)
			}
			if len(rec.Approvals) != 1 || rec.Approvals[0].Means.IncomeFen != 3_000_000 || rec.Approvals[0].Snapshot.CauseNote != in.CauseNote {
				t.Errorf("the approval after sealing: %+v", rec.Approvals)
			}
			masked, err := s.GetHardshipFile(ctx, sys, file.ID, false)
			if err != nil || masked.Incomes[0].AmountFen != nil || masked.CauseNote != "******" {
				t.Errorf("masked: %+v %v", masked, err)
			}

			// Nothing sensitive is left in plaintext anywhere in the rows.
			wantNoPlaintext(t, s, []string{"hardship_files", "hardship_people", "hardship_approvals"},
				in.CauseNote, in.Head.Health, "糖尿病", "透析费用", "3000000")

			// A value copied into another file does not open there.
			other, err := s.CreateHardshipFile(ctx, sys, hardshipIn(f.g1, 2, 1_000_000))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.DB().ExecContext(ctx, s.Rebind(`UPDATE hardship_files SET sensitive = (SELECT sensitive FROM hardship_files WHERE id = ?) WHERE id = ?`), file.ID, other.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.GetHardshipFile(ctx, sys, other.ID, false); err == nil {
				t.Error("a sealed value copied to another file opened there")
			}
		})
	}
}

// wantNoPlaintext fails when any text or byte column of the tables holds
// one of the values.
func wantNoPlaintext(t *testing.T, s *store.Store, tables []string, values ...string) {
	t.Helper()
	for _, table := range tables {
		rows, err := s.DB().QueryContext(context.Background(), `SELECT * FROM `+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			cells := make([]any, len(cols))
			for i := range cells {
				cells[i] = new(any)
			}
			if err := rows.Scan(cells...); err != nil {
				t.Fatal(err)
			}
			for i, cell := range cells {
				var b []byte
				switch v := (*cell.(*any)).(type) {
				case string:
					b = []byte(v)
				case []byte:
					b = v
				default:
					continue
				}
				for _, want := range values {
					if bytes.Contains(b, []byte(want)) {
						t.Errorf("%s.%s holds %q in plaintext", table, cols[i], want)
					}
				}
			}
		}
		rows.Close()
	}
}
