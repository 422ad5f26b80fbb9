#!/usr/bin/env bash
# What makes the relays' latency tail: the floor and the packaged Kaigi side by side on CPU 0 as in
# run-relay-bench.sh, one fixed load in alternating turns (RelayLoad steady, after a full collection of each) from
# CPU 1, every message over 1 ms logged with its send time, and every context switch on both CPUs recorded by perf.
# Then bench/tail_attribution.py charges each stall to what held the servers' CPU, or the generator's when the
# servers' was idle. Needs perf (Debian: linux-perf) and root or
# kernel.perf_event_paranoid <= 0. A few minutes.
# Usage: bench/run-tail-attribution.sh [RATE] [ROOMS] [TURNS]   (default 10000 250 6: the full run's 10 000/s shape)
# Env:   BENCH_SLOW_MS  the latency, in ms, above which a message counts as late (default 1: p99 at these loads is
#                       1-2 ms, so the stalls behind it are counted)
#        BENCH_KEEP     a directory to keep the slow-message log and the switches in (slow.txt, sched.txt, pids.txt)
#        BENCH_PROFILE  1: also sample both servers' stacks (perf cpu-clock, 1999/s; both run with frame pointers and
#                       write perf maps at exit) and rank what each event loop ran inside its stalls against outside
#                       them (bench/stall_profile.py)
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-10000} rooms=${2:-250} turns=${3:-6}
command -v perf >/dev/null || { echo "perf is missing (apt-get install linux-perf)"; exit 1; }
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
jar=signaling-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q -ntp -pl web-ui,signaling-service package -DskipTests
cp="signaling-service/target/quarkus-app/lib/main/*"
. bench/pod-jvm.sh
jvm="$run_java $image_jvm"
profile=${BENCH_PROFILE:-}
[ -z "$profile" ] || jvm="$jvm -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer"
work=$(mktemp -d) perf_pid="" stacks_pid=""
cleanup() {
  [ -z "$perf_pid" ] || kill -INT "$perf_pid" 2>/dev/null || true
  [ -z "$stacks_pid" ] || kill -INT "$stacks_pid" 2>/dev/null || true
  kill "${floor_pid:-}" "${kaigi_pid:-}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
javac -d "$work/classes" -cp "$cp" bench/Floor.java bench/RelayLoad.java
start_relay_server floor "$jvm" "$work/floor.log" "$work/classes:$cp" ""
floor_pid=$pid floor_target=$target
start_relay_server kaigi "$jvm" "$work/kaigi.log" "" "$jar"
kaigi_pid=$pid kaigi_target=$target
[ -n "$pin_server" ] || { echo "needs two CPUs and taskset: servers on one, the generator on the other"; exit 1; }
perf record -q -e sched:sched_switch -C 0,1 -k CLOCK_MONOTONIC -o "$work/sched.data" >/dev/null 2>&1 &
perf_pid=$!
if [ -n "$profile" ]; then
  perf record -q -e cpu-clock -F 1999 -g -k CLOCK_MONOTONIC -p "$floor_pid,$kaigi_pid" -o "$work/stacks.data" \
    >/dev/null 2>&1 &
  stacks_pid=$!
fi
# shellcheck disable=SC2086
$pin_client java -Drooms="$rooms" -Dturns="$turns" -Dslow.ms="${BENCH_SLOW_MS:-1}" -Dslow.log="$work/slow.txt" \
  -cp "$work/classes:$cp" RelayLoad steady "$rate" 5 "$floor_target" "$kaigi_target" &
generator_pid=$!
wait "$generator_pid"
kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; perf_pid=""
if [ -n "$profile" ]; then
  kill -INT "$stacks_pid"; wait "$stacks_pid" 2>/dev/null || true; stacks_pid=""
  # The servers write their perf maps as they exit; perf script needs them to name compiled Java.
  kill "$floor_pid" "$kaigi_pid"; wait "$floor_pid" "$kaigi_pid" 2>/dev/null || true
  perf script -i "$work/stacks.data" -F comm,pid,tid,time,ip,sym 2>/dev/null >"$work/stacks.txt"
fi
perf script -i "$work/sched.data" -F pid,tid,cpu,time,event,trace 2>/dev/null >"$work/sched.txt"
[ -z "${BENCH_KEEP:-}" ] || { mkdir -p "$BENCH_KEEP"; cp "$work/slow.txt" "$work/sched.txt" "$BENCH_KEEP/"
  [ -z "$profile" ] || cp "$work/stacks.txt" "$BENCH_KEEP/"
  echo "generator=$generator_pid floor=$floor_pid kaigi=$kaigi_pid" >"$BENCH_KEEP/pids.txt"; }
echo
python3 bench/tail_attribution.py "$work/slow.txt" "$work/sched.txt" 0 1 generator="$generator_pid" \
  floor="$floor_pid" kaigi="$kaigi_pid"
[ -z "$profile" ] || python3 bench/stall_profile.py "$work/slow.txt" "$work/stacks.txt" floor="$floor_pid" \
  kaigi="$kaigi_pid"
