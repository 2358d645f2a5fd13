"""`sitrep.coding.stage`: the whole event coder, sentence by sentence and headline with body.

Threats made of a modal clause, one event from the parts of one sentence, offsets,
and a headline's events and toll against its body's.
"""

from __future__ import annotations

import pytest
from coding_helpers import code, code_with_headline


def test_threat_is_not_the_threatened_act() -> None:
    events = code("Release the prisoners by Friday or he may end the truce, the commander said.")
    assert ("RETREAT", "occurred") not in [(e.type, e.status) for e in events]
    assert "THREATEN" in {e.type for e in events}


def test_one_assault_with_its_parts_in_one_sentence() -> None:
    text = "At least 35 militants were killed, 80 wounded and 120 taken prisoner in four days of clashes."
    assaults = [e for e in code(text) if e.type == "ASSAULT"]
    assert len(assaults) == 1
    counts = {kind: (c.value, c.qualifier) for kind, c in assaults[0].counts}
    assert counts == {
        "killed": (35, "at_least"),
        "wounded": (80, "exact"),
        "captured": (120, "exact"),
    }


def test_offsets_point_at_the_words() -> None:
    text = "Overnight, rebels shelled the town. Police arrested four men."
    for event in code(text):
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        for actor in (*event.actors, *event.targets):
            assert text[actor.start : actor.end] == actor.text


def test_a_toll_only_in_the_headline_goes_to_the_body_event() -> None:
    text = (
        "4 shot, 1 dead in Pine Bluff shooting\n\nPolice responded to a shooting on Sunday night."
    )
    assaults = [e for e in code_with_headline(text, 37) if e.type == "ASSAULT"]
    assert [{k: c.value for k, c in e.counts} for e in assaults] == [{"killed": 1, "wounded": 3}]
    assert not assaults[0].actors  # the police responded; they did not shoot
    count = assaults[0].count("killed")
    assert count is not None
    assert text[count.start : count.end] == count.text  # the words are the headline's


@pytest.mark.parametrize(
    ("headline", "counts"),
    [
        ("Police identify four killed in Killeen shooting", {"killed": 4}),
        # A headline without a verb: the shooting is what the adjective is after.
        ("Boy stable after accidental shooting", {}),
        # The victim of a participle the parser made the subject of "died".
        ("Teen shot in southeast Wichita has died, police say", {"killed": 1}),
        # A second verb without a subject shares the headline passive of the first.
        ("Coroner investigating after man shot and killed in Union County", {"killed": 1}),
        # An age is a person, and so is the killer himself.
        ("5-year-old killed in reported accidental shooting", {"killed": 1}),
        ("Child accidentally shoots, kills self in Gwinnett County", {"killed": 1}),
        ("La Pine man accidentally shot, killed self", {"killed": 1}),
        # The gun is what it was done with, not a second victim.
        ("4-year-old boy fatally shoots himself with gun found in home", {"killed": 1}),
        # "X dead" without its verb; a title-case "Fatal ... Shooting".
        ("Belgrade boy dead after accidental shooting", {"killed": 1}),
        ("Metro Investigates Fatal W. 33rd Street Shooting", {"killed": 1}),
        # A headline's list without "and", read by the parser as an apposition.
        ("Girl, man killed in Charles County shooting", {"killed": 2}),
        # "shot" that the parser took for a noun is the headline's participle.
        ("Four shot at Haw River sports bar", {"wounded": 4}),
        ("Teenager Shot In Duquesne", {"wounded": 1}),
        ("Three-year-old fatally shot in Anchorage", {"killed": 1}),
        ("4 shot, one fatally, on St. Louis street", {"killed": 1, "wounded": 3}),
        ("4 shot on Columbus Street, 2 die", {"killed": 2, "wounded": 2}),
        # An attack noun whose own words say it took place.
        ("Victim ID'd in fatal Hammond shooting", {"killed": 1}),
        ("2 dead in southeast Fresno house party shooting", {"killed": 2}),
        ("Gang members among victims of Chattanooga shooting", {}),
        ("Update on Yesterday's Accidental Shooting", {}),
    ],
)
def test_a_headline_is_coded_when_the_body_does_not_tell_its_event(
    headline: str, counts: dict[str, int]
) -> None:
    text = f"{headline}\n\nSign up for our newsletter."
    (event,) = [e for e in code_with_headline(text, len(headline)) if e.type == "ASSAULT"]
    assert {k: c.value for k, c in event.counts} == counts
    assert event.evidence.text == headline


def test_a_headline_is_not_coded_when_the_body_tells_its_event() -> None:
    text = "Four killed in Killeen shooting\n\nGunmen killed four people in Killeen on Sunday."
    assaults = [e for e in code_with_headline(text, 31) if e.type == "ASSAULT"]
    assert [e.evidence.start for e in assaults] == [33]


def test_a_death_the_headline_tells_without_an_event_goes_to_the_body_shooting() -> None:
    text = "Hope man dies in reported accidental shooting\n\nPolice said a man was shot on Monday."
    (event,) = [e for e in code_with_headline(text, 45) if e.type == "ASSAULT"]
    # The one shot is the one who died: one killed, no one wounded besides.
    assert {k: c.value for k, c in event.counts} == {"killed": 1}


def test_the_headline_toll_goes_to_the_lead_event_when_the_body_tells_a_part() -> None:
    text = (
        "7 shot, 3 dead after Stockton drive-by\n\n"
        "Gunmen opened fire on a crowd on Sunday night.\n\n"
        "One victim died at the scene, police said."
    )
    (lead, *_) = [e for e in code_with_headline(text, 38) if e.type == "ASSAULT"]
    assert lead.trigger.text == "opened fire"
    assert {k: c.value for k, c in lead.counts}["killed"] == 3


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        # "the attack" tells again the bombing told before: the same means
        ("A bomb exploded at the market. The rebels claimed responsibility for the attack.",
         "explosives"),
        # "an attack" is another one, and a means of its own wins
        ("A bomb exploded at the market. Rebels later launched an attack on the base.", None),
        ("A bomb exploded at the market. The rebels claimed the rocket attack.",
         "heavy-weapons"),
    ],
)  # fmt: skip
def test_an_attack_told_again_takes_the_means_told_before(text: str, mode: str | None) -> None:
    second = [e for e in code(text) if e.type == "ASSAULT"][1]
    assert second.mode == mode
