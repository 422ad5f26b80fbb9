#!/bin/sh
# Starts coturn from the shared template with what differs per deployment: one --static-auth-secret per
# comma-separated entry of KAIGI_TURN_SECRETS (the credential service signs with the first; coturn accepts
# all of them, which is what makes rotation possible), the port and the external IP.
# TURN over TLS: set KAIGI_TURN_TLS_CERT and KAIGI_TURN_TLS_KEY (PEM files; port KAIGI_TURN_TLS_PORT, 443 by
# default). A renewed certificate (cert-manager rewrites the mounted Secret) is picked up without a restart:
# the files are checked every KAIGI_TURN_TLS_RELOAD_SECONDS (60) and coturn reloads them on SIGUSR2. Before the
# first certificate is issued, coturn serves UDP and TCP only, and the script exits (to be restarted with TLS)
# as soon as the files appear. With TLS comes DTLS on the same port number over UDP, which also answers plain
# STUN: a second STUN endpoint (stun:<host>:<tls port> in KAIGI_STUN_URIS) lets the pre-join network check tell a
# symmetric NAT, whose calls then go straight to the relay.
set -eu
: "${KAIGI_TURN_SECRETS:?KAIGI_TURN_SECRETS is required}"
state="${KAIGI_TURN_STATE_DIR:-/var/tmp}"
set -- -c "${KAIGI_TURN_CONFIG:-/etc/coturn/turnserver.conf}" --listening-port "${KAIGI_TURN_PORT:-3478}" \
  --pidfile "$state/turnserver.pid" --userdb "$state/turndb"
cert="${KAIGI_TURN_TLS_CERT:-}"
key="${KAIGI_TURN_TLS_KEY:-}"
pending=
if [ -n "$cert" ]; then
  : "${KAIGI_TURN_TLS_KEY:?KAIGI_TURN_TLS_KEY is required with KAIGI_TURN_TLS_CERT}"
  if [ -s "$cert" ] && [ -s "$key" ]; then
    set -- "$@" --tls-listening-port "${KAIGI_TURN_TLS_PORT:-443}" --cert "$cert" --pkey "$key"
  else
    echo "coturn-start: no certificate at $cert yet: TURN over TLS is off until it appears"
    pending=1
    set -- "$@" --no-tls --no-dtls
  fi
else
  set -- "$@" --no-tls --no-dtls
fi
external="${KAIGI_TURN_EXTERNAL_IP:-${NODE_IP:-}}"
if [ -n "$external" ]; then set -- "$@" --external-ip "$external"; fi
if [ -n "${KAIGI_TURN_LISTENING_IP:-}" ]; then set -- "$@" --listening-ip "$KAIGI_TURN_LISTENING_IP"; fi
old_ifs=$IFS; IFS=,
for secret in $KAIGI_TURN_SECRETS; do set -- "$@" --static-auth-secret "$secret"; done
IFS=$old_ifs
if [ -z "$cert" ]; then exec turnserver "$@"; fi

# With TLS this shell stays coturn's parent: it forwards stop signals and watches the certificate files.
fingerprint() { cat "$cert" "$key" 2>/dev/null | cksum; }
turnserver "$@" &
coturn=$!
sleeper=
trap 'kill -TERM "$coturn" $sleeper 2>/dev/null' TERM INT
seen=$(fingerprint)
while kill -0 "$coturn" 2>/dev/null; do
  sleep "${KAIGI_TURN_TLS_RELOAD_SECONDS:-60}" &
  sleeper=$!
  wait "$sleeper" 2>/dev/null || true
  now=$(fingerprint)
  if [ -n "$pending" ] && [ -s "$cert" ] && [ -s "$key" ]; then
    echo "coturn-start: certificate issued; restarting to listen for TURN over TLS"
    kill -TERM "$coturn" 2>/dev/null || true
    wait "$coturn" || true
    exit 0
  fi
  if [ "$now" != "$seen" ]; then
    echo "coturn-start: TLS certificate changed; reloading it (SIGUSR2)"
    kill -USR2 "$coturn" 2>/dev/null || true
    seen=$now
  fi
done
wait "$coturn"
