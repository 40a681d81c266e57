#!/usr/bin/env bash
# Times `supabase-ops push` against the Supabase CLI's `db push` on the same throwaway PostgreSQL:
# 200 migrations x 4 statements, each tool on its own fresh database, one run. Prints both wall
# times and the ratio (target: ours <= 0.5x the CLI). Installs nothing: needs the README set-up
# (the built jar and `npm install --prefix tools`). Uses Debian's PostgreSQL binaries when present
# (/usr/lib/postgresql/*/bin), else the embedded server from the jar. Ours runs the way an agent
# runs it, through bin/supabase-ops, whose class-data archive an untimed warm-up push to a scratch
# database makes first (PLAIN=1: plain `java -jar` instead).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
N=${N:-200}
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
cleanup() {
  if [ -n "$PGBIN" ] && [ -d "$WORK/pgdata" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$WORK/pgdata" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Same server settings for both tools: a throwaway server, so no fsync.
if [ -n "$PGBIN" ] && { [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; }; then
  mkdir -p "$WORK/pgdata" && [ "$(id -u)" = 0 ] && chown postgres "$WORK/pgdata"
  as_pg "$PGBIN/initdb" -D "$WORK/pgdata" -U postgres -A trust >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pgdata/log" -w \
    -o "-p $PORT -k $WORK/pgdata -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
  echo "server: $("$PGBIN/postgres" --version) (Debian binaries), port $PORT"
else
  PGBIN=""
  java -cp "$JAR" bench/LocalPg.java > "$WORK/port" 2>/dev/null &
  SERVER_PID=$!
  for _ in $(seq 1 120); do [ -s "$WORK/port" ] && break; sleep 0.5; done
  PORT=$(head -1 "$WORK/port")
  echo "server: embedded PostgreSQL, port $PORT"
fi
psql -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "create database bench_cli" -c "create database bench_ours" \
  -c "create database bench_floor" \
  -c "create database bench_warmup"

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
echo "warm-up push (untimed) through $LAUNCH: done"

t0=$(now)
(cd "$PROJ" && HOME="$WORK" "$CLI" db push --remote="postgresql://postgres:bench@127.0.0.1:$PORT/bench_cli?sslmode=disable" --yes >/dev/null 2>"$WORK/cli.err") \
  || { cat "$WORK/cli.err" >&2; exit 1; }
t1=$(now)
SUPABASE_BENCH_DB_URL="postgresql://postgres@127.0.0.1:$PORT/bench_ours" \
  ours push --env bench --dir "$PROJ/supabase/migrations" --lint off >/dev/null 2>"$WORK/ours.err" \
  || { cat "$WORK/ours.err" >&2; exit 1; }
t2=$(now)

# The floor the issue names: psql applying every file's SQL as one transaction (no history table,
# no per-file commits). No tool that runs these statements on this server can beat it.
cat "$PROJ"/supabase/migrations/*.sql > "$WORK/all.sql"
t3=$(now)
psql -q -X -1 -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d bench_floor -f "$WORK/all.sql" >/dev/null
t4=$(now)

q="select count(*) || ' ' || md5(string_agg(version || name || array_to_string(statements, chr(1)), chr(2) order by version)) from supabase_migrations.schema_migrations"
a=$(psql -At -h 127.0.0.1 -p "$PORT" -U postgres -d bench_cli -c "$q")
b=$(psql -At -h 127.0.0.1 -p "$PORT" -U postgres -d bench_ours -c "$q")
[ "$a" = "$b" ] || { echo "history differs: cli=$a ours=$b" >&2; exit 1; }
echo "history: identical ($a)"

awk -v l="$LAUNCH" -v c="$(echo "$t1 - $t0" | bc)" -v o="$(echo "$t2 - $t1" | bc)" -v f="$(echo "$t4 - $t3" | bc)" 'BEGIN {
  printf "supabase db push:     %6.2f s\n", c
  printf "supabase-ops push:    %6.2f s  (via %s)\n", o, l
  printf "psql -1 (the floor):  %6.2f s  (%.2f x the CLI: no tool can go below this ratio here)\n", f, f / c
  printf "ratio (ours / cli):   %6.2f  (target <= 0.50)\n", o / c
  printf "ours above the floor: %6.2f s  (the CLI: %.2f s)\n", o - f, c - f }'
