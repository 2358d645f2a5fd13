"""Exporting a store to a file: the one entry point behind `sitrep export`.

`export_store(store, fmt, output, ...)` checks the request, reads the store one
record at a time (`sitrep.store.query.stream_events`, `stream_merged`), hands the
records to the format's writer and returns an `ExportSummary`: how many were
written and how many were left out, for what reason. Nothing is held in memory
beyond one batch, whatever the store's size.

A file is written under a temporary name beside it and renamed when complete, so
an export that fails (a bad request found late, a full disk, an interrupt) leaves
no half-written file, and an existing file is only replaced by a whole one.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from sitrep.errors import UsageError
from sitrep.export import arrow
from sitrep.export.acled import write_acled
from sitrep.export.geojson import write_geojson
from sitrep.export.items import of_event, of_merged
from sitrep.export.plover import write_plover
from sitrep.export.ucdp import write_ucdp
from sitrep.export.writers import write_csv, write_jsonl
from sitrep.merge.record import MergedEvent
from sitrep.model import Event
from sitrep.store.filters import EventFilter
from sitrep.store.query import stream_events, stream_merged, stream_reviewed
from sitrep.store.sqlite import Store

FORMATS: tuple[str, ...] = ("jsonl", "csv", "geojson", "parquet", "acled", "ucdp", "plover")
#: Formats that can hold merged events (ucdp holds nothing else).
MERGED_FORMATS = frozenset({"jsonl", "geojson", "parquet", "acled", "ucdp"})
#: The files `--tables all` writes into its folder.
TABLES: tuple[str, ...] = ("events", "merged", "documents", "rejections")


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote: records (or table rows per file) and what it left out, why."""

    output: str
    written: int
    merged: bool = False
    left_out: tuple[tuple[str, int], ...] = ()
    files: tuple[tuple[str, int], ...] = ()  # --tables all: each file and its rows

    def render(self) -> str:
        """Lines for people: what was written where, and what was left out."""
        if self.files:
            return "\n".join(f"wrote {n} rows to {path}" for path, n in self.files)
        what = "merged events" if self.merged else "events"
        lines = [f"wrote {self.written} {what} to {self.output}"]
        if self.left_out:
            total = sum(n for _, n in self.left_out)
            reasons = ", ".join(f"{reason}: {n}" for reason, n in self.left_out)
            lines.append(f"left out {total} {what} ({reasons})")
        return "\n".join(lines)


def check_request(
    fmt: str, *, merged: bool = False, tables: str | None = None, keep_unmapped: bool = False
) -> None:
    """Refuse a request that cannot be met, before any work, naming the fix."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if merged and fmt not in MERGED_FORMATS:
        raise UsageError(
            f"--merged cannot be written as {fmt}: {fmt} holds single reports;"
            f" choose one of: {', '.join(sorted(MERGED_FORMATS))}"
        )
    if keep_unmapped and fmt not in ("acled", "ucdp"):
        raise UsageError("--keep-unmapped applies to --format acled and ucdp only")
    if tables is not None:
        if tables != "all":
            raise UsageError(f"--tables takes 'all' (every table, one file each), not {tables!r}")
        if fmt != "parquet":
            raise UsageError("--tables all writes Parquet files; add --format parquet")
        if merged:
            raise UsageError("--tables all already writes merged events (merged.parquet)")
    if fmt == "parquet":
        arrow.pyarrow()  # installed? (else a message saying how)


def export_store(
    store: Store,
    fmt: str,
    output: str | Path,
    *,
    flt: EventFilter | None = None,
    merged: bool = False,
    tables: str | None = None,
    keep_unmapped: bool = False,
) -> ExportSummary:
    """Write the events of `store` passing `flt` (merged events with `merged`; always
    for ucdp) to `output` in format `fmt`; with ``tables="all"``, every table into the
    folder `output`. Raises UsageError for a request that cannot be met."""
    check_request(fmt, merged=merged, tables=tables, keep_unmapped=keep_unmapped)
    chosen = flt or EventFilter()
    if tables is not None:
        return _export_tables(store, Path(output), chosen)
    merged = merged or fmt == "ucdp"
    path = _file(output)
    if fmt == "parquet":
        tally = _atomic(path, lambda target: _parquet(store, chosen, merged, target))
    else:
        tally = _atomic(
            path, lambda target: _text(store, fmt, chosen, merged, keep_unmapped, target)
        )
    written = tally.pop("written", 0)
    left_out = tuple(sorted(tally.items(), key=lambda item: (-item[1], item[0])))
    return ExportSummary(str(output), written, merged, left_out)


def _file(output: str | Path) -> Path:
    path = Path(output)
    if path.is_dir():
        raise UsageError(f"{output} is a folder; give a file name (a folder is for --tables all)")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {output}: there is no folder {path.parent}")
    return path


def _atomic(path: Path, write: Callable[[Path], Counter[str]]) -> Counter[str]:
    """Run `write` on a temporary file beside `path`; rename it to `path` when done."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        tally = write(partial)
        os.replace(partial, path)
    except BaseException as exc:
        partial.unlink(missing_ok=True)
        if isinstance(exc, OSError):  # no permission, a full disk: a message, not a traceback
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
    return tally


