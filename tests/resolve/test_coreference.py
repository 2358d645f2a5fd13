"""`sitrep.resolve.coreference`: whom "he", "their" or "the group" stand for, and the
actor stage following them to the named actor."""

from __future__ import annotations

import pytest

import sitrep
from conftest import parse_text
from sitrep.model import Entity, Parse, Sentence, Token
from sitrep.resolve.coreference import LOOKBACK_SENTENCES, antecedent, is_referring, possessor


def refers_to(text: str, words: str, occurrence: int = 1) -> str | None:
    """The antecedent of the `occurrence`-th `words` in `text`, as text."""
    start = -1
    for _ in range(occurrence):
        start = text.index(words, start + 1)
    found = antecedent(parse_text(text), start, start + len(words))
    return None if found is None else found.text


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # a person pronoun: the nearest person named before it
        ("Defence Minister Peter Ramos said he would resign.", "he", "Peter Ramos"),
        ("Amina Yusuf was detained in Kano. Her lawyers appealed.", "Her", "Amina Yusuf"),
        # a group pronoun: a named group, or a plural party noun
        ("Hamas fired rockets at the town, and they hit a school.", "they", "Hamas"),
        ("The rebels seized the airport. They later withdrew.", "They", "rebels"),
        ("Organisers said they would march again on Friday.", "they", "Organisers"),
        # "it" / "its": an organisation or a state
        ("Hungary said it would support the resolution.", "it", "Hungary"),
        (
            "The World Food Programme said its convoys were turned back.",
            "its",
            "World Food Programme",
        ),
        # a definite description: the nearest entity of its kind
        (
            "The Taliban attacked a base near Kandahar. The group said it killed ten soldiers.",
            "group",
            "Taliban",
        ),
        (
            "General Aziz Khan visited the front. The commander promised new weapons.",
            "commander",
            "Aziz Khan",
        ),
        # the subject of the nearest sentence wins over a later object
        (
            "The ministry calls on all parties to respect the truce at Shire. It urges the rebels to release the prisoners.",
            "It",
            "ministry",
        ),
    ],
)
def test_antecedents(text: str, words: str, expected: str) -> None:
    found = refers_to(text, words)
    assert found is not None
    assert expected in found


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # nothing compatible before it
        ("He was shot outside his home.", "He"),
        ("They marched through the city centre on Sunday.", "They"),
        # "he" needs a person, not a place or an organisation
        ("Kabul said on Monday he had been released.", "he"),
    ],
)
def test_no_antecedent_in_reach(text: str, words: str) -> None:
    assert refers_to(text, words) is None


def test_antecedents_are_looked_for_a_few_sentences_back_only() -> None:
    filler = " ".join(["Prices rose again this week."] * (LOOKBACK_SENTENCES + 1))
    text = f"Peter Ramos spoke on Monday. {filler} He left."
    assert refers_to(text, "He") is None
    assert refers_to(f"Peter Ramos spoke on Monday. {filler[:28]} He left.", "He") == "Peter Ramos"


@pytest.mark.parametrize(
    ("text", "words", "referring"),
    [
        ("The group said it killed ten soldiers.", "group", True),
        ("The Islamic State group said it killed ten soldiers.", "Islamic State group", False),
        ("A group of men attacked the bus.", "group", False),  # not definite
        ("The government denied it.", "government", False),  # the lexicon names it
        ("They marched.", "They", True),
        ("We marched.", "We", False),  # the speaker, not an actor named elsewhere
    ],
)
def test_what_refers(text: str, words: str, referring: bool) -> None:
    start = text.index(words)
    assert is_referring(parse_text(text), start, start + len(words)) is referring


def test_the_actor_stage_follows_a_pronoun_to_the_named_actor() -> None:
    text = "Hamas claimed the attack. It said it had killed ten soldiers."
    killing = next(e for e in sitrep.extract(text) if e.trigger.text == "killed")
    actor = killing.actors[0]
    assert (actor.text, actor.basis) == ("it", "coreference")
    assert actor.antecedent is not None
    assert actor.antecedent.text == "Hamas"
    assert text[actor.start : actor.end] == "it"  # the words are the pronoun's
    assert text[actor.antecedent.start : actor.antecedent.end] == "Hamas"
    assert "Hamas" in actor.name


def test_a_pronoun_that_refers_to_no_one_is_no_actor() -> None:
    events = sitrep.extract("They burned three buses in the city centre on Sunday.")
    assert events
    assert all(a.text.lower() != "they" for e in events for a in e.actors)


def test_the_event_record_carries_basis_and_antecedent() -> None:
    text = "The rebels seized the airport. They later shelled the town."
    shelling = next(e for e in sitrep.extract(text) if e.trigger.text.startswith("shell"))
    record = shelling.to_dict()["actors"][0]
    assert record["basis"] == "coreference"
    assert record["antecedent"]["text"] == "rebels"
    assert record["text"] == "They"


def test_a_target_is_never_followed_to_its_own_events_actor() -> None:
    # "the party" may stand for an organisation named before, but not for the
    # parliament that bars it
    text = "Parliament passed a law that bars the party from the election."
    ban = next(e for e in sitrep.extract(text) if e.trigger.text == "bars")
    assert [a.name for a in ban.actors] == ["Parliament"]
    assert [(t.text, t.basis) for t in ban.targets] == [("party", None)]


def test_a_plural_party_is_named_with_its_modifiers() -> None:
    assert refers_to("The Fijian rebels said they will free the hostages.", "they") == (
        "Fijian rebels"
    )


@pytest.mark.parametrize(
    ("text", "words", "owner"),
    [
        ("The Bosnian Serbs said their forces had withdrawn.", "their forces", "Bosnian Serbs"),
        ("Hamas said its fighters had killed ten soldiers.", "its fighters", "Hamas"),
        ("The militia attacked the village.", "The militia", None),  # no possessive
    ],
)
def test_the_possessor_a_pronoun_in_an_actor_stands_for(
    text: str, words: str, owner: str | None
) -> None:
    start = text.index(words)
    found = possessor(parse_text(text), start, start + len(words))
    assert (found.text if found else None) == owner


def test_an_entity_of_determiners_alone_is_no_antecedent() -> None:
    # Garbled text can give the model an "organisation" that is only "The".
    text = "The attacked. They fled."
    tokens = (
        Token(0, "The", "the", "DET", "DT", "det", 1, 0, 3, 0),
        Token(1, "attacked", "attack", "VERB", "VBD", "ROOT", 1, 4, 12, 0),
        Token(2, ".", ".", "PUNCT", ".", "punct", 1, 12, 13, 0),
        Token(3, "They", "they", "PRON", "PRP", "nsubj", 4, 14, 18, 1),
        Token(4, "fled", "flee", "VERB", "VBD", "ROOT", 4, 19, 23, 1),
        Token(5, ".", ".", "PUNCT", ".", "punct", 4, 23, 24, 1),
    )
    sentences = (Sentence(0, 13, 0, 3, 0), Sentence(14, 24, 3, 6, 0))
    parse = Parse(tokens, sentences, (Entity("ORG", 0, 3, "The", 0, 1),))
    assert text[14:18] == "They"
    assert antecedent(parse, 14, 18) is None
