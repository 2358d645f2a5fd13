"""Events, merged events, documents and rejections as Arrow tables: Parquet files
and pandas DataFrames.

Typed columns: dates are dates, offsets and counts integers, coordinates and
confidence floats; the nested parts of the record stay nested (a location is a
struct, actors a list of structs, counts one struct per kind), so DuckDB reads
``location.country`` or ``counts.killed.value`` and pandas, polars and R read the
file as it is. Column names follow docs/schema.md. Rows are turned into record
batches of `BATCH` and written as they come, so memory stays flat however many
events there are.

pyarrow is an optional dependency (``pip install 'sitrep[export]'``); it is imported
only when a table is made.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sitrep.errors import UsageError
from sitrep.export.writers import COUNT_KINDS
from sitrep.merge.record import MergedEvent
from sitrep.model import Actor, Document, Event, Rejected, Span

BATCH = 1000

INSTALL = "pip install 'sitrep[export]'"


def pyarrow() -> Any:
    """The pyarrow module, or a UsageError saying how to install it."""
    try:
        import pyarrow as pa  # late: an optional dependency
        import pyarrow.parquet  # loads pa.parquet
    except ImportError:
        raise UsageError(f"Parquet and pandas exports need pyarrow: {INSTALL}") from None
    return pa


# ---------------------------------------------------------------- schemas


def _span(pa: Any) -> Any:
    return pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])


def _actor(pa: Any) -> Any:
    return pa.struct(
        [
            ("name", pa.string()),
            ("text", pa.string()),
            ("sector", pa.string()),
            ("country", pa.string()),
            ("id", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("basis", pa.string()),
            ("antecedent", _span(pa)),
        ]
    )


def _place(pa: Any) -> Any:
    return pa.struct(
        [
            ("name", pa.string()),
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("country", pa.string()),
            ("admin1", pa.string()),
            ("lat", pa.float64()),
            ("lon", pa.float64()),
            ("geonames_id", pa.int64()),
            ("precision", pa.string()),
            ("basis", pa.string()),
        ]
    )


def _source(pa: Any) -> Any:
    return pa.struct(
        [
            ("doc_id", pa.string()),
            ("title", pa.string()),
            ("url", pa.string()),
            ("outlet", pa.string()),
            ("published", pa.date32()),
        ]
    )


def event_schema() -> Any:
    """The Arrow schema of the events table (docs/export.md)."""
    pa = pyarrow()
    count = pa.struct(
        [
            ("value", pa.int64()),
            ("qualifier", pa.string()),
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
        ]
    )
    return pa.schema(
        [
            ("id", pa.string()),
            ("doc_id", pa.string()),
            ("type", pa.string()),
            ("mode", pa.string()),
            ("cameo", pa.string()),
            ("status", pa.string()),
            ("actors", pa.list_(_actor(pa))),
            ("targets", pa.list_(_actor(pa))),
            ("location", _place(pa)),
            (
                "date",
                pa.struct(
                    [
                        ("start", pa.date32()),
                        ("end", pa.date32()),
                        ("precision", pa.string()),
                        ("text", pa.string()),
                        ("basis", pa.string()),
                        ("span", pa.list_(pa.int64())),
                    ]
                ),
            ),
            ("counts", pa.struct([(kind, count) for kind in COUNT_KINDS])),
            (
                "attribution",
                pa.struct([("kind", pa.string()), ("speaker", pa.string()), ("via", pa.string())]),
            ),
            ("source", _source(pa)),
            ("evidence", _span(pa)),
            ("trigger", _span(pa)),
            ("confidence", pa.float64()),
            (
                "cause",
                pa.struct(
                    [
                        ("kind", pa.string()),
                        ("text", pa.string()),
                        ("start", pa.int64()),
                        ("end", pa.int64()),
                        ("cue", pa.string()),
                    ]
                ),
            ),
        ]
    )


def merged_schema() -> Any:
    """The Arrow schema of the merged events table (docs/export.md)."""
    pa = pyarrow()
    report = pa.struct(
        [
            ("value", pa.int64()),
            ("qualifier", pa.string()),
            ("event_id", pa.string()),
            ("doc_id", pa.string()),
            ("copy", pa.bool_()),
        ]
    )
    count = pa.struct(
        [("low", pa.int64()), ("best", pa.int64()), ("high", pa.int64()),
         ("reports", pa.list_(report))]
    )  # fmt: skip
    claim = pa.struct(
        [("value", pa.string()), ("event_ids", pa.list_(pa.string())),
         ("sources", pa.list_(pa.string()))]
    )  # fmt: skip
    return pa.schema(
        [
            ("id", pa.string()),
            ("type", pa.string()),
            ("mode", pa.string()),
            ("status", pa.string()),
            ("actors", pa.list_(_actor(pa))),
            ("targets", pa.list_(_actor(pa))),
            ("location", _place(pa)),
            ("date", pa.struct([("start", pa.date32()), ("end", pa.date32())])),
            ("counts", pa.struct([(kind, count) for kind in COUNT_KINDS])),
            ("cause", pa.string()),
            ("members", pa.list_(pa.string())),
            ("sources", pa.list_(_source(pa))),
            (
                "disagreements",
                pa.list_(pa.struct([("field", pa.string()), ("values", pa.list_(claim))])),
            ),
        ]
    )


def document_schema() -> Any:
    """The Arrow schema of the documents table: each stored document and its text."""
    pa = pyarrow()
    fields = ("id", "text", "title", "url", "outlet", "published", "origin", "format")
    columns = [(f, pa.date32() if f == "published" else pa.string()) for f in fields]
    # what reading repaired or guessed (docs/input.md)
    return pa.schema([*columns, ("notes", pa.list_(pa.string()))])


def rejection_schema() -> Any:
    """The Arrow schema of the rejections table."""
    pa = pyarrow()
    return pa.schema([(f, pa.string()) for f in ("doc_id", "stage", "reason", "detail", "origin")])


# ---------------------------------------------------------------- rows


def _actor_row(actor: Actor) -> dict[str, Any]:
    return dataclasses.asdict(actor)


def _span_row(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else dataclasses.asdict(span)


def event_row(event: Event) -> dict[str, Any]:
    """One event as a row of `event_schema` (Python values pyarrow converts)."""
    when = event.date
    counts = dict(event.counts)
    return {
        "id": event.id,
        "doc_id": event.doc_id,
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "status": event.status,
        "actors": [_actor_row(a) for a in event.actors],
        "targets": [_actor_row(a) for a in event.targets],
        "location": _asdict(event.location),
        "date": None if when is None else dataclasses.asdict(when) | {"span": when.span},
        "counts": {kind: _asdict(counts.get(kind)) for kind in COUNT_KINDS},  # type: ignore[call-overload]
        "attribution": dataclasses.asdict(event.attribution),
        "source": dataclasses.asdict(event.source),
        "evidence": _span_row(event.evidence),
        "trigger": _span_row(event.trigger),
        "confidence": event.confidence,
        "cause": _asdict(event.cause),
    }


def _asdict(record: Any) -> dict[str, Any] | None:
    """A record (dataclass) as a dict, None staying None."""
    return None if record is None else dataclasses.asdict(record)


def merged_row(merged: MergedEvent) -> dict[str, Any]:
    """One merged event as a row of `merged_schema`."""
    counts = dict(merged.counts)
    return {
        "id": merged.id,
        "type": merged.type,
        "mode": merged.mode,
        "status": merged.status,
        "actors": [_actor_row(a) for a in merged.actors],
        "targets": [_actor_row(a) for a in merged.targets],
        "location": _asdict(merged.location),
        "date": {"start": merged.start, "end": merged.end},
        "counts": {kind: _asdict(counts.get(kind)) for kind in COUNT_KINDS},
        "cause": merged.cause,
        "members": [e.id for e in merged.members],
        "sources": [dataclasses.asdict(s) for s in merged.sources],
        "disagreements": [
            {
                "field": d.field,
                "values": [
                    {"value": c.value, "event_ids": list(c.event_ids), "sources": list(c.doc_ids)}
                    for c in d.values
                ],
            }
            for d in merged.disagreements
        ],
    }


def document_row(doc: Document) -> dict[str, Any]:
    """One document as a row of `document_schema`."""
    return dataclasses.asdict(doc) | {"notes": list(doc.notes)}


def rejection_row(rejected: Rejected) -> dict[str, Any]:
    """One rejection as a row of `rejection_schema`."""
    return dataclasses.asdict(rejected)


# ---------------------------------------------------------------- writing


def batches(rows: Iterable[dict[str, Any]], schema: Any) -> Iterator[Any]:
    """`rows` as Arrow record batches of at most `BATCH` rows."""
    pa = pyarrow()
    chunk: list[dict[str, Any]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) == BATCH:
            yield pa.RecordBatch.from_pylist(chunk, schema=schema)
            chunk = []
    if chunk:
        yield pa.RecordBatch.from_pylist(chunk, schema=schema)


def write_parquet(rows: Iterable[dict[str, Any]], schema: Any, path: Path) -> int:
    """Write `rows` to a Parquet file at `path`, a batch at a time; return how many."""
    pa = pyarrow()
    written = 0
    with pa.parquet.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for batch in batches(rows, schema):
            writer.write_batch(batch)
            written += batch.num_rows
    return written


def table(rows: Iterable[dict[str, Any]], schema: Any) -> Any:
    """`rows` as one Arrow table (in memory: for DataFrames)."""
    return pyarrow().Table.from_batches(list(batches(rows, schema)), schema=schema)
