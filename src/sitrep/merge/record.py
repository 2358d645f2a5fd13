"""The merged record: one real-world event, every report behind it, counts across
sources and the points where the reports disagree, and its public shape.

`merge_events(events)` groups events from different reports (and from different
sentences of one report) that describe the same thing (`sitrep.merge.relation`,
`sitrep.merge.linking`) and returns one `MergedEvent` per group.

**Counts across sources.** For each count kind: `low` and `high` are the least
and greatest reported values, `best` the median of the *independent* reports
(the lower middle value for an even number); a report from a copy of another
document (`copies`) is listed but not counted again. **Disagreements** list the
competing values of killed and the other counts, actors, status, date and place,
each with the events and sources that give it, and the cause the reports give
(`Event.cause`: "ordered by X" against "brokered by Y") unless they name the same
party.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sitrep.merge.linking import components
from sitrep.merge.relation import NO_NAMES, STOP_WORDS, DocumentNames, MergeSettings, Profile
from sitrep.model import Actor, Event, Place, Source
from sitrep.ontology import STATUSES


@dataclass(frozen=True, slots=True)
class CountReport:
    """One report of a count: its value and where it came from."""

    value: int
    qualifier: str
    event_id: str
    doc_id: str
    copy: bool  # from a copy of another document: listed, not counted again


@dataclass(frozen=True, slots=True)
class CountRange:
    """A count across reports: low, best and high, with every report behind it."""

    low: int
    best: int
    high: int
    reports: tuple[CountReport, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """One value of a disputed field and who gives it."""

    value: str
    event_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A field the reports give different values for."""

    field: str  # killed, wounded, ..., actors, targets, status, date, location, cause
    values: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real-world event and every report of it."""

    id: str
    type: str
    mode: str | None
    status: str
    actors: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    location: Place | None
    start: dt.date | None
    end: dt.date | None
    counts: tuple[tuple[str, CountRange], ...]
    members: tuple[Event, ...]
    sources: tuple[Source, ...]
    disagreements: tuple[Disagreement, ...]
    cause: str | None = None  # the cause most reports give ("ordered by the governor")

    def to_dict(self) -> dict[str, Any]:
        """The public shape (DESIGN §3): agreed fields, members, sources, counts, disagreements."""
        return merged_to_dict(self)


def merge_events(
    events: Iterable[Event],
    *,
    copies: Mapping[str, str] | None = None,
    context: Mapping[str, DocumentNames] | None = None,
    settings: MergeSettings | None = None,
) -> list[MergedEvent]:
    """Group `events` into merged events, ordered by start date, then id.

    `copies` maps a document id to the document it copies (see `sitrep.merge.copies`);
    `context` a document id to the names it mentions (`document_names`), which
    two reports of one event share well beyond the evidence sentence.
    """
    chosen = settings or MergeSettings()
    unique = sorted({e.id: e for e in events}.values(), key=lambda e: e.id)
    names = context or {}
    profiles = [Profile.of(e, chosen, names.get(e.doc_id, NO_NAMES)) for e in unique]
    groups = components(profiles, chosen)
    return sorted_merged(merged_event([unique[i] for i in group], copies or {}) for group in groups)


def sorted_merged(merged: Iterable[MergedEvent]) -> list[MergedEvent]:
    """Merged events ordered by start date (unknown last), then id."""
    return sorted(merged, key=lambda m: (m.start is None, m.start or dt.date.min, m.id))


def merged_event(
    members: list[Event], copies: Mapping[str, str], ident: str | None = None
) -> MergedEvent:
    """One merged event of `members`, with id `ident` (by default `merged_id` of the members)."""
    members = sorted(members, key=lambda e: (e.doc_id, e.evidence.start, e.id))
    dated = [e.date for e in members if e.date and e.date.start and e.date.basis != "publication"]
    if not dated:  # only publication days: the latest report day bounds the event
        dated = [e.date for e in members if e.date and e.date.start]
    starts = [when.start for when in dated if when.start]
    ends = [when.end or when.start for when in dated if when.start]
    sources = {e.source.doc_id: e.source for e in members}
    return MergedEvent(
        id=ident or merged_id(e.id for e in members),
        type=members[0].type,
        mode=_most_common([e.mode for e in members if e.mode]),
        status=_status(members),
        actors=_union(a for e in members for a in e.actors),
        targets=_union(a for e in members for a in e.targets),
        location=_best_place(members),
        start=max(starts) if starts and max(starts) <= min(ends) else min(starts, default=None),
        end=min(ends) if starts and max(starts) <= min(ends) else max(ends, default=None),
        counts=_counts(members, copies),
        members=tuple(members),
        sources=tuple(sources[d] for d in sorted(sources)),
        disagreements=_disagreements(members),
        cause=_most_common([text for e in members if (text := _cause_text(e))]),
    )


def merged_id(event_ids: Iterable[str]) -> str:
    """A stable id: the hash of the smallest member id (it survives new members joining,
    unless a new member's id sorts first)."""
    first = min(event_ids)
    return "m" + hashlib.sha256(first.encode("utf-8")).hexdigest()[:15]


def _most_common(values: list[str]) -> str | None:
    if not values:
        return None
    counted = Counter(values)
    return min(counted, key=lambda v: (-counted[v], v))


def _status(members: list[Event]) -> str:
    """The status most reports give; ties go to the order of STATUSES (occurred first)."""
    counted = Counter(e.status for e in members)
    order = {s: i for i, s in enumerate(STATUSES)}
    return min(counted, key=lambda s: (-counted[s], order.get(s, 99), s))


def _union(actors: Iterable[Actor]) -> tuple[Actor, ...]:
    seen: dict[str, Actor] = {}
    for actor in actors:
        seen.setdefault(actor.id or actor.name.casefold(), actor)
    return tuple(seen.values())


_PRECISION_ORDER = ("point", "district", "city", "admin2", "admin1", "region", "country")


def _best_place(members: list[Event]) -> Place | None:
    """The most precise place the reports give (a dateline's only if no report names
    one); among equals, the most often given."""
    places = [e.location for e in members if e.location and e.location.basis != "document"]
    places = places or [e.location for e in members if e.location is not None]
    if not places:
        return None
    counted = Counter(p.name for p in places)

    def rank(p: Place) -> tuple[int, int, str]:
        order = _PRECISION_ORDER.index(p.precision) if p.precision in _PRECISION_ORDER else 99
        return (order, -counted[p.name], p.name)

    return min(places, key=rank)


def _counts(members: list[Event], copies: Mapping[str, str]) -> tuple[tuple[str, CountRange], ...]:
    reports: dict[str, list[CountReport]] = defaultdict(list)
    for event in members:
        for kind, count in event.counts:
            reports[kind].append(
                CountReport(count.value, count.qualifier, event.id, event.doc_id,
                            copy=event.doc_id in copies)
            )  # fmt: skip
    return tuple((kind, count_range(reports[kind])) for kind in sorted(reports))


def count_range(reports: Sequence[CountReport]) -> CountRange:
    """Low, best (median of independent reports, lower middle) and high of `reports`.

    One document counts once: its highest value stands for it (a later sentence
    usually updates an earlier toll). Copies of another document do not count.
    """
    per_document: dict[str, int] = {}
    for report in reports:
        if not report.copy:
            per_document[report.doc_id] = max(per_document.get(report.doc_id, 0), report.value)
    values = sorted(per_document.values()) or sorted(r.value for r in reports)
    ordered = tuple(sorted(reports, key=lambda r: (r.doc_id, r.event_id)))
    return CountRange(low=values[0], best=values[(len(values) - 1) // 2], high=values[-1],
                      reports=ordered)  # fmt: skip


def _disagreements(members: list[Event]) -> tuple[Disagreement, ...]:
    """The fields two *documents* give conflicting values for (module docstring).

    Two sentences of one report are not sources disagreeing, and two names for
    the same side ("Iraqi Security Forces", "security forces") are not a dispute:
    actors conflict only when no actor of one report could be one of the other's.
    """
    fields: list[tuple[str, dict[str, list[Event]], Any]] = []
    kinds = sorted({kind for e in members for kind, _ in e.counts})
    for kind in kinds:
        fields.append((kind, _claims(members, lambda e, k=kind: _count_text(e, k)), None))
    fields.append(("actors", _claims(members, lambda e: _names(e.actors)), _same_side("actors")))
    fields.append(("targets", _claims(members, lambda e: _names(e.targets)), _same_side("targets")))
    fields.append(("status", _claims(members, lambda e: e.status), None))
    fields.append(("date", _claims(members, _date_text), None))
    fields.append(("location", _claims(members, _place_text), None))
    fields.append(("cause", _claims(members, _cause_text), _same_cause))
    return tuple(
        Disagreement(name, tuple(_claim(value, events) for value, events in sorted(claims.items())))
        for name, claims, compatible in fields
        if _disputed(claims, compatible)
    )


def _disputed(claims: dict[str, list[Event]], compatible: Any) -> bool:
    """Whether two values come from different documents and cannot both be right."""
    for (_, first), (_, second) in itertools.combinations(sorted(claims.items()), 2):
        documents = {e.doc_id for e in first} | {e.doc_id for e in second}
        if len(documents) < 2:
            continue
        if compatible is not None and compatible(first, second):
            continue
        return True
    return False


def _same_side(field: str) -> Any:
    """A test of whether two groups of reports could be naming the same actors: some
    actor of one and some of the other have the same dictionary id or, when either
    has none, names sharing a word of three letters or more."""

    def compatible(first: list[Event], second: list[Event]) -> bool:
        ones = _Side([a for e in first for a in getattr(e, field)])
        others = _Side([a for e in second for a in getattr(e, field)])
        # Sets, not every pair of actors: a large merged event has hundreds of each.
        return bool(
            ones.ids & others.ids
            or ones.unnamed_words & others.words
            or ones.words & others.unnamed_words
        )

    return compatible


class _Side:
    """The ids and name words of some actors, for `_same_side`."""

    def __init__(self, actors: list[Actor]) -> None:
        self.ids = {a.id for a in actors if a.id}
        self.words = {w for a in actors for w in _name_words(a)}
        self.unnamed_words = {w for a in actors if not a.id for w in _name_words(a)}


def _name_words(actor: Actor) -> set[str]:
    return {w for w in actor.name.casefold().split() if len(w) >= 3}


def _cause_text(event: Event) -> str | None:
    cause = event.cause
    return None if cause is None else f"{cause.kind.replace('_', ' ')} {cause.text}"


def _same_cause(first: list[Event], second: list[Event]) -> bool:
    """Whether two groups of reports could be naming the same cause: who or what they
    name shares a word ("ordered by the governor", "blamed on the governor's men")."""

    def words(events: list[Event]) -> set[str]:
        return {
            w for e in events if e.cause is not None
            for w in re.findall(r"[a-z]{3,}", e.cause.text.casefold()) if w not in STOP_WORDS
        }  # fmt: skip

    return bool(words(first) & words(second))


def _claims(members: list[Event], value_of: Any) -> dict[str, list[Event]]:
    claims: dict[str, list[Event]] = defaultdict(list)
    for event in members:
        value = value_of(event)
        if value:  # a report that says nothing of a field does not dispute it
            claims[value].append(event)
    return claims


def _claim(value: str, events: list[Event]) -> Claim:
    return Claim(
        value=value,
        event_ids=tuple(e.id for e in events),
        doc_ids=tuple(sorted({e.doc_id for e in events})),
    )


def _count_text(event: Event, kind: str) -> str | None:
    count = event.count(kind)  # type: ignore[arg-type]
    return None if count is None else str(count.value)


def _names(actors: Sequence[Actor]) -> str | None:
    return "; ".join(sorted({a.name for a in actors})) or None


def _place_text(event: Event) -> str | None:
    place = event.location
    return place.name if place is not None and place.basis != "document" else None


def _date_text(event: Event) -> str | None:
    """The event's date as a claim; a publication day standing in is no claim."""
    when = event.date
    if when is None or when.start is None or when.basis == "publication":
        return None
    end = when.end or when.start
    return when.start.isoformat() if end == when.start else f"{when.start} to {end}"


def merged_to_dict(merged: MergedEvent) -> dict[str, Any]:
    """The merged event as JSON-ready data (DESIGN §3)."""
    return {
        "id": merged.id,
        "type": merged.type,
        "mode": merged.mode,
        "status": merged.status,
        "actors": [a.name for a in merged.actors],
        "targets": [a.name for a in merged.targets],
        "location": None if merged.location is None else dataclasses.asdict(merged.location),
        "date": {
            "start": merged.start.isoformat() if merged.start else None,
            "end": merged.end.isoformat() if merged.end else None,
        },
        "counts": {
            kind: {
                "low": c.low,
                "best": c.best,
                "high": c.high,
                "reports": [dataclasses.asdict(r) for r in c.reports],
            }
            for kind, c in merged.counts
        },
        "cause": merged.cause,
        "members": [e.id for e in merged.members],
        "sources": [
            {
                "doc_id": s.doc_id,
                "title": s.title,
                "outlet": s.outlet,
                "url": s.url,
                "published": s.published.isoformat() if s.published else None,
            }
            for s in merged.sources
        ],
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
