# Sourced by the control-plane benchmarks: builds the control plane if needed, gives it a fresh MariaDB database and
# runs it until the script exits: one instance pinned to core 0, several on all cores.
# Expects: root, port, dns_port, database, operator_token, work, and a log function. Sets: jar, cp_pid, base (and
# cp_pids, bases: every instance started, space- and comma-separated).
# CP_DB_PARAMS is appended to the JDBC URL (connector options, e.g. ?useServerPrepStmts=true).
# CP_JAVA_OPTS adds JVM options (e.g. -XX:StartFlightRecording=filename=/tmp/cp.jfr,settings=profile).
# CP_CPUS is the taskset core list of every instance, or one list per instance separated by spaces ("0 1": instance 0
# on core 0, instance 1 on core 1; an instance past the last list takes the last). By default one instance runs on
# core 0 and several (control_planes > 1) on all cores, each seeing the machine's CPUs as a deployed instance sees its
# own 2+ vCPUs: two JVMs pinned to one core each believe they have one CPU (serial GC, one compiler thread) and take
# turns on it while the other core is busy too (bench/README.md, "Two instances on both cores").

jar="$root/control-plane/target/control-plane.jar"

build_control_plane() {
  if [ ! -f "$jar" ] || [ -n "$(find "$root/control-plane/src" "$root/control-plane/pom.xml" "$root/api" \
      -newer "$jar" -print -quit)" ]; then
    log "building the control plane (./mvnw -DskipTests package -pl control-plane -am)"
    (cd "$root" && ./mvnw -B -q -ntp -DskipTests package -pl control-plane -am)
  fi
}

fresh_database() {
  if ! mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
    log "starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
    for _ in $(seq 1 50); do mariadb -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  mariadb -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS $database; CREATE DATABASE $database"
}

# instance_cpus INDEX: the cores instance INDEX runs on, from CP_CPUS (see above).
instance_cpus() {
  local lists default=0
  if [ "${control_planes:-1}" -gt 1 ]; then default="0-$(($(nproc) - 1))"; fi
  read -r -a lists <<< "${CP_CPUS:-$default}"
  if [ "$1" -lt "${#lists[@]}" ]; then echo "${lists[$1]}"; else echo "${lists[-1]}"; fi
}

# cp_core_count: how many cores the started instances may run on together (the union of their affinities).
cp_core_count() {
  local pid
  for pid in $cp_pids; do taskset -cp "$pid" | sed 's/.*: //'; done | tr ',' '\n' \
    | awk -F- '{ if (NF == 2) { for (c = $1; c <= $2; c++) print c } else print $1 }' | sort -u | wc -l
}

cp_pid=""
cp_pids=""
bases=""
stop_control_plane() {
  local pid
  for pid in $cp_pids; do kill "$pid" 2>/dev/null || true; done
  for pid in $cp_pids; do wait "$pid" 2>/dev/null || true; done
  log "logs kept in $work"
}

# The secrets every instance of one run shares, as instances behind one load balancer do: a node credential or a
# session minted by one is checked by the others, and a key one sealed is opened by the others.
cp_master_key="$(head -c 32 /dev/urandom | base64)"
cp_jwt_secret="$(head -c 48 /dev/urandom | base64)"
cp_node_secret="$(head -c 48 /dev/urandom | base64)"
cp_hls_secret="$(head -c 32 /dev/urandom | base64)"

# start_control_plane [INDEX]: starts instance INDEX (default 0) on $port + INDEX (its DNS on $dns_port + INDEX), in
# $work (INDEX 0) or $work/cp$INDEX, so the files it writes stay out of the local stack's, and waits until it
# answers, on the cores instance_cpus names, against the same database.
start_control_plane() {
  local index="${1:-0}" dir="$work" logfile="$work/control-plane.log"
  if [ "$index" -gt 0 ]; then dir="$work/cp$index"; logfile="$work/control-plane-$index.log"; mkdir -p "$dir"; fi
  local instance_port=$((port + index)) cpus
  cpus="$(instance_cpus "$index")"
  trap stop_control_plane EXIT
  log "starting the control plane on :$instance_port (cores $cpus)"
  # shellcheck disable=SC2086 # CP_JAVA_OPTS is a list of options
  MICRONAUT_SERVER_PORT="$instance_port" \
  LIVEPLANE_DB_URL="jdbc:mariadb://127.0.0.1:3306/$database${CP_DB_PARAMS:-}" LIVEPLANE_DB_USER=root LIVEPLANE_DB_PASSWORD= \
  LIVEPLANE_OPERATOR_TOKEN="$operator_token" \
  LIVEPLANE_MASTER_KEY="$cp_master_key" \
  LIVEPLANE_JWT_SECRET="$cp_jwt_secret" \
  LIVEPLANE_NODE_CREDENTIAL_SECRET="$cp_node_secret" \
  LIVEPLANE_HLS_SESSION_SECRET="$cp_hls_secret" \
  LIVEPLANE_EMBEDDED_DNS_PORT="$((dns_port + index))" \
    bash -c 'cd "$1" && shift && exec "$@"' - "$dir" \
    taskset -c "$cpus" java -Xms512m -Xmx512m ${CP_JAVA_OPTS:-} -jar "$jar" > "$logfile" 2>&1 &
  local pid=$!
  local url="http://127.0.0.1:$instance_port"
  if [ "$index" -eq 0 ]; then cp_pid=$pid; base="$url"; fi
  cp_pids="${cp_pids:+$cp_pids }$pid"
  bases="${bases:+$bases,}$url"
  local code
  for _ in $(seq 1 150); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/domains" || true)"
    [ "$code" = 401 ] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the control plane exited: $(tail -n 20 "$logfile")"
      exit 1
    fi
    sleep 0.2
  done
  log "the control plane did not answer on $url within 30 s"
  exit 1
}
