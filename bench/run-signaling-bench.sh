#!/usr/bin/env bash
# Benchmarks the signaling relay on this machine: starts the packaged service, drives it with
# bench/SignalingLoad.java, and checks the service log for event-loop blocking warnings.
# Usage: bench/run-signaling-bench.sh [ROOMS PEERS RATE SECONDS]   (defaults: 100 4 10 30)
set -euo pipefail
cd "$(dirname "$0")/.."
rooms=${1:-100}; peers=${2:-4}; rate=${3:-10}; seconds=${4:-30}
jar=signaling-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q -ntp -pl web-ui,signaling-service package -DskipTests
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); mport=$(free_port)
log=$(mktemp)
# The dev profile (dev-only secrets) is fine on loopback. Vert.x warns when an event loop is blocked > 100 ms.
java -Dquarkus.profile=dev -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dquarkus.management.port="$mport" -Dkaigi.signaling.per-address.max-connections=100000 -Dkaigi.signaling.per-address.joins-per-minute=10000000 \
  -Dvertx.options.blockedThreadCheckInterval=100 -Dquarkus.vertx.max-event-loop-execute-time=100ms \
  -Xmx1g -jar "$jar" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$mport/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
echo "java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nproc) cores; $rooms rooms x $peers peers, $rate signals/s each, ${seconds}s"
java bench/SignalingLoad.java "ws://127.0.0.1:$port" "$rooms" "$peers" "$rate" "$seconds"
blocked=$(grep -c "has been blocked" "$log" || true)
echo "event-loop blocked warnings: $blocked"
ps -o rss= -p $pid | awk '{printf "service RSS: %.0f MiB\n", $1/1024}'
