"""The p99 ratio at one fixed load taken over several runs of bench/run-relay-bench.sh (their saved output), for
when one run's interval straddles a target. Each run's figure is the median of a side's turns' p99s over the median
of the floor's (statistics.median: with an even count of turns the mean of the middle two, where RelayLoad's RESULT
line takes the upper one). Taken together: their geometric mean, with a 90 % bootstrap interval that
resamples the runs and, within each, the turns (see together()).
Usage: python3 bench/p99_across_runs.py [--rate 20000] [--same kaigi,kaigi-again] LOG..."""
import argparse
import math
import os
import random
import statistics

from bench_results import interval90, p99_turns, results


def p99_turns_at(log, rate):
    """{side: [each turn's p99]} from a run's RESULT load lines at that rate."""
    return {name: p99_turns(values) for name, what, values in results(log)
            if what == "load" and values.get("rate") == rate and p99_turns(values)}


def ratio_of_medians(side, floor):
    return statistics.median(side) / statistics.median(floor)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", default="20000")
    parser.add_argument("--same", default="",
                        help="sides that ran the same build and options, e.g. kaigi,kaigi-again: one more row takes "
                             "every one of them in every run as a draw of its own")
    parser.add_argument("logs", nargs="+")
    args = parser.parse_args()
    runs = [p99_turns_at(log, args.rate) for log in args.logs]
    names = [name for name in dict.fromkeys(n for sides in runs for n in sides) if name != "floor"]
    print(f"| side ÷ floor, p99 at {args.rate} msgs/s | " + " | ".join(os.path.basename(log) for log in args.logs)
          + " | together, 90 % interval |")
    print("|---|" + "---|" * (len(runs) + 1))
    for name in names:
        cells = [f"{ratio_of_medians(sides[name], sides['floor']):.2f}×" if name in sides and "floor" in sides
                 else "—" for sides in runs]
        print(f"| {name} | " + " | ".join(cells) + f" | {together(runs, [name])} |")
    same = [name for name in args.same.split(",") if name]
    if same:
        print(f"| {' and '.join(same)}, each process a draw | " + " | ".join("" for _ in runs)
              + f" | {together(runs, same)} |")


def together(runs, names):
    """The geometric mean of every (run, side) ratio, with a 90 % bootstrap interval over both what varies from run to
    run (the hour, the processes) and what varies from turn to turn: each draw takes as many runs as there are, with
    replacement, and in each the floor's turns once (the sides of a run share its floor) and each side's turns."""
    runs = [sides for sides in runs if "floor" in sides and any(n in sides for n in names)]
    point = geometric_mean([ratio_of_medians(sides[n], sides["floor"]) for sides in runs for n in names if n in sides])
    rng, draws = random.Random(1), 4000
    resampled = []
    for _ in range(draws):
        ratios = []
        for sides in rng.choices(runs, k=len(runs)):
            floor = statistics.median(rng.choices(sides["floor"], k=len(sides["floor"])))
            ratios += [statistics.median(rng.choices(sides[n], k=len(sides[n]))) / floor for n in names if n in sides]
        resampled.append(geometric_mean(ratios))
    resampled.sort()
    return f"**{point:.2f}×**, {interval90(resampled)}"


def geometric_mean(values):
    return math.exp(statistics.mean(math.log(v) for v in values))


if __name__ == "__main__":
    main()
