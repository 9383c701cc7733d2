#!/usr/bin/env bash
# What recording costs a media node: STREAMS publishers (default 50) of a 2.5 Mbit/s H.264+AAC stream push to one
# node (core 0) under a control plane with its embedded S3 store (S3Proxy on local files), first with no recording
# rule, then recording each format in turn (FLV, HLS, MP4, all three). For each phase: the node's CPU (% of one
# core) and RSS over the same window, the upload rate while recording (HLS segments go up as they end; FLV and MP4
# at the end of a file) and, once the publishers stop and the files they end go up, how long a file's end took to
# reach the bucket (p99 of liveplane_recording_upload_delay_seconds) and the drain's throughput.
#
#   bench/recording.sh
#   STREAMS=10 WINDOW=20 FORMATS="flv" bench/recording.sh     a quick look
#
# Target (issue 15): recording 50 streams costs under 25 % of one core beyond serving them.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
streams="${STREAMS:-50}"
window="${WINDOW:-60}"
warmup="${WARMUP:-15}"
formats="${FORMATS:-flv hls mp4 flv,hls,mp4}"
port="${CP_PORT:-18080}"
dns_port="${CP_DNS_PORT:-15353}"
s3_port="${S3_PORT:-19000}"
rtmp_port="${RTMP_PORT:-19351}"
http_port="${HTTP_PORT:-18081}"
admin_port="${ADMIN_PORT:-19091}"
database=liveplane_bench_recording
operator_token="${LIVEPLANE_OPERATOR_TOKEN:-bench-operator-token-0123456789}"
node_jar="$root/media-node/target/media-node.jar"
work="$(mktemp -d /tmp/liveplane-recording-bench.XXXXXX)"
log() { printf '[recording.sh] %s\n' "$*" >&2; }
json='Content-Type: application/json'

command -v ffmpeg >/dev/null || { log "installing ffmpeg"; apt-get install -y -qq ffmpeg >/dev/null; }
ulimit -n 65536 2>/dev/null || true

# The control plane keeps the embedded store under its working directory ($work/.liveplane/s3) and names the local
# node in the URLs it mints (the domain in vhost=), as bin/liveplane runs it.
export LIVEPLANE_EMBEDDED_S3=true LIVEPLANE_S3_PORT="$s3_port" LIVEPLANE_FLEET_SERVE_UNVERIFIED_DOMAINS=true
CP_JAVA_OPTS="${CP_JAVA_OPTS:-} -Dliveplane.urls.local-node.rtmp=127.0.0.1:$rtmp_port \
  -Dliveplane.urls.local-node.http=127.0.0.1:$http_port"
# shellcheck source=bench/lib/control-plane.sh
. "$root/bench/lib/control-plane.sh"
build_control_plane
if [ ! -f "$node_jar" ] || [ -n "$(find "$root/media-node/src/main" "$root/media-node/pom.xml" -newer "$node_jar" \
    -print -quit)" ]; then
  log "building the media node (./mvnw -DskipTests package -pl media-node -am)"
  (cd "$root" && ./mvnw -B -q -ntp -DskipTests package -pl media-node -am)
fi
fresh_database

node_pid=""
publishers=()
stop_publishers() {
  for pid in "${publishers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${publishers[@]}"; do wait "$pid" 2>/dev/null || true; done
  publishers=()
}
cleanup() {
  stop_publishers
  if [ -n "$node_pid" ]; then kill "$node_pid" 2>/dev/null || true; wait "$node_pid" 2>/dev/null || true; fi
  stop_control_plane
}
start_control_plane
trap cleanup EXIT

# One 2.5 Mbit/s source, encoded once (cached across runs): 720p30, GOP 2 s, CBR-like, AAC 128 kbit/s.
source_flv="/tmp/liveplane-bench-2500k.flv"
if [ ! -f "$source_flv" ]; then
  log "encoding the 2.5 Mbit/s source ($source_flv)"
  ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 \
    -t 120 -c:v libx264 -preset veryfast -b:v 2372k -maxrate 2372k -bufsize 2372k -g 60 -keyint_min 60 \
    -pix_fmt yuv420p -c:a aac -b:a 128k -f flv -y "$source_flv.tmp" && mv "$source_flv.tmp" "$source_flv"
