#!/usr/bin/env bash
# What the database does per node call, from MariaDB's Questions and Com_commit counters: an idle control plane's
# background (20 s), then 200 heartbeats of a node publishing 10 streams, then 200 calls of one stream event, one at
# a time with curl (subtract the idle rate times each phase's seconds). bench/README.md "Numbers for operators".
#
#   bench/db-statements.sh        (DB_STATEMENTS_DATABASE, CP_PORT, CP_DNS_PORT to change where it runs)
set -u
root="$(cd "$(dirname "$0")/.." && pwd)"
db="${DB_STATEMENTS_DATABASE:-liveplane_bench_statements}"; port="${CP_PORT:-18090}"; api=localhost:$port
work="$(mktemp -d /tmp/liveplane-db-statements.XXXXXX)"
cd "$work" || exit 1
mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
MICRONAUT_SERVER_PORT=$port LIVEPLANE_DB_URL="jdbc:mariadb://127.0.0.1:3306/$db" LIVEPLANE_DB_USER=root LIVEPLANE_DB_PASSWORD= \
LIVEPLANE_OPERATOR_TOKEN=op-token-0123456789abcdef LIVEPLANE_EMBEDDED_DNS_PORT="${CP_DNS_PORT:-15363}" LIVEPLANE_FLEET_SERVE_UNVERIFIED_DOMAINS=true \
  java -Xms512m -Xmx512m -jar $root/control-plane/target/control-plane.jar > cp-dbload.log 2>&1 &
echo $! > cp.pid
for _ in $(seq 1 300); do [ "$(curl -s -o /dev/null -w '%{http_code}' $api/v1/domains)" = 401 ] && break; sleep 0.5; done
if ! kill -0 "$(cat cp.pid)" 2>/dev/null; then echo "the control plane did not start: $(tail -n 5 cp-dbload.log)"; exit 1; fi
q() { mariadb -uroot -h127.0.0.1 -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions','Com_commit')" | awk '{v[$1]=$2} END {print v["Questions"], v["Com_commit"]}'; }
T=$(curl -s $api/v1/auth/signup -H 'content-type: application/json' -d '{"email":"db@example.com","password":"a long password","tenantName":"Db"}' | jq -r .accessToken)
curl -s -o /dev/null $api/v1/domains -H "authorization: Bearer $T" -H 'content-type: application/json' -d '{"name":"push.dbload.test","type":"push"}'
token=$(curl -s -X POST $api/admin/v1/node-tokens -H "Authorization: Bearer op-token-0123456789abcdef" -H 'Content-Type: application/json' -d '{}' | jq -r .token)
node=$(curl -s -X POST $api/internal/v1/nodes/register -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"address":"127.0.250.2","rtmpPort":1935,"httpPort":8081,"region":"bench"}')
id=$(jq -r .nodeId <<<"$node"); cred=$(jq -r .credential <<<"$node")
streams=$(for i in $(seq 1 10); do printf '{"domain":"push.dbload.test","app":"live","stream":"s%d","viewers":20,"publishing":true,"bitrateKbps":2500}' $i; [ $i -lt 10 ] && printf ,; done)
sleep 5
read a0 c0 < <(q); t0=$(date +%s.%N); sleep 20; read a1 c1 < <(q); t1=$(date +%s.%N)
echo "idle: $(echo "($a1 - $a0) / ($t1 - $t0)" | bc -l | xargs printf '%.1f') statements/s, $(echo "($c1 - $c0) / ($t1 - $t0)" | bc -l | xargs printf '%.1f') commits/s (minus the 2 status reads)"
n=200
read a0 c0 < <(q); t0=$(date +%s.%N)
for i in $(seq 1 $n); do curl -s -o /dev/null -X POST $api/internal/v1/nodes/$id/heartbeat -H "Authorization: Bearer $cred" -H 'Content-Type: application/json' -d "{\"configVersion\":1,\"draining\":false,\"streams\":[$streams]}"; done
read a1 c1 < <(q); t1=$(date +%s.%N)
echo "heartbeats seconds=$(echo "$t1 - $t0" | bc): $n with 10 streams each: $((a1 - a0)) statements, $((c1 - c0)) commits (idle background included)"
read a0 c0 < <(q); t0=$(date +%s.%N)
for i in $(seq 1 $n); do
  if [ $((i % 2)) = 1 ]; then type=publish; else type=unpublish; fi
  curl -s -o /dev/null -X POST $api/internal/v1/nodes/$id/events -H "Authorization: Bearer $cred" -H 'Content-Type: application/json' \
    -d "{\"events\":[{\"id\":\"e$i\",\"type\":\"$type\",\"domain\":\"push.dbload.test\",\"app\":\"live\",\"stream\":\"x$((i / 2))\",\"at\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"}]}"
done
read a1 c1 < <(q); t1=$(date +%s.%N)
echo "events seconds=$(echo "$t1 - $t0" | bc): $n of 1 event: $((a1 - a0)) statements, $((c1 - c0)) commits (idle background included)"
kill "$(cat cp.pid)"
echo "control plane log: $work/cp-dbload.log"
