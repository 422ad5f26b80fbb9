"""Bytes per join by allocation site, from a JFR recording of jdk.ObjectAllocationSample. Used by
bench/run-alloc-sites.sh. A sample's weight (what its thread allocated since its last sample) is counted to the first
DEPTH frames from the first frame of Kaigi's code (dev.kaigi) on its stack; samples without one are "outside". Only
the event loops' samples count, as in bench/alloc_rate.py, and the first of each thread is left out: it carries
everything the thread allocated before the recording began.
Usage: python3 bench/alloc_sites.py FILE.jfr JOINS [DEPTH]"""
import collections, subprocess, sys

def samples(path):
    """(thread, weight in bytes, frames top first) of every sample, streamed from `jfr print`."""
    out = subprocess.Popen(["jfr", "print", "--stack-depth", "64", "--events", "jdk.ObjectAllocationSample", path],
                           stdout=subprocess.PIPE, text=True)
    thread, weight, frames, in_stack = None, 0, [], False
    for line in out.stdout:
        text = line.strip()
        if text.startswith("jdk.ObjectAllocationSample"):
            if thread is not None:
                yield thread, weight, frames
            thread, weight, frames, in_stack = None, 0, [], False
        elif text.startswith("eventThread ="):
            thread = text.split("=", 1)[1].strip()
        elif text.startswith("weight ="):
            number, *unit = text.split("=", 1)[1].split()
            weight = float(number.replace(",", "")) * {"kB": 1024, "MB": 1048576}.get(unit[0] if unit else "", 1)
        elif text.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack and text.startswith("]"):
            in_stack = False
        elif in_stack and text and not text.startswith("..."):
            frames.append(text.split("(")[0])
    if thread is not None:
        yield thread, weight, frames
    if out.wait() != 0:
        sys.exit("jfr print failed")

def short(frame):
    return ".".join(frame.split(".")[-2:])

def main():
    path, joins = sys.argv[1], int(sys.argv[2])
    depth = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    seen, sites, total = set(), collections.Counter(), 0
    for thread, weight, frames in samples(path):
        if "eventloop" not in thread and "acceptor" not in thread:
            continue
        if thread not in seen:
            seen.add(thread)
            continue
        ours = next((i for i, frame in enumerate(frames) if frame.startswith("dev.kaigi.")), None)
        site = "outside" if ours is None else " < ".join(short(f) for f in frames[ours:ours + depth])
        sites[site] += weight
        total += weight
    print(f"{total / joins / 1024:.1f} KiB per join in all (sampled; bench/run-alloc-bench.sh counts it exactly)")
    for site, weight in sites.most_common(30):
        print(f"{weight / joins:8.0f} B  {site}")

main()
