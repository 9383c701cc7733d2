#!/usr/bin/env bash
# Side-by-side viewer benchmark: the media node against nginx-rtmp, one 1 Mbit/s stream, many viewers.
# What it measures and how to read the table: bench/README.md.
#
#   bench/run.sh                       both targets, 500 and 2000 viewers, 60 s windows
#   VIEWERS="200" DURATION=20 bench/run.sh
#   ONLY=nginx bench/run.sh            one target only (node|nginx)
#   SIGNED=1 bench/run.sh              also run the node enforcing signed URLs (rows "node-signed")
#   MERGE_WRITES="100 350" (default)   also run the node with --merge-writes MS (rows "node-mwMS"); "" for none
#   NOMETER=1 (default)                also run the node with --usage-metering off (rows "node-nometer") beside the
#                                      metered "media-node" rows, reported as a ratio; "" for none
#   NGINX_RTMP_PORT, NODE_RTMP_PORT, NODE_HTTP_PORT, NODE_ADMIN_PORT move the listeners (19350, 1935, 8081, 9091)
#
# Servers run on core 0, the load generator and ffmpeg on core 1; all traffic stays on 127.0.0.1.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
viewer_counts="${VIEWERS:-500 2000}"
duration="${DURATION:-60}"
# A minute: the node's JIT compiler is still at work for about that long after the ramp (bench/README.md).
warmup="${WARMUP:-60}"
ramp="${RAMP_PER_SECOND:-200}"
only="${ONLY:-}"
signed="${SIGNED:-}"
merge_writes="${MERGE_WRITES-100 350}"
nometer="${NOMETER-1}"
# The node runs as in production: a fixed, pre-touched heap, so RSS growth under load is what viewers cost rather than
# the collector growing the heap (media-node/README.md, "Running it").
node_java_opts="${NODE_JAVA_OPTS:--Xms256m -Xmx256m -XX:+AlwaysPreTouch}"
load_java_opts="${LOAD_JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx1g}"

node_jar="$root/media-node/target/media-node.jar"
bench_jar="$root/bench/target/liveplane-bench.jar"
nginx_module=/usr/lib/nginx/modules/ngx_rtmp_module.so
nginx_rtmp_port="${NGINX_RTMP_PORT:-19350}"
node_rtmp_port="${NODE_RTMP_PORT:-1935}"
node_http_port="${NODE_HTTP_PORT:-8081}"
node_admin_port="${NODE_ADMIN_PORT:-9091}"
stream=bench

max_viewers=0
for ms in $merge_writes; do
  case "$ms" in
    ''|*[!0-9]*) echo "run.sh: MERGE_WRITES must be whole numbers of milliseconds, not '$ms'" >&2; exit 2 ;;
  esac
done
for v in $viewer_counts; do
  case "$v" in
    ''|*[!0-9]*) echo "run.sh: VIEWERS must be whole numbers, not '$v'" >&2; exit 2 ;;
  esac
  if [ "$v" -gt "$max_viewers" ]; then max_viewers=$v; fi
done

case "$only" in
  ""|node|nginx) ;;
  *) echo "run.sh: ONLY must be node or nginx, not '$only'" >&2; exit 2 ;;
esac

