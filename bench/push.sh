#!/usr/bin/env bash
# Times `supabase-ops push` against the Supabase CLI's `db push` on the same throwaway PostgreSQL:
# 200 migrations x 4 statements, each tool on its own fresh database, in ROUNDS rounds (default 3)
# whose order rotates. Prints each round's wall times and ratio, then the medians (target: the
# median ratio, ours <= 0.5x the CLI). Installs nothing: needs the README set-up
# (the built jar and `npm install --prefix tools`). Uses Debian's PostgreSQL binaries when present
# (/usr/lib/postgresql/*/bin), with the data in memory (/dev/shm, when it has 1 GiB free;
# BENCH_PGDATA=DIR: under DIR; see below why), else the embedded server from the jar. Ours runs the way an agent
# runs it, through bin/supabase-ops, whose class-data archive an untimed warm-up push to a scratch
# database makes first (PLAIN=1: plain `java -jar` instead).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${N:-200}
ROUNDS=${ROUNDS:-3}
JAR=cli/target/supabase-ops.jar
CLI=${SUPABASE_CLI:-$ROOT/tools/node_modules/.bin/supabase}

[ -f "$JAR" ] || mvn -B -q package -DskipTests
[ -x "$CLI" ] || { echo "Supabase CLI not found at $CLI: run 'npm install --prefix tools --no-audit --no-fund'" >&2; exit 2; }
command -v psql >/dev/null || { echo "psql is needed to create the databases" >&2; exit 2; }

