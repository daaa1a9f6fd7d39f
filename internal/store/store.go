// Package store keeps gonghui's records in SQLite (the embedded default) or
// PostgreSQL. One implementation serves both engines: the SQL is written
// once with '?' placeholders and the few engine differences live in a
// dialect. Every query that returns records is scoped to the caller's org
// subtree in SQL, and every change writes its audit event in the same
// transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/mattn/go-sqlite3"

	"gonghui"
	"gonghui/internal/pii"
)

// Engine names a database engine.
type Engine string

const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// Store is the gonghui database.
type Store struct {
	db     *sql.DB
	engine Engine
	// Path is the SQLite database file ("" on PostgreSQL).
	Path string
	now  func() time.Time
	keys *pii.Keys
	// cache keeps answers read from many records until data changes.
	cache resultCache
	// waiting counts this process's writes waiting for SQLite's write
	// lock: an import lets them go before its next batch (yieldToWriters).
	waiting atomic.Int32
	// recounted, when set (by tests), runs between a rebuild's recount and
	// its writes, where other writers go on.
	recounted func()
}

// queueWrite counts a write about to wait for SQLite's write lock until
// the returned function is called, once it has the lock (or gave up).
func (s *Store) queueWrite() func() {
	if s.engine != SQLite {
		return func() {}
	}
	s.waiting.Add(1)
	return func() { s.waiting.Add(-1) }
}

// yieldToWriters waits, at most a second, until this process's writes
// waiting for SQLite's write lock have it, and a few milliseconds more for
// other processes' (a command-line import beside the server). An import
// calls it between two batches: SQLite's busy handler polls, and a writer
// that releases the lock and takes it again at once would starve the
// others (a login, a session touch) until their busy timeout.
func (s *Store) yieldToWriters() {
	for deadline := time.Now().Add(time.Second); s.waiting.Load() > 0 && time.Now().Before(deadline); {
		time.Sleep(2 * time.Millisecond)
	}
	time.Sleep(yieldPause)
}

// yieldPause is the gap an import leaves between two batches for other
// processes' writers, whose busy handler polls at most every 100 ms.
const yieldPause = 5 * time.Millisecond

// ParseDSN splits a --db value into engine and driver DSN. It accepts
// "sqlite:PATH" (or a bare path ending in .db) and postgres:// URLs.
func ParseDSN(dsn string) (Engine, string, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, dsn, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		p := strings.TrimPrefix(dsn, "sqlite:")
		if p == "" {
			return "", "", errors.New("--db sqlite: needs a file path, e.g. sqlite:gonghui.db")
		}
		return SQLite, p, nil
	case strings.HasSuffix(dsn, ".db"):
		return SQLite, dsn, nil
	}
	return "", "", fmt.Errorf("--db %q: use sqlite:PATH or a postgres:// URL", dsn)
}

// sqliteDriver is SQLite with gonghui's per-connection settings:
// temporary tables and the statement journal stay in memory instead of
// spilling to files, and the process's SQLite memory has a budget.
const sqliteDriver = "sqlite3_gonghui"

// sqliteMemoryBudget bounds the memory SQLite keeps across every
// connection of the process (a soft limit: past it, each connection's page
// cache recycles its own pages instead of growing). Each connection may
// cache 64 MiB, and a load or a rebuild reads and writes through several:
// without it their caches alone could reach the pool's 8 × 64 MiB.
const sqliteMemoryBudget = 192 << 20

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(fmt.Sprintf("PRAGMA temp_store = MEMORY; PRAGMA soft_heap_limit = %d", sqliteMemoryBudget), nil)
		return err
	}})
}

// Open connects to the database named by dsn. It does not migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	engine, target, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{engine: engine, now: time.Now}
	switch engine {
	case SQLite:
		s.Path = target
		// The file holds names, birth dates and sealed personal data: made
		// readable by its owner alone (SQLite gives its -wal and -shm files
		// the database file's mode).
		if f, err := os.OpenFile(target, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
			f.Close()
		} else if !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("create %s: %w", target, err)
		}
		q := url.Values{}
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
		q.Set("_busy_timeout", "10000")
		q.Set("_foreign_keys", "on")
		q.Set("_txlock", "immediate")
		// A 64 MiB page cache per connection and prepared statements kept
		// per connection: an import reuses a handful of statements millions
		// of times (docs/BENCHMARKS.md).
		q.Set("_cache_size", "-65536")
		q.Set("_stmt_cache_size", "64")
		s.db, err = sql.Open(sqliteDriver, "file:"+target+"?"+q.Encode())
		if err == nil {
			s.keepConns(8)
		}
	case Postgres:
		s.db, err = sql.Open("pgx", target)
		if err == nil {
			s.keepConns(16)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", engine, err)
	}
	return s, nil
}

// keepConns sizes the pool: at most n connections, and as many kept idle
// between requests (database/sql keeps two by default: under load every
// other request would open a connection anew, a PostgreSQL backend started
// or a SQLite schema parsed and its page cache lost). Idle ones close after
// a while, so a quiet server holds little.
func (s *Store) keepConns(n int) {
	s.db.SetMaxOpenConns(n)
	s.db.SetMaxIdleConns(n)
	s.db.SetConnMaxIdleTime(5 * time.Minute)
}

