"""Bytes a server's event loops allocated between instants, from a JFR recording of jdk.ThreadAllocationStatistics
(each thread's running total, sampled every second). Used by bench/run-alloc-bench.sh.
Usage: python3 bench/alloc_rate.py FILE.jfr FROM TO   (FROM, TO: Unix seconds; prints the bytes, interpolated)"""
import datetime, json, subprocess, sys

def totals(path):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ThreadAllocationStatistics", path],
                         capture_output=True, text=True, check=True).stdout
    series = {}
    for event in json.loads(out)["recording"]["events"]:
        values = event["values"]
        thread = (values.get("thread") or {}).get("javaName") or ""
        if "eventloop" in thread or "acceptor" in thread:
            at = datetime.datetime.fromisoformat(values["startTime"].replace("Z", "+00:00")).timestamp()
            series.setdefault(thread, []).append((at, values["allocated"]))
    return series

def at(points, instant):
    points = sorted(points)
    if instant <= points[0][0]:
        return points[0][1]
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t0 <= instant <= t1:
            return v0 if t1 == t0 else v0 + (v1 - v0) * (instant - t0) / (t1 - t0)
    return points[-1][1]

series = totals(sys.argv[1])
start, end = float(sys.argv[2]), float(sys.argv[3])
print(int(sum(at(points, end) - at(points, start) for points in series.values())))
