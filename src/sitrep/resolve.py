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
  event's date in the passage, else takes the date the report gives for the
  same story elsewhere (the next event of its type and status dated in the
  report's own words, `with_story_dates`), else stands in the publication date
  and says so (basis `publication`), else leaves the date unknown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from .actors import ActorInfo
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
from .placecontext import Mention, resolve_mentions
from .places import GazetteerEntry, place_of

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Where a statement was made: "told reporters in Kabul" (not "offered it to Britain").
_STATEMENT_PREPS = frozenset({"in", "at", "inside", "outside", "near"})
_PLACE_PREPS = frozenset(
    {"in", "at", "near", "outside", "around", "across", "into", "on", "inside", "throughout",
     "toward", "towards", "along", "over", "off", "within", "to"}
)  # fmt: skip


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


def sentence_of(parse: Parse, offset: int) -> int:
    """Index of the sentence containing character `offset`."""
    for index, sentence in enumerate(parse.sentences):
        if sentence.start <= offset < sentence.end:
            return index
    raise ValueError(f"offset {offset} is in no sentence")


# ---------------------------------------------------------------- actors


class ActorResolver:
    """Stage: canonical names, sectors and countries for every actor mentioned.

    Fills each event's actors and targets, and `Analysis.actors` with every
    organisation, person and nationality the coded passages mention (entities
    labelled ORG, PERSON or NORP) as well as the events' actors, in text order.
    """

    name = "actors.dictionary.v2"
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
        places = {(p.start, p.end): p for p in analysis.places}

        def resolve(actor: Actor) -> Actor:
            return self._resolve(parse, actor, hint, day, places)

        events = tuple(
            dataclasses.replace(
                e, actors=tuple(map(resolve, e.actors)), targets=tuple(map(resolve, e.targets))
            )
            for e in analysis.events
        )
        in_events = {(a.start, a.end): a for e in events for a in (*e.actors, *e.targets)}
        others = [resolve(a) for a in _other_actor_mentions(parse, in_events.values())]
        actors = sorted([*in_events.values(), *others], key=lambda a: (a.start, a.end))
        return dataclasses.replace(analysis, events=events, actors=tuple(actors))

    def _document_country(self, analysis: Analysis) -> str | None:
        if self._country_of_place is None:
            return None
        return dateline_country(analysis, self._country_of_place)

    def _resolve(
        self,
        parse: Parse,
        actor: Actor,
        hint: str | None,
        day: dt.date | None,
        places: dict[tuple[int, int], Place],
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
        self, parse: Parse, head: Token, places: dict[tuple[int, int], Place], actor: Actor
    ) -> str | None:
        """The country of a place the phrase names ("Darfur rebels") or puts its actor in
        ("rebels in the Ivory Coast")."""
        whole = (actor.start, actor.end)
        inside = [
            p.country for (start, end), p in places.items()
            if actor.start <= start and end <= actor.end and (start, end) != whole
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
                place = places.get((entity.start, entity.end))
                if place is not None:
                    return place.country
                return self._country_of_place(entity.text) if self._country_of_place else None
        return None


def _sentence_country(
    parse: Parse, token: Token, places: dict[tuple[int, int], Place]
) -> str | None:
    """The country of the first place with one named in `token`'s sentence."""
    sentence = parse.sentences[token.sent]
    for (start, _end), place in sorted(places.items()):
        if sentence.start <= start < sentence.end and place.country:
            return place.country
    return None


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
    covered = [(a.start, a.end) for a in known]
    return [
        Actor(name=entity.text, text=entity.text, start=entity.start, end=entity.end)
        for entity in parse.entities
        if entity.label in ACTOR_LABELS
        and not any(s <= entity.start and entity.end <= e for s, e in covered)
    ]


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


class PlaceMentions:
    """Stage: every place the coded passages name, resolved with the document as context.

    Fills `Analysis.places` with each place entity, also where it stands for a
    government ("Kabul said") or modifies a noun ("Syria's army", "a Kabul
    hospital"), as those still say which places the document is about; events
    take their place only from literal uses. Namesakes are chosen by
    `placecontext.resolve_mentions` from the dateline's country, the other
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
        sent = sentence_of(parse, event.trigger.start)
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
        return dataclasses.replace(analysis, events=tuple(with_story_dates(dated)))


def with_story_dates(events: Sequence[Event]) -> list[Event]:
    """Events (in text order) with the publication stand-in replaced by a date the
    report gives for the same story, where it gives one.

    A report goes on with its story across paragraphs ("Two officers were wounded
    in the raids"), and often leads with an undated event ("A man was killed in a
    shooting in Elm Park") that it dates further down ("The shooting happened about
    11 p.m. Saturday"). A physical event (`PHYSICAL_TYPES`) whose date would be the
    publication day takes the date of the last physical event of its status before
    it that is dated in the report's own words; with none, that of the next such
    event of its own type. The basis says `context`; the date expression and its
    offsets are that event's, so the reader sees where the date came from.
    """
    # One pass each way, so a long document costs no more than its events: the last
    # dated physical event before each one (by status), the next after it (by type).
    last: dict[str, When] = {}
    before: list[When | None] = []
    for event in events:
        before.append(last.get(event.status))
        if _dated_in_own_words(event) and event.date is not None:
            last[event.status] = event.date
    following: dict[tuple[str, str], When] = {}
    after: list[When | None] = []
    for event in reversed(events):
        after.append(following.get((event.type, event.status)))
        if _dated_in_own_words(event) and event.date is not None:
            following[(event.type, event.status)] = event.date
    after.reverse()
    out = list(events)
    for i, event in enumerate(events):
        if event.date is None or event.date.basis != "publication":
            continue
        if event.type not in PHYSICAL_TYPES:
            continue  # statements are dated by when they were made, not by the story
        story = before[i] or after[i]
        if story is not None:
            out[i] = dataclasses.replace(event, date=dataclasses.replace(story, basis="context"))
    return out


def _dated_in_own_words(event: Event) -> bool:
    """A physical event whose date comes from its own sentence's words."""
    return (
        event.type in PHYSICAL_TYPES
        and event.date is not None
        and event.date.basis in {"explicit", "relative"}
    )


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
