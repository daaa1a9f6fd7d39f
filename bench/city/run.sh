#!/usr/bin/env bash
# The city benchmark: build gonghui, generate the synthetic city at a
# scale, import it (each file timed, peak RSS), load the same members.csv
# with the engine's own bulk loader for comparison, verify the statistics,
# export a district, and run the Go benchmarks of bench/city against the
# loaded database. Prints a summary table. See docs/BENCHMARKS.md.
#
#   bench/city/run.sh [--engine sqlite|postgres] [--scale S] [--out DIR]
#                     [--pg URL] [--pg-db NAME] [--district CODE] [--benchtime T]
#                     [--loads-only]
#
# --pg names a PostgreSQL server (a URL with a database path, e.g.
# postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) where the
# user may create databases; the script (re)creates its own databases
# NAME and NAME_tool there (default gonghui_city_bench) and touches no
# other. Without --pg it starts a throwaway server with default settings
# (needs root and the PostgreSQL binaries, as .ci/run). --loads-only stops
# after the imports, the tool's load and stats --verify (no export, no Go
# benchmarks): what measuring a change of the load path needs.
#
# Every step streams its file: nothing holds members.csv in memory.
set -euo pipefail

ENGINE=sqlite SCALE=1.0 OUT=/tmp/gonghui-city PG_URL="" PG_DB=gonghui_city_bench
DISTRICT=BJ05 BENCHTIME=2s LOADS_ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --engine) ENGINE=$2; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --pg) PG_URL=$2; shift 2 ;;
    --pg-db) PG_DB=$2; shift 2 ;;
    --district) DISTRICT=$2; shift 2 ;;
    --benchtime) BENCHTIME=$2; shift 2 ;;
    --loads-only) LOADS_ONLY=1; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$ENGINE" in sqlite|postgres) ;; *) echo "run.sh: --engine sqlite or postgres" >&2; exit 2 ;; esac
