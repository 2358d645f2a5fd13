"""Dstl re3d: finding the actors and places a defence-and-security text mentions.

Gold: one folder per source (BBC Online, CENTCOM, UK Government, Wikipedia...),
each with `documents.json` (`_id`, `title`, `text`, `sourceName`...) and
`entities.json` (`documentId`, `begin`, `end` as end-exclusive character
offsets into `text`, `type`, `value`, `confidence`), both mongoexport JSON
Lines; 98 documents in all. re3d gives no publication dates and no
coordinates or countries, so only the recognition of mentions is scored.

Each document runs through the whole pipeline. sitrep's mentions are
`Analysis.actors` (answering gold Organisation, Person and Nationality) and
`Analysis.places` (answering gold Location), matched to gold one to one by
character overlap, per document and per kind (`core.greedy_pairs`):

* `Organisation`, `Person`, `Nationality`, `Location`: read `.r`, the share
  of gold entities of that type a mention of the matching kind found (false
  mentions are not attributed to a type, so their `.p` and `.f1` mean nothing);
* `actors` and `places`: precision, recall and F1 of each kind, pooled.

Which gold counts: `confidence` is re3d's probability that an annotation is
right (a Bayesian model over expert and crowd labels); annotations below
`MIN_CONFIDENCE` are doubtful, neither gold to find nor wrong to find. Among
the confident entities of one kind only the outermost are gold ("the city of
Mosul", not also "Mosul" inside it): a flat mention can answer only one.
re3d also labels bare pronouns ("we", "he", "they") and "here"/"there" as
entities; sitrep's mentions are names and noun phrases, never pronouns
(coding/roles.py), so these are left out of the gold too (`pronoun_gold`).

An unmatched mention is a false positive only if it overlaps no re3d entity at
all; one overlapping a gold entity already answered (a name split in two), an
entity of another type ("Iraq" annotated Location, read as an actor), a
pronoun or a doubtful annotation is skipped and counted (`<kind>_skipped_*`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any

from sitrep.api import make_document
from sitrep.config import Settings
from sitrep.evaluation.core import Report, greedy_pairs, run_pipeline, spans_overlap
from sitrep.evaluation.geoparsing import coded_spans, context
from sitrep.model import Analysis, Result

#: re3d entity type -> the kind of sitrep mention that answers it. A fact about
#: two vocabularies: re3d's Organisation (groups, governments, "rebels"),
#: Person and Nationality (nationalities, religions, ethnic groups) are what
#: sitrep calls actors; a demonym used as an actor ("the Syrians") is an actor,
#: so Nationality is answered by actors only, never by places. The other types
#: (Weapon, Temporal, Quantity, Vehicle...) are not scored.
GOLD_KINDS: dict[str, str] = {
    "Organisation": "actors",
    "Person": "actors",
    "Nationality": "actors",
    "Location": "places",
}

#: The kinds of mention scored, as named in `Analysis`.
KINDS: tuple[str, ...] = ("actors", "places")

#: Annotations re3d itself gives a lower probability of being right are doubtful.
MIN_CONFIDENCE = 0.5

#: Words that stand for an entity named elsewhere: re3d annotates them, sitrep
#: takes none for an actor or place (it guesses no antecedent), so they are not gold.
PRONOUNS: frozenset[str] = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves "
    "he him his himself she her hers herself it its itself they them their theirs "
    "themselves who whom whose which this that these those here there".split()
)

#: Counts every report carries, zero or not (see the notes for what each means).
EXTRAS: tuple[str, ...] = (
    "outside_coded", "rejected", "misaligned_gold", "doubtful_gold", "nested_gold",
    "pronoun_gold",
)  # fmt: skip

#: Why an unmatched mention may be neither right nor wrong (`<kind>_skipped_<reason>`).
SKIP_REASONS: tuple[str, ...] = ("split", "other_type", "pronoun", "doubtful")

# re3d's `value` writes line breaks as spaces and straightens quotes ("J.D." for
# “J.D.”, even 'Tex' for "Tex") though the offsets are right: compare loosely.
_QUOTES = re.compile("[\"'\u2018\u2019\u201c\u201d]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class GoldEntity:
    """One re3d entity annotation: its span, type, words and confidence."""

    start: int
    end: int
    type: str
    value: str
    confidence: float

    @property
    def span(self) -> tuple[int, int]:
        """[start, end) in the document text."""
        return (self.start, self.end)


@dataclass(frozen=True)
class GoldDocument:
    """One re3d document with every entity whose offsets point at its words."""

    doc_id: str
    source: str
    title: str
    text: str
    entities: tuple[GoldEntity, ...]  # all types and confidences, in text order
    misaligned: int = 0  # annotations dropped: offsets outside the text or on other words


@dataclass(frozen=True)
class Mention:
    """One actor or place mention found by sitrep."""

    start: int
    end: int
    text: str
    reading: str  # what sitrep made of it, for the error table

    @property
    def span(self) -> tuple[int, int]:
        """[start, end) in the document text."""
        return (self.start, self.end)


# ---------------------------------------------------------------- reading gold


def _json_lines(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a mongoexport file, one per non-blank line."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def squash(text: str) -> str:
    """`text` with runs of white space as one space and every quote mark as '."""
    return _SPACES.sub(" ", _QUOTES.sub("'", text)).strip()


