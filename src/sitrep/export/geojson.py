"""Events (or merged events) as a GeoJSON FeatureCollection (RFC 7946), for QGIS and
any other GIS.

Each event with coordinates is a Feature: a Point at [longitude, latitude] (WGS 84,
the order RFC 7946 asks), its `id`, and flat properties (one value per property, no
nesting, the same keys on every feature, so a GIS reads them as a table). The
place's precision is a property: a point at a province's or a country's centre is
not where the event happened, and a map should be able to tell. Events without
coordinates are left out and counted. The file is written as it goes: the
collection's opening, one feature at a time, its closing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from sitrep.export.writers import COUNT_KINDS, row
from sitrep.merge.record import MergedEvent
from sitrep.model import Event, Place

#: CSV columns whose values are numbers in GeoJSON properties.
_INTEGERS = frozenset({*COUNT_KINDS, "evidence_start", "evidence_end"})
_JOIN = "; "


def write_geojson(records: Iterable[Event | MergedEvent], out: TextIO) -> Counter[str]:
    """Write a FeatureCollection of the records that have coordinates; return the tally
    (``written``, and ``no coordinates`` for those left out)."""
    tally: Counter[str] = Counter()
    out.write('{"type": "FeatureCollection", "features": [')
    for record in records:
        feature = _feature(record)
        if feature is None:
            tally["no coordinates"] += 1
            continue
        out.write(",\n" if tally["written"] else "\n")
        out.write(json.dumps(feature, ensure_ascii=False))
        tally["written"] += 1
    out.write("\n]}\n")
    return tally


def _feature(record: Event | MergedEvent) -> dict[str, Any] | None:
    place = record.location
    if place is None or place.lat is None or place.lon is None:
        return None
    properties = (
        event_properties(record) if isinstance(record, Event) else merged_properties(record)
    )
    return {
        "type": "Feature",
        "id": record.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": properties,
    }


def event_properties(event: Event) -> dict[str, Any]:
    """The flat properties of one report: the CSV columns (docs/schema.md) but typed
    (numbers as numbers, unknown as null), the point itself left to the geometry,
    and where the report came from."""
    properties: dict[str, Any] = {}
    for column, value in row(event).items():
        if column in ("lat", "lon"):
            continue
        properties[column] = _typed(column, value)
    source = event.source
    return properties | {
        "title": source.title,
        "outlet": source.outlet,
        "url": source.url,
        "published": source.published.isoformat() if source.published else None,
    }


def _typed(column: str, value: str) -> Any:
    if value == "":
        return None
    if column in _INTEGERS:
        return int(value)
    return float(value) if column == "confidence" else value


def merged_properties(merged: MergedEvent) -> dict[str, Any]:
    """The flat properties of a merged event: agreed fields, counts as low/best/high
    per kind (null where no report counts it), how many reports and documents, the
    fields the reports dispute."""
    counts = dict(merged.counts)
    properties: dict[str, Any] = {
        "id": merged.id,
        "type": merged.type,
        "mode": merged.mode,
        "status": merged.status,
        "actors": _JOIN.join(a.name for a in merged.actors) or None,
        "targets": _JOIN.join(a.name for a in merged.targets) or None,
        **_place(merged.location),
        "date_start": merged.start.isoformat() if merged.start else None,
        "date_end": merged.end.isoformat() if merged.end else None,
    }
    for kind in COUNT_KINDS:
        found = counts.get(kind)
        for end in ("low", "best", "high"):
            properties[f"{kind}_{end}"] = None if found is None else getattr(found, end)
    return properties | {
        "reports": len(merged.members),
        "documents": len({e.doc_id for e in merged.members}),
        "outlets": _JOIN.join(dict.fromkeys(s.outlet for s in merged.sources if s.outlet)) or None,
        "disputed": ",".join(d.field for d in merged.disagreements) or None,
        "cause": merged.cause,
    }


def _place(place: Place | None) -> dict[str, Any]:
    return {
        "place": place.name if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "place_precision": place.precision if place else None,
        "place_basis": place.basis if place else None,
    }
