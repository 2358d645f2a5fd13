"""Events as PLOVER JSON: the field names of the PLOVER specification and its gold
standard records (Open Event Data Alliance), so sitrep's output sits beside other
PLOVER and POLECAT data.

The file is one JSON array of records, as PLOVER's own files are, written one record
at a time. PLOVER's fields: `id`, `date`, `event`, `mode`, `source` and `target`
(lists of `actorText`, `code`, `sector`), `eventText`, `text`, `eventLoc` (`name`,
`country code`), `dead` and `injured` (magnitudes), `language`, `publication`,
`coder`, `version`. As in PLOVER's files, a field with no value is left out rather
than written as null. What PLOVER has no field for (status, CAMEO code, date range
and precision, canonical names, coordinates, other counts, confidence) is kept under
one `sitrep` key, so no fact is lost and no PLOVER field changes meaning.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any, TextIO

from sitrep.model import Actor, Event
from sitrep.version import __version__

#: The PLOVER version sitrep's types and modes follow (`sitrep.ontology`).
PLOVER_VERSION = "0.8"


def write_plover(events: Iterable[Event], out: TextIO) -> Counter[str]:
    """Write the events as one JSON array of PLOVER records; return the tally."""
    tally: Counter[str] = Counter()
    out.write("[")
    for event in events:
        out.write(",\n" if tally["written"] else "\n")
        out.write(json.dumps(plover_record(event), ensure_ascii=False))
        tally["written"] += 1
    out.write("\n]\n")
    return tally


def plover_record(event: Event) -> dict[str, Any]:
    """The PLOVER record of one event (module docstring); empty fields left out."""
    when = event.date
    record: dict[str, Any] = {
        "id": event.id,
        "date": when.start.isoformat() if when and when.start else None,
        "event": event.type,
        "mode": event.mode,
        "source": [_actor(a) for a in event.actors],
        "target": [_actor(a) for a in event.targets],
        "eventText": event.trigger.text,
        "text": event.evidence.text,
        "eventLoc": _place(event),
        "dead": _count(event, "killed"),
        "injured": _count(event, "wounded"),
        "language": "en",
        "publication": event.source.outlet,
        "coder": f"sitrep {__version__}",
        "version": PLOVER_VERSION,
        "sitrep": _extra(event),
    }
    return _present(record)


def _actor(actor: Actor) -> dict[str, Any]:
    return _present({"actorText": actor.text, "code": actor.country, "sector": actor.sector})


def _place(event: Event) -> dict[str, Any] | None:
    place = event.location
    if place is None:
        return None
    return _present({"name": place.name, "country code": place.country})


def _count(event: Event, kind: str) -> int | None:
    count = event.count(kind)  # type: ignore[arg-type]
    return None if count is None else count.value


def _extra(event: Event) -> dict[str, Any]:
    """What PLOVER has no field for, under sitrep's own names (docs/schema.md)."""
    when, place = event.date, event.location
    return _present(
        {
            "status": event.status,
            "cameo": event.cameo,
            "doc_id": event.doc_id,
            "date_end": when.end.isoformat() if when and when.end else None,
            "date_precision": when.precision if when else None,
            "date_basis": when.basis if when else None,
            "actors": [a.name for a in event.actors],
            "targets": [a.name for a in event.targets],
            "lat": place.lat if place else None,
            "lon": place.lon if place else None,
            "place_precision": place.precision if place else None,
            "counts": {kind: c.value for kind, c in event.counts},
            "count_qualifiers": {k: c.qualifier for k, c in event.counts if c.qualifier != "exact"},
            "attribution": event.attribution.kind,
            "url": event.source.url,
            "title": event.source.title,
            "published": event.source.published.isoformat() if event.source.published else None,
            "confidence": event.confidence,
        }
    )


def _present(record: dict[str, Any]) -> dict[str, Any]:
    """`record` without its empty fields (None, "" and empty lists and objects)."""
    return {k: v for k, v in record.items() if v is not None and v != "" and v != [] and v != {}}
