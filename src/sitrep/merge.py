"""One event, many reports: merging events that describe the same real-world event.

`merge_events(events)` groups events from different reports (and from different
sentences of one report) that describe the same thing and returns one
`MergedEvent` per group, with every report behind it, counts as low/best/high
and the points where the reports disagree.

**When two events are the same event.** Both must pass every hard rule:

- the same PLOVER type;
- dates that overlap once each is widened by `date_window_days` (a report's
  publication date standing in for an unstated day is widened by
  `publication_window_days`); an unknown date blocks nothing;
- places in the same country, and when both are known to a town or finer, within
  `max_km` of each other; an unknown place, or one only taken from the dateline
  (where the report was filed), blocks nothing.

Then their *similarity* must reach `min_score`: a weighted sum of the shared
actors and targets (canonical names and dictionary ids), the shared words of
their evidence (names and numbers weigh most), equal counts, the same place and
the same day. Documented weights are in `MergeSettings`. A date that is only the
report's publication day (basis `publication`) says the event happened on or before
it, so it blocks only events after it.

Groups are the connected components of that relation, so the result depends only
on the set of events, never on the order they arrive in, and adding events can
only join groups: merging a corpus in parts gives the same groups as merging it
at once. Candidate pairs are events of one type that share a rare name, number or
word of their evidence (one held by at most `MAX_WORD_EVENTS` events) or a place
cell and week, so the cost grows with the number of events times the size of a
block, not with the square of the corpus.

**Counts across sources.** For each count kind: `low` and `high` are the least
and greatest reported values, `best` the median of the *independent* reports
(the lower middle value for an even number); a report from a copy of another
document (`copies`) is listed but not counted again. **Disagreements** list the
competing values of killed and the other counts, actors, status, date and place,
each with the events and sources that give it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Actor, Event, Place, Source
from .ontology import STATUSES
from .places import haversine_km


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """Thresholds and weights of merging (see the module docstring)."""

    date_window_days: int = 1
    publication_window_days: int = 3
    max_km: float = 40.0
    min_score: float = 0.6
    weight_actors: float = 0.2
    weight_evidence: float = 0.25
    weight_context: float = 0.5
    #: A cosine of the documents' weighted names at or above this counts as fully shared.
    context_full: float = 0.3
    weight_counts: float = 0.15
    weight_place: float = 0.1
    weight_day: float = 0.1


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

    field: str  # killed, wounded, ..., actors, targets, status, date, location
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

    def to_dict(self) -> dict[str, Any]:
        """The public shape (DESIGN §3): agreed fields, members, sources, counts, disagreements."""
        return merged_to_dict(self)


# ---------------------------------------------------------------- grouping


def merge_events(
    events: Iterable[Event],
    *,
    copies: Mapping[str, str] | None = None,
    context: Mapping[str, frozenset[str]] | None = None,
    settings: MergeSettings | None = None,
) -> list[MergedEvent]:
    """Group `events` into merged events, ordered by start date, then id.

    `copies` maps a document id to the document it copies (see `sitrep.dedupe`);
    `context` a document id to the names it mentions (`document_names`), which
    two reports of one event share well beyond the evidence sentence.
    """
    chosen = settings or MergeSettings()
    unique = sorted({e.id: e for e in events}.values(), key=lambda e: e.id)
    documents = _Documents.of(context or {})
    features = [_Features.of(e, chosen, documents.names(e.doc_id)) for e in unique]
    groups = _components(features, chosen, documents)
    merged = [_merged([unique[i] for i in group], copies or {}) for group in groups]
    return sorted(merged, key=lambda m: (m.start is None, m.start or dt.date.min, m.id))


#: Documents assumed to stand behind any corpus without naming a given name, so
#: that rarity means something in a small one (see `_Documents`).
BACKGROUND_DOCUMENTS = 50


class _Documents:
    """The names of each document, weighted by how rare they are among the documents.

    A name every page of an outlet carries ("Facebook", the outlet's own name)
    links nothing; a victim's or a street's name, shared by two reports and by
    few other documents, links a lot. Similarity of two documents is the cosine
    of their name sets, each name weighted by its inverse document frequency.
    """

    def __init__(self, names: Mapping[str, frozenset[str]], rare: int) -> None:
        self._names = names
        held: Counter[str] = Counter()
        for words in names.values():
            held.update(words)
        # As if among BACKGROUND_DOCUMENTS more that never name it: in a handful of
        # reports about one battle, the town's name is still telling.
        total = len(names) + BACKGROUND_DOCUMENTS
        self._weight = {w: math.log(total / n) for w, n in held.items()}
        self._norm = {
            doc: math.sqrt(sum(self._weight[w] ** 2 for w in words)) for doc, words in names.items()
        }
        #: Names few enough documents share to propose pairs of their events.
        self.rare = {w for w, n in held.items() if n <= rare}

    @classmethod
    def of(cls, names: Mapping[str, frozenset[str]]) -> _Documents:
        return cls(names, rare=MAX_WORD_EVENTS // 4)

    def names(self, doc_id: str) -> frozenset[str]:
        return self._names.get(doc_id, frozenset())

    def similarity(self, a: str, b: str) -> float:
        """Cosine of the two documents' weighted names (0 when either has none)."""
        if a == b or not self._norm.get(a) or not self._norm.get(b):
            return 0.0
        shared = self._names[a] & self._names[b]
        dot = sum(self._weight[w] ** 2 for w in shared)
        return dot / (self._norm[a] * self._norm[b])


@dataclass(frozen=True)
class _Features:
    """What pair comparison needs of one event, computed once."""

    event: Event
    first: dt.date | None  # the widened date range
    last: dt.date | None
    country: str | None
    point: tuple[float, float] | None  # only for places known to a town or finer
    names: frozenset[str]
    words: frozenset[str]
    context: frozenset[str]
    counts: dict[str, int]

    @classmethod
    def of(cls, event: Event, settings: MergeSettings, context: frozenset[str]) -> _Features:
        when = event.date
        first = last = None
        if when is not None and when.start is not None and when.basis == "publication":
            # The report's day stood in for an unstated one: the event happened on or
            # before it, at most `publication_window_days` later (time zones, late copy).
            first = dt.date.min
            last = when.start + dt.timedelta(days=settings.publication_window_days)
        elif when is not None and when.start is not None:
            first = when.start - dt.timedelta(days=settings.date_window_days)
            last = (when.end or when.start) + dt.timedelta(days=settings.date_window_days)
        place = event.location
        if place is not None and place.basis == "document":
            place = None  # the dateline says where the report was filed, not the event
        precise = place is not None and place.precision in ("point", "district", "city", "admin2")
        point = (place.lat, place.lon) if precise and place and place.lat is not None else None
        return cls(
            event=event,
            first=first,
            last=last,
            country=place.country if place else None,
            point=point,  # type: ignore[arg-type]
            names=frozenset(_actor_keys(event)),
            words=frozenset(evidence_words(event.evidence.text)),
            context=context,
            counts={kind: c.value for kind, c in event.counts},
        )


def _actor_keys(event: Event) -> Iterable[str]:
    for actor in (*event.actors, *event.targets):
        if actor.id:
            yield f"id:{actor.id}"
        yield from (w for w in actor.name.casefold().split() if len(w) > 2)


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")
_STOP = frozenset(
    "the and for was were with that this from have has had are but not they their his her "
    "its who said says police when after into about been over two one three than more".split()
)


def document_names(text: str, title: str | None = None) -> frozenset[str]:
    """The names and numbers a document's title and text mention (for `context`)."""
    return frozenset(w for w in evidence_words(f"{title or ''}\n{text}") if w.startswith("^"))


def evidence_words(text: str) -> set[str]:
    """The words two reports of one event tend to share: names and numbers, keyed so
    that a capitalised word counts twice (it is rarer and tells more)."""
    words: set[str] = set()
    for token in _TOKEN.findall(text):
        key = token.casefold().strip(".,")
        if key in _STOP or (len(key) < 3 and not key.isdigit()):
            continue
        words.add(key)
        if token[0].isupper() or token[0].isdigit():
            words.add(f"^{key}")
    return words


#: A word shared by more events than this is too common to propose pairs
#: ("shooting", "Chicago"); pairs still come from rarer words or the same place and week.
MAX_WORD_EVENTS = 40


def _candidates(features: Sequence[_Features], rare: set[str]) -> set[tuple[int, int]]:
    """Pairs worth comparing: events of one type sharing a rare name or word (of their
    evidence, or one of their documents' `rare` names), or a place cell and week."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, f in enumerate(features):
        for key in {*_block_keys(f), *(f.context & rare)}:
            blocks[(f.event.type, key)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if 1 < len(members) <= MAX_WORD_EVENTS:
            pairs.update(itertools.combinations(members, 2))
    return pairs


def _block_keys(f: _Features) -> Iterable[str]:
    yield from (w for w in f.words if w.startswith("^"))  # names and numbers
    yield from f.names
    if f.point is not None and f.last is not None and f.first is not None:
        cell = f"@{round(f.point[0])},{round(f.point[1])}"
        if f.first != dt.date.min:
            for week in _weeks(f.first, f.last):
                yield f"{cell}/{week}"


def _weeks(first: dt.date, last: dt.date) -> list[int]:
    start, stop = first.toordinal() // 7, last.toordinal() // 7
    return list(range(start, min(stop, start + 8) + 1))  # a long range blocks 8 weeks at most


def _components(
    features: Sequence[_Features], settings: MergeSettings, documents: _Documents
) -> list[list[int]]:
    """The connected components of "same event" among the candidate pairs."""
    parent = list(range(len(features)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(_candidates(features, documents.rare)):
        if root(i) != root(j) and same_event(features[i], features[j], settings, documents):
            first, second = sorted((root(i), root(j)))
            parent[second] = first
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(features)):
        groups[root(i)].append(i)
    return list(groups.values())


def passes_hard_rules(a: _Features, b: _Features, settings: MergeSettings) -> bool:
    """Same type, overlapping dates, same country, not too far apart (module docstring)."""
    if a.event.type != b.event.type:
        return False
    if a.first and b.first and a.last and b.last and (a.last < b.first or b.last < a.first):
        return False
    if a.country and b.country and a.country != b.country:
        return False
    return not (a.point and b.point and _km(a.point, b.point) > settings.max_km)


def same_event(
    a: _Features, b: _Features, settings: MergeSettings, documents: _Documents | None = None
) -> bool:
    """Whether two events pass the hard rules and are similar enough (module docstring)."""
    return passes_hard_rules(a, b, settings) and (
        similarity(a, b, settings, documents) >= settings.min_score
    )


def similarity(
    a: _Features, b: _Features, settings: MergeSettings, documents: _Documents | None = None
) -> float:
    """The weighted similarity of two events in [0, 1]."""
    score = settings.weight_actors * _overlap(a.names, b.names)
    score += settings.weight_evidence * _overlap(a.words, b.words)
    if documents is not None:  # within one document the context says nothing (0)
        alike = documents.similarity(a.event.doc_id, b.event.doc_id) / settings.context_full
        score += settings.weight_context * min(1.0, alike)
    shared = set(a.counts) & set(b.counts)
    if shared:
        agree = sum(1 for k in shared if a.counts[k] == b.counts[k]) / len(shared)
        score += settings.weight_counts * agree
    if a.point and b.point and _km(a.point, b.point) <= 5:
        score += settings.weight_place
    day_a, day_b = a.event.date, b.event.date
    if day_a and day_b and day_a.start and day_a.start == day_b.start and day_a.end == day_b.end:
        score += settings.weight_day
    return score


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: shared items over the smaller set (0 if either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(a[0], a[1], b[0], b[1])


# ---------------------------------------------------------------- one merged event


def _merged(members: list[Event], copies: Mapping[str, str]) -> MergedEvent:
    members = sorted(members, key=lambda e: (e.doc_id, e.evidence.start, e.id))
    dated = [e.date for e in members if e.date and e.date.start and e.date.basis != "publication"]
    if not dated:  # only publication days: the latest report day bounds the event
        dated = [e.date for e in members if e.date and e.date.start]
    starts = [when.start for when in dated if when.start]
    ends = [when.end or when.start for when in dated if when.start]
    sources = {e.source.doc_id: e.source for e in members}
    return MergedEvent(
        id=merged_id(e.id for e in members),
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
    """A test of whether two groups of reports could be naming the same actors."""

    def compatible(first: list[Event], second: list[Event]) -> bool:
        ones = [a for e in first for a in getattr(e, field)]
        others = [a for e in second for a in getattr(e, field)]
        return any(_one_actor(a, b) for a in ones for b in others)

    return compatible


def _one_actor(a: Actor, b: Actor) -> bool:
    """The same dictionary id, or names sharing a word of three letters or more."""
    if a.id and b.id:
        return a.id == b.id
    words = {w for w in a.name.casefold().split() if len(w) >= 3}
    return bool(words & {w for w in b.name.casefold().split() if len(w) >= 3})


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


# ---------------------------------------------------------------- the public shape


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
