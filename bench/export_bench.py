"""Time and peak memory of `sitrep export` over a store of 100,000 events, per format.

Not a test: run it by hand and copy its table into docs/benchmarks.md::

    python bench/export_bench.py                     # builds /tmp/sitrep-export-bench.db once
    python bench/export_bench.py --events 20000 --db /tmp/small.db

The store is synthetic: `--events` events, five to a document, of every event type
with actors, targets, places with coordinates, dates spread over three years and
counts, so every format has work to do (the ACLED and UCDP tables map some of them,
GeoJSON places all); documents come in pairs telling the same stories, so merged events
hold two reports each. Each export runs in a fresh process that reports its own peak
resident memory (`resource.getrusage`), and so does a process that only opens the
store and reads nothing (the baseline): what an export adds is its peak minus the
baseline. The exports run twice, over the first tenth of the events (`--limit`) and
over all of them: when memory does not grow with the number of events, the export
streams.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

RUNS: tuple[tuple[str, bool], ...] = (
    ("jsonl", False),
    ("csv", False),
    ("geojson", False),
    ("parquet", False),
    ("acled", False),
    ("plover", False),
    ("jsonl", True),
    ("parquet", True),
    ("ucdp", True),
)
TYPES = ("ASSAULT", "PROTEST", "COERCE", "AGREE", "ACCUSE", "MOBILIZE", "RETREAT", "CONSULT")
MODES = {"ASSAULT": "aerial", "PROTEST": "demo", "COERCE": "arrest", "AGREE": "ceasefire",
         "ACCUSE": "allege", "MOBILIZE": "troops", "RETREAT": "withdraw",
         "CONSULT": "visit"}  # fmt: skip
SECTORS = ("MIL", "REB", "CVL", "COP", "GOV")
OUTLETS = ("Wire A", "Wire B")
PLACES = (("Kandahar", "AFG", 31.61, 65.71), ("Mosul", "IRQ", 36.34, 43.12),
          ("Goma", "COD", -1.68, 29.22), ("Kharkiv", "UKR", 49.99, 36.23))  # fmt: skip


def kind_words(i: int) -> str:
    """A few words that differ between reports."""
    return " ".join(f"w{(i * 7 + k) % 1000}" for k in range(4))


def _analyses(events: int) -> Any:
    """Synthetic analysed documents holding `events` events, five to a document.

    Documents come in pairs from two outlets telling the same five stories (same
    sides, place and day; tolls that differ by one), so the store holds about
    events / 2 merged events of two reports each. Every story has names and a place
    of its own, so stories do not merge with each other.
    """
    from sitrep import model as m

    first = dt.date(2022, 1, 1)
    for doc in range(0, events, 5):
        pair, second = divmod(doc // 5, 2)
        stories = [pair * 5 + n for n in range(5)]
        day = first + dt.timedelta(days=(pair // 8) % 1095)
        published = day + dt.timedelta(days=1)
        doc_id = f"doc{doc:07d}"
        sentences = [f"Group{s:07d} forces struck Unit{s:07d} positions near Town{s:07d}"
                     f" on Monday ({kind_words(s)}). " for s in stories]  # fmt: skip
        text = "".join(sentences)
        found = []
        for n in range(min(5, events - doc)):
            story, sentence = stories[n], sentences[n]
            kind = TYPES[story % len(TYPES)]
            _, country, lat, lon = PLACES[story % len(PLACES)]
            lat, lon = lat + (story % 200) / 100, lon + (story // 200 % 100) / 100
            start = sum(len(s) for s in sentences[:n])
            found.append(m.Event(
                id=f"{doc_id}:{n}", doc_id=doc_id, type=kind, mode=MODES[kind], cameo=None,
                status="occurred" if story % 7 else "planned",
                actors=(m.Actor(f"Group{story:07d}", f"Group{story:07d}", start, start + 12,
                                SECTORS[story % 5], country),),
                targets=(m.Actor(f"Unit{story:07d}", f"Unit{story:07d}", start + 27,
                                 start + 38, SECTORS[(story + 2) % 5], country),),
                location=m.Place(f"Town{story:07d}", f"Town{story:07d}", start + 57,
                                 start + 68, country, None, lat, lon, None, "city", "sentence"),
                date=m.When(day, day, "day", "on Monday", "relative", (start + 69, start + 78)),
                counts=(("killed", m.Count(story % 13 + second, "exact", "some", start,
                                           start + 4)),) if kind == "ASSAULT" else (),
                attribution=m.Attribution("author"),
                source=m.Source(doc_id, title=f"Report {doc}", outlet=OUTLETS[second],
                                published=published),
                evidence=m.Span(start, start + len(sentence) - 1, sentence.strip()),
                trigger=m.Span(start + 19, start + 25, "struck"),
                confidence=0.7,
            ))  # fmt: skip
        yield m.Analysis(
            document=m.Document(doc_id, text, f"Report {doc}", None, OUTLETS[second], published),
            passages=(m.Passage(0, len(text), "body"),),
            events=tuple(found),
        )


def build(db: Path | str, events: int) -> float:
    """Fill a new store at `db` with `events` synthetic events; return the seconds taken."""
    from sitrep.store import Store

    began = time.perf_counter()
    batch: list[Any] = []
    with Store.open(db) as store:
        for analysis in _analyses(events):
            batch.append(analysis)
            if len(batch) == 500:
                store.save(batch)
                batch = []
        if batch:
            store.save(batch)
    return time.perf_counter() - began


def child(fmt: str, db: str, out: str, merged: bool, limit: int | None) -> None:
    """Run one export (or, for fmt "none", only open the store) and print its figures."""
    began = time.perf_counter()
    from sitrep.export import export_store
    from sitrep.store import EventFilter, Store

    written = 0
    with Store.open(db) as store:
        if fmt != "none":
            summary = export_store(store, fmt, out, flt=EventFilter(limit=limit), merged=merged)
            written = summary.written
    seconds = time.perf_counter() - began
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kib() / 1024, "written": written}))


def peak_kib() -> int:
    """This process's peak resident memory in KiB: VmHWM, the high-water mark of its own
    memory since exec (Linux). `getrusage`'s ru_maxrss is the fallback elsewhere; on
    Linux it also counts the parent's memory at fork, which execve keeps."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(fmt: str, db: Path, folder: Path, merged: bool, limit: int | None) -> dict[str, Any]:
    """One run in a fresh process."""
    out = folder / f"out-{fmt}{'-merged' if merged else ''}"
    args = [sys.executable, __file__, "--child", fmt, "--db", str(db), "--out", str(out)]
    args += ["--merged"] if merged else []
    args += ["--limit", str(limit)] if limit else []
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["bytes"] = out.stat().st_size if out.exists() else 0
    return figures