log() { printf '[run.sh] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- setup

install_missing() {
  local need=()
  command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v taskset >/dev/null 2>&1 || need+=(util-linux)
  if [ "$only" != node ]; then
    command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
    [ -f "$nginx_module" ] || need+=(libnginx-mod-rtmp)
  fi
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
}

build_if_needed() {
  local stale=""
  for jar in "$bench_jar" "$node_jar"; do
    if [ ! -f "$jar" ] || [ -n "$(find "$root/bench/src" "$root/bench/pom.xml" "$root/media-node/src" \
        "$root/media-node/pom.xml" "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
      stale=yes
    fi
  done
  if [ -n "$stale" ]; then
    log "building (./mvnw -DskipTests package -pl bench -am)"
    (cd "$root" && ./mvnw -B -q -ntp -DskipTests package -pl bench -am)
  fi
}

pick_cores() {
  if [ "$(nproc)" -ge 2 ]; then
    server_cpu=0
    load_cpu=1
  else
    log "only one core: servers, ffmpeg and the load generator share it, numbers will be pessimistic"
    server_cpu=0
    load_cpu=0
  fi
}

raise_fd_limit() {
  local want
  want=$((max_viewers * 2 + 4096))
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$want" ]; then
    ulimit -n "$want" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  fi
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$((max_viewers + 100))" ]; then
    echo "run.sh: open-file limit $(ulimit -n) is too low for $max_viewers viewers; raise the hard limit" \
      "(ulimit -Hn)" >&2
    exit 1
  fi
}

# ---------------------------------------------------------------- processes

work="$(mktemp -d /tmp/liveplane-bench.XXXXXX)"
started_pids=()

cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${started_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  log "logs kept in $work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ensure_free() {
  local port
  for port in "$@"; do
    if port_in_use "$port"; then
      echo "run.sh: 127.0.0.1:$port is already taken by another process; stop it or pick other ports" \
        "(NGINX_RTMP_PORT, NODE_RTMP_PORT, NODE_HTTP_PORT, NODE_ADMIN_PORT)" >&2
      exit 1
    fi
  done
}

wait_for_port() {
  local port=$1 what=$2
  for _ in $(seq 1 150); do
    if port_in_use "$port"; then return 0; fi
    sleep 0.2
  done
  echo "run.sh: $what did not open 127.0.0.1:$port; see $work" >&2
  exit 1
}

start_nginx() {
  local prefix="$work/nginx"
  ensure_free "$nginx_rtmp_port"
  mkdir -p "$prefix/conf" "$prefix/logs"
  cat > "$prefix/conf/nginx.conf" <<CONF
load_module $nginx_module;
worker_processes 1;
daemon off;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
# The default 512 connections per worker would refuse viewers long before the CPU is the limit.
worker_rlimit_nofile $((max_viewers * 2 + 1024));
events {
    worker_connections $((max_viewers * 2 + 1024));
}
rtmp {
    server {
        listen 127.0.0.1:$nginx_rtmp_port;
        chunk_size 4096;
        application live {
            live on;
        }
    }
}
CONF
  log "starting nginx-rtmp on 127.0.0.1:$nginx_rtmp_port"
  taskset -c "$server_cpu" nginx -p "$prefix" -c "$prefix/conf/nginx.conf" > "$prefix/logs/stdout.log" 2>&1 &
  server_pid=$!
  started_pids+=("$server_pid")
  wait_for_port "$nginx_rtmp_port" "nginx-rtmp"
}

start_node() {
  local name=$1
  shift
  ensure_free "$node_rtmp_port" "$node_http_port" "$node_admin_port"
  # shellcheck disable=SC2086 # NODE_JAVA_OPTS is a list of JVM options
  taskset -c "$server_cpu" java $node_java_opts -jar "$node_jar" --standalone --bind 127.0.0.1 \
      --state-dir "$work/$name-state" --rtmp-port "$node_rtmp_port" --http-port "$node_http_port" --admin-port "$node_admin_port" "$@" \
      > "$work/$name.log" 2>&1 &
  server_pid=$!
  started_pids+=("$server_pid")
  log "$name: starting the media node on 127.0.0.1:$node_rtmp_port, :$node_http_port, :$node_admin_port"
  wait_for_port "$node_rtmp_port" "the media node"
  for _ in $(seq 1 50); do
    if curl -fsS "http://127.0.0.1:$node_admin_port/healthz" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "run.sh: the media node is not healthy on :$node_admin_port/healthz; see $work/$name.log" >&2
  exit 1
}

# The signed-URL rows: one push and one pull domain with type A keys (api/README.md), reached by IP with vhost.
push_domain=push.bench.local
play_domain=play.bench.local
write_domains() {
  cat > "$work/domains.yaml" <<YAML
domains:
  - {name: $push_domain, type: push, scheme: A, primaryKey: bench-push-key, validitySeconds: 3600}
  - {name: $play_domain, type: pull, pushDomain: $push_domain, scheme: A, primaryKey: bench-play-key, validitySeconds: 3600}
YAML
}

# signed_url BASE URI KEY: BASE (which already has a query) with a type A auth_key for URI, signed now.
signed_url() {
  local base=$1 uri=$2 key=$3 ts hash
  ts="$(date +%s)"
  hash="$(printf '%s-%s-0-0-%s' "$uri" "$ts" "$key" | md5sum | cut -d' ' -f1)"
  echo "$base&auth_key=$ts-0-0-$hash"
}

# One 1 Mbit/s H.264 + 64 kbit/s AAC stream in real time (-re), as a cheap-to-encode 640x360 test pattern.
# PROBE_URL, when given, is what a player uses to check the stream is up (a signed push URL cannot play).
publish() {
  local url=$1 name=$2 probe_url=${3:-$1}
  taskset -c "$load_cpu" ffmpeg -hide_banner -nostdin -loglevel error -re \
      -f lavfi -i "testsrc2=size=640x360:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=44100" \
      -c:v libx264 -preset veryfast -tune zerolatency -pix_fmt yuv420p \
      -b:v 1000k -maxrate 1000k -bufsize 1000k -g 60 \
      -c:a aac -b:a 64k -f flv "$url" > "$work/ffmpeg-$name.log" 2>&1 &
  publisher_pid=$!
  started_pids+=("$publisher_pid")
  for _ in $(seq 1 10); do
    sleep 1
    if ! kill -0 "$publisher_pid" 2>/dev/null; then
      echo "run.sh: ffmpeg could not publish to $url: $(tail -n 3 "$work/ffmpeg-$name.log")" >&2
      exit 1
    fi
    if timeout 10 ffprobe -v error -rw_timeout 5000000 -show_entries stream=codec_type -of csv=p=0 "$probe_url" \
        >/dev/null 2>&1; then
      return 0
    fi
  done
  echo "run.sh: $url never became playable; see $work/ffmpeg-$name.log" >&2
  exit 1
}

# ---------------------------------------------------------------- measuring

clock_ticks="$(getconf CLK_TCK)"

# The server and its children (nginx's worker): PIDs on one line.
server_pids() {
  echo "$server_pid $(pgrep -P "$server_pid" | tr '\n' ' ')"
}

# utime + stime of all threads, in clock ticks (fields 14 and 15 of /proc/PID/stat; the name field may hold spaces).
cpu_ticks() {
  local total=0 pid rest
  for pid in "$@"; do
    rest="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null)" || continue
    # shellcheck disable=SC2086
    set -- $rest
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

rss_kb() {
  local total=0 pid kb
  for pid in "$@"; do
    kb="$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" || continue
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}

server_cpu_ticks() {
  local pids
  read -ra pids <<< "$(server_pids)"
  cpu_ticks "${pids[@]}"
}

server_rss_kb() {
  local pids
  read -ra pids <<< "$(server_pids)"
  rss_kb "${pids[@]}"
}

now() { date +%s.%N; }

json_get() {
  sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\).*/\1/p" "$1"
}

# From a saved /metrics page: the delivery latency p99 in ms, or "-" when the node does not export it.
delivery_p99_ms() {
  awk '/^liveplane_delivery_latency_seconds\{.*quantile="0.99"/ {printf "%.2f", $NF * 1000; found = 1; exit}
       END {if (!found) print "-"}' "$1"
}

# From a saved /metrics page: "frames dropped/viewers cut" for slow viewers, or "-" when not exported.
slow_viewer_drops() {
  awk '/^liveplane_dropped_frames(_total)?[ {]/ {frames += $NF; f = 1}
       /^liveplane_slow_viewers_disconnected(_total)?[ {]/ {cut += $NF; c = 1}
       END {if (f || c) printf "%d/%d", frames, cut; else print "-"}' "$1"
}

results="$work/results.tsv"
printf 'target\tprotocol\tviewers\trealtime\tconnected\tdisconnected\tfm_p50\tfm_p99\tmbps\tcpu_pct\tcpu_per_vs\trss_kb_per_viewer\tlatency_p99_ms\tdropped_cut\tgenerator_cpu_pct\n' > "$results"

# Runs one scenario: the load generator in the background, CPU and RSS sampled over exactly its measured window.
scenario() {
  local target=$1 protocol=$2 viewers=$3 url=$4
  local name="$target-$protocol-$viewers"
  local out="$work/$name.out" err="$work/$name.err"
  log "$name: $viewers viewers of $url, ramp $ramp/s, warm-up ${warmup}s, window ${duration}s"
  local rss_before
  rss_before="$(server_rss_kb)"
  # shellcheck disable=SC2086 # LOAD_JAVA_OPTS is a list of JVM options
  taskset -c "$load_cpu" java $load_java_opts -jar "$bench_jar" --url "$url" --viewers "$viewers" \
      --duration "$duration" --warmup "$warmup" --ramp-per-second "$ramp" > "$out" 2> "$err" &
  local load_pid=$!
  started_pids+=("$load_pid")

  # The generator prints "measuring" when its window opens; sample then, and again just before it closes.
  until grep -q 'measuring for' "$err" 2>/dev/null; do
    if ! kill -0 "$load_pid" 2>/dev/null; then
      echo "run.sh: the load generator exited early: $(tail -n 5 "$err")" >&2
      exit 1
    fi
    sleep 0.05
  done
  local t0 c0 g0 t1 c1 g1 rss_steady latency="-" drops="-"
  t0="$(now)"; c0="$(server_cpu_ticks)"; g0="$(cpu_ticks "$load_pid")"
  sleep "$(awk -v d="$duration" 'BEGIN {print d - 0.5}')"
  t1="$(now)"; c1="$(server_cpu_ticks)"; g1="$(cpu_ticks "$load_pid")"
  rss_steady="$(server_rss_kb)"
  if [ "$target" != nginx-rtmp ]; then
    curl -fsS "http://127.0.0.1:$node_admin_port/metrics" > "$work/$name.metrics" 2>/dev/null || true
    latency="$(delivery_p99_ms "$work/$name.metrics")"
    drops="$(slow_viewer_drops "$work/$name.metrics")"
  fi
  wait "$load_pid" || true
  grep -v '^{' "$out" | sed 's/^/    /' >&2

  local json
  json="$(tail -n 1 "$out")"
  if [ "${json:0:1}" != "{" ]; then
    echo "run.sh: no report from the load generator; see $err" >&2
    exit 1
  fi
  echo "$json" > "$out.json"
  local connected disconnected realtime p50 p99 mbps
  connected="$(json_get "$out.json" connected)"
  disconnected="$(json_get "$out.json" disconnected)"
  realtime="$(json_get "$out.json" keeping_real_time)"
  p50="$(json_get "$out.json" first_media_p50_ms)"
  p99="$(json_get "$out.json" first_media_p99_ms)"
  mbps="$(json_get "$out.json" aggregate_mbps)"
  awk -v target="$target" -v protocol="$protocol" -v viewers="$viewers" -v realtime="$realtime" \
      -v connected="$connected" -v disconnected="$disconnected" -v p50="$p50" -v p99="$p99" -v mbps="$mbps" \
      -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v g0="$g0" -v g1="$g1" -v hz="$clock_ticks" \
      -v rss0="$rss_before" -v rss1="$rss_steady" -v latency="$latency" -v drops="$drops" 'BEGIN {
        secs = t1 - t0; cpu = (c1 - c0) / hz; playing = connected - disconnected
        per_vs = playing > 0 ? cpu / (playing * secs) : 0
        rss_per = playing > 0 ? (rss1 - rss0) / playing : 0
        printf "%s\t%s\t%d\t%d\t%d\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.3g\t%.1f\t%s\t%s\t%.1f\n", target, protocol,
            viewers, realtime, connected, disconnected, p50, p99, mbps, 100 * cpu / secs, per_vs, rss_per, latency,
            drops, 100 * (g1 - g0) / hz / secs
      }' >> "$results"
}

# ---------------------------------------------------------------- report

print_table() {
  echo
  echo "Liveplane viewer benchmark: one 1 Mbit/s stream (640x360@30 H.264 + AAC), ${duration} s window per row"
  echo "servers on core $server_cpu, load generator and ffmpeg on core $load_cpu, $(nproc) cores, $(uname -r)"
  echo
  awk -F '\t' 'NR == 1 {
      printf "%-12s %-8s %7s %9s %9s %9s %8s %9s %10s %10s %9s %9s %6s\n", "target", "protocol", "viewers",
          "real-time", "1st media", "1st media", "Mbit/s", "CPU %", "CPU s per", "RSS KB", "deliv p99", "dropped/",
          "gen"
      printf "%-12s %-8s %7s %9s %9s %9s %8s %9s %10s %10s %9s %9s %6s\n", "", "", "", "", "p50 ms", "p99 ms",
          "in all", "(1 core)", "viewer-s", "per viewer", "ms", "cut", "CPU %"
      next }
    { printf "%-12s %-8s %7d %9s %9.1f %9.1f %8.1f %9.1f %10s %10.1f %9s %9s %6.1f\n", $1, $2, $3, $4 "/" $3, $7,
          $8, $9, $10, $11, $12, $13, $14, $15 }' "$results"
  if [ "$only" != node ]; then
    echo "nginx-rtmp http-flv: not measured, nginx-rtmp has no HTTP-FLV (that needs nginx-http-flv-module)"
  fi
  local first
  first="$(echo "$viewer_counts" | awk '{print $1}')"
  awk -F '\t' -v v="$first" '
    $2 == "rtmp" && $3 == v && $1 != "nginx-rtmp" {node[$1] = $11; order[++n] = $1}
    $2 == "rtmp" && $3 == v && $1 == "nginx-rtmp" {nginx = $11}
    END {
      for (i = 1; i <= n; i++)
        if (node[order[i]] > 0 && nginx > 0)
          printf "CPU per viewer-second, %s / nginx-rtmp, RTMP at %d viewers: %.2f\n", order[i], v,
              node[order[i]] / nginx
    }' "$results"
  # Metering's cost: the metered node's CPU per viewer-second over its unmetered twin's, row by row.
  awk -F '\t' '$1 == "media-node" {metered[$2 " " $3] = $11}
    $1 == "node-nometer" {plain[$2 " " $3] = $11; order[++n] = $2 " " $3}
    END {
      for (i = 1; i <= n; i++)
        if (metered[order[i]] > 0 && plain[order[i]] > 0)
          printf "CPU per viewer-second, metered / unmetered (media-node / node-nometer), %s viewers: %.3f\n",
              order[i], metered[order[i]] / plain[order[i]]
    }' "$results"
  if [ "$only" != nginx ] && ! awk -F '\t' '$1 != "nginx-rtmp" && $13 != "-" {found = 1} END {exit !found}' "$results"; then
    echo "delivery latency: the node exposes no liveplane_delivery_latency_seconds quantiles, column left empty"
  fi
  echo "raw results: $results"
}

# ---------------------------------------------------------------- main

install_missing
pick_cores
raise_fd_limit
build_if_needed

plan=()
if [ "$only" != node ]; then
  for v in $viewer_counts; do plan+=("nginx-rtmp rtmp $v"); done
fi
if [ "$only" != nginx ]; then
  # The node meters usage by default; its unmetered twin runs right after it, so the ratio compares like with like.
  for v in $viewer_counts; do
    plan+=("media-node rtmp $v")
    if [ -n "$nometer" ]; then plan+=("node-nometer rtmp $v"); fi
  done
  for v in $viewer_counts; do
    plan+=("media-node http-flv $v")
    if [ -n "$nometer" ]; then plan+=("node-nometer http-flv $v"); fi
  done
  for ms in $merge_writes; do
    for v in $viewer_counts; do plan+=("node-mw$ms rtmp $v" "node-mw$ms http-flv $v"); done
  done
  if [ -n "$signed" ]; then
    write_domains
    for v in $viewer_counts; do plan+=("node-signed rtmp $v" "node-signed http-flv $v"); done
  fi
fi

# Every scenario gets a freshly started server and publisher, so that its RSS baseline and CPU are its own.
for entry in "${plan[@]}"; do
  read -r target protocol viewers <<< "$entry"
  name="$target-$protocol-$viewers"
  if [ "$target" = nginx-rtmp ]; then
    start_nginx
    publish "rtmp://127.0.0.1:$nginx_rtmp_port/live/$stream" "$name"
    url="rtmp://127.0.0.1:$nginx_rtmp_port/live/$stream"
  elif [ "$target" = node-signed ]; then
    start_node "$name" --domains "$work/domains.yaml"
    rtmp_base="rtmp://127.0.0.1:$node_rtmp_port/live/$stream"
    url="$(signed_url "$rtmp_base?vhost=$play_domain" "/live/$stream" bench-play-key)"
    publish "$(signed_url "$rtmp_base?vhost=$push_domain" "/live/$stream" bench-push-key)" "$name" "$url"
    if [ "$protocol" = http-flv ]; then
      url="$(signed_url "http://127.0.0.1:$node_http_port/live/$stream.flv?vhost=$play_domain" \
          "/live/$stream.flv" bench-play-key)"
    fi
  else
    case "$target" in
      node-mw*) start_node "$name" --merge-writes "${target#node-mw}" ;;
      node-nometer) start_node "$name" --usage-metering off ;;
      *) start_node "$name" ;;
    esac
    publish "rtmp://127.0.0.1:$node_rtmp_port/live/$stream" "$name"
    url="rtmp://127.0.0.1:$node_rtmp_port/live/$stream"
    if [ "$protocol" = http-flv ]; then
      url="http://127.0.0.1:$node_http_port/live/$stream.flv"
    fi
  fi
  scenario "$target" "$protocol" "$viewers" "$url"
  stop "$publisher_pid"
  stop "$server_pid"
done

print_table
