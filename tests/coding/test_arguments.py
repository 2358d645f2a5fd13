"""`sitrep.coding.arguments`: who does what to whom, for verbs and event nouns.

Each row is a general English construction, written for this test, with the
predicate's word and the arguments expected of it (role, head word). A row
lists only what it checks; other arguments may be found too.
"""

from __future__ import annotations

import pytest

from conftest import parse_text
from sitrep.coding.arguments import Frame, frame


def frame_of(text: str, word: str) -> Frame:
    found = parse_text(text)
    token = next(t for t in found.tokens if t.text == word)
    return frame(found, token)


def roles(found: Frame) -> set[tuple[str, str]]:
    return {(a.role, a.head.text) for a in found.arguments}


ARGUMENTS = [
    # active and passive
    ("Troops shelled the town.", "shelled", {("agent", "Troops"), ("patient", "town")}),
    ("The town was shelled by troops.", "shelled", {("agent", "troops"), ("patient", "town")}),
    # control and aspect verbs pass their subject down a chain of verbs
    (
        "Government troops tried to retake the airport and then began shelling rebel positions.",
        "shelling",
        {("agent", "troops"), ("patient", "positions")},
    ),
    ("The militia vowed to attack the convoy.", "attack", {("agent", "militia")}),
    # "at" after aiming verbs is the target, in the passive too (else a place)
    ("Bombings targeted at the military continued.", "targeted", {("target", "military")}),
    ("The attacks were aimed at civilians.", "aimed", {("target", "civilians")}),
    # control adjectives after a copula: the subject does what the clause says
    ("Norway is willing to send troops to the region.", "send", {("agent", "Norway")}),
    ("The rebels are ready to hand over their weapons.", "hand", {("agent", "rebels")}),
    # request verbs pass their object: the one asked does it
    ("The UN urged the rebels to withdraw from the town.", "withdraw", {("agent", "rebels")}),
    ("The UN called on the rebels to withdraw.", "withdraw", {("agent", "rebels")}),
    # "went off" with its "off" read as a preposition is still a device going off
    ("A bomb went off in the market.", "went", {("instrument", "bomb")}),
    # causative verbs: the subject causes it, the object is made to do it
    (
        "The government ordered the newspaper to suspend publication.",
        "suspend",
        {("causer", "government"), ("agent", "newspaper")},
    ),
    # coordination shares the subject, and a passive subject
    (
        "Rebels attacked the base and killed two soldiers.",
        "killed",
        {("agent", "Rebels"), ("patient", "soldiers")},
    ),
    ("The protesters were arrested and charged.", "charged", {("patient", "protesters")}),
    (
        "The general has been indicted by the court and will resign.",
        "resign",
        {("agent", "general")},
    ),
    # an adverbial participle takes the main verb's subject
    (
        "The militants launched a series of attacks across the capital, killing 30 people.",
        "killing",
        {("agent", "militants"), ("patient", "people")},
    ),
    # participles modifying a noun
    ("Police released the men arrested on Monday.", "arrested", {("patient", "men")}),
    ("Gunmen firing on the crowd fled.", "firing", {("agent", "Gunmen"), ("target", "crowd")}),
    # relative clauses: the pronoun stands for the noun before it
    ("Gunmen who stormed the hotel killed twelve guests.", "stormed", {("agent", "Gunmen")}),
    # accusing verbs: the accused did what the "of" phrase says
    (
        "Two men suspected of looting the market were detained.",
        "looting",
        {("agent", "men"), ("patient", "market")},
    ),
    # a device that explodes is not its doer
    ("A car bomb exploded in the market.", "exploded", {("instrument", "bomb")}),
    ("Militants detonated a bomb near the gate.", "detonated", {("instrument", "bomb")}),
    # giving: recipient and goal
    ("The donors will give the ministry a grant.", "give", {("recipient", "ministry")}),
    ("The country moved troops to the border.", "moved", {("goal", "border")}),
    # event nouns: possessives, modifiers, by, on, of, with, between
    (
        "The army's offensive on the city stalled.",
        "offensive",
        {("agent", "army"), ("target", "city")},
    ),
    (
        "An attack by gunmen on the camp killed four.",
        "attack",
        {("agent", "gunmen"), ("target", "camp")},
    ),
    (
        "The capture of the town by the rebels alarmed the capital.",
        "capture",
        {("patient", "town"), ("agent", "rebels")},
    ),
    ("The withdrawal of the fighters began on Friday.", "withdrawal", {("agent", "fighters")}),
    (
        "The government resumed talks with the rebels.",
        "talks",
        {("partner", "rebels"), ("agent", "government")},
    ),
    (
        "Fighting between the army and the militia continued.",
        "Fighting",
        {("between", "army")},  # coordinated nouns are added by the roles (test_roles)
    ),
    # light verbs lend their arguments to the noun they carry
    (
        "The rebels launched an offensive on the city on Monday.",
        "offensive",
        {("agent", "rebels"), ("target", "city")},
    ),
    (
        "Authorities imposed a curfew on the district.",
        "curfew",
        {("agent", "Authorities"), ("target", "district")},
    ),
    (
        "The rebels launched a series of attacks on the town.",
        "attacks",
        {("agent", "rebels")},
    ),
    # a survivor is the target of what he survived
    ("The mayor survived an assassination attempt.", "assassination", {("target", "mayor")}),
]


@pytest.mark.parametrize(("text", "word", "expected"), ARGUMENTS)
def test_arguments_of_a_predicate(text: str, word: str, expected: set[tuple[str, str]]) -> None:
    found = roles(frame_of(text, word))
    assert expected <= found, found


NOT_ARGUMENTS = [
    # a request passes its object down, never its own subject
    ("The UN urged the rebels to withdraw.", "withdraw", ("agent", "UN")),
    # a reporting clause after a comma is not a noun with a participle
    (
        "The army shelled the town, a rights group charged on Monday.",
        "charged",
        ("patient", "group"),
    ),
    # the thing set off is not attacked
    ("Militants detonated a bomb near the gate.", "detonated", ("patient", "bomb")),
    # a light verb's object is the noun itself, not a target of it
    ("The rebels launched an offensive.", "offensive", ("patient", "offensive")),
]


@pytest.mark.parametrize(("text", "word", "unwanted"), NOT_ARGUMENTS)
def test_what_is_not_an_argument(text: str, word: str, unwanted: tuple[str, str]) -> None:
    assert unwanted not in roles(frame_of(text, word))


def test_each_argument_says_how_it_was_found() -> None:
    found = frame_of("The UN urged the rebels to withdraw.", "withdraw")
    assert [a.via for a in found.arguments if a.role == "agent"] == ["object control:urge"]


def test_heads_keep_the_order_found_and_drop_repeats() -> None:
    found = frame_of("The rebels launched an offensive on the city on Monday.", "offensive")
    assert [t.text for t in found.heads("agent", "target", "time")] == ["rebels", "city", "Monday"]
    assert [t.text for t in found.heads("agent", "agent")] == ["rebels"]
