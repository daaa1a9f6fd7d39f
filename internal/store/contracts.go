package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonghui"
)

const contractColumns = `k.id, k.org_id, o.name, k.title, k.kind, k.level, k.status, k.term_start, k.term_end, k.signed_on, k.filed_on,
	k.effective_on, k.ended_on, k.covered_staff, k.topics, k.last_year_avg_wage, k.adjustment_bp, k.wage_workers, COALESCE(k.renews_id, 0), o.path, k.version`

const contractFrom = ` FROM contracts k JOIN orgs o ON o.id = k.org_id`

type contractRow struct {
	gonghui.Contract
	path string
}

func scanContract(sc scanner) (contractRow, error) {
	var r contractRow
	k := &r.Contract
	var topics string
	err := sc.Scan(&k.ID, &k.OrgID, &k.OrgName, &k.Title, &k.Kind, &k.Level, &k.Status, &k.TermStart, &k.TermEnd, &k.SignedOn, &k.FiledOn,
		&k.EffectiveOn, &k.EndedOn, &k.CoveredStaff, &topics, &k.LastYearAvgWage, &k.AdjustmentBP, &k.WageWorkers, &k.RenewsID, &r.path, &k.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return r, gonghui.ErrNotFound
	}
	json.Unmarshal([]byte(topics), &k.Topics)
	if k.Topics == nil {
		k.Topics = []string{}
	}
	return r, err
}

// A contract read on a day, in SQL over contracts aliased k: the twins of
// gonghui.ContractSpan, InForceOn and ContractStateOn, which a test holds
// to the same answers. The comprehensive-contract rule, the statistics, the
// rates, the reminders and the lists' state filter all use them.
const (
	// contractSpanFrom is the first day in force: the later of taking
	// effect and the term's start (the term's start while not in effect).
	contractSpanFrom = `(CASE WHEN k.term_start IS NULL OR k.effective_on > k.term_start THEN k.effective_on ELSE k.term_start END)`
	// contractSpanTo is the last day in force: the earlier of the term's
	// end and an early end.
	contractSpanTo = `(CASE WHEN k.term_end IS NULL OR k.ended_on < k.term_end THEN k.ended_on ELSE k.term_end END)`
	// contractInForce holds for contracts in force on the day (three
	// placeholders, the day each).
	contractInForce = `k.effective_on <= ? AND ` + contractSpanFrom + ` <= ? AND ` + contractSpanTo + ` >= ?`
	// contractState is the state on the day (eight placeholders).
	contractState = `(CASE WHEN k.effective_on <= ? THEN
			CASE WHEN ` + contractSpanTo + ` < ? THEN 'expired' WHEN ` + contractSpanFrom + ` > ? THEN 'pending' ELSE 'effective' END
		WHEN k.term_end < ? AND (k.filed_on <= ? OR k.signed_on <= ?) THEN 'expired'
		WHEN k.filed_on <= ? THEN 'filed' WHEN k.signed_on <= ? THEN 'signed'
		WHEN k.status = 'negotiating' THEN 'negotiating' ELSE 'draft' END)`
)

// contractStateArgs are contractState's arguments for a day.
func contractStateArgs(on gonghui.Date) []any {
	return []any{on, on, on, on, on, on, on, on}
}

func (c conn) getContract(ctx context.Context, a gonghui.Actor, id int64) (contractRow, error) {
	scope, args := scopeClause("o.path", a)
	r, err := scanContract(c.row(ctx, "SELECT "+contractColumns+contractFrom+" WHERE k.id = ? AND "+scope, append([]any{id}, args...)...))
	if err != nil {
		return r, err
	}
	r.State = gonghui.ContractStateOn(r.Contract, gonghui.DateOf(c.s.now()))
	r.UnitIDs, err = c.contractUnits(ctx, id)
	return r, err
}

func (c conn) contractUnits(ctx context.Context, id int64) ([]int64, error) {
	units, err := c.coveredUnits(ctx, "contract_units", "contract_id", []int64{id})
	return append([]int64{}, units[id]...), err
}

