#!/usr/bin/env python3
"""What held the servers' CPU while messages were late.

Reads RelayLoad's slow-message log (-Dslow.log: "NAME SENT_NS LATENCY_NS", CLOCK_MONOTONIC) and `perf script -F
pid,tid,cpu,time,event,trace` of a `perf record -e sched:sched_switch -C SERVER_CPU,GENERATOR_CPU -k CLOCK_MONOTONIC`
over the same run. Late messages sent within 20 ms of each other form a stall; for each stall it sums who ran on each
CPU from 2 ms before its first message was sent until its last arrived. A stall is charged to whatever held the
servers' CPU most besides the measured relay's own event loop, else to that event loop when it ran more than the CPU
idled; when that CPU was mostly idle, the message was held up outside the server, and the stall is charged to whatever held the generator's CPU most besides the generator's own
event loop, else to that event loop when it was busier than idle, else to neither ("idle too").

Usage: tail_attribution.py SLOW_LOG SCHED_TEXT SERVER_CPU GENERATOR_CPU generator=PID NAME=PID...
"""
import bisect
import collections
import re
import sys

from late_stalls import LEAD, read_slow_log, stalls as group_stalls

slow_log, sched_text, server_cpu, generator_cpu = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
servers = dict(a.split("=") for a in sys.argv[5:])
pids = {int(pid): name for name, pid in servers.items()}
servers.pop("generator")

# Each switch: at `time` the CPU went to `next`; the task is named by its thread and, from the event that ends its
# slice (whose sample is that task's), its process.
SWITCH = re.compile(r"\s*(\d+)/(\d+)\s+\[(\d+)\]\s+([\d.]+): sched:sched_switch: "
                    r"prev_comm=(.*?) prev_pid=(\d+) .*? ==> next_comm=(.*?) next_pid=(\d+)")
starts, tasks = {server_cpu: [], generator_cpu: []}, {server_cpu: [], generator_cpu: []}
with open(sched_text) as text:
    for line in text:
        m = SWITCH.match(line)
        if not m or int(m.group(3)) not in starts:
            continue
        cpu, pid, time = int(m.group(3)), int(m.group(1)), float(m.group(4))
        prev_tid, next_comm, next_tid = int(m.group(6)), m.group(7), int(m.group(8))
        if tasks[cpu] and tasks[cpu][-1][2] == prev_tid:
            tasks[cpu][-1] = (tasks[cpu][-1][0], pid, prev_tid)  # the slice ending here ran in process pid
        # else the switch away from that task was not recorded (perf sees no switch away from a task outside its
        # PID namespace, such as the machine's own agent): the slice stays charged to it, as another process
        starts[cpu].append(time)
        tasks[cpu].append((next_comm, None, next_tid))
if not starts[server_cpu] or not starts[generator_cpu]:
    sys.exit("no sched_switch events of both CPUs in " + sched_text)
first = max(s[0] for s in starts.values())
last = min(s[-1] for s in starts.values())


def category(side, comm, pid, tid):
    if tid == 0:
        return "idle"
    if pid in pids:
        who = "own" if pids[pid] == side else "generator" if pids[pid] == "generator" else "other relay"
        if comm.startswith("vert.x-eventloo"):
            what = "event loop"
        elif comm.startswith("GC Thread") or comm == "VM Thread":
            what = "collector"
        elif "CompilerThre" in comm:
            what = "JIT compiler"
        else:
            what = "other thread (" + comm + ")"
        return f"{who} {what}"
    return "another process (" + re.sub(r"[/:]\d+$|-\d+$", "", comm) + ")"


def occupancy(side, cpu, begin, end):
    held = collections.Counter()
    on = starts[cpu]
    i = max(0, bisect.bisect_right(on, begin) - 1)
    for j in range(i, len(on)):
        if on[j] > end:
            break
        slice_end = on[j + 1] if j + 1 < len(on) else last
        overlap = min(slice_end, end) - max(on[j], begin)
        if overlap > 0:
            comm, pid, tid = tasks[cpu][j]
            held[category(side, comm, pid, tid)] += overlap
    return held


def culprit(held, own):
    """What held the CPU most besides `own` (its busy loop), or None when the CPU was mostly idle."""
    others = {k: v for k, v in held.items() if k not in ("idle", own)}
    if not others or held.get("idle", 0) > max(others.values()):
        return None
    return max(others, key=others.get)


late = {name: [(sent, latency) for sent, latency in messages if first < sent and sent + latency < last]
        for name, messages in read_slow_log(slow_log).items()}

for side in servers:
    stalls = group_stalls(late.get(side, []))
    blamed = collections.defaultdict(lambda: [0, 0, 0.0])
    for begin, _, count, end in stalls:
        held = occupancy(side, server_cpu, begin - LEAD, end)
        on_server = culprit(held, "own event loop")
        if on_server is None and held.get("own event loop", 0) > held.get("idle", 0):
            on_server = "own event loop"  # busy with nothing else beside it: its own work, or a backlog
        if on_server is not None:
            blame = "server CPU: " + on_server
        else:
            held = occupancy(side, generator_cpu, begin - LEAD, end)
            on_generator = culprit(held, "generator event loop")
            if on_generator is None:
                busy = held.get("generator event loop", 0) > held.get("idle", 0)
                on_generator = "generator event loop" if busy else "idle too"
            blame = "server CPU idle; generator CPU: " + on_generator
        blamed[blame][0] += 1
        blamed[blame][1] += count
        blamed[blame][2] += end - begin + LEAD
    total = sum(b[1] for b in blamed.values())
    print(f"{side}: {total} late messages in {len(stalls)} stalls, by what held the CPU most during each")
    print("| held the CPU | stalls | late messages | share | stall time, ms |")
    print("|---|---:|---:|---:|---:|")
    for blame, (n, count, seconds) in sorted(blamed.items(), key=lambda kv: -kv[1][1]):
        print(f"| {blame} | {n} | {count} | {count / total:.0%} | {seconds * 1000:.0f} |")
    print()
