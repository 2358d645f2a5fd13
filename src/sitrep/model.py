"""Frozen records that flow through sitrep.

One `Analysis` per document enters the pipeline; each stage returns a new one
(`dataclasses.replace`) with its own fields filled, or a `Rejected`. Every
offset (`start`, `end`) is a character offset into `Document.text`, the text as
read (for HTML, the main text extracted from the page), so a user can highlight
the exact words in the original.

Records here are plain data: no spaCy, database or HTTP objects, so that they
pickle across worker processes and serialise to the public event record
(`Event.to_dict`, documented in docs/schema.md).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

# ---------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class Document:
    """One report as read: its text and what we know about where it came from."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    origin: str | None = None  # file path (and line, for JSON Lines) it was read from
    format: Literal["text", "html", "jsonl"] = "text"
    # What reading had to repair or guess, for the user to see ("decoded as cp1252
    # (detected)", "2 unpaired surrogate code points replaced by U+FFFD").
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document text: [start, end)."""

    start: int
    end: int
    text: str


AttributionKind = Literal["author", "quoted", "reported", "comment"]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Whose voice a statement is in.

    `author`: the document's own voice. `quoted`: a speaker (named or not) quoted
    directly or indirectly; `speaker` holds who. `reported`: the document relays
    another outlet (`via`). `comment`: an editorial insertion inside quoted
    material, such as `[Comment: ...]`; `speaker` is the commenter if named.
    """

    kind: AttributionKind = "author"
    speaker: str | None = None
    via: str | None = None


PassageKind = Literal[
    "body", "headline", "furniture", "repeat", "quote", "comment", "byline", "dateline"
]


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of the document with its role.

    Only `body`, `quote` and `comment` passages are annotated and coded.
    `repeat` passages repeat an earlier passage (`repeat_of` is that passage's
    index) and are not coded again. `furniture` (share lines, comment widgets,
    cookie notices), `byline` and `dateline` are kept as facts, not coded; so
    is a `headline`, whose story the body tells again with its sources.
    """

    start: int
    end: int
    kind: PassageKind
    voice: Attribution = field(default_factory=Attribution)
    repeat_of: int | None = None
    note: str | None = None  # why it has this kind, for people reading the output


CODED_KINDS: frozenset[str] = frozenset({"body", "quote", "comment"})
#: Passages that are parsed: the coded ones and the headline, which is coded only
#: for what the body does not tell.
PARSED_KINDS: frozenset[str] = CODED_KINDS | {"headline"}


@dataclass(frozen=True, slots=True)
class Dateline:
    """Facts from a report's dateline ("KABUL, March 3 (Reuters) -")."""

    place: Span | None = None
    date_text: Span | None = None
    outlet: str | None = None


