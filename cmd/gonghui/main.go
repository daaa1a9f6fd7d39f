// Command gonghui is the whole gonghui platform in one binary: the web UI
// and API server, schema migrations, account and token administration, and
// backups.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gonghui"
	"gonghui/internal/auth"
	"gonghui/internal/demo"
	"gonghui/internal/httpserver"
	"gonghui/internal/importer"
	"gonghui/internal/pii"
	"gonghui/internal/store"
)

const usage = `gonghui — the trade-union work platform

Usage:
  gonghui serve        [--db URL] [--addr HOST:PORT] [--demo] [--admin-password-stdin] [--shutdown-timeout 30s] [--work-dir DIR]
  gonghui migrate      [--db URL]
  gonghui user add     [--db URL] --username U --org ORG --role ROLE [--name NAME] --password-stdin
  gonghui token create [--db URL] --username U [--name LABEL]
  gonghui token list   [--db URL] --username U
  gonghui token revoke [--db URL] --id N
  gonghui backup       [--db sqlite:PATH] --out FILE
  gonghui import KIND FILE [--db URL] [--org ORG] [--dry-run] [--all-or-nothing] [--errors OUT.xlsx]
  gonghui template KIND [--out FILE.xlsx]
  gonghui export members [--db URL] [--org ORG] [--format csv|xlsx] [--reveal] [--status S] --out FILE
  gonghui export directors [--db URL] [--org ORG] [--format csv|xlsx] [--role R] [--current] --out FILE
  gonghui export census --year YYYY [--db URL] [--org ORG] [--format csv|xlsx] [--state S] --out FILE
  gonghui export hardship [--db URL] [--org ORG] [--format csv|xlsx] [--reveal] [--key-file F] [--state S] --out FILE
  gonghui export talent-pool [--db URL] [--org ORG] [--format csv|xlsx] [--year Y] [--kind K] --out FILE
  gonghui stats        [--db URL] [--org ORG] [--date YYYY-MM-DD] [--json] [--refresh] [--verify]
  gonghui report       --year YYYY [--db URL] [--org ORG] [--date YYYY-MM-DD] [--format html|json|xlsx] [--template FILE] [--out FILE]
  gonghui census status --year YYYY [--db URL] [--org ORG] [--lang zh|en]
  gonghui ledger funds [--db URL] [--org ORG]
  gonghui ledger journal|trial-balance|bank-batch --fund N --period YYYY-MM [--db URL] [--format csv|xlsx] --out FILE
  gonghui ledger return FILE [--db URL] [--fund N]
  gonghui ledger lock  --org ORG --period YYYY-MM [--db URL]
  gonghui rights calendar [--db URL] [--year YYYY] [--set YYYY-MM-DD --kind holiday|workday --name N] [--remove YYYY-MM-DD]
  gonghui rights callback --case N [--db URL] [--on YYYY-MM-DD] [--not-reached | --satisfaction satisfied|fairly_satisfied|dissatisfied] [--note T]
  gonghui rights callback --awaiting [--db URL]
  gonghui programmes seed --org ORG --aid-fund N --warmth-fund N [--db URL]
  gonghui programmes list --org ORG [--db URL]
  gonghui portal codes (--org ORG | --member ID) --out FILE.csv [--base URL] [--db URL]
  gonghui portal card-key [--db URL]
  gonghui portal verify-card TOKEN|URL --public-key HEX
  gonghui gen          --preset beijing-2017 [--scale S] [--seed N] --out DIR
  gonghui version

--db is sqlite:PATH (default sqlite:gonghui.db) or a postgres:// URL; the
GONGHUI_DB environment variable sets the default. ORG is an org ID or code.
Personal data is sealed with a key: --key-file, or GONGHUI_KEY (128 hex
digits); next to a SQLite database DB.key is created on first use.
Roles: admin, cadre, reviewer, finance, auditor, viewer.
KIND is what a file holds: %s.
gen writes a synthetic city as import files (orgs, units, members, contracts,
congresses, disclosures) that reproduce the preset's figures once imported.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gonghui:", err)
		os.Exit(1)
	}
}

// printUsage writes the usage text with the import kinds the modules
// register.
func printUsage(w io.Writer) { fmt.Fprintf(w, usage, strings.Join(importer.Kinds(), ", ")) }

// errUsage marks a command-line mistake (exit status 1 with the usage text).
var errUsage = errors.New("see 'gonghui help'")

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stderr)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	if (cmd == "user" || cmd == "token" || cmd == "import" || cmd == "template" || cmd == "export" || cmd == "census" || cmd == "ledger" || cmd == "rights" || cmd == "programmes" || cmd == "portal") && len(rest) > 0 {
		cmd, rest = cmd+" "+rest[0], rest[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdin, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, stdout, stderr)
	case "user add":
		return userAdd(ctx, rest, stdin, stdout, stderr)
	case "token create":
		return tokenCreate(ctx, rest, stdout, stderr)
	case "token list":
		return tokenList(ctx, rest, stdout, stderr)
	case "token revoke":
		return tokenRevoke(ctx, rest, stdout, stderr)
	case "backup":
		return backup(ctx, rest, stdout, stderr)
	case "export members":
		return exportMembers(ctx, rest, stdout, stderr)
	case "export directors":
		return exportDirectors(ctx, rest, stdout, stderr)
	case "export census":
		return exportCensus(ctx, rest, stdout, stderr)
	case "export hardship":
		return exportHardship(ctx, rest, stdout, stderr)
	case "export talent-pool":
		return exportTalentPool(ctx, rest, stdout, stderr)
	case "stats":
		return stats(ctx, rest, stdout, stderr)
	case "report":
		return reportCmd(ctx, rest, stdout, stderr)
	case "census status":
		return censusStatus(ctx, rest, stdout, stderr)
	case "rights calendar":
		return rightsCalendar(ctx, rest, stdout, stderr)
	case "rights callback":
		return rightsCallback(ctx, rest, stdout, stderr)
	case "gen":
		return gen(rest, stdout, stderr)
	case "ledger funds", "ledger journal", "ledger trial-balance", "ledger bank-batch", "ledger return", "ledger lock":
		return ledgerCmd(ctx, strings.TrimPrefix(cmd, "ledger "), rest, stdout, stderr)
	case "programmes seed", "programmes list":
		return programmesCmd(ctx, strings.TrimPrefix(cmd, "programmes "), rest, stdout, stderr)
	case "portal codes":
		return portalCodes(ctx, rest, stdout, stderr)
	case "portal card-key":
		return portalCardKey(ctx, rest, stdout, stderr)
	case "portal verify-card":
		return portalVerifyCard(rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "gonghui", gonghui.Version)
		return nil
	case "help", "-h", "--help":
		printUsage(stdout)
		return nil
	}
	if verb, kind, ok := strings.Cut(cmd, " "); ok && (verb == "import" || verb == "template") {
		if job := importer.Jobs[kind]; job != nil {
			if verb == "import" {
				return importFile(ctx, job, rest, stdout, stderr)
			}
			return writeTemplate(job, rest, stdout, stderr)
		}
	}
	printUsage(stderr)
	return fmt.Errorf("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
}

// keyFlag adds --key-file, the key that seals personal data.
func keyFlag(fs *flag.FlagSet) *string {
	return fs.String("key-file", "", "personal-data key file (default: next to a SQLite database, DB.key; or set "+pii.EnvKey+")")
}

// openKeys loads the personal-data key for the database and holds it to
// the fingerprint the database keeps (store.CheckKeys). Next to a SQLite
// database the key is created on first use — only while the database holds
// no sealed data — and the operator is told to back it up: without it no
// ID number or phone can be read again.
func openKeys(ctx context.Context, st *store.Store, keyFile string, stderr io.Writer) error {
	sealed, err := st.HoldsSealedData(ctx)
	if err != nil {
		return err
	}
	create := false
	if keyFile == "" && st.Engine() == store.SQLite {
		keyFile, create = st.Path+".key", !sealed
	}
	k, created, err := pii.Load(keyFile, create)
	if errors.Is(err, os.ErrNotExist) && sealed {
		return fmt.Errorf("personal-data key: %s does not exist, and this database holds personal data sealed with its key: "+
			"restore the key file from your backup (or give --key-file or %s). No new key is made: with one, no stored ID number "+
			"or phone could be read, search by ID would find nobody and a person could be registered twice", keyFile, pii.EnvKey)
	}
	if err != nil {
		return fmt.Errorf("personal-data key: %w", err)
	}
	st.SetKeys(k)
	if err := st.CheckKeys(ctx); err != nil {
		return fmt.Errorf("personal-data key: %w", err)
	}
	if created {
		fmt.Fprintf(stderr, "created personal-data key %s: back it up apart from the database; without it ID numbers and phones cannot be read\n", keyFile)
	}
	return nil
}

// flags returns a flag set with the --db flag every command takes.
func flags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := os.Getenv("GONGHUI_DB")
	if def == "" {
		def = "sqlite:gonghui.db"
	}
	return fs, fs.String("db", def, "database: sqlite:PATH or postgres://URL")
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// openMigrated opens the database and applies pending migrations.
func openMigrated(ctx context.Context, dsn string, stderr io.Writer) (*store.Store, error) {
	return openStore(ctx, dsn, nil, stderr)
}

// openStore opens the database, with keyFile (when not nil) loads and
// checks the personal-data key before the migrations (one re-seals the
// data with it) and again after them (when the fingerprint is first kept),
// and applies pending migrations.
func openStore(ctx context.Context, dsn string, keyFile *string, stderr io.Writer) (*store.Store, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*store.Store, error) {
		st.Close()
		return nil, err
	}
	if keyFile != nil {
		if err := openKeys(ctx, st, *keyFile, stderr); err != nil {
			return fail(err)
		}
	}
	n, err := st.Migrate(ctx)
	if err != nil {
		return fail(err)
	}
	if n > 0 {
		fmt.Fprintf(stderr, "applied %d migration(s)\n", n)
	}
	if keyFile != nil {
		if err := st.CheckKeys(ctx); err != nil {
			return fail(fmt.Errorf("personal-data key: %w", err))
		}
	}
	return st, nil
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("migrate", stderr)
	keyFile := keyFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	// The key is used when one is at hand: a migration that re-seals
	// stored personal data needs it and says so.
	var key *string
	if *keyFile != "" || os.Getenv(pii.EnvKey) != "" {
		key = keyFile
	} else if engine, path, err := store.ParseDSN(*db); err == nil && engine == store.SQLite {
		if _, err := os.Stat(path + ".key"); err == nil {
			key = keyFile
		}
	}
	st, err := openStore(ctx, *db, key, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema version %d on %s\n", v, st.Engine())
	return nil
}

// readSecret reads one line from stdin (a password given with --*-stdin).
func readSecret(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}

// resolveOrg finds an org by ID or code, for CLI flags.
func resolveOrg(ctx context.Context, st *store.Store, a gonghui.Actor, ref string) (gonghui.Org, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		if o, err := st.GetOrg(ctx, a, id); err == nil {
			return o, nil
		}
	}
	o, err := st.GetOrgByCode(ctx, a, ref)
	if errors.Is(err, gonghui.ErrNotFound) {
		return o, fmt.Errorf("--org %q: no union with that ID or code", ref)
	}
	return o, err
}

// fieldErr turns a validation error into a message naming flags.
func fieldErr(err error) error {
	var v *gonghui.ValidationError
	if !errors.As(err, &v) {
		return err
	}
	var parts []string
	for f, m := range v.Fields {
		parts = append(parts, fmt.Sprintf("--%s: %s (%s)", strings.ReplaceAll(f, "_", "-"), m.En, m.Zh))
	}
	return errors.New(strings.Join(parts, "; "))
}

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, db := flags("user add", stderr)
	username := fs.String("username", "", "login name")
	orgRef := fs.String("org", "", "org ID or code the account is bound to")
	role := fs.String("role", "", "admin, cadre, reviewer, finance, auditor or viewer")
	name := fs.String("name", "", "display name")
	pwStdin := fs.Bool("password-stdin", false, "read the password from standard input")
	if err := parse(fs, args); err != nil {
		return err
	}
	if !*pwStdin {
		return errors.New("--password-stdin is required (passwords are never taken as flags)")
	}
	if *username == "" || *orgRef == "" || *role == "" {
		return errors.New("--username, --org and --role are required")
	}
	pw, err := readSecret(stdin)
	if err != nil {
		return err
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("user-add")
	org, err := resolveOrg(ctx, st, a, *orgRef)
	if err != nil {
		return err
	}
	u, err := st.CreateUser(ctx, a, gonghui.UserInput{Username: *username, DisplayName: *name, OrgID: org.ID, Role: gonghui.Role(*role), Password: pw})
	if err != nil {
		return fieldErr(err)
	}
	fmt.Fprintf(stdout, "created user %s (id %d, %s) at %s [%s]\n", u.Username, u.ID, u.Role, org.Name, org.Code)
	return nil
}

func tokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("token create", stderr)
	username := fs.String("username", "", "account the token acts as")
	name := fs.String("name", "cli", "label to recognise the token by")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *username == "" {
		return errors.New("--username is required")
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("token-create")
	u, err := accountByFlag(ctx, st, a, *username)
	if err != nil {
		return err
	}
	token, err := st.CreateToken(ctx, a, u.ID, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

func backup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("backup", stderr)
	out := fs.String("out", "", "file to write the copy to (must not exist)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	st, err := store.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written to %s\n", *out)
	return nil
}

func serve(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, db := flags("serve", stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	withDemo := fs.Bool("demo", false, "load demo unions, units and accounts (once) before serving")
	adminStdin := fs.Bool("admin-password-stdin", false, "read the first admin's password from standard input instead of generating one")
	insecure := fs.Bool("insecure-cookies", false, "send cookies without the Secure flag (plain HTTP on a non-localhost address)")
	shutdownTimeout := fs.Duration("shutdown-timeout", 30*time.Second, "on SIGINT or SIGTERM, how long requests and imports in progress may run on before imports are interrupted")
	workDir := fs.String("work-dir", "", "directory for uploaded import files while they run, swept at start (default: DB.imports beside a SQLite database; for PostgreSQL $TMPDIR/gonghui-imports)")
	smsURL := fs.String("sms-url", os.Getenv("GONGHUI_SMS_URL"), "SMS gateway the portal's codes are posted to (user and password from GONGHUI_SMS_USER and GONGHUI_SMS_PASSWORD; default: written to the log, for development)")
	keyFile := keyFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	sender, err := smsSender(*smsURL)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	st, err := openStore(ctx, *db, keyFile, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	// Imports whose process died (a crash, a kill) would say "running"
	// forever; this is the server's start, so no import of its own runs yet.
	if n, err := st.InterruptOrphanImports(ctx); err != nil {
		return err
	} else if n > 0 {
		logger.Warn("imports left running by a stopped process are marked interrupted", "imports", n)
	}
	if err := bootstrapAdmin(ctx, st, *adminStdin, stdin, stdout); err != nil {
		return err
	}
	if *withDemo {
		n, err := demo.Load(ctx, st, gonghui.Today())
		if err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
		if n > 0 {
			fmt.Fprintf(stdout, "demo data loaded: %d records; demo accounts use the password %q:\n", n, demo.Password)
			for _, u := range demo.Accounts {
				fmt.Fprintf(stdout, "  %-16s %s\n", u.Username, u.Note)
			}
		}
	}
	if err := purgeImportErrors(ctx, st, logger); err != nil {
		return err
	}
	go sweepImportErrors(ctx, st, logger, time.Hour)
	srv, err := httpserver.New(st, httpserver.Options{Logger: logger, InsecureCookies: *insecure, WorkDir: *workDir, SMS: sender})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stdout, "gonghui %s serving on http://%s (%s)\n", gonghui.Version, ln.Addr(), st.Engine())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stop taking requests, let those in progress and the imports run up to
	// the bound, then interrupt the imports; the store closes after them.
	logger.Info("shutting down", "timeout", shutdownTimeout.String())
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), *shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		logger.Warn("requests still in progress are cut off", "err", err)
		hs.Close()
	}
	return srv.Shutdown(shutCtx)
}

// purgeImportErrors deletes the error reports older than the retention
// the administrator set: they hold refused rows with personal data.
func purgeImportErrors(ctx context.Context, st *store.Store, logger *slog.Logger) error {
	n, err := st.PurgeImportErrors(ctx)
	if n > 0 {
		logger.Info("import error reports past their retention deleted", "rows", n)
	}
	return err
}

// sweepImportErrors purges at every tick until ctx ends.
func sweepImportErrors(ctx context.Context, st *store.Store, logger *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := purgeImportErrors(ctx, st, logger); err != nil && ctx.Err() == nil {
				logger.Error("purge import error reports", "err", err)
			}
		}
	}
}

// bootstrapAdmin creates the first administrator, at the root of the tree,
// when the database has no account yet, and prints its password once.
func bootstrapAdmin(ctx context.Context, st *store.Store, fromStdin bool, stdin io.Reader, stdout io.Writer) error {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	pw := auth.RandomPassword()
	if fromStdin {
		if pw, err = readSecret(stdin); err != nil {
			return err
		}
	}
	a := gonghui.SystemActor("bootstrap")
	root, err := st.RootOrg(ctx, a)
	if err != nil {
		return err
	}
	if _, err := st.CreateUser(ctx, a, gonghui.UserInput{Username: "admin", DisplayName: "管理员", OrgID: root.ID, Role: gonghui.RoleAdmin, Password: pw}); err != nil {
		return fieldErr(err)
	}
	if fromStdin {
		fmt.Fprintln(stdout, "created the first administrator: admin (password from standard input)")
	} else {
		fmt.Fprintf(stdout, "created the first administrator: admin / %s\n(shown only this once: log in and keep it safe, or change it under 账号 Accounts)\n", pw)
	}
	return nil
}

func tokenList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("token list", stderr)
	username := fs.String("username", "", "account whose tokens to list")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *username == "" {
		return errors.New("--username is required")
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	a := gonghui.SystemActor("token-list")
	u, err := accountByFlag(ctx, st, a, *username)
	if err != nil {
		return err
	}
	tokens, err := st.ListTokens(ctx, a, u.ID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		state := "active"
		if t.Revoked {
			state = "revoked"
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(time.DateTime), state)
	}
	return nil
}

func tokenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, db := flags("token revoke", stderr)
	id := fs.Int64("id", 0, "token ID (from token list)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id <= 0 {
		return errors.New("--id is required")
	}
	st, err := openMigrated(ctx, *db, stderr)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeToken(ctx, gonghui.SystemActor("token-revoke"), *id); errors.Is(err, gonghui.ErrNotFound) {
		return fmt.Errorf("--id %d: no active token with that ID", *id)
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "token %d revoked\n", *id)
	return nil
}

// accountByFlag finds the account named by --username.
func accountByFlag(ctx context.Context, st *store.Store, a gonghui.Actor, username string) (gonghui.User, error) {
	u, err := st.GetUserByName(ctx, a, username)
	if errors.Is(err, gonghui.ErrNotFound) {
		return u, fmt.Errorf("--username %q: no such account", username)
	}
	return u, err
}
