"""`sitrep.coding.triggers`: which words report an event, of which type and mode.

Each row is one sentence and the events a careful human coder would record
(`Want`: `None` in a column means "not checked by this row").
"""

from __future__ import annotations

import pytest
from coding_helpers import Want, code, code_with_headline, matches, show

TYPES = [
    # an act done "to protest" is the protest, and happened as the act did
    (
        "Workers stopped work on Monday to protest the new law.",
        [Want("PROTEST", actors=("Workers",))],
    ),
    (
        "Workers will stop work on Monday to protest the new law.",
        [Want("PROTEST", status="planned", actors=("Workers",))],
    ),
    # merged with it, the act says how: a hunger strike
    (
        "Up to 1,000 prisoners began a hunger strike on Monday to protest their detention.",
        [Want("PROTEST", mode="hunger")],
    ),
    # an attempt is an act: "tried to storm the base" tells an attack
    ("Rebels tried to storm the base but were repelled.", [Want("ASSAULT", actors=("Rebels",))]),
    # authorities preventing a protest coerce; the protest is cancelled, and theirs
    # is not the protest
    (
        "Police prevented a demonstration by students outside the university.",
        [
            Want("COERCE", actors=("Police",)),
            Want("PROTEST", status="cancelled", actors=("students",)),
        ],
    ),
    ("Rain prevented the march.", [Want("PROTEST", status="cancelled", actors=())]),
    # a blockade imposed is the authorities'; one mounted is a protest
    ("The army reimposed a blockade on the town.", [Want("COERCE", mode="restrict")]),
    ("Truckers mounted a blockade of the border.", [Want("PROTEST", mode="obstruct")]),
    # political and strategic actions (docs/coding.md)
    (
        "Authorities imposed a dusk-to-dawn curfew on the district.",
        [Want("COERCE", mode="curfew", actors=("Authorities",), targets=("district",))],
    ),
    (
        "Police turned back buses carrying opposition supporters at the checkpoint.",
        [Want("COERCE", mode="restrict", actors=("Police",))],
    ),
    ("Troops cordoned off the market.", [Want("COERCE", mode="restrict", actors=("Troops",))]),
    ("Soldiers set up checkpoints on the main road.", [Want("COERCE", mode="restrict")]),
    (
        "Parliament passed a law that bars the party from the election.",
        [Want("COERCE", mode="ban", actors=("Parliament",), targets=("party",))],
    ),
    ("The government banned the opposition party.", [Want("COERCE", mode="ban")]),
    # exercises held alone are a show of force; joint ones are military cooperation
    ("The army held military exercises near the border.", [Want("MOBILIZE", mode="troops")]),
    (
        "Jordan and the United States began joint military exercises in the desert.",
        [Want("COOPERATE", mode="military")],
    ),
    ("Troops conducted drills with the US navy.", [Want("COOPERATE", mode="military")]),
    # money, weapons and refugees taken in
    ("Germany gave 350 million euros to the fund.", [Want("AID", mode="economic")]),
    ("The army gave 600 rifles to the militia.", [Want("AID", mode="military")]),
    ("Canada accepted 25,000 refugees last year.", [Want("AID", mode="asylum")]),
    # a word the tokenizer split at its hyphen is still that word
    (
        "The president announced a weeklong cease-fire with the rebels.",
        [Want("RETREAT", mode="ceasefire", targets=("rebels",))],
    ),
    ("The treasury removed the sanctions on the bank.", [Want("RETREAT", mode="ease")]),
    # troops sent as peacekeepers are AID peacekeeping, with the sender as actor
    (
        "The UN sent peacekeepers to South Sudan.",
        [Want("AID", mode="peacekeeping", actors=("UN",), targets=("South Sudan",))],
    ),
    (
        "Russia deployed 2,000 soldiers as peacekeeping forces in the corridor.",
        [Want("AID", mode="peacekeeping", actors=("Russia",))],
    ),
    ("The army deployed troops to the border.", [Want("MOBILIZE", mode="troops")]),
    # abuse of people; "sexually" tells the kind
    ("Guards sexually abused detainees.", [Want("ASSAULT", mode="sexual", actors=("Guards",))]),
    ("The militia was engaged in ethnic cleansing.", [Want("ASSAULT", actors=("militia",))]),
    ("The group hacked the computers of the ministry.", [Want("COERCE")]),
    # a ban on trade or goods is an embargo
    ("The union banned imports of oil from the country.", [Want("SANCTION", mode="ban")]),
    (
        "The union presented the government with a list of demands.",
        [Want("REQUEST", actors=("union",))],
    ),
    (
        "The government gave the rebels an ultimatum to disarm.",
        [
            Want("THREATEN", mode="ultimatum", actors=("government",), targets=("rebels",)),
            Want("RETREAT", status="planned", mode="disarm"),
        ],
    ),
    (
        "Kenyan jets bombed al-Shabaab camps near Kismayo.",
        [Want("ASSAULT", actors=("Kenyan jets",))],
    ),
    ("Fighting raged in the north.", [Want("ASSAULT")]),
    ("Rebels carried out raids on three villages.", [Want("ASSAULT", actors=("Rebels",))]),
    ("Clashes broke out between police and students.", [Want("ASSAULT")]),
    # a device that went off is a bombing; the device is not its doer
    ("Two bombs exploded at a bank in Bogota.", [Want("ASSAULT", mode="explosives", actors=())]),
    (
        "A car loaded with dynamite exploded near the ministry.",
        [Want("ASSAULT", mode="explosives", actors=())],
    ),
    ("A car bomb went off outside the ministry.", [Want("ASSAULT", mode="explosives")]),
    (
        "Rebels exploded a bomb at the power station.",
        [Want("ASSAULT", mode="explosives", actors=("Rebels",))],
    ),
    # a murder whose victim is named, or that others investigate, took place
    (
        "Police continue to investigate the murder of two American citizens.",
        [Want("ASSAULT", targets=("American citizens",))],
    ),
    ("The murder of Colonel Quintero shocked the country.", [Want("ASSAULT")]),
    # what is exploded or detonated is the device, not a target
    (
        "Rebels exploded a series of bombs in Kabul.",
        [Want("ASSAULT", mode="explosives", targets=())],
    ),
    (
        "Rebels detonated a car bomb outside the ministry.",
        [Want("ASSAULT", mode="explosives", targets=())],
    ),
    ("A violent explosion damaged the consulate.", [Want("ASSAULT", mode="explosives")]),
    ("The explosion of a car bomb killed two people.", [Want("ASSAULT", mode="explosives")]),
    ("Guerrillas burned three buses.", [Want("ASSAULT", mode="destroy", actors=("Guerrillas",))]),
    ("The town hall was burned by rebels.", [Want("ASSAULT", mode="destroy")]),
    # burning a flag or an effigy is a protest; burning tyres blocks a road
    ("Union members burned eight U.S. flags.", [Want("PROTEST", mode="demo")]),
    ("Protesters burned tires on the highway.", [Want("PROTEST", mode="obstruct")]),
    # what one survives took place, and the survivor was its target
    (
        "The mayor survived an assassination attempt.",
        [Want("ASSAULT", mode="assassinate", targets=("mayor",))],
    ),
    (
        "Maza emerged unscathed from a dynamite attack in Bogota.",
        [Want("ASSAULT", mode="explosives", actors=(), targets=("Maza",))],
    ),
    ("Artillery shelling hit the market.", [Want("ASSAULT", mode="heavy-weapons")]),
    ("The opposition rejected the proposal.", [Want("REJECT", actors=("opposition",))]),
    ("The envoy urged both sides to return to talks.", [Want("REQUEST")]),
    ("The opposition called for calm.", [Want("REQUEST")]),
    ("Police detained dozens of students.", [Want("COERCE", mode="arrest", actors=("Police",))]),
    ("Soldiers sealed off the neighbourhood.", [Want("COERCE", mode="restrict")]),
    ("The rebels pulled out of the town.", [Want("RETREAT", mode="withdraw")]),
    ("The two sides signed a deal in Doha.", [Want("AGREE")]),
    ("The government held talks with the rebels.", [Want("CONSULT", actors=("government",))]),
    ("Parliament outlawed the movement.", [Want("COERCE", actors=("Parliament",))]),
    ("The army deployed troops to the border.", [Want("MOBILIZE")]),
    ("Thousands of people demonstrated in the capital.", [Want("PROTEST")]),
    ("Workers went on strike at the port.", [Want("PROTEST", mode="boycott")]),
    ("Air strikes hit the town.", [Want("ASSAULT", mode="aerial")]),
    ("Gunmen kidnapped three aid workers.", [Want("ASSAULT", mode="abduct")]),
    ("Rebels captured the town of Dhusamareb.", [Want("COERCE", mode="seize")]),
    ("Rebels captured twelve soldiers.", [Want("ASSAULT", mode="abduct")]),
    ("The minister resigned.", [Want("RETREAT", mode="resign")]),
    ("The council condemned the killings.", [Want("ACCUSE")]),
    ("Police arrested 14 men at a checkpoint.", [Want("COERCE", mode="arrest", targets=("men",))]),
    ("Security forces fired tear gas at the crowd.", [Want("COERCE", actors=("Security forces",))]),
    ("Its fighters sealed off the road to El Fasher.", [Want("COERCE", mode="restrict")]),
    ("The RSF agreed to a seven-day truce.", [Want("AGREE", mode="ceasefire")]),
    ("The Kremlin denied the claim.", [Want("REJECT", actors=("Kremlin",), targets=())]),
    ("An aid convoy crossed into Gaza.", [Want("AID", mode="humanitarian")]),
    ("Protesters rallied in Baghdad to demand jobs.", [Want("PROTEST", actors=("Protesters",))]),
    (
        "Tom King has promised to continue military aid to Mozambique.",
        [Want("AGREE", actors=("Tom King",))],
    ),
    ("The president shortened the nightly curfew by one hour.", [Want("CONCEDE")]),
    ("The government lifted the economic embargo.", [Want("RETREAT", mode="ease")]),
    (
        "Japan had halted economic aid to Serbia.",
        [Want("SANCTION", actors=("Japan",), targets=("Serbia",))],
    ),
    (
        "The emir launched a mediation effort between the Emirates and Saudi Arabia.",
        [Want("CONSULT", mode="mediate", actors=("emir",), targets=("Emirates", "Saudi Arabia"))],
    ),
    ("The minister arrived in Amman on a two-day visit.", [Want("CONSULT")]),
    ("Palestinian prisoners rioted in the jail.", [Want("PROTEST", mode="riot")]),
    ("The government accepted the demands of the strikers.", [Want("CONCEDE")]),
    ("Norway will send arms to Pakistan.", [Want("AID", "planned", targets=("Pakistan",))]),
    ("Libya has offered to hand over two suspects to Britain.", [Want("AGREE", mode=None)]),
    ("Israeli troops remained on alert in the West Bank.", [Want("MOBILIZE")]),
    ("The council condemned the killing of the journalist.", [Want("ACCUSE"), Want("ASSAULT")]),
    ("Settlers set fire to the offices overnight.", [Want("ASSAULT", mode="destroy")]),
    ("Syrian officers ended mediation efforts between the militias.", [Want("SANCTION")]),
    ("A human rights group protested that the refugees were mistreated.", [Want("ACCUSE")]),
    ("A minister reiterated that Libya must hand over the suspects.", [Want("REQUEST")]),
    ("Finland will give Tanzania a grant of 580 million shillings.", [Want("AID", "planned")]),
    ("Norway is willing to send material to Saudi Arabia.", [Want("AID", "planned")]),
    (
        "Kyiv accused Moscow of stalling the exchange that both sides agreed.",
        [Want("AGREE", targets=())],
    ),
    ("The army plans to retake the city.", [Want("COERCE", "planned", mode="seize")]),
]


