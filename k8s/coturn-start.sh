#!/bin/sh
# Starts coturn from the shared template with what differs per deployment: one --static-auth-secret per
# comma-separated entry of KAIGI_TURN_SECRETS (the credential service signs with the first; coturn accepts
# all of them, which is what makes rotation possible), the port and the external IP.
set -eu
: "${KAIGI_TURN_SECRETS:?KAIGI_TURN_SECRETS is required}"
state="${KAIGI_TURN_STATE_DIR:-/var/tmp}"
set -- -c "${KAIGI_TURN_CONFIG:-/etc/coturn/turnserver.conf}" --listening-port "${KAIGI_TURN_PORT:-3478}" \
  --pidfile "$state/turnserver.pid" --userdb "$state/turndb" --no-tls --no-dtls
external="${KAIGI_TURN_EXTERNAL_IP:-${NODE_IP:-}}"
if [ -n "$external" ]; then set -- "$@" --external-ip "$external"; fi
if [ -n "${KAIGI_TURN_LISTENING_IP:-}" ]; then set -- "$@" --listening-ip "$KAIGI_TURN_LISTENING_IP"; fi
old_ifs=$IFS; IFS=,
for secret in $KAIGI_TURN_SECRETS; do set -- "$@" --static-auth-secret "$secret"; done
IFS=$old_ifs
exec turnserver "$@"