WORK=$(mktemp -d /tmp/supabase-ops-bench.XXXXXX)
chmod 755 "$WORK"
PORT=$((20000 + RANDOM % 20000))
SERVER_PID=""
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
DATA_PARENT=""
cleanup() {
  if [ -n "$PGBIN" ] && [ -n "$DATA_PARENT" ] && [ -d "$DATA_PARENT/pgdata" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$DATA_PARENT/pgdata" -m fast stop >/dev/null 2>&1 || true
  fi
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
  [ -n "$DATA_PARENT" ] && [ "$DATA_PARENT" != "$WORK" ] && rm -rf "$DATA_PARENT"
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Where the throwaway server keeps its data: in memory (/dev/shm) when it has 1 GiB free, else
# on disk under $WORK; BENCH_PGDATA=DIR chooses. On disk, the server's DDL time depended on how many
# files anything had deleted in the last few minutes, not on the tools: creating a relation's files
# goes through ext4's inode allocator, which skips and re-reads every recently deleted inode
# (perf: ~18% of the server's time in ext4's recently_deleted, 1.1 s of openat for 200 tables).
# The floor grew from 0.6 to 2.9 s over consecutive runs (each run's clean-up deletes ~15,000
# files) and came back after idle minutes; in memory it stays at the disk's undisturbed 0.6-0.7 s.
if [ -n "${BENCH_PGDATA:-}" ]; then
  DATA_PARENT=$(mktemp -d "$BENCH_PGDATA/supabase-ops-bench.XXXXXX")
elif [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 1048576 ] 2>/dev/null; then
  DATA_PARENT=$(mktemp -d /dev/shm/supabase-ops-bench.XXXXXX)
else
  DATA_PARENT=$WORK
fi
PGDATA_DIR="$DATA_PARENT/pgdata"
# Same server settings for both tools: a throwaway server, so no fsync.
if [ -n "$PGBIN" ] && { [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; }; then
  chmod 755 "$DATA_PARENT"
  mkdir -p "$PGDATA_DIR" && [ "$(id -u)" = 0 ] && chown postgres "$PGDATA_DIR"
  as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres -A trust >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/log" -w \
    -o "-p $PORT -k $PGDATA_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  echo "server: $("$PGBIN/postgres" --version) (Debian binaries), port $PORT, data in $(df -P "$PGDATA_DIR" | awk 'NR == 2 { print $1 }') ($DATA_PARENT)"
else
  PGBIN=""
  java -cp "$JAR" bench/LocalPg.java > "$WORK/port" 2>/dev/null &
  SERVER_PID=$!
  for _ in $(seq 1 120); do [ -s "$WORK/port" ] && break; sleep 0.5; done
  PORT=$(head -1 "$WORK/port")
  echo "server: embedded PostgreSQL, port $PORT, data on disk (the JVM's temporary folder; BENCH_PGDATA applies to Debian's binaries only)"
fi
# No autovacuum either: a minute after each round it would analyse and vacuum the catalogs of that
# round's three new databases (200 tables each) while the next round is being timed.
psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "alter system set autovacuum = off" -c "select pg_reload_conf()" >/dev/null
psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "create database bench_warmup" -c "create database bench_warmup_cli"

PROJ="$WORK/proj"
mkdir -p "$PROJ/supabase/migrations"
printf 'project_id = "bench"\n' > "$PROJ/supabase/config.toml"
for i in $(seq 1 "$N"); do
  v=$(printf '2024%010d' "$i")
  cat > "$PROJ/supabase/migrations/${v}_table_$i.sql" <<SQL
create table public.t_$i (id bigint primary key, name text not null, created_at timestamptz not null default now());
create index t_${i}_name on public.t_$i (name);
insert into public.t_$i (id, name) select g, 'row ' || g from generate_series(1, 20) g;
comment on table public.t_$i is 'bench table $i; created by migration $v';
SQL
done
echo "migrations: $N files x 4 statements"

now() { date +%s.%N; }
export DO_NOT_TRACK=1 SUPABASE_TELEMETRY_DISABLED=1 SUPABASE_NO_UPDATE_NOTIFIER=1

CDS_DIR="$WORK/cds"
source bench/launch.sh
ours() { supabase_ops "$@"; }
SUPABASE_BENCH_DB_URL="postgresql://postgres@127.0.0.1:$PORT/bench_warmup" \
  ours push --env bench --dir "$PROJ/supabase/migrations" --lint off >/dev/null 2>"$WORK/ours.err" \
  || { cat "$WORK/ours.err" >&2; exit 1; }
# The CLI gets an untimed first run too (in round 1 its first run in a fresh HOME was ~1.5 s slower).
(cd "$PROJ" && HOME="$WORK" "$CLI" db push --remote="postgresql://postgres:bench@127.0.0.1:$PORT/bench_warmup_cli?sslmode=disable" --yes >/dev/null 2>"$WORK/cli.err") \
  || { cat "$WORK/cli.err" >&2; exit 1; }
echo "warm-up pushes (untimed), ours through $LAUNCH and the CLI's: done"

# The floor the issue names: psql applying every file's SQL as one transaction (no history table,
# no per-file commits). No tool that runs these statements on this server can beat it by much.
cat "$PROJ"/supabase/migrations/*.sql > "$WORK/all.sql"

# Each round gives every tool a fresh database; the order rotates from round to round (CLI, ours,
# floor; then ours, floor, CLI; ...) so that no tool always runs first or right after another. The
# ratio that counts is the median of the rounds' ratios: single runs on this machine move by 15-40%.
time_cli() {
  local t0; t0=$(now)
  (cd "$PROJ" && HOME="$WORK" "$CLI" db push --remote="postgresql://postgres:bench@127.0.0.1:$PORT/$1?sslmode=disable" --yes >/dev/null 2>"$WORK/cli.err") \
    || { cat "$WORK/cli.err" >&2; exit 1; }
  echo "$(now) - $t0" | bc
}
time_ours() {
  local t0; t0=$(now)
  SUPABASE_BENCH_DB_URL="postgresql://postgres@127.0.0.1:$PORT/$1" \
    ours push --env bench --dir "$PROJ/supabase/migrations" --lint off >/dev/null 2>"$WORK/ours.err" \
    || { cat "$WORK/ours.err" >&2; exit 1; }
  echo "$(now) - $t0" | bc
}
time_floor() {
  local t0; t0=$(now)
  psql -q -X -1 -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d "$1" -f "$WORK/all.sql" >/dev/null
  echo "$(now) - $t0" | bc
}
q="select count(*) || ' ' || md5(string_agg(version || name || array_to_string(statements, chr(1)), chr(2) order by version)) from supabase_migrations.schema_migrations"
# Before each timed run the previous one's writes go to disk (checkpoint, sync), so that no tool
# pays for another's writeback.
settle() {
  psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "checkpoint"
  sync
}
tools=(cli ours floor)
: > "$WORK/rounds"
# Every round's databases exist before anything is timed: making three from the template right
# before a round loaded whichever tool ran first.
for r in $(seq 1 "$ROUNDS"); do
  psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "create database bench_cli_$r" -c "create database bench_ours_$r" \
    -c "create database bench_floor_$r"
done
for r in $(seq 1 "$ROUNDS"); do
  declare -A t=()
  for k in 0 1 2; do
    tool=${tools[$(( (k + r - 1) % 3 ))]}
    settle
    t[$tool]=$("time_$tool" "bench_${tool}_$r")
  done
  a=$(psql -At -h 127.0.0.1 -p "$PORT" -U postgres -d "bench_cli_$r" -c "$q")
  b=$(psql -At -h 127.0.0.1 -p "$PORT" -U postgres -d "bench_ours_$r" -c "$q")
  [ "$a" = "$b" ] || { echo "round $r: history differs: cli=$a ours=$b" >&2; exit 1; }
  echo "${t[cli]} ${t[ours]} ${t[floor]}" >> "$WORK/rounds"
  awk -v r="$r" -v c="${t[cli]}" -v o="${t[ours]}" -v f="${t[floor]}" -v first="${tools[$(( (r - 1) % 3 ))]}" 'BEGIN {
    printf "round %d (%s first): CLI %.2f s, ours %.2f s, floor %.2f s: ours/CLI %.2f, floor/CLI %.2f\n", r, first, c, o, f, o / c, f / c }'
  unset t
done
echo "history: identical in every round ($a)"

awk -v l="$LAUNCH" '
  function median(v, n,   i, j, x) { for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
                                      return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
  { c[NR] = $1; o[NR] = $2; f[NR] = $3; ro[NR] = $2 / $1; rf[NR] = $3 / $1; d[NR] = $2 - $3; dc[NR] = $1 - $3 }
  END {
    n = NR
    printf "medians of %d round(s):\n", n
    printf "supabase db push:     %6.2f s\n", median(c, n)
    printf "supabase-ops push:    %6.2f s  (via %s)\n", median(o, n), l
    printf "psql -1 (the floor):  %6.2f s  (%.2f x the CLI)\n", median(f, n), median(rf, n)
    printf "ratio (ours / cli):   %6.2f  (median of the rounds'\'' ratios; target <= 0.50)\n", median(ro, n)
    printf "ours above the floor: %6.2f s  (the CLI: %.2f s)\n", median(d, n), median(dc, n) }' "$WORK/rounds"
