"""`sitrep.coding.roles`: who did it, and to whom, in body sentences and headlines."""

from __future__ import annotations

import pytest
from coding_helpers import code, code_with_headline


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
        # the argument layer: actors through chains of verbs and clauses
        (
            "Government troops tried to retake the airport and then began shelling the town.",
            ("Government troops",),
            ("airport",),
        ),
        ("Demonstrators protesting the election were dispersed.", ("Demonstrators",), None),
        ("Gunmen who stormed the hotel were arrested.", ("Gunmen",), ("hotel",)),
        # a possessive pronoun leaves the actor to the verb carrying the noun
        ("The militia completed its withdrawal from the town.", ("militia",), None),
        # the party made to act is the target of a causative order
        (
            "The government ordered the newspaper to suspend publication.",
            ("government",),
            ("newspaper",),
        ),
        # what is given is not the target: who receives it is
        ("The donors gave the ministry a large grant.", ("donors",), ("ministry",)),
        ("The country has offered its troops to the president.", ("country",), ("president",)),
        # a thing done is no party; the party it names is
        ("The president lifted the ban on the party.", ("president",), ("party",)),
        ("The government accepted demands from the rebels.", ("government",), ("rebels",)),
        ("The minister offered concessions.", ("minister",), ()),
        # a thing's possessor is the party it is done to
        ("The United States welcomed Russia's proposal.", ("United States",), ("Russia",)),
        # a promise, offer or threat is aimed at whom the action it embeds is done to
        ("Japan pledged to send medical teams to Haiti.", ("Japan",), ("Haiti",)),
        (
            "The rebels offered to release the hostages to the Red Cross.",
            ("rebels",),
            ("Red Cross",),
        ),
        ("The government agreed to hold talks with the rebels.", ("government",), ("rebels",)),
        ("The army threatened to expel the journalists.", ("army",), ("journalists",)),
        # ... but a thing it is done to is still no party
        ("The minister promised to lift the ban.", ("minister",), ()),
        # a demand told as a clause is addressed to the clause's subject
        ("The PRC demanded that the US cancel the arms sale.", ("PRC",), ("US",)),
        (
            "Protesters demanded that the governor free the detainees.",
            ("Protesters",),
            ("governor",),
        ),
        # a name is whole, however the parser split it
        ("Abu Bakr al-Baghdadi threatened to attack Baghdad.", ("Abu Bakr al-Baghdadi",), None),
        ("Hassan al-Turabi met the envoy in Khartoum.", ("Hassan al-Turabi",), ("envoy",)),
        (
            "Sheikh Hamad bin Khalifa al-Thani visited Riyadh.",
            ("Sheikh Hamad bin Khalifa al-Thani",),
            ("Riyadh",),
        ),
        # those who act for a group are named with it
        ("Fighters of the RSF attacked the camp.", ("Fighters of the RSF",), ("camp",)),
        (
            "Leaders of the Azadliq (Freedom) opposition coalition met the envoy.",
            ("Leaders of the Azadliq (Freedom) opposition coalition",),
            ("envoy",),
        ),
        # an accusation is aimed at whoever did the deed it is about
        (
            "Lebanon complained to the United Nations over Israeli air raids.",
            ("Lebanon",),
            ("Israeli",),
        ),
        (
            "Berlin rejected calls by Belarus's rulers for economic aid.",
            ("Berlin",),
            ("Belarus's rulers",),
        ),
        # a restriction is put on, or lifted from, the place it covers
        ("Serbia lifted the night curfew in Montenegro.", ("Serbia",), ("Montenegro",)),
        ("The army imposed a curfew in Sudan.", ("army",), ("Sudan",)),
        # what a concession answers names the party it is made to
        ("The president conceded to demands from the rebels.", ("president",), ("rebels",)),
        # an event beside another ("after", "during") has actors of its own
        ("Soldiers fired on the crowd during the protest.", ("Soldiers",), ("crowd",)),
        # where forces are sent or arrive is the party an event is aimed at
        ("The army deployed troops in Somalia on Monday.", ("army",), ("Somalia",)),
        ("The deployment of Kenyan troops in Somalia began.", ("Kenyan troops",), ("Somalia",)),
        ("The minister arrived in Kinshasa on a visit.", ("minister",), ("Kinshasa",)),
        ("Pakistan refused to deploy peacekeepers in Iraq.", ("Pakistan",), ("Iraq",)),
        # what is given takes its "for" phrase along: those it is for
        (
            "The donors agreed to provide 70 million dollars for Chad and Niger.",
            ("donors",),
            ("Chad", "Niger"),
        ),
        ("Thousands of refugees have sought asylum in Kenya.", ("refugees",), ("Kenya",)),
        # a stance told as a participle is the subject's own: "is opposed to"
        ("The government is opposed to the plan.", ("government",), ()),
        # "..., a rights group protested": the parser's participle is the group's verb
        (
            "The police hold detainees without charge, a rights group protested on Monday.",
            ("rights group",),
            None,
        ),
        # whom a withdrawal leaves is its target, not the people withdrawn
        ("The UN will withdraw its inspectors from Iraq.", ("UN",), ("Iraq",)),
        ("The withdrawal of Syrian troops from Lebanon began.", ("Syrian troops",), ("Lebanon",)),
        # "with impunity" is how, not with whom; "were involved in" tells who did it
        ("Guards beat the prisoners with impunity.", ("Guards",), ("prisoners",)),
        ("Three men were involved in the attack.", ("men",), None),
        # coordinated verbs share an object, and a by-agent ("killed and beheaded by")
        ("Rebels attacked and burned the village.", ("Rebels",), ("village",)),
        (
            "A soldier killed and beheaded by enemy troops was buried.",
            ("enemy troops",),
            ("soldier",),
        ),
        # whoever claims or is held responsible for an act did it
        ("The MRTA claimed responsibility for the attack.", ("MRTA",), None),
        ("The rebels were responsible for the bombing.", ("rebels",), None),
        ("Police attributed the bombing to the rebels.", ("rebels",), None),
        (
            "Guerrillas of the MRTA claimed credit for the terrorist act.",
            ("Guerrillas of the MRTA",),
            None,
        ),
        ("The bomb was planted by two men.", ("men",), None),
        ("The front claimed responsibility for killing the general.", ("front",), ("general",)),
        ("The attack was perpetrated by urban commandos.", ("urban commandos",), None),
        ("Police held the rebels responsible for the incident.", ("rebels",), None),
        # a weapon or an aim is never a side
        ("Three soldiers were killed by shrapnel.", (), ("soldiers",)),
        # a pronoun subject of the verb that carries an event noun is its actor
        ("The union said it had called off the strike.", ("it",), None),
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
    ("text", "noun"),
    [
        ("Authorities imposed a curfew in the city after the clashes.", "clashes"),
        ("Soldiers fired on the crowd during the protest.", "protest"),
    ],
)
def test_an_event_beside_another_does_not_borrow_its_actors(text: str, noun: str) -> None:
    (beside,) = [e for e in code(text) if e.trigger.text == noun]
    assert beside.actors == ()


