package store

import "testing"

// landedMigrations pins every migration's checksum, so that editing one
// that has landed fails here rather than at a customer's next start.
// A new migration file must be added to this table (its checksum is
// `sha256sum internal/store/migrations/NAME`; the Go step's is that of
// seedReferenceIdentity); a line already here must never change: put the
// change in a new migration instead.
var landedMigrations = map[string]string{
	"0001_foundation.sql":                           "9b7ad4e516a44d806ed079be9052fe92ccdac64e83a5b1ddfb9a058ba753dd83",
	"reference data and the city's district unions": "522a5760a67bc5e79e3dae9f847728bb134baeffb43c703c1132809adb3e2984",
	"0003_members.sql":                              "6efa70396cbd2be1008178cea94d590b8f0ab82c60f266ec26824921fac224a4",
	"0004_democracy.sql":                            "84b15ac73416f2fb476172a4b4f194067e2608631ca350e7cacd8840a3be7498",
	"0005_settings.sql":                             "34acde170808281dce4c694179e5ce03872480a910c22e70a1981b6d8675785e",
	"0006_census.sql":                               "ad36f38ab027616d56a00f01734b74d9a741112b799461aa4081cf293d527208",
	"0007_stat_aggregates.sql":                      "e100694c2c2d059c29fc31a21db3f536f14f7d9aa0184fb8eee8d29b6b93c044",
	"0008_versions.sql":                             "07217098a51397c26852f82aa6de4094f95f671d789dc2cea447abfec9f47044",
	"0009_worker_homes.sql":                         "9eb8981d0a928161c8dbd7d87f3528c7d2946588393a51503564855cee5a98f4",
	"0010_import_owner.sql":                         "4e54ed7f9b7433a776606223ecd8538f5d2bd5ec3ba9f75c1e4675de4b298b97",
}

func TestLandedMigrationsUnchanged(t *testing.T) {
	ms, err := (&Store{engine: SQLite}).migrations()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, m := range ms {
		seen[m.name] = true
		want, ok := landedMigrations[m.name]
		switch {
		case !ok:
			t.Errorf("migration %s is not pinned: add it to landedMigrations with checksum %s", m.name, m.checksum)
		case m.checksum != want:
			t.Errorf("migration %s was changed after it landed: checksum %s, pinned %s; restore it and make the change in a new migration", m.name, m.checksum, want)
		}
	}
	for name := range landedMigrations {
		if !seen[name] {
			t.Errorf("pinned migration %s is gone: a landed migration is never removed", name)
		}
	}
}
