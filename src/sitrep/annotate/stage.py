"""The annotation stage, the gazetteer correction of entity labels, and recasing.

General-purpose models often call an unfamiliar place a person or an
organisation ("Kismayo", "Beledweyne"). After parsing, any entity or run of
proper nouns whose words name a place in the packaged gazetteer is labelled
GPE, so that later stages see it as a place.

Passages written in one case, all capitals (old wire copy, radio transcripts,
MUC-4) or all lower case (some archives and scrapes), are recased before parsing
(`recase`); the parse then carries the document's own words again.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Protocol

from sitrep.model import PARSED_KINDS, Analysis, Entity, Parse, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the gazetteer may overrule; NORP ("Syrian") and dates never become places.
_OVERRULED = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", ""})


class Parser(Protocol):
    """Anything that parses passages into our records (spaCy, or a fake in tests)."""

    def parse_documents(
        self,
        documents: Sequence[Sequence[tuple[str, int, int]]],
        readable: Callable[[str], str] | None = None,
    ) -> list[Parse]:
        """One Parse per document from its `(text, offset, passage_index)` passages;
        the model reads `readable(text)` (same length) but tokens keep `text`'s words."""
        ...


class Annotator:
    """Stage: parse the coded passages and the headline of each document."""

    name = "annotate.spacy.v1"
    requires = frozenset({"passages"})
    provides = frozenset({"parse"})

    def __init__(
        self,
        parser: Parser,
        *,
        is_place_name: Callable[[str], bool] | None = None,
        is_known_place: Callable[[str], bool] | None = None,
        is_proper_name: Callable[[str], bool] | None = None,
        could_be_place: Callable[[str], bool] | None = None,
    ) -> None:
        """`is_place_name`: a notable place (country, area, big city, curated place);
        `is_known_place`: any place the gazetteer knows, trusted only after "in", "near";
        `is_proper_name`: a name to capitalise when recasing text written all in lower
        case (places, actors, countries and their peoples; `is_place_name` when not
        given). Text in capitals gets only its places back: on the capitals of MUC-4's
        wire reports, capitalising actor and country names as well made the parses
        worse (dates found, for one: F1 0.80 -> 0.78 on the gate's 120 reports).
        `could_be_place`: whether a word occurs in a notable place name, so that
        recasing asks `is_place_name` only about phrases that could be one."""
        self._parser = parser
        self._could_be_place = could_be_place
        self._is_place_name = is_place_name
        self._is_known_place = is_known_place
        self._is_proper_name = is_proper_name or is_place_name

    def __call__(self, analysis: Analysis) -> Analysis:
        """Annotate one document."""
        return self.batch([analysis])[0]

    def batch(self, analyses: Sequence[Analysis]) -> list[Analysis]:
        """Annotate many documents in one pass through the parser."""
        inputs = [_passage_inputs(a) for a in analyses]
        parses = self._parser.parse_documents(inputs, self._readable)
        return [
            dataclasses.replace(analysis, parse=self._correct_places(parse))
            for analysis, parse in zip(analyses, parses, strict=True)
        ]

    def _readable(self, text: str) -> str:
        """Text in one case recased for the parser (same length, same offsets)."""
        if is_shouting(text):
            return recase(text, self._is_place_name or _nothing, self._could_be_place)
        if is_lower_case(text):
            return recase(text, self._is_proper_name or _nothing)
        return text

    def _correct_places(self, parse: Parse) -> Parse:
        if self._is_place_name is None:
            return parse
        entities = relabel_places(parse, self._is_place_name, self._is_known_place)
        return dataclasses.replace(parse, entities=entities)


def _passage_inputs(analysis: Analysis) -> list[tuple[str, int, int]]:
    text = analysis.document.text
    return [
        (text[p.start : p.end], p.start, index)
        for index, p in enumerate(analysis.passages)
        if p.kind in PARSED_KINDS
    ]


def relabel_places(
    parse: Parse,
    is_place_name: Callable[[str], bool],
    is_known_place: Callable[[str], bool] | None = None,
) -> tuple[Entity, ...]:
    """Entities with gazetteer places labelled GPE, plus places the model missed."""
    kept: list[Entity] = []
    covered: set[int] = set()
    for ent in parse.entities:
        if ent.label in _OVERRULED and is_place_name(ent.text) and not _titled(parse, ent.first):
            ent = dataclasses.replace(ent, label="GPE")
        kept.append(ent)
        covered.update(range(ent.first, ent.stop))
    titled = {i for i in range(len(parse.tokens)) if _titled(parse, i)}
    kept.extend(_missed_places(parse.tokens, covered | titled, is_place_name))
    if is_known_place is not None:
        covered.update(i for e in kept for i in range(e.first, e.stop))
        kept.extend(_places_after_prepositions(parse.tokens, covered, is_known_place))
    return tuple(sorted(kept, key=lambda e: e.start))