// Engine reports which engine the store runs on.
func (s *Store) Engine() Engine { return s.engine }

// DB exposes the handle for health checks and tests.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// SetClock replaces the clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// rebind turns '?' placeholders into the engine's form. Queries are ours and
// contain no '?' inside string literals.
func (s *Store) rebind(q string) string {
	if s.engine != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn wraps a querier so that every query is rebound for the engine.
type conn struct {
	s *Store
	q querier
	// stats keeps the statistics' aggregates in step with a transaction's
	// writes; nil outside transactions.
	stats *statTouch
	// copier is the PostgreSQL connection of an import's transaction, on
	// which insertRows uses COPY; nil elsewhere.
	copier *sql.Conn
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, c.s.rebind(query), args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(ctx, c.s.rebind(query), args...)
}

func (c conn) row(ctx context.Context, query string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, c.s.rebind(query), args...)
}

func (s *Store) conn() conn { return conn{s: s, q: s.db} }

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(c conn) error) error {
	queued := s.queueWrite()
	tx, err := s.db.BeginTx(ctx, nil)
	queued()
	if err != nil {
		return err
	}
	c := conn{s: s, q: tx, stats: newStatTouch()}
	if err := fn(c); err != nil {
		tx.Rollback()
		return err
	}
	if err := c.finishStats(ctx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// nowUnix is the current time in Unix seconds, the form every timestamp
// column holds on both engines.
func (s *Store) nowUnix() int64 { return s.now().Unix() }

// today is the store clock's calendar day in China.
func (s *Store) today() gonghui.Date { return gonghui.DateOf(s.now()) }

// opErr names the operation that failed on a database error, so that a
// log line says what was being done ("update org 12: ..."). The domain's
// own errors (not found, forbidden, conflicts, invalid input) pass
// unchanged: they are answers, not failures. Every exported Store method
// returns its errors through it.
func opErr(err error, format string, args ...any) error {
	var invalid *gonghui.ValidationError
	if err == nil || errors.Is(err, gonghui.ErrNotFound) || errors.Is(err, gonghui.ErrForbidden) ||
		errors.Is(err, gonghui.ErrConflict) || errors.As(err, &invalid) {
		return err
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

// updateVersioned runs "UPDATE table SET set WHERE id = ?" and raises the
// row's version, inside the caller's transaction. With the version an edit
// was made from (0: none, for imports and tools that hold no earlier copy)
// it is a compare-and-set: a row that has changed since is left alone and
// the edit refused as stale, so two people editing one record cannot
// overwrite each other. A unique violation is returned as it is.
func (c conn) updateVersioned(ctx context.Context, table, set string, args []any, id, version int64) error {
	q := "UPDATE " + table + " SET " + set + ", version = version + 1 WHERE id = ?"
	args = append(args, id)
	if version != 0 {
		q += " AND version = ?"
		args = append(args, version)
	}
	res, err := c.exec(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return gonghui.StaleEdit()
	}
	return nil
}

// isUniqueViolation reports whether err is a unique-constraint failure on
// either engine, by the driver's error code (a message can change with the
// driver's version or the server's language).
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == pgUniqueViolation
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	return false
}

// pgUniqueViolation is PostgreSQL's SQLSTATE unique_violation.
const pgUniqueViolation = "23505"

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullStr(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// scopeClause returns the SQL condition and arguments that keep col (a path
// column) inside the actor's subtree.
func scopeClause(col string, a gonghui.Actor) (string, []any) {
	lo, hi := gonghui.PathRange(a.Path)
	return col + " >= ? AND " + col + " < ?", []any{lo, hi}
}

// placeholders is "?, ?, …" for n values.
func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// likePattern escapes s for a LIKE ... ESCAPE '\' contains-match.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// Rebind returns a query written with '?' placeholders in the engine's form
// (tests and tools that run their own SQL use it).
func (s *Store) Rebind(q string) string { return s.rebind(q) }

// scanner is what *sql.Row and *sql.Rows share.
type scanner interface{ Scan(...any) error }

// listPage runs a paged list: the total count of the rows matching where,
// then one page of them in order, each read by scan.
func listPage[T any](ctx context.Context, c conn, columns, from, where, order string, args []any, p gonghui.Page, scan func(scanner) (T, error)) ([]T, int, error) {
	var total int
	if err := c.row(ctx, "SELECT count(*) "+from+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	out, err := listRows(ctx, c, columns, from, where, order, args, p, scan)
	return out, total, err
}

// listRows runs one page of a list, without its total.
func listRows[T any](ctx context.Context, c conn, columns, from, where, order string, args []any, p gonghui.Page, scan func(scanner) (T, error)) ([]T, error) {
	rows, err := c.query(ctx, "SELECT "+columns+" "+from+where+" ORDER BY "+order+" LIMIT ? OFFSET ?", append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
