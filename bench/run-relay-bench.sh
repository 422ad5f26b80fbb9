#!/usr/bin/env bash
# Kaigi's relay against its floor, in one run: the floor (bench/Floor.java, a bare Vert.x room relay) and the
# packaged signaling service run side by side on CPU 0 with the same JVM options; bench/RelayLoad.java drives them
# in turns from CPU 1. Then the credential service against a bare HMAC endpoint. Prints every figure and its
# ratio Kaigi ÷ floor (docs/benchmarks.md explains each); fails when a message was lost, reordered or duplicated.
# Usage: bench/run-relay-bench.sh [quick|ramp|loads|tail|idle|start] (quick: seconds, small sizes; what the test suite runs;
#                                                ramp: the warm-up and the saturation ramp only, a few minutes;
#                                                loads: the warm-up and the three fixed loads only, ≈ 8 minutes;
#                                                tail: the warm-up and 20 000/s alone, in BENCH_TAIL_TURNS turns
#                                                (default 21), ≈ 8 minutes with two sides;
#                                                idle: the idle sockets' memory and join time only;
#                                                start: the cold starts only, against the floor's)
# Env:   BENCH_JVM       JVM options of every server (default: the ones the container image uses)
#        BENCH_ONLY      floor|kaigi to run one side only
#        BENCH_FLOOR_TWIN  1: a second floor process (floor-twin) measured in the same turns, so the table shows what
#                        floor ÷ floor comes to in this hour: how far two identical relays differ by the machine alone
#        BENCH_VARIANTS  more Kaigi servers under other JVM options, e.g. "parallel:-XX:+UseParallelGC"
#        BENCH_LOOPS     event loops of every server (default 1: one per CPU of the pod's limit)
#        BENCH_IDLE_SETTLE  seconds of RSS readings, every 0.5 s from 10 s after the server's JIT went quiet, whose
#                        lowest is an idle figure, their median printed beside it (default 11; 1: one reading after
#                        1 s, as before 2026-12-06)
#        BENCH_BASELINE  another build of the signaling service, measured in the same turns as kaigi-NAME:
#                        "NAME:DIR", DIR its quarkus-app directory (e.g. from a git worktree of an earlier commit)
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true # 10 000 sockets per server, on both ends
mode=${1:-full}
jar=signaling-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q -ntp -pl web-ui,signaling-service package -DskipTests
cp="signaling-service/target/quarkus-app/lib/main/*"
# The pod's JVM options: run-java.sh's, then the image's (bench/pod-jvm.sh).
. bench/pod-jvm.sh
jvm=${BENCH_JVM:-"$run_java $image_jvm"}
# Event loops of every server: one per CPU of the pod's limit, as the manifests configure.
loops=${BENCH_LOOPS:-1}
out=$(mktemp); pids=(); logs=(); classes=$(mktemp -d) floor_cds=$(mktemp -d)
stop_servers() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pids=()
}
cleanup() {
  stop_servers
  rm -rf "$out" "${logs[@]}" "$classes" "$floor_cds"
}
trap cleanup EXIT
# The floor runs compiled, as Kaigi runs packaged: launched from source, javac ran inside the floor's own JVM first and
# left ~90 MB of its heap touched before any baseline, hiding the floor's first-touch memory that Kaigi's figure shows.
# HttpLoad uses RelayLoad's /proc readers, so the load generators are compiled with it.
javac -d "$classes" -cp "$cp" bench/Floor.java bench/RelayLoad.java bench/HttpLoad.java

start_floor() { exec_relay_server floor "$jvm" "$1" "$loops" "$classes:$cp" ""; } # port
start_kaigi() { # port
  exec_relay_server kaigi "$jvm" "$1" "$loops" "" "${kaigi_jar:-$jar}" -Dvertx.options.blockedThreadCheckInterval=100 \
    -Dquarkus.vertx.max-event-loop-execute-time=100ms
}

