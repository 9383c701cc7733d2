#!/usr/bin/env bash
# Usage ingestion into MariaDB (issue 14's target: at least 50,000 rows/s, idempotency included): UsageIngestLoad
# posts node-protocol usage batches to a real control plane (fresh MariaDB database, control plane on core 0, load on
# core 1), every REPLAY_EVERY-th call an earlier batch again; then, in the same run, RawInsertPeer inserts the same
# rows straight into a copy of usage_records (multi-row INSERTs, no HTTP, no idempotency, no rollups). Prints both
# figures and their ratio. What it measures and how to read it: bench/README.md.
#
#   bench/usage-ingest.sh
#   SECONDS_MEASURED=10 bench/usage-ingest.sh          a quick look
#   CONCURRENCY=32 BATCH=500 bench/usage-ingest.sh
#   CP_DB_PARAMS="?useServerPrepStmts=true" bench/usage-ingest.sh    connector options on the control plane's URL
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
concurrency="${CONCURRENCY:-16}"
nodes="${NODES:-8}"
batch="${BATCH:-1000}"
measured="${SECONDS_MEASURED:-30}"
warmup="${WARMUP:-15}"
replay_every="${REPLAY_EVERY:-10}"
writers="${WRITERS:-6}"
port="${CP_PORT:-22080}"
dns_port="${CP_DNS_PORT:-22053}"
database="${DATABASE:-liveplane_bench_usage}"
operator_token="${LIVEPLANE_OPERATOR_TOKEN:-bench-operator-token-0123456789}"
load_jar="$root/bench/target/liveplane-bench.jar"
work="$(mktemp -d /tmp/liveplane-usage-bench.XXXXXX)"
log() { printf '[usage-ingest.sh] %s\n' "$*" >&2; }

# shellcheck source=bench/lib/control-plane.sh
. "$root/bench/lib/control-plane.sh"
build_control_plane
if [ ! -f "$load_jar" ] \
    || [ -n "$(find "$root/bench/src/main" "$root/bench/pom.xml" -newer "$load_jar" -print -quit)" ]; then
  log "building the load generator (./mvnw -DskipTests package -pl bench -am)"
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests package -pl bench -am)
fi
fresh_database
export LIVEPLANE_USAGE_INGEST_WRITERS="$writers"
start_control_plane

uptime_before="$(uptime)"
log "load: $uptime_before"
log "UsageIngestLoad: $nodes nodes, $concurrency calls in flight, $batch records a call, replay every" \
  "$replay_every calls, ${warmup}s warm-up + ${measured}s measured (core 1)"
status=0
LIVEPLANE_OPERATOR_TOKEN="$operator_token" taskset -c 1 java ${LOAD_JAVA_OPTS:-} -cp "$load_jar" \
  dev.liveplane.bench.usage.UsageIngestLoad --url "$base" --nodes "$nodes" --concurrency "$concurrency" \
  --batch "$batch" --seconds "$measured" --warmup-seconds "$warmup" --replay-every "$replay_every" \
  > "$work/usage.txt" 2> "$work/usage-progress.txt" || status=$?
# The roller folds what the intake stored into the per-node rows and the rollups, off the request path: time how
# long it takes to catch up once the load stops, and check that the per-node rows then hold every counted byte.
sql() { mariadb -uroot -h127.0.0.1 -N -B "$database" -e "$1"; }
backlog="$(sql 'SELECT COUNT(DISTINCT intake_id) FROM usage_rollup_pending')"
caught_up_from="$(date +%s.%N)"
for _ in $(seq 1 600); do
  [ "$(sql 'SELECT COUNT(*) FROM usage_rollup_pending')" = 0 ] && break
  sleep 0.2
done
catch_up="$(awk -v a="$caught_up_from" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
raw_bytes="$(sql 'SELECT COALESCE(SUM(bytes), 0) FROM usage_records')"
node_bytes="$(sql 'SELECT COALESCE(SUM(bytes), 0) FROM usage_node_5m')"
stream_bytes="$(sql 'SELECT COALESCE(SUM(bytes), 0) FROM usage_stream_5m')"
echo "ROLLER intakes_pending_at_end=$backlog caught_up_s=$catch_up raw_bytes=$raw_bytes node_bytes=$node_bytes" \
  "stream_bytes=$stream_bytes" > "$work/roller.txt"
stop_control_plane
cp_pid=""; cp_pids=""

log "RawInsertPeer: $writers connections, $batch rows a statement, ${measured}s"
taskset -c 1 java ${LOAD_JAVA_OPTS:-} -cp "$load_jar" dev.liveplane.bench.usage.RawInsertPeer \
  --jdbc-url "jdbc:mariadb://127.0.0.1:3306/$database" --concurrency "$writers" --batch "$batch" \
  --seconds "$measured" > "$work/raw.txt" 2>> "$work/usage-progress.txt"

echo
echo "load (uptime) before: $uptime_before; after: $(uptime)"
cat "$work/usage.txt" "$work/roller.txt" "$work/raw.txt"
counted="$(sed -n 's/.*counted_rows_per_s=\([0-9]*\).*/\1/p' "$work/usage.txt")"
raw="$(sed -n 's/.*RAW rows_per_s=\([0-9]*\).*/\1/p' "$work/raw.txt")"
if [ -n "$counted" ] && [ -n "$raw" ] && [ "$raw" -gt 0 ]; then
  awk -v c="$counted" -v r="$raw" 'BEGIN { printf "RATIO ingest/raw=%.2f (target: ingest >= 50000 rows/s)\n", c / r }'
fi
[ "$status" = 0 ] || log "UsageIngestLoad: $(tail -n 5 "$work/usage-progress.txt")"
exit "$status"
