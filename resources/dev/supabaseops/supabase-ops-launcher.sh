#!/bin/sh
# supabase-ops launcher: `java -jar supabase-ops.jar "$@"` with a class-data sharing (AppCDS)
# archive per command. The first run of a command on a machine records the classes it loaded
# (-XX:ArchiveClassesAtExit); every later run maps them instead of reading, parsing and verifying
# them from the jar again, which is most of a short run's start-up (docs/benchmarks.md). On JDK 25+
# the archive is an AOT cache (-XX:AOTCache), which also holds them linked. Anything unusual (no
# cache directory, an archive the JVM rejects) just runs without one.
#
#   SUPABASE_OPS_JAR        the jar (default: cli/target/supabase-ops.jar of this checkout, else
#                           supabase-ops.jar next to this script)
#   SUPABASE_OPS_JAVA_OPTS  extra JVM options, e.g. -Xmx256m
#   SUPABASE_OPS_CDS        directory for the archives (default ~/.cache/supabase-ops/cds), or off
#   JAVA_HOME               which java (default: java on the PATH)
# Each program started before `exec java` costs 1-5 ms of every run (a fork and an exec; the most
# on virtual machines where page faults are slow): in the usual case this script starts none.
jar=${SUPABASE_OPS_JAR:-}
if [ -z "$jar" ]; then
  self=$0
  [ -L "$self" ] && self=$(readlink -f "$self" 2>/dev/null || echo "$self") # a symlink on the PATH: the real script's folder
  case $self in */*) here=${self%/*} ;; *) here=. ;; esac
  jar="$here/../cli/target/supabase-ops.jar"
  [ -f "$jar" ] || jar="$here/supabase-ops.jar"
fi
case $jar in /*) ;; *) jar="$PWD/$jar" ;; esac # the archive records the jar's path
if [ ! -f "$jar" ]; then
  echo "error: supabase-ops jar not found at $jar: build it (mvn -B -q package -DskipTests) or set SUPABASE_OPS_JAR" >&2
  exit 2
fi
java=java
[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java="$JAVA_HOME/bin/java"

# Commands that mostly wait on a server and live a few seconds: the optimising compiler (C2)
# would compile for longer than they run, on the cores the database needs. sync-data keeps it.
# Storage commands keep C2 for the JDK's digest code only: its SHA-256 intrinsic hashes about 12x
# faster than C1's code, while C2 compiling the JSON and file code of a backup cost more CPU than it
# saved (docs/benchmarks.md: the first backup got faster too). JEP 165 compiler directives.
tuning=
digests=
case "${1:-}" in
  push|migrations|health-gate) tuning=-XX:TieredStopAtLevel=1 ;;
  # A young generation of at least 16 MB: with a capped heap (-Xmx64m) G1 starts with ~3 MB of it,
  # and an unchanged nightly backup (~15 MB allocated) stopped for two collections, ~15-25 ms
  # (docs/benchmarks.md, eighth session). With the default heap G1's own minimum is larger already.
  backup-storage|restore-storage|sync-storage) digests=1; tuning=-XX:NewSize=16m ;;
  sync-data|demo) ;;
  *) exec "$java" $SUPABASE_OPS_JAVA_OPTS -jar "$jar" "$@" ;; # --help, --version, typos: nothing to archive
esac
# The heap in transparent huge pages (madvise): one page fault per 2 MB the run touches instead of
# 512. An unchanged backup took ~2,800 fewer faults, 0.395 -> 0.365 s where a fault costs ~11 us
# (a VM), peak RSS ~8 MB more (docs/benchmarks.md, eleventh session). Only where the kernel has
# them: JDK 17 warns on every start otherwise. In the kernel's "never" mode the flag does nothing.
if [ -n "$digests" ] && [ -e /sys/kernel/mm/transparent_hugepage/enabled ]; then
  tuning="$tuning -XX:+UseTransparentHugePages"
fi

cds=${SUPABASE_OPS_CDS:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/supabase-ops/cds}
if [ "$cds" = off ] || { [ ! -d "$cds" ] && ! mkdir -p "$cds" 2>/dev/null; } || [ ! -w "$cds" ]; then
  exec "$java" $tuning $SUPABASE_OPS_JAVA_OPTS -jar "$jar" "$@"
fi
directives=
if [ -n "$digests" ]; then
  directives="$cds/c2-digests-only-1.json"
  if [ ! -s "$directives" ]; then
    printf '%s\n' '[ { "match": ["sun/security/provider/*.*"], "c2": { "Exclude": false } },' \
      '  { "match": ["*.*"], "c2": { "Exclude": true } } ]' >"$directives.$$.tmp" && mv -f "$directives.$$.tmp" "$directives"
  fi
  # the JVM says "N compiler directives added" and "### Excluding compile" on stdout otherwise
  quietjit="-XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=quiet -XX:-DisplayVMOutput"
  # With C2 kept for the digests only, every other hot method was compiled twice by C1: first with
  # full profiling (tier 3) for a C2 that then refuses it, then again without (tier 1). Profiling in
  # the interpreter from the start, with C2's thresholds (100 calls instead of 5,000) below C1's,
  # sends such methods from the interpreter straight to tier 1: JDK 17's CompilationPolicy::common
  # moves a method at level 0 whose interpreter profile meets the tier-4 thresholds to level 4,
  # and a method C2 may not compile to level 1 instead. Unchanged backup: ~650 -> ~575 ms
  # (docs/benchmarks.md, seventh session). Only with the directives: without them, C2 would take all.
  skiptier3="-XX:Tier0ProfilingStartPercentage=0 -XX:Tier4InvocationThreshold=100 -XX:Tier4MinInvocationThreshold=50 -XX:Tier4CompileThreshold=1000"
  [ -s "$directives" ] && tuning="$tuning $quietjit $skiptier3" || directives=
fi
# One archive per jar, JVM and command. The JVM itself refuses an archive made by another JVM
# build or for a jar of another size or time; the key and the -nt tests make a new one then.
# Which java runs: the PATH searched here rather than in a `command -v` subshell.
found=$java
case $java in
  */*) ;;
  *)
    saved=$IFS IFS=:
    set -f
    for d in $PATH; do
      if [ -f "${d:-.}/$java" ] && [ -x "${d:-.}/$java" ]; then found=${d:-.}/$java; break; fi
    done
    set +f
    IFS=$saved ;;