start_server() { # name function port; sets started="name=url=pid"
  local name=$1 fn=$2 port=$3 log pid t0
  log=$(mktemp); logs+=("$log"); t0=$(date +%s%N)
  "$fn" "$port" >"$log" 2>&1 &
  pid=$!; pids+=("$pid")
  wait_port "$port"
  echo "== $name: pid $pid, port $port, accepting connections after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
  started="$name=ws://127.0.0.1:$port=$pid"
}

echo "java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nproc) cores, servers on ${pin_server:-any CPU}, generator on ${pin_client:-any CPU}; server JVM: ${jvm:-defaults}"
cjar=turn-credential-service/target/quarkus-app/quarkus-run.jar
build_credentials() { [ -f "$cjar" ] || ./mvnw -B -q -ntp -pl turn-credential-service package -DskipTests; }

# The relay: the floor and Kaigi (and any variants) side by side, driven by RelayLoad in MODE.
relay_phase() {
  local targets=() variants variant
  if [ "${BENCH_ONLY:-floor}" = floor ]; then start_server floor start_floor "$(free_port)"; targets+=("$started"); fi
  if [ "${BENCH_ONLY:-kaigi}" = kaigi ]; then start_server kaigi start_kaigi "$(free_port)"; targets+=("$started"); fi
  if [ "${BENCH_FLOOR_TWIN:-0}" = 1 ]; then start_server floor-twin start_floor "$(free_port)"; targets+=("$started"); fi
  # Kaigi under other JVM options, measured in the same turns: BENCH_VARIANTS="parallel:-XX:+UseParallelGC;g1:-XX:+UseG1GC"
  IFS=';' read -r -a variants <<<"${BENCH_VARIANTS:-}"
  for variant in "${variants[@]}"; do
    [ -n "$variant" ] || continue
    start_variant() { jvm="${variant#*:}" start_kaigi "$1"; }
    start_server "kaigi-${variant%%:*}" start_variant "$(free_port)"; targets+=("$started")
  done
  if [ -n "${BENCH_BASELINE:-}" ]; then
    start_baseline() { kaigi_jar="${BENCH_BASELINE#*:}/quarkus-run.jar" start_kaigi "$1"; }
    start_server "kaigi-${BENCH_BASELINE%%:*}" start_baseline "$(free_port)"; targets+=("$started")
  fi
  # shellcheck disable=SC2086
  $pin_client java -Didle.settle="${BENCH_IDLE_SETTLE:-11}" -Dtail.turns="${BENCH_TAIL_TURNS:-21}" -cp "$classes:$cp" RelayLoad "$mode" "${targets[@]}" |
    tee -a "$out"
  for log in "${logs[@]}"; do
    if grep -q "has been blocked" "$log"; then echo "event-loop blocked warnings in $log: $(grep -c 'has been blocked' "$log")"; fi
  done
  stop_servers
}

# The credential service against a bare Vert.x endpoint that computes one HMAC-SHA1, 32 keep-alive clients each,
# both up at once and measured in turns (floor, kaigi, floor, …), each figure the median of its turns.
credentials_phase() {
  local seconds=5 turns=5 join_secret http_targets=() http_logs=() side port log pid
  if [ "$mode" = quick ]; then seconds=2 turns=1; fi
  build_credentials
  join_secret=dev-only-join-token-secret-change-me-0123456789 # the dev profile's, refused in prod
  start_floor_http() { # port
    # shellcheck disable=SC2086
    exec $pin_server java $jvm -cp "$classes:$cp" Floor http "$1" "$loops"
  }
  start_kaigi_http() { # port
    # shellcheck disable=SC2086
    exec $pin_server java $jvm -Dquarkus.profile=dev -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$1" \
      -Dquarkus.management.port="$(free_port)" -Dquarkus.log.level=WARN -Dquarkus.vertx.event-loops-pool-size="$loops" \
      -Dkaigi.credentials.rate-limit.burst=100000000 -Dkaigi.credentials.rate-limit.per-minute=100000000 -jar "$cjar"
  }
  for side in floor kaigi; do
    if [ -n "${BENCH_ONLY:-}" ] && [ "$BENCH_ONLY" != "$side" ]; then continue; fi
    port=$(free_port); log=$(mktemp); logs+=("$log"); http_logs+=("$log")
    "start_${side}_http" "$port" >"$log" 2>&1 &
    pid=$!; pids+=("$pid")
    wait_port "$port"
    echo "== $side credentials: pid $pid, port $port"
    http_targets+=("$side=http://127.0.0.1:$port/api/v1/ice-servers=$pid")
  done
  # shellcheck disable=SC2086
  $pin_client java -cp "$classes:$cp" HttpLoad 32 "$seconds" "$turns" "$join_secret" "${http_targets[@]}" | tee -a "$out" ||
    { for log in "${http_logs[@]}"; do echo "  server log:"; tail -20 "$log"; done; exit 1; }
  stop_servers
}

