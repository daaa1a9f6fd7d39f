package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"

	"gonghui"
	"gonghui/internal/pii"
)

// A hardship file's sensitive personal data (the description of its
// causes, the persons' health, the household's incomes and expenses) and
// what each approval was decided on are sealed at rest in one value per
// row, bound to the row: a value copied into another file does not open
// there.
const (
	sealedHardshipFile     = "hardship_files.sensitive"
	sealedHardshipApproval = "hardship_approvals.sensitive"
)

func rowBinding(column string, id int64) []byte {
	return []byte(column + "\x00" + strconv.FormatInt(id, 10))
}

// hardshipSensitive is what a file's sealed value holds.
type hardshipSensitive struct {
	CauseNote string                   `json:"cause_note,omitempty"`
	Health    []string                 `json:"health,omitempty"` // by position, the head first
	Incomes   []gonghui.HardshipAmount `json:"incomes"`
	Expenses  []gonghui.HardshipAmount `json:"expenses"`
}

// approvalSensitive is what an approval's sealed value holds: the
// household's figures and its input as decided (ID numbers masked).
type approvalSensitive struct {
	IncomeFen int64                     `json:"income_fen"`
	RigidFen  int64                     `json:"rigid_fen"`
	Snapshot  gonghui.HardshipFileInput `json:"snapshot"`
}

func sensitiveOf(in gonghui.HardshipFileInput) hardshipSensitive {
	v := hardshipSensitive{CauseNote: in.CauseNote, Incomes: byKind(in.Incomes), Expenses: byKind(in.Expenses)}
	health := []string{in.Head.Health}
	for _, m := range in.Members {
		health = append(health, m.Health)
	}
	for _, h := range health {
		if h != "" { // no list at all when nobody's health is noted
			v.Health = health
			break
		}
	}
	return v
}

// byKind orders a file's amounts by kind, the order they are read in.
func byKind(amounts []gonghui.HardshipAmount) []gonghui.HardshipAmount {
	out := make([]gonghui.HardshipAmount, len(amounts))
	for i, a := range amounts {
		v := a.Fen()
		out[i] = gonghui.HardshipAmount{Kind: a.Kind, AmountFen: &v, Note: a.Note}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Kind < out[j].Kind })
	return out
}

