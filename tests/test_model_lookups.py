"""The record's look-ups by offset: bisection gives what a scan would, at the calendar's ends too."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.model import Entity, Parse, Sentence, Token, shift_day


@st.composite
def parses(draw: st.DrawFn) -> Parse:
    """A parse of words with gaps between them, cut into sentences, with some entities."""
    widths = draw(st.lists(st.tuples(st.integers(1, 6), st.integers(0, 3)), max_size=40))
    tokens: list[Token] = []
    offset = 0
    for i, (width, gap) in enumerate(widths):
        tokens.append(Token(i, "w" * width, "w", "X", "X", "dep", i, offset, offset + width, 0))
        offset += width + gap
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(tokens) - 1)), max_size=5)))
    bounds = [0, *[c for c in cuts if c < len(tokens)], len(tokens)] if tokens else []
    sentences = []
    for index, (first, stop) in enumerate(itertools.pairwise(bounds)):
        sentences.append(Sentence(tokens[first].start, tokens[stop - 1].end, first, stop, 0))
        for t in tokens[first:stop]:
            tokens[t.i] = Token(t.i, t.text, t.lemma, t.pos, t.tag, t.dep, t.head,
                                t.start, t.end, index)  # fmt: skip
    entities = []
    at = 0
    while at < len(tokens):  # spaCy's entities never overlap
        length = draw(st.integers(0, 3))
        if length and at + length <= len(tokens):
            first, last = tokens[at], tokens[at + length - 1]
            entities.append(Entity("GPE", first.start, last.end, "x", at, at + length))
            at += length
        at += 1
    return Parse(tuple(tokens), tuple(sentences), tuple(entities))


@given(parse=parses(), offset=st.integers(-2, 300))
def test_sentence_at_finds_what_a_scan_finds(parse: Parse, offset: int) -> None:
    scanned = [i for i, s in enumerate(parse.sentences) if s.start <= offset < s.end]
    if scanned:
        assert parse.sentence_at(offset) == scanned[0]
    else:
        with pytest.raises(ValueError, match="no sentence"):
            parse.sentence_at(offset)


@given(parse=parses(), start=st.integers(-2, 300), length=st.integers(0, 120))
def test_span_look_ups_find_what_a_scan_finds(parse: Parse, start: int, length: int) -> None:
    end = start + length
    assert parse.tokens_within(start, end) == tuple(
        t for t in parse.tokens if start <= t.start and t.end <= end
    )
    assert parse.entities_in(start, end) == tuple(
        e for e in parse.entities if start <= e.start < end
    )
    after = [t for t in parse.tokens if t.start >= start]
    assert parse.token_from(start) == (after[0] if after else None)
    for token in parse.tokens:
        covering = [e for e in parse.entities if e.first <= token.i < e.stop]
        assert parse.entity_at(token) == (covering[0] if covering else None)


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        (dt.date(2024, 3, 6), 3, dt.date(2024, 3, 9)),
        (dt.date(2024, 3, 6), -6, dt.date(2024, 2, 29)),
        (dt.date.max, 3, dt.date.max),  # held at the end of the calendar
        (dt.date(9999, 12, 30), 5, dt.date.max),
        (dt.date.min, -3, dt.date.min),
    ],
)
def test_shift_day(day: dt.date, days: int, expected: dt.date) -> None:
    assert shift_day(day, days) == expected


@given(parse=parses(), data=st.data())
def test_children_and_subtrees_are_what_a_scan_finds(parse: Parse, data: st.DataObject) -> None:
    if not parse.tokens:
        return
    # Give the tokens heads inside their own sentences (a forest, roots their own heads).
    tokens = list(parse.tokens)
    for sentence in parse.sentences:
        for i in range(sentence.first + 1, sentence.stop):
            head = data.draw(st.integers(sentence.first, i - 1))
            tokens[i] = dataclasses.replace(tokens[i], head=head)
    tree = dataclasses.replace(parse, tokens=tuple(tokens))
    for token in tree.tokens:
        same = tree.sentence_tokens(token.sent)
        assert tree.children(token) == tuple(
            t for t in same if t.head == token.i and t.i != token.i
        )
        below, frontier = {token.i}, {token.i}
        while frontier:
            frontier = {t.i for t in same if t.head in frontier and t.i not in below}
            below |= frontier
        assert tree.subtree(token) == tuple(t for t in same if t.i in below)