# Cold start of each fast-jar to ready, on one CPU (the taskset pins java itself; a pod whose node has no second CPU
# to spare for it): as the image runs it
# (from its directory with the AppCDS archive made by the package, and the options the image appends), and plain
# `java -jar` with run-java.sh's options only, in alternating rounds with the floor's HTTP mode started the same two
# ways. The floor's archive is the thinnest start it can have: every class loaded until it answered a request, dumped
# at exit by a training run (a dynamic archive needs its classes in jars, hence the floor's jar). Then the image's way
# once more on all the machine's CPUs, not pinned (`-unpinned`, beside the archived floor started the same way): how
# the issue's start figures were taken, and how a pod starts under its CPU limit of 2 (docs/benchmarks.md,
# 2026-12-07 20:30 and 23:30).
start_phase() {
  local floor_jar startup svc name dir runs=5 floor_run floor_archived quarkus_run image_way
  build_credentials
  floor_jar="$floor_cds/floor.jar"
  jar cf "$floor_jar" -C "$classes" .
  floor_run=(-cp "$floor_jar:$cp" Floor http "{port}" "$loops")
  # The training run is one start of startup.py's: it waits for the first answer, then stops the JVM, which writes
  # the archive as it exits.
  # shellcheck disable=SC2086
  python3 bench/startup.py 1 floor/training . java $jvm -XX:ArchiveClassesAtExit="$floor_cds/floor.jsa" \
    "${floor_run[@]}" >/dev/null
  [ -f "$floor_cds/floor.jsa" ] || { echo "the floor's training run made no archive"; exit 1; }
  # shellcheck disable=SC2206
  floor_archived=(java $jvm -XX:SharedArchiveFile="$floor_cds/floor.jsa" "${floor_run[@]}")
  # shellcheck disable=SC2206
  startup=(floor/archived . $pin_server "${floor_archived[@]}" "::" floor/plain . $pin_server java $run_java
    "${floor_run[@]}" "::" floor/archived-unpinned . "${floor_archived[@]}")
  quarkus_run=(-Dquarkus.profile=dev -Dquarkus.http.host=127.0.0.1 -jar quarkus-run.jar)
  # shellcheck disable=SC2206
  image_way=(java $jvm -XX:SharedArchiveFile=app-cds.jsa "${quarkus_run[@]}")
  for svc in signaling:$jar credentials:$cjar; do
    name=${svc%%:*} dir=$(dirname "${svc#*:}")
    # shellcheck disable=SC2206
    startup+=("::" "$name" "$dir" $pin_server "${image_way[@]}" "::" "$name-plain" "$dir" $pin_server java $run_java
      "${quarkus_run[@]}" "::" "$name-unpinned" "$dir" "${image_way[@]}")
  done
  if [ "$mode" = quick ]; then runs=1; fi
  python3 bench/startup.py "$runs" "${startup[@]}" | tee -a "$out"
}

case $mode in
  ramp | idle | loads | tail) relay_phase; BENCH_MODE=$mode python3 bench/relay_table.py "$out"; exit $? ;;
  start) start_phase ;;
  *) relay_phase; credentials_phase; start_phase ;;
esac

BENCH_MODE=$mode python3 bench/relay_table.py "$out"