func (s *Store) sealJSON(v any, column string, id int64) ([]byte, error) {
	if s.keys == nil {
		return nil, errNoKey
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return s.keys.Seal(string(b), rowBinding(column, id)), nil
}

func (s *Store) openJSON(sealed []byte, column string, id int64, v any) error {
	if s.keys == nil {
		return errNoKey
	}
	plain, err := s.keys.Open(sealed, rowBinding(column, id))
	if err != nil {
		return fmt.Errorf("%s %d: %w", column, id, err)
	}
	return json.Unmarshal([]byte(plain), v)
}

var errNoKey = errors.New("hardship files hold sealed personal data: start gonghui with its key (--key-file or " + pii.EnvKey + ")")

// writeHardshipSensitive seals the input's sensitive data into its file.
func (c conn) writeHardshipSensitive(ctx context.Context, id int64, in gonghui.HardshipFileInput) error {
	sealed, err := c.s.sealJSON(sensitiveOf(in), sealedHardshipFile, id)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE hardship_files SET sensitive = ? WHERE id = ?`, sealed, id)
	return err
}

// openHardshipSensitive fills a file as read with its sealed data.
func (s *Store) openHardshipSensitive(r *hardshipRow, sealed []byte) error {
	r.Incomes, r.Expenses = []gonghui.HardshipAmount{}, []gonghui.HardshipAmount{}
	if sealed == nil {
		return nil
	}
	var v hardshipSensitive
	if err := s.openJSON(sealed, sealedHardshipFile, r.ID, &v); err != nil {
		return err
	}
	r.CauseNote, r.Incomes, r.Expenses = v.CauseNote, append(r.Incomes, v.Incomes...), append(r.Expenses, v.Expenses...)
	for i, h := range v.Health {
		switch {
		case i == 0:
			r.Head.Health = h
		case i <= len(r.Members):
			r.Members[i-1].Health = h
		}
	}
	return nil
}

// writeApprovalSensitive seals what an approval was decided on.
func (c conn) writeApprovalSensitive(ctx context.Context, id int64, v approvalSensitive) error {
	sealed, err := c.s.sealJSON(v, sealedHardshipApproval, id)
	if err != nil {
		return err
	}
	_, err = c.exec(ctx, `UPDATE hardship_approvals SET sensitive = ? WHERE id = ?`, sealed, id)
	return err
}

const sealHardshipIdentity = "go:sealHardshipPlaintext v1"

// sealHardshipPlaintext is migration 39: the hardship files' and
// approvals' sensitive data, kept in plaintext columns before, sealed into
// their `sensitive` columns (migration 40 then drops the plaintext). It
// needs the key only when there are files.
func sealHardshipPlaintext(ctx context.Context, c conn) error {
	var files int
	if err := c.row(ctx, `SELECT count(*) FROM hardship_files`).Scan(&files); err != nil || files == 0 {
		return err
	}
	if c.s.keys == nil {
		return errors.New("this step seals the hardship files' incomes, health and causes and needs the key: " +
			"run `gonghui migrate --key-file FILE` (or set " + pii.EnvKey + "), or start `gonghui serve` with the key")
	}
	// Pages by id: PostgreSQL runs one statement at a time on the
	// transaction's connection.
	for last := int64(0); ; {
		type file struct {
			id int64
			v  hardshipSensitive
		}
		var page []file
		var f file
		err := c.eachRow(ctx, `SELECT id, cause_note FROM hardship_files WHERE id > ? ORDER BY id LIMIT 500`, []any{last},
			[]any{&f.id, &f.v.CauseNote}, func() { page = append(page, f) })
		if err != nil || len(page) == 0 {
			if err != nil {
				return err
			}
			break
		}
		for _, f := range page {
			in := gonghui.HardshipFileInput{CauseNote: f.v.CauseNote}
			var pos int
			var health string
			err := c.eachRow(ctx, `SELECT position, health FROM hardship_people WHERE file_id = ? ORDER BY position`, []any{f.id},
				[]any{&pos, &health}, func() {
					if pos == 0 {
						in.Head.Health = health
					} else {
						in.Members = append(in.Members, gonghui.HardshipPersonInput{Health: health})
					}
				})
			if err != nil {
				return err
			}
			var side string
			var a gonghui.HardshipAmount
			var fen int64
			err = c.eachRow(ctx, `SELECT side, kind, amount_fen, note FROM hardship_amounts WHERE file_id = ? ORDER BY side, kind`, []any{f.id},
				[]any{&side, &a.Kind, &fen, &a.Note}, func() {
					v, amount := fen, a
					amount.AmountFen = &v
					if side == "income" {
						in.Incomes = append(in.Incomes, amount)
					} else {
						in.Expenses = append(in.Expenses, amount)
					}
				})
			if err != nil {
				return err
			}
			if err := c.writeHardshipSensitive(ctx, f.id, in); err != nil {
				return err
			}
		}
		last = page[len(page)-1].id
	}
	for last := int64(0); ; {
		type approval struct {
			id       int64
			v        approvalSensitive
			snapshot string
		}
		var page []approval
		var ap approval
		err := c.eachRow(ctx, `SELECT id, income_fen, rigid_fen, snapshot FROM hardship_approvals WHERE id > ? ORDER BY id LIMIT 500`, []any{last},
			[]any{&ap.id, &ap.v.IncomeFen, &ap.v.RigidFen, &ap.snapshot}, func() { page = append(page, ap) })
		if err != nil || len(page) == 0 {
			return err
		}
		for _, ap := range page {
			if err := json.Unmarshal([]byte(ap.snapshot), &ap.v.Snapshot); err != nil {
				return fmt.Errorf("hardship approval %d: %w", ap.id, err)
			}
			if err := c.writeApprovalSensitive(ctx, ap.id, ap.v); err != nil {
				return err
			}
		}
		last = page[len(page)-1].id
	}
}
