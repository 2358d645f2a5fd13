"""What a reviewer may change in an event, checked, and how a change is applied.

A correction names fields of the public record (docs/schema.md) and their new
values. `normalise` checks them and turns them into *changes*: one key per
field (``type``, ``mode``, ``status``, ``actors``, ``targets``, ``location``,
``date``, and ``counts.KIND`` for each count), each with a plain JSON value.
`apply_change` sets one change on an `Event`; the reviewed event is the machine's
event with every change of its reviews applied in order (`sitrep.store.reviews`).

A value the reviewer gives keeps the machine's words where it names the same
thing (a count of the same kind, an actor or place of the same name); else, when
the name appears in the evidence sentence, those words; else it has no words in
the document: empty `text`, and a zero-length span where the evidence starts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any, get_args

from sitrep.errors import ConfigError
from sitrep.model import Actor, Count, DatePrecision, Event, PlacePrecision, Qualifier, When
from sitrep.model import Place as PlaceRecord
from sitrep.ontology import COUNT_KINDS, EVENT_TYPES, MODES, SECTORS, STATUSES, cameo_code, is_mode

#: The fields a correction may set, in the order they are applied.
FIELDS = ("type", "mode", "status", "actors", "targets", "location", "date", "counts")
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)
PLACE_PRECISIONS: tuple[str, ...] = get_args(PlacePrecision)
_COUNTRY = re.compile(r"[A-Z]{3}")
_MAX_NAME = 200
_MAX_ACTORS = 20


def normalise(event: Event, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The changes `fields` asks of `event` (reviewed values), checked; raise
    `ConfigError` naming the field, the value and the choices when one is bad."""
    if not isinstance(fields, Mapping) or not fields:
        raise ConfigError(f"a correction needs fields to change, one or more of {FIELDS}")
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise ConfigError(f"cannot correct {', '.join(unknown)}; fields: {', '.join(FIELDS)}")
    changes: dict[str, Any] = {}
    for name in FIELDS:
        if name in fields:
            changes.update(_CHECKS[name](fields[name]))
    _check_mode(event, changes)
    return changes


def _check_mode(event: Event, changes: dict[str, Any]) -> None:
    """A mode must belong to the (reviewed) type; a new type without a mode of its
    own loses the old mode, which belonged to the old type. Checked only when the
    correction sets the type or the mode: correcting a count accepts the machine's mode."""
    if "type" not in changes and "mode" not in changes:
        return
    kind = changes.get("type", event.type)
    if "mode" not in changes and kind != event.type and not is_mode(kind, event.mode):
        changes["mode"] = None
    mode = changes.get("mode", event.mode)
    if not is_mode(kind, mode):
        choices = ", ".join(m for m in MODES[kind] if m)
        raise ConfigError(f"mode {mode!r} is not a mode of {kind}; modes: {choices or 'none'}")


def _type(value: Any) -> dict[str, Any]:
    text = value.upper() if isinstance(value, str) else value
    if text not in EVENT_TYPES:
        raise ConfigError(f"type {value!r} is not a PLOVER type; types: {', '.join(EVENT_TYPES)}")
    return {"type": text}


def _mode(value: Any) -> dict[str, Any]:
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"mode must be a string or null, not {value!r}")
    return {"mode": value or None}


def _status(value: Any) -> dict[str, Any]:
    if value not in STATUSES:
        raise ConfigError(f"status {value!r} is unknown; statuses: {', '.join(STATUSES)}")
    return {"status": value}


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_NAME:
        raise ConfigError(f"{what} must be a non-empty string of at most {_MAX_NAME} characters")
    return value.strip()