// coveredUnits reads a join table of covered units (contract_units,
// congress_units) for many owners in one query: owner ID -> unit IDs in
// unit order.
func (c conn) coveredUnits(ctx context.Context, table, ownerCol string, ids []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := inList(ownerCol, ids)
	rows, err := c.query(ctx, `SELECT `+ownerCol+`, unit_id FROM `+table+` WHERE `+in+` ORDER BY `+ownerCol+`, unit_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var owner, unit int64
		if err := rows.Scan(&owner, &unit); err != nil {
			return nil, err
		}
		out[owner] = append(out[owner], unit)
	}
	return out, rows.Err()
}

// GetContract returns a contract signed by a union in the actor's subtree.
func (s *Store) GetContract(ctx context.Context, a gonghui.Actor, id int64) (gonghui.Contract, error) {
	r, err := s.conn().getContract(ctx, a, id)
	return r.Contract, opErr(err, "get contract %d", id)
}

// ContractFilter selects contracts.
type ContractFilter struct {
	OrgID int64
	// Status selects by the state on the day On (zero: today), as
	// gonghui.ContractStateOn reads it.
	Status gonghui.ContractStatus
	On     gonghui.Date
	Kind   gonghui.ContractKind
	Query  string // title contains
	UnitID int64  // contracts covering this unit
	// ExpiringDays keeps the contracts in force on On whose term ends
	// within that many days of it (0: no such filter).
	ExpiringDays int
	IDs          []int64 // these contracts only (a selection)
	Sort         string  // a key of contractSorts ("-": reversed); "" = newest first
	gonghui.Page
}

// contractSorts are the orders of the contract list.
var contractSorts = listSorts{
	"title": "k.title", "org": "o.name_initials, o.name", "kind": "k.kind", "status": "k.status",
	"signed": "(k.signed_on IS NULL), k.signed_on", "term_end": "(k.term_end IS NULL), k.term_end",
	"staff": "k.covered_staff",
}

// ListContracts pages through the contracts of the actor's subtree.
func (s *Store) ListContracts(ctx context.Context, a gonghui.Actor, f ContractFilter) ([]gonghui.Contract, int, error) {
	f.Page = f.Page.Normalize()
	c := s.conn()
	scope, args, err := c.subtreeScope(ctx, a, f.OrgID)
	if err != nil {
		return nil, 0, opErr(err, "list contracts")
	}
	conds := []string{scope}
	if f.On.IsZero() {
		f.On = gonghui.DateOf(s.now())
	}
	if f.Status != "" {
		conds = append(conds, contractState+" = ?")
		args = append(append(args, contractStateArgs(f.On)...), f.Status)
	}
	if f.Kind != "" {
		conds = append(conds, "k.kind = ?")
		args = append(args, f.Kind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds = append(conds, `k.title LIKE ? ESCAPE '\'`)
		args = append(args, likePattern(q))
	}
	if f.UnitID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM contract_units cu WHERE cu.contract_id = k.id AND cu.unit_id = ?)")
		args = append(args, f.UnitID)
	}
	if f.ExpiringDays > 0 {
		conds = append(conds, contractState+" = ?", contractSpanTo+" <= ?")
		args = append(append(args, contractStateArgs(f.On)...), gonghui.ContractEffective, f.On.AddDays(f.ExpiringDays))
	}
	if len(f.IDs) > 0 {
		cond, a := inList("k.id", f.IDs)
		conds, args = append(conds, cond), append(args, a...)
	}
	order, err := contractSorts.order(f.Sort, "k.id DESC", "k.id")
	if err != nil {
		return nil, 0, err
	}
	ks, total, err := listPage(ctx, c, contractColumns, contractFrom, " WHERE "+strings.Join(conds, " AND "), order, args, f.Page,
		func(sc scanner) (gonghui.Contract, error) {
			r, err := scanContract(sc)
			r.State = gonghui.ContractStateOn(r.Contract, f.On)
			return r.Contract, err
		})
	if err != nil || len(ks) == 0 {
		return ks, total, opErr(err, "list contracts")
	}
	// The page's covered units, in one query.
	ids := make([]int64, len(ks))
	for i := range ks {
		ids[i] = ks[i].ID
	}
	units, err := c.coveredUnits(ctx, "contract_units", "contract_id", ids)
	for i := range ks {
		ks[i].UnitIDs = append([]int64{}, units[ks[i].ID]...)
	}
	return ks, total, opErr(err, "list contracts")
}

