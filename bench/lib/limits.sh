# Sourced by fleet.sh: while one of FleetLoad's phases runs (the event phase, or the idle one), samples what can limit
# it and names the limit. CPU of the control plane, of MariaDB, of the load generator and of the whole machine (from
# /proc), MariaDB's own counters (commits, statements, threads running), and where the control plane's request threads
# are (a thread dump every 2 s): waiting for a pooled connection, waiting on MariaDB, or running.
# Call sample_limits CP_PIDS PROGRESS_FILE RESULT_FILE OUT_FILE [PHASE START END] in the background: it samples from
# the first line of PROGRESS_FILE matching START to the first of RESULT_FILE matching END (by default the event phase:
# PHASE events, START 'events/s for', END '^FLEET events'), and stops early when OUT_FILE.done exists (the load ended
# without that phase). CP_PIDS is one control plane's pid, or several instances' pids separated by spaces: their CPU
# is added up and their threads counted together.

# utime + stime of every thread of the processes, in clock ticks (0 when they are gone).
process_ticks() {
  local pid total=0
  for pid in $1; do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# busy and total ticks of every core since boot.
machine_ticks() {
  awk '/^cpu / {total = 0; for (i = 2; i <= NF; i++) total += $i; print total - $5 - $6, total}' /proc/stat
}

# One thread dump of each control plane, as "pool_wait in_db running idle" counts over their request threads. Asked
# with SIGQUIT, which the JVM answers by printing the dump to its stdout (the instance's log), read back from there:
# jcmd would start a JVM per dump, about half a second of CPU each, which took a third of a core from a two-instance
# run (others_cpu_pct) and so from what it measures.
request_threads() {
  local pid log size
  for pid in $1; do
    log="$(readlink "/proc/$pid/fd/1" 2>/dev/null)" || continue
    size="$(stat -c %s "$log")"
    kill -QUIT "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do
      tail -c +$((size + 1)) "$log" | grep -q '^JNI global refs' && break
      sleep 0.1
    done
    tail -c +$((size + 1)) "$log"
  done | awk '
    /^"/ { flush(); name = $0; state = ""; pool = 0; db = 0; next }
    /java.lang.Thread.State:/ { state = $2 }
    /HikariPool.getConnection/ { pool = 1 }
    /org.mariadb.jdbc/ && !pool { db = 1 }
    function flush() {
      if (name ~ /"(io-executor-thread|default-[a-zA-Z]*[eE]ventLoopGroup|blocking-executor|event-writer|heartbeat-writer)/) {
        if (pool) p++; else if (db) d++; else if (state == "RUNNABLE") r++; else i++
      }
      name = ""
    }
    END { flush(); printf "%d %d %d %d\n", p, d, r, i }'
}

# MariaDB's "Com_commit Questions Innodb_log_waits Innodb_deadlocks Innodb_row_lock_waits" since it started (zeros
# when it does not answer).
db_counters() {
  mariadb -uroot -h127.0.0.1 -N -e "SHOW GLOBAL STATUS WHERE Variable_name IN
      ('Com_commit', 'Questions', 'Innodb_log_waits', 'Innodb_deadlocks', 'Innodb_row_lock_waits')" 2>/dev/null \
    | awk '{v[$1] = $2} END {printf "%d %d %d %d %d\n", v["Com_commit"], v["Questions"], v["Innodb_log_waits"],
        v["Innodb_deadlocks"], v["Innodb_row_lock_waits"]}'
}

db_threads_running() {
  mariadb -uroot -h127.0.0.1 -N -e "SHOW GLOBAL STATUS LIKE 'Threads_running'" 2>/dev/null | awk '{print $2 + 0}'
}

