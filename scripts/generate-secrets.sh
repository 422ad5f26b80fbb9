#!/usr/bin/env bash
# Writes fresh random secrets to FILE (k8s/secrets.env for `kubectl apply -k k8s/`, .env for
# `docker compose up`). Never overwrites an existing file; never commit the result.
set -euo pipefail
file=${1:?usage: scripts/generate-secrets.sh FILE}
if [ -e "$file" ]; then
  echo "$file exists; not overwriting (delete it first to regenerate)" >&2
  exit 1
fi
rand() { openssl rand -base64 48 | tr -d '\n/+=' | cut -c1-48; }
umask 077
cat >"$file" <<ENV
KAIGI_JOIN_TOKEN_SECRET=$(rand)
KAIGI_RESUME_SECRET=$(rand)
KAIGI_TURN_SECRETS=$(rand)
KAIGI_API_KEYS=$(rand)
KAIGI_REDIS_PASSWORD=$(rand)
ENV
echo "wrote $file"