# ---------------------------------------------------------------- the parse


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the parse, in our own shape (spaCy stays in its adapter)."""

    i: int  # index into Parse.tokens
    text: str
    lemma: str
    pos: str  # universal part of speech
    tag: str  # fine-grained tag
    dep: str  # dependency label
    head: int  # index of the head token (its own index for a sentence root)
    start: int
    end: int
    sent: int  # index into Parse.sentences
    ent: str = ""  # entity label of the entity covering it, or ""
    like_num: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its character span, token range [first, stop) and passage."""

    start: int
    end: int
    first: int
    stop: int
    passage: int  # index into Analysis.passages


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: label (GPE, LOC, ORG, PERSON, NORP, FAC, DATE, ...) and span."""

    label: str
    start: int
    end: int
    text: str
    first: int  # first token index
    stop: int  # one past the last token index


@dataclass(frozen=True, slots=True)
class Parse:
    """Sentences, tokens and entities of the coded passages of one document."""

    tokens: tuple[Token, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    # Each token's children (indices), built on first use: scanning the sentence for
    # them made a sentence of thousands of words take time in the square of its length.
    _kids: tuple[tuple[int, ...], ...] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def sentence_tokens(self, index: int) -> tuple[Token, ...]:
        """The tokens of sentence `index`."""
        sent = self.sentences[index]
        return self.tokens[sent.first : sent.stop]

    def children(self, token: Token) -> tuple[Token, ...]:
        """The syntactic children of `token`, in text order."""
        return tuple(self.tokens[i] for i in self._children_index()[token.i])

    def subtree(self, token: Token) -> tuple[Token, ...]:
        """`token` and everything below it, in text order."""
        kids = self._children_index()
        inside, todo = {token.i}, [token.i]
        while todo:
            for child in kids[todo.pop()]:
                if child not in inside:  # a malformed parse may hold a cycle
                    inside.add(child)
                    todo.append(child)
        return tuple(self.tokens[i] for i in sorted(inside))

    def _children_index(self) -> tuple[tuple[int, ...], ...]:
        if self._kids is None:
            kids: list[list[int]] = [[] for _ in self.tokens]
            for t in self.tokens:  # in text order, so each list is too
                head = self.tokens[t.head] if 0 <= t.head < len(self.tokens) else t
                if t.head != t.i and head.sent == t.sent:
                    kids[t.head].append(t.i)
            object.__setattr__(self, "_kids", tuple(tuple(k) for k in kids))
        assert self._kids is not None
        return self._kids

    def conjuncts(self, token: Token) -> tuple[Token, ...]:
        """The tokens coordinated with `token` ("soldiers" and "police" of "troops,
        soldiers and police"), not counting `token` itself, in text order."""
        below = self.subtree(token)
        found: set[int] = {token.i}
        size = 0
        while size != len(found):  # a chain of conj links back to `token`
            size = len(found)
            found.update(t.i for t in below if t.dep == "conj" and t.head in found)
        return tuple(t for t in below if t.i in found and t.i != token.i)

    def antecedent(self, token: Token) -> Token:
        """The noun a relative pronoun stands for ("Anderson, who died": Anderson); else
        `token` itself."""
        verb = self.tokens[token.head]
        if token.tag in {"WP", "WDT"} and verb.dep == "relcl" and verb.head != verb.i:
            return self.tokens[verb.head]
        return token

    # The look-ups below bisect (tokens, sentences and entities are in text order
    # and do not overlap): a scan per call made long documents take quadratic time.

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence containing character `offset`."""
        index = bisect.bisect_right(self.sentences, offset, key=_start) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return index
        raise ValueError(f"offset {offset} is in no sentence")

    def entity_at(self, token: Token) -> Entity | None:
        """The entity covering `token`, if any."""
        index = bisect.bisect_right(self.entities, token.i, key=_first) - 1
        if index >= 0 and token.i < self.entities[index].stop:
            return self.entities[index]
        return None

    def tokens_within(self, start: int, end: int) -> tuple[Token, ...]:
        """The tokens wholly inside characters [start, end), in text order."""
        first = bisect.bisect_left(self.tokens, start, key=_start)
        stop = bisect.bisect_left(self.tokens, end, lo=first, key=_start)
        return tuple(t for t in self.tokens[first:stop] if t.end <= end)

    def entities_in(self, start: int, end: int) -> tuple[Entity, ...]:
        """The entities that start in characters [start, end), in text order."""
        first = bisect.bisect_left(self.entities, start, key=_start)
        stop = bisect.bisect_left(self.entities, end, lo=first, key=_start)
        return self.entities[first:stop]

    def token_from(self, offset: int) -> Token | None:
        """The first token that starts at or after character `offset`, if any."""
        index = bisect.bisect_left(self.tokens, offset, key=_start)
        return self.tokens[index] if index < len(self.tokens) else None


def _start(part: Token | Sentence | Entity) -> int:
    return part.start


def _first(entity: Entity) -> int:
    return entity.first


# ---------------------------------------------------------------- event parts


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor or target: canonical `name`, the words `text`, sector and country."""

    name: str
    text: str
    start: int
    end: int
    sector: str | None = None  # GOV, MIL, COP, REB, ... (see ontology.SECTORS)
    country: str | None = None  # ISO 3166-1 alpha-3
    id: str | None = None
    #: "coreference" when `text` ("he", "the group") refers to an actor named
    #: earlier, whose words are `antecedent`; None when `text` names the actor.
    basis: Literal["coreference"] | None = None
    antecedent: Span | None = None


PlacePrecision = Literal[
    "point", "district", "city", "admin2", "admin1", "country", "region", "unknown"
]
PlaceBasis = Literal["sentence", "context", "document"]


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, as precise as the text allows and no more."""

    name: str
    text: str
    start: int
    end: int
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    precision: PlacePrecision = "unknown"
    basis: PlaceBasis = "sentence"


DatePrecision = Literal["day", "days", "week", "month", "season", "year", "unknown"]
DateBasis = Literal["explicit", "relative", "context", "publication", "unknown"]


@dataclass(frozen=True, slots=True)
class When:
    """When an event happened: a calendar range with its precision and basis.

    `start`/`end` are inclusive dates. When neither the text nor a publication
    date tells, both are None, precision is `unknown` and basis is `unknown`.
    basis `publication` means nothing better was found and the publication day
    stands in, said openly.
    """

    start: dt.date | None
    end: dt.date | None
    precision: DatePrecision
    text: str | None
    basis: DateBasis
    span: tuple[int, int] | None = None  # offsets of `text` in the document


def shift_day(day: dt.date, days: int) -> dt.date:
    """`day` moved by `days`, held at the ends of the calendar (years 1 and 9999)
    instead of raising: a report dated 9999-12-31 still gets a window after it."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


CountKind = Literal["killed", "wounded", "captured", "arrested", "abducted", "missing", "displaced"]
Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to", "fewer_than"]


@dataclass(frozen=True, slots=True)
class Count:
    """A number of people with its qualifier and the words it came from."""

    value: int
    qualifier: Qualifier
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Source:
    """The document an event was read from."""

    doc_id: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None


CauseKind = Literal[
    "ordered_by", "brokered_by", "claimed_by", "blamed_on", "in_response_to", "because_of"
]


@dataclass(frozen=True, slots=True)
class Cause:
    """Who or what a report says is behind an event, in its own words.

    `kind` is the relation the cue states ("on the orders of" → ordered_by,
    "mediated by" → brokered_by, "claimed responsibility" → claimed_by, "blamed
    on" → blamed_on, "in retaliation for" → in_response_to, "sparked by" →
    because_of); `text`, `start`, `end` are the words naming who or what;
    `cue` is the words of the cue.
    """

    kind: CauseKind
    text: str
    start: int
    end: int
    cue: str


EventStatus = Literal[
    "occurred", "planned", "threatened", "cancelled", "negated", "denied", "hypothetical"
]


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the public record of docs/schema.md (see `to_dict`)."""

    id: str
    doc_id: str
    type: str
    mode: str | None
    cameo: str | None
    status: EventStatus
    actors: tuple[Actor, ...]
    targets: tuple[Actor, ...]
    location: Place | None
    date: When | None
    counts: tuple[tuple[CountKind, Count], ...]
    attribution: Attribution
    source: Source
    evidence: Span
    trigger: Span
    confidence: float
    cause: Cause | None = None

    def count(self, kind: CountKind) -> Count | None:
        """The count of `kind`, if the event has one."""
        return dict(self.counts).get(kind)

    def to_dict(self) -> dict[str, Any]:
        """The public JSON shape (DESIGN §3). Unknown fields are None."""
        return event_to_dict(self)


def _actor_dict(actor: Actor) -> dict[str, Any]:
    return {
        "name": actor.name,
        "text": actor.text,
        "sector": actor.sector,
        "country": actor.country,
        "id": actor.id,
        "start": actor.start,
        "end": actor.end,
        "basis": actor.basis,
        "antecedent": _span_dict(actor.antecedent),
    }


def _span_dict(span: Span | None) -> dict[str, Any] | None:
    return None if span is None else {"text": span.text, "start": span.start, "end": span.end}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def event_to_dict(event: Event) -> dict[str, Any]:
    """Serialise an event to the public record; dates become ISO strings."""
    place = event.location
    when = event.date
    return {
        "id": event.id,
        "doc_id": event.doc_id,
        "type": event.type,
        "mode": event.mode,
        "cameo": event.cameo,
        "status": event.status,
        "actors": [_actor_dict(a) for a in event.actors],
        "targets": [_actor_dict(a) for a in event.targets],
        "location": None if place is None else asdict(place),
        "date": None
        if when is None
        else {
            "start": _iso(when.start),
            "end": _iso(when.end),
            "precision": when.precision,
            "text": when.text,
            "basis": when.basis,
            "span": list(when.span) if when.span else None,
        },
        "counts": {
            kind: {
                "value": c.value,
                "qualifier": c.qualifier,
                "text": c.text,
                "start": c.start,
                "end": c.end,
            }
            for kind, c in event.counts
        },
        "attribution": asdict(event.attribution),
        "source": {
            "doc_id": event.source.doc_id,
            "title": event.source.title,
            "url": event.source.url,
            "outlet": event.source.outlet,
            "published": _iso(event.source.published),
        },
        "evidence": asdict(event.evidence),
        "trigger": asdict(event.trigger),
        "confidence": event.confidence,
        "cause": None if event.cause is None else asdict(event.cause),
    }


# ---------------------------------------------------------------- the flow


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything known about one document; each stage fills its own fields.

    `places` and `actors` hold every place and actor *mentioned* in the coded
    passages, resolved with the whole document as context, whether or not an
    event names them (in text order); an event's own location, actors and
    targets are chosen among them.
    """

    document: Document
    passages: tuple[Passage, ...] = ()
    dateline: Dateline | None = None
    parse: Parse | None = None
    events: tuple[Event, ...] = ()
    places: tuple[Place, ...] = ()
    actors: tuple[Actor, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """A document (or input line) that could not be processed, and why.

    `reason` is one of `errors.Reason`; `detail` says what exactly, for people.
    """

    doc_id: str
    stage: str
    reason: str
    detail: str
    origin: str | None = None


Result = Analysis | Rejected


# ---------------------------------------------------------------- reading records back


def _actor_from(data: dict[str, Any]) -> Actor:
    return Actor(
        name=data["name"],
        text=data["text"],
        start=data["start"],
        end=data["end"],
        sector=data.get("sector"),
        country=data.get("country"),
        id=data.get("id"),
        basis=data.get("basis"),
        antecedent=_span_from(data.get("antecedent")),
    )


def _span_from(data: dict[str, Any] | None) -> Span | None:
    return None if data is None else Span(data["start"], data["end"], data["text"])


def _date_from(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _when_from(data: dict[str, Any] | None) -> When | None:
    if data is None:
        return None
    span = data.get("span")
    return When(
        start=_date_from(data.get("start")),
        end=_date_from(data.get("end")),
        precision=data["precision"],
        text=data.get("text"),
        basis=data["basis"],
        span=(span[0], span[1]) if span else None,
    )


def _count_from(data: dict[str, Any]) -> Count:
    return Count(
        value=data["value"],
        qualifier=data["qualifier"],
        text=data["text"],
        start=data["start"],
        end=data["end"],
    )


def _source_from(data: dict[str, Any]) -> Source:
    return Source(
        doc_id=data["doc_id"],
        title=data.get("title"),
        url=data.get("url"),
        outlet=data.get("outlet"),
        published=_date_from(data.get("published")),
    )


def event_from_dict(data: dict[str, Any]) -> Event:
    """Read an event back from its public record: the exact inverse of `event_to_dict`.

    Dates come back from ISO strings, lists become tuples, and the `counts`
    mapping becomes a tuple of (kind, Count) pairs in the mapping's order, so
    `event_from_dict(event_to_dict(e)) == e` for every event.
    """
    place = data.get("location")
    return Event(
        id=data["id"],
        doc_id=data["doc_id"],
        type=data["type"],
        mode=data.get("mode"),
        cameo=data.get("cameo"),
        status=data["status"],
        actors=tuple(_actor_from(a) for a in data.get("actors") or ()),
        targets=tuple(_actor_from(a) for a in data.get("targets") or ()),
        location=None if place is None else Place(**place),
        date=_when_from(data.get("date")),
        counts=tuple((kind, _count_from(c)) for kind, c in (data.get("counts") or {}).items()),
        attribution=Attribution(**data["attribution"]),
        source=_source_from(data["source"]),
        evidence=Span(**data["evidence"]),
        trigger=Span(**data["trigger"]),
        confidence=data["confidence"],
        cause=None if data.get("cause") is None else Cause(**data["cause"]),  # absent before 0.3
    )
