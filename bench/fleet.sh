#!/usr/bin/env bash
# One control plane holding a simulated media-node fleet: N nodes (default 1,000) long-polling for config, a tenant
# change every 5 s whose arrival at every node is timed (target: all within 2 s), then stream events at a fixed rate
# (default 1,000/s) with the long polls and the changes still running. What it measures and how to read it:
# bench/README.md.
#
#   bench/fleet.sh
#   NODES=200 EVENT_SECONDS=10 bench/fleet.sh            a quick look
#   EVENTS_PER_SECOND=2000 BATCH_SIZE=10 bench/fleet.sh  more events, ten per request
#   EVENT_WARMUP_SECONDS=30 bench/fleet.sh               events for 30 s first, not measured (the JIT's turn)
#   CHANGE=domain bench/fleet.sh                         changes are PATCH enabled=false/true instead of forbids
#   STREAMS_PER_NODE=10 bench/fleet.sh                   each node publishes 10 streams first and reports them (with
#                                                        viewers) in every heartbeat: 10,000 streams on 1,000 nodes
#   CONTROL_PLANES=2 bench/fleet.sh                      two instances on one database, the nodes spread over both
#   SEED_TENANTS=10000 SEED_DOMAINS=100000 NODES=20 EVENTS_PER_SECOND=0 bench/fleet.sh
#                                                        the snapshot at scale: seeded straight into the database
#   SETTLE_TIMEOUT=180 ...                               longer for every node to fetch its first snapshot (s)
#
# The control plane runs on core 0 (MariaDB is not pinned: it is the machine's own service), FleetLoad on core 1.
# With CONTROL_PLANES=N every instance runs on all cores (CP_CPUS to change, e.g. CP_CPUS="0 1": one core each), on
# ports CP_PORT, CP_PORT+1, ... (so CP_DNS_PORT must not be one of those); the tenant's changes go to the first, and
# each scheduled job's runs are counted from its lock row (FLEET jobs).
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
control_planes="${CONTROL_PLANES:-1}"
database="${FLEET_DATABASE:-liveplane_bench_fleet}"
operator_token="${LIVEPLANE_OPERATOR_TOKEN:-bench-operator-token-0123456789}"
load_jar="$root/bench/target/liveplane-bench.jar"
work="$(mktemp -d /tmp/liveplane-fleet-bench.XXXXXX)"
log() { printf '[fleet.sh] %s\n' "$*" >&2; }

# Instance i listens on port + i and serves DNS on dns_port + i: the two ranges must not meet (CP_DNS_PORT=CP_PORT+1
# with two instances would make the second instance's HTTP port the first one's DNS port).
if [ "$dns_port" -gt $((port - control_planes)) ] && [ "$dns_port" -lt $((port + control_planes)) ]; then
  log "CP_DNS_PORT $dns_port overlaps the HTTP ports $port-$((port + control_planes - 1)) of $control_planes instance(s);" \
    "pick one at least $control_planes away"
  exit 1
fi

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
for instance in $(seq 0 $((control_planes - 1))); do start_control_plane "$instance"; done

# Every run of a once-fleet-wide job stamps its lock row's locked_at: the distinct stamps seen are its runs, whichever
# instance ran it. Polled four times a second, faster than the quickest job (1 s).
count_job_runs() {
  while [ ! -e "$work/jobs.txt.done" ]; do
    mariadb -uroot -h127.0.0.1 -N -e "SELECT name, locked_at FROM $database.shedlock" 2>/dev/null || true
    sleep 0.25
  done | sort -u > "$work/job-runs.txt"
}
count_job_runs &
job_counter=$!

if [ -n "${SEED_DOMAINS:-}" ]; then
  log "seeding ${SEED_TENANTS:-10000} tenants and $SEED_DOMAINS verified domains into $database"
  LIVEPLANE_MASTER_KEY="$cp_master_key" java -cp "$load_jar" dev.liveplane.bench.fleet.SnapshotSeed \
    --jdbc-url "jdbc:mariadb://127.0.0.1:3306/$database" --tenants "${SEED_TENANTS:-10000}" \
    --domains "$SEED_DOMAINS" >&2
fi

