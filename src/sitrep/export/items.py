"""What the ACLED- and UCDP-shaped tables need of an event or a merged event.

An `Item` is one row's worth of facts, made from a single report (`of_event`) or
from a merged event (`of_merged`, counts across reports as low/best/high), so the
two table writers do not care which they were given. Also here: the precision
codes both tables use, and the packaged ISO 3166 country table.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TextIO

from sitrep.export.mapping import Rule, table
from sitrep.merge.record import MergedEvent
from sitrep.model import Actor, Event, Place, Source


@dataclass(frozen=True, slots=True)
class Item:
    """One event or merged event, as the tabular exports read it."""

    id: str
    type: str
    mode: str | None
    status: str
    actors: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    location: Place | None
    start: dt.date | None
    end: dt.date | None
    stand_in: bool  # the date is a publication day standing in for an unknown one
    killed: tuple[int, int, int] | None  # low, best, high
    qualifier: str | None  # a single report's count qualifier (exact, at_least, ...)
    sources: tuple[Source, ...]
    notes: str
    voices: tuple[str, ...]  # who the reports quote or relay

    @property
    def days(self) -> int | None:
        """How many days the date range spans (1: one day), or None when undated."""
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1


def of_event(event: Event) -> Item:
    """The item of one report."""
    when = event.date
    start = (when.start or when.end) if when else None
    killed = event.count("killed")
    return Item(
        id=event.id,
        type=event.type,
        mode=event.mode,
        status=event.status,
        actors=event.actors,
        targets=event.targets,
        location=event.location,
        start=start,
        end=(when.end or when.start) if when else None,
        stand_in=when is not None and when.basis == "publication",
        killed=None if killed is None else (killed.value, killed.value, killed.value),
        qualifier=None if killed is None else killed.qualifier,
        sources=(event.source,),
        notes=event.evidence.text,
        voices=_voices([event]),
    )


def of_merged(merged: MergedEvent) -> Item:
    """The item of a merged event: its agreed fields, counts across its reports."""
    killed = dict(merged.counts).get("killed")
    dated = [e.date for e in merged.members if e.date and e.date.start]
    return Item(
        id=merged.id,
        type=merged.type,
        mode=merged.mode,
        status=merged.status,
        actors=merged.actors,
        targets=merged.targets,
        location=merged.location,
        start=merged.start,
        end=merged.end or merged.start,
        # A report's own date wins over publication days (`merge.record`), so the merged
        # date stands in only when every dated report's does.
        stand_in=bool(dated) and all(when.basis == "publication" for when in dated),
        killed=None if killed is None else (killed.low, killed.best, killed.high),
        qualifier=None,
        sources=merged.sources,
        notes=merged.members[0].evidence.text if merged.members else "",
        voices=_voices(merged.members),
    )


def _voices(events: Iterable[Event]) -> tuple[str, ...]:
    found: dict[str, None] = {}
    for event in events:
        for voice in (event.attribution.speaker, event.attribution.via):
            if voice:
                found.setdefault(voice, None)
    return tuple(found)


def source_names(sources: Iterable[Source]) -> list[str]:
    """Each source's outlet (else its title, else its document id), once each, in order."""
    names = (s.outlet or s.title or s.doc_id for s in sources)
    return list(dict.fromkeys(names))


def names(actors: Iterable[Actor]) -> list[str]:
    """The canonical names of `actors`, once each, in order."""
    return list(dict.fromkeys(a.name for a in actors))


@functools.cache
def countries() -> dict[str, tuple[str, str]]:
    """ISO 3166-1 alpha-3 code -> (numeric code, name), from the packaged table."""
    path = resources.files("sitrep") / "export" / "data" / "countries.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    return {r[0]: (r[1], r[2]) for r in rows if not r[0].startswith("#") and r[0] != "iso3"}


def write_mapped(
    items: Iterable[Item],
    out: TextIO,
    *,
    mapping: str,
    columns: Sequence[str],
    left_out: Callable[[Item, Rule], str | None],
    make_row: Callable[[Item, Rule], Mapping[str, object]],
) -> Counter[str]:
    """Write a header and one row per item the `mapping` table (acled, ucdp) gives a
    category; return the tally: ``written`` and one count per reason an item was left
    out (`left_out` says why, or None to keep it)."""
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    tally: Counter[str] = Counter()
    rules = table(mapping)
    for item in items:
        rule = rules.rule_for(item.type, item.mode, item.actors, item.targets)
        reason = left_out(item, rule)
        if reason:
            tally[reason] += 1
            continue
        writer.writerow(make_row(item, rule))
        tally["written"] += 1
    return tally