def aligned(text: str, entity: GoldEntity) -> bool:
    """Whether the entity's offsets lie inside `text` and hold its words."""
    inside = 0 <= entity.start < entity.end <= len(text)
    return inside and squash(text[entity.start : entity.end]) == squash(entity.value)


def _entity(row: dict[str, Any]) -> GoldEntity:
    return GoldEntity(
        start=int(row["begin"]),
        end=int(row["end"]),
        type=str(row["type"]),
        value=str(row["value"]),
        confidence=float(row.get("confidence", 1.0)),
    )


def _document(row: dict[str, Any], source: str, rows: Sequence[dict[str, Any]]) -> GoldDocument:
    """A GoldDocument, dropping annotations whose offsets do not point at their words."""
    text = str(row["text"])
    entities = [_entity(r) for r in rows]
    good = sorted((e for e in entities if aligned(text, e)), key=lambda e: (e.start, -e.end))
    return GoldDocument(
        doc_id=str(row["_id"]),
        source=source,
        title=str(row.get("title") or "").strip(),
        text=text,
        entities=tuple(good),
        misaligned=len(entities) - len(good),
    )


def read_source(folder: Path) -> list[GoldDocument]:
    """The documents of one source folder, in file order."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in _json_lines(folder / "entities.json"):
        by_doc.setdefault(str(row["documentId"]), []).append(row)
    return [
        _document(row, folder.name, by_doc.get(str(row["_id"]), []))
        for row in _json_lines(folder / "documents.json")
    ]


def read_re3d(folder: Path, limit: int | None = None) -> list[GoldDocument]:
    """The first `limit` documents, taken from the sources in turn.

    Sources differ a lot (Wikipedia articles, CENTCOM press releases, BBC
    news), so a small `limit` takes one document from each source in turn
    (sources in name order) rather than all of the first source.
    """
    sources = [
        read_source(sub)
        for sub in sorted(folder.iterdir())
        if sub.is_dir() and (sub / "documents.json").is_file()
    ]
    turns = chain.from_iterable(zip_longest(*sources))
    documents = [d for d in turns if d is not None]
    return documents if limit is None else documents[:limit]


# ---------------------------------------------------------------- gold of one kind


def confident(entity: GoldEntity, kind: str) -> bool:
    """Whether `entity` is a confident annotation of a type `kind` answers."""
    return GOLD_KINDS.get(entity.type) == kind and entity.confidence >= MIN_CONFIDENCE


def is_pronoun(entity: GoldEntity) -> bool:
    """Whether the entity's words are a bare pronoun ("we", "he", "there")."""
    return squash(entity.value).casefold() in PRONOUNS


def is_gold(entity: GoldEntity, kind: str) -> bool:
    """Whether `entity` is gold for `kind`: confident, and no bare pronoun."""
    return confident(entity, kind) and not is_pronoun(entity)