// checkContract validates an input against the data: the signing union in
// scope and active, every covered unit inside the signer's subtree, a
// renewed contract in scope.
func (c conn) checkContract(ctx context.Context, a gonghui.Actor, in *gonghui.ContractInput) (gonghui.Org, error) {
	v := &gonghui.ValidationError{}
	in.Validate(v)
	org, err := c.activeOrgOf(ctx, a, v, in.OrgID)
	if err != nil {
		return org, err
	}
	if org.ID != 0 {
		signer := a
		signer.Path = org.Path
		seen := map[int64]bool{}
		for _, uid := range in.UnitIDs {
			if seen[uid] {
				v.Add("unit_ids", "覆盖单位重复", "a unit is listed twice")
				break
			}
			seen[uid] = true
			if _, _, err := c.getUnit(ctx, signer, uid); errors.Is(err, gonghui.ErrNotFound) {
				v.Add("unit_ids", "单位"+strconv.FormatInt(uid, 10)+"不在签订工会的覆盖范围内", "unit "+strconv.FormatInt(uid, 10)+" is not covered by the signing union's subtree")
				break
			} else if err != nil {
				return org, err
			}
		}
	}
	if in.RenewsID != 0 {
		if _, err := c.getContract(ctx, a, in.RenewsID); errors.Is(err, gonghui.ErrNotFound) {
			v.Add("renews_id", "续签的原合同不存在", "the renewed contract was not found")
		} else if err != nil {
			return org, err
		}
	}
	return org, v.Err()
}

func (c conn) setContractUnits(ctx context.Context, id int64, units []int64) error {
	if _, err := c.exec(ctx, `DELETE FROM contract_units WHERE contract_id = ?`, id); err != nil {
		return err
	}
	rows := make([][]any, len(units))
	for i, u := range units {
		rows[i] = []any{id, u}
	}
	return insertRows(ctx, c, "contract_units", []string{"contract_id", "unit_id"}, rows)
}

// stringsJSON stores a list of strings as a JSON array ("[]" for none).
func stringsJSON(t []string) string {
	if t == nil {
		t = []string{}
	}
	b, _ := json.Marshal(t)
	return string(b)
}

