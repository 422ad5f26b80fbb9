"""Reads the RESULT lines of bench/RelayLoad.java and bench/HttpLoad.java and prints Kaigi beside its floor, as
ratios. Exits 1 when a message was lost, reordered or duplicated, a request failed, or a side reported nothing."""
import os
import random
import statistics
import sys

from bench_results import interval90, p99_turns, results

problems = []

rows = {}  # (what, key) -> {name: {field: value}}
order = []
floor_starts = {}  # "archived" | "plain" | "archived-unpinned" -> the floor's start, beside each Kaigi start run so
for name, what, values in results(sys.argv[1]):
    if what == "startup" and name == "floor":
        floor_starts[values["service"]] = values
        continue
    sized = what in ("idle", "idle-again", "joins", "load")
    key = (what, values.get("sockets") or values.get("rate") if sized else values.get("service", ""))
    if key not in rows:
        rows[key] = {}
        order.append(key)
    rows[key][name] = values

FIGURES = {
    "idle": [("rss_kib_per_conn", "RSS KiB per idle connection"), ("heap_kib_per_conn", "heap KiB per idle connection"),
             ("rss_median_kib_per_conn", "RSS KiB per idle connection, from the median readings"),
             ("join_ms", "ms per sequential join")],
    "idle-again": [("rss_kib_per_conn", "RSS KiB per idle connection, second wave"),
                   ("heap_kib_per_conn", "heap KiB per idle connection, second wave"),
                   ("join_ms", "ms per sequential join, second wave")],
    "joins": [("join_ms", "ms per sequential join, median of turns in rotating order (the join-time target's figure)")],
    "load": [("p50", "p50 ms"), ("p99", "p99 ms"), ("max", "max ms"), ("cpu_us", "CPU µs per relayed message"),
             ("kernel_us", "of which in the kernel, µs"), ("syscalls", "read/write system calls per message"),
             ("faults", "minor page faults per message")],
    "saturation": [("rate", "saturation msgs/s (p99 ≤ 50 ms, no loss)")],
    "http": [("rps", "credential service: requests/s, 32 keep-alive clients"), ("p99", "credential service: p99 ms"),
             ("cpu_us", "credential service: CPU µs per request")],
    "startup": [("ready_ms", "start to ready, ms")],
}


def kaigi_and_further(sides):
    """Kaigi, then every further side (a second floor, a Kaigi variant, a baseline build) in the order they came."""
    return ["kaigi"] + [name for name in sides if name not in ("floor", "kaigi")]


def paired_p99_rows(size, sides):
    """How sure the p99 ratio is. Each round's p99 beside the floor's turn in the same round: the rounds share the
    machine's slow spells, so their ratios scatter less than the sides' medians do; the quartiles show how far they
    still scatter. And with five turns or more, a 90 % bootstrap interval of the ratio of the medians (the table's
    p99 ratio): the turns of each side resampled with replacement, a fixed seed so that a log always gives the same
    table. An interval that straddles a target means the run cannot tell whether the target is met."""
    floor = p99_turns(sides.get("floor", {}))
    if len(floor) < 2:
        return
    for side in kaigi_and_further(sides):
        turns = p99_turns(sides.get(side, {}))
        if len(turns) != len(floor):
            continue
        ratios = sorted(t / f for t, f in zip(turns, floor) if f > 0)
        q1, q2, q3 = statistics.quantiles(ratios, n=4, method="inclusive")
        lower = sum(1 for t, f in zip(turns, floor) if t < f)
        print(f"| {size} msgs/s: p99, {side} ÷ floor round by round: median (quartiles), lower in | "
              f"{len(ratios)} rounds | {lower} of {len(ratios)} | {q2:.2f}× ({q1:.2f}–{q3:.2f}) |")
        if len(turns) >= 5:
            rng, draws = random.Random(1), 2000
            medians = sorted(statistics.median(rng.choices(turns, k=len(turns)))
                             / statistics.median(rng.choices(floor, k=len(floor))) for _ in range(draws))
            print(f"| {size} msgs/s: p99, {side} ÷ floor: 90 % bootstrap interval of the ratio of medians | "
                  f"{len(floor)} turns | {len(turns)} turns | {interval90(medians)} |")


print("| figure | floor | kaigi | kaigi ÷ floor |")
print("|---|---|---|---|")
for key in order:
    what, size = key
    sides = rows[key]
    if what == "startup":
        way = "plain" if size.endswith("-plain") else "archived-unpinned" if size.endswith("-unpinned") else "archived"
        sides = {**sides, "floor": floor_starts.get(way, {})}
    for field, label in FIGURES.get(what, []):
        floor = sides.get("floor", {}).get(field)
        where = {"idle": f"{size} sockets: ", "idle-again": f"{size} sockets: ", "joins": f"{size} sockets per turn: ",
                 "load": f"{size} msgs/s: ", "startup": f"{size} fast-jar "}.get(what, "")
        # Kaigi's row always; a further side's (a second floor, a Kaigi variant, a baseline build) where it has one.
        for side in kaigi_and_further(sides):
            value = sides.get(side, {}).get(field)
            if side != "kaigi" and not value:
                continue
            ratio = f"{float(value) / float(floor):.2f}×" if floor and value and float(floor) > 0 else ""
            suffix = "" if side == "kaigi" else f", {side} ÷ floor"
            print(f"| {where}{label}{suffix} | {floor or '—'} | {value or '—'} | {ratio} |")
    if what == "load":
        paired_p99_rows(size, sides)
    for side, values in sides.items():
        if what == "load" and any(values.get(k, "0") != "0" for k in ("lost", "reordered", "duplicated", "errors")):
            problems.append(f"{side} at {size} msgs/s: lost {values['lost']}, reordered {values['reordered']}, "
                            f"duplicated {values['duplicated']}, errors {values['errors']}")
        if what == "http" and values.get("failures", "0") != "0":
            problems.append(f"{side}: {values['failures']} failed requests")
        if what == "saturation":
            print(f"| {side}: saturation per ramp (the best counts); what ended the best | {values.get('ramps')}; "
                  f"{values.get('limited_by')}, {values.get('second_tries', '0')} step(s) tried twice | | |")

sides_seen = {name for key in order for name in rows[key]}
for side in ("floor", "kaigi") if os.environ.get("BENCH_MODE") != "start" else ():  # start: the table's start rows only
    if os.environ.get("BENCH_ONLY") in (None, "", side) and side not in sides_seen:
        problems.append(f"no results from {side}")
for problem in problems:
    print("PROBLEM " + problem)
sys.exit(1 if problems else 0)
