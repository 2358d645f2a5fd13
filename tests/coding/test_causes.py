"""`sitrep.coding.causes`: who or what a report says is behind an event."""

from __future__ import annotations

import pytest

from sitrep import analyze
from sitrep.model import Analysis


def _causes(text: str) -> dict[str, tuple[str, str] | None]:
    """Each event's trigger and the (kind, words) of its cause."""
    analysis = analyze(text)
    assert isinstance(analysis, Analysis)
    found = {}
    for event in analysis.events:
        cause = event.cause
        found[event.trigger.text] = None if cause is None else (cause.kind, cause.text)
        if cause is not None:  # the words are the document's own, at their offsets
            assert text[cause.start : cause.end] == cause.text
    return found


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Gunmen killed 12 police officers on Sunday in an attack ordered by a local "
         "Taliban commander, officials said.", "killed", ("ordered_by", "a local Taliban commander")),
        ("Police arrested 40 people on the orders of the governor of Kano State on Monday.",
         "arrested", ("ordered_by", "the governor of Kano State")),
        ("The Islamic State group claimed responsibility for the bombing that killed 30 "
         "people in Baghdad on Monday.", "killed", ("claimed_by", "The Islamic State group")),
        ("A ceasefire brokered by Qatar took effect on Tuesday.", "ceasefire",
         ("brokered_by", "Qatar")),
        ("Soldiers shelled the village in retaliation for the killing of two officers.",
         "shelled", ("in_response_to", "the killing of two officers")),
        ("Thousands protested in Lagos on Friday in protest at fuel price rises.", "protested",
         ("because_of", "fuel price rises")),
        # No cue: no cause, rather than a guess.
        ("Gunmen killed 12 police officers on Sunday, officials said.", "killed", None),
        # A cue that is the event's own trigger names its actors, not its cause.
        ("The army blamed rebels for the massacre of 20 villagers.", "blamed", None),
    ],
)  # fmt: skip
def test_the_cause_a_sentence_gives(
    text: str, trigger: str, expected: tuple[str, str] | None
) -> None:
    assert _causes(text)[trigger] == expected


def test_a_cause_in_another_sentence_is_not_taken() -> None:
    found = _causes("Officials blamed the M23 for the attack. The attack killed 14 people.")
    assert found["killed"] is None
