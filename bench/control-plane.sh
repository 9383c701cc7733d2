#!/usr/bin/env bash
# Control-plane throughput on this machine with MariaDB: signed-URL minting and domain reads, each warmed up until
# the JIT compiler is done with it, then as fast as it goes, then paced at half its goal rate (2,500 and 1,500
# requests/s) for its latency. What it measures and how to read it: bench/README.md.
#
#   bench/control-plane.sh                  20 s per phase
#   DURATION=60 bench/control-plane.sh
#   WARMUP=20 bench/control-plane.sh        a fixed 20 s warm-up instead: measures a JVM that is still compiling
#
# The control plane runs on core 0 (MariaDB is not pinned: it is the machine's own service), wrk on core 1.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
duration="${DURATION:-20}"
warmup="${WARMUP:-jit}"         # jit: until the compiler is quiet; or a number of seconds
warmup_max="${WARMUP_MAX:-180}" # the most a jit warm-up may take
connections="${CONNECTIONS:-32}"
port="${CP_PORT:-18080}"
dns_port="${CP_DNS_PORT:-15353}"
database=liveplane_bench
operator_token="bench-operator-token-0123456789"
work="$(mktemp -d /tmp/liveplane-cp-bench.XXXXXX)"
log() { printf '[control-plane.sh] %s\n' "$*" >&2; }

command -v wrk >/dev/null 2>&1 || { log "installing wrk"; apt-get install -y -qq wrk >/dev/null; }
# shellcheck source=bench/lib/control-plane.sh
. "$root/bench/lib/control-plane.sh"
build_control_plane
fresh_database
start_control_plane

json() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
session="$(curl -fsS -X POST "$base/v1/auth/signup" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-password-123","tenantName":"Bench"}' | json accessToken)"
post() { curl -fsS -X POST "$base$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$3"; }
api_key="$(post /v1/api-keys "$session" '{"name":"bench"}' | json secret)"
post /v1/domains "$api_key" '{"name":"push.bench-tenant.com","type":"push"}' > /dev/null
post /v1/domains "$api_key" \
  '{"name":"play.bench-tenant.com","type":"pull","pushDomain":"push.bench-tenant.com"}' > /dev/null

# run NAME METHOD PATH BODY RATE [SECONDS]: one wrk phase; prints the RESULT line.
run() {
  local name=$1 method=$2 path=$3 body=$4 rate=$5 seconds=${6:-$duration}
  METHOD="$method" BODY="$body" TOKEN="$api_key" RATE="$rate" CONNECTIONS="$connections" THREADS=1 \
    taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$root/bench/wrk/paced.lua" "$base$path" \
    > "$work/$name.txt" 2>&1
  grep '^RESULT' "$work/$name.txt" | sed "s/^RESULT/$name/"
}

# compiler_ticks: CPU time (1/100 s) the control plane's JIT compiler threads have used so far.
compiler_ticks() {
  local total=0 task
  for task in /proc/"$cp_pid"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      # Fields 14 and 15 of stat (utime, stime), counted after the parenthesised name, which holds a space.
      "C1 CompilerThre"* | "C2 CompilerThre"*)
        total=$((total + $(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}'))) ;;
    esac
  done
  echo "$total"
}

# warm_up NAME METHOD PATH BODY: loads the route as fast as it goes, for $warmup seconds or, by default, in 5 s
# rounds until a round in which the JIT compiler used at most 2% of the core; prints the seconds it took. On one
# core the compiler shares the CPU with the requests and needs a minute or more: a shorter warm-up measures the
# compiler and interpreted code, not the service.
warm_up() {
  local started=$SECONDS before
  if [ "$warmup" != jit ]; then
    run "$1-warmup" "$2" "$3" "$4" 0 "$warmup" > /dev/null
  else
    while [ $((SECONDS - started)) -lt "$warmup_max" ]; do
      before="$(compiler_ticks)"
      run "$1-warmup" "$2" "$3" "$4" 0 5 > /dev/null
      [ $(($(compiler_ticks) - before)) -le 10 ] && break
    done
  fi
  echo $((SECONDS - started))
}

value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
results="$work/results.txt"
mint_body='{"app":"live","stream":"bench","ttlSeconds":600}'
for target in "mint POST /v1/domains/push.bench-tenant.com/signed-urls 5000" \
              "read GET /v1/domains/play.bench-tenant.com 3000"; do
  read -r name method path goal <<< "$target"
  body=""; [ "$method" = POST ] && body="$mint_body"
  log "$name: warming up ($warmup), then $duration s as fast as $connections connections go"
  warmed="$(warm_up "$name" "$method" "$path" "$body")"
  max="$(run "$name-max" "$method" "$path" "$body" 0)"
  half=$((goal / 2)) # the issue's latency target holds at half the goal rates
  log "$name: $duration s paced at $half requests/s"
  paced="$(run "$name-half" "$method" "$path" "$body" "$half")"
  echo "$name $goal $warmed $max" "| $paced" >> "$results"
done

echo
echo "Control plane on core 0 with MariaDB, wrk on core 1 ($connections connections), ${duration} s per phase"
printf '%-6s %10s %10s %12s %8s %14s %12s %8s\n' endpoint "goal rps" "warm-up s" "max rps" errors "paced at rps" \
  "p99 ms" errors
while read -r line; do
  name="$(echo "$line" | cut -d' ' -f1)"; goal="$(echo "$line" | cut -d' ' -f2)"
  warmed="$(echo "$line" | cut -d' ' -f3)"
  max_part="${line%%|*}"; paced_part="${line#*|}"
  printf '%-6s %10s %10s %12s %8s %14s %12s %8s\n' "$name" "$goal" "$warmed" "$(echo "$max_part" | value rps)" \
    "$(echo "$max_part" | value errors)" "$(echo "$paced_part" | value rps)" "$(echo "$paced_part" | value p99_ms)" \
    "$(echo "$paced_part" | value errors)"
done < "$results"
echo "targets: minting >= 5000/s, domain reads >= 3000/s, p99 < 20 ms at half those rates"
