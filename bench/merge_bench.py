"""How the cost of merging grows with the number of events.

Not a test: run it by hand (`python bench/merge_bench.py`) and copy its table into
docs/benchmarks.md. The events are made from the bundled sample reports, as in
`bench/report_bench.py`: analysed once, then copied under new document ids with
their dates moved by up to 150 days and their places by up to 0.3 degrees, so
the corpus holds many similar events that must be compared and mostly kept
apart; every copy keeps its document's names as context (the worst case: copies
of one report share all of them). Time is `sitrep.merge.merge_events` alone; the
time per event shows whether growth stays near linear (a quadratic merge would
double it with every doubling of the events). In that fixed span the corpus gets
denser as it grows, and the copies of one report, all alike, become ever larger
groups that must be compared among themselves: the worst case. `--steady` spreads
the corpus over a span that grows with it (40 events a day), as a feed does, and
gives every document a day (an event whose day the report does not state takes the
report's day, basis `publication`).

The second table is the store's incremental merging (`sitrep.store.merged`): the
same copies saved into a new store in batches of 50 documents, then the time to
add 10 more documents to the full store. The second figure should not grow with
the store: a new document is compared with its neighbours in time, not with the
corpus.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import platform
import random
import tempfile
import time
from pathlib import Path

from report_bench import copy_of, sample_analyses
from sitrep.merge import DocumentNames, document_names, merge_events
from sitrep.model import Analysis, Event, When
from sitrep.store import Store

SIZES = (1_250, 2_500, 5_000, 10_000, 20_000)


#: Events per day in the "steady flow" corpus: its span grows with its size.
EVENTS_PER_DAY = 40


def copies(size: int, steady: bool = False) -> list[Analysis]:
    """Copies of the analysed sample reports holding at least `size` events, spread
    over 300 days (denser as the corpus grows) or, `steady`, over as many days as
    keep `EVENTS_PER_DAY` (a corpus that grows by covering a longer time)."""
    analyses = [a for a in sample_analyses() if a.events]
    rng = random.Random(11)
    spread = max(1, size // EVENTS_PER_DAY // 2) if steady else 150
    found: list[Analysis] = []
    held = n = 0
    while held < size:
        for analysis in analyses:
            copied = copy_of(analysis, n, rng, spread)
            found.append(_dated(copied, rng, spread) if steady else copied)
            held += len(analysis.events)
        n += 1
    return found


def _dated(analysis: Analysis, rng: random.Random, spread: int) -> Analysis:
    """The copy with a publication day standing in for each unknown date, as every
    document of a feed has a day."""
    day = dt.date(2024, 6, 1) + dt.timedelta(days=rng.randint(-spread, spread))
    stand_in = When(start=day, end=day, precision="day", text=None, basis="publication")
    events = tuple(
        e if e.date is not None and e.date.start is not None
        else dataclasses.replace(e, date=stand_in)
        for e in analysis.events
    )  # fmt: skip
    return dataclasses.replace(analysis, events=events)


def corpus(size: int, steady: bool = False) -> tuple[list[Event], dict[str, DocumentNames]]:
    """`size` events copied from the analysed sample reports, and each copy's names."""
    copied = copies(size, steady)
    events = [e for a in copied for e in a.events]
    context = {a.document.id: document_names(a.document.text, a.document.title) for a in copied}
    return events[:size], context


def store_times(size: int, folder: Path, steady: bool) -> tuple[int, float, float]:
    """Events saved, seconds to save them in batches, seconds to add 10 documents more."""
    copied = copies(size + 200, steady)
    held = 0
    first: list[Analysis] = []
    while held < size:
        first.append(copied[len(first)])
        held += len(first[-1].events)
    more = copied[len(first) : len(first) + 10]
    with Store.open(folder / f"m{size}.db") as store:
        started = time.perf_counter()
        for start in range(0, len(first), 50):
            store.save(first[start : start + 50])
        saving = time.perf_counter() - started
        started = time.perf_counter()
        store.save(more)
        adding = time.perf_counter() - started
    return held, saving, adding


MODES = {False: "fixed span", True: "steady flow"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--steady", action="store_true",
                        help=f"spread the corpus to {EVENTS_PER_DAY} events a day")  # fmt: skip
    args = parser.parse_args()
    everything, context = corpus(max(args.sizes), args.steady)
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{dt.date.today().isoformat()}, {MODES[args.steady]}")  # fmt: skip
    print("| events | merged events | seconds | µs per event |")
    print("|---:|---:|---:|---:|")
    for size in args.sizes:
        events = everything[:size]
        if args.steady:  # the steady corpus of this size covers its own span
            events, context = corpus(size, steady=True)
        started = time.perf_counter()
        merged = merge_events(events, context=context)
        seconds = time.perf_counter() - started
        print(f"| {size:,} | {len(merged):,} | {seconds:.2f} | {seconds / size * 1e6:.0f} |")
    print()
    print("| events in the store | seconds to save them | seconds to add 10 documents |")
    print("|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            held, saving, adding = store_times(size, Path(folder), args.steady)
            print(f"| {held:,} | {saving:.2f} | {adding:.3f} |")


if __name__ == "__main__":
    main()
