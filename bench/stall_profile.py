#!/usr/bin/env python3
"""What a relay's event loop was running while its messages were late, against what it ran the rest of the time.

Reads RelayLoad's slow-message log (-Dslow.log: "NAME SENT_NS LATENCY_NS", CLOCK_MONOTONIC) and `perf script -F
comm,pid,tid,time,ip,sym` of a `perf record -e cpu-clock -g -k CLOCK_MONOTONIC` of the servers over the same run
(with perf maps, so compiled Java has names). Late messages are grouped into stalls as tail_attribution.py groups
them. Each event-loop sample falls inside a stall of its own server or outside all of them; both sets are ranked by
the innermost frame of the relay's own code (Kaigi's packages, or the floor's class), else the innermost frame. The
same ranking inside and out says a stall is a backlog of the usual work; something that ranks high only inside is a
piece of work of its own.

Usage: stall_profile.py SLOW_LOG PERF_SCRIPT_TEXT NAME=PID...
"""
import bisect
import collections
import re
import sys

from late_stalls import LEAD, read_slow_log, stalls

TOP = 15
TURN_LEAD = 6.0  # s before a server's first late message that still count as its turns (RelayLoad steady: 5 s warm-up)

slow_log, profile = sys.argv[1], sys.argv[2]
servers = {int(pid): name for name, pid in (a.split("=") for a in sys.argv[3:])}

windows = {}  # name -> (begins, ends) of its stalls, sorted
for name, messages in read_slow_log(slow_log).items():
    grouped = stalls(messages)
    windows[name] = ([begin - LEAD for begin, _, _, _ in grouped], [end for _, _, _, end in grouped])


def in_turns(name, time):
    """Whether a sample may belong to a measured turn: only turns log late messages, and the warm-up before them runs
    code the JIT compiles again after the turns' joins, so its samples would compare another phase."""
    begins = windows.get(name, ([], []))[0]
    return bool(begins) and time >= begins[0] - TURN_LEAD


def in_stall(name, time):
    begins, ends = windows.get(name, ([], []))
    i = bisect.bisect_right(begins, time) - 1
    return i >= 0 and time <= ends[i]


HEADER = re.compile(r"^\s*(\S.*?)\s+(\d+)/(\d+)\s+([\d.]+):")
FRAME = re.compile(r"^\s+[0-9a-f]+\s+(.*?)(\+0x[0-9a-f]+)?(\s+\(.*\))?$")


def own_frame(frames):
    for frame in frames:  # innermost first
        if "dev.kaigi" in frame or "dev/kaigi" in frame or "Floor" in frame:
            return frame
    return "(no relay frame) " + (frames[0] if frames else "?")


def samples():
    comm, pid, time, frames = None, None, None, []
    with open(profile) as text:
        for line in text:
            header = HEADER.match(line)
            if header and not line.startswith(("\t", " " * 8)):
                if comm is not None:
                    yield comm, pid, time, frames
                comm, pid, time, frames = header.group(1), int(header.group(2)), float(header.group(4)), []
            else:
                frame = FRAME.match(line)
                if frame and comm is not None:
                    frames.append(frame.group(1))
    if comm is not None:
        yield comm, pid, time, frames


counts = {name: {"inside": collections.Counter(), "outside": collections.Counter()} for name in servers.values()}
leaves = {name: {"inside": collections.Counter(), "outside": collections.Counter()} for name in servers.values()}
for comm, pid, time, frames in samples():
    name = servers.get(pid)
    if name is None or not comm.startswith("vert.x-eventloo") or not in_turns(name, time):
        continue
    where = "inside" if in_stall(name, time) else "outside"
    counts[name][where][own_frame(frames)] += 1
    leaves[name][where][frames[0] if frames else "?"] += 1


def ranking(title, table):
    inside, outside = table["inside"], table["outside"]
    n_in, n_out = sum(inside.values()) or 1, sum(outside.values()) or 1
    print(f"{title}: {sum(inside.values())} event-loop samples inside stalls, {sum(outside.values())} outside")
    print("| frame | inside stalls | outside |")
    print("|---|---:|---:|")
    for frame, n in inside.most_common(TOP):
        print(f"| {frame[:110]} | {n / n_in:.1%} | {outside.get(frame, 0) / n_out:.1%} |")
    print()


for name in servers.values():
    print(f"## {name}: {len(windows.get(name, ([], []))[0])} stalls")
    ranking(f"{name}, by the innermost frame of the relay's own code", counts[name])
    ranking(f"{name}, by the innermost frame", leaves[name])
