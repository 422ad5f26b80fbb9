#!/usr/bin/env bash
# Bytes allocated per join and per relayed message, Kaigi against its floor (bench/Floor.java). Allocation drives how
# often the collector runs and how much of a fresh heap a pod touches; unlike the relay bench's times it is counted,
# not timed, so it does not move with this machine's load. Each server runs alone, pinned and with the pod's JVM
# options as in run-relay-bench.sh, under JFR (every event loop's allocation total, each second); bench/RelayLoad.java
# joins JOINS sockets, then relays RATE msgs/s (its `steady` mode: warm-up, then three turns).
# Usage: bench/run-alloc-bench.sh [RATE] [JOINS]   (defaults 5000, 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
rate=${1:-5000} joins=${2:-5000}
jar=signaling-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q -ntp -pl web-ui,signaling-service package -DskipTests
cp="signaling-service/target/quarkus-app/lib/main/*"
. bench/pod-jvm.sh
work=$(mktemp -d); pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# Compiled once, as in run-relay-bench.sh: the generator runs three times per side.
javac -d "$work" -cp "$cp" bench/Floor.java bench/RelayLoad.java
jfr configure jdk.ThreadAllocationStatistics#period=1s --output "$work/alloc.jfc" >/dev/null
stamp() { while IFS= read -r line; do echo "$(date +%s.%N) $line"; done; }

for side in floor kaigi; do
  rec="$work/$side.jfr"
  start_relay_server "$side" "$run_java $image_jvm -XX:StartFlightRecording=settings=$work/alloc.jfc,filename=$rec" \
    "$work/$side.log" "$work:$cp" "$jar"
  # shellcheck disable=SC2086
  $pin_client java -cp "$work:$cp" RelayLoad hold 200 "$target" >"$work/warm.log" 2>&1 & # JIT and first use
  warm=$!; until grep -q holding "$work/warm.log"; do sleep 0.2; done; kill "$warm"; wait "$warm" 2>/dev/null || true
  sleep 2
  from=$(date +%s.%N)
  # shellcheck disable=SC2086
  $pin_client java -cp "$work:$cp" RelayLoad hold "$joins" "$target" >"$work/hold.log" 2>&1 &
  hold=$!; until grep -q holding "$work/hold.log"; do sleep 0.1; done; to=$(date +%s.%N)
  # Idle with the sockets open until JFR's next sample (every second) has closed the join window: the closes after
  # the kill are not part of a join.
  sleep 1.5
  kill "$hold"; wait "$hold" 2>/dev/null || true
  sleep 3
  # shellcheck disable=SC2086
  $pin_client java -cp "$work:$cp" RelayLoad steady "$rate" 10 "$target" | stamp >"$work/steady.log"
  # The three turns (and the 3 s before each) relay at the rate: from the end of the warm-up to the result.
  load_from=$(grep -m1 'warm-up' "$work/steady.log" | cut -d' ' -f1)
  load_to=$(grep -m1 'RESULT' "$work/steady.log" | cut -d' ' -f1)
  sleep 2
  jcmd "$pid" JFR.dump filename="$rec" >/dev/null
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  joined=$(python3 bench/alloc_rate.py --idle-around "$rec" "$from" "$to")
  relayed=$(python3 bench/alloc_rate.py "$rec" "$load_from" "$load_to")
  python3 -c "import sys; j,r,n,rate,a,b=map(float,sys.argv[1:]); print('RESULT %s alloc join_kib=%.1f msg_kib=%.2f' \
    % ('$side', j/n/1024, r/(rate*(b-a))/1024))" "$joined" "$relayed" "$joins" "$rate" "$load_from" "$load_to"
done