def main() -> None:
    """Build the store if needed, run every export at a tenth and at all of it, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", default="/tmp/sitrep-export-bench.db")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--merged", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.out, args.merged, args.limit)
        return
    db = Path(args.db)
    if not db.exists():
        print(f"building {db}: {args.events:,} events ...", file=sys.stderr)
        # In a process of its own, so that this one stays small for the ones it starts.
        script = (
            f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r});"
            f" import export_bench; print(export_bench.build({str(db)!r}, {args.events}))"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              check=True)  # fmt: skip
        print(f"built in {float(done.stdout.split()[-1]):.0f} s", file=sys.stderr)
    folder = db.parent / (db.stem + "-out")
    folder.mkdir(exist_ok=True)
    base = measure("none", db, folder, False, None)
    print(f"Python {platform.python_version()}, {platform.machine()}; store {db}")
    print(f"baseline (open the store, read nothing): {base['peak_mb']:.0f} MB\n")
    print("| format | merged | records (1/10) | s | peak MB | records (all) | s | peak MB | MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    tenth = max(1, args.events // 10)
    for fmt, merged in RUNS:
        small = measure(fmt, db, folder, merged, tenth)
        full = measure(fmt, db, folder, merged, None)
        print(
            f"| {fmt} | {'yes' if merged else 'no'} | {small['written']:,} | {small['seconds']:.1f}"
            f" | {small['peak_mb']:.0f} | {full['written']:,} | {full['seconds']:.1f}"
            f" | {full['peak_mb']:.0f} | {full['bytes'] / 1e6:.1f} |"
        )


if __name__ == "__main__":
    main()
