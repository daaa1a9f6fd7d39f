package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gonghui/internal/store"
	"gonghui/internal/store/storetest"
)

func TestMain(m *testing.M) {
	storetest.Main(m)
}

// runCLI runs the command line with stdin and returns stdout, stderr, err.
func runCLI(stdin string, args ...string) (string, string, error) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCLIAccountsAndTokens(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(string(engine), func(t *testing.T) {
			db := storetest.DSN(t, engine)
			out, _, err := runCLI("", "migrate", "--db", db)
			if err != nil || !strings.Contains(out, "schema version 6") {
				t.Fatalf("migrate: %q %v", out, err)
			}
			out, _, err = runCLI("a long password\n", "user", "add", "--db", db, "--username", "cy.cadre", "--org", "BJ05", "--role", "cadre", "--password-stdin")
			if err != nil || !strings.Contains(out, "created user cy.cadre") || !strings.Contains(out, "朝阳区总工会") {
				t.Fatalf("user add: %q %v", out, err)
			}
			tests := []struct {
				name, stdin string
				args        []string
				want        string
			}{
				{"no stdin flag", "", []string{"user", "add", "--db", db, "--username", "x1", "--org", "BJ05", "--role", "cadre"}, "--password-stdin is required"},
				{"bad role", "a long password\n", []string{"user", "add", "--db", db, "--username", "x2", "--org", "BJ05", "--role", "boss", "--password-stdin"}, "--role"},
				{"bad org", "a long password\n", []string{"user", "add", "--db", db, "--username", "x3", "--org", "NOPE", "--role", "cadre", "--password-stdin"}, `--org "NOPE"`},
				{"short password", "short\n", []string{"user", "add", "--db", db, "--username", "x4", "--org", "BJ05", "--role", "cadre", "--password-stdin"}, "--password"},
				{"duplicate", "a long password\n", []string{"user", "add", "--db", db, "--username", "cy.cadre", "--org", "BJ05", "--role", "cadre", "--password-stdin"}, "--username"},
				{"empty stdin", "", []string{"user", "add", "--db", db, "--username", "x5", "--org", "BJ05", "--role", "cadre", "--password-stdin"}, "no password"},
				{"unknown user", "", []string{"token", "create", "--db", db, "--username", "ghost"}, "no such account"},
				{"stray arg", "", []string{"migrate", "--db", db, "extra"}, "unexpected argument"},
				{"bad db", "", []string{"migrate", "--db", "mysql://x"}, "use sqlite:PATH or a postgres:// URL"},
				{"unknown command", "", []string{"frobnicate"}, "unknown command"},
			}
			for _, tc := range tests {
				_, _, err := runCLI(tc.stdin, tc.args...)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("%s: error %v, want it to mention %q", tc.name, err, tc.want)
				}
			}
			out, _, err = runCLI("", "token", "create", "--db", db, "--username", "cy.cadre")
			token := strings.TrimSpace(out)
			if err != nil || !strings.HasPrefix(token, "gha_") {
				t.Fatalf("token create: %q %v", out, err)
			}
			st, err := store.Open(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			u, err := st.TokenUser(context.Background(), token)
			if err != nil || u.Username != "cy.cadre" {
				t.Errorf("token resolves to %+v, %v", u, err)
			}
			out, _, err = runCLI("", "token", "list", "--db", db, "--username", "cy.cadre")
			if err != nil || !strings.HasPrefix(out, "1\tcli\t") || !strings.Contains(out, "active") {
				t.Errorf("token list: %q %v", out, err)
			}
			if out, _, err = runCLI("", "token", "revoke", "--db", db, "--id", "1"); err != nil || !strings.Contains(out, "revoked") {
				t.Errorf("token revoke: %q %v", out, err)
			}
			if _, err := st.TokenUser(context.Background(), token); err == nil {
				t.Error("revoked token still resolves")
			}
			if _, _, err = runCLI("", "token", "revoke", "--db", db, "--id", "1"); err == nil || !strings.Contains(err.Error(), "--id 1") {
				t.Errorf("revoke twice: %v", err)
			}
		})
	}
}

func TestCLIVersionHelpBackup(t *testing.T) {
	if out, _, err := runCLI("", "version"); err != nil || !strings.HasPrefix(out, "gonghui ") {
		t.Errorf("version: %q %v", out, err)
	}
	if out, _, err := runCLI("", "help"); err != nil || !strings.Contains(out, "token create") {
		t.Errorf("help: %q %v", out, err)
	}
	if _, _, err := runCLI(""); err == nil {
		t.Error("no command: want error")
	}
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "g.db")
	if _, _, err := runCLI("", "migrate", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCLI("", "backup", "--db", db, "--out", filepath.Join(dir, "copy.db"))
	if err != nil || !strings.Contains(out, "backup written") {
		t.Fatalf("backup: %q %v", out, err)
	}
	if _, _, err := runCLI("", "backup", "--db", db); err == nil || !strings.Contains(err.Error(), "--out") {
		t.Errorf("backup without --out: %v", err)
	}
}

func TestBootstrapAdminOnce(t *testing.T) {
	st := storetest.Open(t, store.SQLite)
	var out bytes.Buffer
	if err := bootstrapAdmin(context.Background(), st, true, strings.NewReader("first admin pw\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "created the first administrator: admin") {
		t.Errorf("output %q", out.String())
	}
	if _, _, res, _ := st.Login(context.Background(), "admin", "first admin pw", "test", ""); res != store.LoginOK {
		t.Errorf("admin cannot log in: %v", res)
	}
	out.Reset()
	if err := bootstrapAdmin(context.Background(), st, false, strings.NewReader(""), &out); err != nil || out.Len() != 0 {
		t.Errorf("second bootstrap: %q %v", out.String(), err)
	}
}
