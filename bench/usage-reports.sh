#!/usr/bin/env bash
# A month's usage reports through the real HTTP API with MariaDB: one domain with 100 streams and a month (November
# 2026, 8,640 buckets) of 5-minute data, rolled up as ingestion does; the traffic report of the whole month at 300,
# 3600 and 86400 s, timed request by request, beside a naive peer in the same run: the month summed per request from
# the per-stream 5-minute rows (864,000 of them) in SQL, timed inside MariaDB. How to read it: bench/README.md.
#
#   bench/usage-reports.sh                    300 timed requests per interval after 150 warm-up requests
#   REQUESTS=1000 WARMUP=500 bench/usage-reports.sh
#
# The control plane runs on core 0 (MariaDB is not pinned: it is the machine's own service), curl on core 1.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
requests="${REQUESTS:-300}"
warmup="${WARMUP:-150}"
naive_runs="${NAIVE_RUNS:-20}"
streams="${STREAMS:-100}"
port="${CP_PORT:-23000}"
dns_port="${CP_DNS_PORT:-23001}"
database=liveplane_bench_reports
operator_token="bench-operator-token-0123456789"
work="$(mktemp -d /tmp/liveplane-usage-bench.XXXXXX)"
log() { printf '[usage-reports.sh] %s\n' "$*" >&2; }

# shellcheck source=bench/lib/control-plane.sh
. "$root/bench/lib/control-plane.sh"
build_control_plane
fresh_database
start_control_plane

json() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
signup="$(curl -fsS -X POST "$base/v1/auth/signup" -H 'Content-Type: application/json' \
  -d '{"email":"reports@example.com","password":"bench-password-123","tenantName":"Reports"}')"