def _country(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _COUNTRY.fullmatch(value.upper()):
        raise ConfigError(f"{what} {value!r} is not an ISO 3166-1 alpha-3 code such as AFG")
    return value.upper()


def _party(value: Any, what: str) -> dict[str, Any]:
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping):
        raise ConfigError(f"each of {what} must be an object with a name, not {value!r}")
    sector = value.get("sector")
    if sector is not None and sector not in SECTORS:
        raise ConfigError(f"{what} sector {sector!r} is unknown; sectors: {', '.join(SECTORS)}")
    return {
        "name": _name(value.get("name"), f"the name of each of {what}"),
        "sector": sector,
        "country": _country(value.get("country"), f"{what} country"),
    }


def _parties(what: str) -> Any:
    def check(value: Any) -> dict[str, Any]:
        if not isinstance(value, list) or len(value) > _MAX_ACTORS:
            raise ConfigError(f"{what} must be a list of at most {_MAX_ACTORS} actors")
        return {what: [_party(item, what) for item in value]}

    return check


def _number(value: Any, what: str, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{what} must be a number from {low} to {high}, not {value!r}")
    return float(value)


def _location(value: Any) -> dict[str, Any]:
    if value is None:
        return {"location": None}
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, Mapping):
        raise ConfigError(f"location must be an object with a name, or null, not {value!r}")
    precision = value.get("precision", "unknown")
    if precision not in PLACE_PRECISIONS:
        raise ConfigError(
            f"location precision {precision!r} is unknown; choices: {', '.join(PLACE_PRECISIONS)}"
        )
    admin1 = value.get("admin1")
    return {
        "location": {
            "name": _name(value.get("name"), "the location's name"),
            "country": _country(value.get("country"), "the location's country"),
            "admin1": _name(admin1, "admin1") if admin1 is not None else None,
            "lat": _number(value.get("lat"), "lat", -90, 90),
            "lon": _number(value.get("lon"), "lon", -180, 180),
            "precision": precision,
        }
    }