def _contains(outer: GoldEntity, inner: GoldEntity) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def gold_of(document: GoldDocument, kind: str) -> list[GoldEntity]:
    """The gold entities of `kind` (`is_gold`), outermost only, in text order.

    Of entities nested in one another (or sharing a span) the longest is kept,
    the more confident one on a tie.
    """
    ordered = sorted(
        (e for e in document.entities if is_gold(e, kind)),
        key=lambda e: (e.start, -e.end, -e.confidence),
    )
    kept: list[GoldEntity] = []
    for entity in ordered:
        if not any(_contains(k, entity) for k in kept):
            kept.append(entity)
    return kept


def nested_count(document: GoldDocument, kind: str) -> int:
    """Gold entities of `kind` left out because a longer one holds them."""
    total = sum(is_gold(e, kind) for e in document.entities)
    return total - len(gold_of(document, kind))


# ---------------------------------------------------------------- sitrep's mentions


def _describe(*parts: str | None) -> str:
    return " ".join(p for p in parts if p) or "unresolved"


def mentions(analysis: Analysis) -> dict[str, list[Mention]]:
    """sitrep's actor and place mentions, by kind, in text order."""
    actors = [
        Mention(a.start, a.end, a.text, _describe(a.name, a.sector, a.country))
        for a in analysis.actors
    ]
    places = [
        Mention(p.start, p.end, p.text, _describe(p.name, p.country, p.precision))
        for p in analysis.places
    ]
    return {
        "actors": sorted(actors, key=lambda m: m.span),
        "places": sorted(places, key=lambda m: m.span),
    }


# ---------------------------------------------------------------- comparing


def _bump(report: Report, name: str, by: int = 1) -> None:
    report.extra[name] = report.extra.get(name, 0.0) + by


def _skip_reason(
    mention: Mention, gold: Sequence[GoldEntity], document: GoldDocument, kind: str
) -> str | None:
    """Why an unmatched mention is neither right nor wrong, or None for a false positive."""
    touched = [e for e in document.entities if spans_overlap(mention.span, e.span)]
    if any(spans_overlap(mention.span, g.span) for g in gold):
        return "split"  # its gold entity is answered by another mention already
    if any(e.confidence >= MIN_CONFIDENCE and GOLD_KINDS.get(e.type) != kind for e in touched):
        return "other_type"
    if any(confident(e, kind) and is_pronoun(e) for e in touched):
        return "pronoun"
    if touched:
        return "doubtful"  # only low-confidence annotations there
    return None


def _why_missed(entity: GoldEntity, coded: Sequence[tuple[int, int]] | None) -> str:
    """What sitrep gave for a missed gold entity: nothing, or never parsed it."""
    if coded is None:
        return "document rejected"
    if not any(spans_overlap(entity.span, c) for c in coded):
        return "none (outside the coded passages)"
    return "none"


def compare_kind(
    report: Report,
    document: GoldDocument,
    kind: str,
    found: Sequence[Mention],
    coded: Sequence[tuple[int, int]] | None,
) -> None:
    """Score one document's mentions of one kind; `coded` is None for a rejected document."""
    gold = gold_of(document, kind)
    pairs = greedy_pairs(found, gold, lambda m, g: spans_overlap(m.span, g.span))
    for _, entity in pairs:
        report.tally(kind).add(tp=1)
        report.tally(entity.type).add(tp=1)
    used_mentions = {id(m) for m, _ in pairs}
    used_gold = {id(g) for _, g in pairs}
    for mention in found:
        if id(mention) in used_mentions:
            continue
        reason = _skip_reason(mention, gold, document, kind)
        if reason is not None:
            _bump(report, f"{kind}_skipped_{reason}")
            continue
        report.tally(kind).add(fp=1)
        report.error(
            kind, document.doc_id, "none", f"{mention.text} ({mention.reading})",
            context(document.text, mention.start, mention.end),
        )  # fmt: skip
    for entity in gold:
        if id(entity) in used_gold:
            continue
        report.tally(kind).add(fn=1)
        report.tally(entity.type).add(fn=1)
        report.error(
            entity.type, document.doc_id, entity.value, _why_missed(entity, coded),
            context(document.text, entity.start, entity.end),
        )  # fmt: skip


