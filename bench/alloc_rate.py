"""Bytes a server's event loops allocated between instants, from a JFR recording of jdk.ThreadAllocationStatistics
(each thread's running total, sampled every second). Used by bench/run-alloc-bench.sh.
Usage: python3 bench/alloc_rate.py [--idle-around] FILE.jfr FROM TO   (FROM, TO: Unix seconds; prints the bytes)
  Under a steady load the totals are interpolated to FROM and TO. --idle-around: the server is idle just before FROM
  and after TO (a burst of joins), so the window is widened to the samples around it instead: interpolating would
  spread a burst shorter than the sampling period over the idle time beside it and count only part of it.
  A window the recording's samples do not enclose is an error, not a zero."""
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

def interpolated(points, instant):
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t0 <= instant <= t1:
            return v0 if t1 == t0 else v0 + (v1 - v0) * (instant - t0) / (t1 - t0)

def allocated(points, start, end, idle_around):
    if idle_around:
        before = [v for t, v in points if t <= start]
        after = [v for t, v in points if t >= end]
        return after[0] - before[-1]
    return interpolated(points, end) - interpolated(points, start)

args = sys.argv[1:]
idle_around = args[0] == "--idle-around"
path, start, end = args[1:] if idle_around else args
start, end = float(start), float(end)
series = {thread: sorted(points) for thread, points in totals(path).items()}
if not series:
    sys.exit(f"{path}: no allocation samples of an event loop")
for thread, points in series.items():
    if points[0][0] > start or points[-1][0] < end:
        sys.exit(f"{path}: the samples of {thread} ({points[0][0]:.1f}–{points[-1][0]:.1f}) do not enclose the window "
                 f"{start:.1f}–{end:.1f}")
print(int(sum(allocated(points, start, end, idle_around) for points in series.values())))
