"""The actor stage: who the actors and targets are.

`ActorResolver` gives actors and targets a canonical name, sector and
country from the packaged actor lexicon (`sitrep.resolve.actor_lexicon`);
state actors without a country of their own ("police") take the country of
the dateline's place. Named actors the events do not hold are resolved too, so
the report knows who it mentions.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sitrep.annotate.stage import PLACE_LABELS
from sitrep.model import (
    Actor,
    Analysis,
    Event,
    Parse,
    Place,
    Token,
)
from sitrep.resolve.actor_lexicon import ActorInfo
from sitrep.resolve.anchors import dateline_country, document_anchor
from sitrep.resolve.coreference import antecedent, is_referring, possessor

#: Character spans, (start, end), of words in the document.
Spans = tuple[tuple[int, int], ...]


class ActorDescriber(Protocol):
    """Anything that names an actor phrase: the packaged dictionary, or a fake."""

    def describe(
        self,
        text: str,
        *,
        head_lemma: str,
        country_hint: str | None = None,
        place_country: str | None = None,
        on: dt.date | None = None,
    ) -> ActorInfo:
        """Canonical name, sector, country and id for an actor phrase."""
        ...


class ActorResolver:
    """Stage: canonical names, sectors and countries for every actor mentioned.

    Fills each event's actors and targets, and `Analysis.actors` with every
    organisation, person and nationality the coded passages mention (entities
    labelled ORG, PERSON or NORP) as well as the events' actors, in text order.
    """

    name = "actors.dictionary.v3"
    requires = frozenset({"events", "parse", "places"})
    provides = frozenset({"events.actors", "actors"})

    def __init__(
        self,
        lexicon: ActorDescriber,
        *,
        country_of_place: Callable[[str], str | None] | None = None,
    ) -> None:
        """`country_of_place` names the country of a place name (the gazetteer's)."""
        self._lexicon = lexicon
        self._country_of_place = country_of_place

    def __call__(self, analysis: Analysis) -> Analysis:
        """Resolve the actors of one document."""
        parse = analysis.parse
        if parse is None:
            return analysis
        hint = self._document_country(analysis)
        day = document_anchor(analysis)
        places = _Places.of(analysis.places)

        def resolve(actors: tuple[Actor, ...], doers: Spans = ()) -> tuple[Actor, ...]:
            found = (self._follow(parse, a, hint, day, places, doers) for a in actors)
            return _without_repeats(tuple(a for a in found if a is not None))

        def resolve_event(event: Event) -> Event:
            actors = resolve(event.actors)
            return dataclasses.replace(
                event, actors=actors, targets=resolve(event.targets, _own_spans(actors))
            )

        events = tuple(resolve_event(e) for e in analysis.events)
        in_events = {(a.start, a.end): a for e in events for a in (*e.actors, *e.targets)}
        mentions = _other_actor_mentions(parse, in_events.values())
        others = [self._resolve(parse, a, hint, day, places) for a in mentions]
        actors = sorted([*in_events.values(), *others], key=lambda a: (a.start, a.end))
        return dataclasses.replace(analysis, events=events, actors=tuple(actors))

    def _document_country(self, analysis: Analysis) -> str | None:
        if self._country_of_place is None:
            return None
        return dateline_country(analysis, self._country_of_place)

    def _follow(
        self,
        parse: Parse,
        actor: Actor,
        hint: str | None,
        day: dt.date | None,
        places: _Places,
        doers: Spans = (),
    ) -> Actor | None:
        """The actor resolved, through the actor its words refer to when they are a
        pronoun or a description ("he", "the group"); None for a pronoun that refers
        to no one in reach (`sitrep.resolve.coreference`). A target never refers to
        the words of its own event's actors (`doers`): in "parliament passed a law
        that bars the party", the party is not the parliament."""
        if not is_referring(parse, actor.start, actor.end):
            resolved = self._resolve(parse, actor, hint, day, places)
            if resolved.country is not None:
                return resolved
            owner = possessor(parse, actor.start, actor.end)
            if owner is None:
                return resolved
            # "their forces", "his men": of the country of whom the pronoun stands for
            whose = Actor(name=owner.text, text=owner.text, start=owner.start, end=owner.end)
            country = self._resolve(parse, whose, hint, day, places).country
            return dataclasses.replace(resolved, country=country)
        span = antecedent(parse, actor.start, actor.end)
        if span is not None and any(span.start < end and start < span.end for start, end in doers):
            span = None
        if span is None:
            pronoun = phrase_head(parse, actor.start, actor.end)
            if pronoun is not None and pronoun.pos == "PRON":
                return None
            return self._resolve(parse, actor, hint, day, places)
        named = Actor(name=span.text, text=span.text, start=span.start, end=span.end)
        resolved = self._resolve(parse, named, hint, day, places)
        return dataclasses.replace(
            resolved,
            text=actor.text,
            start=actor.start,
            end=actor.end,
            basis="coreference",
            antecedent=span,
        )

    def _resolve(
        self,
        parse: Parse,
        actor: Actor,
        hint: str | None,
        day: dt.date | None,
        places: _Places,
    ) -> Actor:
        head = phrase_head(parse, actor.start, actor.end)
        place_country = self._place_country(parse, head, places, actor) if head else None
        info = self._lexicon.describe(
            actor.name, head_lemma=head.lemma if head else "", country_hint=hint,
            place_country=place_country, on=day,
        )  # fmt: skip
        body = _body_of(parse, head) if head is not None and info.id is None else None
        if body is not None:  # "a member of the Syrian parliament": the body's sector and country
            whole = self._lexicon.describe(
                body.text, head_lemma=body.head_lemma, country_hint=hint, on=day
            )
            info = ActorInfo(info.name, whole.sector, whole.country or info.country, whole.id)
        country = info.country
        if country is None and info.sector == "CVL" and head is not None:
            # Civilians, protesters, refugees: of the country the sentence is in.
            country = _sentence_country(parse, head, places)
        return dataclasses.replace(
            actor, name=info.name, sector=info.sector, country=country, id=info.id
        )

    def _place_country(
        self, parse: Parse, head: Token, places: _Places, actor: Actor
    ) -> str | None:
        """The country of a place the phrase names ("Darfur rebels") or puts its actor in
        ("rebels in the Ivory Coast")."""
        whole = (actor.start, actor.end)
        inside = [
            p.country for p in places.within(actor.start, actor.end)
            if (p.start, p.end) != whole
        ]  # fmt: skip
        if inside and inside[0]:
            return inside[0]
        for child in parse.children(head):
            if child.dep != "prep" or child.lemma not in _WHERE_PREPS:
                continue
            for obj in parse.children(child):
                entity = parse.entity_at(obj)
                if obj.dep != "pobj" or entity is None or entity.label not in PLACE_LABELS:
                    continue
                place = places.at(entity.start, entity.end)
                if place is not None:
                    return place.country
                return self._country_of_place(entity.text) if self._country_of_place else None
        return None


def _without_repeats(actors: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """The actors without a pronoun that stands for another of them ("the bombers
    ... when they blew themselves up": the bombers once)."""
    named = {(a.start, a.end) for a in actors if a.antecedent is None}
    return tuple(
        a
        for a in actors
        if a.antecedent is None or (a.antecedent.start, a.antecedent.end) not in named
    )


def _sentence_country(parse: Parse, token: Token, places: _Places) -> str | None:
    """The country of the first place with one named in `token`'s sentence."""
    sentence = parse.sentences[token.sent]
    for place in places.starting_in(sentence.start, sentence.end):
        if place.country:
            return place.country
    return None


@dataclass(frozen=True)
class _Places:
    """A document's places in text order, found by offset in logarithmic time (a scan
    per actor made reports with thousands of actors and places take quadratic time)."""

    ordered: tuple[Place, ...]
    starts: tuple[int, ...]
    by_span: dict[tuple[int, int], Place]

    @classmethod
    def of(cls, places: Sequence[Place]) -> _Places:
        ordered = tuple(sorted(places, key=lambda p: (p.start, p.end)))
        by_span = {(p.start, p.end): p for p in places}
        return cls(ordered, tuple(p.start for p in ordered), by_span)

    def at(self, start: int, end: int) -> Place | None:
        """The place of exactly [start, end), if any."""
        return self.by_span.get((start, end))

    def starting_in(self, start: int, end: int) -> tuple[Place, ...]:
        """The places that start in [start, end), in text order."""
        first = bisect.bisect_left(self.starts, start)
        stop = bisect.bisect_left(self.starts, end, lo=first)
        return self.ordered[first:stop]

    def within(self, start: int, end: int) -> list[Place]:
        """The places wholly inside [start, end), in text order."""
        return [p for p in self.starting_in(start, end) if p.end <= end]


#: Prepositions that put an actor somewhere: "rebels in Darfur", "a missionary from Calgary".
_WHERE_PREPS = frozenset({"in", "from", "of", "inside"})


#: Heads that stand for a body they belong to: the body says who they are.
_MEMBER_HEADS = frozenset(
    "member members official officials spokesman spokeswoman spokesperson representative "
    "delegation delegate envoy head chief wing unit faction".split()
)


@dataclass(frozen=True, slots=True)
class _Body:
    text: str
    head_lemma: str


def _body_of(parse: Parse, head: Token) -> _Body | None:
    """The body in "a member of X", "a spokesman for X", if the phrase's head says so."""
    if head.lemma.casefold() not in _MEMBER_HEADS and head.text.casefold() not in _MEMBER_HEADS:
        return None
    for child in parse.children(head):
        if child.dep == "prep" and child.lemma in {"of", "for"}:
            objects = [t for t in parse.children(child) if t.dep == "pobj"]
            if objects:
                tokens = parse.subtree(objects[0])
                text = " ".join(t.text for t in tokens)
                return _Body(text=text, head_lemma=objects[0].lemma)
    return None


#: Entity labels that name actors: organisations, people, nationalities and groups.
ACTOR_LABELS = frozenset({"ORG", "PERSON", "NORP"})


def _other_actor_mentions(parse: Parse, known: Iterable[Actor]) -> list[Actor]:
    """Actor entities (ORG, PERSON, NORP) that no event's actor or target covers."""
    covered = _Spans(known)
    return [
        Actor(name=entity.text, text=entity.text, start=entity.start, end=entity.end)
        for entity in parse.entities
        if entity.label in ACTOR_LABELS and not covered.covers(entity.start, entity.end)
    ]


class _Spans:
    """Character spans, asked whether one of them covers a stretch in logarithmic time."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        spans = sorted((a.start, a.end) for a in actors)
        self._starts = [start for start, _ in spans]
        # The furthest end among spans starting at or before each one: a span that
        # starts earlier may reach further than the last one before a point.
        self._reach = list(itertools.accumulate((end for _, end in spans), max))

    def covers(self, start: int, end: int) -> bool:
        """Whether some span holds all of [start, end)."""
        index = bisect.bisect_right(self._starts, start) - 1
        return index >= 0 and self._reach[index] >= end


def phrase_head(parse: Parse, start: int, end: int) -> Token | None:
    """The token of [start, end) whose syntactic head lies outside it."""
    inside = parse.tokens_within(start, end)
    for token in inside:
        if not (start <= parse.tokens[token.head].start < end) or token.head == token.i:
            return token
    return inside[-1] if inside else None


def _own_spans(actors: tuple[Actor, ...]) -> Spans:
    """The words of an event's actors, and of the names they were followed to."""
    spans = [(a.start, a.end) for a in actors]
    spans += [(a.antecedent.start, a.antecedent.end) for a in actors if a.antecedent]
    return tuple(spans)
