"""Resolution stages: who the actors are, where and when each event happened.

Each stage fills one part of every event that coding left empty, and nothing
else (DESIGN: enrich, don't revisit):

* `ActorResolver` gives actors and targets a canonical name, sector and
  country from the packaged actor lexicon; state actors without a country of
  their own ("police") take the country of the dateline's place.
* `PlaceResolver` picks the event's place: named in its own sentence (basis
  `sentence`), else, for physical events (fighting, arrests, protests,
  movements, aid), carried from up to `context_sentences` sentences before it
  in the same voice (`context`), else the dateline's place (`document`),
  else none. Demonyms ("Syrian forces"), speakers ("Kabul said") and the
  origin of a side ("fighters from Idlib") are not the event's place.
* `DateResolver` resolves the time expression nearest the trigger against the
  report's date: a full date in its dateline ("KABUL, March 4, 2024
  (Reuters) -"), else the publication date, else carries the previous
  event's date in the passage, else stands in the publication date and says
  so (basis `publication`), else leaves the date unknown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from .dates import dateline_date, event_date
from .model import (
    Actor,
    Analysis,
    Attribution,
    Entity,
    Event,
    Parse,
    Place,
    PlaceBasis,
    Token,
    When,
)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Where a statement was made: "told reporters in Kabul" (not "offered it to Britain").
_STATEMENT_PREPS = frozenset({"in", "at", "inside", "outside", "near"})
_PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "around", "across", "into", "on", "inside", "throughout",
     "toward", "towards", "along", "over", "off", "within", "to"}
)  # fmt: skip


class ActorDescriber(Protocol):
    """Anything that names an actor phrase: the packaged lexicon, or a fake."""

    def describe(
        self, text: str, *, head_lemma: str, country_hint: str | None = None
    ) -> object:  # returns an object with name, sector, country
        """Canonical name, sector and country for an actor phrase."""
        ...


class PlaceLookup(Protocol):
    """Anything that resolves place names: the packaged gazetteer, or a fake."""

    def resolve(
        self,
        name: str,
        *,
        text: str,
        start: int,
        end: int,
        basis: PlaceBasis,
        country_hint: str | None = None,
    ) -> Place:
        """The best place for a name mentioned at [start, end)."""
        ...

    def country_of(self, name: str) -> str | None:
        """The ISO3 country of the most likely place called `name`, if known."""
        ...


def sentence_of(parse: Parse, offset: int) -> int:
    """Index of the sentence containing character `offset`."""
    for index, sentence in enumerate(parse.sentences):
        if sentence.start <= offset < sentence.end:
            return index
    raise ValueError(f"offset {offset} is in no sentence")


# ---------------------------------------------------------------- actors


class ActorResolver:
    """Stage: canonical names, sectors and countries for actors and targets."""

    name = "actors.lexicon.v1"
    requires = frozenset({"events", "parse"})
    provides = frozenset({"events.actors"})

    def __init__(
        self,
        lexicon: ActorDescriber,
        *,
        country_of_place: Callable[[str], str | None] | None = None,
    ) -> None:
        """`country_of_place` names the country of the dateline's place, if given."""
        self._lexicon = lexicon
        self._country_of_place = country_of_place

    def __call__(self, analysis: Analysis) -> Analysis:
        """Resolve the actors of every event of one document."""
        parse = analysis.parse
        if parse is None or not analysis.events:
            return analysis
        hint = self._document_country(analysis)
        events = tuple(
            dataclasses.replace(
                e,
                actors=tuple(self._resolve(parse, a, hint) for a in e.actors),
                targets=tuple(self._resolve(parse, a, hint) for a in e.targets),
            )
            for e in analysis.events
        )
        return dataclasses.replace(analysis, events=events)

    def _document_country(self, analysis: Analysis) -> str | None:
        if self._country_of_place is None:
            return None
        return dateline_country(analysis, self._country_of_place)

    def _resolve(self, parse: Parse, actor: Actor, hint: str | None) -> Actor:
        head = phrase_head(parse, actor.start, actor.end)
        info = self._lexicon.describe(
            actor.name, head_lemma=head.lemma if head else "", country_hint=hint
        )
        return dataclasses.replace(
            actor,
            name=getattr(info, "name", actor.name),
            sector=getattr(info, "sector", None),
            country=getattr(info, "country", None),
        )


def dateline_country(analysis: Analysis, country_of: Callable[[str], str | None]) -> str | None:
    """The country of the dateline's place: what the report is about, as a hint."""
    dateline = analysis.dateline
    if dateline is None or dateline.place is None:
        return None
    return country_of(dateline.place.text)


def phrase_head(parse: Parse, start: int, end: int) -> Token | None:
    """The token of [start, end) whose syntactic head lies outside it."""
    inside = [t for t in parse.tokens if start <= t.start and t.end <= end]
    for token in inside:
        if not (start <= parse.tokens[token.head].start < end) or token.head == token.i:
            return token
    return inside[-1] if inside else None