def outside_coded(document: GoldDocument, coded: Sequence[tuple[int, int]]) -> int:
    """Gold entities (both kinds) lying in no coded passage: sure misses."""
    gold = chain.from_iterable(gold_of(document, kind) for kind in KINDS)
    return sum(not any(spans_overlap(g.span, c) for c in coded) for g in gold)


# ---------------------------------------------------------------- scoring


def score_documents(
    report: Report, documents: Sequence[GoldDocument], results: Sequence[Result]
) -> None:
    """Compare every document with sitrep's result for it."""
    for name in (*KINDS, *GOLD_KINDS):  # present even when nothing is found
        report.tally(name)
    skips = (f"{kind}_skipped_{reason}" for kind in KINDS for reason in SKIP_REASONS)
    for name in (*EXTRAS, *skips):  # stable names for the quality gate
        report.extra[name] = 0.0
    for document, result in zip(documents, results, strict=True):
        if isinstance(result, Analysis):
            spans = coded_spans(result)
            coded: list[tuple[int, int]] | None = spans
            found = mentions(result)
            _bump(report, "outside_coded", outside_coded(document, spans))
        else:
            coded, found = None, {}
            _bump(report, "rejected")
            _bump(report, "outside_coded", sum(len(gold_of(document, k)) for k in KINDS))
        for kind in KINDS:
            compare_kind(report, document, kind, found.get(kind, []), coded)
            _bump(report, "nested_gold", nested_count(document, kind))
        _bump(report, "misaligned_gold", document.misaligned)
        _bump(report, "doubtful_gold", sum(_doubtful(e) for e in document.entities))
        _bump(report, "pronoun_gold", sum(_pronoun(e) for e in document.entities))


def _doubtful(entity: GoldEntity) -> bool:
    return entity.type in GOLD_KINDS and entity.confidence < MIN_CONFIDENCE


def _pronoun(entity: GoldEntity) -> bool:
    return entity.type in GOLD_KINDS and entity.confidence >= MIN_CONFIDENCE and is_pronoun(entity)


def _notes(report: Report) -> None:
    report.notes += [
        "mentions: Analysis.actors answer gold Organisation/Person/Nationality, "
        "Analysis.places answer gold Location; one-to-one character-overlap matching per "
        "document and kind; a Nationality is found by actors only (a demonym used as an "
        "actor is an actor), never by a place",
        "Organisation/Person/Nationality/Location: read .r only (false mentions are not "
        "attributed to a type, so their .p and .f1 mean nothing); actors/places: P, R, F1",
        f"gold = annotations with re3d confidence >= {MIN_CONFIDENCE} (its probability that "
        "the label is right); weaker ones are neither to find nor wrong to find "
        "(doubtful_gold); of nested confident entities of one kind only the outermost is "
        "gold (nested_gold)",
        "bare pronouns and here/there annotated as entities ('we', 'he') are not gold: "
        "sitrep guesses no antecedent and takes no pronoun for an actor (pronoun_gold)",
        "an unmatched mention overlapping an answered gold entity (<kind>_skipped_split), "
        "a confident entity of another type, e.g. 'Iraq' as Location read as an actor "
        "(<kind>_skipped_other_type), a pronoun (<kind>_skipped_pronoun) or only doubtful "
        "annotations (<kind>_skipped_doubtful) is neither right nor wrong; one overlapping "
        "no annotation at all is a false positive",
        "titles are passed as titles, not text (re3d offsets index the text alone); gold "
        "outside the coded passages is missed and counted in outside_coded; re3d has no "
        "publication dates and no coordinates, so place resolution is not scored",
        "annotations whose offsets do not hold their words are dropped (misaligned_gold); "
        "re3d's values write line breaks as spaces and straighten quotes, which is allowed",
    ]


def score(folder: Path, *, limit: int | None, settings: Settings) -> Report:
    """Score sitrep's actor and place mentions on the first `limit` re3d documents."""
    documents = read_re3d(folder, limit)
    inputs = [make_document(d.text, title=d.title or None, doc_id=d.doc_id) for d in documents]
    results = run_pipeline(inputs, settings)
    report = Report("re3d", items=len(documents))
    score_documents(report, documents, results)
    _notes(report)
    return report
