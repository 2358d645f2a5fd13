"""When two reports tell the same real-world event: the pairwise relation.

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
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sitrep.model import Event, When, shift_day
from sitrep.resolve.gazetteer import haversine_km


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
            shift_day(when.start, -settings.publication_lookback_days),
            shift_day(when.start, settings.publication_window_days),
        )
    return (
        shift_day(when.start, -settings.date_window_days),
        shift_day(when.end or when.start, settings.date_window_days),
    )


def _actor_keys(event: Event) -> Iterable[str]:
    for actor in (*event.actors, *event.targets):
        if actor.id:
            yield f"id:{actor.id}"
        yield from (w for w in actor.name.casefold().split() if len(w) > 2)


_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")


STOP_WORDS = frozenset(
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
_SKIPPED = STOP_WORDS | _FUNCTION_WORDS


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
    if shared_keys(a).isdisjoint(shared_keys(b)):
        return False  # checked before the distance: a set test is cheaper
    return not (a.point and b.point and _km(a.point, b.point) > settings.max_km)


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
