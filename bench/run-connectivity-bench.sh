#!/usr/bin/env bash
# Join → first decoded remote frame per simulated network (browser-tests' ConnectivityTest), next to its floor:
# two RTCPeerConnections in one page over the same ICE servers. Each round runs every topology once; the table
# gives the median of the rounds and the ratio of medians. Needs root (network namespaces) and the packaged jars
# (./mvnw -B package -DskipTests). Usage: bench/run-connectivity-bench.sh [ROUNDS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
out="$(mktemp -d /tmp/kaigi-connectivity.XXXX)"
for round in $(seq 1 "$rounds"); do
  echo "round $round/$rounds"
  ./mvnw -B -q -ntp verify -pl browser-tests -Dtest='ConnectivityTest#twoParticipantsConnectOverThePathTheirNetworksAllow' \
    -Dsurefire.failIfNoSpecifiedTests=false >"$out/mvn-$round.log" 2>&1 \
    || { echo "round $round failed: $out/mvn-$round.log" >&2; exit 1; }
  cp browser-tests/target/connectivity-timings.json "$out/round-$round.json"
done
python3 - "$out" <<'PY'
import json, statistics, sys, glob
runs = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/round-*.json"))]
print(f"| topology | path | Kaigi join → first frame (ms) | floor (ms) | Kaigi ÷ floor | rounds |")
print("|---|---|---|---|---|---|")
for topology in runs[0]:
    kaigi = [r[topology]["joinToFirstFrameMs"] for r in runs if topology in r]
    floor = [r[topology]["inPageFloorMs"] for r in runs if topology in r]
    k, f = statistics.median(kaigi), statistics.median(floor)
    print(f"| {topology} | {runs[0][topology]['path']} | {k:.0f} ({min(kaigi)}–{max(kaigi)}) | {f:.0f} ({min(floor)}–{max(floor)}) | {k / f:.2f}× | {len(kaigi)} |")
steps = {t: [r[t].get("joinSteps", {}) for r in runs if t in r] for t in runs[0]}
print()
print("| topology | welcome | ICE servers | connected (median ms after Join) |")
print("|---|---|---|---|")
for t, s in steps.items():
    med = lambda k: statistics.median([x[k] for x in s if k in x]) if any(k in x for x in s) else float("nan")
    print(f"| {t} | {med('welcome'):.0f} | {med('iceServers'):.0f} | {med('connected'):.0f} |")
PY
echo "raw results: $out"