sample_limits() {
  local cps="$1" progress="$2" result="$3" out="$4" phase="${5:-events}" started="${6:-events/s for}"
  local ended="${7:-^FLEET events}"
  local cp="${cps%% *}"
  until grep -q "$started" "$progress" 2>/dev/null; do
    if ! kill -0 "$cp" 2>/dev/null || [ -e "$out.done" ]; then return 0; fi
    sleep 0.2
  done
  local db gen hz cores cpcores start cp0 db0 gen0 busy0 total0 samples=0 pool=0 indb=0 running=0 idle=0 p d r i
  local commits0 questions0 logwaits0 deadlocks0 lockwaits0 dbrun=0 gen1 genlast=0
  db="$(pgrep -o -x mariadbd || pgrep -o -x mysqld || echo 0)"
  gen="$(pgrep -n -f 'dev[.]liveplane[.]bench[.]fleet[.]FleetLoad' || echo 0)"
  hz="$(getconf CLK_TCK)"
  cores="$(nproc)"
  cpcores="$(cp_core_count)"
  start="$(date +%s.%N)"
  cp0="$(process_ticks "$cps")"
  db0="$(process_ticks "$db")"
  gen0="$(process_ticks "$gen")"
  read -r commits0 questions0 logwaits0 deadlocks0 lockwaits0 < <(db_counters)
  read -r busy0 total0 < <(machine_ticks)
  while ! grep -q "$ended" "$result" 2>/dev/null && kill -0 "$cp" 2>/dev/null && [ ! -e "$out.done" ]; do
    read -r p d r i < <(request_threads "$cps")
    samples=$((samples + 1)); pool=$((pool + p)); indb=$((indb + d)); running=$((running + r)); idle=$((idle + i))
    dbrun=$((dbrun + $(db_threads_running)))
    # FleetLoad may exit before the loop ends: its last reading stands.
    gen1="$(process_ticks "$gen")"; [ "$gen1" -gt 0 ] && genlast="$gen1"
    sleep 2
  done
  local cp1 db1 busy1 total1 elapsed commits1 questions1 logwaits1 deadlocks1 lockwaits1
  cp1="$(process_ticks "$cps")"
  db1="$(process_ticks "$db")"
  gen1="$(process_ticks "$gen")"; [ "$gen1" -gt 0 ] || gen1="${genlast:-$gen0}"
  read -r commits1 questions1 logwaits1 deadlocks1 lockwaits1 < <(db_counters)
  read -r busy1 total1 < <(machine_ticks)
  elapsed="$(echo "$(date +%s.%N) - $start" | bc -l)"
  awk -v cp=$((cp1 - cp0)) -v db=$((db1 - db0)) -v gen=$((gen1 - gen0)) -v busy=$((busy1 - busy0)) \
      -v total=$((total1 - total0)) -v commits=$((commits1 - commits0)) -v questions=$((questions1 - questions0)) \
      -v logwaits=$((logwaits1 - logwaits0)) -v deadlocks=$((deadlocks1 - deadlocks0)) \
      -v lockwaits=$((lockwaits1 - lockwaits0)) -v dbrun="$dbrun" \
      -v hz="$hz" -v cores="$cores" -v cpcores="$cpcores" -v s="$elapsed" -v n="$samples" -v pool="$pool" -v indb="$indb" \
      -v running="$running" -v idle="$idle" -v poolsize="${CP_POOL_SIZE:-?}" -v phase="$phase" 'BEGIN {
    cpu = 100 * cp / hz / s; dbcpu = 100 * db / hz / s; gencpu = 100 * gen / hz / s
    machine = total > 0 ? 100 * busy / total : 0
    others = machine * cores - cpu - dbcpu - gencpu; if (others < 0) others = 0
    n = n > 0 ? n : 1
    if (cpu >= 85 * cpcores) verdict = "control-plane-cpu (its cores are full)"
    else if (dbcpu >= 85) verdict = "mariadb-cpu"
    else if (gencpu >= 85) verdict = "generator-cpu (FleetLoad cannot send faster: not the control plane)"
    else if (pool / n >= 1) verdict = "connection-pool (requests wait for a pooled connection)"
    else if (machine >= 90) verdict = "machine-cpu (the processes together fill the cores)"
    else if (indb / n >= 1) verdict = "database-latency (threads wait on MariaDB)"
    else verdict = "none-seen (the generator, or the network)"
    printf "FLEET limits phase=%s seconds=%.1f cp_cpu_pct=%.0f mariadb_cpu_pct=%.0f generator_cpu_pct=%.0f" \
      " machine_busy_pct=%.0f others_cpu_pct=%.0f (percent of one core; machine: of all %d) db_commits_per_s=%.0f" \
      " db_statements_per_s=%.0f db_threads_running_avg=%.1f innodb_log_waits=%d innodb_deadlocks=%d" \
      " innodb_row_lock_waits=%d thread_dumps=%d" \
      " pool_wait_avg=%.1f in_db_avg=%.1f running_avg=%.1f idle_avg=%.1f limit=%s\n", phase, s, cpu, dbcpu, gencpu,
      machine, others, cores, commits / s, questions / s, dbrun / n, logwaits, deadlocks, lockwaits, n, pool / n, indb / n,
      running / n, idle / n, verdict
  }' > "$out"
}
