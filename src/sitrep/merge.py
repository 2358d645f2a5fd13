"""One event, many reports: merging events that describe the same real-world event.

`merge_events(events)` groups events from different reports (and from different
sentences of one report) that describe the same thing and returns one
`MergedEvent` per group, with every report behind it, counts as low/best/high
and the points where the reports disagree.

**When two events are the same event.** Both must pass every hard rule:

- the same PLOVER type;
- dates that overlap once each is widened by `date_window_days`; a report's
  publication day standing in for an unstated day (basis `publication`) stands
  for the `publication_lookback_days` before it (and `publication_window_days`
  after); a report with no date at all goes only with other undated reports;
- places in the same country, and when both are known to a town or finer, within
  `max_km` of each other; an unknown place, or one only taken from the dateline
  (where the report was filed), blocks nothing;
- a shared key (`shared_keys`): a name or number in common among their evidence,
  their actors and the names of their documents' titles (one's title may share a
  name with the other's evidence).

Then they must be alike, in one of two ways (`similarity`):

- their *sentences* say so (`words_score` at least `min_score`): a weighted sum of
  the shared actors and targets (canonical names and dictionary ids), the shared
  words of their evidence (names and numbers weigh most), equal counts, the same
  place and the same day; or
- their *documents* say so (`documents_score` at least 1), for reports of two
  documents: the cosine of the names the documents mention over `context_full`,
  plus the shared names of their titles (without a site's name) and of the two
  sentences, the same (or another) stated day and the same place. Two reports of
  one shooting often tell it in sentences with few words in common, while their
  documents name the same victim, street and officer. The weights were fit on
  half of the GVA incidents (`bench/merge_weights.py`).

Documented weights are in `MergeSettings`. Every rule and weight depends on the
two events (and their documents' names) alone, never on the rest of the corpus.

Groups are the connected components of that relation, so the result depends only
on the set of events, never on the order they arrive in, and adding events can
only join groups: merging a corpus in parts (`link_new`, which the store uses as
documents arrive) gives the same groups as merging it at once. Candidate pairs
(`candidates`) are events of one type that share a key and a week of their date
windows; since the hard rules demand both, no pair that could merge is skipped,
and the cost grows with the number of events times the size of a block, not with
the square of the corpus.

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
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .model import Actor, Event, Place, Source, When
from .ontology import STATUSES
from .places import haversine_km


@dataclass(frozen=True, slots=True)
class MergeSettings:
    """Thresholds and weights of merging (see the module docstring)."""

    date_window_days: int = 1
    publication_window_days: int = 3
    #: How long before the report's day an event whose day it does not state may be.
    publication_lookback_days: int = 7
    max_km: float = 40.0
    # What the two reports' own sentences share (`words_score`): at least `min_score`.
    min_score: float = 0.6
    weight_actors: float = 0.2
    weight_evidence: float = 0.25
    weight_counts: float = 0.15
    weight_place: float = 0.1
    weight_day: float = 0.1
    # What the two reports' documents share (`documents_score`): at least 1.
    #: A cosine of the documents' names this high is enough on its own.
    context_full: float = 0.35
    documents_title: float = 0.4
    documents_names: float = 0.2
    documents_day: float = 0.1
    documents_place: float = 0.4


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


# ---------------------------------------------------------------- grouping


def merge_events(
    events: Iterable[Event],
    *,
    copies: Mapping[str, str] | None = None,
    context: Mapping[str, DocumentNames] | None = None,
    settings: MergeSettings | None = None,
) -> list[MergedEvent]:
    """Group `events` into merged events, ordered by start date, then id.

    `copies` maps a document id to the document it copies (see `sitrep.dedupe`);
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


