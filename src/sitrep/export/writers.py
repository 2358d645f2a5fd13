"""Writing events out: JSON Lines (the full public record) and flat CSV.

JSON Lines is lossless: one `Event.to_dict()` per line, keys in the record's
own order, non-ASCII kept as is. `model.event_from_dict` reads a line back.

CSV is for spreadsheets and is flat, so some things are squeezed:

- several actors (or targets) are joined with "; ". `actor_countries` and
  `actor_sectors` line up with `actors` position by position, an unknown value
  being an empty item (same for targets).
- each count kind has its own column holding the number only; the
  `count_qualifiers` column lists the counts that are not exact, e.g.
  "killed:at_least;wounded:about". A count missing from it is exact.
- unknown values are empty cells; `evidence` is the evidence sentence's text.
- `review` is the review state of an event read from a store (confirmed,
  corrected; empty when unreviewed) and `reviewed_fields` the fields reviewers
  changed, e.g. "counts.killed;type" (docs/serve.md).

Both writers take `reviews`, the review of each reviewed event by id (the
``review`` of `sitrep.store.query.Reviewed.to_dict`); JSON Lines adds it to those
events' records as ``review``, so the records of unreviewed events are unchanged.

`row(event)` gives one CSV row as strings; the CLI reuses it for table output.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO, get_args

from sitrep.model import Actor, CountKind, Event

COUNT_KINDS: tuple[str, ...] = get_args(CountKind)

CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "doc_id",
    "type",
    "mode",
    "cameo",
    "status",
    "actors",
    "actor_countries",
    "actor_sectors",
    "targets",
    "target_countries",
    "target_sectors",
    "place",
    "country",
    "admin1",
    "lat",
    "lon",
    "place_precision",
    "place_basis",
    "date_start",
    "date_end",
    "date_precision",
    "date_basis",
    "date_text",
    *COUNT_KINDS,
    "count_qualifiers",
    "attribution",
    "speaker",
    "via",
    "evidence",
    "evidence_start",
    "evidence_end",
    "confidence",
    "review",
    "reviewed_fields",
)

_JOIN = "; "


Reviews = Mapping[str, Mapping[str, Any]]


def write_jsonl(events: Iterable[Event], out: TextIO, *, reviews: Reviews | None = None) -> int:
    """Write one JSON record per event and line to `out`; return how many were written."""
    written = 0
    for event in events:
        record = event.to_dict()
        if reviews and event.id in reviews:
            record["review"] = reviews[event.id]
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False))
        out.write("\n")
        written += 1
    return written


def write_csv(events: Iterable[Event], out: TextIO, *, reviews: Reviews | None = None) -> int:
    """Write a header and one flat row per event to `out`; return the number of rows.

    Open files with ``newline=""`` as the csv module asks, so quoted line
    breaks inside evidence text survive.
    """
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for event in events:
        writer.writerow(row(event, (reviews or {}).get(event.id)))
        written += 1
    return written


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _people(actors: Sequence[Actor], prefix: str) -> dict[str, str]:
    return {
        prefix + "s": _JOIN.join(a.name for a in actors),
        prefix + "_countries": _JOIN.join(_text(a.country) for a in actors),
        prefix + "_sectors": _JOIN.join(_text(a.sector) for a in actors),
    }


def _place(event: Event) -> dict[str, str]:
    place = event.location
    if place is None:
        return {}
    return {
        "place": place.name,
        "country": _text(place.country),
        "admin1": _text(place.admin1),
        "lat": _text(place.lat),
        "lon": _text(place.lon),
        "place_precision": place.precision,
        "place_basis": place.basis,
    }


def _date(event: Event) -> dict[str, str]:
    when = event.date
    if when is None:
        return {}
    return {
        "date_start": when.start.isoformat() if when.start else "",
        "date_end": when.end.isoformat() if when.end else "",
        "date_precision": when.precision,
        "date_basis": when.basis,
        "date_text": _text(when.text),
    }


def _counts(event: Event) -> dict[str, str]:
    cells: dict[str, str] = {kind: str(count.value) for kind, count in event.counts}
    cells["count_qualifiers"] = ";".join(
        f"{kind}:{count.qualifier}" for kind, count in event.counts if count.qualifier != "exact"
    )
    return cells


def row(event: Event, review: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The CSV row of `event` (and its `review`, if any): every column of `CSV_COLUMNS`,
    as strings ("" if unknown)."""
    cells = {
        "id": event.id,
        "doc_id": event.doc_id,
        "type": event.type,
        "mode": _text(event.mode),
        "cameo": _text(event.cameo),
        "status": event.status,
        **_people(event.actors, "actor"),
        **_people(event.targets, "target"),
        **_place(event),
        **_date(event),
        **_counts(event),
        "attribution": event.attribution.kind,
        "speaker": _text(event.attribution.speaker),
        "via": _text(event.attribution.via),
        "evidence": event.evidence.text,
        "evidence_start": str(event.evidence.start),
        "evidence_end": str(event.evidence.end),
        "confidence": _text(event.confidence),
        "review": review["state"] if review else "",
        "reviewed_fields": ";".join(review["fields"]) if review else "",
    }
    # Fill the columns an absent part left out, and keep the column order.
    return {column: cells.get(column, "") for column in CSV_COLUMNS}
