# Sourced by the bench scripts: the JVM options a server runs with in its pod, and how they start and reach servers. run_java is what the container
# image's run-java.sh passes in the 512 MiB pod (JAVA_MAX_MEM_RATIO=70 -> 358 MiB heap); image_jvm what the image
# appends (quarkus.jib.jvm-additional-arguments, read from the signaling service's configuration).
# shellcheck disable=SC2034
run_java="-XX:+UseParallelGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:GCTimeRatio=4 -XX:AdaptiveSizePolicyWeight=90 -Xmx358m"
# shellcheck disable=SC2034
image_jvm=$(sed -n 's/^quarkus\.jib\.jvm-additional-arguments=//p' signaling-service/src/main/resources/application.properties | tr ',' ' ')
# The signaling service's per-client limits, lifted for the relay benchmarks: their generator is one address.
# shellcheck disable=SC2034
limits_lifted="-Dkaigi.signaling.per-address.max-connections=1000000 -Dkaigi.signaling.per-address.joins-per-minute=100000000 -Dkaigi.signaling.rate-limit.burst=100000 -Dkaigi.signaling.rate-limit.per-second=100000 -Dkaigi.signaling.max-connections=100000"

# Servers on CPU 0 (the pod's one CPU), load generators on CPU 1, where the machine has two and taskset.
# shellcheck disable=SC2034
pin_server="" pin_client=""
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then pin_server="taskset -c 0"; pin_client="taskset -c 1"; fi

# The packaged signaling service as the relay benchmarks run it (after `java $jvm`): dev profile on loopback (its
# dev-only secrets are fine there), per-client limits lifted, LOOPS event loops. Usage: kaigi_relay_options PORT LOOPS
kaigi_relay_options() {
  echo "-Dquarkus.profile=dev -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$1 -Dquarkus.management.port=$(free_port)" \
    "-Dquarkus.log.level=WARN -Dquarkus.vertx.event-loops-pool-size=$2 $limits_lifted"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Returns once something accepts connections on PORT; fails after 30 s.
wait_port() { for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.25; done; echo "server on $1 did not start" >&2; return 1; }

# Runs (exec) one relay server on CPU 0 with LOOPS event loops: the floor (from FLOOR_CLASSPATH) or the packaged
# Kaigi (JAR, with any further options before it). Start it in the background: its pid is then $!.
# Usage: exec_relay_server SIDE JVM_OPTIONS PORT LOOPS FLOOR_CLASSPATH JAR [KAIGI_OPTION...]
exec_relay_server() {
  local side=$1 jvm=$2 port=$3 loops=$4 floor_cp=$5 jar=$6
  shift 6
  if [ "$side" = floor ]; then
    # shellcheck disable=SC2086
    exec $pin_server java $jvm -cp "$floor_cp" Floor relay "$port" "$loops"
  else
    # shellcheck disable=SC2046,SC2086
    exec $pin_server java $jvm $(kaigi_relay_options "$port" "$loops") "$@" -jar "$jar"
  fi
}

# Starts one relay server with one event loop (exec_relay_server) and waits for its port; sets pid and target
# (RelayLoad's "side=url=pid").
# Usage: start_relay_server SIDE JVM_OPTIONS LOG FLOOR_CLASSPATH JAR
start_relay_server() {
  local side=$1 jvm=$2 log=$3 floor_cp=$4 jar=$5 port
  port=$(free_port)
  exec_relay_server "$side" "$jvm" "$port" 1 "$floor_cp" "$jar" >"$log" 2>&1 &
  pid=$!
  wait_port "$port"
  target="$side=ws://127.0.0.1:$port=$pid"
}

# Every command a local Redis on PORT has run since it started, from INFO commandstats (its scripts' own included).
# Usage: redis_calls PORT
redis_calls() {
  # awk alone: an idle Redis lists no command yet, and a grep finding nothing would fail the caller's pipefail.
  redis-cli -p "$1" INFO commandstats 2>/dev/null | awk -F 'calls=' 'NF > 1 { split($2, n, ","); s += n[1] } END { print s + 0 }'
}

# Commands Redis ran since CALLS_BEFORE, per signal SignalingLoad delivered in the step whose output is STEP_LOG:
# a count, not a time, so this machine's noise does not move it. Usage: redis_calls_per_signal PORT CALLS_BEFORE STEP_LOG
redis_calls_per_signal() {
  local received
  received=$(grep -o 'received [0-9][0-9]*' "$3" | head -1 | cut -d' ' -f2)
  awk -v c=$(( $(redis_calls "$1") - $2 )) -v n="${received:-0}" 'BEGIN { if (n > 0) printf "%.2f", c / n; else print "-" }'
}
