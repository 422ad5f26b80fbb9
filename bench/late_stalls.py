"""Late messages grouped into stalls, as bench/tail_attribution.py and bench/stall_profile.py both read them."""

STALL_GAP = 0.020  # s between late messages' send times that still counts as one stall
LEAD = 0.002  # s before a stall's first message that count towards it


def read_slow_log(path):
    """RelayLoad's -Dslow.log ("NAME SENT_NS LATENCY_NS", CLOCK_MONOTONIC) as {name: [(sent_s, latency_s), ...]}."""
    late = {}
    with open(path) as log:
        for line in log:
            name, sent, latency = line.split()
            late.setdefault(name, []).append((int(sent) / 1e9, int(latency) / 1e9))
    return late


def stalls(messages):
    """[first sent, last sent, messages, last arrival] of each run of late messages sent within STALL_GAP of the one
    before, in time order."""
    grouped = []
    for sent, latency in sorted(messages):
        if grouped and sent - grouped[-1][1] < STALL_GAP:
            stall = grouped[-1]
            stall[1], stall[2], stall[3] = sent, stall[2] + 1, max(stall[3], sent + latency)
        else:
            grouped.append([sent, sent, 1, sent + latency])
    return grouped
