"""What bench/relay_table.py and bench/p99_across_runs.py both read from a run's output, and how both state a
bootstrap interval."""


def results(path):
    """Each RESULT line of bench/RelayLoad.java or bench/HttpLoad.java as (side, what, {field: value})."""
    with open(path) as log:
        for line in log:
            if line.startswith("RESULT "):
                _, name, what, *fields = line.split()
                yield name, what, dict(f.split("=", 1) for f in fields)


def p99_turns(values):
    """A fixed load's p99 of each turn, in turn order, from its RESULT fields (none when it has no such field)."""
    return [float(v) for v in values.get("p99_turns", "").split("/") if v]


def interval90(draws):
    """The 90 % interval of bootstrap draws, sorted: their 5th and 95th percentiles, as "lo–hi×"."""
    return f"{draws[len(draws) // 20]:.2f}–{draws[len(draws) - len(draws) // 20]:.2f}×"