// CreateContract records a new contract as a draft.
func (s *Store) CreateContract(ctx context.Context, a gonghui.Actor, in gonghui.ContractInput) (gonghui.Contract, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Contract{}, gonghui.ErrForbidden
	}
	var out gonghui.Contract
	err := s.inTx(ctx, func(c conn) error {
		org, err := c.checkContract(ctx, a, &in)
		if err != nil {
			return err
		}
		if err := c.touchCovering(ctx, contractCoverer, nil, []int64{in.OrgID}, in.UnitIDs); err != nil {
			return err
		}
		now := s.nowUnix()
		var id int64
		err = c.row(ctx, `INSERT INTO contracts (org_id, title, kind, level, status, term_start, term_end, covered_staff, topics,
				last_year_avg_wage, adjustment_bp, wage_workers, renews_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			in.OrgID, in.Title, in.Kind, in.Level, in.TermStart, in.TermEnd, in.CoveredStaff, stringsJSON(in.Topics),
			in.LastYearAvgWage, in.AdjustmentBP, in.WageWorkers, nullInt(in.RenewsID), now, now).Scan(&id)
		if err != nil {
			return err
		}
		if err := c.setContractUnits(ctx, id, in.UnitIDs); err != nil {
			return err
		}
		r, err := c.getContract(ctx, a, id)
		out = r.Contract
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "contract.create", recordType: "contract", recordID: id, orgPath: org.Path, summary: changeSummary(nil, out)})
	})
	return out, opErr(err, "create contract")
}

// UpdateContract changes a contract's details; its covered units and term
// are fixed once it is signed. A contract in force that becomes
// comprehensive is held to the rule signing one is.
func (s *Store) UpdateContract(ctx context.Context, a gonghui.Actor, id int64, in gonghui.ContractInput) (gonghui.Contract, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Contract{}, gonghui.ErrForbidden
	}
	var out gonghui.Contract
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getContract(ctx, a, id)
		if err != nil {
			return err
		}
		if cur.Kind == gonghui.ContractComprehensive || in.Kind == gonghui.ContractComprehensive {
			if cur, err = c.relockContract(ctx, a, cur); err != nil {
				return err
			}
		}
		signed := cur.Status != gonghui.ContractDraft && cur.Status != gonghui.ContractNegotiating
		if signed {
			in.OrgID, in.UnitIDs, in.TermStart, in.TermEnd, in.Level = cur.OrgID, cur.UnitIDs, cur.TermStart, cur.TermEnd, cur.Level
		}
		org, err := c.checkContract(ctx, a, &in)
		if err != nil {
			return err
		}
		if signed && cur.Kind != gonghui.ContractComprehensive && in.Kind == gonghui.ContractComprehensive {
			from, to := gonghui.ContractSpan(cur.EffectiveOn, cur.TermStart, cur.TermEnd, cur.EndedOn)
			if err := c.comprehensiveClash(ctx, "kind", cur.UnitIDs, from, to, id, cur.RenewsID); err != nil {
				return err
			}
		}
		if err := c.touchCovering(ctx, contractCoverer, []int64{id}, []int64{in.OrgID}, in.UnitIDs); err != nil {
			return err
		}
		err = c.updateVersioned(ctx, "contracts", `org_id = ?, title = ?, kind = ?, level = ?, term_start = ?, term_end = ?, covered_staff = ?, topics = ?,
				last_year_avg_wage = ?, adjustment_bp = ?, wage_workers = ?, renews_id = ?, updated_at = ?`,
			[]any{in.OrgID, in.Title, in.Kind, in.Level, in.TermStart, in.TermEnd, in.CoveredStaff, stringsJSON(in.Topics),
				in.LastYearAvgWage, in.AdjustmentBP, in.WageWorkers, nullInt(in.RenewsID), s.nowUnix()}, id, in.Version)
		if err != nil {
			return err
		}
		if !signed {
			if err := c.setContractUnits(ctx, id, in.UnitIDs); err != nil {
				return err
			}
		}
		r, err := c.getContract(ctx, a, id)
		out = r.Contract
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "contract.update", recordType: "contract", recordID: id, orgPath: org.Path, summary: changeSummary(cur.Contract, out)})
	})
	return out, opErr(err, "update contract %d", id)
}

// StepContract moves a contract along its life (negotiating, signed,
// filed, effective, expired) with the step's date. Signing a comprehensive
// contract is refused while another comprehensive contract in force covers
// one of its units over an overlapping term, checked under the units'
// locks; a renewal taking effect ends the contract it renews.
func (s *Store) StepContract(ctx context.Context, a gonghui.Actor, id int64, step gonghui.ContractStep) (gonghui.Contract, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return gonghui.Contract{}, gonghui.ErrForbidden
	}
	var out gonghui.Contract
	err := s.inTx(ctx, func(c conn) error {
		cur, err := c.getContract(ctx, a, id)
		if err != nil {
			return err
		}
		signing := step.To == gonghui.ContractSigned && cur.Kind == gonghui.ContractComprehensive
		if signing {
			if cur, err = c.relockContract(ctx, a, cur); err != nil {
				return err
			}
		}
		if err := gonghui.CheckStep(cur.Contract, step, gonghui.DateOf(s.now())); err != nil {
			return err
		}
		if signing {
			if err := c.comprehensiveClash(ctx, "to", cur.UnitIDs, cur.TermStart, cur.TermEnd, id, cur.RenewsID); err != nil { // not in effect yet: its whole term
				return err
			}
		}
		if err := c.touchCovering(ctx, contractCoverer, []int64{id, cur.RenewsID}, nil, nil); err != nil {
			return err
		}
		col := map[gonghui.ContractStatus]string{gonghui.ContractSigned: "signed_on", gonghui.ContractFiled: "filed_on",
			gonghui.ContractEffective: "effective_on", gonghui.ContractExpired: "ended_on"}[step.To]
		q := `UPDATE contracts SET status = ?, updated_at = ?, version = version + 1`
		args := []any{step.To, s.nowUnix()}
		if col != "" {
			q += ", " + col + " = ?"
			args = append(args, step.On)
		}
		if _, err := c.exec(ctx, q+" WHERE id = ?", append(args, id)...); err != nil {
			return err
		}
		if _, err := c.exec(ctx, `INSERT INTO contract_events (contract_id, status, on_date, note, username, at) VALUES (?, ?, ?, ?, ?, ?)`,
			id, step.To, step.On, strings.TrimSpace(step.Note), a.Username, s.nowUnix()); err != nil {
			return err
		}
		if step.To == gonghui.ContractEffective && cur.RenewsID != 0 {
			// The renewed contract ends the day before the renewal comes
			// into force: taking effect ahead of its term, the renewal
			// leaves the old contract in force until the term begins.
			from, _ := gonghui.ContractSpan(step.On, cur.TermStart, cur.TermEnd, gonghui.Date{})
			if _, err := c.exec(ctx, `UPDATE contracts SET status = 'expired', ended_on = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status = 'effective'`,
				from.AddDays(-1), s.nowUnix(), cur.RenewsID); err != nil {
				return err
			}
		}
		r, err := c.getContract(ctx, a, id)
		out = r.Contract
		if err != nil {
			return err
		}
		return c.audit(ctx, a, auditEntry{action: "contract." + string(step.To), recordType: "contract", recordID: id, orgPath: r.path,
			summary: mustJSON(map[string]string{"from": string(cur.Status), "to": string(step.To), "on": step.On.String(), "note": step.Note})})
	})
	return out, opErr(err, "step contract %d", id)
}

// ContractEvent is one step of a contract's history.
type ContractEvent struct {
	Status   gonghui.ContractStatus `json:"status"`
	On       gonghui.Date           `json:"on"`
	Note     string                 `json:"note"`
	Username string                 `json:"username"`
}

// ContractHistory lists a contract's steps in order.
func (s *Store) ContractHistory(ctx context.Context, a gonghui.Actor, id int64) ([]ContractEvent, error) {
	c := s.conn()
	if _, err := c.getContract(ctx, a, id); err != nil {
		return nil, opErr(err, "contract history %d", id)
	}
	rows, err := c.query(ctx, `SELECT status, on_date, note, username FROM contract_events WHERE contract_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, opErr(err, "contract history %d", id)
	}
	defer rows.Close()
	out := []ContractEvent{}
	for rows.Next() {
		var e ContractEvent
		if err := rows.Scan(&e.Status, &e.On, &e.Note, &e.Username); err != nil {
			return nil, opErr(err, "contract history %d", id)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Reminder is a deadline a union should act on.
type Reminder struct {
	Kind       string          `json:"kind"` // file, objection, expiry
	ContractID int64           `json:"contract_id"`
	Title      string          `json:"title"`
	OrgName    string          `json:"org_name"`
	Due        gonghui.Date    `json:"due"`
	Overdue    bool            `json:"overdue"`
	Message    gonghui.Message `json:"message"`
}

// Reminders lists the contract deadlines of the actor's subtree as of
// today, read from the contracts' states on the day
// (gonghui.ContractStateOn): signed contracts to file within 10 days (and
// those never filed), filed contracts whose objection period ends, and
// contracts in force whose span ends within 90 days — soonest first. A
// contract whose term has ended is expired and reminds of nothing.
func (s *Store) Reminders(ctx context.Context, a gonghui.Actor, today gonghui.Date) ([]Reminder, error) {
	scope, args := scopeClause("o.path", a)
	rows, err := s.conn().query(ctx, `SELECT `+contractColumns+contractFrom+`
		WHERE `+scope+` AND (k.status IN ('signed', 'filed') OR (k.status IN ('effective', 'expired') AND `+contractSpanTo+` >= ? AND `+contractSpanTo+` <= ?))`,
		append(args, today, today.AddDays(gonghui.ExpiryWarningDays))...)
	if err != nil {
		return nil, opErr(err, "reminders")
	}
	defer rows.Close()
	out := []Reminder{}
	for rows.Next() {
		k, err := scanContract(rows)
		if err != nil {
			return nil, opErr(err, "reminders")
		}
		r := Reminder{ContractID: k.ID, Title: k.Title, OrgName: k.OrgName}
		switch gonghui.ContractStateOn(k.Contract, today) {
		case gonghui.ContractSigned:
			r.Kind, r.Due = "file", k.SignedOn.AddDays(gonghui.FilingDays)
			r.Message = gonghui.Message{Zh: "签订后10日内报送劳动保障行政部门备案", En: "file with the labour bureau within 10 days of signing"}
		case gonghui.ContractFiled:
			r.Kind, r.Due = "objection", k.FiledOn.AddDays(gonghui.ObjectionDays)
			r.Message = gonghui.Message{Zh: "备案15日内无异议即生效，请届时确认生效", En: "takes effect when no objection comes within 15 days of filing: confirm it then"}
		case gonghui.ContractEffective:
			_, r.Due = gonghui.ContractSpan(k.EffectiveOn, k.TermStart, k.TermEnd, k.EndedOn)
			r.Kind = "expiry"
			r.Message = gonghui.Message{Zh: "合同即将到期，请启动续签协商", En: "the contract expires soon: start bargaining for its renewal"}
		default: // expired, pending, or not yet at the step on the day
			continue
		}
		r.Overdue = r.Due.Before(today)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, opErr(err, "reminders")
	}
	sortReminders(out)
	return out, nil
}

func sortReminders(rs []Reminder) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Due.Before(rs[j].Due) })
}

// relockContract takes the comprehensive-contract locks of a contract's
// units and reads it again under them, so that its check sees every
// contract committed before. A contract whose units changed meanwhile is
// refused as a stale edit.
func (c conn) relockContract(ctx context.Context, a gonghui.Actor, cur contractRow) (contractRow, error) {
	if err := c.lockFor(ctx, lockComprehensive, cur.UnitIDs...); err != nil {
		return cur, err
	}
	fresh, err := c.getContract(ctx, a, cur.ID)
	if err != nil {
		return fresh, err
	}
	if !slices.Equal(fresh.UnitIDs, cur.UnitIDs) {
		return fresh, gonghui.Invalid("unit_ids", "合同已被他人修改，请刷新后重试", "the contract was changed meanwhile: reload and try again")
	}
	return fresh, nil
}

// comprehensiveClash refuses a comprehensive contract to be in force from
// from to to when another one (signed or later, other than those in
// except) covering one of units is or may be in force on one of those
// days, read as the statistics read it (contractSpanFrom, contractSpanTo):
// a unit has one at a time.
func (c conn) comprehensiveClash(ctx context.Context, field string, units []int64, from, to gonghui.Date, except ...int64) error {
	if len(units) == 0 {
		return nil
	}
	args := []any{to, from}
	in := make([]string, len(units))
	for i, u := range units {
		in[i] = "?"
		args = append(args, u)
	}
	ex := ""
	for _, id := range except {
		if id != 0 {
			ex += " AND k.id <> ?"
			args = append(args, id)
		}
	}
	var clash string
	err := c.row(ctx, `SELECT u.name FROM contract_units cu
		JOIN contracts k ON k.id = cu.contract_id
		JOIN units u ON u.id = cu.unit_id
		WHERE k.kind = 'comprehensive' AND k.status IN ('signed', 'filed', 'effective', 'expired')
		  AND `+contractSpanFrom+` <= ? AND `+contractSpanTo+` >= ? AND cu.unit_id IN (`+strings.Join(in, ", ")+`)`+ex+`
		LIMIT 1`, args...).Scan(&clash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return contractClash(field, clash)
}

// ImportedContract is a contract as an import file gives it: its details
// and the dates of the steps it has reached.
type ImportedContract struct {
	gonghui.ContractInput
	SignedOn, FiledOn, EffectiveOn gonghui.Date
}

// Status is the step the contract's dates say it has reached.
func (ic ImportedContract) Status() gonghui.ContractStatus {
	switch {
	case !ic.EffectiveOn.IsZero():
		return gonghui.ContractEffective
	case !ic.FiledOn.IsZero():
		return gonghui.ContractFiled
	case !ic.SignedOn.IsZero():
		return gonghui.ContractSigned
	}
	return gonghui.ContractDraft
}

// ContractWriter saves imported contracts in batches. A contract is the
// same as one already kept when its signing union, title and term start
// agree: then it is updated, or left alone when nothing differs.
type ContractWriter struct {
	batchTx
	a gonghui.Actor
	// A check holds what earlier rows would have written: the contracts by
	// union, title and term start, and by unit those that cover it (or
	// covered it before the file changed them).
	planned map[contractKey]*plannedContract
	onUnit  map[int64][]*plannedContract
	standIn int64
}

type contractKey struct {
	org         int64
	title, term string
}

// plannedContract is a contract as a check's earlier rows leave it: id is
// its own, or a stand-in below zero for a new one.
type plannedContract struct {
	id       int64
	c        gonghui.Contract
	inForce  bool
	from, to gonghui.Date
}

// NewContractWriter starts writing contracts as the actor.
func (s *Store) NewContractWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*ContractWriter, error) {
	if !a.Can(gonghui.PermEditDemocracy) {
		return nil, gonghui.ErrForbidden
	}
	w := &ContractWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, planned: map[contractKey]*plannedContract{}, onUnit: map[int64][]*plannedContract{}}
	return w, w.begin(ctx)
}