def test_an_event_beside_another_with_a_partner_is_the_subjects() -> None:
    text = "Police fired tear gas after clashes with protesters."
    (clashes,) = [e for e in code(text) if e.trigger.text == "clashes"]
    assert [a.name for a in clashes.actors] == ["Police"]


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
    event = next(e for e in code_with_headline(text, len(headline)) if e.type == "ASSAULT")
    assert tuple(a.name for a in event.actors) == actors
    if targets is not None:
        assert tuple(a.name for a in event.targets) == targets
    if counts is not None:
        assert {k: c.value for k, c in event.counts} == counts


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
    event = next(e for e in code_with_headline(text, len(headline)) if e.type == "ASSAULT")
    assert tuple(a.name for a in event.targets) == targets


def test_who_charges_a_suspect_in_a_shooting_is_not_its_shooter() -> None:
    (shooting,) = [e for e in code("Police charged a man in the shooting.") if e.type == "ASSAULT"]
    assert (shooting.status, shooting.actors) == ("occurred", ())


def test_a_passive_without_was_in_the_body_is_read_as_written() -> None:
    # Only headlines drop the "was": in a body sentence the subject acts.
    (event,) = [e for e in code("The gunman killed, police said.") if e.type == "ASSAULT"]
    assert tuple(a.name for a in event.actors) == ("gunman",)
