#!/usr/bin/env bash
# Runs Kaigi on this machine: both services with their embedded dev defaults, plus a local coturn when
# `turnserver` is installed. No Docker. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
state="$root/.local"
mkdir -p "$state"

SIGNALING_PORT=${KAIGI_SIGNALING_PORT:-8080}
CREDENTIALS_PORT=${KAIGI_CREDENTIALS_PORT:-8081}
TURN_PORT=${KAIGI_TURN_PORT:-3478}
# Development-only secret, the same default the credential service uses in its dev profile.
DEV_TURN_SECRET=dev-only-turn-secret-change-me-0123456789

jar_of() { echo "$root/$1/target/quarkus-app/quarkus-run.jar"; }
stale() {
  local jar; jar=$(jar_of "$1")
  [ ! -f "$jar" ] || [ -n "$(find "$root/$1/src" "$root/web-ui/src" "$root/$1/pom.xml" -newer "$jar" -print -quit)" ]
}
if stale signaling-service || stale turn-credential-service; then
  echo "Building Kaigi (first run takes a few minutes)…"
  ./mvnw -B -q -ntp package -DskipTests
fi

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

export KAIGI_CREDENTIAL_SERVICE_URL=${KAIGI_CREDENTIAL_SERVICE_URL:-http://localhost:$CREDENTIALS_PORT}
export KAIGI_UI_ORIGINS=${KAIGI_UI_ORIGINS:-http://localhost:$SIGNALING_PORT,http://127.0.0.1:$SIGNALING_PORT}
export KAIGI_TURN_URIS=${KAIGI_TURN_URIS:-turn:127.0.0.1:$TURN_PORT?transport=udp,turn:127.0.0.1:$TURN_PORT?transport=tcp}
export KAIGI_STUN_URIS=${KAIGI_STUN_URIS:-stun:127.0.0.1:$TURN_PORT}

# From its own directory: the class archive made with the package (app-cds.jsa) is only valid there.
run_service() { # module port log
  (cd "$(dirname "$(jar_of "$1")")" && exec java -XX:SharedArchiveFile=app-cds.jsa -Dquarkus.profile=dev \
    -Dquarkus.http.port="$2" -jar quarkus-run.jar) >"$state/$3" 2>&1 &
  pids+=($!)
}
run_service signaling-service "$SIGNALING_PORT" signaling.log
run_service turn-credential-service "$CREDENTIALS_PORT" credentials.log

if command -v turnserver >/dev/null 2>&1; then
  # The production template (k8s/turnserver.conf) plus what differs locally.
  turnserver -c "$root/k8s/turnserver.conf" --listening-port "$TURN_PORT" --static-auth-secret "$DEV_TURN_SECRET" \
    --no-tls --no-dtls --log-file "$state/turn.log" --pidfile "$state/turn.pid" --userdb "$state/turndb" \
    >"$state/turn.stdout" 2>&1 &
  pids+=($!)
  turn_note="coturn on port $TURN_PORT (dev secret)"
else
  turn_note="no TURN relay (install coturn for one); direct connections still work"
fi

wait_up() {
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$1/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "Service on port $1 did not become ready; see $state/*.log" >&2
  return 1
}
wait_up 9000
wait_up 9001

room=$(head -c 12 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
cat <<MSG

  Kaigi is running — $turn_note.
  Open this room in two browser tabs:

      http://localhost:$SIGNALING_PORT/r/$room

  Logs: $state/   Stop: Ctrl-C
MSG
wait -n "${pids[@]}"
