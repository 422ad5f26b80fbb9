#!/usr/bin/env bash
# A long soak: the packaged signaling service under steady churn (bench/SoakChurn.java) for MINUTES, with the heap
# after a full GC, the RSS and the live counts sampled every INTERVAL seconds. A leak shows as a rising heap curve.
# Usage: bench/run-soak.sh [MINUTES] [CYCLES_PER_SECOND] [INTERVAL]   (defaults: 30 20 60)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}; rate=${2:-20}; interval=${3:-60}
jar=signaling-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q -ntp -pl web-ui,signaling-service package -DskipTests
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); mport=$(free_port); log=$(mktemp)
java -Dquarkus.profile=dev -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dquarkus.management.port="$mport" \
  -Dkaigi.signaling.per-address.max-connections=100000 -Dkaigi.signaling.per-address.joins-per-minute=10000000 \
  -Dkaigi.signaling.resume.grace=5s -Dkaigi.signaling.max-peers-per-room=100 -Dquarkus.log.level=INFO -Xmx512m -jar "$jar" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$mport/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
metric() { curl -fsS "http://127.0.0.1:$mport/q/metrics" | awk -v m="$1" 'index($0, m) == 1 { s += $NF } END { print s + 0 }'; }
sample() {
  jcmd "$pid" GC.run >/dev/null
  printf "| %s | %.1f | %.1f | %d | %d | %d |\n" "$1" "$(metric 'jvm_memory_used_bytes{area="heap"' | awk '{print $1 / 1048576}')" \
    "$(ps -o rss= -p "$pid" | awk '{print $1/1024}')" "$(metric 'kaigi_signaling_connections ')" \
    "$(metric 'kaigi_signaling_peers ')" "$(metric 'kaigi_signaling_rooms ')"
}
echo "java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nproc) cores; ${minutes} min at ${rate} cycles/s, -Xmx512m"
echo "| minute | heap after GC MiB | RSS MiB | connections | peers | rooms |"
echo "|---:|---:|---:|---:|---:|---:|"
sample 0
java bench/SoakChurn.java "ws://127.0.0.1:$port" "$minutes" "$rate" > "$log.churn" 2>&1 &
churn=$!
start=$(date +%s)
while kill -0 $churn 2>/dev/null; do
  sleep "$interval"
  kill -0 $churn 2>/dev/null && sample "$(( ($(date +%s) - start) / 60 ))"
done
sleep 8 # grace (5 s) + a sweep: dropped visitors are gone
sample "end"
grep -E "CHURN|failed:" "$log.churn" || tail -5 "$log.churn"
echo "ERROR lines in the service log: $(grep -c ' ERROR ' "$log" || true)"
rm -f "$log.churn"