NOT_EVENTS = [
    "He was convicted of murder in 2010.",  # the name of a crime, not a report of one
    "The opposition issued a call for calm.",  # a call for calm is not a protest
    "The peace process remains fragile.",
    "The president fired the defence minister.",  # a dismissal, not gunfire
    "Doctors said gunshot wounds are common in the city.",  # no one is said to have one
    "He may end the truce.",  # a possibility of ending is not a ceasefire
    "The RSF agreed to a seven-day truce.",  # agreeing to a truce is AGREE, not a RETREAT
    "A military convoy entered the town.",  # not an aid convoy
    "A gas tank exploded at the plant.",  # an accident, not a bombing
    "The crowd exploded in anger.",
    "He escaped from prison.",
    "He was charged with murder.",  # a charge, not a murder told
    "The news team was shooting video footage of the damage.",  # filming
    "This explosion of freedom coincides with the restoration of democracy.",
    "At 1910, barricades were still burning.",  # things burn; no one is said to burn them
    "Homicide detectives are investigating.",
    "Doctors treated the wounded at the hospital.",  # "the wounded" names people
    "The minister called the talks an exercise in futility.",
    "The minister abused his power.",  # abuse of power is no assault
    "The army planted trees along the road.",  # planting a bomb is a bombing; trees are not
]


