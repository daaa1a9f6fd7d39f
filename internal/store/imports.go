package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"gonghui"
	"gonghui/uscc"
)

// CheckOnly, given as a writer's batch size, makes the writer a check:
// Save runs the checks a save would and answers what it would do, with
// reads only — no transaction (on SQLite no BEGIN IMMEDIATE: never the
// write lock), no lock, no write. What earlier rows of the file would have
// written is remembered in memory, so that later rows are answered as a
// real import would answer them.
const CheckOnly = -1

// batchTx runs an import's writes in transactions of at most size saves
// (size 0: one transaction for the whole file; CheckOnly: none).
type batchTx struct {
	s    *Store
	tx   txEnder
	c    conn
	size int
	n    int
	ctx  context.Context // the writer's, for the last commit
	// untracked writes leave the statistics' aggregates to a rebuild.
	untracked bool
	// txs counts the transactions begun; began is when the open one was,
	// and longest the longest one committed so far.
	txs     int
	began   time.Time
	longest time.Duration
}

// LongestTransaction is how long the longest transaction the writer
// committed held its locks (on SQLite the only write lock): what other
// writers waited at most.
func (b *batchTx) LongestTransaction() time.Duration { return b.longest }

// checking tells a check (CheckOnly) from a writer.
func (b *batchTx) checking() bool { return b.size == CheckOnly }

// UntrackStats stops the writer keeping the statistics' aggregates row by
// row, for a load that dwarfs what is kept: the caller sets the aggregates
// aside first (SetAsideStats) and rebuilds them after (RefreshStats),
// which then costs less than following every row.
func (b *batchTx) UntrackStats() {
	b.untracked = true
	b.c.stats = nil
}

// newStats is what a batch's connection tracks.
func (b *batchTx) newStats() *statTouch {
	if b.untracked {
		return nil
	}
	return newStatTouch()
}

// txEnder ends a transaction: a *sql.Tx, or on PostgreSQL a connection
// that holds one, so that COPY can run inside it.
type txEnder interface {
	Commit() error
	Rollback() error
}

// noTx is a check's transaction: there is none to end.
type noTx struct{}

func (noTx) Commit() error   { return nil }
func (noTx) Rollback() error { return nil }

// errCheckWrote is a check that tried to write: a bug, never a row's fault.
var errCheckWrote = errors.New("store: an import check tried to write")

// readOnly runs a check's queries on the pool, each on its own, and
// refuses every statement that is not a read: a check that wrote would
// commit at once.
type readOnly struct{ db *sql.DB }

func isRead(query string) bool {
	q := strings.ToUpper(strings.TrimSpace(query))
	return strings.HasPrefix(q, "SELECT")
}

func (r readOnly) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return nil, errCheckWrote
}

func (r readOnly) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if !isRead(query) {
		return nil, errCheckWrote
	}
	return r.db.QueryContext(ctx, query, args...)
}

func (r readOnly) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if !isRead(query) {
		// database/sql runs nothing on a cancelled context: the row's Scan
		// fails, and so does the import, without taking the server down.
		done, cancel := context.WithCancel(ctx)
		cancel()
		return r.db.QueryRowContext(done, query, args...)
	}
	return r.db.QueryRowContext(ctx, query, args...)
}

// checking tells a check's connection, which reads only.
func (c conn) checking() bool {
	_, ok := c.q.(readOnly)
	return ok
}

// connTx is a transaction begun on one PostgreSQL connection.
type connTx struct {
	ctx context.Context
	c   *sql.Conn
}

func (t connTx) end(stmt string) error {
	_, err := t.c.ExecContext(t.ctx, stmt)
	if cerr := t.c.Close(); err == nil {
		err = cerr
	}
	return err
}

func (t connTx) Commit() error   { return t.end("COMMIT") }
func (t connTx) Rollback() error { return t.end("ROLLBACK") }

func (b *batchTx) begin(ctx context.Context) error {
	b.n, b.ctx = 0, ctx
	if b.checking() {
		b.tx, b.c = noTx{}, conn{s: b.s, q: readOnly{b.s.db}}
		return nil
	}
	b.txs++
	defer func() { b.began = time.Now() }()
	if b.s.engine == Postgres {
		sc, err := b.s.db.Conn(ctx)
		if err != nil {
			return err
		}
		if _, err := sc.ExecContext(ctx, "BEGIN"); err != nil {
			sc.Close()
			return err
		}
		b.tx, b.c = connTx{context.WithoutCancel(ctx), sc}, conn{s: b.s, q: sc, copier: sc, stats: b.newStats()}
		return nil
	}
	b.s.yieldToWriters()
	tx, err := b.s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	b.tx, b.c = tx, conn{s: b.s, q: tx, stats: b.newStats()}
	return nil
}

