"""Size and build time of the situation report for 1,000 and 10,000 events.

Not a test: run it by hand (`python bench/report_bench.py`) and copy its table
into docs/benchmarks.md. The corpus is made from the bundled sample reports:
they are analysed once, then each analysis is copied under new document ids
with its events moved by a few days and a few kilometres, until the store holds
the wanted number of events. The copies keep real evidence, actors and counts,
so the page holds what a real one would.
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

from sitrep import Settings, Store, process, read_paths
from sitrep.api import sample_report_paths
from sitrep.model import Analysis, Event
from sitrep.report import build_report

SIZES = (1_000, 10_000)


def sample_analyses() -> list[Analysis]:
    """The bundled sample reports, analysed (rejections left out)."""
    documents = read_paths([str(p) for p in sample_report_paths()])
    return [r for r in process(documents, settings=Settings()) if isinstance(r, Analysis)]


def copy_of(analysis: Analysis, n: int, rng: random.Random, spread: int = 150) -> Analysis:
    """Copy `n` of `analysis`: new ids, events shifted by up to `spread` days either
    way and moved in place."""
    doc_id = f"{analysis.document.id}-{n}"
    days = dt.timedelta(days=rng.randint(-spread, spread))
    events = tuple(_moved(e, doc_id, days, rng) for e in analysis.events)
    document = dataclasses.replace(analysis.document, id=doc_id)
    return dataclasses.replace(analysis, document=document, events=events)


def _moved(event: Event, doc_id: str, days: dt.timedelta, rng: random.Random) -> Event:
    when = event.date
    if when is not None:
        when = dataclasses.replace(
            when,
            start=when.start + days if when.start else None,
            end=when.end + days if when.end else None,
        )
    place = event.location
    if place is not None and place.lat is not None and place.lon is not None:
        place = dataclasses.replace(
            place, lat=place.lat + rng.uniform(-0.3, 0.3), lon=place.lon + rng.uniform(-0.3, 0.3)
        )
    source = dataclasses.replace(event.source, doc_id=doc_id)
    return dataclasses.replace(
        event, id=f"{event.id}-{doc_id}", doc_id=doc_id, date=when, location=place, source=source
    )


def build_store(path: Path, analyses: list[Analysis], events: int) -> int:
    """Fill a store at `path` with copies of `analyses` until it holds `events` events."""
    rng = random.Random(7)
    batch: list[Analysis] = []
    held = 0
    n = 0
    while held < events:
        for analysis in analyses:
            if held >= events or not analysis.events:
                continue
            keep = analysis.events[: events - held]
            batch.append(copy_of(dataclasses.replace(analysis, events=keep), n, rng))
            held += len(keep)
        n += 1
    with Store.open(path) as store:
        store.save(batch)
    return held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    analyses = sample_analyses()
    print(f"machine: {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}, {dt.date.today().isoformat()}")  # fmt: skip
    print("| events | documents | report size | build time |")
    print("|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            db = Path(folder) / f"r{size}.db"
            held = build_store(db, analyses, size)
            with Store.open(db) as store:
                documents = store.documents_count()
                started = time.perf_counter()
                page = build_report(store)
                seconds = time.perf_counter() - started
            size_mb = len(page.encode("utf-8")) / 1_000_000
            print(f"| {held:,} | {documents:,} | {size_mb:.2f} MB | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
