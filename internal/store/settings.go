package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"gonghui"
)

const settingBargainingTopics = "bargaining_topics"

// BargainingTopics returns the configured "N" bargaining topics.
func (s *Store) BargainingTopics(ctx context.Context) ([]string, error) {
	var v string
	err := s.conn().row(ctx, `SELECT value FROM settings WHERE key = ?`, settingBargainingTopics).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return append([]string{}, gonghui.DefaultBargainingTopics...), nil
	}
	if err != nil {
		return nil, opErr(err, "bargaining topics")
	}
	var topics []string
	return topics, json.Unmarshal([]byte(v), &topics)
}

// SaveBargainingTopics replaces the configured topics; like the rate
// definitions, only an administrator of the whole tree may.
func (s *Store) SaveBargainingTopics(ctx context.Context, a gonghui.Actor, topics []string) ([]string, error) {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return nil, opErr(err, "save bargaining topics")
	}
	topics, err = gonghui.CheckTopicList(topics)
	if err != nil {
		return nil, opErr(err, "save bargaining topics")
	}
	value := stringsJSON(topics)
	return topics, s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM settings WHERE key = ?`, settingBargainingTopics); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)`,
			settingBargainingTopics, value, a.Username, s.nowUnix()); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "settings.bargaining_topics", recordType: "settings", orgPath: root.Path, summary: value})
	})
}

// requireRootAdmin checks that the actor administers the whole tree, and
// returns the root.
func (s *Store) requireRootAdmin(ctx context.Context, a gonghui.Actor) (gonghui.Org, error) {
	if !a.Can(gonghui.PermManageUser) {
		return gonghui.Org{}, gonghui.ErrForbidden
	}
	root, err := s.conn().getOrg(ctx, gonghui.SystemActor("settings"), "o.parent_id IS NULL AND o.id > ?", 0)
	if err != nil {
		return root, err
	}
	if a.Path != "/" && a.Path != root.Path {
		return root, gonghui.ErrForbidden
	}
	return root, nil
}

const settingImportErrorRetention = "import_error_retention_days"

// DefaultImportErrorRetention is how many days an import's refused rows
// are kept when the administrator has set nothing.
const DefaultImportErrorRetention = 30

// ImportRetention is how long import error reports are kept.
type ImportRetention struct {
	Days int `json:"days"` // 1 to 3650
}

// ImportErrorRetention returns how many days error reports are kept.
func (s *Store) ImportErrorRetention(ctx context.Context) (ImportRetention, error) {
	var v string
	err := s.conn().row(ctx, `SELECT value FROM settings WHERE key = ?`, settingImportErrorRetention).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return ImportRetention{Days: DefaultImportErrorRetention}, nil
	}
	if err != nil {
		return ImportRetention{}, opErr(err, "import error retention")
	}
	days, err := strconv.Atoi(v)
	return ImportRetention{Days: days}, opErr(err, "import error retention")
}

// SaveImportErrorRetention sets how many days error reports are kept;
// only an administrator of the whole tree may. The next sweep deletes
// what is older.
func (s *Store) SaveImportErrorRetention(ctx context.Context, a gonghui.Actor, r ImportRetention) (ImportRetention, error) {
	root, err := s.requireRootAdmin(ctx, a)
	if err != nil {
		return r, opErr(err, "save import error retention")
	}
	if r.Days < 1 || r.Days > 3650 {
		return r, gonghui.Invalid("days", "保留天数应在1至3650之间", "the days kept must be between 1 and 3650")
	}
	return r, opErr(s.inTx(ctx, func(c conn) error {
		if _, err := c.exec(ctx, `DELETE FROM settings WHERE key = ?`, settingImportErrorRetention); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)`,
			settingImportErrorRetention, strconv.Itoa(r.Days), a.Username, s.nowUnix()); err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "settings.import_error_retention", recordType: "settings", orgPath: root.Path, summary: mustJSON(r)})
	}), "save import error retention")
}