// commit ends the open transaction, bringing the aggregates up to date.
func (b *batchTx) commit(ctx context.Context) error {
	if err := b.c.finishStats(ctx); err != nil {
		b.tx.Rollback()
		return err
	}
	err := b.tx.Commit()
	b.longest = max(b.longest, time.Since(b.began))
	return err
}

// wholeLine runs the writes of one imported line in a savepoint of the
// batch's transaction: a line refused halfway leaves nothing behind, and
// the batch goes on.
func (c conn) wholeLine(ctx context.Context, write func() error) error {
	if _, err := c.exec(ctx, `SAVEPOINT import_line`); err != nil {
		return err
	}
	if err := write(); err != nil {
		if _, rerr := c.exec(ctx, `ROLLBACK TO SAVEPOINT import_line`); rerr != nil {
			return rerr
		}
		return err
	}
	_, err := c.exec(ctx, `RELEASE SAVEPOINT import_line`)
	return err
}

// saved counts a save, committing and starting anew when the batch is full.
func (b *batchTx) saved(ctx context.Context) error { return b.savedN(ctx, 1) }

// savedN counts n saves.
func (b *batchTx) savedN(ctx context.Context, n int) error {
	b.n += n
	if b.size <= 0 || b.n < b.size {
		return nil
	}
	if err := b.commit(ctx); err != nil {
		return err
	}
	return b.begin(ctx)
}

// Commit ends the writer, keeping what was saved (nothing for a check).
func (b *batchTx) Commit() error {
	if b.checking() {
		return nil
	}
	return b.commit(b.ctx)
}

// Rollback ends the writer, discarding what the open transaction holds.
func (b *batchTx) Rollback() error { return b.tx.Rollback() }

// MemberWriter saves imported members in batches, checking each target
// union once.
type MemberWriter struct {
	batchTx
	a       gonghui.Actor
	targets map[[2]int64]targetCheck
	// claimed holds, in a check, the card numbers earlier rows would have
	// issued (a key set: a check of any file in bounded memory).
	claimed *KeySet
	load    memberLoad
}

// memberLoad is what a writer knows of the import it saves for.
type memberLoad struct {
	importID int64
	filename string
	batches  int // audited so far
	// first is a first load: no person was kept when it began, and no
	// other writer has added one since (checked once per transaction).
	// The file's rows are then distinct new people (the importer refuses
	// a second row of one person), so the writer looks no one up, gives
	// the IDs itself and reads nothing back.
	first                      bool
	lastPerson, lastMembership int64
	checkedTx                  int
}

// firstLoadCommitRows is how many rows a transaction of a first load
// holds: large enough that commits cost little, small enough that the
// transaction lasts about a second and other writers get through.
var firstLoadCommitRows = 10_000

type targetCheck struct {
	path string
	err  error
}

// NewMemberWriter starts writing members as the actor. batchSize 0 keeps
// everything in one transaction until Commit or Rollback.
func (s *Store) NewMemberWriter(ctx context.Context, a gonghui.Actor, batchSize int) (*MemberWriter, error) {
	if !a.Can(gonghui.PermEditMembers) {
		return nil, gonghui.ErrForbidden
	}
	if s.keys == nil {
		return nil, errNoKeys
	}
	w := &MemberWriter{batchTx: batchTx{s: s, size: batchSize}, a: a, targets: map[[2]int64]targetCheck{}, claimed: NewKeySet()}
	return w, w.begin(ctx)
}

// ForImport names the import the writer saves for, which the audit event
// of each batch names. With first the caller asks for a first load (the
// member tables' indexes deferred, see DeferIndexes): when no person is
// kept yet, the writer gives the IDs itself, reads nothing back and
// commits every firstLoadCommitRows rows.
func (w *MemberWriter) ForImport(ctx context.Context, importID int64, filename string, first bool) error {
	w.load = memberLoad{importID: importID, filename: filename}
	if !first || w.checking() {
		return nil
	}
	var anyone int
	if err := w.c.row(ctx, `SELECT count(*) FROM (SELECT 1 FROM persons LIMIT 1) x`).Scan(&anyone); err != nil || anyone > 0 {
		return err
	}
	if err := w.c.row(ctx, `SELECT COALESCE(max(id), 0) FROM memberships`).Scan(&w.load.lastMembership); err != nil {
		return err
	}
	w.load.first = true
	if w.size > 0 {
		w.size = firstLoadCommitRows
	}
	return nil
}