// Save stores one imported contract.
func (w *ContractWriter) Save(ctx context.Context, ic ImportedContract) (UpsertResult, error) {
	c, a := w.c, w.a
	org, err := c.checkContract(ctx, a, &ic.ContractInput)
	if err != nil {
		return 0, err
	}
	status := ic.Status()
	inForce := status != gonghui.ContractDraft && ic.Kind == gonghui.ContractComprehensive
	if inForce {
		if err := c.lockFor(ctx, lockComprehensive, ic.UnitIDs...); err != nil {
			return 0, err
		}
	}
	key := contractKey{ic.OrgID, ic.Title, ic.TermStart.String()}
	plan := w.planned[key] // a check's earlier row for the same contract
	var existing int64
	if plan != nil {
		existing = plan.id
	} else if err := c.row(ctx, `SELECT id FROM contracts WHERE org_id = ? AND title = ? AND COALESCE(term_start, '') = ?`,
		ic.OrgID, ic.Title, ic.TermStart.String()).Scan(&existing); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	from, to := gonghui.ContractSpan(ic.EffectiveOn, ic.TermStart, ic.TermEnd, gonghui.Date{})
	if inForce {
		except := append(w.plannedOn(ic.UnitIDs), existing, ic.RenewsID)
		if err := c.comprehensiveClash(ctx, "unit_ids", ic.UnitIDs, from, to, except...); err != nil {
			return 0, err
		}
		if err := w.plannedClash(ctx, ic.UnitIDs, from, to, existing, ic.RenewsID); err != nil {
			return 0, err
		}
	}
	now := w.s.nowUnix()
	today := gonghui.DateOf(w.s.now())
	result := Inserted
	if existing != 0 {
		var cur gonghui.Contract
		if plan != nil {
			cur = plan.c
		} else {
			r, err := c.getContract(ctx, a, existing)
			if err != nil {
				return 0, err
			}
			cur = r.Contract
		}
		want := ic.asContract(cur.ID, cur.OrgName, cur.EndedOn, today)
		if changeSummary(cur, want) == "{}" {
			return Unchanged, w.saved(ctx)
		}
		if w.checking() {
			w.plan(key, plan, cur.UnitIDs, &plannedContract{id: existing, c: want, inForce: inForce, from: from, to: to})
			return Updated, nil
		}
		if err := c.touchCovering(ctx, contractCoverer, []int64{existing}, nil, ic.UnitIDs); err != nil {
			return 0, err
		}
		result = Updated
		if _, err := c.exec(ctx, `UPDATE contracts SET kind = ?, level = ?, status = ?, term_end = ?, signed_on = ?, filed_on = ?, effective_on = ?,
				covered_staff = ?, topics = ?, last_year_avg_wage = ?, adjustment_bp = ?, wage_workers = ?, renews_id = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			ic.Kind, ic.Level, status, ic.TermEnd, ic.SignedOn, ic.FiledOn, ic.EffectiveOn, ic.CoveredStaff, stringsJSON(ic.Topics),
			ic.LastYearAvgWage, ic.AdjustmentBP, ic.WageWorkers, nullInt(ic.RenewsID), now, existing); err != nil {
			return 0, err
		}
		if err := c.auditImportedContract(ctx, a, existing, org.Path, "contract.update", changeSummary(cur, want)); err != nil {
			return 0, err
		}
	} else if w.checking() {
		w.standIn--
		w.plan(key, nil, nil, &plannedContract{id: w.standIn, c: ic.asContract(w.standIn, org.Name, gonghui.Date{}, today), inForce: inForce, from: from, to: to})
		return Inserted, nil
	} else {
		if err := c.touchCovering(ctx, contractCoverer, nil, []int64{ic.OrgID}, ic.UnitIDs); err != nil {
			return 0, err
		}
		err := c.row(ctx, `INSERT INTO contracts (org_id, title, kind, level, status, term_start, term_end, signed_on, filed_on, effective_on,
				covered_staff, topics, last_year_avg_wage, adjustment_bp, wage_workers, renews_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			ic.OrgID, ic.Title, ic.Kind, ic.Level, status, ic.TermStart, ic.TermEnd, ic.SignedOn, ic.FiledOn, ic.EffectiveOn,
			ic.CoveredStaff, stringsJSON(ic.Topics), ic.LastYearAvgWage, ic.AdjustmentBP, ic.WageWorkers, nullInt(ic.RenewsID), now, now).Scan(&existing)
		if err != nil {
			return 0, err
		}
		if err := c.auditImportedContract(ctx, a, existing, org.Path, "contract.create", mustJSON(ic)); err != nil {
			return 0, err
		}
	}
	if err := c.setContractUnits(ctx, existing, ic.UnitIDs); err != nil {
		return 0, err
	}
	return result, w.saved(ctx)
}

// asContract is the contract the row makes, as getContract would read it
// back once saved.
func (ic ImportedContract) asContract(id int64, orgName string, ended, today gonghui.Date) gonghui.Contract {
	k := gonghui.Contract{ID: id, OrgID: ic.OrgID, OrgName: orgName, Title: ic.Title, Kind: ic.Kind, Level: ic.Level, Status: ic.Status(),
		TermStart: ic.TermStart, TermEnd: ic.TermEnd, SignedOn: ic.SignedOn, FiledOn: ic.FiledOn, EffectiveOn: ic.EffectiveOn,
		CoveredStaff: ic.CoveredStaff, UnitIDs: sortedIDs(ic.UnitIDs), Topics: nonNil(ic.Topics), LastYearAvgWage: ic.LastYearAvgWage,
		AdjustmentBP: ic.AdjustmentBP, WageWorkers: ic.WageWorkers, RenewsID: ic.RenewsID, EndedOn: ended}
	k.State = gonghui.ContractStateOn(k, today)
	return k
}

// plan remembers, in a check, what a row would have written: p replaces
// was (nil: a contract new to the file), found by the units it covered
// before (old) and covers now.
func (w *ContractWriter) plan(key contractKey, was *plannedContract, old []int64, p *plannedContract) {
	if was != nil {
		*was = *p
		p = was
	}
	w.planned[key] = p
	for _, u := range append(slices.Clone(old), p.c.UnitIDs...) {
		if !slices.Contains(w.onUnit[u], p) {
			w.onUnit[u] = append(w.onUnit[u], p)
		}
	}
}

// plannedOn is the contracts kept in the database that a check's earlier
// rows changed over the units: the database's copy of them is out of date.
func (w *ContractWriter) plannedOn(units []int64) []int64 {
	var ids []int64
	for _, u := range units {
		for _, p := range w.onUnit[u] {
			if p.id > 0 {
				ids = append(ids, p.id)
			}
		}
	}
	return ids
}

// plannedClash is comprehensiveClash over the contracts a check's earlier
// rows would have written.
func (w *ContractWriter) plannedClash(ctx context.Context, units []int64, from, to gonghui.Date, except ...int64) error {
	if from.IsZero() || to.IsZero() {
		return nil // as in SQL, an open end compares to nothing
	}
	for _, u := range units {
		for _, p := range w.onUnit[u] {
			if !p.inForce || slices.Contains(except, p.id) || !slices.Contains(p.c.UnitIDs, u) ||
				p.from.IsZero() || p.to.IsZero() || to.Before(p.from) || p.to.Before(from) {
				continue
			}
			var name string
			if err := w.c.row(ctx, `SELECT name FROM units WHERE id = ?`, u).Scan(&name); err != nil {
				return err
			}
			return contractClash("unit_ids", name)
		}
	}
	return nil
}

func contractClash(field, unit string) error {
	return gonghui.Invalid(field, "单位“"+unit+"”已有期限重叠的有效综合集体合同", "unit \""+unit+"\" already has a comprehensive contract in force over an overlapping term")
}

func (c conn) auditImportedContract(ctx context.Context, a gonghui.Actor, id int64, path, action, summary string) error {
	if _, err := c.exec(ctx, `INSERT INTO contract_events (contract_id, status, on_date, note, username, at)
		SELECT id, status, ?, 'import', ?, ? FROM contracts WHERE id = ?`, gonghui.DateOf(c.s.now()), a.Username, c.s.nowUnix(), id); err != nil {
		return err
	}
	return c.audit(ctx, a, auditEntry{action: action, recordType: "contract", recordID: id, orgPath: path, summary: summary})
}

func sortedIDs(ids []int64) []int64 {
	out := append([]int64{}, ids...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