# The snapshot a new node fetches, as sent and as gzipped on the wire (Accept-Encoding: gzip), how long the control
# plane took to build it, and the deltas the fleet's long polls were answered with (one computation per version held).
snapshot_size() {
  local token node credential path
  token="$(curl -s -X POST "$base/admin/v1/node-tokens" -H "Authorization: Bearer $operator_token" \
    -H 'Content-Type: application/json' -d '{}' | jq -r .token)"
  node="$(curl -s -X POST "$base/internal/v1/nodes/register" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' \
    -d '{"address":"127.0.250.1","rtmpPort":1935,"httpPort":8081,"region":"bench"}')"
  credential="$(jq -r .credential <<<"$node")"
  path="$base/internal/v1/nodes/$(jq -r .nodeId <<<"$node")/config"
  curl -s -o "$work/snapshot.json" "$path" -H "Authorization: Bearer $credential"
  printf 'FLEET snapshot domains=%s bytes=%s gzip_bytes_on_wire=%s gzip_seconds=%s build %s\n' \
    "$(jq '.domains | length' "$work/snapshot.json")" "$(wc -c < "$work/snapshot.json")" \
    "$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$path" \
      -H "Authorization: Bearer $credential")" \
    "$(curl -s -o /dev/null -w '%{time_total}' -H 'Accept-Encoding: gzip' "$path" \
      -H "Authorization: Bearer $credential")" \
    "$(grep -o 'config snapshot built version=[0-9]* bytes=[0-9]* millis=[0-9]*' \
      "$work/control-plane.log" | tail -n 1 | sed 's/config snapshot built //')"
  grep -o 'config delta built since=[0-9]* version=[0-9]* bytes=[0-9]* millis=[0-9]*' "$work/control-plane.log" \
    | awk '{ split($6, b, "="); split($7, m, "="); n++; bytes += b[2]; ms += m[2]; if (m[2] > max) max = m[2] }
      END { printf "FLEET deltas computed=%d mean_bytes=%.0f mean_millis=%.1f max_millis=%d\n", n, n ? bytes / n : 0,
        n ? ms / n : 0, max }'
}

log "FleetLoad: $nodes nodes, $changes changes ($change)," \
  "then $events_per_second events/s for $event_seconds s (core 1)"
sample_limits "$cp_pids" "$work/fleet-progress.txt" "$work/fleet.txt" "$work/limits-idle.txt" \
  idle 'changes, one every' '^FLEET propagation ' &
idle_sampler=$!
sample_limits "$cp_pids" "$work/fleet-progress.txt" "$work/fleet.txt" "$work/limits.txt" &
sampler=$!
status=0
LIVEPLANE_OPERATOR_TOKEN="$operator_token" \
  taskset -c 1 java ${LOAD_JAVA_OPTS:-} -cp "$load_jar" dev.liveplane.bench.fleet.FleetLoad --url "$bases" \
  --nodes "$nodes" --change "$change" --changes "$changes" --events-per-second "$events_per_second" \
  --event-seconds "$event_seconds" --event-warmup-seconds "${EVENT_WARMUP_SECONDS:-0}" --batch-size "$batch_size" \
  --settle-timeout "${SETTLE_TIMEOUT:-60}" --streams-per-node "${STREAMS_PER_NODE:-0}" \
  > "$work/fleet.txt" 2> "$work/fleet-progress.txt" || status=$?

echo
echo "Control plane ($control_planes instance(s)) on cores $(for i in $(seq 0 $((control_planes - 1))); do
  instance_cpus "$i"; done | paste -sd ' ') with MariaDB, FleetLoad on core 1:" \
  "$nodes nodes (exit status $status)"
touch "$work/limits-idle.txt.done" "$work/limits.txt.done" "$work/jobs.txt.done"
wait "$idle_sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
wait "$job_counter" 2>/dev/null || true
grep '^FLEET' "$work/fleet.txt" || { log "no summary; FleetLoad said: $(tail -n 20 "$work/fleet-progress.txt")"; }
cat "$work/limits-idle.txt" "$work/limits.txt" 2>/dev/null || true
snapshot_size
# Each job's runs over the whole run, beside the most that once per period allows from its first run to its last
# (span / period + 1): no more than that means it ran once per period fleet-wide, however many instances tried; N
# instances each running it would make N times as many.
sort -k1,1 -k2,3 "$work/job-runs.txt" | awk -v n="$control_planes" '
  { split($3, t, ":"); at = t[1] * 3600 + t[2] * 60 + t[3]
    if (!($1 in first)) first[$1] = at
    final[$1] = at; runs[$1]++ }
  END {
    split("node-liveness-sweep:2 straggler-stream-sweep:2 usage-roll:1 traffic-charging:1 edge-dns-reconcile:10 package-expiry-check:30", jobs, " ")
    line = sprintf("FLEET jobs instances=%d", n)
    for (j = 1; j in jobs; j++) {
      split(jobs[j], kv, ":"); job = kv[1]
      line = line sprintf(" %s=%d/%d", job, runs[job], int((final[job] - first[job]) / kv[2]) + 1)
    }
    print line " (runs seen / at most once per period)"
  }'
echo "targets: every node has each change within 2000 ms; $events_per_second events/s accepted"
exit "$status"
