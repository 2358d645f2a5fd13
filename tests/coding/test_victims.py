"""`sitrep.coding.victims`: counts read from the syntax when the words give no number."""

from __future__ import annotations

import pytest
from coding_helpers import code, stages

from sitrep.coding.victims import listed_before
from sitrep.model import Analysis, Document, Passage


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
    annotator, _ = stages()
    analysis = Analysis(Document(id="t", text=text), passages=(Passage(0, len(text), "body"),))
    parse = annotator(analysis).parse
    assert parse is not None
    token = next(t for t in parse.tokens if t.text == word)
    found = listed_before(parse, token)
    assert (found.text if found else None) == first
