#!/usr/bin/env bash
# Variants of the signaling service in cluster mode against each other, in alternating rounds (this machine's
# speed moves by tens of percent between hours, so only variants measured in the same rounds compare). Each round
# starts every variant afresh: a new local redis-server, two replicas (or one, for the memory registry) with the
# pod's JVM options and one event loop, a 15 s warm-up, then bench/SignalingLoad.java at each rate.
# Usage: bench/run-cluster-ab.sh ROUNDS SECONDS "RATES" VARIANT...
#   VARIANT = name:app-dir:jvm-options(comma-separated):registry(redis|memory, default redis)
#   e.g. bench/run-cluster-ab.sh 2 10 "2000 12000" \
#          now:signaling-service/target/quarkus-app: \
#          window:signaling-service/target/quarkus-app:-Dkaigi.signaling.cluster.batch-window=PT0.001S
# An app dir is a copy of signaling-service/target/quarkus-app (copy it aside to compare builds).
# Prints one line per round, variant and rate: the SignalingLoad RESULT, the commands Redis ran per delivered
# signal, and the cores used by each process.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 4 ] || { sed -n 2,12p "$0" >&2; exit 2; }
rounds=$1 seconds=$2 rates=$3; shift 3
command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install redis-server" >&2; exit 1; }
. bench/pod-jvm.sh
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for round in $(seq 1 "$rounds"); do
  for variant in "$@"; do
    IFS=: read -r name app extra registry <<<"$variant"
    extra=${extra//,/ }; registry=${registry:-redis}; app=$(cd "$app" && pwd)
    redis_port=$(free_port)
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
    pids=($!); urls=""
    replicas=2; [ "$registry" = memory ] && replicas=1
    for _ in $(seq 1 "$replicas"); do
      port=$(free_port); mport=$(free_port)
      # shellcheck disable=SC2086
      (cd "$app" && KAIGI_REGISTRY=$registry QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$redis_port" exec java $run_java \
        $image_jvm $extra -XX:SharedArchiveFile=app-cds.jsa -Dquarkus.vertx.event-loops-pool-size=1 -Dquarkus.profile=dev \
        -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 -Dquarkus.management.port="$mport" \
        -Dkaigi.signaling.per-address.max-connections=100000 -Dkaigi.signaling.per-address.joins-per-minute=10000000 \
        -Dquarkus.log.level=WARN -jar quarkus-run.jar >>"$work/replica-$port.log" 2>&1) &
      pids=("$!" "${pids[@]}"); urls="$urls,ws://127.0.0.1:$port"
      for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$mport/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    done
    urls=${urls#,}
    java bench/SignalingLoad.java "$urls" 50 4 20 15 >/dev/null 2>&1 || true
    for rate in $rates; do
      calls=$(redis_calls "$redis_port")
      java bench/SignalingLoad.java "$urls" $((rate / 80)) 4 20 "$seconds" "$(IFS=,; echo "${pids[*]}")" >"$work/step" 2>&1 || true
      per_signal=$(redis_calls_per_signal "$redis_port" "$calls" "$work/step")
      echo "round $round $name $rate $(grep '^RESULT' "$work/step" | cut -d' ' -f2-) redis_calls=$per_signal" \
        "$(grep -o 'cores by pid.*' "$work/step" || true)"
    done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  done
done