# ---------------------------------------------------------------- places


class PlaceResolver:
    """Stage: the place of every event, with its basis and precision."""

    name = "places.gazetteer.v1"
    requires = frozenset({"events", "parse", "dateline"})
    provides = frozenset({"events.location"})

    def __init__(self, gazetteer: PlaceLookup, *, context_sentences: int = 3) -> None:
        self._gazetteer = gazetteer
        self._context = context_sentences

    def __call__(self, analysis: Analysis) -> Analysis:
        """Place every event of one document."""
        parse = analysis.parse
        if parse is None or not analysis.events:
            return analysis
        hint = dateline_country(analysis, self._gazetteer.country_of)
        events = tuple(self._place(analysis, parse, e, hint) for e in analysis.events)
        return dataclasses.replace(analysis, events=events)

    def _place(self, analysis: Analysis, parse: Parse, event: Event, hint: str | None) -> Event:
        sent = sentence_of(parse, event.trigger.start)
        entity = event_place_entity(parse, sent, event)
        basis: PlaceBasis = "sentence"
        if entity is None and event.type in PHYSICAL_TYPES:
            # A statement happens where its speaker is, which the places of nearby
            # fighting do not tell: only physical events take their place from context.
            entity, basis = self._from_context(analysis, parse, sent), "context"
        place: Place | None
        if entity is not None:
            place = self._resolve(entity, basis, hint)
        else:
            place = self._from_dateline(analysis, hint)
        return dataclasses.replace(event, location=place)

    def _resolve(self, entity: Entity, basis: PlaceBasis, hint: str | None) -> Place:
        return self._gazetteer.resolve(
            entity.text, text=entity.text, start=entity.start, end=entity.end, basis=basis,
            country_hint=hint,
        )  # fmt: skip

    def _from_context(self, analysis: Analysis, parse: Parse, sent: int) -> Entity | None:
        """The last place a recent sentence in the same voice puts something in.

        Only places introduced by a place preposition count ("in Kandahar"):
        a country or city named as a side ("accused Rwanda") says nothing
        about where the next sentence happens. Paragraph breaks do not stop
        the search for the sentence just before; a change of voice (a quote, a
        comment) stops it.
        """
        voice = _voice(analysis, parse, sent)
        passage = parse.sentences[sent].passage
        for earlier in range(sent - 1, max(-1, sent - 1 - self._context), -1):
            if _voice(analysis, parse, earlier) != voice:
                return None
            if parse.sentences[earlier].passage != passage and earlier < sent - 1:
                return None  # across a paragraph break, only the sentence just before
            places = [e for e in _place_entities(parse, earlier, ()) if _after_place_prep(parse, e)]
            if places:
                return places[-1]
        return None

    def _from_dateline(self, analysis: Analysis, hint: str | None) -> Place | None:
        dateline = analysis.dateline
        if dateline is None or dateline.place is None:
            return None
        span = dateline.place
        place = self._gazetteer.resolve(
            span.text, text=span.text, start=span.start, end=span.end, basis="document",
            country_hint=hint,
        )  # fmt: skip
        # A dateline's first word is only a place if the gazetteer knows it: wire copy
        # also opens with "CLANDESTINE, 15 NOV 89 --" or "UPDATE --".
        return None if place.precision == "unknown" else place


#: Events that happen to a place: their target may be the place ("attacked Kismayo").
#: For the others a named target is a party ("accused Moscow"), not where it happened.
PHYSICAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID", "PROTEST"})


def event_place_entity(parse: Parse, sent: int, event: Event) -> Entity | None:
    """The place named in the event's own sentence, attached to its trigger if possible."""
    parties = event.actors if event.type in PHYSICAL_TYPES else (*event.actors, *event.targets)
    sides = [(a.start, a.end) for a in parties]
    candidates = list(_place_entities(parse, sent, sides))
    if not candidates:
        return None
    trigger = next(t for t in parse.tokens if t.start >= event.trigger.start)
    preps = _PLACE_PREPS if event.type in PHYSICAL_TYPES else _STATEMENT_PREPS
    attached = [c for c in candidates if _attached_to(parse, c, trigger, preps)]
    # Unattached, a place counts only where a preposition puts something in it:
    # "accused Moscow of ..." names a party of another clause, not a place.
    pool = attached or [c for c in candidates if _after_place_prep(parse, c)]
    if not pool:
        return None
    return min(pool, key=lambda e: abs(e.start - event.trigger.start))