fi

api() { curl -sf -X "$1" "$base$2" -H "Authorization: Bearer $3" -H "$json" ${4:+-d "$4"}; }
token="$(api POST /admin/v1/node-tokens "$operator_token" '{"description":"recording bench"}' | jq -r .token)"
tenant="$(curl -sf -X POST "$base/v1/auth/signup" -H "$json" \
  -d '{"email":"bench@example.com","password":"a long bench password","tenantName":"Bench"}' | jq -r .accessToken)"
api POST /v1/domains "$tenant" '{"name":"push.bench.example","type":"push"}' >/dev/null

log "starting the media node on core 0"
LIVEPLANE_BOOTSTRAP_TOKEN="$token" taskset -c 0 java ${NODE_JAVA_OPTS:--Xms512m -Xmx512m} -jar "$node_jar" \
  --control-plane "$base" --advertise-address 127.0.0.1 --bind 127.0.0.1 --rtmp-port "$rtmp_port" \
  --http-port "$http_port" --admin-port "$admin_port" --state-dir "$work/node" > "$work/media-node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$admin_port/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done

urls=()
for i in $(seq 1 "$streams"); do
  urls+=("$(api POST /v1/domains/push.bench.example/signed-urls "$tenant" \
    "{\"app\":\"live\",\"stream\":\"s$i\",\"ttlSeconds\":86400}" | jq -r .push.url)")
done

node_ticks() { sed 's/^.*) //' "/proc/$node_pid/stat" | awk '{print $12 + $13}'; }
# Per thread group (the name without its number): CPU ticks so far, "group ticks" lines.
thread_ticks() {
  for task in /proc/"$node_pid"/task/*; do
    printf '%s %s\n' "$(sed 's/[-#]*[0-9]*$//' "$task/comm" | tr ' ' '_')" \
      "$(sed 's/^.*) //' "$task/stat" | awk '{print $12 + $13}')"
  done 2>/dev/null | awk '{t[$1] += $2} END {for (g in t) print g, t[g]}'
}
node_rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$node_pid/status"; }
metric() {
  curl -s "http://127.0.0.1:$admin_port/metrics" | awk -v name="$1" '$1 == name {v = $2} END {print v + 0}'
}
hz="$(getconf CLK_TCK)"

printf 'phase\tingest_mbps\tcpu_pct\textra_cpu_pct\trss_mb\textra_rss_mb\tupload_mbps_live\tdrain_mbps\tdrain_s\tupload_p99_s\tfiles\tupload_cpu_pct_per_100mbps\n' \
  > "$work/results.tsv"
base_cpu=""
base_rss=""
run_phase() {
  local phase=$1 rule=$2
  if [ -n "$rule" ]; then
    api PUT "/v1/domains/push.bench.example/recording/*/*" "$tenant" "$rule" >/dev/null
  else
    curl -s -o /dev/null -X DELETE "$base/v1/domains/push.bench.example/recording/*/*" \
      -H "Authorization: Bearer $tenant"
  fi
  sleep 3 # the snapshot reaches the node
  log "$phase: $streams publishers (core 1), ${warmup} s warm-up, ${window} s window"
  for url in "${urls[@]}"; do
    taskset -c 1 ffmpeg -hide_banner -nostdin -loglevel error -re -stream_loop -1 -i "$source_flv" -c copy \
      -f flv "$url" > /dev/null 2>> "$work/publishers.log" &
    publishers+=($!)
  done
  sleep "$warmup"
  local t0 b0 u0 t1 b1 u1 rss files0
  thread_ticks > "$work/threads-$phase-0"
  t0="$(date +%s.%N)"; b0="$(node_ticks)"; u0="$(metric liveplane_recording_uploaded_bytes_total)"
  local i0 i1
  i0="$(metric liveplane_ingest_bytes_total)"
  files0="$(metric liveplane_recording_files_total)"
  sleep "$window"
  t1="$(date +%s.%N)"; b1="$(node_ticks)"; u1="$(metric liveplane_recording_uploaded_bytes_total)"
  thread_ticks > "$work/threads-$phase-1"
  i1="$(metric liveplane_ingest_bytes_total)"
  rss="$(node_rss_kb)"
  stop_publishers
  # The publishers' files end now and go up: time the drain.
  local d0 du0 db0 waiting d1 du1 db1
  d0="$(date +%s.%N)"; du0="$(metric liveplane_recording_uploaded_bytes_total)"; db0="$(node_ticks)"
  for _ in $(seq 1 600); do
    sleep 0.5
    waiting="$(metric liveplane_recording_outbox_waiting)"
    [ "$(metric liveplane_recording_streams)" = 0 ] && [ "$waiting" = 0 ] && break
  done
  d1="$(date +%s.%N)"; du1="$(metric liveplane_recording_uploaded_bytes_total)"; db1="$(node_ticks)"
  local p99 files
  p99="$(curl -s "http://127.0.0.1:$admin_port/metrics" \
    | awk '/^liveplane_recording_upload_delay_seconds\{.*quantile="0.99"/ {v = $2} END {print v + 0}')"
  files="$(awk -v a="$(metric liveplane_recording_files_total)" -v b="$files0" 'BEGIN {print a - b}')"
  local cpu
  cpu="$(awk -v b0="$b0" -v b1="$b1" -v t0="$t0" -v t1="$t1" -v hz="$hz" \
    'BEGIN {printf "%.1f", 100 * (b1 - b0) / hz / (t1 - t0)}')"
  [ -z "$base_cpu" ] && base_cpu="$cpu" && base_rss="$rss"
  awk -v phase="$phase" -v i0="$i0" -v i1="$i1" -v cpu="$cpu" -v bcpu="$base_cpu" -v rss="$rss" -v brss="$base_rss" -v u0="$u0" -v u1="$u1" \
      -v t0="$t0" -v t1="$t1" -v d0="$d0" -v d1="$d1" -v du0="$du0" -v du1="$du1" -v p99="$p99" -v files="$files" \
      -v db0="$db0" -v db1="$db1" -v hz="$hz" \
      'BEGIN {drain_mbit = 8 * (du1 - du0) / 1e6; drain_cpu = (db1 - db0) / hz
        printf "%s\t%.1f\t%s\t%.1f\t%.0f\t%.0f\t%.1f\t%.1f\t%.1f\t%.3f\t%d\t%s\n", phase,
        8 * (i1 - i0) / 1e6 / (t1 - t0), cpu, cpu - bcpu, rss / 1024,
        (rss - brss) / 1024, 8 * (u1 - u0) / 1e6 / (t1 - t0), 8 * (du1 - du0) / 1e6 / (d1 - d0), d1 - d0, p99,
        files, (drain_mbit > 100 ? sprintf("%.1f", 100 * drain_cpu / (drain_mbit / 100)) : "-")}' >> "$work/results.tsv"
  # Where the phase's CPU went, by thread group (threads that ended in the window are missed).
  awk -v hz="$hz" -v t="$(awk -v t0="$t0" -v t1="$t1" 'BEGIN {print t1 - t0}')" -v phase="$phase" \
    'NR == FNR {a[$1] = $2; next} {d = $2 - a[$1]; if (d > 0) printf "%s\t%s\t%.1f\n", phase, $1, 100 * d / hz / t}' \
    "$work/threads-$phase-0" "$work/threads-$phase-1" | sort -t $'\t' -k3 -rn | head -8 >> "$work/threads.tsv"
  sleep 2
}

run_phase "none" ""
for f in $formats; do
  list="$(echo "$f" | sed 's/[^,]*/"&"/g')"
  run_phase "$f" "{\"formats\":[$list],\"cycleSeconds\":900,\"hlsSegmentSeconds\":6}"
done

echo
echo "Media node on core 0 ($streams publishers of 2.5 Mbit/s on core 1, ${window} s windows); embedded S3 store"
column -t -s $'\t' "$work/results.tsv"
echo "extra_cpu_pct: beyond the phase without recording; target under 25 % of one core"
echo "upload_cpu_pct_per_100mbps: the node's CPU while the publishers' last files drain to the bucket, per 100 Mbit/s"
echo "  uploaded: what FLV and MP4 files (uploaded when a cycle ends, after the window) cost on top, amortized"
echo
echo "CPU by thread group (% of one core, top 8 per phase)"
column -t -s $'\t' "$work/threads.tsv"
log "logs and results in $work"
