"""The annotation stage and the gazetteer correction of entity labels.

General-purpose models often call an unfamiliar place a person or an
organisation ("Kismayo", "Beledweyne"). After parsing, any entity or run of
proper nouns whose words name a place in the packaged gazetteer is labelled
GPE, so that later stages see it as a place.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Protocol

from ..model import CODED_KINDS, Analysis, Entity, Parse, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the gazetteer may overrule; NORP ("Syrian") and dates never become places.
_OVERRULED = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", ""})


class Parser(Protocol):
    """Anything that parses passages into our records (spaCy, or a fake in tests)."""

    def parse_documents(self, documents: Sequence[Sequence[tuple[str, int, int]]]) -> list[Parse]:
        """One Parse per document from its `(text, offset, passage_index)` passages."""
        ...


class Annotator:
    """Stage: parse the coded passages of each document."""

    name = "annotate.spacy.v1"
    requires = frozenset({"passages"})
    provides = frozenset({"parse"})

    def __init__(self, parser: Parser, *, is_place_name: Callable[[str], bool] | None = None):
        self._parser = parser
        self._is_place_name = is_place_name

    def __call__(self, analysis: Analysis) -> Analysis:
        """Annotate one document."""
        return self.batch([analysis])[0]

    def batch(self, analyses: Sequence[Analysis]) -> list[Analysis]:
        """Annotate many documents in one pass through the parser."""
        inputs = [_passage_inputs(a) for a in analyses]
        parses = self._parser.parse_documents(inputs)
        return [
            dataclasses.replace(a, parse=self._correct_places(parse))
            for a, parse in zip(analyses, parses, strict=True)
        ]

    def _correct_places(self, parse: Parse) -> Parse:
        if self._is_place_name is None:
            return parse
        entities = relabel_places(parse, self._is_place_name)
        return dataclasses.replace(parse, entities=entities)


def _passage_inputs(analysis: Analysis) -> list[tuple[str, int, int]]:
    text = analysis.document.text
    return [
        (text[p.start : p.end], p.start, index)
        for index, p in enumerate(analysis.passages)
        if p.kind in CODED_KINDS
    ]


def relabel_places(parse: Parse, is_place_name: Callable[[str], bool]) -> tuple[Entity, ...]:
    """Entities with gazetteer places labelled GPE, plus places the model missed."""
    kept: list[Entity] = []
    covered: set[int] = set()
    for ent in parse.entities:
        if ent.label in _OVERRULED and is_place_name(ent.text):
            ent = dataclasses.replace(ent, label="GPE")
        kept.append(ent)
        covered.update(range(ent.first, ent.stop))
    kept.extend(_missed_places(parse.tokens, covered, is_place_name))
    return tuple(sorted(kept, key=lambda e: e.start))


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