def _day(value: Any, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ConfigError(f"date {what} must be a day YYYY-MM-DD, not {value!r}") from None


def _date(value: Any) -> dict[str, Any]:
    if value is None:
        return {"date": None}
    if isinstance(value, str):
        value = {"start": value}
    if not isinstance(value, Mapping):
        raise ConfigError(f"date must be an object with start (and end), or null, not {value!r}")
    start = _day(value.get("start"), "start")
    end = _day(value.get("end") or value.get("start"), "end")
    if end < start:
        raise ConfigError(f"date end {end} is before start {start}")
    precision = value.get("precision") or ("day" if start == end else "days")
    if precision not in DATE_PRECISIONS:
        raise ConfigError(
            f"date precision {precision!r} is unknown; choices: {', '.join(DATE_PRECISIONS)}"
        )
    return {"date": {"start": start.isoformat(), "end": end.isoformat(), "precision": precision}}


def _count(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        value = {"value": value}
    number = value.get("value")
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise ConfigError(f"counts.{kind} must be a whole number of 0 or more, not {number!r}")
    qualifier = value.get("qualifier", "exact")
    if qualifier not in QUALIFIERS:
        raise ConfigError(
            f"counts.{kind} qualifier {qualifier!r} is unknown; choices: {', '.join(QUALIFIERS)}"
        )
    return {"value": number, "qualifier": qualifier}


def _counts(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not value:
        raise ConfigError('counts must be an object such as {"killed": 14} (null removes a count)')
    unknown = sorted(set(value) - set(COUNT_KINDS))
    if unknown:
        raise ConfigError(f"unknown count {', '.join(unknown)}; kinds: {', '.join(COUNT_KINDS)}")
    return {f"counts.{kind}": _count(kind, value[kind]) for kind in COUNT_KINDS if kind in value}


_CHECKS = {
    "type": _type,
    "mode": _mode,
    "status": _status,
    "actors": _parties("actors"),
    "targets": _parties("targets"),
    "location": _location,
    "date": _date,
    "counts": _counts,
}


# ---------------------------------------------------------------- applying


def machine_value(event: Event, key: str) -> Any:
    """The JSON value of change key `key` in `event` (before a change is applied)."""
    record = event.to_dict()
    if key.startswith("counts."):
        count = record["counts"].get(key.split(".", 1)[1])
        return None if count is None else {"value": count["value"], "qualifier": count["qualifier"]}
    if key in ("actors", "targets"):
        return [{k: a[k] for k in ("name", "sector", "country")} for a in record[key]]
    if key == "location" and record["location"] is not None:
        keys = ("name", "country", "admin1", "lat", "lon", "precision")
        return {k: record["location"][k] for k in keys}
    if key == "date" and record["date"] is not None:
        return {k: record["date"][k] for k in ("start", "end", "precision")}
    return record[key]


def apply_change(event: Event, key: str, value: Any) -> Event:
    """`event` with the change `key` set to `value` (a value `normalise` made)."""
    if key in ("type", "mode"):
        changed = dataclasses.replace(event, **{key: value})
        return dataclasses.replace(changed, cameo=cameo_code(changed.type, changed.mode))
    if key == "status":
        return dataclasses.replace(event, status=value)
    if key == "actors":
        return dataclasses.replace(event, actors=_actors(event, event.actors, value))
    if key == "targets":
        return dataclasses.replace(event, targets=_actors(event, event.targets, value))
    if key == "location":
        return dataclasses.replace(event, location=_place(event, value))
    if key == "date":
        return dataclasses.replace(event, date=_when(event, value))
    return dataclasses.replace(event, counts=_counts_with(event, key.split(".", 1)[1], value))


def _words(event: Event, name: str) -> tuple[str, int, int]:
    """The words naming `name` in the evidence sentence, or none (see module docstring)."""
    found = event.evidence.text.casefold().find(name.casefold())
    if found < 0:
        return "", event.evidence.start, event.evidence.start
    start = event.evidence.start + found
    return event.evidence.text[found : found + len(name)], start, start + len(name)


def _actors(event: Event, old: tuple[Actor, ...], value: list[Any]) -> tuple[Actor, ...]:
    return tuple(_actor(event, old, item) for item in value)


def _actor(event: Event, old: tuple[Actor, ...], value: Mapping[str, Any]) -> Actor:
    same = next((a for a in old if a.name.casefold() == value["name"].casefold()), None)
    if same is not None:
        return dataclasses.replace(
            same, name=value["name"], sector=value["sector"], country=value["country"]
        )
    text, start, end = _words(event, value["name"])
    return Actor(value["name"], text, start, end, value["sector"], value["country"])


def _place(event: Event, value: Mapping[str, Any] | None) -> PlaceRecord | None:
    if value is None:
        return None
    old = event.location
    if old is not None and old.name.casefold() == value["name"].casefold():
        text, start, end, basis = old.text, old.start, old.end, old.basis
    else:
        text, start, end = _words(event, value["name"])
        basis = "sentence" if text else "context"
    return PlaceRecord(
        name=value["name"], text=text, start=start, end=end, country=value["country"],
        admin1=value["admin1"], lat=value["lat"], lon=value["lon"],
        precision=value["precision"], basis=basis,
    )  # fmt: skip


def _when(event: Event, value: Mapping[str, Any] | None) -> When | None:
    if value is None:
        return None
    old = event.date
    start, end = dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])
    # The machine's words for the date stay as evidence; the reviewer's reading is explicit.
    return When(
        start=start, end=end, precision=value["precision"],
        text=old.text if old else None, basis="explicit", span=old.span if old else None,
    )  # fmt: skip


def _counts_with(event: Event, kind: str, value: Mapping[str, Any] | None) -> Any:
    # Keyed by plain strings: `kind` was checked against COUNT_KINDS by `normalise`.
    counts: dict[str, Count] = dict(event.counts)
    if value is None:
        counts.pop(kind, None)
    elif kind in counts:  # keeps its place and its words
        counts[kind] = dataclasses.replace(
            counts[kind], value=value["value"], qualifier=value["qualifier"]
        )
    else:
        start = event.evidence.start
        counts[kind] = Count(value["value"], value["qualifier"], "", start, start)
    return tuple(counts.items())
