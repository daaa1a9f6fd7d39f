package sqlitedriver

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

// benchRows is the size of the member table used by every benchmark. It is in
// the range of a large district-level union's membership.
const benchRows = 200_000

// orgCount is the number of distinct org_id values (grassroots unions).
const orgCount = 2_000

// driverSpec describes one database/sql SQLite driver under test.
type driverSpec struct {
	name       string // short label used in benchmark names
	sqlName    string // name passed to sql.Open
	order      int    // position in the output
	pureGo     bool
	dsnForFile func(path string) string
}

var (
	driversMu sync.Mutex
	drivers   []driverSpec
)

func registerDriver(d driverSpec) {
	driversMu.Lock()
	defer driversMu.Unlock()
	drivers = append(drivers, d)
	slices.SortFunc(drivers, func(a, b driverSpec) int { return a.order - b.order })
}

func allDrivers() []driverSpec {
	driversMu.Lock()
	defer driversMu.Unlock()
	return slices.Clone(drivers)
}

// member is one synthetic row shaped like gonghui's member table.
type member struct {
	id        int64
	orgID     int64
	name      string
	idHash    []byte // SHA-256 of the citizen ID number, never the number itself
	birthDate string // YYYY-MM-DD
	sex       int    // 1 male, 2 female (GB/T 2261.1)
}

const schemaSQL = `CREATE TABLE member (
	id         INTEGER PRIMARY KEY,
	org_id     INTEGER NOT NULL,
	name       TEXT    NOT NULL,
	id_hash    BLOB    NOT NULL,
	birth_date TEXT    NOT NULL,
	sex        INTEGER NOT NULL
)`

var indexSQL = []string{
	`CREATE UNIQUE INDEX member_id_hash ON member (id_hash)`,
	`CREATE INDEX member_org_id ON member (org_id)`,
}

const insertSQL = `INSERT INTO member (id, org_id, name, id_hash, birth_date, sex) VALUES (?, ?, ?, ?, ?, ?)`

const lookupSQL = `SELECT id, org_id, name, birth_date, sex FROM member WHERE id_hash = ?`

const groupBySQL = `SELECT org_id, count(*) FROM member GROUP BY org_id`

var (
	surnames   = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	givenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建国建华志强海燕文博子涵浩然雨欣思远梓萱宇轩欣怡晨阳")
)

// genMembers returns n deterministic synthetic members.
func genMembers(n int) []member {
	r := rand.New(rand.NewPCG(20240601, 4754))
	base := time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]member, n)
	for i := range out {
		birth := base.AddDate(0, 0, r.IntN(45*365))
		sex := 1 + r.IntN(2)
		given := string(givenChars[r.IntN(len(givenChars))])
		if r.IntN(3) > 0 {
			given += string(givenChars[r.IntN(len(givenChars))])
		}
		// A citizen-ID-shaped string: district, birth date, sequence.
		idNumber := fmt.Sprintf("110105%s%03d%d", birth.Format("20060102"), i%1000, sex)
		sum := sha256.Sum256([]byte(idNumber + fmt.Sprint(i)))
		out[i] = member{
			id:        int64(i + 1),
			orgID:     1 + int64(r.IntN(orgCount)),
			name:      string(surnames[r.IntN(len(surnames))]) + given,
			idHash:    sum[:],
			birthDate: birth.Format(time.DateOnly),
			sex:       sex,
		}
	}
	return out
}

var (
	membersOnce sync.Once
	membersData []member
)

// benchMembers returns the shared benchRows-row data set, generated once.
func benchMembers() []member {
	membersOnce.Do(func() { membersData = genMembers(benchRows) })
	return membersData
}

// openDB opens a file database with the driver and checks that the
// connection pragmas (WAL, synchronous=NORMAL) are really in effect.
func openDB(tb testing.TB, d driverSpec, path string) *sql.DB {
	tb.Helper()
	db, err := sql.Open(d.sqlName, d.dsnForFile(path))
	if err != nil {
		tb.Fatalf("%s: open: %v", d.name, err)
	}
	if err := checkPragmas(db); err != nil {
		db.Close()
		tb.Fatalf("%s: %v", d.name, err)
	}
	return db
}

func checkPragmas(db *sql.DB) error {
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		return fmt.Errorf("read journal_mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal_mode = %q, want wal", mode)
	}
	var sync int
	if err := db.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil {
		return fmt.Errorf("read synchronous: %w", err)
	}
	if sync != 1 {
		return fmt.Errorf("synchronous = %d, want 1 (NORMAL)", sync)
	}
	return nil
}

// loadTimes is how long the two phases of loadMembers took.
type loadTimes struct {
	insert time.Duration // create table, insert all rows, commit
	index  time.Duration // build both indexes
}

// loadMembers creates the member table, inserts rows in one transaction with
// a prepared statement, then builds the indexes.
func loadMembers(ctx context.Context, db *sql.DB, rows []member) (loadTimes, error) {
	var lt loadTimes
	start := time.Now()
	if _, err := db.ExecContext(ctx, schemaSQL); err != nil {
		return lt, fmt.Errorf("create table: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return lt, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() // no-op after a successful Commit
	stmt, err := tx.PrepareContext(ctx, insertSQL)
	if err != nil {
		return lt, fmt.Errorf("prepare: %w", err)
	}
	for i := range rows {
		m := &rows[i]
		if _, err := stmt.ExecContext(ctx, m.id, m.orgID, m.name, m.idHash, m.birthDate, m.sex); err != nil {
			stmt.Close()
			return lt, fmt.Errorf("insert row %d: %w", m.id, err)
		}
	}
	if err := stmt.Close(); err != nil {
		return lt, fmt.Errorf("close statement: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return lt, fmt.Errorf("commit: %w", err)
	}
	lt.insert = time.Since(start)

	start = time.Now()
	for _, q := range indexSQL {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return lt, fmt.Errorf("%s: %w", q, err)
		}
	}
	lt.index = time.Since(start)
	return lt, nil
}

// Populated databases shared by the read benchmarks: one file per driver,
// built lazily (only when a read benchmark runs) and removed by TestMain.
var (
	populatedMu  sync.Mutex
	populatedDir string
	populated    = map[string]string{} // driver name -> database path
)

func populatedDB(b *testing.B, d driverSpec) string {
	b.Helper()
	populatedMu.Lock()
	defer populatedMu.Unlock()
	if p, ok := populated[d.name]; ok {
		return p
	}
	if populatedDir == "" {
		dir, err := os.MkdirTemp("", "gonghui-sqlite-bench-")
		if err != nil {
			b.Fatal(err)
		}
		populatedDir = dir
	}
	path := filepath.Join(populatedDir, d.name+".db")
	db := openDB(b, d, path)
	defer db.Close()
	if _, err := loadMembers(context.Background(), db, benchMembers()); err != nil {
		b.Fatalf("%s: populate: %v", d.name, err)
	}
	if _, err := db.Exec(`ANALYZE`); err != nil {
		b.Fatalf("%s: analyze: %v", d.name, err)
	}
	populated[d.name] = path
	return path
}

func TestMain(m *testing.M) {
	code := m.Run()
	populatedMu.Lock()
	if populatedDir != "" {
		os.RemoveAll(populatedDir)
	}
	populatedMu.Unlock()
	os.Exit(code)
}
