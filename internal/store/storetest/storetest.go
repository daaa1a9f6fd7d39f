// Package storetest opens migrated test databases on every engine, so one
// test suite runs against SQLite and PostgreSQL alike.
//
// PostgreSQL tests need GONGHUI_TEST_POSTGRES, a URL of a server where the
// user may create databases (.ci/run starts one). Without it they skip, but
// under CI=true they fail, so CI can never pass by skipping.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"gonghui"
	"gonghui/idcard"
	"gonghui/internal/pii"
	"gonghui/internal/store"
	"gonghui/uscc"
)

// EnvPostgres names the variable holding the PostgreSQL server URL.
const EnvPostgres = "GONGHUI_TEST_POSTGRES"

// Engines lists the engines every store test runs on.
var Engines = []store.Engine{store.SQLite, store.Postgres}

// Each runs fn once per engine as a subtest with a fresh migrated store.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	for _, e := range Engines {
		t.Run(string(e), func(t *testing.T) {
			fn(t, Open(t, e))
		})
	}
}

// Open returns a fresh, migrated store on engine, closed and removed when
// the test ends.
func Open(t testing.TB, engine store.Engine) *store.Store {
	t.Helper()
	dsn := DSN(t, engine)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.SetKeys(Keys)
	return s
}

// Keys seal personal data in test databases: a fresh key per test process.
var Keys = func() *pii.Keys {
	k, err := pii.Parse(pii.NewKey())
	if err != nil {
		panic(err)
	}
	return k
}()

// DSN returns a --db value for a new empty database on engine (migrated
// already on PostgreSQL, where databases are cloned from a template).
func DSN(t testing.TB, engine store.Engine) string {
	t.Helper()
	if engine == store.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	base := RequirePostgres(t)
	name := fmt.Sprintf("gh_test_%d_%d", os.Getpid(), counter.Add(1))
	admin := adminDB(t, base)
	tmpl := template(t, base)
	if _, err := admin.Exec(fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tmpl)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
	})
	return withDatabase(base, name)
}

// RequirePostgres returns the server URL or skips (fails under CI).
func RequirePostgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: PostgreSQL tests must run in CI", EnvPostgres)
		}
		t.Skipf("%s not set: skipping PostgreSQL", EnvPostgres)
	}
	return base
}

var (
	counter   atomic.Int64
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
	tmplOnce  sync.Once
	tmplName  string
	tmplErr   error
)

func adminDB(t testing.TB, base string) *sql.DB {
	adminOnce.Do(func() {
		admin, adminErr = sql.Open("pgx", base)
		if adminErr == nil {
			adminErr = admin.Ping()
		}
	})
	if adminErr != nil {
		t.Fatalf("connect to %s: %v", EnvPostgres, adminErr)
	}
	return admin
}

// template migrates one database per test process; each test clones it,
// which is far faster than migrating (and loading reference data) again.
func template(t testing.TB, base string) string {
	tmplOnce.Do(func() {
		tmplName = fmt.Sprintf("gh_tmpl_%d", os.Getpid())
		db := adminDB(t, base)
		db.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, tmplName))
		if _, tmplErr = db.Exec(fmt.Sprintf(`CREATE DATABASE %s`, tmplName)); tmplErr != nil {
			return
		}
		var s *store.Store
		s, tmplErr = store.Open(context.Background(), withDatabase(base, tmplName))
		if tmplErr != nil {
			return
		}
		_, tmplErr = s.Migrate(context.Background())
		s.Close()
	})
	if tmplErr != nil {
		t.Fatalf("prepare PostgreSQL template: %v", tmplErr)
	}
	return tmplName
}

// Main runs a package's tests and then drops the PostgreSQL template:
// call it as the whole body of TestMain.
func Main(m *testing.M) {
	code := m.Run()
	cleanup()
	os.Exit(code)
}

func cleanup() {
	if admin != nil && tmplName != "" {
		admin.Exec(fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, tmplName))
	}
}

func withDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

// USCC returns the n-th synthetic unified social credit code with the given
// two-character prefix (authority and kind, e.g. "91" for a company, "81"
// for a grassroots union) and region, with a valid check character.
func USCC(prefix, region string, n int) string {
	body := fmt.Sprintf("%s%s%09d", prefix, region, n)
	c, _ := uscc.Checksum(body)
	return body + string(c)
}

// PilotUSCC is USCC(prefix, region, n) with a wrong check character, as
// some early pilot codes have.
func PilotUSCC(prefix, region string, n int) string {
	code := USCC(prefix, region, n)
	last := byte('0')
	if code[17] == '0' {
		last = '1'
	}
	return code[:17] + string(last)
}

// CitizenID returns a synthetic citizen ID number: the 6-digit area, the
// birth date as YYYYMMDD, a 3-digit sequence (odd = male) and a valid check
// character. It names no real person.
func CitizenID(area, birth string, seq int) string {
	body := fmt.Sprintf("%s%s%03d", area, birth, seq%1000)
	return body + string(idcard.Checksum(body))
}

// Founded is when the test cities' unions were founded, unless a test says
// otherwise: a union without a founding date counts only from the day it
// was registered, and tests register them today.
var Founded = gonghui.NewDate(2000, 1, 1)

// FoundSeeded gives the unions the migration registers (the city
// federation and the districts) the founding date Founded, so that they
// count in figures of past days.
func FoundSeeded(t testing.TB, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	sys := gonghui.SystemActor("test")
	rows, err := s.DB().Query(`SELECT id FROM orgs WHERE founded_on IS NULL AND depth <= 1`)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		o, err := s.GetOrg(ctx, sys, id)
		if err == nil {
			in := o.ToInput()
			in.FoundedOn = Founded
			_, err = s.UpdateOrg(ctx, sys, id, in)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
