#!/usr/bin/env python3
"""CPU of a JFR recording's threads, grouped by name with the digits taken out: `jfr-threads.py FILE`.

From jdk.ThreadCPULoad (user and system share of the machine, sampled each second per thread) in the window FROM-TO
(environment, ISO times), printed as percent of one core, so threads that are many and small (a thousand request
threads) add up. JIT compiler and GC threads are not Java threads and are missing; jdk.CPULoad's jvm total less
this sum is roughly theirs.
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict


def main():
    path = sys.argv[1]
    lo, hi = os.environ.get("FROM", ""), os.environ.get("TO", "9")
    raw = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ThreadCPULoad,jdk.CPULoad", path],
                         check=True, capture_output=True, text=True).stdout
    cores = os.cpu_count() or 1
    # Each thread is sampled once per period (10 s under settings=profile): a thread's share is the mean of its
    # samples, a group's the sum of its threads'.
    per_thread = defaultdict(lambda: [0.0, 0.0, 0, ""])
    jvm_user = jvm_system = machine = samples = 0.0
    for e in json.loads(raw)["recording"]["events"]:
        v = e["values"]
        at = v["startTime"]
        if not (lo <= at <= hi):
            continue
        if e["type"] == "jdk.CPULoad":
            jvm_user += v["jvmUser"]
            jvm_system += v["jvmSystem"]
            machine += v["machineTotal"]
            samples += 1
            continue
        name = (v.get("eventThread") or {}).get("javaName") or "?"
        group = re.sub(r"[-#]?[0-9]+", "", name)
        key = (v.get("eventThread") or {}).get("javaThreadId") or name
        t = per_thread[key]
        t[0] += v["user"]
        t[1] += v["system"]
        t[2] += 1
        t[3] = group
    user, system, names = defaultdict(float), defaultdict(float), defaultdict(int)
    for u, s, count, group in per_thread.values():
        user[group] += u / count
        system[group] += s / count
        names[group] += 1
    n = max(samples, 1)
    print(f"window {lo or 'start'} .. {hi if hi != '9' else 'end'}: {samples:.0f} s; JVM user {100 * cores * jvm_user / n:.1f}%"
          f" system {100 * cores * jvm_system / n:.1f}% of one core; machine {100 * machine / n:.1f}% of all {cores}")
    for group in sorted(user, key=lambda g: -(user[g] + system[g])):
        u, s = 100 * cores * user[group], 100 * cores * system[group]
        if u + s >= 0.2:
            print(f"{u + s:6.1f}% (user {u:5.1f} sys {s:5.1f})  threads={names[group]:5d}  {group}")


if __name__ == "__main__":
    main()
