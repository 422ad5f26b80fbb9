#!/usr/bin/env bash
# Runs Kaigi's whole test suite. Installs what the tests need (coturn, Redis, Chromium, …) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# command -> Debian package(s) that provide it (the first one apt knows is installed)
declare -A provider=(
  [turnserver]="coturn"
  [turnutils_uclient]="coturn"
  [kubectl]="kubectl kubernetes-client"
  [docker-compose]="docker-compose"
  [chromium]="chromium"
  [chromedriver]="chromium-driver"
  [firefox-esr]="firefox-esr"
  [ip]="iproute2"
  [nft]="nftables"
  [openssl]="openssl"
  [node]="nodejs"
  [redis-server]="redis-server"
)
missing=()
for cmd in "${!provider[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing test prerequisites for: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    for cmd in "${missing[@]}"; do
      command -v "$cmd" >/dev/null 2>&1 && continue
      for pkg in ${provider[$cmd]}; do
        if apt-cache show "$pkg" >/dev/null 2>&1 \
          && apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null; then break; fi
      done
    done
  fi
  for cmd in "${missing[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || {
      echo "Missing test prerequisite: $cmd (Debian package: ${provider[$cmd]%% *}); the tests that need it will fail" >&2
    }
  done
fi
# A Japanese font, so the browser tests' screenshots show the Japanese UI text (only screenshots depend on it).
if ! fc-list :lang=ja 2>/dev/null | grep -q . && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends fonts-ipafont-gothic >/dev/null \
    || echo "Could not install fonts-ipafont-gothic; screenshots will show boxes for Japanese text" >&2
fi
# The Debian packages start a system coturn and Redis; the tests start their own on free ports and need neither.
if command -v systemctl >/dev/null 2>&1; then
  systemctl stop coturn >/dev/null 2>&1 || true
  systemctl stop redis-server >/dev/null 2>&1 || true
fi

# Pure web-UI logic first (fast), then everything else, browser tests included.
node --test web-ui/src/test/js/
./mvnw -B -ntp verify "$@"
# A few seconds of the relay benchmark against its floor, on the jars just built: fails on any lost, reordered
# or duplicated message or failed request. Speed is not judged here (docs/benchmarks.md: the full run).
bench/run-relay-bench.sh quick
