#!/usr/bin/env bash
# Replaces the AppCDS archive Quarkus makes at package time (app-cds.jsa: the classes of its static init only) with
# one recorded over a whole start of the service: the packaged jar runs until it is ready, answers a few requests on
# each port, and is stopped; the JVM writes every class it loaded into the archive as it exits. On one CPU that takes
# ≈ 0.13 s more off the start (docs/benchmarks.md, "Cold start"). Run by `mvnw package` in each service's module.
#
# Usage: train-app-cds.sh QUARKUS_APP_DIR [APP_PATH...]   (paths to request on the application port, e.g. /)
# Needs only bash and the JDK that will run the jar ($JAVA, else java on the PATH; the build passes its own JDK, as
# Quarkus does for its archive); the archive is valid for that JDK, from that directory.
set -euo pipefail
app_dir=$1
shift
cd "$app_dir"
[ -f quarkus-run.jar ] || { echo "train-app-cds: no quarkus-run.jar in $app_dir" >&2; exit 1; }

log=app-cds-training.log
rm -f app-cds-training.jsa "$log"
# Ports 0: the service picks free ones and logs them. The dev profile's defaults are only for this loopback run.
"${JAVA:-java}" -XX:ArchiveClassesAtExit=app-cds-training.jsa -Dquarkus.profile=dev -Dquarkus.http.host=127.0.0.1 \
  -Dquarkus.http.port=0 -Dquarkus.management.port=0 -Dquarkus.management.host=127.0.0.1 \
  -Dquarkus.log.level=WARN -Dquarkus.log.category.\"io.quarkus\".level=INFO -jar quarkus-run.jar >"$log" 2>&1 &
pid=$!
trap 'kill -9 "$pid" 2>/dev/null || true' EXIT

# The status code of GET PATH on PORT (loopback), or nothing when nothing answers.
status_of() {
  local code
  exec 3<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null || return 0
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&3
  code=$(head -c 64 <&3 | sed -n '1s/^HTTP\/1\.[01] \([0-9]*\).*/\1/p')
  exec 3>&-
  echo "$code"
}

app_port='' management_port=''
for _ in $(seq 1 360); do
  kill -0 "$pid" 2>/dev/null || { echo "train-app-cds: the service exited while starting:" >&2; cat "$log" >&2; exit 1; }
  if [ -z "$management_port" ]; then
    app_port=$(sed -n 's/.*Listening on: http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$log" | head -1)
    management_port=$(sed -n 's/.*Management interface listening on http:\/\/[^:]*:\([0-9]*\).*/\1/p' "$log" | head -1)
  fi
  if [ -n "$management_port" ] && [ "$(status_of "$management_port" /q/health/ready)" = 200 ]; then
    break
  fi
  sleep 0.25
done
[ -n "$management_port" ] && [ "$(status_of "$management_port" /q/health/ready)" = 200 ] ||
  { echo "train-app-cds: the service was not ready within 90 s:" >&2; cat "$log" >&2; exit 1; }

for path in /q/health/live /q/metrics; do
  status_of "$management_port" "$path" >/dev/null
done
for path in "$@"; do
  status_of "$app_port" "$path" >/dev/null
done

kill -TERM "$pid"
wait "$pid" || true # a JVM stopped by SIGTERM exits with 143
trap - EXIT
[ -s app-cds-training.jsa ] || { echo "train-app-cds: the JVM wrote no archive:" >&2; cat "$log" >&2; exit 1; }
mv -f app-cds-training.jsa app-cds.jsa
rm -f "$log"
echo "train-app-cds: $app_dir/app-cds.jsa recorded over a whole start by ${JAVA:-java} ($(du -k app-cds.jsa | cut -f1) KiB)"
