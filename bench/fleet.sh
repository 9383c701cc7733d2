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
load_jar="$root/bench/target/liveplane-bench.jar"
work="$(mktemp -d /tmp/liveplane-fleet-bench.XXXXXX)"
log() { printf '[fleet.sh] %s\n' "$*" >&2; }

# A thousand long polls, their heartbeats and the event requests each hold a socket, on both sides.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((nodes * 2 + 1024)) ]; then
  log "ulimit -n is $(ulimit -n): too few descriptors for $nodes nodes (need about $((nodes * 2 + 1024)))"
  exit 1
fi

# shellcheck source=bench/lib/control-plane.sh
. "$root/bench/lib/control-plane.sh"
# shellcheck source=bench/lib/limits.sh
. "$root/bench/lib/limits.sh"
build_control_plane
if [ ! -f "$load_jar" ] \
    || [ -n "$(find "$root/bench/src/main" "$root/bench/pom.xml" -newer "$load_jar" -print -quit)" ]; then
  log "building the load generator (./mvnw -DskipTests package -pl bench -am)"
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests package -pl bench -am)
fi
fresh_database
start_control_plane

log "FleetLoad: $nodes nodes, $changes changes ($change)," \
  "then $events_per_second events/s for $event_seconds s (core 1)"
sample_limits "$cp_pid" "$work/fleet-progress.txt" "$work/fleet.txt" "$work/limits.txt" &
sampler=$!
status=0
LIVEPLANE_OPERATOR_TOKEN="$operator_token" \
  taskset -c 1 java ${LOAD_JAVA_OPTS:-} -cp "$load_jar" dev.liveplane.bench.fleet.FleetLoad --url "$base" \
  --nodes "$nodes" --change "$change" --changes "$changes" --events-per-second "$events_per_second" \
  --event-seconds "$event_seconds" --batch-size "$batch_size" > "$work/fleet.txt" 2> "$work/fleet-progress.txt" \
  || status=$?

echo
echo "Control plane on core 0 with MariaDB, FleetLoad on core 1: $nodes nodes (exit status $status)"
touch "$work/limits.txt.done"
wait "$sampler" 2>/dev/null || true
grep '^FLEET' "$work/fleet.txt" || { log "no summary; FleetLoad said: $(tail -n 20 "$work/fleet-progress.txt")"; }
cat "$work/limits.txt" 2>/dev/null || true
echo "targets: every node has each change within 2000 ms; $events_per_second events/s accepted"
exit "$status"
