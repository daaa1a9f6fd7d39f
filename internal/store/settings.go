package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

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
