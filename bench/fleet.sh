#!/usr/bin/env bash
# One control plane holding a simulated media-node fleet: N nodes (default 1,000) long-polling for config, a tenant
# change every 5 s whose arrival at every node is timed (target: all within 2 s), then stream events at a fixed rate
# (default 1,000/s) with the long polls and the changes still running. What it measures and how to read it:
# bench/README.md.
#
#   bench/fleet.sh
#   NODES=200 EVENT_SECONDS=10 bench/fleet.sh            a quick look
#   EVENTS_PER_SECOND=2000 BATCH_SIZE=10 bench/fleet.sh  more events, ten per request
#   CHANGE=domain bench/fleet.sh                         changes are PATCH enabled=false/true instead of forbids
#
# The control plane runs on core 0 (MariaDB is not pinned: it is the machine's own service), FleetLoad on core 1.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
nodes="${NODES:-1000}"
events_per_second="${EVENTS_PER_SECOND:-1000}"
event_seconds="${EVENT_SECONDS:-30}"
batch_size="${BATCH_SIZE:-1}"
change="${CHANGE:-forbid}"
changes="${CHANGES:-6}"
port="${CP_PORT:-18080}"
dns_port="${CP_DNS_PORT:-15353}"
database=liveplane_bench_fleet
operator_token="${LIVEPLANE_OPERATOR_TOKEN:-bench-operator-token-0123456789}"
jar="$root/control-plane/target/control-plane.jar"
load_jar="$root/bench/target/liveplane-bench.jar"
work="$(mktemp -d /tmp/liveplane-fleet-bench.XXXXXX)"
log() { printf '[fleet.sh] %s\n' "$*" >&2; }

# A thousand long polls, their heartbeats and the event requests each hold a socket, on both sides.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((nodes * 2 + 1024)) ]; then
  log "ulimit -n is $(ulimit -n): too few descriptors for $nodes nodes (need about $((nodes * 2 + 1024)))"
  exit 1
fi

if [ ! -f "$jar" ] || [ -n "$(find "$root/control-plane/src" "$root/control-plane/pom.xml" "$root/api" \
    -newer "$jar" -print -quit)" ]; then
  log "building the control plane (./mvnw -DskipTests package -pl control-plane -am)"
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests package -pl control-plane -am)
fi
if [ ! -f "$load_jar" ] \
    || [ -n "$(find "$root/bench/src/main" "$root/bench/pom.xml" -newer "$load_jar" -print -quit)" ]; then
  log "building the load generator (./mvnw -DskipTests package -pl bench -am)"
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests package -pl bench -am)
fi
if ! mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
  log "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  for _ in $(seq 1 50); do mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
fi
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $database; CREATE DATABASE $database"

cp_pid=""
cleanup() {
  if [ -n "$cp_pid" ]; then kill "$cp_pid" 2>/dev/null || true; wait "$cp_pid" 2>/dev/null || true; fi
  log "logs kept in $work"
}
trap cleanup EXIT

log "starting the control plane on :$port (core 0)"
MICRONAUT_SERVER_PORT="$port" \
LIVEPLANE_DB_URL="jdbc:mariadb://127.0.0.1:3306/$database" LIVEPLANE_DB_USER=root LIVEPLANE_DB_PASSWORD= \
LIVEPLANE_OPERATOR_TOKEN="$operator_token" \
LIVEPLANE_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" LIVEPLANE_JWT_SECRET="$(head -c 48 /dev/urandom | base64)" \
LIVEPLANE_EMBEDDED_DNS_PORT="$dns_port" \
  bash -c 'cd "$1" && shift && exec "$@"' - "$work" taskset -c 0 java -Xms512m -Xmx512m ${CP_JAVA_OPTS:-} -jar "$jar" \
  > "$work/control-plane.log" 2>&1 &   # in $work: secrets it generates stay out of the local stack's
cp_pid=$!
base="http://127.0.0.1:$port"
ready=""
for _ in $(seq 1 150); do
  code="$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/domains" || true)"
  if [ "$code" = 401 ]; then ready=1; break; fi
  if ! kill -0 "$cp_pid" 2>/dev/null; then
    log "the control plane exited: $(tail -n 20 "$work/control-plane.log")"
    exit 1
  fi
  sleep 0.2
done
[ -n "$ready" ] || { log "the control plane did not answer on $base within 30 s"; exit 1; }

log "FleetLoad: $nodes nodes, $changes changes ($change)," \
  "then $events_per_second events/s for $event_seconds s (core 1)"
status=0
LIVEPLANE_OPERATOR_TOKEN="$operator_token" \
  taskset -c 1 java ${LOAD_JAVA_OPTS:-} -cp "$load_jar" dev.liveplane.bench.fleet.FleetLoad --url "$base" \
  --nodes "$nodes" --change "$change" --changes "$changes" --events-per-second "$events_per_second" \
  --event-seconds "$event_seconds" --batch-size "$batch_size" > "$work/fleet.txt" 2> "$work/fleet-progress.txt" \
  || status=$?

echo
echo "Control plane on core 0 with MariaDB, FleetLoad on core 1: $nodes nodes (exit status $status)"
grep '^FLEET' "$work/fleet.txt" || { log "no summary; FleetLoad said: $(tail -n 20 "$work/fleet-progress.txt")"; }
echo "targets: every node has each change within 2000 ms; $events_per_second events/s accepted"
exit "$status"
