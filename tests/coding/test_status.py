"""`sitrep.coding.status`: did it happen, from negation, modality and governing verbs."""

from __future__ import annotations

import pytest
from coding_helpers import code, show

STATUS = [
    ("A march planned for Friday was called off.", "PROTEST", "cancelled"),
    ("Organisers cancelled the rally.", "PROTEST", "cancelled"),
    ("The army did not attack the town.", "ASSAULT", "negated"),
    ("No one was injured.", "ASSAULT", "negated"),
    ("NO ONE WAS INJURED.", "ASSAULT", "negated"),  # "injured" parsed as the complement of "was"
    # An attack with a suspect or victims took place; a verb above a bare "deadly" still rules.
    ("Police are looking for the suspect in Sunday's fatal shooting.", "ASSAULT", "occurred"),
    ("The victim of the shooting was identified.", "ASSAULT", "occurred"),
    ("Officials hope to prevent a deadly attack.", "ASSAULT", "cancelled"),
    ("A man wanted in the shooting was arrested.", "ASSAULT", "occurred"),
    ("Police are seeking witnesses of the attack.", "ASSAULT", "occurred"),
    ("The army denied shelling the village.", "ASSAULT", "denied"),
    ("The army denied that its troops had shelled the village.", "ASSAULT", "denied"),
    ("The government intends to deploy troops.", "MOBILIZE", "planned"),
    ("Students plan to march on Friday.", "PROTEST", "planned"),
    ("The two leaders will meet next week.", "CONSULT", "planned"),
    ("Officials said the militants could attack again.", "ASSAULT", "hypothetical"),
    ("Free the prisoners or we will end the truce.", "THREATEN", "occurred"),
    ("The group threatened to attack the capital.", "THREATEN", "occurred"),
    ("Teachers had planned a march for Friday, but it was called off.", "PROTEST", "cancelled"),
    ("The march was called off after talks with the ministry.", "CONSULT", "occurred"),
    ("A draft bill would ban the group.", "COERCE", "planned"),
    ("The governor said the army would send reinforcements.", "MOBILIZE", "planned"),
    ("The government did not order the closure of the border.", "COERCE", "negated"),
    # a definite attack noun pinned to one event presupposes it took place
    ("The 1995 massacre of 8,000 men still divides the country.", "ASSAULT", "occurred"),
    ("The four-day battle became a turning point of the war.", "ASSAULT", "occurred"),
    # an act named by a gerund subject of "be" is judged in general, not done
    ("Removing the sanctions is out of the question.", "RETREAT", "hypothetical"),
]


@pytest.mark.parametrize(("text", "event_type", "status"), STATUS)
def test_status(text: str, event_type: str, status: str) -> None:
    events = code(text)
    assert (event_type, status) in [(e.type, e.status) for e in events], [show(e) for e in events]


def test_a_called_off_march_is_never_an_occurred_protest() -> None:
    events = code("Students had planned a march for Friday, but it was called off by organisers.")
    assert ("PROTEST", "occurred") not in [(e.type, e.status) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        "A word like genocide cannot be allowed to pass.",  # no particular event
        "Small skirmishes can trigger big wars.",
        "They fear a massacre of civilians.",
    ],
)
def test_an_unanchored_attack_noun_tells_no_attack(text: str) -> None:
    assert ("ASSAULT", "occurred") not in [(e.type, e.status) for e in code(text)]
