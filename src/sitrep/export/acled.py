"""Events as a CSV in ACLED's shape: ACLED's columns, categories and precision codes.

Each event (or merged event) becomes one row under ACLED's column names, its PLOVER
type and mode mapped to ACLED's disorder type, event type and sub-event type by the
packaged table (`sitrep.export.mapping`). What ACLED would not hold is left out and
counted by reason: events that did not occur (planned, threatened, denied, ...),
undated ones, dates coarser than a month (ACLED's coarsest is a month), and events
with no ACLED category, unless `keep_unmapped` asks for those with empty types.
The choices are in docs/export.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from sitrep.export.items import Item, countries, names, source_names, write_mapped
from sitrep.export.mapping import STATE_SECTORS, Rule, side_kind

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

#: sitrep's place precision -> ACLED's geo_precision (1 the town itself, 2 a part of a
#: district, 3 only a province); coarser places get no code and no coordinates.
GEO_PRECISION = {"point": "1", "district": "1", "city": "1", "admin2": "2", "admin1": "3"}
_JOIN = "; "


def write_acled(items: Iterable[Item], out: TextIO, *, keep_unmapped: bool = False) -> Counter[str]:
    """Write a header and one ACLED row per item that ACLED would hold; return the tally
    (``written`` and one count per reason an item was left out)."""
    return write_mapped(
        items, out, mapping="acled", columns=ACLED_COLUMNS,
        left_out=lambda item, rule: left_out(item, rule, keep_unmapped=keep_unmapped),
        make_row=acled_row,
    )  # fmt: skip


def left_out(item: Item, rule: Rule, *, keep_unmapped: bool) -> str | None:
    """Why ACLED would not hold `item`, or None when it would."""
    if item.status != "occurred":
        return "did not occur"
    if item.days is None:
        return "no date"
    if item.days > 31:
        return "date coarser than a month"
    if not rule.category and not keep_unmapped:
        return "no ACLED category"
    return None


def acled_row(item: Item, rule: Rule) -> dict[str, str]:
    """The ACLED row of `item` under `rule` (every column, "" when unknown)."""
    category = dict(rule.category)
    return {
        "event_id_cnty": item.id,
        "event_date": item.start.isoformat() if item.start else "",
        "year": str(item.start.year) if item.start else "",
        "time_precision": time_precision(item),
        "disorder_type": category.get("disorder_type", ""),
        "event_type": category.get("event_type", ""),
        "sub_event_type": category.get("sub_event_type", ""),
        **_actors(item),
        "civilian_targeting": _civilian_targeting(item, category),
        **_place(item),
        "source": _JOIN.join(source_names(item.sources)),
        "notes": item.notes,
        "fatalities": str(item.killed[0]) if item.killed else "0",
        "tags": _tags(item),
    } | dict.fromkeys(("region", "admin2", "admin3", "source_scale", "timestamp"), "")


def time_precision(item: Item) -> str:
    """ACLED's 1 (the day), 2 (within a week) or 3 (within a month)."""
    if item.stand_in:  # a report's day: the event lies in the days before it
        return "2"
    days = item.days or 0
    return "1" if days == 1 else "2" if days <= 7 else "3"


def inter(item: Item, side: str) -> str:
    """ACLED's actor type code of a side's first actor where sitrep can tell it:
    1 state forces, 5 rioters, 6 protesters, 7 civilians; else ""."""
    actors = item.actors if side == "actors" else item.targets
    if not actors:
        return ""
    if item.type == "PROTEST" and side == "actors":
        return "5" if item.mode == "riot" else "6"
    sector = actors[0].sector
    if sector in STATE_SECTORS:
        return "1"
    return "7" if sector in {"CVL", "MED"} else ""


def _actors(item: Item) -> dict[str, str]:
    first, second = names(item.actors), names(item.targets)
    inter1, inter2 = inter(item, "actors"), inter(item, "targets")
    interaction = ""
    if inter1 and inter2:
        interaction = "".join(sorted((inter1, inter2)))
    elif inter1 and not second:
        interaction = inter1 + "0"  # one side only, as ACLED codes it
    return {
        "actor1": first[0] if first else "",
        "assoc_actor_1": _JOIN.join(first[1:]),
        "inter1": inter1,
        "actor2": second[0] if second else "",
        "assoc_actor_2": _JOIN.join(second[1:]),
        "inter2": inter2,
        "interaction": interaction,
    }


def _civilian_targeting(item: Item, category: dict[str, str]) -> str:
    violent = category.get("disorder_type") == "Political violence"
    return "Civilian targeting" if violent and side_kind(item.targets) == "civilian" else ""


def _place(item: Item) -> dict[str, str]:
    place = item.location
    if place is None:
        return dict.fromkeys(("iso", "country", "admin1", "location"), "") | _no_point()
    numeric, name = countries().get(place.country or "", ("", ""))
    located = {"iso": numeric, "country": name, "admin1": place.admin1 or "",
               "location": place.name}  # fmt: skip
    precision = GEO_PRECISION.get(place.precision)
    if precision is None or place.lat is None or place.lon is None:
        return located | _no_point()
    return located | {
        "latitude": str(place.lat),
        "longitude": str(place.lon),
        "geo_precision": precision,
    }


def _no_point() -> dict[str, str]:
    return {"latitude": "", "longitude": "", "geo_precision": ""}


def _tags(item: Item) -> str:
    """How sure the fatality figure is, when it is not one exact report."""
    if item.killed is None:
        return ""
    low, _, high = item.killed
    if low != high:
        return f"fatalities reported {low} to {high}"
    if item.qualifier and item.qualifier != "exact":
        return "fatalities " + item.qualifier.replace("_", " ")
    return ""
