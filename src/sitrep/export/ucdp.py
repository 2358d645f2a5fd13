"""Merged events as a CSV in the shape of UCDP's Georeferenced Event Dataset (GED).

GED holds lethal organised violence: one row per event, with its sides, its dates
and their precision, and deaths as low, best and high estimates across sources. So
this export takes merged events (one real-world event, every report of it) and
writes those that occurred and killed at least one person (`best` >= 1), the type
of violence mapped by the packaged table (`sitrep.export.mapping`). Events whose
type cannot be told are left out and counted, or written with an empty type when
`keep_unmapped` asks. UCDP's own identifiers (conflict, dyad, side and country
codes) are UCDP's to give, and stay empty. The choices are in docs/export.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import TextIO

from sitrep.export.items import Item, countries, names, write_mapped
from sitrep.export.mapping import Rule, side_kind

UCDP_COLUMNS: tuple[str, ...] = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)

#: sitrep's place precision -> GED's where_prec (1 the place itself, 3 a second-order
#: division, 4 a first-order one, 5 a larger region, 6 only the country).
WHERE_PRECISION = {
    "point": "1",
    "district": "1",
    "city": "1",
    "admin2": "3",
    "admin1": "4",
    "region": "5",
    "country": "6",
}
_JOIN = "; "


def write_ucdp(items: Iterable[Item], out: TextIO, *, keep_unmapped: bool = False) -> Counter[str]:
    """Write a header and one GED row per lethal item; return the tally (``written``
    and one count per reason an item was left out)."""
    return write_mapped(
        items, out, mapping="ucdp", columns=UCDP_COLUMNS,
        left_out=lambda item, rule: left_out(item, rule, keep_unmapped=keep_unmapped),
        make_row=ucdp_row,
    )  # fmt: skip


def left_out(item: Item, rule: Rule, *, keep_unmapped: bool) -> str | None:
    """Why GED would not hold `item`, or None when it would."""
    if item.status != "occurred":
        return "did not occur"
    if item.killed is None or item.killed[1] < 1:
        return "nobody killed"
    if item.days is None:
        return "no date"
    if not rule.category and not keep_unmapped:
        return "no UCDP type of violence"
    return None


def ucdp_row(item: Item, rule: Rule) -> dict[str, str]:
    """The GED row of `item` under `rule` (every column, "" when unknown)."""
    violence = dict(rule.category).get("type_of_violence", "")
    low, best, high = item.killed or (0, 0, 0)
    row = dict.fromkeys(UCDP_COLUMNS, "")
    row |= {
        "id": item.id,
        "year": str(item.start.year) if item.start else "",
        "type_of_violence": violence,
        **_sides(item, violence),
        **_sources(item),
        **_place(item),
        "date_prec": date_precision(item),
        "date_start": item.start.isoformat() if item.start else "",
        "date_end": item.end.isoformat() if item.end else "",
        **_deaths(best, violence),
        "best": str(best),
        "high": str(high),
        "low": str(low),
    }
    return row


def date_precision(item: Item) -> str:
    """GED's date_prec: 1 the day, 2 two to six days, 3 a week, 4 a month, 5 longer."""
    if item.stand_in:  # a report's day: the event lies in the days before it
        return "2"
    days = item.days or 0
    if days == 1:
        return "1"
    return "2" if days <= 6 else "3" if days == 7 else "4" if days <= 31 else "5"


def priogrid(lat: float, lon: float) -> int:
    """The PRIO-GRID cell (half a degree, numbered from -90, -180 row by row) of a point."""
    row = min(math.floor((lat + 90) / 0.5), 359)
    col = min(math.floor((lon + 180) / 0.5), 719)
    return row * 720 + col + 1


def _sides(item: Item, violence: str) -> dict[str, str]:
    """Side A and side B as GED orders them: the state first in state-based violence,
    the perpetrator against "Civilians" in one-sided violence."""
    first, second = ", ".join(names(item.actors)), ", ".join(names(item.targets))
    if violence == "1" and side_kind(item.actors) != "state":
        first, second = second, first
    elif violence == "3":
        second = "Civilians"
    dyad = f"{first} - {second}" if first and second else ""
    return {"side_a": first, "side_b": second, "dyad_name": dyad}


def _sources(item: Item) -> dict[str, str]:
    sources = item.sources
    days = [s.published.isoformat() if s.published else "" for s in sources]
    articles = [
        ", ".join(part for part in (s.outlet, day, s.title or s.doc_id) if part)
        for s, day in zip(sources, days, strict=True)
    ]
    return {
        "number_of_sources": str(len(sources)),
        "source_article": _JOIN.join(articles),
        "source_office": _joined([s.outlet or "" for s in sources]),
        "source_date": _joined(days),
        "source_headline": _joined([s.title or "" for s in sources]),
        "source_original": _JOIN.join(item.voices),
    }


def _joined(values: list[str]) -> str:
    """One value per source, in the order of source_article; "" when none is known."""
    return _JOIN.join(values) if any(values) else ""


def _place(item: Item) -> dict[str, str]:
    place = item.location
    if place is None:
        return {}
    found = {
        "where_prec": WHERE_PRECISION.get(place.precision, ""),
        "where_coordinates": place.name,
        "where_description": place.text,
        "adm_1": place.admin1 or "",
        "country": countries().get(place.country or "", ("", ""))[1],
    }
    if place.lat is None or place.lon is None:
        return found
    return found | {
        "latitude": str(place.lat),
        "longitude": str(place.lon),
        "geom_wkt": f"POINT ({place.lon} {place.lat})",
        "priogrid_gid": str(priogrid(place.lat, place.lon)),
    }


def _deaths(best: int, violence: str) -> dict[str, str]:
    """Deaths by side: reports rarely say whose, so they are unknown, except that in
    one-sided violence the dead are the civilians (GED's four always sum to best)."""
    civilians = best if violence == "3" else 0
    return {
        "deaths_a": "0",
        "deaths_b": "0",
        "deaths_civilians": str(civilians),
        "deaths_unknown": str(best - civilians),
    }
