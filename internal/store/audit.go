package store

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"time"

	"gonghui"
)

// auditEntry is one audit event about to be written.
type auditEntry struct {
	action     string
	recordType string
	recordID   int64
	orgPath    string // scope of the record: who may read this event
	summary    string
	outcome    string
}

// audit writes an event in the caller's transaction.
func (c conn) audit(ctx context.Context, a gonghui.Actor, e auditEntry) error {
	_, err := c.exec(ctx, `INSERT INTO audit_events (`+strings.Join(auditInsertColumns, ", ")+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.auditRow(a, e)...)
	return err
}

var auditInsertColumns = []string{"at", "user_id", "username", "action", "record_type", "record_id", "org_path", "summary", "client_addr", "outcome"}

// auditRow is an event's values in auditInsertColumns' order, for one insert or
// many.
func (c conn) auditRow(a gonghui.Actor, e auditEntry) []any {
	if e.outcome == "" {
		e.outcome = gonghui.OutcomeSuccess
	}
	if e.orgPath == "" {
		e.orgPath = "/"
	}
	return []any{c.s.nowUnix(), nullInt(a.UserID), a.Username, e.action, e.recordType, nullInt(e.recordID), e.orgPath, e.summary, a.ClientAddr, e.outcome}
}

// Audit records an event outside any other change (logins, exports, reveals).
func (s *Store) Audit(ctx context.Context, a gonghui.Actor, action, recordType string, recordID int64, orgPath, summary, outcome string) error {
	return s.conn().audit(ctx, a, auditEntry{action, recordType, recordID, orgPath, summary, outcome})
}

// changeSummary describes a change as JSON: for a create (before == nil) the
// new values, otherwise {"field": [before, after]} for each changed field.
func changeSummary(before, after any) string {
	am := toMap(after)
	if before == nil {
		return mustJSON(am)
	}
	bm := toMap(before)
	diff := map[string][2]any{}
	for k, v := range am {
		// The version moves with every update: it is no change of its own.
		if k != "version" && !reflect.DeepEqual(bm[k], v) {
			diff[k] = [2]any{bm[k], v}
		}
	}
	return mustJSON(diff)
}

func toMap(v any) map[string]any {
	b, _ := json.Marshal(v)
	m := map[string]any{}
	json.Unmarshal(b, &m)
	return m
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ListAudit returns audit events about records in the actor's subtree,
// newest first. Only roles with the audit permission may read them.
func (s *Store) ListAudit(ctx context.Context, a gonghui.Actor, f gonghui.AuditFilter) ([]gonghui.AuditEvent, int, error) {
	if !a.Can(gonghui.PermReadAudit) {
		return nil, 0, gonghui.ErrForbidden
	}
	f.Page = f.Page.Normalize()
	where, args := scopeClause("org_path", a)
	conds := []string{where}
	if f.Username != "" {
		conds = append(conds, "username = ?")
		args = append(args, f.Username)
	}
	if f.Action != "" {
		conds = append(conds, "action = ?")
		args = append(args, f.Action)
	}
	if f.RecordType != "" {
		conds = append(conds, "record_type = ?")
		args = append(args, f.RecordType)
	}
	if f.RecordID != 0 {
		conds = append(conds, "record_id = ?")
		args = append(args, f.RecordID)
	}
	if !f.Since.IsZero() {
		conds = append(conds, "at >= ?")
		args = append(args, f.Since.Unix())
	}
	if !f.Until.IsZero() {
		conds = append(conds, "at < ?")
		args = append(args, f.Until.Unix())
	}
	wh := " WHERE " + strings.Join(conds, " AND ")
	return listPage(ctx, s.conn(), auditColumns, "FROM audit_events", wh, "at DESC, id DESC", args, f.Page, scanAudit)
}

const auditColumns = `id, at, COALESCE(user_id, 0), username, action, record_type, COALESCE(record_id, 0), org_path, summary, client_addr, outcome`

func scanAudit(sc scanner) (gonghui.AuditEvent, error) {
	var e gonghui.AuditEvent
	var at int64
	err := sc.Scan(&e.ID, &at, &e.UserID, &e.Username, &e.Action, &e.RecordType, &e.RecordID, &e.OrgPath, &e.Summary, &e.ClientAddr, &e.Outcome)
	e.At = time.Unix(at, 0).In(gonghui.Shanghai)
	return e, err
}

// AuditActions lists the distinct actions, for the filter drop-down.
func (s *Store) AuditActions(ctx context.Context) ([]string, error) {
	rows, err := s.conn().query(ctx, `SELECT DISTINCT action FROM audit_events`)
	if err != nil {
		return nil, opErr(err, "audit actions")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, opErr(err, "audit actions")
		}
		out = append(out, a)
	}
	sort.Strings(out)
	return out, rows.Err()
}