@pytest.mark.parametrize(("text", "wanted"), TYPES)
def test_types_roles_and_modes(text: str, wanted: list[Want]) -> None:
    events = code(text)
    for want in wanted:
        assert any(matches(e, want) for e in events), (want, [show(e) for e in events])


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_events(text: str) -> None:
    kinds = [(e.type, e.status) for e in code(text)]
    assert not [
        k for k in kinds if k[1] == "occurred" and k[0] in {"PROTEST", "RETREAT", "ASSAULT"}
    ]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "Protesters rallied in Baghdad to demand jobs.",
            "REQUEST",
        ),  # the demand is the rally's aim
        ("Libya has offered to hand over two suspects to Britain.", "RETREAT"),  # only offered
        ("The opposition accused the army of killing the journalist.", "ASSAULT"),  # alleged
        # "committed" a crime is no pledge, told as a participle too
        ("Investigators documented crimes committed by the militia.", "AGREE"),
    ],
)
def test_embedded_acts_are_not_events_of_their_own(text: str, absent: str) -> None:
    assert absent not in {e.type for e in code(text)}


@pytest.mark.parametrize(
    "headline",
    [
        "Flu shot clinic opens downtown",  # a noun before "shot" that is not a person
        "A shot in the dark",  # a determiner: the noun
        "His shot won the game",
        "Fatal shootings by police rose last year",  # a statistic, not one attack
    ],
)
def test_a_headline_noun_that_tells_no_attack(headline: str) -> None:
    text = f"{headline}\n\nSign up for our newsletter."
    events = code_with_headline(text, len(headline))
    assert not [e for e in events if e.type == "ASSAULT" and e.status == "occurred"]


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Police are investigating a shooting in the park.", "ASSAULT"),
        ("Officers responded to a shooting near the school.", "ASSAULT"),
    ],
)
def test_events_that_others_react_to_took_place(text: str, present: str) -> None:
    assert (present, "occurred") in {(e.type, e.status) for e in code(text)}