// stillFirst reports whether the writer still makes a first load, checking
// once per transaction that no other writer added a person or a membership
// since its last batch. On PostgreSQL the transaction first takes the
// locks of every person and card number and locks the member tables
// against other writers (readers go on), who wait for its end: a short
// transaction.
func (w *MemberWriter) stillFirst(ctx context.Context) (bool, error) {
	if !w.load.first || w.load.checkedTx == w.txs {
		return w.load.first, nil
	}
	w.load.checkedTx = w.txs
	if w.s.engine == Postgres {
		// Every person's and card number's lock first, as the other
		// writers of members take theirs before they read and write (no
		// cycle): whoever read before this transaction has committed.
		if err := w.c.lockAll(ctx, lockPerson); err != nil {
			return false, err
		}
		if err := w.c.lockAll(ctx, lockCardNo); err != nil {
			return false, err
		}
		if _, err := w.c.exec(ctx, `LOCK TABLE persons, memberships, cards IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return false, err
		}
	}
	var p, m int64
	if err := w.c.row(ctx, `SELECT (SELECT COALESCE(max(id), 0) FROM persons), (SELECT COALESCE(max(id), 0) FROM memberships)`).Scan(&p, &m); err != nil {
		return false, err
	}
	w.load.first = p == w.load.lastPerson && m == w.load.lastMembership
	return w.load.first, nil
}

// Save stores one member; a validation error concerns this row only and
// leaves the transaction usable.
func (w *MemberWriter) Save(ctx context.Context, sp SealedMember) (UpsertResult, error) {
	res, err := w.save(ctx, sp)
	if err != nil {
		return 0, err
	}
	return res, w.saved(ctx)
}

func (w *MemberWriter) save(ctx context.Context, sp SealedMember) (UpsertResult, error) {
	path, err := w.target(ctx, sp)
	if err != nil {
		return 0, err
	}
	if w.checking() {
		return w.check(ctx, sp)
	}
	_, res, err := w.c.upsertMember(ctx, sp, path, w.a)
	return res, err
}

// check answers what upsertMember would do, with reads only.
func (w *MemberWriter) check(ctx context.Context, sp SealedMember) (UpsertResult, error) {
	e, found, err := w.c.findPerson(ctx, sp.idIndex)
	if err != nil {
		return 0, err
	}
	newCard, err := w.c.memberRefusal(ctx, e, found, sp)
	if err == nil && newCard {
		taken, cerr := w.claimed.Claim(ctx, [][16]byte{cardKey(sp.CardNo)})
		if cerr != nil {
			return 0, cerr
		}
		if taken[0] {
			err = cardInUse()
		}
	}
	if err != nil {
		return 0, err
	}
	return memberResult(e, found, sp, newCard), nil
}

// target checks a row's union and unit once per pair.
func (w *MemberWriter) target(ctx context.Context, sp SealedMember) (string, error) {
	key := [2]int64{sp.OrgID, sp.UnitID}
	tc, ok := w.targets[key]
	if !ok {
		o, err := w.c.memberTarget(ctx, w.a, sp.OrgID, sp.UnitID)
		var v *gonghui.ValidationError
		if err != nil && !errors.As(err, &v) {
			return "", err
		}
		tc = targetCheck{o.Path, err}
		w.targets[key] = tc
	}
	return tc.path, tc.err
}

// SaveBatch stores many members, with the same outcome per row as Save in
// turn; see SaveBatchAt.
func (w *MemberWriter) SaveBatch(ctx context.Context, rows []SealedMember) ([]UpsertResult, []error, error) {
	return w.SaveBatchAt(ctx, rows, nil)
}

// SaveBatchAt stores many members read at the given lines of a file (nil:
// numbered from 1), with the same outcome per row as Save in turn. People
// already kept go through Save's path; new people — nearly every row of a
// first import — are checked together and written with a few statements
// per table for the whole batch, and one audit event (see auditBatch).
// Row errors come back per row; the error returned ends the import.
func (w *MemberWriter) SaveBatchAt(ctx context.Context, rows []SealedMember, lines []int) ([]UpsertResult, []error, error) {
	c := w.c
	results, errs := make([]UpsertResult, len(rows)), make([]error, len(rows))
	if len(rows) == 0 {
		return results, errs, nil
	}
	if lines == nil {
		lines = make([]int, len(rows))
		for i := range lines {
			lines[i] = i + 1
		}
	}
	first, err := w.stillFirst(ctx)
	if err != nil {
		return nil, nil, err
	}
	var fresh []int // rows of people not yet kept
	if first {
		fresh = make([]int, len(rows))
		for i := range fresh {
			fresh[i] = i
		}
	} else {
		// The batch's people and card numbers are locked at once, in one
		// order, before anything is checked; the rows saved one by one
		// below take the same locks again.
		indexes := make([]any, len(rows))
		people, cardNos := make([]int64, len(rows)), []int64{}
		for i, sp := range rows {
			indexes[i] = sp.idIndex
			people[i] = personKey(sp.idIndex)
			if sp.CardNo != "" {
				cardNos = append(cardNos, textKey(sp.CardNo))
			}
		}
		if err := c.lockFor(ctx, lockPerson, people...); err != nil {
			return nil, nil, err
		}
		if err := c.lockFor(ctx, lockCardNo, cardNos...); err != nil {
			return nil, nil, err
		}
		known, err := c.findPeople(ctx, indexes)
		if err != nil {
			return nil, nil, err
		}
		for i, sp := range rows {
			e, ok := known[string(sp.idIndex)]
			if !ok {
				fresh = append(fresh, i)
				continue
			}
			// A row that changes nothing costs the batch's one reading:
			// a file imported again writes nothing.
			if e.unchangedBy(sp) {
				_, err := w.target(ctx, sp)
				if err := rowError(err); err != nil {
					return nil, nil, err
				}
				if errs[i] = err; err == nil {
					results[i] = Unchanged
				}
				continue
			}
			res, err := w.save(ctx, sp)
			if err := rowError(err); err != nil {
				return nil, nil, err
			}
			results[i], errs[i] = res, err
		}
	}
	if err := w.insertFresh(ctx, rows, lines, fresh, results, errs); err != nil {
		return nil, nil, err
	}
	return results, errs, w.savedN(ctx, len(rows))
}

// rowError is err when it is not a row's own problem (a validation error):
// what must end the import.
func rowError(err error) error {
	var v *gonghui.ValidationError
	if err == nil || errors.As(err, &v) {
		return nil
	}
	return err
}

var membershipInsertColumns = append([]string{"person_id", "org_id", "unit_id", "status", "joined_on", "created_at", "updated_at"}, memberKeyColumns...)

// insertFresh writes the rows of new people: their checks first (union,
// card numbers, in the database and within the batch), then one insert
// per table for all that pass, and the batch's audit event.
func (w *MemberWriter) insertFresh(ctx context.Context, rows []SealedMember, lines, fresh []int, results []UpsertResult, errs []error) error {
	c := w.c
	taken := map[string]bool{}
	var cards []any
	for _, i := range fresh {
		if rows[i].CardNo != "" {
			cards = append(cards, rows[i].CardNo)
		}
	}
	if len(cards) > 0 {
		var no string
		if err := c.eachRow(ctx, `SELECT card_no FROM cards WHERE card_no IN (`+placeholders(len(cards))+`)`, cards, []any{&no},
			func() { taken[no] = true }); err != nil {
			return err
		}
	}
	now := w.s.nowUnix()
	var ok []int
	var paths []string
	for _, i := range fresh {
		sp := rows[i]
		path, err := w.target(ctx, sp)
		if err == nil && sp.CardNo != "" {
			if taken[sp.CardNo] {
				err = gonghui.Invalid("card_no", "会员卡号"+sp.CardNo+"已被使用", "card number "+sp.CardNo+" is already in use")
			}
			taken[sp.CardNo] = true
		}
		if errs[i] = err; rowError(err) != nil {
			return err
		}
		if err == nil {
			ok = append(ok, i)
			paths = append(paths, path)
		}
	}
	if w.checking() {
		// The cards the batch's rows would issue, unless an earlier row
		// of the file would have issued them.
		var cards [][16]byte
		var holders []int
		for _, i := range ok {
			if rows[i].CardNo != "" {
				cards, holders = append(cards, cardKey(rows[i].CardNo)), append(holders, i)
			}
		}
		claimed, err := w.claimed.Claim(ctx, cards)
		if err != nil {
			return err
		}
		for _, i := range ok {
			results[i] = Inserted
		}
		for j, i := range holders {
			if claimed[j] {
				no := rows[i].CardNo
				results[i], errs[i] = 0, gonghui.Invalid("card_no", "会员卡号"+no+"已被使用", "card number "+no+" is already in use")
			}
		}
		return nil
	}
	if len(ok) == 0 {
		return nil
	}
	first := w.load.first
	personIDs, membershipIDs := make([]int64, len(ok)), make([]int64, len(ok))
	persons := make([][]any, len(ok))
	personCols := personColumns
	for j, i := range ok {
		persons[j] = rows[i].personRow(now)
		if first {
			w.load.lastPerson++
			personIDs[j] = w.load.lastPerson
			persons[j] = append([]any{personIDs[j]}, persons[j]...)
		}
	}
	if first {
		personCols = append([]string{"id"}, personColumns...)
	}
	if err := insertRows(ctx, c, "persons", personCols, persons); err != nil {
		return err
	}
	if !first {
		byIndex := map[string]int64{}
		indexes := make([]any, len(ok))
		for j, i := range ok {
			indexes[j] = rows[i].idIndex
		}
		var id int64
		var b []byte
		if err := c.eachRow(ctx, `SELECT id, id_index FROM persons WHERE id_index IN (`+placeholders(len(ok))+`)`, indexes, []any{&id, &b},
			func() { byIndex[string(b)] = id }); err != nil {
			return err
		}
		for j, i := range ok {
			personIDs[j] = byIndex[string(rows[i].idIndex)]
		}
	}
	var memberships, cardRows [][]any
	for j, i := range ok {
		sp, pid := rows[i], personIDs[j]
		c.touchNewPerson(pid)
		m := append([]any{pid, sp.OrgID, nullInt(sp.UnitID), "active", sp.JoinedOn, now, now}, memberKeys(paths[j], sp.Name, sp.initials, sp.Employment)...)
		if first {
			w.load.lastMembership++
			membershipIDs[j] = w.load.lastMembership
			m = append([]any{membershipIDs[j]}, m...)
		}
		memberships = append(memberships, m)
		if sp.CardNo != "" {
			cardRows = append(cardRows, []any{pid, sp.CardNo, sp.JoinedOn, "active", now})
		}
	}
	membershipCols := membershipInsertColumns
	if first {
		membershipCols = append([]string{"id"}, membershipInsertColumns...)
	}
	if err := insertRows(ctx, c, "memberships", membershipCols, memberships); err != nil {
		return err
	}
	if err := insertRows(ctx, c, "cards", []string{"person_id", "card_no", "issued_on", "status", "created_at"}, cardRows); err != nil {
		return err
	}
	if first && w.s.engine == Postgres {
		// IDs given by the loader move the identity sequences on, so that
		// other writers' next rows take the IDs after them.
		if _, err := c.exec(ctx, `SELECT setval(pg_get_serial_sequence('persons', 'id'), ?), setval(pg_get_serial_sequence('memberships', 'id'), ?)`,
			w.load.lastPerson, w.load.lastMembership); err != nil {
			return err
		}
	}
	if !first {
		byPerson := map[int64]int64{}
		ids := make([]any, len(ok))
		for j := range ok {
			ids[j] = personIDs[j]
		}
		var mid, pid int64
		if err := c.eachRow(ctx, `SELECT id, person_id FROM memberships WHERE status = 'active' AND person_id IN (`+placeholders(len(ids))+`)`, ids, []any{&mid, &pid},
			func() { byPerson[pid] = mid }); err != nil {
			return err
		}
		for j := range ok {
			membershipIDs[j] = byPerson[personIDs[j]]
		}
	}
	batch := make([]batchRow, len(ok))
	for j, i := range ok {
		results[i] = Inserted
		batch[j] = batchRow{line: lines[i], membershipID: membershipIDs[j], idIndex: rows[i].idIndex, orgID: rows[i].OrgID, path: paths[j]}
	}
	return w.auditBatch(ctx, batch)
}

// cardKey is a card number as a key of a KeySet.
func cardKey(no string) [16]byte {
	sum := sha256.Sum256([]byte(no))
	return [16]byte(sum[:16])
}

// Commit ends the writer, keeping what was saved.
func (w *MemberWriter) Commit() error {
	defer w.claimed.Close()
	return w.batchTx.Commit()
}

// Rollback ends the writer, discarding what the open transaction holds.
func (w *MemberWriter) Rollback() error {
	defer w.claimed.Close()
	return w.batchTx.Rollback()
}

// batchRow is a new member of a batch as its audit event names it.
type batchRow struct {
	line         int
	membershipID int64
	idIndex      []byte
	orgID        int64
	path         string
}

// auditBatch writes the audit events of a batch of new members instead
// of one per member: one per union the batch's rows joined, scoped to that
// union (its cadres read it in their audit log), with the import, the
// rows' count, lines and memberships, and the digest of its rows
// (BatchDigest), which names every row saved without holding personal
// data. A city file lists its members union by union: a batch then has a
// few events.
func (w *MemberWriter) auditBatch(ctx context.Context, rows []batchRow) error {
	w.load.batches++
	var order []int64
	groups := map[int64][]batchRow{}
	for _, r := range rows {
		if _, ok := groups[r.orgID]; !ok {
			order = append(order, r.orgID)
		}
		groups[r.orgID] = append(groups[r.orgID], r)
	}
	for _, org := range order {
		g := groups[org]
		lines, ids, indexes := make([]int64, len(g)), make([]int64, len(g)), make([][]byte, len(g))
		for j, r := range g {
			lines[j], ids[j], indexes[j] = int64(r.line), r.membershipID, r.idIndex
		}
		summary := mustJSON(map[string]any{"import_id": w.load.importID, "filename": w.load.filename, "batch": w.load.batches,
			"org_id": org, "rows": len(g), "first_line": lines[0], "last_line": lines[len(lines)-1], "lines": idRuns(lines),
			"memberships": idRuns(ids), "digest": BatchDigest(lines, ids, indexes)})
		if err := w.c.audit(ctx, w.a, auditEntry{action: "member.load", recordType: "import", recordID: w.load.importID, orgPath: g[0].path, summary: summary}); err != nil {
			return err
		}
	}
	return nil
}

// BatchDigest is the hex SHA-256 of a batch of saved members, each as
// "line:membership ID:hex of the person's blind index\n" in file order:
// recomputed from the file and the records, it shows which rows the
// batch saved as which members.
func BatchDigest(lines, membershipIDs []int64, idIndexes [][]byte) string {
	h := sha256.New()
	for i := range lines {
		fmt.Fprintf(h, "%d:%d:%x\n", lines[i], membershipIDs[i], idIndexes[i])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// idRuns writes ascending IDs as runs [first, last]: one run for a first
// load, whose IDs follow each other.
func idRuns(ids []int64) [][2]int64 {
	sorted := slices.Sorted(slices.Values(ids))
	var runs [][2]int64
	for _, id := range sorted {
		if n := len(runs); n > 0 && runs[n-1][1]+1 == id {
			runs[n-1][1] = id
			continue
		}
		runs = append(runs, [2]int64{id, id})
	}
	return runs
}

// ResolveOrgRef finds a union in scope by its short code or its USCC, as
// import files name it.
func (s *Store) ResolveOrgRef(ctx context.Context, a gonghui.Actor, ref string) (gonghui.Org, error) {
	ref = strings.TrimSpace(ref)
	c := s.conn()
	o, err := c.getOrg(ctx, a, "o.code = ?", strings.ToUpper(ref))
	if errors.Is(err, gonghui.ErrNotFound) {
		o, err = c.getOrg(ctx, a, "o.uscc = ?", uscc.Normalize(ref))
	}
	return o, opErr(err, "resolve org ref")
}

// UnitByUSCC finds a unit in scope by its USCC.
func (s *Store) UnitByUSCC(ctx context.Context, a gonghui.Actor, code string) (gonghui.Unit, error) {
	scope, args := scopeClause("o.path", a)
	u, _, err := scanUnit(s.conn().row(ctx, "SELECT "+unitColumns+" FROM units u JOIN orgs o ON o.id = u.org_id WHERE u.uscc = ? AND "+scope,
		append([]any{uscc.Normalize(code)}, args...)...))
	return u, opErr(err, "unit by uscc")
}

// Import is the record of one file import.
type Import struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	Kind         string    `json:"kind"`
	Filename     string    `json:"filename"`
	Format       string    `json:"format"`
	Encoding     string    `json:"encoding"`
	Status       string    `json:"status"` // running, done, failed, interrupted
	DryRun       bool      `json:"dry_run"`
	AllOrNothing bool      `json:"all_or_nothing"`
	RowsDone     int       `json:"rows_done"`
	Inserted     int       `json:"inserted"`
	Updated      int       `json:"updated"`
	Unchanged    int       `json:"unchanged"`
	Failed       int       `json:"failed"`
	Progress     int       `json:"progress"` // percent
	Warnings     []string  `json:"warnings"`
	Header       []string  `json:"header,omitempty"`
	Message      string    `json:"message,omitempty"`
	StartedAt    time.Time `json:"started_at"`
	FinishedAt   time.Time `json:"finished_at,omitzero"`
	// LongestWrite is the longest transaction the import committed, as
	// long as other writers may have waited for it (not stored).
	LongestWrite time.Duration `json:"-"`
	scopePath    string
}

// ImportRowError is one refused row of an import.
type ImportRowError struct {
	Line  int      `json:"line"`
	Field string   `json:"field"` // the column as the file names it
	Zh    string   `json:"zh"`
	En    string   `json:"en"`
	Cells []string `json:"-"` // the row as read, for the error report
}

// Import statuses. An interrupted import was stopped before its end (a
// shutdown, or its process died); running it again finishes it.
const (
	ImportRunning     = "running"
	ImportDone        = "done"
	ImportFailed      = "failed"
	ImportInterrupted = "interrupted"
)

// importOwner names this process in the imports it starts.
var importOwner = func() string {
	host, _ := os.Hostname()
	return host + ":" + strconv.Itoa(os.Getpid())
}()

// CreateImport records the start of an import within the actor's scope,
// run by this process.
func (s *Store) CreateImport(ctx context.Context, a gonghui.Actor, kind, filename string, dryRun, allOrNothing bool) (Import, error) {
	im := Import{Username: a.Username, Kind: kind, Filename: filename, Status: ImportRunning, DryRun: dryRun, AllOrNothing: allOrNothing,
		StartedAt: s.now(), scopePath: a.Path}
	err := s.conn().row(ctx, `INSERT INTO imports (user_id, username, kind, scope_path, filename, status, dry_run, all_or_nothing, started_at, owner)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, nullInt(a.UserID), a.Username, kind, a.Path, filename, ImportRunning,
		boolInt(dryRun), boolInt(allOrNothing), s.nowUnix(), importOwner).Scan(&im.ID)
	return im, opErr(err, "create import")
}

// InterruptOrphanImports marks interrupted the imports left running by a
// process that died, and returns how many. It is for the server's start
// (one server per database): an import is left alone only when another
// process still alive on this host started it (a command-line import).
// One started on another host cannot be told apart and is marked too;
// were its process still alive, its own end overwrites the mark.
func (s *Store) InterruptOrphanImports(ctx context.Context) (int, error) {
	type orphan struct {
		id    int64
		saved bool // rows may have been committed batch by batch (all-or-nothing too, in its second pass)
	}
	var orphans []orphan
	var id int64
	var owner string
	var dry int
	if err := s.conn().eachRow(ctx, `SELECT id, owner, dry_run FROM imports WHERE status = ?`, []any{ImportRunning},
		[]any{&id, &owner, &dry}, func() {
			if !ownerAlive(owner) {
				orphans = append(orphans, orphan{id, dry == 0})
			}
		}); err != nil {
		return 0, err
	}
	for _, o := range orphans {
		msg := "导入因程序停止而中断，未保存任何数据；请重新上传文件再次导入 / the import was interrupted when gonghui stopped and saved nothing: upload the file again to run it"
		if o.saved {
			msg = "导入因程序停止而中断，部分行可能已保存，计数可能少于实际；请重新上传同一文件完成导入，已保存的行不会改变 / " +
				"the import was interrupted when gonghui stopped; some rows may be saved and the counts may be behind: upload the same file again to finish it — rows already saved stay unchanged"
		}
		if _, err := s.conn().exec(ctx, `UPDATE imports SET status = ?, message = ?, finished_at = ? WHERE id = ? AND status = ?`,
			ImportInterrupted, msg, s.nowUnix(), o.id, ImportRunning); err != nil {
			return 0, err
		}
	}
	return len(orphans), nil
}

// ownerAlive reports whether the import's owner (host:pid) is another
// process alive on this host.
func ownerAlive(owner string) bool {
	host, pidText, ok := strings.Cut(owner, ":")
	pid, err := strconv.Atoi(pidText)
	if thisHost, _ := os.Hostname(); !ok || err != nil || host != thisHost || pid == os.Getpid() {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	// Signal 0 checks the process exists; EPERM: it does, as another user.
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ownerGone reports whether an import's owner (host:pid) was a process
// on this host, other than this one, that is no longer alive.
func ownerGone(owner string) bool {
	host, _, _ := strings.Cut(owner, ":")
	thisHost, _ := os.Hostname()
	return host == thisHost && owner != importOwner && !ownerAlive(owner)
}

// UpdateImport saves an import's counters and state.
func (s *Store) UpdateImport(ctx context.Context, im Import) error {
	warnings, _ := json.Marshal(im.Warnings)
	header, _ := json.Marshal(im.Header)
	finished := int64(0)
	if !im.FinishedAt.IsZero() {
		finished = im.FinishedAt.Unix()
	}
	_, err := s.conn().exec(ctx, `UPDATE imports SET format = ?, encoding = ?, status = ?, rows_done = ?, inserted = ?, updated = ?, unchanged = ?,
		failed = ?, progress = ?, warnings = ?, header = ?, message = ?, finished_at = ? WHERE id = ?`,
		im.Format, im.Encoding, im.Status, im.RowsDone, im.Inserted, im.Updated, im.Unchanged, im.Failed, im.Progress,
		string(warnings), string(header), im.Message, finished, im.ID)
	return opErr(err, "update import")
}

// Bounds of what is kept of a refused row for its error report: a row of
// thousands of cells, or of long ones, is kept in part (the line and the
// reason are whole), so that hostile files cannot fill the database.
const (
	MaxErrorCells     = 64
	MaxErrorCellRunes = 256
)

// boundCells cuts a refused row to the bounds kept, marking cut cells
// with "…".
func boundCells(cells []string) []string {
	out := make([]string, min(len(cells), MaxErrorCells))
	for i := range out {
		c := cells[i]
		if utf8.RuneCountInString(c) > MaxErrorCellRunes {
			c = string([]rune(c)[:MaxErrorCellRunes-1]) + "…"
		}
		out[i] = c
	}
	return out
}

// AddImportErrors stores refused rows; their cells are sealed, as they
// hold personal data, and bounded (MaxErrorCells, MaxErrorCellRunes).
func (s *Store) AddImportErrors(ctx context.Context, importID int64, errs []ImportRowError) error {
	if len(errs) == 0 {
		return nil
	}
	if s.keys == nil {
		return errNoKeys
	}
	rows := make([][]any, len(errs))
	for i, e := range errs {
		cells, _ := json.Marshal(boundCells(e.Cells))
		rows[i] = []any{importID, e.Line, e.Field, e.Zh, e.En, s.keys.Seal(string(cells), importErrorBinding(importID, e.Line))}
	}
	return insertRows(ctx, s.conn(), "import_errors", []string{"import_id", "line", "field", "zh", "en", "row_sealed"}, rows)
}

// PurgeImportErrors deletes the refused rows of imports that ended more
// than the retention period ago (ImportErrorRetention) and returns how
// many it deleted. The import itself, with its counts, stays.
func (s *Store) PurgeImportErrors(ctx context.Context) (int64, error) {
	r, err := s.ImportErrorRetention(ctx)
	if err != nil {
		return 0, err
	}
	before := s.now().AddDate(0, 0, -r.Days).Unix()
	res, err := s.conn().exec(ctx, `DELETE FROM import_errors WHERE import_id IN
		(SELECT id FROM imports WHERE status <> ? AND finished_at > 0 AND finished_at < ?)`, ImportRunning, before)
	if err != nil {
		return 0, opErr(err, "purge import errors")
	}
	n, err := res.RowsAffected()
	return n, opErr(err, "purge import errors")
}

// ErrorsExpired reports whether an import's error report has been
// deleted after the retention period.
func (s *Store) ErrorsExpired(ctx context.Context, im Import) (bool, error) {
	if im.Failed == 0 || im.FinishedAt.IsZero() {
		return false, nil
	}
	r, err := s.ImportErrorRetention(ctx)
	return err == nil && im.FinishedAt.Before(s.now().AddDate(0, 0, -r.Days)), err
}

const importColumns = `id, username, kind, filename, format, encoding, status, dry_run, all_or_nothing, rows_done, inserted, updated, unchanged,
	failed, progress, warnings, header, message, started_at, finished_at, scope_path`

func scanImport(sc scanner) (Import, error) {
	var im Import
	var dry, aon int
	var warnings, header string
	var started, finished int64
	err := sc.Scan(&im.ID, &im.Username, &im.Kind, &im.Filename, &im.Format, &im.Encoding, &im.Status, &dry, &aon, &im.RowsDone, &im.Inserted,
		&im.Updated, &im.Unchanged, &im.Failed, &im.Progress, &warnings, &header, &im.Message, &started, &finished, &im.scopePath)
	if errors.Is(err, sql.ErrNoRows) {
		return im, gonghui.ErrNotFound
	}
	im.DryRun, im.AllOrNothing = dry != 0, aon != 0
	json.Unmarshal([]byte(warnings), &im.Warnings)
	json.Unmarshal([]byte(header), &im.Header)
	im.StartedAt = time.Unix(started, 0).In(gonghui.Shanghai)
	if finished > 0 {
		im.FinishedAt = time.Unix(finished, 0).In(gonghui.Shanghai)
	}
	return im, err
}

// GetImport returns an import started within the actor's subtree.
func (s *Store) GetImport(ctx context.Context, a gonghui.Actor, id int64) (Import, error) {
	scope, args := scopeClause("scope_path", a)
	return scanImport(s.conn().row(ctx, "SELECT "+importColumns+" FROM imports WHERE id = ? AND "+scope, append([]any{id}, args...)...))
}

// ListImports lists the imports of the actor's subtree, newest first.
func (s *Store) ListImports(ctx context.Context, a gonghui.Actor, p gonghui.Page) ([]Import, error) {
	p = p.Normalize()
	scope, args := scopeClause("scope_path", a)
	rows, err := s.conn().query(ctx, "SELECT "+importColumns+" FROM imports WHERE "+scope+" ORDER BY id DESC LIMIT ? OFFSET ?", append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, opErr(err, "list imports")
	}
	defer rows.Close()
	out := []Import{}
	for rows.Next() {
		im, err := scanImport(rows)
		if err != nil {
			return nil, opErr(err, "list imports")
		}
		out = append(out, im)
	}
	return out, rows.Err()
}

// ImportErrors returns the refused rows of an import in scope, in file
// order, with their cells opened for the error report.
func (s *Store) ImportErrors(ctx context.Context, a gonghui.Actor, id int64) ([]ImportRowError, error) {
	if _, err := s.GetImport(ctx, a, id); err != nil {
		return nil, opErr(err, "import errors %d", id)
	}
	if s.keys == nil {
		return nil, errNoKeys
	}
	rows, err := s.conn().query(ctx, `SELECT line, field, zh, en, row_sealed FROM import_errors WHERE import_id = ? ORDER BY line, id`, id)
	if err != nil {
		return nil, opErr(err, "import errors %d", id)
	}
	defer rows.Close()
	out := []ImportRowError{}
	for rows.Next() {
		var e ImportRowError
		var sealed []byte
		if err := rows.Scan(&e.Line, &e.Field, &e.Zh, &e.En, &sealed); err != nil {
			return nil, opErr(err, "import errors %d", id)
		}
		if plain, err := s.keys.Open(sealed, importErrorBinding(id, e.Line)); err == nil {
			json.Unmarshal([]byte(plain), &e.Cells)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
