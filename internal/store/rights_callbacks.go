package store

import (
	"context"

	"gonghui"
)

// lockCaseCallback: at most one callback that reached the worker per case.
// Key: the case.
var lockCaseCallback = newLockRule("rights: one reached callback per case")

// RecordRightsCallback records a callback attempt on a closed case of the
// actor's subtree: repeated while the worker is not reached, once when
// they are (their satisfaction is the case's). A union's cadre calls back;
// a partner's staff do not.
func (s *Store) RecordRightsCallback(ctx context.Context, a gonghui.Actor, id int64, in gonghui.RightsCallbackInput) (gonghui.RightsCase, error) {
	if !a.Can(gonghui.PermEditRights) || a.IsPartner() {
		return gonghui.RightsCase{}, gonghui.ErrForbidden
	}
	var out gonghui.RightsCase
	err := s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockCaseCallback, id); err != nil {
			return err
		}
		// Read under the lock: in scope (outside it, "not found"), with its
		// callbacks as the lock's last holder left them.
		cur, err := c.getRightsCase(ctx, a, id)
		if err != nil {
			return err
		}
		v := &gonghui.ValidationError{}
		in.Validate(v, cur.RightsCase, s.today())
		if err := v.Err(); err != nil {
			return err
		}
		// The figures read the case's events before the write and after.
		if err := c.touchStats(ctx, famRights, cur.OrgID); err != nil {
			return err
		}
		var cid int64
		if err := c.row(ctx, `INSERT INTO rights_callbacks (case_id, on_date, reached, satisfaction, note, actor, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, id, in.On, boolInt(in.Reached), in.Satisfaction, in.Note, a.Username, s.nowUnix()).Scan(&cid); err != nil {
			return err
		}
		note := gonghui.ChoiceName(gonghui.RightsSatisfactions, in.Satisfaction).Zh
		if !in.Reached {
			note = "未联系到当事人"
		}
		if in.Note != "" {
			note += " " + in.Note
		}
		if err := c.addRightsStep(ctx, a, id, "callback", in.On, note); err != nil {
			return err
		}
		if err := c.audit(ctx, a, auditEntry{action: "rights.case.callback", recordType: "rights_case", recordID: id, orgPath: cur.path,
			summary: mustJSON(map[string]any{"callback": cid, "on": in.On, "reached": in.Reached, "satisfaction": in.Satisfaction, "note": in.Note})}); err != nil {
			return err
		}
		after, err := c.getRightsCase(ctx, a, id)
		if err == nil {
			out = after.RightsCase
		}
		return err
	})
	return out, opErr(err, "call back rights case %d", id)
}

// rightsCallbacks reads the cases' callback attempts, oldest first.
func (c conn) rightsCallbacks(ctx context.Context, byID map[int64]*rightsCaseRow, in string, inArgs []any) error {
	var caseID int64
	var cb gonghui.RightsCallback
	var reached int
	return c.eachRow(ctx, `SELECT case_id, id, on_date, reached, satisfaction, note, actor FROM rights_callbacks WHERE `+in+` ORDER BY case_id, id`, inArgs,
		[]any{&caseID, &cb.ID, &cb.On, &reached, &cb.Satisfaction, &cb.Note, &cb.Actor}, func() {
			cb.Reached = reached == 1
			byID[caseID].Callbacks = append(byID[caseID].Callbacks, cb)
		})
}