@dataclass(frozen=True, slots=True)
class Profile:
    """What comparing one event with another needs of it, computed once.

    A profile depends only on its event, the names of the event's document and
    the settings, so the store keeps it (`to_json`) and compares a new report
    with the stored ones without reading or re-analysing their documents.
    """

    id: str
    doc_id: str
    type: str
    first: dt.date | None  # the date range widened by the windows (None: unknown)
    last: dt.date | None
    day: tuple[dt.date, dt.date] | None  # the stated day or range, for "the same day"
    country: str | None
    point: tuple[float, float] | None  # only for places known to a town or finer
    names: frozenset[str]  # actors' and targets' ids and name words
    words: frozenset[str]  # the evidence's words (`evidence_words`)
    context: frozenset[str]  # the names of the event's document (`document_names`)
    headline: frozenset[str]  # the names of its title
    counts: tuple[tuple[str, int], ...]
    #: The names and numbers among `words` (derived).
    named: frozenset[str] = field(init=False, compare=False, repr=False)
    #: What another report of the same event must share with it (`shared_keys`).
    keys: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        named = frozenset(w for w in self.words if w.startswith("^"))
        keys = frozenset({*named, *self.names, *self.headline})
        object.__setattr__(self, "named", named)  # frozen: set once, here
        object.__setattr__(self, "keys", keys)

    @classmethod
    def of(cls, event: Event, settings: MergeSettings, context: DocumentNames) -> Profile:
        """The profile of `event`, whose document mentions the names `context`."""
        first, last = _window(event.date, settings)
        when = event.date
        day = None
        if when is not None and when.start is not None and when.basis != "publication":
            day = (when.start, when.end or when.start)
        place = event.location
        if place is not None and place.basis == "document":
            place = None  # the dateline says where the report was filed, not the event
        precise = place is not None and place.precision in ("point", "district", "city", "admin2")
        point = None
        if precise and place is not None and place.lat is not None and place.lon is not None:
            point = (place.lat, place.lon)
        return cls(
            id=event.id,
            doc_id=event.doc_id,
            type=event.type,
            first=first,
            last=last,
            day=day,
            country=place.country if place else None,
            point=point,
            names=frozenset(_actor_keys(event)),
            words=frozenset(evidence_words(event.evidence.text)),
            context=context.text,
            headline=context.title,
            counts=tuple(sorted((kind, c.value) for kind, c in event.counts)),
        )

    def to_json(self) -> dict[str, Any]:
        """The profile as JSON-ready data (`from_json` reads it back)."""
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "type": self.type,
            "first": _iso(self.first),
            "last": _iso(self.last),
            "day": None if self.day is None else [d.isoformat() for d in self.day],
            "country": self.country,
            "point": None if self.point is None else list(self.point),
            "names": sorted(self.names),
            "words": sorted(self.words),
            "context": sorted(self.context),
            "headline": sorted(self.headline),
            "counts": [list(c) for c in self.counts],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Profile:
        """A profile from `to_json`'s data."""
        day = data["day"]
        point = data["point"]
        return cls(
            id=data["id"],
            doc_id=data["doc_id"],
            type=data["type"],
            first=_day(data["first"]),
            last=_day(data["last"]),
            day=None if day is None else (dt.date.fromisoformat(day[0]),
                                          dt.date.fromisoformat(day[1])),
            country=data["country"],
            point=None if point is None else (float(point[0]), float(point[1])),
            names=frozenset(data["names"]),
            words=frozenset(data["words"]),
            context=frozenset(data["context"]),
            headline=frozenset(data["headline"]),
            counts=tuple((str(k), int(v)) for k, v in data["counts"]),
        )  # fmt: skip


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _window(when: When | None, settings: MergeSettings) -> tuple[dt.date | None, dt.date | None]:
    """The days the event may have happened on, widened by the settings' windows."""
    if when is None or when.start is None:
        return None, None
    if when.basis == "publication":
        # The report's day stood in for an unstated one: the event happened on or
        # before it (a few days later at most: time zones, late copy).
        return (
            when.start - dt.timedelta(days=settings.publication_lookback_days),
            when.start + dt.timedelta(days=settings.publication_window_days),
        )
    return (
        when.start - dt.timedelta(days=settings.date_window_days),
        (when.end or when.start) + dt.timedelta(days=settings.date_window_days),
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
#: English function words: capitalised at the start of a sentence ("According to ...",
#: "She said ...", "Anyone with information ..."), they are not names.
_FUNCTION_WORDS = frozenset(
    "all any anyone anything another both each either every everyone everything few many "
    "most much neither nobody none nothing several some someone something such "
    "i i'm i've i'd i'll me my mine we we're we've our ours us you you're your yours "
    "he he's him himself she she's herself it it's itself them themselves there there's "
    "these those what what's which whom whose where why how that's here "
    "a an as at by if in of on or so to up yet nor "
    "also just now then still even only very too again already ever never not "
    "while although though because since unless until whether whereas "
    "during before across against among around behind below beneath beside between beyond "
    "despite down except inside near off onto outside past through throughout toward towards "
    "under upon within without "
    "according "
    "can could may might must shall should will would do does did done is be being am "
    "let let's yes no".split()
)
#: Words that are never keys of a report (`evidence_words`).
_SKIPPED = _STOP | _FUNCTION_WORDS


@dataclass(frozen=True, slots=True)
class DocumentNames:
    """The names and numbers a document mentions, in all and in its title."""

    text: frozenset[str]
    title: frozenset[str] = frozenset()


NO_NAMES = DocumentNames(frozenset())


def document_names(text: str, title: str | None = None) -> DocumentNames:
    """The names and numbers a document's title and text mention (for `context`).

    A crawled title often ends with the site's name ("Man shot on Main Street -
    WXYZ News, Weather & Sports"), which every page of that site shares: only the
    part before the first " - " or " | " is the headline."""
    headline = _names_in(_SITE_NAME.split((title or "").strip(), maxsplit=1)[0])
    return DocumentNames(text=headline | _names_in(text), title=headline)


#: What separates a headline from the site's name in a crawled title.
_SITE_NAME = re.compile(r"\s+[-|\u2013\u2014]\s+|\s*\|\s*")


def _names_in(text: str) -> frozenset[str]:
    return frozenset(w for w in evidence_words(text) if w.startswith("^"))


def evidence_words(text: str) -> set[str]:
    """The words two reports of one event tend to share: names and numbers, keyed so
    that a capitalised word counts twice (it is rarer and tells more)."""
    words: set[str] = set()
    for token in _TOKEN.findall(text):
        key = token.casefold().strip(".,").replace("\u2019", "'")  # it’s = it's
        if key in _SKIPPED or (len(key) < 3 and not key.isdigit()):
            continue
        words.add(key)
        if token[0].isupper() or token[0].isdigit():
            words.add(f"^{key}")
    return words


def shared_keys(profile: Profile) -> frozenset[str]:
    """What two reports of one event must share at least one of (a hard rule): a
    name or number in common among their evidence, their actors and the names of
    their titles (a title's name may match the other's evidence)."""
    return profile.keys


#: A date range covering more weeks than this is not put in each week's block: it is
#: looked up week by week instead (`candidates`), so that blocks stay small.
WIDE_WEEKS = 8


def candidates(profiles: Sequence[Profile]) -> set[tuple[int, int]]:
    """Every pair that could pass the hard rules: events of one type that share a key
    (`shared_keys`) and a week of their date windows, or are both undated. Exact, not a
    sample: no pair outside it can be the same event, so the groups are those of
    comparing every pair.

    An event spanning many weeks ("in March") is looked up week by week among the
    others and paired with every other wide event sharing a key.
    """
    blocks: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
    wide_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    wide: list[int] = []
    for i, p in enumerate(profiles):
        weeks = _weeks(p)
        if weeks is not None and len(weeks) > WIDE_WEEKS:
            wide.append(i)
        for key in p.keys:
            if weeks is None:
                blocks[(p.type, key, None)].append(i)  # the undated, among themselves
            elif len(weeks) > WIDE_WEEKS:
                wide_by_key[(p.type, key)].append(i)
            else:
                for week in weeks:
                    blocks[(p.type, key, week)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        pairs.update(itertools.combinations(sorted(set(members)), 2))
    for i in wide:
        kind = profiles[i].type
        for key in profiles[i].keys:
            found = [j for w in _weeks(profiles[i]) or () for j in blocks.get((kind, key, w), ())]
            found += wide_by_key[(kind, key)]
            pairs.update((min(i, j), max(i, j)) for j in found if j != i)
    return pairs


def _weeks(p: Profile) -> range | None:
    """The weeks the profile's window covers; None when its date is unknown."""
    if p.first is None or p.last is None:
        return None
    return range(p.first.toordinal() // 7, p.last.toordinal() // 7 + 1)


def components(profiles: Sequence[Profile], settings: MergeSettings) -> list[list[int]]:
    """The connected components of "same event" among `profiles` (indexes into it)."""
    parent = list(range(len(profiles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(candidates(profiles)):
        if root(i) != root(j) and same_event(profiles[i], profiles[j], settings):
            first, second = sorted((root(i), root(j)))
            parent[second] = first
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(profiles)):
        groups[root(i)].append(i)
    return list(groups.values())


@dataclass(frozen=True, slots=True)
class Joined:
    """New events and the stored groups they join: one merged event after an update."""

    new: tuple[Profile, ...]
    groups: frozenset[str]  # ids of stored groups that become part of it


def link_new(
    new: Sequence[Profile],
    stored: Callable[[Profile], Iterable[tuple[Profile, str]]],
    settings: MergeSettings,
) -> list[Joined]:
    """How `new` events join the stored groups: one `Joined` per resulting group.

    `stored(p)` gives the stored events (with their group ids) that could pass the
    hard rules with `p` (at least all those of its type whose windows overlap its
    own). Stored groups are the components of the same-event relation among the
    stored events; since that relation depends on the two events alone, the new
    components are the old ones joined through edges that touch a new event, which
    is all this looks at. The result is the same as merging everything at once.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        first, second = sorted((root(a), root(b)))
        parent[second] = first

    for profile in new:
        root(f"e:{profile.id}")
        for other, group in stored(profile):
            if same_event(profile, other, settings):
                join(f"e:{profile.id}", f"g:{group}")
    for i, j in sorted(candidates(new)):
        if same_event(new[i], new[j], settings):
            join(f"e:{new[i].id}", f"e:{new[j].id}")
    by_id = {p.id: p for p in new}
    found: dict[str, tuple[list[Profile], set[str]]] = defaultdict(lambda: ([], set()))
    for node in sorted(parent):
        kind, ident = node.split(":", 1)
        events, groups = found[root(node)]
        if kind == "e":
            events.append(by_id[ident])
        else:
            groups.add(ident)
    return [Joined(tuple(events), frozenset(groups)) for events, groups in found.values()]


def passes_hard_rules(a: Profile, b: Profile, settings: MergeSettings) -> bool:
    """Same type, overlapping dates, same country, not too far apart, a shared key
    (module docstring)."""
    if a.type != b.type:
        return False
    if (a.first is None) != (b.first is None):
        return False  # a report with no date at all is not tied to a dated one by a guess
    if a.first and b.first and a.last and b.last and (a.last < b.first or b.last < a.first):
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.point and b.point and _km(a.point, b.point) > settings.max_km:
        return False
    return not shared_keys(a).isdisjoint(shared_keys(b))


def same_event(a: Profile, b: Profile, settings: MergeSettings) -> bool:
    """Whether two events pass the hard rules and are similar enough (module docstring)."""
    return passes_hard_rules(a, b, settings) and similarity(a, b, settings) >= 1.0


def similarity(a: Profile, b: Profile, settings: MergeSettings) -> float:
    """How alike two events are, 1 or more meaning the same event: the better of what
    their sentences share (`words_score` over `min_score`) and what their documents
    share (`documents_score`). It depends on the two events alone."""
    return max(words_score(a, b, settings) / settings.min_score, documents_score(a, b, settings))


def words_score(a: Profile, b: Profile, settings: MergeSettings) -> float:
    """What the two reports' own sentences share: actors, words, counts, place, day."""
    score = settings.weight_actors * _overlap(a.names, b.names)
    score += settings.weight_evidence * _overlap(a.words, b.words)
    counts_a, counts_b = dict(a.counts), dict(b.counts)
    shared = set(counts_a) & set(counts_b)
    if shared:
        agree = sum(1 for k in shared if counts_a[k] == counts_b[k]) / len(shared)
        score += settings.weight_counts * agree
    if _same_place(a, b):
        score += settings.weight_place
    if a.day is not None and a.day == b.day:
        score += settings.weight_day
    return score


class DocumentTerms(NamedTuple):
    """What two reports' documents share, term by term (`documents_score` weighs them)."""

    context: float  # cosine of the names the two documents mention
    title: float  # cosine of the names of their titles
    names: float  # overlap of the names and numbers of the two sentences
    day: int  # 1: the same stated day, -1: different stated days, 0: a day unknown
    place: int  # 1: both places known to a town or finer and within 5 km


def document_terms(a: Profile, b: Profile) -> DocumentTerms:
    """The terms of `documents_score` for two events of different documents."""
    day = 0
    if a.day is not None and b.day is not None:
        day = 1 if a.day == b.day else -1
    return DocumentTerms(
        context=_cosine(a.context, b.context),
        title=_cosine(a.headline, b.headline),
        names=_overlap(a.named, b.named),
        day=day,
        place=int(_same_place(a, b)),
    )


def documents_score(a: Profile, b: Profile, settings: MergeSettings) -> float:
    """What the two reports' documents share (`document_terms`): the cosine of the
    names they mention over `context_full`, plus the weighted names of their titles
    and of the two sentences, the same (or a different) stated day and the same
    place. 0 within one document, where it says nothing, or when a document's
    names are unknown. The weights were fit on half of the GVA incidents and
    checked on the other half (`bench/merge_weights.py`)."""
    if a.doc_id == b.doc_id or not a.context or not b.context:
        return 0.0
    terms = document_terms(a, b)
    return (
        terms.context / settings.context_full
        + settings.documents_title * terms.title
        + settings.documents_names * terms.names
        + settings.documents_day * terms.day
        + settings.documents_place * terms.place
    )


def _same_place(a: Profile, b: Profile) -> bool:
    """Both places are known to a town or finer and lie within 5 km of each other."""
    return a.point is not None and b.point is not None and _km(a.point, b.point) <= 5


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: shared items over the smaller set (0 if either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _cosine(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of two sets: shared items over the geometric mean of their sizes."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(a[0], a[1], b[0], b[1])


# ---------------------------------------------------------------- one merged event


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
            for w in re.findall(r"[a-z]{3,}", e.cause.text.casefold()) if w not in _STOP
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