esac
# What follows from the jar and that java (its real path, its JDK's feature version, the key) is
# worked out with three programs once, then kept in $state. The state's modification time is set
# to the jar's and $state.java's to java's: both times still equal (neither newer nor older)
# means neither changed, also when an upgraded JDK's files are older than the state (packages
# keep their build times).
state="$cds/launch.state"
if [ -f "$state" ] && [ ! "$jar" -nt "$state" ] && [ ! "$jar" -ot "$state" ] \
    && [ -f "$state.java" ] && [ ! "$found" -nt "$state.java" ] && [ ! "$found" -ot "$state.java" ] \
    && { read -r was_jar && read -r was_found && read -r javabin && read -r feature && read -r key; } <"$state" \
    && [ "$was_jar" = "$jar" ] && [ "$was_found" = "$found" ]; then
  :
else
  javabin=$(readlink -f "$found" 2>/dev/null || echo "$found")
  key=$(ls -lLn "$jar" "$javabin" 2>/dev/null | cksum)
  key=${key%% *}
  # JDK 25+ (JEPs 483, 514, 515): an AOT cache, which holds the classes loaded and linked, not only
  # parsed (push --dry-run started ~45 ms sooner than with the archive: README › Commands). The JDK's
  # release file says which feature version this java is, without starting it.
  feature=0
  release="${javabin%/bin/*}/release"
  if [ -r "$release" ]; then
    while IFS='=' read -r name value; do
      if [ "$name" = JAVA_VERSION ]; then
        value=${value#\"}
        feature=${value%%[!0-9]*}
      fi
    done <"$release"
  fi
  # Written aside and renamed: a run that reads it meanwhile sees the old state or the new one.
  if printf '%s\n' "$jar" "$found" "$javabin" "${feature:-0}" "$key" >"$state.$$" 2>/dev/null \
      && touch -r "$jar" "$state.$$" 2>/dev/null && touch -r "$found" "$state.java.$$" 2>/dev/null; then
    mv -f "$state.java.$$" "$state.java" 2>/dev/null && mv -f "$state.$$" "$state" 2>/dev/null
  fi
  rm -f "$state.$$" "$state.java.$$"
fi
# The JVM prints CDS and AOT messages on stdout, where --json results go: keep them out.
# SUPABASE_OPS_JAVA_OPTS come after ours, so that they win.
quiet='-Xlog:cds*=off'
if [ "${feature:-0}" -ge 25 ] 2>/dev/null; then
  cache="$cds/$1-$key.aot"
  if [ -s "$cache" ] && [ ! "$jar" -nt "$cache" ] && [ ! "$javabin" -nt "$cache" ]; then
    exec "$java" $tuning ${directives:+"-XX:CompilerDirectivesFile=$directives"} -XX:AOTCache="$cache" "$quiet" -Xlog:aot*=off \
      $SUPABASE_OPS_JAVA_OPTS -jar "$jar" "$@"
  fi
  # The first run records what it loads; then a second JVM (no command runs in it) writes the
  # cache, which takes a few seconds, once. -XX:-DisplayVMOutput: the recording run would say
  # "AOTConfiguration recorded" on stdout.
  conf="$cache.$$.conf"
  "$java" $tuning ${directives:+"-XX:CompilerDirectivesFile=$directives"} -XX:AOTMode=record -XX:AOTConfiguration="$conf" \
    "$quiet" -Xlog:aot*=off -XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput $SUPABASE_OPS_JAVA_OPTS -jar "$jar" "$@"
  code=$?
  if [ -s "$conf" ] && "$java" $tuning ${directives:+"-XX:CompilerDirectivesFile=$directives"} -XX:AOTMode=create \
      -XX:AOTConfiguration="$conf" -XX:AOTCache="$cache.$$.tmp" "$quiet" -Xlog:aot*=off $SUPABASE_OPS_JAVA_OPTS \
      -jar "$jar" >/dev/null 2>&1 && [ -s "$cache.$$.tmp" ]; then
    mv -f "$cache.$$.tmp" "$cache" 2>/dev/null
  fi
  rm -f "$conf" "$cache.$$.tmp"
  exit $code
fi
archive="$cds/$1-$key.jsa"
if [ -s "$archive" ] && [ ! "$jar" -nt "$archive" ] && [ ! "$javabin" -nt "$archive" ]; then
  exec "$java" $tuning ${directives:+"-XX:CompilerDirectivesFile=$directives"} -XX:SharedArchiveFile="$archive" "$quiet" \
    $SUPABASE_OPS_JAVA_OPTS -jar "$jar" "$@"
fi
tmp="$archive.$$.tmp"
"$java" $tuning ${directives:+"-XX:CompilerDirectivesFile=$directives"} -XX:ArchiveClassesAtExit="$tmp" "$quiet" \
  $SUPABASE_OPS_JAVA_OPTS -jar "$jar" "$@"
code=$?
if [ -s "$tmp" ]; then
  mv -f "$tmp" "$archive" 2>/dev/null
fi
rm -f "$tmp"
exit $code
