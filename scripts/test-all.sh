#!/usr/bin/env bash
# Runs Kaigi's whole test suite. Installs what the tests need (coturn for the real-TURN tests) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v turnserver >/dev/null 2>&1 || need+=(coturn)
command -v turnutils_uclient >/dev/null 2>&1 || need+=(coturn)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing test prerequisites: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Missing test prerequisites: ${need[*]} (install them, e.g. sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
fi
# The Debian package starts a system coturn; the tests start their own on free ports and need no other.
if command -v systemctl >/dev/null 2>&1; then systemctl stop coturn >/dev/null 2>&1 || true; fi

./mvnw -B -ntp verify "$@"
