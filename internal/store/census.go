package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
	"time"

	"gonghui"
)

// The yearly census (统计年报). A union opens its return, which snapshots
// the figures computed from its subtree's records as of 30 September; it
// may adjust them with a reason and submits them; a union above it
// approves, corrects (each figure with a reason) or returns them. Scope is
// in SQL: a return is read and submitted inside the actor's subtree, and
// reviewed only strictly below the actor's own union.

const censusColumns = `r.id, r.org_id, o.code, o.name, r.year, r.state, r.return_reason, r.computed_at,
	r.submitted_by, COALESCE(r.submitted_at, 0), r.reviewed_by, COALESCE(r.reviewed_at, 0), o.path, r.version`

const censusFrom = ` FROM census_returns r JOIN orgs o ON o.id = r.org_id`

type censusRow struct {
	gonghui.CensusReturn
	path string
}

func unixTime(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).In(gonghui.Shanghai)
}

func scanCensus(sc scanner) (censusRow, error) {
	var r censusRow
	k := &r.CensusReturn
	var computed, submitted, reviewed int64
	err := sc.Scan(&k.ID, &k.OrgID, &k.OrgCode, &k.OrgName, &k.Year, &k.State, &k.ReturnReason, &computed,
		&k.SubmittedBy, &submitted, &k.ReviewedBy, &reviewed, &r.path, &k.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	k.AsOf = gonghui.CensusPeriodOf(k.Year).End
	k.ComputedAt, k.SubmittedAt, k.ReviewedAt = unixTime(computed), unixTime(submitted), unixTime(reviewed)
	return r, err
}

// censusScope keeps returns inside the actor's subtree, or with below
// strictly below the actor's own union: where the level above reviews.
func censusScope(a gonghui.Actor, below bool) (string, []any) {
	if !below {
		return scopeClause("o.path", a)
	}
	lo, hi := gonghui.PathRange(a.Path)
	return "o.path > ? AND o.path < ?", []any{lo, hi}
}

// getCensus reads a return with its figures.
func (c conn) getCensus(ctx context.Context, a gonghui.Actor, below bool, where string, args ...any) (censusRow, error) {
	scope, sargs := censusScope(a, below)
	r, err := scanCensus(c.row(ctx, "SELECT "+censusColumns+censusFrom+" WHERE "+where+" AND "+scope, append(args, sargs...)...))
	if err != nil {
		return r, err
	}
	r.Figures, err = c.censusFigures(ctx, r.ID)
	return r, err
}

// censusFigures reads a return's figures in the order of the return's lines.
func (c conn) censusFigures(ctx context.Context, id int64) ([]gonghui.CensusFigure, error) {
	rows, err := c.query(ctx, `SELECT key, computed, confirmed, reason FROM census_figures WHERE return_id = ?`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []gonghui.CensusFigure{}
	for rows.Next() {
		var f gonghui.CensusFigure
		if err := rows.Scan(&f.Key, &f.Computed, &f.Confirmed, &f.Reason); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	order := map[string]int{}
	for i, it := range gonghui.CensusItems {
		order[it.Key] = i
	}
	sort.SliceStable(out, func(i, j int) bool { return order[out[i].Key] < order[out[j].Key] })
	return out, rows.Err()
}

// GetCensus returns a return of the actor's subtree with its figures.
func (s *Store) GetCensus(ctx context.Context, a gonghui.Actor, id int64) (gonghui.CensusReturn, error) {
	r, err := s.conn().getCensus(ctx, a, false, "r.id = ?", id)
	return r.CensusReturn, opErr(err, "get census %d", id)
}

// FindCensus returns a union's return for a year, if it is open.
func (s *Store) FindCensus(ctx context.Context, a gonghui.Actor, orgID int64, year int) (gonghui.CensusReturn, error) {
	r, err := s.conn().getCensus(ctx, a, false, "r.org_id = ? AND r.year = ?", orgID, year)
	return r.CensusReturn, opErr(err, "find census")
}

// CensusFilter selects returns.
type CensusFilter struct {
	Year  int
	OrgID int64 // the subtree (0: the actor's)
	State gonghui.CensusState
	IDs   []int64 // these returns only (a selection)
	Sort  string  // a key of censusSorts ("-": reversed); "" = tree order
	gonghui.Page
}

// censusSorts are the orders of the census-return list.
var censusSorts = listSorts{
	"org": "o.name_initials, o.name", "code": "o.code", "state": "r.state", "submitted": "(r.submitted_at IS NULL), r.submitted_at",
}

// CensusYears lists the years that have returns in the actor's subtree,
// newest first.
func (s *Store) CensusYears(ctx context.Context, a gonghui.Actor) ([]int, error) {
	scope, args := scopeClause("o.path", a)
	rows, err := s.conn().query(ctx, `SELECT DISTINCT r.year FROM census_returns r JOIN orgs o ON o.id = r.org_id WHERE `+scope+` ORDER BY r.year DESC`, args...)
	if err != nil {
		return nil, opErr(err, "census years")
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, opErr(err, "census years")
		}
		years = append(years, y)
	}
	return years, opErr(rows.Err(), "census years")
}

// ListCensus pages through the returns of a subtree for a year, in tree
// order, without their figures.
func (s *Store) ListCensus(ctx context.Context, a gonghui.Actor, f CensusFilter) ([]gonghui.CensusReturn, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scope, args, err := c.subtreeScope(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list census")
	}
	conds := []string{scope, "r.year = ?"}
	args = append(args, f.Year)
	if f.State != "" {
		conds = append(conds, "r.state = ?")
		args = append(args, f.State)
	}
	if len(f.IDs) > 0 {
		cond, a := inList("r.id", f.IDs)
		conds, args = append(conds, cond), append(args, a...)
	}
	order, err := censusSorts.order(f.Sort, "o.path", "r.id")
	if err != nil {
		return nil, 0, err
	}
	return listPage(ctx, c, censusColumns, censusFrom, " WHERE "+strings.Join(conds, " AND "), order, args, f.Page,
		func(sc scanner) (gonghui.CensusReturn, error) {
			r, err := scanCensus(sc)
			return r.CensusReturn, err
		})
}

// censusComputed computes a union's figures for a census year from the
// records, as of the period's last day.
func (s *Store) censusComputed(ctx context.Context, a gonghui.Actor, orgID int64, year int) (gonghui.CensusFigures, error) {
	st, err := s.ComputeStats(ctx, a, orgID, gonghui.CensusPeriodOf(year).End)
	if err != nil {
		return nil, err
	}
	return gonghui.CensusFiguresFrom(st.Indicators, st.Rates), nil
}

// figureChange is a confirmed value that changed, for history and audit.
type figureChange struct {
	key      string
	old, new int64
	reason   string
}

// writeFigures replaces a return's figures: the computed snapshot, and
// the confirmed values — the input's where it names a figure, an earlier
// adjustment where one was made, the computed value otherwise. It returns
// the confirmed values that changed.
func (c conn) writeFigures(ctx context.Context, id int64, old []gonghui.CensusFigure, computed gonghui.CensusFigures, in []gonghui.CensusFigureInput) ([]figureChange, error) {
	prev := map[string]gonghui.CensusFigure{}
	for _, f := range old {
		prev[f.Key] = f
	}
	given := map[string]gonghui.CensusFigureInput{}
	for _, f := range in {
		given[f.Key] = f
	}
	var rows [][]any
	var changes []figureChange
	for _, it := range gonghui.CensusItems {
		if it.IsRate() {
			continue
		}
		f := gonghui.CensusFigure{Key: it.Key, Computed: computed[it.Key], Confirmed: computed[it.Key]}
		if g, ok := given[it.Key]; ok {
			f.Confirmed, f.Reason = g.Value, g.Reason
		} else if p, ok := prev[it.Key]; ok && p.Reason != "" {
			f.Confirmed, f.Reason = p.Confirmed, p.Reason
		}
		if p, ok := prev[it.Key]; ok && p.Confirmed != f.Confirmed {
			changes = append(changes, figureChange{it.Key, p.Confirmed, f.Confirmed, f.Reason})
		}
		rows = append(rows, []any{id, f.Key, f.Computed, f.Confirmed, f.Reason})
	}
	if _, err := c.exec(ctx, `DELETE FROM census_figures WHERE return_id = ?`, id); err != nil {
		return nil, err
	}
	return changes, insertRows(ctx, c, "census_figures", []string{"return_id", "key", "computed", "confirmed", "reason"}, rows)
}

// censusEvent writes one line of a return's history.
func (c conn) censusEvent(ctx context.Context, a gonghui.Actor, id int64, action string, ch *figureChange, reason string) error {
	var figure string
	var old, new any
	if ch != nil {
		figure, old, new, reason = ch.key, ch.old, ch.new, ch.reason
	}
	_, err := c.exec(ctx, `INSERT INTO census_events (return_id, action, figure, old_value, new_value, reason, username, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		id, action, figure, old, new, reason, a.Username, c.s.nowUnix())
	return err
}

// censusRecord writes the history of a step — the step itself and each
// changed figure — and its audit event, in the caller's transaction.
func (c conn) censusRecord(ctx context.Context, a gonghui.Actor, r censusRow, action, to, reason string, changes []figureChange) error {
	figureAction := "adjust"
	if action == string(gonghui.CensusCorrect) {
		figureAction = action
	}
	diff := map[string][2]int64{}
	for i := range changes {
		diff[changes[i].key] = [2]int64{changes[i].old, changes[i].new}
		if err := c.censusEvent(ctx, a, r.ID, figureAction, &changes[i], ""); err != nil {
			return err
		}
	}
	if action != string(gonghui.CensusCorrect) {
		if err := c.censusEvent(ctx, a, r.ID, action, nil, reason); err != nil {
			return err
		}
	}
	summary := map[string]any{"org": r.OrgCode, "year": r.Year, "from": r.State, "to": to}
	if reason != "" {
		summary["reason"] = reason
	}
	if len(changes) > 0 {
		summary["figures"] = diff
		if action == string(gonghui.CensusCorrect) {
			reasons := map[string]string{}
			for _, ch := range changes {
				reasons[ch.key] = ch.reason
			}
			summary["reasons"] = reasons
		}
	}
	return c.audit(ctx, a, auditEntry{action: "census." + action, recordType: "census_return", recordID: r.ID, orgPath: r.path, summary: mustJSON(summary)})
}

// OpenCensus opens a union's return for a census year with the figures
// computed from its records, or refreshes the computed snapshot of a draft
// (figures the union adjusted keep their value). A return already
// submitted is answered as it is.
func (s *Store) OpenCensus(ctx context.Context, a gonghui.Actor, orgID int64, year int) (gonghui.CensusReturn, error) {
	if !a.Can(gonghui.PermSubmitCensus) {
		return gonghui.CensusReturn{}, gonghui.ErrForbidden
	}
	org, err := s.GetOrg(ctx, a, orgID)
	if err != nil {
		return gonghui.CensusReturn{}, opErr(err, "open census")
	}
	if err := gonghui.CheckCensusYear(year, gonghui.DateOf(s.now())); err != nil {
		return gonghui.CensusReturn{}, opErr(err, "open census")
	}
	computed, err := s.censusComputed(ctx, a, org.ID, year)
	if err != nil {
		return gonghui.CensusReturn{}, opErr(err, "open census")
	}
	var out censusRow
	err = s.inTx(ctx, func(c conn) error {
		if err := c.lockFor(ctx, lockCensusReturn, org.ID); err != nil {
			return err
		}
		cur, err := c.getCensus(ctx, a, false, "r.org_id = ? AND r.year = ?", org.ID, year)
		now := s.nowUnix()
		switch {
		case errors.Is(err, gonghui.ErrNotFound):
			var id int64
			if err := c.row(ctx, `INSERT INTO census_returns (org_id, year, state, computed_at, created_at, updated_at) VALUES (?, ?, 'draft', ?, ?, ?) RETURNING id`,
				org.ID, year, now, now, now).Scan(&id); err != nil {
				return err
			}
			if _, err := c.writeFigures(ctx, id, nil, computed, nil); err != nil {
				return err
			}
			cur = censusRow{CensusReturn: gonghui.CensusReturn{ID: id, OrgID: org.ID, OrgCode: org.Code, Year: year, State: gonghui.CensusDraft}, path: org.Path}
			if err := c.censusRecord(ctx, a, cur, "open", string(gonghui.CensusDraft), "", nil); err != nil {
				return err
			}
		case err != nil:
			return err
		case cur.State == gonghui.CensusDraft:
			changes, err := c.writeFigures(ctx, cur.ID, cur.Figures, computed, nil)
			if err != nil {
				return err
			}
			if _, err := c.exec(ctx, `UPDATE census_returns SET computed_at = ?, updated_at = ? WHERE id = ?`, now, now, cur.ID); err != nil {
				return err
			}
			if err := c.censusRecord(ctx, a, cur, "refresh", string(cur.State), "", changes); err != nil {
				return err
			}
		default:
			out = cur
			return nil
		}
		out, err = c.getCensus(ctx, a, false, "r.id = ?", cur.ID)
		return err
	})
	return out.CensusReturn, opErr(err, "open census")
}

// StepCensus takes an action on a return: the union saves or submits its
// figures (a fresh computed snapshot is taken), the level above approves,
// returns or corrects them. The union itself can never take the level
// above's actions on its own return: those are found only strictly below
// the actor's union, and refused as forbidden on the actor's own.
func (s *Store) StepCensus(ctx context.Context, a gonghui.Actor, id int64, act gonghui.CensusAction, in gonghui.CensusInput) (gonghui.CensusReturn, error) {
	below := act.ByLevelAbove()
	perm := gonghui.PermSubmitCensus
	if below {
		perm = gonghui.PermReviewCensus
	}
	if !a.Can(perm) {
		return gonghui.CensusReturn{}, gonghui.ErrForbidden
	}
	c := s.conn()
	cur, err := c.getCensus(ctx, a, below, "r.id = ?", id)
	if errors.Is(err, gonghui.ErrNotFound) && below {
		if _, err := c.getCensus(ctx, a, false, "r.id = ?", id); err == nil {
			return gonghui.CensusReturn{}, gonghui.ErrForbidden // the actor's own union's return
		}
	}
	if err != nil {
		return gonghui.CensusReturn{}, opErr(err, "step census %d", id)
	}
	refresh := act == gonghui.CensusSave || act == gonghui.CensusSubmit
	var computed gonghui.CensusFigures
	if refresh {
		if computed, err = s.censusComputed(ctx, a, cur.OrgID, cur.Year); err != nil {
			return gonghui.CensusReturn{}, opErr(err, "step census %d", id)
		}
	}
	var out censusRow
	err = s.inTx(ctx, func(c conn) error {
		cur, err := c.getCensus(ctx, a, below, "r.id = ?", id)
		if err != nil {
			return err
		}
		if !refresh {
			computed = gonghui.CensusFigures{}
			for _, f := range cur.Figures {
				computed[f.Key] = f.Computed
			}
		}
		next, err := gonghui.CheckCensusStep(cur.CensusReturn, act, &in, computed, gonghui.DateOf(s.now()))
		if err != nil {
			return err
		}
		now := s.nowUnix()
		set, args := "state = ?, updated_at = ?", []any{next, now}
		var changes []figureChange
		switch act {
		case gonghui.CensusSave, gonghui.CensusSubmit:
			if changes, err = c.writeFigures(ctx, id, cur.Figures, computed, in.Figures); err != nil {
				return err
			}
			set, args = set+", computed_at = ?", append(args, now)
			if act == gonghui.CensusSubmit {
				set, args = set+", submitted_by = ?, submitted_at = ?, return_reason = ''", append(args, a.Username, now)
			}
		case gonghui.CensusCorrect:
			if changes, err = c.correctFigures(ctx, id, cur.Figures, in.Figures); err != nil {
				return err
			}
		case gonghui.CensusApprove, gonghui.CensusSendBack:
			set, args = set+", reviewed_by = ?, reviewed_at = ?", append(args, a.Username, now)
			if act == gonghui.CensusSendBack {
				set, args = set+", return_reason = ?", append(args, in.Reason)
			}
		}
		// The version refuses a step raced by another one, or taken on a
		// return that has changed since the caller read it.
		version := in.Version
		if version == 0 {
			version = cur.Version
		}
		if err := c.updateVersioned(ctx, "census_returns", set, args, id, version); err != nil {
			return err
		}
		if err := c.censusRecord(ctx, a, cur, string(act), string(next), in.Reason, changes); err != nil {
			return err
		}
		out, err = c.getCensus(ctx, a, below, "r.id = ?", id)
		return err
	})
	return out.CensusReturn, opErr(err, "step census %d", id)
}

// correctFigures sets the level above's corrections, each with its reason.
func (c conn) correctFigures(ctx context.Context, id int64, cur []gonghui.CensusFigure, in []gonghui.CensusFigureInput) ([]figureChange, error) {
	old := map[string]int64{}
	for _, f := range cur {
		old[f.Key] = f.Confirmed
	}
	var changes []figureChange
	for _, f := range in {
		if _, err := c.exec(ctx, `UPDATE census_figures SET confirmed = ?, reason = ? WHERE return_id = ? AND key = ?`, f.Value, f.Reason, id, f.Key); err != nil {
			return nil, err
		}
		changes = append(changes, figureChange{f.Key, old[f.Key], f.Value, f.Reason})
	}
	return changes, nil
}

// CensusEvent is one line of a return's history: a step, or a figure the
// union adjusted or the level above corrected.
type CensusEvent struct {
	Action   string    `json:"action"`
	Figure   string    `json:"figure,omitempty"`
	OldValue *int64    `json:"old_value,omitempty"`
	NewValue *int64    `json:"new_value,omitempty"`
	Reason   string    `json:"reason,omitempty"`
	Username string    `json:"username"`
	At       time.Time `json:"at"`
}

// CensusHistory lists a return's history in order.
func (s *Store) CensusHistory(ctx context.Context, a gonghui.Actor, id int64) ([]CensusEvent, error) {
	c := s.conn()
	if _, err := c.getCensus(ctx, a, false, "r.id = ?", id); err != nil {
		return nil, opErr(err, "census history %d", id)
	}
	rows, err := c.query(ctx, `SELECT action, figure, old_value, new_value, reason, username, at FROM census_events WHERE return_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, opErr(err, "census history %d", id)
	}
	defer rows.Close()
	out := []CensusEvent{}
	for rows.Next() {
		var e CensusEvent
		var old, new sql.NullInt64
		var at int64
		if err := rows.Scan(&e.Action, &e.Figure, &old, &new, &e.Reason, &e.Username, &at); err != nil {
			return nil, opErr(err, "census history %d", id)
		}
		if old.Valid {
			e.OldValue = &old.Int64
		}
		if new.Valid {
			e.NewValue = &new.Int64
		}
		e.At = unixTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CensusChild is a direct child of a union with where its return stands.
type CensusChild struct {
	OrgID    int64               `json:"org_id"`
	OrgCode  string              `json:"org_code"`
	OrgName  string              `json:"org_name"`
	ReturnID int64               `json:"return_id,omitempty"`
	State    gonghui.CensusState `json:"state,omitempty"` // empty: not opened
}

// Pending reports whether the child's return is not yet approved.
func (ch CensusChild) Pending() bool { return ch.State != gonghui.CensusApproved }

// CensusProgress counts a union's direct children by where their returns
// stand.
type CensusProgress struct {
	Children  int `json:"children"`
	NotOpened int `json:"not_opened"`
	Draft     int `json:"draft"`
	Submitted int `json:"submitted"`
	Approved  int `json:"approved"`
}

// Progress counts children by state.
func Progress(children []CensusChild) CensusProgress {
	p := CensusProgress{Children: len(children)}
	for _, ch := range children {
		switch ch.State {
		case gonghui.CensusDraft:
			p.Draft++
		case gonghui.CensusSubmitted:
			p.Submitted++
		case gonghui.CensusApproved:
			p.Approved++
		default:
			p.NotOpened++
		}
	}
	return p
}

// CensusChildren lists a union's direct children expected to report for a
// year — the active ones and any other that opened a return — in code
// order, with their returns' states.
func (s *Store) CensusChildren(ctx context.Context, a gonghui.Actor, orgID int64, year int) ([]CensusChild, error) {
	c := s.conn()
	org, err := c.getOrg(ctx, a, "o.id = ?", orgID)
	if err != nil {
		return nil, opErr(err, "census children")
	}
	scope, args := scopeClause("o.path", a)
	rows, err := c.query(ctx, `SELECT o.id, o.code, o.name, COALESCE(r.id, 0), COALESCE(r.state, '')
		FROM orgs o LEFT JOIN census_returns r ON r.org_id = o.id AND r.year = ?
		WHERE o.parent_id = ? AND (o.status = 'active' OR r.id IS NOT NULL) AND `+scope+` ORDER BY o.code`,
		append([]any{year, org.ID}, args...)...)
	if err != nil {
		return nil, opErr(err, "census children")
	}
	defer rows.Close()
	out := []CensusChild{}
	for rows.Next() {
		var ch CensusChild
		if err := rows.Scan(&ch.OrgID, &ch.OrgCode, &ch.OrgName, &ch.ReturnID, &ch.State); err != nil {
			return nil, opErr(err, "census children")
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// CensusLine is one line of a union's census sheet: the figure computed
// live from the records, the confirmed one (when a return is open), the
// one rolled up from the children's approved returns, and the
// differences. Rates are recomputed in each column from that column's
// parts.
type CensusLine struct {
	Key       string          `json:"key"`
	Name      gonghui.Message `json:"name"`
	Unit      gonghui.Message `json:"unit"`
	Rate      bool            `json:"rate"`
	Computed  float64         `json:"computed"`
	Confirmed *float64        `json:"confirmed,omitempty"`
	Reason    string          `json:"reason,omitempty"`
	RolledUp  float64         `json:"rolled_up"`
	// ConfirmedDiff is confirmed − computed; RolledUpDiff is rolled-up −
	// confirmed (− computed while nothing is confirmed).
	ConfirmedDiff *float64 `json:"confirmed_diff,omitempty"`
	RolledUpDiff  float64  `json:"rolled_up_diff"`
}

// CensusSheet is a union's census for a year: its return, if open, and
// every line beside the computed and rolled-up figures, with the children
// and where their returns stand.
type CensusSheet struct {
	Org      gonghui.Org           `json:"-"`
	OrgID    int64                 `json:"org_id"`
	OrgCode  string                `json:"org_code"`
	OrgName  string                `json:"org_name"`
	Period   gonghui.CensusPeriod  `json:"period"`
	Return   *gonghui.CensusReturn `json:"return,omitempty"`
	History  []CensusEvent         `json:"history"` // the return's, oldest first
	Lines    []CensusLine          `json:"lines"`
	Children []CensusChild         `json:"children"`
	Progress CensusProgress        `json:"progress"`
	// Complete is true when every child's return is approved, so the
	// rolled-up figures are whole.
	Complete bool `json:"complete"`
}

// CensusSheet builds a union's census sheet for a year. The rolled-up
// figures are what the union's own level holds (its subtree's computed
// figures less its children's) plus its children's approved figures.
func (s *Store) CensusSheet(ctx context.Context, a gonghui.Actor, orgID int64, year int) (CensusSheet, error) {
	c := s.conn()
	org, err := c.getOrg(ctx, a, "o.id = ?", orgID)
	if err != nil {
		return CensusSheet{}, opErr(err, "census sheet")
	}
	sh := CensusSheet{Org: org, OrgID: org.ID, OrgCode: org.Code, OrgName: org.Name, Period: gonghui.CensusPeriodOf(year), History: []CensusEvent{}}
	subtree, err := s.censusComputed(ctx, a, org.ID, year)
	if err != nil {
		return sh, opErr(err, "census sheet")
	}
	if sh.Children, err = s.CensusChildren(ctx, a, org.ID, year); err != nil {
		return sh, opErr(err, "census sheet")
	}
	sh.Progress = Progress(sh.Children)
	sh.Complete = sh.Progress.Approved == sh.Progress.Children
	approved, err := c.approvedChildFigures(ctx, org.ID, year)
	if err != nil {
		return sh, opErr(err, "census sheet")
	}
	// Every child, whatever its status, is taken out of the own level's
	// figures: what a dissolved union held stays out of the roll-up.
	all, err := c.childOrgs(ctx, org.ID)
	if err != nil {
		return sh, opErr(err, "census sheet")
	}
	parts := make([]gonghui.CensusChildFigures, 0, len(all))
	for _, ch := range all {
		f, err := s.censusComputed(ctx, a, ch.ID, year)
		if err != nil {
			return sh, opErr(err, "census sheet")
		}
		parts = append(parts, gonghui.CensusChildFigures{Computed: f, Approved: approved[ch.ID]})
	}
	rolled := gonghui.RollUpCensus(subtree, parts)
	var confirmed gonghui.CensusFigures
	reasons := map[string]string{}
	if r, err := s.FindCensus(ctx, a, org.ID, year); err == nil {
		sh.Return = &r
		confirmed = r.Confirmed()
		if sh.History, err = s.CensusHistory(ctx, a, r.ID); err != nil {
			return sh, opErr(err, "census sheet")
		}
		for _, f := range r.Figures {
			reasons[f.Key] = f.Reason
		}
	} else if !errors.Is(err, gonghui.ErrNotFound) {
		return sh, opErr(err, "census sheet")
	}
	for _, it := range gonghui.CensusItems {
		l := CensusLine{Key: it.Key, Name: it.Name, Unit: it.Unit, Rate: it.IsRate(), Computed: subtree.Value(it), RolledUp: rolled.Value(it), Reason: reasons[it.Key]}
		base := l.Computed
		if confirmed != nil {
			v := confirmed.Value(it)
			d := round2(v - l.Computed)
			l.Confirmed, l.ConfirmedDiff, base = &v, &d, v
		}
		l.RolledUpDiff = round2(l.RolledUp - base)
		sh.Lines = append(sh.Lines, l)
	}
	return sh, nil
}

// approvedChildFigures reads the confirmed figures of a union's children's
// approved returns for a year: child ID → figures.
func (c conn) approvedChildFigures(ctx context.Context, orgID int64, year int) (map[int64]gonghui.CensusFigures, error) {
	rows, err := c.query(ctx, `SELECT r.org_id, f.key, f.confirmed FROM census_returns r JOIN orgs o ON o.id = r.org_id
		JOIN census_figures f ON f.return_id = r.id WHERE o.parent_id = ? AND r.year = ? AND r.state = 'approved'`, orgID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]gonghui.CensusFigures{}
	for rows.Next() {
		var id, v int64
		var key string
		if err := rows.Scan(&id, &key, &v); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = gonghui.CensusFigures{}
		}
		out[id][key] = v
	}
	return out, rows.Err()
}
