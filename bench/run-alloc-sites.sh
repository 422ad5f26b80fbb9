#!/usr/bin/env bash
# Where a join's bytes go: JFR's allocation samples of one server while bench/RelayLoad.java joins JOINS sockets,
# ranked by the first frame of Kaigi's own code on each sample's stack (bench/alloc_sites.py). An estimate: the exact
# totals per join come from bench/run-alloc-bench.sh. The server runs as in run-alloc-bench.sh (pinned, the pod's JVM
# options), plus a TLAB fixed at 2 KiB for the profile only, so a sample falls every 2 KiB or so, not every ~100 KiB.
# Usage: bench/run-alloc-sites.sh [kaigi|floor] [JOINS] [DEPTH]   (defaults kaigi, 6000, 1 frame per site)
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
side=${1:-kaigi} joins=${2:-6000} depth=${3:-1}
jar=signaling-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q -ntp -pl web-ui,signaling-service package -DskipTests
cp="signaling-service/target/quarkus-app/lib/main/*"
. bench/pod-jvm.sh
work=$(mktemp -d); pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
javac -d "$work" -cp "$cp" bench/Floor.java bench/RelayLoad.java
jfr configure jdk.ObjectAllocationSample#enabled=true jdk.ObjectAllocationSample#throttle=1000000/s \
  jdk.ObjectAllocationSample#stackTrace=true --output "$work/sites.jfc" >/dev/null
start_relay_server "$side" "$run_java $image_jvm -XX:TLABSize=2048 -XX:-ResizeTLAB" "$work/server.log" "$work:$cp" "$jar"
hold() { # sockets log; returns once they are all joined, with the generator still holding them
  # shellcheck disable=SC2086
  $pin_client java -cp "$work:$cp" RelayLoad hold "$1" "$target" >"$2" 2>&1 &
  held=$!; until grep -q holding "$2"; do sleep 0.2; done
}
for warm in 200 2000; do # the join path compiled and first used before the recording
  hold "$warm" "$work/warm.log"; kill "$held"; wait "$held" 2>/dev/null || true; sleep 3
done
jcmd "$pid" JFR.start name=sites settings="$work/sites.jfc" filename="$work/sites.jfr" >/dev/null
sleep 1
hold "$joins" "$work/hold.log"
sleep 0.5
jcmd "$pid" JFR.stop name=sites >/dev/null
kill "$held"; wait "$held" 2>/dev/null || true
python3 bench/alloc_sites.py "$work/sites.jfr" "$joins" "$depth"
