"""How the cost of merging grows with the number of events.

Not a test: run it by hand (`python bench/merge_bench.py`) and copy its table into
docs/benchmarks.md. The events are made from the bundled sample reports, as in
`bench/report_bench.py`: analysed once, then copied under new document ids with
their dates moved by up to 150 days and their places by up to 0.3 degrees, so
the corpus holds many similar events that must be compared and mostly kept
apart; every copy keeps its document's names as context (the worst case: copies
of one report share all of them). Time is `sitrep.merge.merge_events` alone; the
time per event shows whether growth stays near linear (a quadratic merge would
double it with every doubling of the events).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import time

from report_bench import copy_of, sample_analyses
from sitrep.merge import document_names, merge_events
from sitrep.model import Event

SIZES = (1_250, 2_500, 5_000, 10_000, 20_000)


def corpus(size: int) -> tuple[list[Event], dict[str, frozenset[str]]]:
    """`size` events copied from the analysed sample reports, and each copy's names."""
    analyses = [a for a in sample_analyses() if a.events]
    rng = random.Random(11)
    events: list[Event] = []
    context: dict[str, frozenset[str]] = {}
    n = 0
    while len(events) < size:
        for analysis in analyses:
            copied = copy_of(analysis, n, rng)
            events += copied.events
            context[copied.document.id] = document_names(copied.document.text)
        n += 1
    return events[:size], context


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    everything, context = corpus(max(args.sizes))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{dt.date.today().isoformat()}")  # fmt: skip
    print("| events | merged events | seconds | µs per event |")
    print("|---:|---:|---:|---:|")
    for size in args.sizes:
        events = everything[:size]
        started = time.perf_counter()
        merged = merge_events(events, context=context)
        seconds = time.perf_counter() - started
        print(f"| {size:,} | {len(merged):,} | {seconds:.2f} | {seconds / size * 1e6:.0f} |")


if __name__ == "__main__":
    main()