def _records(store: Store, flt: EventFilter, merged: bool) -> Iterator[Event | MergedEvent]:
    return stream_merged(store, flt) if merged else stream_events(store, flt)


def _text(
    store: Store, fmt: str, flt: EventFilter, merged: bool, keep_unmapped: bool, path: Path
) -> Counter[str]:
    with open(path, "w", encoding="utf-8", newline="") as out:
        tally = _write_text(store, fmt, flt, merged, keep_unmapped, out)
    if fmt == "geojson" and not tally["written"] and tally["no coordinates"]:
        raise UsageError(
            f"none of the {tally['no coordinates']} events has coordinates, and GeoJSON"
            " places every feature at a point; use --format jsonl, csv or parquet"
        )
    return tally


def _write_text(
    store: Store, fmt: str, flt: EventFilter, merged: bool, keep_unmapped: bool, out: TextIO
) -> Counter[str]:
    if fmt == "acled":
        items = (
            (of_merged(m) for m in stream_merged(store, flt))
            if merged
            else (of_event(e) for e in stream_events(store, flt))
        )
        return write_acled(items, out, keep_unmapped=keep_unmapped)
    if fmt == "ucdp":
        items = (of_merged(m) for m in stream_merged(store, flt))
        return write_ucdp(items, out, keep_unmapped=keep_unmapped)
    if fmt == "geojson":
        return write_geojson(_records(store, flt, merged), out)
    if fmt == "plover":
        return write_plover(stream_events(store, flt), out)
    if fmt == "jsonl" and merged:
        return _merged_jsonl(stream_merged(store, flt), out)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    reviews: dict[str, dict[str, object]] = {}
    return Counter(written=writer(_with_review_blocks(store, flt, reviews), out, reviews=reviews))


def _with_review_blocks(
    store: Store, flt: EventFilter, reviews: dict[str, dict[str, object]]
) -> Iterator[Event]:
    """The reviewed events, putting the review of each reviewed one in `reviews` just
    before it is written (the writers add it as ``review``; docs/serve.md)."""
    for reviewed in stream_reviewed(store, flt):
        if reviewed.review is not None:
            reviews[reviewed.event.id] = reviewed.to_dict()["review"]
        yield reviewed.event


def _merged_jsonl(found: Iterator[MergedEvent], out: TextIO) -> Counter[str]:
    tally: Counter[str] = Counter()
    for merged in found:
        out.write(json.dumps(merged.to_dict(), ensure_ascii=False) + "\n")
        tally["written"] += 1
    return tally


def _parquet(store: Store, flt: EventFilter, merged: bool, path: Path) -> Counter[str]:
    if merged:
        rows = (arrow.merged_row(m) for m in stream_merged(store, flt))
        return Counter(written=arrow.write_parquet(rows, arrow.merged_schema(), path))
    events = (arrow.event_row(e) for e in stream_events(store, flt))
    return Counter(written=arrow.write_parquet(events, arrow.event_schema(), path))


def _export_tables(store: Store, folder: Path, flt: EventFilter) -> ExportSummary:
    """events, merged, documents and rejections, one Parquet file each, into `folder`.

    The filter chooses the events and merged events; documents are those the chosen
    events were read from (all of them when there is no filter); rejections are
    every stored one, as they hold no events to filter by.
    """
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; --tables all writes into a folder")
    folder.mkdir(parents=True, exist_ok=True)
    documents: set[str] = set()

    def events() -> Iterator[dict[str, object]]:
        for event in stream_events(store, flt):
            documents.add(event.doc_id)
            yield arrow.event_row(event)

    def stored_documents() -> Iterator[dict[str, object]]:
        everything = flt == EventFilter()
        for doc in store.iter_documents():
            if everything or doc.id in documents:
                yield arrow.document_row(doc)

    parts = [
        ("events", events, arrow.event_schema()),
        ("merged", lambda: (arrow.merged_row(m) for m in stream_merged(store, flt)),
         arrow.merged_schema()),
        ("documents", stored_documents, arrow.document_schema()),
        ("rejections", lambda: (arrow.rejection_row(r) for r in store.rejections()),
         arrow.rejection_schema()),
    ]  # fmt: skip
    files = []
    for name, rows, schema in parts:
        path = folder / f"{name}.parquet"
        files.append((str(path), _table_file(path, rows, schema)))
    return ExportSummary(str(folder), files[0][1], files=tuple(files))


def _table_file(path: Path, rows: Callable[[], Iterator[dict[str, object]]], schema: object) -> int:
    """One table's Parquet file, written whole or not at all; how many rows it holds."""

    def write(target: Path) -> Counter[str]:
        return Counter(written=arrow.write_parquet(rows(), schema, target))

    return _atomic(path, write)["written"]