session="$(echo "$signup" | json accessToken)"
tenant="$(echo "$signup" | json tenantId)"
post() { curl -fsS -X POST "$base$1" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' -d "$2"; }
post /v1/domains '{"name":"push.bench-reports.com","type":"push"}' > /dev/null
post /v1/domains '{"name":"play.bench-reports.com","type":"pull","pushDomain":"push.bench-reports.com"}' > /dev/null
domain=play.bench-reports.com

sql() { mariadb -uroot -h127.0.0.1 "$database" "$@"; }
log "filling a month of 5-minute rows: $streams streams x 8,640 buckets, then the rollups"
started=$SECONDS
sql > /dev/null <<SQL
SET time_zone = '+00:00';
-- Each stream's bytes vary by bucket and stream, so the peaks differ from interval to interval.
INSERT INTO usage_stream_5m (tenant_id, domain, bucket_start, app, stream, protocol, bytes, viewer_seconds,
    peak_viewers)
SELECT '$tenant', '$domain', TIMESTAMP('2026-11-01') + INTERVAL b.seq * 300 SECOND, 'live', CONCAT('s', s.seq),
    'http_flv', 1000000 + (b.seq * 7919 + s.seq * 104729) % 500000, 3000 + (b.seq + s.seq) % 600,
    10 + (b.seq * 31 + s.seq) % 7
FROM seq_0_to_8639 b JOIN seq_1_to_${streams} s;
INSERT INTO usage_stream_1h SELECT tenant_id, domain, DATE_FORMAT(bucket_start, '%Y-%m-%d %H:00:00'), app, stream,
    protocol, SUM(bytes), SUM(viewer_seconds), MAX(peak_viewers) FROM usage_stream_5m GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO usage_stream_1d SELECT tenant_id, domain, DATE(bucket_start), app, stream, protocol, SUM(bytes),
    SUM(viewer_seconds), MAX(peak_viewers) FROM usage_stream_1h GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO usage_domain_5m SELECT tenant_id, domain, bucket_start, SUM(bytes), 0, 0, SUM(bytes),
    SUM(viewer_seconds), SUM(peak_viewers) FROM usage_stream_5m GROUP BY 1, 2, 3;
INSERT INTO usage_domain_1h SELECT tenant_id, domain, DATE_FORMAT(bucket_start, '%Y-%m-%d %H:00:00'),
    SUM(egress_bytes), 0, 0, MAX(peak_egress_5m_bytes), SUM(viewer_seconds), MAX(peak_viewers)
    FROM usage_domain_5m GROUP BY 1, 2, 3;
INSERT INTO usage_domain_1d SELECT tenant_id, domain, DATE(bucket_start), SUM(egress_bytes), 0, 0,
    MAX(peak_egress_5m_bytes), SUM(viewer_seconds), MAX(peak_viewers) FROM usage_domain_1h GROUP BY 1, 2, 3;
ANALYZE TABLE usage_stream_5m, usage_domain_5m, usage_domain_1h, usage_domain_1d;
SQL
log "filled in $((SECONDS - started)) s: $(sql -N -e 'SELECT COUNT(*) FROM usage_stream_5m') stream rows"

range="start=2026-11-01T00:00:00Z&end=2026-12-01T00:00:00Z"
report() { echo "$base/v1/usage/traffic?domain=$domain&$range&interval=$1"; }
# times URL COUNT: the seconds of each request (curl's time_total), one per line; fails on any status but 200.
times() {
  local i code_time
  for ((i = 0; i < $2; i++)); do
    code_time="$(taskset -c 1 curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' \
      -H "Authorization: Bearer $session" "$1")"
    [ "${code_time%% *}" = 200 ] || { log "status ${code_time%% *} from $1"; exit 1; }
    echo "${code_time#* }"
  done
}
# pct FILE P: the P-th percentile (nearest rank) of the seconds in FILE, in ms.
pct() { sort -g "$1" | awk -v p="$2" '{v[NR]=$1} END {i=int((p*NR+99)/100); if (i<1) i=1; printf "%.1f", v[i]*1000}'; }

curl -fsS -H "Authorization: Bearer $session" "$(report 86400)" > "$work/day.json"
log "the month in one day's point: $(head -c 300 "$work/day.json")"
log "warming up: $warmup requests per interval"
for interval in 300 3600 86400; do times "$(report "$interval")" "$warmup" > /dev/null; done

# The naive peer: what a report without rollups would do, the per-stream 5-minute rows summed per request (bytes
# per bucket, then per interval, with the peak bucket), timed by MariaDB itself (SHOW PROFILES: the statement only,
# no connection, HTTP or JSON, which flatters it).
naive() {
  local interval=$1 query
  query="SELECT FLOOR(UNIX_TIMESTAMP(b) / $interval) AS k, SUM(s), MAX(s) * 8 / 300 FROM (SELECT bucket_start AS b,
    SUM(bytes) AS s FROM usage_stream_5m WHERE tenant_id = '$tenant' AND domain = '$domain'
    AND bucket_start >= '2026-11-01' AND bucket_start < '2026-12-01' AND protocol IN ('rtmp', 'http_flv', 'hls')
    GROUP BY bucket_start) t GROUP BY k ORDER BY k"
  { echo "SET time_zone = '+00:00'; SET profiling = 1; SET profiling_history_size = 100;"
    for ((i = 0; i < naive_runs; i++)); do echo "$query;"; done
    echo "SHOW PROFILES;"
  } | sql -N | awk -F'\t' 'NF == 3 && $3 ~ /^SELECT FLOOR/ {print $2}'
}

results="$work/results.txt"
for interval in 300 3600 86400; do
  log "interval $interval: $requests timed requests, then $naive_runs naive queries"
  times "$(report "$interval")" "$requests" > "$work/report-$interval.txt"
  naive "$interval" > "$work/naive-$interval.txt"
  echo "$interval $(pct "$work/report-$interval.txt" 50) $(pct "$work/report-$interval.txt" 99)" \
    "$(pct "$work/report-$interval.txt" 100) $(pct "$work/naive-$interval.txt" 50)" \
    "$(pct "$work/naive-$interval.txt" 99)" >> "$results"
done

echo
echo "Month traffic report of $domain ($streams streams, 8,640 five-minute buckets), control plane on core 0 with"
echo "MariaDB, curl on core 1; $requests requests per interval after $warmup warm-up; naive: $naive_runs SQL runs"
printf '%-9s %8s %12s %12s %12s %16s %16s %14s\n' interval points "p50 ms" "p99 ms" "max ms" "naive p50 ms" \
  "naive p99 ms" "naive/report"
while read -r interval p50 p99 max n50 n99; do
  printf '%-9s %8s %12s %12s %12s %16s %16s %14s\n' "$interval" "$((2592000 / interval))" "$p50" "$p99" "$max" \
    "$n50" "$n99" "$(awk -v a="$n99" -v b="$p99" 'BEGIN {printf "%.1fx", a / b}')"
done < "$results"
echo "target: p99 < 200 ms for each interval; load while measuring: $(cut -d' ' -f1-3 /proc/loadavg)"
