#!/usr/bin/env bash
# Cluster mode versus one in-memory replica, in the same run on this machine (issue: CPU per cross-replica
# message <= 2x in-memory, p99 <= 2x in-memory + 2 ms, zero loss and reordering).
# For each configuration and offered rate: ROOMS x 4 peers, every peer sending 20 signals/s; in cluster mode the
# peers of every room alternate between the two replicas. CPU is summed over all server processes (replicas and
# Redis) over the measured window. The max sustained rate is the highest step with p99 <= 50 ms, nothing lost or
# reordered, and >= 95 % of the offered rate relayed. Read/write system calls and context switches per signal are
# counted over the same processes, and the commands Redis ran per signal delivered (INFO commandstats; the memory
# replica leaves Redis idle). Each configuration first runs a 20 s warm-up (not reported).
# The generator carries its acks on its signals, as the web UI does (-Dack.carry=false: acks in frames of their
# own, every 16, as before 2026-12-06). Between the two runs the pub/sub floor
# (bench/Floor.java pubsub: two processes that only PUBLISH each signal to its recipient's channel on the same Redis)
# shows what any relay through Redis pub/sub costs on this machine, with the same peers split across two processes.
# Usage: bench/run-cluster-bench.sh [SECONDS] [RATES...]   (defaults: 10 s; 2000 4000 6000 8000 10000 12000)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}; shift || true
rates=("$@"); [ ${#rates[@]} -gt 0 ] || rates=(2000 4000 6000 8000 10000 12000)
per_peer=20
jar=signaling-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./mvnw -B -q -ntp -pl web-ui,signaling-service package -DskipTests
command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install redis-server" >&2; exit 1; }
# Each replica as its pod runs it: the pod's JVM options (bench/pod-jvm.sh) and one event loop, as the manifests
# give a one-CPU pod.
. bench/pod-jvm.sh
jvm=${BENCH_JVM:-"$run_java $image_jvm"}
loops=${BENCH_LOOPS:-1}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
redis_pid=$!; pids+=("$redis_pid")

start_replica() { # $1: registry; prints "pid port"
  local port mport pid
  port=$(free_port); mport=$(free_port)
  # shellcheck disable=SC2086
  (cd "$(dirname "$jar")" && KAIGI_REGISTRY=$1 QUARKUS_REDIS_HOSTS="redis://127.0.0.1:$redis_port" \
    exec java $jvm -XX:SharedArchiveFile=app-cds.jsa -Dquarkus.vertx.event-loops-pool-size="$loops" -Dquarkus.profile=dev -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 \
      -Dquarkus.management.port="$mport" -Dkaigi.signaling.per-address.max-connections=100000 -Dkaigi.signaling.per-address.joins-per-minute=10000000 -Dquarkus.log.level=WARN -jar quarkus-run.jar >>"$work/replica-$port.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$mport/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  echo "$pid $port"
}

start_floor() { # prints "pid port": one process of the pub/sub floor (bench/Floor.java pubsub)
  local port pid
  port=$(free_port)
  # shellcheck disable=SC2086
  java $jvm -cp "$(dirname "$jar")/lib/main/*" bench/Floor.java pubsub "$port" "$loops" "redis://127.0.0.1:$redis_port" \
    >>"$work/floor-$port.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do grep -q listening "$work/floor-$port.log" 2>/dev/null && break; sleep 0.5; done
  echo "$pid $port"
}

echo "java $(java -version 2>&1 | head -1 | cut -d'"' -f2), $(nproc) cores, $(redis-server --version | cut -d' ' -f3); ${seconds}s per step"
results="$work/results"
for config in memory floor cluster; do
  if [ "$config" = memory ]; then
    read -r p1 port1 < <(start_replica memory); pids+=("$p1")
    urls="ws://127.0.0.1:$port1"; server_pids="$p1"
  elif [ "$config" = floor ]; then
    read -r p1 port1 < <(start_floor); pids+=("$p1")
    read -r p2 port2 < <(start_floor); pids+=("$p2")
    urls="ws://127.0.0.1:$port1,ws://127.0.0.1:$port2"; server_pids="$p1,$p2,$redis_pid"
  else
    read -r p1 port1 < <(start_replica redis); pids+=("$p1")
    read -r p2 port2 < <(start_replica redis); pids+=("$p2")
    urls="ws://127.0.0.1:$port1,ws://127.0.0.1:$port2"; server_pids="$p1,$p2,$redis_pid"
  fi
  # JIT warm-up, not reported: a cold JVM at full load measures the compiler, not the relay.
  echo "== $config: warm-up, 20 s at 4000 signals/s"
  java bench/SignalingLoad.java "$urls" 50 4 "$per_peer" 15 >/dev/null 2>&1 || true
  for rate in "${rates[@]}"; do
    rooms=$(( rate / (4 * per_peer) ))
    echo "== $config: $rate signals/s offered ($rooms rooms x 4 peers x $per_peer/s)"
    calls=$(redis_calls "$redis_port")
    java bench/SignalingLoad.java "$urls" "$rooms" 4 "$per_peer" "$seconds" "$server_pids" >"$work/step" 2>&1 || true
    grep -v '^RESULT' "$work/step"
    line=$(grep '^RESULT' "$work/step" || echo "RESULT offered=$rate relayed=0 p50=0 p99=0 max=0 lost=-1 reordered=0 duplicated=0 errors=-1 cpu_us=0 marginal_us=0 io=0 switches=0")
    echo "$config $rate ${line#RESULT } redis_commands=$(redis_calls_per_signal "$redis_port" "$calls" "$work/step")" >>"$results"
  done
  for p in ${server_pids//,/ }; do [ "$p" = "$redis_pid" ] || { kill "$p"; wait "$p" 2>/dev/null || true; }; done
done

echo
echo "| config | offered/s | relayed/s | p50 ms | p99 ms | lost | reordered | duplicated | errors | CPU µs/signal | above idle | read+write calls/signal | context switches/signal | Redis commands/signal |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
while read -r config rate rest; do
  eval "$rest"
  echo "| $config | $offered | $relayed | $p50 | $p99 | $lost | $reordered | $duplicated | $errors | $cpu_us | $marginal_us | $io | $switches | $redis_commands |"
done <"$results"
echo
echo "| offered/s | CPU cluster ÷ memory | same, above idle | pub/sub floor ÷ memory, above idle | cluster ÷ floor, above idle | p99 cluster | target 2 × memory p99 + 2 ms |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
for rate in "${rates[@]}"; do
  m=$(grep "^memory $rate " "$results" | cut -d' ' -f3-); c=$(grep "^cluster $rate " "$results" | cut -d' ' -f3-)
  f=$(grep "^floor $rate " "$results" | cut -d' ' -f3-)
  mc=$(eval "$m"; echo "$cpu_us $p99 $marginal_us"); cc=$(eval "$c"; echo "$cpu_us $p99 $marginal_us")
  fc=$(eval "$f"; echo "$cpu_us $p99 $marginal_us")
  awk -v r="$rate" -v m="$mc" -v c="$cc" -v f="$fc" 'BEGIN { split(m, a, " "); split(c, b, " "); split(f, d, " ");
    printf "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n", r, (a[1] > 0 ? b[1] / a[1] : 0),
      (a[3] > 0 ? b[3] / a[3] : 0), (a[3] > 0 ? d[3] / a[3] : 0), (d[3] > 0 ? b[3] / d[3] : 0), b[2], 2 * a[2] + 2 }'
done
for config in memory floor cluster; do
  best=0
  while read -r cfg rate rest; do
    [ "$cfg" = "$config" ] || continue
    eval "$rest"
    if awk -v p="$p99" -v l="$lost" -v o="$reordered" -v d="$duplicated" -v rel="$relayed" -v off="$offered" \
        'BEGIN { exit !(p <= 50 && l == 0 && o == 0 && d == 0 && rel >= 0.95 * off) }'; then best=$rate; fi
  done <"$results"
  echo "max sustained ($config): $best signals/s"
done
