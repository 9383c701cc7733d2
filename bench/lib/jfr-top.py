#!/usr/bin/env python3
"""Aggregates a JFR recording's stack events by frame: `jfr-top.py FILE [EVENT] [DEPTH] [N] [FILTER]`.

EVENT defaults to jdk.ExecutionSample. FROM and TO (environment, ISO times such as 2026-12-03T13:38:11Z) keep
only events that started in that window, e.g. the event phase of a fleet.sh run. For each event it takes the top DEPTH frames (default 1) as the key and
counts events (for events with a duration, also sums it); prints the N (default 25) keys with the most, and each
key's share. FILTER, a substring, keeps only stacks with a frame containing it (e.g. "liveplane"). A second table
counts, for every frame name containing "liveplane", the events whose stack holds it (inclusive).
"""
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict


def frames_of(event):
    stack = event.get("values", {}).get("stackTrace") or {}
    out = []
    for f in stack.get("frames", []) or []:
        m = f.get("method", {})
        t = m.get("type", {}).get("name", "?")
        out.append(f"{t}.{m.get('name', '?')}:{f.get('lineNumber', '?')}")
    return out


def duration_ms(event):
    d = event.get("values", {}).get("duration")
    if not d:
        return 0.0
    # ISO-8601 "PT0.0123S" style
    try:
        s = d.replace("PT", "")
        total = 0.0
        num = ""
        for ch in s:
            if ch.isdigit() or ch == ".":
                num += ch
            else:
                v = float(num) if num else 0.0
                total += {"H": 3600, "M": 60, "S": 1}.get(ch, 0) * v
                num = ""
        return total * 1000
    except ValueError:
        return 0.0


def main():
    path = sys.argv[1]
    event = sys.argv[2] if len(sys.argv) > 2 else "jdk.ExecutionSample"
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    n = int(sys.argv[4]) if len(sys.argv) > 4 else 25
    flt = sys.argv[5] if len(sys.argv) > 5 else None
    raw = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", event, path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    counts, durations = Counter(), defaultdict(float)
    inclusive, threads = Counter(), Counter()
    total = 0
    lo, hi = os.environ.get("FROM"), os.environ.get("TO")
    inclusive_all = Counter()
    for e in events:
        at = e.get("values", {}).get("startTime", "")
        if (lo and at < lo) or (hi and at > hi):
            continue
        fr = frames_of(e)
        if flt and not any(flt in f for f in fr):
            continue
        total += 1
        key = " <- ".join(fr[:depth]) or "(no stack)"
        counts[key] += 1
        durations[key] += duration_ms(e)
        th = (e.get("values", {}).get("sampledThread") or e.get("values", {}).get("eventThread") or {})
        name = th.get("javaName") or th.get("osName") or "?"
        threads[name.rstrip("0123456789- ")] += 1
        methods = set(x.split(":")[0] for x in fr)
        for f in methods:
            inclusive_all[f] += 1
            if "liveplane" in f:
                inclusive[f] += 1
    print(f"{event}: {total} events" + (f" (stacks containing {flt!r})" if flt else ""))
    for key, c in counts.most_common(n):
        extra = f" {durations[key]:10.0f} ms" if durations[key] else ""
        print(f"{c:7d} {100.0 * c / max(total, 1):5.1f}%{extra}  {key}")
    print("-- by thread (name without digits)")
    for key, c in threads.most_common(8):
        print(f"{c:7d} {100.0 * c / max(total, 1):5.1f}%  {key}")
    print("-- inclusive, any frame")
    for key, c in inclusive_all.most_common(int(os.environ.get("ALL", "40"))):
        print(f"{c:7d} {100.0 * c / max(total, 1):5.1f}%  {key}")
    print("-- inclusive, liveplane frames")
    for key, c in inclusive.most_common(n):
        print(f"{c:7d} {100.0 * c / max(total, 1):5.1f}%  {key}")


if __name__ == "__main__":
    main()
