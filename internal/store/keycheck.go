package store

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"

	"gonghui/internal/pii"
)

// The database keeps the fingerprint of the key its personal data is
// sealed with (pii.Keys.Fingerprint, never the key), so that a start with
// another key — a lost key file replaced by a fresh one, a mistyped
// GONGHUI_KEY — is refused instead of sealing new data that the right key
// could never read, finding nobody by ID number and letting one person be
// registered twice.
const settingKeyFingerprint = "pii_key_fingerprint"

// ErrKeyMismatch is returned when the key is not the database's.
var ErrKeyMismatch = errors.New("the personal-data key is not the one this database was sealed with: " +
	"start with the database's own key (--key-file or " + pii.EnvKey + "; restore the key file from your backup). " +
	"With another key no stored ID number or phone can be read, and what it sealed could never be read with the right one")

// tableExists reports whether a table exists, so that the key can be
// checked on a database not yet migrated.
func (c conn) tableExists(ctx context.Context, name string) (bool, error) {
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	if c.s.engine == Postgres {
		q = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
	}
	var n int
	err := c.row(ctx, q, name).Scan(&n)
	return n > 0, err
}

// storedFingerprint is the key fingerprint the database keeps ("" none).
func (c conn) storedFingerprint(ctx context.Context) (string, error) {
	if ok, err := c.tableExists(ctx, "settings"); err != nil || !ok {
		return "", err
	}
	var v string
	err := c.row(ctx, `SELECT value FROM settings WHERE key = ?`, settingKeyFingerprint).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// sealedSample returns one sealed value and its binding, or nil when the
// database holds none. Values sealed before bindings were kept (before
// migration 13) have a nil binding.
func (c conn) sealedSample(ctx context.Context) (sealed, bound []byte, err error) {
	if ok, err := c.tableExists(ctx, "persons"); err != nil || !ok {
		return nil, nil, err
	}
	var index []byte
	err = c.row(ctx, `SELECT id_sealed, id_index FROM persons WHERE id_sealed IS NOT NULL ORDER BY id LIMIT 1`).Scan(&sealed, &index)
	if err == nil {
		return sealed, personBinding(sealedID, index), nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, err
	}
	var importID int64
	var line int
	err = c.row(ctx, `SELECT row_sealed, import_id, line FROM import_errors WHERE row_sealed IS NOT NULL ORDER BY id LIMIT 1`).Scan(&sealed, &importID, &line)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, nil
	}
	return sealed, importErrorBinding(importID, line), err
}

// HoldsSealedData reports whether the database keeps a key fingerprint or
// any sealed value: then a new key may not be made for it. It works on a
// database not yet migrated.
func (s *Store) HoldsSealedData(ctx context.Context) (bool, error) {
	c := s.conn()
	fp, err := c.storedFingerprint(ctx)
	if err != nil || fp != "" {
		return fp != "", opErr(err, "look for sealed data")
	}
	sealed, _, err := c.sealedSample(ctx)
	return sealed != nil, opErr(err, "look for sealed data")
}

// CheckKeys holds the store's key to the database: the fingerprint kept
// must be the key's (ErrKeyMismatch otherwise). A database that keeps
// none yet — new, or sealed before fingerprints were kept — gets the
// key's, once the key has opened a sealed value when there is one. Before
// the schema has its settings table there is nothing to compare: the
// migration that re-seals the data proves the key then.
func (s *Store) CheckKeys(ctx context.Context) error {
	if s.keys == nil {
		return errNoKeys
	}
	c := s.conn()
	fp, err := c.storedFingerprint(ctx)
	if err != nil {
		return opErr(err, "check the personal-data key")
	}
	mine := s.keys.Fingerprint()
	if fp != "" {
		if subtle.ConstantTimeCompare([]byte(fp), []byte(mine)) != 1 {
			return ErrKeyMismatch
		}
		return nil
	}
	if ok, err := c.tableExists(ctx, "settings"); err != nil || !ok {
		return opErr(err, "check the personal-data key")
	}
	sealed, bound, err := c.sealedSample(ctx)
	if err != nil {
		return opErr(err, "check the personal-data key")
	}
	if sealed != nil {
		if _, err := s.keys.Open(sealed, bound); err != nil {
			if _, err := s.keys.Open(sealed, nil); err != nil {
				return ErrKeyMismatch
			}
		}
	}
	_, err = c.exec(ctx, `INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)`,
		settingKeyFingerprint, mine, "gonghui", s.nowUnix())
	return opErr(err, "keep the personal-data key's fingerprint")
}

// resealIdentity stands in for the code of the Go step that binds every
// sealed value to its row (see seedReferenceIdentity).
const resealIdentity = "go:resealPersonalData v1"

// resealPersonalData is migration 13: values sealed before bindings are
// opened and sealed again bound to their row. It needs the key, and
// fails — changing nothing — with a key that does not open them.
func resealPersonalData(ctx context.Context, c conn) error {
	sealed, _, err := c.sealedSample(ctx)
	if err != nil || sealed == nil {
		return err
	}
	k := c.s.keys
	if k == nil {
		return errors.New("this step seals the stored ID numbers and phones again and needs their key: " +
			"run `gonghui migrate --key-file FILE` (or set " + pii.EnvKey + "), or start `gonghui serve` with the key")
	}
	open := func(what string, id int64, v []byte) (string, error) {
		plain, err := k.Open(v, nil)
		if err != nil {
			return "", fmt.Errorf("%s %d: %w; is this the key the database was sealed with?", what, id, err)
		}
		return plain, nil
	}
	// Pages by id: PostgreSQL runs one statement at a time on the
	// transaction's connection.
	for last := int64(0); ; {
		type person struct {
			id                int64
			index, idv, phone []byte
		}
		var page []person
		rows, err := c.query(ctx, `SELECT id, id_index, id_sealed, phone_sealed FROM persons WHERE id > ? ORDER BY id LIMIT 1000`, last)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p person
			if err := rows.Scan(&p.id, &p.index, &p.idv, &p.phone); err != nil {
				rows.Close()
				return err
			}
			page = append(page, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, p := range page {
			id, err := open("person", p.id, p.idv)
			if err != nil {
				return err
			}
			phone, err := open("person", p.id, p.phone)
			if err != nil {
				return err
			}
			if _, err := c.exec(ctx, `UPDATE persons SET id_sealed = ?, phone_sealed = ? WHERE id = ?`,
				k.Seal(id, personBinding(sealedID, p.index)), k.Seal(phone, personBinding(sealedPhone, p.index)), p.id); err != nil {
				return err
			}
		}
		last = page[len(page)-1].id
	}
	for last := int64(0); ; {
		type refused struct {
			id, importID int64
			line         int
			row          []byte
		}
		var page []refused
		rows, err := c.query(ctx, `SELECT id, import_id, line, row_sealed FROM import_errors WHERE id > ? ORDER BY id LIMIT 1000`, last)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r refused
			if err := rows.Scan(&r.id, &r.importID, &r.line, &r.row); err != nil {
				rows.Close()
				return err
			}
			page = append(page, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, r := range page {
			plain, err := open("import error", r.id, r.row)
			if err != nil {
				return err
			}
			if _, err := c.exec(ctx, `UPDATE import_errors SET row_sealed = ? WHERE id = ?`, k.Seal(plain, importErrorBinding(r.importID, r.line)), r.id); err != nil {
				return err
			}
		}
		last = page[len(page)-1].id
	}
	return nil
}
