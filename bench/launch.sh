# Sourced by the benchmarks: how they run ours. The way an agent runs it, through bin/supabase-ops,
# whose per-command class-data archive an untimed warm-up run makes first; PLAIN=1 runs plain
# `java -jar` instead. Set before calling: JAR (absolute, or relative to the repository root),
# CDS_DIR (where the archives go) and optionally BENCH_JAVA_OPTS (e.g. -Xmx256m).
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LAUNCH=$([ -n "${PLAIN:-}" ] && echo "java -jar" || echo "bin/supabase-ops")
supabase_ops() {
  local jar=$JAR
  case $jar in /*) ;; *) jar="$BENCH_ROOT/$jar" ;; esac
  if [ -n "${PLAIN:-}" ]; then
    java ${BENCH_JAVA_OPTS:-} -jar "$jar" "$@"
  else
    SUPABASE_OPS_JAR="$jar" SUPABASE_OPS_CDS="$CDS_DIR" SUPABASE_OPS_JAVA_OPTS="${BENCH_JAVA_OPTS:-}" "$BENCH_ROOT/bin/supabase-ops" "$@"
  fi
}