#: Titles before a personal name: "King Hassan" is a man, though Hassan is a city.
_PERSON_TITLES = frozenset(
    "king queen prince princess sheikh shaikh emir sultan president premier chancellor "
    "general gen colonel col major lieutenant mr mrs ms dr sir lord lady pope bishop "
    "archbishop ayatollah imam mullah senator sen governor gov mayor minister".split()
)


def _titled(parse: Parse, first: int) -> bool:
    """Whether the token before `first` is a personal title in the same sentence."""
    if first == 0:
        return False
    before, token = parse.tokens[first - 1], parse.tokens[first]
    return before.sent == token.sent and before.text.lower().rstrip(".") in _PERSON_TITLES


#: After these words a capitalised word the gazetteer knows is a place, even a small
#: town the model took for a common noun ("killed in Sake", "fled towards Kibumba").
_PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "towards", "toward", "around"})


def _places_after_prepositions(
    tokens: Sequence[Token], covered: set[int], is_known_place: Callable[[str], bool]
) -> list[Entity]:
    found = []
    for before, token in itertools.pairwise(tokens):
        if token.i in covered or before.text.casefold() not in _PLACE_PREPOSITIONS:
            continue
        if token.sent != before.sent or not token.text[:1].isupper():
            continue
        if token.pos in {"PROPN", "NOUN"} and is_known_place(token.text):
            found.append(Entity("GPE", token.start, token.end, token.text, token.i, token.i + 1))
    return found


def _missed_places(
    tokens: Sequence[Token], covered: set[int], is_place_name: Callable[[str], bool]
) -> list[Entity]:
    """Runs of proper nouns outside any entity that name a gazetteer place."""
    found: list[Entity] = []
    run: list[Token] = []
    for token in tokens:
        free = token.pos == "PROPN" and token.i not in covered
        # A run continues only across one space, so its text is the document's words.
        if free and run and token.i == run[-1].i + 1 and token.start == run[-1].end + 1:
            run.append(token)
            continue
        found.extend(_place_in_run(run, is_place_name))
        run = [token] if free else []
    found.extend(_place_in_run(run, is_place_name))
    return found


def _place_in_run(run: list[Token], is_place_name: Callable[[str], bool]) -> list[Entity]:
    if not run or len(run) > 4:
        return []
    first, last = run[0], run[-1]
    text = " ".join(t.text for t in run)
    if is_place_name(text):
        return [Entity("GPE", first.start, last.end, text, first.i, last.i + 1)]
    return []


# ---------------------------------------------------------------- upper-case text

_LETTERS = re.compile(r"[A-Za-z]")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*\n\s*|--\s+)([a-z])")
# Always capitalised in English. Not "may" and "march", which are far more often a
# verb and a protest than a month.
_CALENDAR_WORD = re.compile(
    r"\b(?:i|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february"
    r"|april|june|july|august|september|october|november|december)\b"
)


def is_shouting(text: str) -> bool:
    """Whether a passage is written in capitals (1990 wire style): most letters upper case."""
    letters = _LETTERS.findall(text)
    return len(letters) >= 20 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _nothing(_name: str) -> bool:
    return False


def is_lower_case(text: str) -> bool:
    """Whether a passage is written all in lower case (some archives, scrapes and feeds):
    no capital even where sentences start."""
    letters = _LETTERS.findall(text)
    return len(letters) >= 40 and sum(c.isupper() for c in letters) <= 0.005 * len(letters)


def recase(
    text: str,
    is_place_name: Callable[[str], bool],
    could_be_name: Callable[[str], bool] | None = None,
) -> str:
    """Lower-case `text`, then capitalise sentence starts, "I", weekdays, months and
    known names (`is_place_name` is asked about each phrase of one to three words;
    with `could_be_name`, only about phrases whose every word could be in a name).

    The small English model was trained on mixed case: it reads all-capitals text
    as a run of proper nouns, and in all-lower-case text finds no names at all;
    this copy parses far better. Every character keeps its position (characters
    whose lower case is longer are kept as they are), so offsets into the original
    text stay valid, and the parser takes the tokens' words from the original.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # rare: some character's lower case is longer ("İ")
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    chars = list(lowered)
    for match in _SENTENCE_START.finditer(lowered):
        chars[match.start(1)] = chars[match.start(1)].upper()
    for match in _CALENDAR_WORD.finditer(lowered):
        chars[match.start()] = chars[match.start()].upper()
    words = list(_WORDS.finditer(lowered))
    # Asking is the costly part (three phrases a word); most words are in no name.
    possible = [could_be_name is None or could_be_name(w.group()) for w in words]
    for size in (3, 2, 1):  # longest names first: "san salvador" before "salvador"
        for i in range(len(words) - size + 1):
            if not all(possible[i : i + size]):
                continue
            if i > 0 and words[i - 1].group() in {"a", "an"}:
                continue  # "a surprise attack": after "a" a word is common, not Surprise, AZ
            first, last = words[i], words[i + size - 1]
            phrase = lowered[first.start() : last.end()]
            if "\n" not in phrase and is_place_name(phrase.title()):
                for word in words[i : i + size]:
                    chars[word.start()] = chars[word.start()].upper()
    return "".join(chars)
