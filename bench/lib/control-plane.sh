# Sourced by the control-plane benchmarks: builds the control plane if needed, gives it a fresh MariaDB database and
# runs it pinned to core 0 until the script exits.
# Expects: root, port, dns_port, database, operator_token, work, and a log function. Sets: jar, cp_pid, base.
# CP_DB_PARAMS is appended to the JDBC URL (connector options, e.g. ?useServerPrepStmts=true).
# CP_JAVA_OPTS adds JVM options (e.g. -XX:StartFlightRecording=filename=/tmp/cp.jfr,settings=profile).

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

cp_pid=""
stop_control_plane() {
  if [ -n "$cp_pid" ]; then kill "$cp_pid" 2>/dev/null || true; wait "$cp_pid" 2>/dev/null || true; fi
  log "logs kept in $work"
}

# Starts it (in $work, so the secrets it generates stay out of the local stack's) and waits until it answers.
start_control_plane() {
  trap stop_control_plane EXIT
  log "starting the control plane on :$port (core 0)"
  # shellcheck disable=SC2086 # CP_JAVA_OPTS is a list of options
  MICRONAUT_SERVER_PORT="$port" \
  LIVEPLANE_DB_URL="jdbc:mariadb://127.0.0.1:3306/$database${CP_DB_PARAMS:-}" LIVEPLANE_DB_USER=root LIVEPLANE_DB_PASSWORD= \
  LIVEPLANE_OPERATOR_TOKEN="$operator_token" \
  LIVEPLANE_MASTER_KEY="$(head -c 32 /dev/urandom | base64)" \
  LIVEPLANE_JWT_SECRET="$(head -c 48 /dev/urandom | base64)" \
  LIVEPLANE_EMBEDDED_DNS_PORT="$dns_port" \
    bash -c 'cd "$1" && shift && exec "$@"' - "$work" \
    taskset -c 0 java -Xms512m -Xmx512m ${CP_JAVA_OPTS:-} -jar "$jar" > "$work/control-plane.log" 2>&1 &
  cp_pid=$!
  base="http://127.0.0.1:$port"
  local code
  for _ in $(seq 1 150); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "$base/v1/domains" || true)"
    [ "$code" = 401 ] && return 0
    if ! kill -0 "$cp_pid" 2>/dev/null; then
      log "the control plane exited: $(tail -n 20 "$work/control-plane.log")"
      exit 1
    fi
    sleep 0.2
  done
  log "the control plane did not answer on $base within 30 s"
  exit 1
}