[[ "$PG_DB" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "run.sh: --pg-db must be a plain lower-case name" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

REPO="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
LOG="$OUT/log-$ENGINE"
DATA="$OUT/data"
BIN="$OUT/gonghui"
rm -rf "$LOG"
mkdir -p "$LOG"
SUMMARY="$LOG/summary.tsv"
: >"$SUMMARY"

# timed NAME ROWS_FROM CMD...: runs CMD under /usr/bin/time -v with its
# output in $LOG/NAME.out, and adds a summary line: NAME, rows (the first
# "N WORD" match of ROWS_FROM in the output, or a number), seconds, peak
# RSS in KiB. Sets SECS.
timed() {
  local name=$1 rows_from=$2
  shift 2
  if ! /usr/bin/time -v -o "$LOG/$name.time" "$@" >"$LOG/$name.out" 2>"$LOG/$name.err"; then
    echo "run.sh: step $name failed:" >&2
    tail -n 20 "$LOG/$name.out" "$LOG/$name.err" >&2
    exit 1
  fi
  SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$LOG/$name.time")
  local rss rows
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$LOG/$name.time")
  if [[ "$rows_from" =~ ^[0-9]+$ ]]; then
    rows=$rows_from
  elif [ -n "$rows_from" ]; then
    rows=$(grep -oE "[0-9]+ $rows_from" "$LOG/$name.out" | head -n 1 | cut -d' ' -f1)
  else
    rows=""
  fi
  printf '%s\t%s\t%s\t%s\n' "$name" "${rows:--}" "$SECS" "$rss" >>"$SUMMARY"
  printf '%-28s %8s s\n' "$name" "$SECS"
}

# (a) build
echo "== build"
(cd "$REPO" && go build -o "$BIN" ./cmd/gonghui)

# (b) generate
echo "== generate scale $SCALE into $DATA"
rm -rf "$DATA"
timed gen "" "$BIN" gen --preset beijing-2017 --scale "$SCALE" --out "$DATA"

# The database and the comparison database.
PGBIN_DIR="" PGTMP=""
cleanup() {
  if [ -n "$PGTMP" ]; then
    runuser -u postgres -- "$PGBIN_DIR/pg_ctl" -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PGTMP"
  fi
}
trap cleanup EXIT
if [ "$ENGINE" = sqlite ]; then
  DB="$OUT/city.db"
  rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.key" "$OUT/tool.db"
  DBURL="sqlite:$DB"
  unset GONGHUI_KEY # the key file beside the database, created by the first import
else
  command -v psql >/dev/null || { echo "run.sh: psql is missing (apt-get install -y postgresql-client)" >&2; exit 1; }
  if [ -z "$PG_URL" ]; then
    # A throwaway server, as .ci/run starts one, but with the default
    # durability settings: these are measurements.
    PGBIN_DIR="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$PGBIN_DIR" ] || { echo "run.sh: no PostgreSQL binaries; give --pg URL" >&2; exit 1; }
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    PGTMP="$(mktemp -d /tmp/gonghui-bench-pg.XXXXXX)"
    chown postgres: "$PGTMP"
    PGPORT="${GONGHUI_BENCH_PGPORT:-55435}"
    runuser -u postgres -- "$PGBIN_DIR/initdb" -D "$PGTMP/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    runuser -u postgres -- "$PGBIN_DIR/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
      -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1" start >/dev/null
    PG_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres?sslmode=disable"
  fi
  # The same server, another database: replace the URL's path.
  pg_url_for() { sed -E "s#^(postgres(ql)?://[^/?]+)(/[^?]*)?#\1/$1#" <<<"$PG_URL"; }
  for d in "$PG_DB" "${PG_DB}_tool"; do
    PGOPTIONS='-c client_min_messages=warning' psql "$PG_URL" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" -c "CREATE DATABASE $d" >/dev/null
  done
  DBURL="$(pg_url_for "$PG_DB")"
  TOOLURL="$(pg_url_for "${PG_DB}_tool")"
  KEYFILE="$OUT/$PG_DB.key"
  od -An -tx1 -N64 /dev/urandom | tr -d ' \n' >"$KEYFILE"
  chmod 600 "$KEYFILE"
  GONGHUI_KEY="$(cat "$KEYFILE")"
  export GONGHUI_KEY
fi
echo "   database $DBURL"

# (c) import every file, in order, the members twice
echo "== import"
for kind in orgs units members contracts congresses disclosures; do
  timed "import-$kind" rows "$BIN" import "$kind" "$DATA/$kind.csv" --db "$DBURL"
  if [ "$kind" = members ]; then
    MEMBER_SECS=$SECS
    MEMBER_ROWS=$(grep -oE '[0-9]+ rows' "$LOG/import-members.out" | head -n 1 | cut -d' ' -f1)
    # The same file again: every row unchanged, nothing written.
    timed import-members-again rows "$BIN" import members "$DATA/members.csv" --db "$DBURL"
    AGAIN_SECS=$SECS
    grep -q " 0 new, 0 updated, $MEMBER_ROWS unchanged" "$LOG/import-members-again.out" ||
      { echo "run.sh: the members imported again were not all unchanged" >&2; exit 1; }
  fi
done

# (d) the engine's own loader on the same members.csv: a plain table with
# the file's columns and indexes standing for gonghui's on persons,
# memberships and cards (docs/BENCHMARKS.md says which).
echo "== $ENGINE's own loader on members.csv"
want='姓名,公民身份号码,手机号码,性别,民族,学历,政治面貌,户籍类型,就业形态,单位统一社会信用代码,所属工会,入会日期,会员卡号'
[ "$(head -n 1 "$DATA/members.csv" | tr -d '\r')" = "$want" ] || { echo "run.sh: members.csv header changed; update the comparison table" >&2; exit 1; }
COLUMNS_DDL="name TEXT, id_number TEXT, phone TEXT, sex TEXT, ethnicity TEXT, education TEXT, political TEXT,
  household TEXT, employment TEXT, unit_uscc TEXT, org_code TEXT, joined_on TEXT, card_no TEXT"
INDEXES_SQL="
CREATE UNIQUE INDEX raw_id ON members_raw (id_number);
CREATE INDEX raw_name ON members_raw (name);
CREATE INDEX raw_phone ON members_raw (phone);
CREATE INDEX raw_birth_name ON members_raw ((substr(id_number, 7, 8)), name);
CREATE INDEX raw_org ON members_raw (org_code);
CREATE INDEX raw_unit ON members_raw (unit_uscc);
CREATE UNIQUE INDEX raw_card ON members_raw (card_no) WHERE card_no <> '';"
if [ "$ENGINE" = sqlite ]; then
  command -v sqlite3 >/dev/null || { echo "installing sqlite3"; apt-get install -y -qq sqlite3 >/dev/null; }
  TOOLDB="$OUT/tool.db"
  sqlite3 "$TOOLDB" "CREATE TABLE members_raw ($COLUMNS_DDL);"
  timed sqlite3-import "$MEMBER_ROWS" sqlite3 "$TOOLDB" ".import --csv --skip 1 $DATA/members.csv members_raw"
  LOAD_SECS=$SECS
  timed sqlite3-indexes "$MEMBER_ROWS" sqlite3 "$TOOLDB" "$INDEXES_SQL"
  TOOL_ROWS=$(sqlite3 "$TOOLDB" "SELECT count(*) FROM members_raw")
  TOOL_NAME=sqlite3
else
  # A surrogate key, as gonghui's tables have; SQLite's rowid is one already.
  psql "$TOOLURL" -qX -v ON_ERROR_STOP=1 -c "CREATE TABLE members_raw (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, $COLUMNS_DDL)"
  timed psql-copy "$MEMBER_ROWS" psql "$TOOLURL" -qX -v ON_ERROR_STOP=1 \
    -c "\\copy members_raw (name, id_number, phone, sex, ethnicity, education, political, household, employment, unit_uscc, org_code, joined_on, card_no) FROM '$DATA/members.csv' WITH (FORMAT csv, HEADER true)"
  LOAD_SECS=$SECS
  timed psql-indexes "$MEMBER_ROWS" psql "$TOOLURL" -qX -v ON_ERROR_STOP=1 -c "$INDEXES_SQL"
  TOOL_ROWS=$(psql "$TOOLURL" -qAtX -c "SELECT count(*) FROM members_raw")
  TOOL_NAME=psql
fi
[ "$TOOL_ROWS" = "$MEMBER_ROWS" ] || { echo "run.sh: $TOOL_NAME loaded $TOOL_ROWS rows, gonghui $MEMBER_ROWS" >&2; exit 1; }
TOOL_SECS=$(awk -v a="$LOAD_SECS" -v b="$SECS" 'BEGIN {print a + b}')
printf '%s\t%s\t%s\t\n' "$TOOL_NAME-total" "$TOOL_ROWS" "$TOOL_SECS" >>"$SUMMARY"
RATIO=$(awk -v g="$MEMBER_SECS" -v t="$TOOL_SECS" 'BEGIN {if (t > 0) printf "%.1f", g / t}')
AGAIN_RATIO=$(awk -v g="$AGAIN_SECS" -v t="$TOOL_SECS" 'BEGIN {if (t > 0) printf "%.1f", g / t}')

# (e) the statistics against a plain recount
echo "== stats --verify"
timed stats-verify "" "$BIN" stats --db "$DBURL" --date 2017-09-30 --verify
grep -q '^verified' "$LOG/stats-verify.err"

: >"$LOG/bench.txt"
if [ -z "$LOADS_ONLY" ]; then
  # One district's members to CSV, as an operator would.
  echo "== export $DISTRICT"
  timed "export-$DISTRICT-csv" members "$BIN" export members --db "$DBURL" --org "$DISTRICT" --format csv --out "$OUT/export-$DISTRICT.csv"

  # (f) the Go benchmarks on the loaded database
  echo "== go benchmarks (benchtime $BENCHTIME)"
  (cd "$REPO/bench" && GONGHUI_BENCH_DB="$DBURL" GONGHUI_BENCH_DISTRICT="$DISTRICT" \
    go test -timeout 3h -run 'Harness|MatrixAnswers' -bench . -skip 'Portal/paced' -benchtime="$BENCHTIME" -count=1 ./city/) | tee "$LOG/bench.txt"
  # The portal at a member's pace makes some 31 requests a second: a
  # minute gives a few hundred logins.
  (cd "$REPO/bench" && GONGHUI_BENCH_DB="$DBURL" \
    go test -timeout 1h -run '^$' -bench 'Portal/paced' -benchtime=60s -count=1 ./city/) | tee -a "$LOG/bench.txt"
fi

echo
echo "== summary: $ENGINE, scale $SCALE, $(nproc) CPUs ($OUT)"
# The longest write transaction of each import (what other writers waited
# for at most), as the command prints it.
for f in "$LOG"/import-*.out; do
  n=$(basename "$f" .out)
  printf '%s\t%s\n' "$n" "$(sed -n 's/^longest write transaction: \([0-9.]*\) s$/\1/p' "$f")"
done >"$LOG/longest.tsv"
awk -F'\t' -v ratio="$RATIO" -v again="$AGAIN_RATIO" -v tool="$TOOL_NAME-total" '
  NR == FNR { longest[$1] = $2; next }
  FNR == 1 { printf "%-26s %10s %9s %10s %13s %13s %11s\n", "step", "rows", "seconds", "rows/s", "gonghui/tool", "peak RSS MiB", "longest tx s" }
  {
    rps = ($2 != "-" && $3 > 0) ? sprintf("%.0f", $2 / $3) : "-"
    r = ($1 == "import-members" || $1 == tool) ? ratio : ($1 == "import-members-again" ? again : "")
    rss = ($4 != "") ? sprintf("%.0f", $4 / 1024) : "-"
    printf "%-26s %10s %9.2f %10s %13s %13s %11s\n", $1, $2, $3, rps, r, rss, longest[$1]
  }' "$LOG/longest.tsv" "$SUMMARY"
echo "(peak RSS is the client process: for psql the server does the work; import-members-again is the same file imported again, its ratio against the tool's load)"
grep -E '^Benchmark' "$LOG/bench.txt" | grep -vE '^Benchmark(MemberMatrix|Portal)/' || true
echo
echo "== member list matrix: 32 clients per cell on /api/v1/members (target p95 <= 50 ms)"
# BenchmarkMemberMatrix/SCOPE/QUERY/PAGE-N  iters  X p50-ms  Y p95-ms  Z req/s
awk '/^BenchmarkMemberMatrix\// {
    split($1, n, "/"); sub(/-[0-9]+$/, "", n[4])
    for (i = 3; i < NF; i++) v[$(i + 1)] = $i
    printf "%-9s %-9s %-6s %9s %9s %9s %s\n", n[2], n[3], n[4], v["p50-ms"], v["p95-ms"], v["req/s"], (v["p95-ms"] + 0 <= 50 ? "" : "over")
  }
  BEGIN { printf "%-9s %-9s %-6s %9s %9s %9s\n", "scope", "query", "page", "p50 ms", "p95 ms", "req/s" }' "$LOG/bench.txt"
echo
echo "== member portal: 64 members at once, login/1 and home/1 one at a time (target p95 <= 100 ms)"
# BenchmarkPortal/CASE-N  iters  X ns/op  Y p50-ms ...: the metrics by name
awk '/^BenchmarkPortal\// {
    name = $1; sub(/^BenchmarkPortal\//, "", name); sub(/-[0-9]+$/, "", name)
    split("", v); for (i = 3; i < NF; i++) v[$(i + 1)] = $i
    printf "%-9s %9s %9s %9s %9s %11s %11s %s\n", name, v["p50-ms"], v["p95-ms"], v["p99-ms"], v["req/s"],
      (name ~ /^(mix|paced)$/ ? v["login-p95-ms"] : "-"), (name ~ /^(mix|paced)$/ ? v["page-p95-ms"] : "-"), (v["p95-ms"] + 0 <= 100 ? "" : "over")
  }
  BEGIN { printf "%-9s %9s %9s %9s %9s %11s %11s\n", "case", "p50 ms", "p95 ms", "p99 ms", "req/s", "login p95", "page p95" }' "$LOG/bench.txt"