def _place_entities(parse: Parse, sent: int, sides: Sequence[tuple[int, int]]) -> Iterator[Entity]:
    sentence = parse.sentences[sent]
    for entity in parse.entities:
        if entity.label not in PLACE_LABELS or not sentence.start <= entity.start < sentence.end:
            continue
        if any(s <= entity.start and entity.end <= e for s, e in sides):
            continue
        if not _is_metonym_or_origin(parse, entity):
            yield entity


def _voice(analysis: Analysis, parse: Parse, sent: int) -> Attribution:
    return analysis.passages[parse.sentences[sent].passage].voice


def _after_place_prep(parse: Parse, entity: Entity) -> bool:
    """ "in Kandahar", "south of Mosul", "districts of Kharkiv"."""
    head = _entity_head(parse, entity)
    if head.dep != "pobj":
        return False
    prep = parse.tokens[head.head]
    if prep.lemma in _PLACE_PREPS:
        return True
    governor = parse.tokens[prep.head]  # "south of Mosul", "the road to El Fasher"
    if prep.lemma == "of":
        return _is_place_noun(governor) or governor.lemma in _DIRECTIONS
    return prep.lemma == "to" and governor.lemma in _ROUTES


_ROUTES = frozenset("road route highway way corridor crossing border".split())
_DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest".split())


def _entity_head(parse: Parse, entity: Entity) -> Token:
    tokens = parse.tokens[entity.first : entity.stop]
    for token in tokens:
        if not entity.first <= token.head < entity.stop or token.head == token.i:
            return token
    return tokens[-1]


def _is_metonym_or_origin(parse: Parse, entity: Entity) -> bool:
    """ "Kabul said", "Syria's army", "the Kabul government", "fighters from Idlib"."""
    head = _entity_head(parse, entity)
    governor = parse.tokens[head.head]
    if head.dep in {"nsubj", "nsubjpass"} and governor.lemma in _SPEAKING:
        return True
    if head.dep in {"poss", "compound", "amod"} and governor.pos in {"NOUN", "PROPN"}:
        return not _is_place_noun(governor)
    if head.dep == "pobj" and governor.lemma == "from":
        return parse.tokens[governor.head].pos in {"NOUN", "PROPN"}
    return False


_SPEAKING = frozenset(
    "say accuse deny announce warn claim insist urge demand reject condemn threaten".split()
)


def _is_place_noun(token: Token) -> bool:
    return token.lemma in {
        "province", "city", "district", "region", "county", "state", "town", "village",
        "suburb", "outskirts", "neighbourhood", "neighborhood", "area", "part", "centre",
        "center", "capital",
    }  # fmt: skip


def _attached_to(parse: Parse, entity: Entity, trigger: Token, preps: frozenset[str]) -> bool:
    """Whether the entity hangs off the trigger's clause through a place preposition."""
    head = _entity_head(parse, entity)
    if head.dep in {"dobj", "nsubjpass"} and head.head == trigger.i:
        return True  # "attacked Kismayo"
    if head.dep != "pobj":
        return False
    prep = parse.tokens[head.head]
    if prep.lemma not in preps:
        return False
    current = prep
    for _ in range(4):
        current = parse.tokens[current.head]
        if current.i == trigger.i:
            return True
        if current.head == current.i:
            break
    return False


# ---------------------------------------------------------------- dates


class DateResolver:
    """Stage: the date of every event, with its precision and basis."""

    name = "dates.rules.v1"
    requires = frozenset({"events", "parse"})
    provides = frozenset({"events.date"})

    def __call__(self, analysis: Analysis) -> Analysis:
        """Date every event of one document."""
        parse = analysis.parse
        if parse is None or not analysis.events:
            return analysis
        text = analysis.document.text
        published = document_anchor(analysis)
        dated: list[Event] = []
        carried: dict[int, When] = {}  # passage -> the last date read from its text
        for event in analysis.events:
            sentence = parse.sentences[sentence_of(parse, event.trigger.start)]
            when = event_date(
                sentence_text=text[sentence.start : sentence.end],
                sentence_start=sentence.start,
                trigger_start=event.trigger.start,
                published=published,
                context=carried.get(sentence.passage),
                tense="future" if event.status == "planned" else "past",
            )
            if when.basis in {"explicit", "relative"}:
                carried[sentence.passage] = when
            dated.append(dataclasses.replace(event, date=when))
        return dataclasses.replace(analysis, events=tuple(dated))


def document_anchor(analysis: Analysis) -> dt.date | None:
    """The day relative dates count from.

    A full date in the report's own dateline ("KABUL, March 4, 2024 (Reuters) -")
    comes first: it is the report's date in its own words. Else the document's
    publication date (from its metadata, or `--published` for documents without
    one). A dateline date without a year ("March 4") is not enough on its own.
    """
    dateline = analysis.dateline
    if dateline is not None and dateline.date_text is not None:
        day = dateline_date(dateline.date_text.text)
        if day is not None:
            return day
    return analysis.document.published
