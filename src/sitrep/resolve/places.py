"""The place stages: where each event happened.

`PlaceMentions` resolves every place the report names, together, so that
the places named near each other decide between namesakes
(`sitrep.resolve.place_context`). `PlaceResolver` picks the event's place:
named in its own sentence (basis `sentence`), else, for physical events
(fighting, arrests, protests, movements, aid), carried from up to
`context_sentences` sentences before it in the same voice (`context`), else
the dateline's place (`document`), else none. Demonyms ("Syrian forces"),
speakers ("Kabul said") and the origin of a side ("fighters from Idlib") are
not the event's place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from sitrep.annotate.stage import PLACE_LABELS
from sitrep.model import (
    Analysis,
    Attribution,
    Entity,
    Event,
    Parse,
    Place,
    PlaceBasis,
    Token,
)
from sitrep.resolve.anchors import PHYSICAL_TYPES, dateline_country
from sitrep.resolve.gazetteer import GazetteerEntry, place_of
from sitrep.resolve.place_context import Mention, resolve_mentions

#: Where a statement was made: "told reporters in Kabul" (not "offered it to Britain").
_STATEMENT_PREPS = frozenset({"in", "at", "inside", "outside", "near"})


_PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "around", "across", "into", "on", "inside", "throughout",
     "toward", "towards", "along", "over", "off", "within", "to"}
)  # fmt: skip


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

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """Every place that goes by `name`."""
        ...


class PlaceMentions:
    """Stage: every place the coded passages name, resolved with the document as context.

    Fills `Analysis.places` with each place entity, also where it stands for a
    government ("Kabul said") or modifies a noun ("Syria's army", "a Kabul
    hospital"), as those still say which places the document is about; events
    take their place only from literal uses. Namesakes are chosen by
    `place_context.resolve_mentions` from the dateline's country, the other
    places named and the countries of the nationalities mentioned ("Syrian").
    """

    name = "places.mentions.v1"
    requires = frozenset({"parse", "dateline"})
    provides = frozenset({"places"})

    def __init__(
        self,
        gazetteer: PlaceLookup,
        *,
        country_of_word: Callable[[str], str | None],
        capital_of: Callable[[str], str | None] | None = None,
    ) -> None:
        """`country_of_word` names the country of a nationality word ("Syrian" -> SYR),
        `capital_of` the country whose capital a name is ("Kabul" -> AFG)."""
        self._gazetteer = gazetteer
        self._country_of_word = country_of_word
        self._capital_of = capital_of

    def __call__(self, analysis: Analysis) -> Analysis:
        """Resolve the place mentions of one document."""
        parse = analysis.parse
        if parse is None:
            return analysis
        entities = [e for e in parse.entities if e.label in PLACE_LABELS]
        mentions = [Mention(e.text, e.start, e.end) for e in entities]
        nationalities = (self._country_of_word(e.text) for e in parse.entities if e.label == "NORP")
        chosen = resolve_mentions(
            mentions, self._gazetteer, text=analysis.document.text,
            dateline_country=dateline_country(analysis, self._gazetteer.country_of),
            actor_countries=[c for c in nationalities if c], capital_of=self._capital_of,
        )  # fmt: skip
        places = tuple(
            place_of(entry, m.text, m.start, m.end, "sentence")
            for m, entry in zip(mentions, chosen, strict=True)
        )
        return dataclasses.replace(analysis, places=places)


class PlaceResolver:
    """Stage: the place of every event, with its basis and precision (module docstring).

    A place named in the event's sentence is the one `PlaceMentions` resolved
    for those words, so an event and the document agree on which Alexandria.
    """

    name = "places.events.v2"
    requires = frozenset({"events", "parse", "dateline", "places"})
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
        by_span = {(p.start, p.end): p for p in analysis.places}
        events = tuple(self._place(analysis, parse, e, hint, by_span) for e in analysis.events)
        return dataclasses.replace(analysis, events=events)

    def _place(
        self,
        analysis: Analysis,
        parse: Parse,
        event: Event,
        hint: str | None,
        by_span: dict[tuple[int, int], Place],
    ) -> Event:
        sent = parse.sentence_at(event.trigger.start)
        entity = event_place_entity(parse, sent, event)
        basis: PlaceBasis = "sentence"
        if entity is None and event.type in PHYSICAL_TYPES:
            # A statement happens where its speaker is, which the places of nearby
            # fighting do not tell: only physical events take their place from context.
            entity, basis = self._from_context(analysis, parse, sent), "context"
        place: Place | None
        if entity is not None:
            known = by_span.get((entity.start, entity.end))
            place = (
                dataclasses.replace(known, basis=basis)
                if known is not None
                else self._resolve(entity, basis, hint)
            )
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


def event_place_entity(parse: Parse, sent: int, event: Event) -> Entity | None:
    """The place named in the event's own sentence, attached to its trigger if possible."""
    parties = event.actors if event.type in PHYSICAL_TYPES else (*event.actors, *event.targets)
    sides = [(a.start, a.end) for a in parties]
    candidates = list(_place_entities(parse, sent, sides))
    if not candidates:
        return None
    trigger = parse.token_from(event.trigger.start)
    if trigger is None:
        return None
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
    for entity in parse.entities_in(sentence.start, sentence.end):
        if entity.label not in PLACE_LABELS:
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
    """Not the event's place: "Kabul said", "Syria's army", "the Kabul government",
    "fighters from Idlib"."""
    if _is_actor_use(parse, entity):
        return True
    head = _entity_head(parse, entity)
    governor = parse.tokens[head.head]
    if head.dep in {"compound", "amod"} and governor.pos in {"NOUN", "PROPN"}:
        return not _is_place_noun(governor)
    if head.dep == "pobj" and governor.lemma == "from":
        return parse.tokens[governor.head].pos in {"NOUN", "PROPN"}
    return False


def _is_actor_use(parse: Parse, entity: Entity) -> bool:
    """A place name standing for its government, not a place: "Kabul said", "Syria's army".

    A place name modifying a noun ("a Kabul hospital", "Louisiana police") is
    still a place mention, though not an event's place.
    """
    head = _entity_head(parse, entity)
    governor = parse.tokens[head.head]
    if head.dep in {"nsubj", "nsubjpass"} and governor.lemma in _SPEAKING:
        return True
    if head.dep == "poss" and governor.pos in {"NOUN", "PROPN"}:
        return not _is_place_noun(governor)
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