@pytest.mark.parametrize(
    "text",
    [
        "The narcotics police destroyed 1,200 kg of pure cocaine and 52 clandestine airstrips.",
        "Soldiers burned coca crops near the border.",
    ],
)
def test_destroying_drugs_is_not_an_attack(text: str) -> None:
    assert all(e.type != "ASSAULT" for e in code(text))


@pytest.mark.parametrize(
    "text",
    [
        "The ministry declined to comment on the report.",
        "Police refused to identify the victims.",
        "The spokesman declined to elaborate.",
    ],
)
def test_declining_to_comment_is_no_rejection(text: str) -> None:
    # CAMEO's 011 "decline comment" is a statement; PLOVER has no event for it
    assert not [e for e in code(text) if e.type == "REJECT"]


def test_refusing_to_talk_is_still_a_rejection() -> None:
    assert [e.type for e in code("The rebels refused to attend the talks.")] == ["REJECT"]


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        ("The UN urged both sides to hold talks.", "026"),  # an appeal to meet
        ("The bishops called for an end to the fighting.", "020"),
        ("The rebels demanded the release of the prisoners.", "100"),  # a demand
    ],
)
def test_appeals_and_demands_have_their_own_cameo_roots(text: str, cameo: str) -> None:
    (request,) = [e for e in code(text) if e.type == "REQUEST"]
    assert request.cameo == cameo


def test_the_means_is_not_read_from_the_name_of_what_was_hit() -> None:
    # "air force" names the target, not aircraft that attacked
    (attack,) = code("Rebels attacked the headquarters of the air force.")
    assert attack.mode is None
    (raid,) = code("Helicopters attacked the village.")
    assert raid.mode == "aerial"
