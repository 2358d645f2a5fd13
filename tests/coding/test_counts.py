"""Casualty and detention counts read from single sentences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.coding.counts import find_counts
from sitrep.model import CountKind
from sitrep.ontology import COUNT_KINDS

Expected = dict[str, tuple[int, str]]

CASES: list[tuple[str, Expected]] = [
    # the brief's examples
    (
        "At least 35 militants were killed, 80 wounded and 120 taken prisoner in four days of clashes.",
        {"killed": (35, "at_least"), "wounded": (80, "exact"), "captured": (120, "exact")},
    ),
    ("AT LEAST 35 PEOPLE WERE KILLED IN THE BLAST.", {"killed": (35, "at_least")}),
    ("A soldier was killed near the border.", {"killed": (1, "exact")}),
    ("A policeman and two civilians were wounded.", {"wounded": (3, "exact")}),
    ("Three soldiers, two policemen and a civilian were killed.", {"killed": (6, "exact")}),
    ("35 people, including 10 children, were killed.", {"killed": (35, "exact")}),
    ("The blast killed nine civilians.", {"killed": (9, "exact")}),
    ("A 25-year-old man was killed in the attack.", {"killed": (1, "exact")}),
    ("The death toll rose to 35 on Monday.", {"killed": (35, "exact")}),
    ("The fighting left 14 people dead.", {"killed": (14, "exact")}),
    (
        "Five people were shot dead and two were arrested.",
        {"killed": (5, "exact"), "arrested": (2, "exact")},
    ),
    ("Two more bodies were found in the river.", {"killed": (2, "exact")}),
    ("An estimated 500 people lost their lives.", {"killed": (500, "about")}),
    ("Eight people died and 30 were injured.", {"killed": (8, "exact"), "wounded": (30, "exact")}),
    ("7 dead, 12 injured in Kabul blast", {"killed": (7, "exact"), "wounded": (12, "exact")}),
    (
        "One soldier was killed and 3 others were wounded.",
        {"killed": (1, "exact"), "wounded": (3, "exact")},
    ),
    # qualifiers and number forms
    ("More than 1,200 people were detained.", {"arrested": (1200, "more_than")}),
    ("Over 200 refugees crossed the border.", {"displaced": (200, "more_than")}),
    ("Fewer than 10 people were hurt.", {"wounded": (10, "fewer_than")}),
    ("Up to 40 people were abducted by gunmen.", {"abducted": (40, "up_to")}),
    ("About 12 people remain unaccounted for.", {"missing": (12, "about")}),
    ("Some 1.2 million people have been displaced.", {"displaced": (1_200_000, "about")}),
    ("Gunmen kidnapped twenty-five students on March 3.", {"abducted": (25, "exact")}),
    ("Dozens of people were injured.", {"wounded": (24, "at_least")}),
    ("Scores of civilians have died since March.", {"killed": (40, "at_least")}),
    ("Hundreds were detained in the crackdown.", {"arrested": (200, "at_least")}),
    ("Thousands of families were forced to flee.", {"displaced": (2000, "at_least")}),
    ("Tens of thousands of people have fled their homes.", {"displaced": (20_000, "at_least")}),
    ("More than a dozen people were injured.", {"wounded": (12, "more_than")}),
    ("Two hundred people were rounded up.", {"arrested": (200, "exact")}),
    # verbs before the number
    (
        "The bombing killed at least 20 people and injured more than 50.",
        {"killed": (20, "at_least"), "wounded": (50, "more_than")},
    ),
    (
        "A bomb exploded in a market, killing 12 and wounding 30.",
        {"killed": (12, "exact"), "wounded": (30, "exact")},
    ),
    ("Militants took 120 prisoners.", {"captured": (120, "exact")}),
    ("Militants took 20 people hostage.", {"abducted": (20, "exact")}),
    ("Police made 35 arrests.", {"arrested": (35, "exact")}),
    ("The arrest of 15 activists sparked protests.", {"arrested": (15, "exact")}),
    ("Gunmen seized 12 passengers from a bus.", {"abducted": (12, "exact")}),
    ("35 prisoners were taken.", {"captured": (35, "exact")}),
    ("Nine were held in custody.", {"arrested": (9, "exact")}),
    ("14 people are missing after the fighting.", {"missing": (14, "exact")}),
    # zeros
    ("No one was killed.", {"killed": (0, "exact")}),
    ("There were no casualties.", {"killed": (0, "exact"), "wounded": (0, "exact")}),
    ("Nobody was hurt.", {"wounded": (0, "exact")}),
    ("No one was killed or wounded.", {"killed": (0, "exact"), "wounded": (0, "exact")}),
    ("No arrests were made.", {"arrested": (0, "exact")}),
    # numbers that are not counts, next to counts
    ("The attack at 10 a.m. killed 12 people in 2019.", {"killed": (12, "exact")}),
    ("In 2019, 300 people were killed.", {"killed": (300, "exact")}),
    ("The army deployed 2,000 troops after 35 soldiers were killed.", {"killed": (35, "exact")}),
    ("A man, 30, was killed.", {"killed": (1, "exact")}),
    ("The attack came 3 days after 12 soldiers were killed.", {"killed": (12, "exact")}),
    # no counts at all
    ("2,000 troops attacked the town.", {}),
    ("2,000 troops killed the rebel leader.", {}),
    ("One of the wounded died in hospital.", {}),
    ("Two of them were arrested.", {}),
    ("There was no word on casualties.", {}),
    ("Rebels seized 3 vehicles.", {}),
    ("He paid $500 to the kidnappers.", {}),
    ("About 40 percent of the town was destroyed.", {}),
    ("He was sentenced to 10 years.", {}),
    ("The men were held for 3 days.", {}),
    ("Talks were held in Doha with 3 delegations.", {}),
    ("The third convoy was attacked on March 3.", {}),
    ("The wounded were taken to hospital.", {}),
    ("More than 100 people were killed or wounded.", {}),
    ("A suicide bomber killed the governor.", {}),
    ("Heavy fighting continued for four days.", {}),
    # Ages written with a space are ages, not tolls.
    ("A 12 year old boy was killed.", {}),
    ("Investigators had executed 44 search warrants in Tyler.", {}),
    ("UPDATE: 12 year-old girl killed in hunting accident", {}),
    # "fatally" in the cue of a coordinated subject: the parts add up.
    ("Six children and two adults were fatally shot.", {"killed": (8, "exact")}),
    # A qualifier with nothing after it ends the sentence: no count, no crash.
    ("Three were killed and the fighting is not over", {"killed": (3, "exact")}),
    ("The toll rose to about", {}),
    # A date's day, a year after its date, an age and a video's running time are no counts.
    ("The girl shot in Chapel Hill Dec. 25 has died.", {}),
    ("Related: January 9, 2017 Man dead after shootout", {}),
    ("A child under the age of 10 was killed in a drive-by.", {}),
    ("0:27 Father of man killed during robbery talks about the sentences", {}),
    ("On Jan. 5, 12 people were killed.", {"killed": (12, "exact")}),
    (
        "Atlanta news: Three dead, two wounded in shooting",
        {"killed": (3, "exact"), "wounded": (2, "exact")},
    ),
    ("Two men were shot and killed in Oakland.", {"killed": (2, "exact")}),
    ("A gunman shot and killed three people.", {"killed": (3, "exact")}),
    ("Woman killed in shooting", {}),  # a bare person counts only in a headline
    # an age before a person is part of the person listed
    ("A 5-year-old boy and two women were wounded.", {"wounded": (3, "exact")}),
    ("An 11-month-old baby and a man were shot and killed.", {"killed": (2, "exact")}),
    # a list ends with "and"; without one, a comma joins an apposition
    ("A sixth person, a 37-year-old woman, was fatally shot.", {"killed": (1, "exact")}),
    ("Three men, two women and a child were killed.", {"killed": (6, "exact")}),
    # a double, triple or quadruple homicide, murder, slaying or killing
    ("Two men were indicted in a double murder at the plant.", {"killed": (2, "exact")}),
    ("Police investigate a triple homicide.", {"killed": (3, "exact")}),
    ("Four people were killed in a triple homicide.", {"killed": (4, "exact")}),  # words win
    ("Police investigate a double shooting.", {}),
    ("Police investigate a double murder-suicide.", {}),  # the killer counts too
    # the killer who takes his own life is one more dead
    ("The gunman killed three people and then himself.", {"killed": (4, "exact")}),
    ("She killed her two children and then herself.", {"killed": (3, "exact")}),
    ("Three people were killed and himself", {"killed": (3, "exact")}),
    # A numeral too long to count people is no count (and no crash: Python refuses
    # to turn more than 4,300 digits into an int); nor is a superscript digit.
    ("Rebels killed " + "9" * 5000 + " people.", {}),
    ("Rebels killed 1,000,000,000,000,000 people.", {}),
    ("Rebels killed ² people.", {}),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_counts(sentence: str, expected: Expected) -> None:
    got = {kind: (c.value, c.qualifier) for kind, c in find_counts(sentence)}
    assert got == expected


HEADLINES: list[tuple[str, Expected]] = [
    # Headlines drop their articles: a bare person starting a phrase is one person.
    ("Woman killed in shooting", {"killed": (1, "exact")}),
    ("Teen Shot To Death In Pacoima", {"killed": (1, "exact")}),
    ("17-year-old dies after apparent accidental shooting", {"killed": (1, "exact")}),
    (
        "Man, 18, killed, two other teens injured in shooting",
        {"killed": (1, "exact"), "wounded": (2, "exact")},
    ),
    (
        "Drive-by shooting kills teen girl, injures 4",
        {"killed": (1, "exact"), "wounded": (4, "exact")},
    ),
    ("Man, baby found dead inside home", {"killed": (2, "exact")}),
    ("Mother, boy fatally shot in head", {"killed": (2, "exact")}),
    ("2 adults, 2 children killed in murder-suicide", {"killed": (4, "exact")}),  # no "and"
    ("Three-year-old fatally shot in Anchorage", {"killed": (1, "exact")}),
    ("Man, 11-Year-Old Daughter Dead In Apparent Murder-Suicide", {"killed": (2, "exact")}),
    ("Officer shot, suspect killed", {"killed": (1, "exact")}),
    ("Man, 20, shot and killed in Oakland", {"killed": (1, "exact")}),
    ("Suspect arrested in shooting of teen", {"arrested": (1, "exact")}),
    # active, not a toll: the man killed; a person inside a phrase is no count
    ("Man killed wife, police say", {}),
    ("Police search for suspect after shooting", {}),
    ("Mother of slain teen speaks out", {}),
    ("Gunman shot and killed two people", {"killed": (2, "exact")}),
]


@pytest.mark.parametrize(("headline", "expected"), HEADLINES)
def test_headline_counts(headline: str, expected: Expected) -> None:
    got = {kind: (c.value, c.qualifier) for kind, c in find_counts(headline, headline=True)}
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "kind", "words"),
    [
        (
            "At least 35 militants were killed, 80 wounded and 120 taken prisoner.",
            "killed",
            "At least 35 militants were killed",
        ),
        (
            "At least 35 militants were killed, 80 wounded and 120 taken prisoner.",
            "wounded",
            "80 wounded",
        ),
        (
            "At least 35 militants were killed, 80 wounded and 120 taken prisoner.",
            "captured",
            "120 taken prisoner",
        ),
        (
            "The raid ended, killing nine civilians in the village.",
            "killed",
            "killing nine civilians",
        ),
        ("The death toll rose to 35 on Monday.", "killed", "death toll rose to 35"),
    ],
)
def test_count_text(sentence: str, kind: CountKind, words: str) -> None:
    counts = dict(find_counts(sentence))
    assert counts[kind].text == words


@pytest.mark.parametrize("offset", [1, 57, 10_000])
@pytest.mark.parametrize(("sentence", "expected"), [c for c in CASES if c[1]])
def test_offsets(sentence: str, expected: Expected, offset: int) -> None:
    document = "x" * offset + sentence
    counts = find_counts(document[offset:], offset)
    assert counts
    for _kind, count in counts:
        assert document[count.start : count.end] == count.text
        assert sentence[count.start - offset : count.end - offset] == count.text


def test_one_count_per_kind_the_first() -> None:
    counts = dict(find_counts("12 soldiers were killed on Monday and 30 more died on Tuesday."))
    assert counts["killed"].value == 12


@pytest.mark.parametrize(("sentence", "_expected"), CASES)
def test_order_follows_count_kinds(sentence: str, _expected: Expected) -> None:
    kinds = [kind for kind, _ in find_counts(sentence)]
    assert kinds == sorted(kinds, key=COUNT_KINDS.index)
    assert len(kinds) == len(set(kinds))


#: Words the count rules react to, so that random sentences reach their corners.
_COUNT_WORDS = (
    "at least more than over about nearly up to no fewer than a an the dozens hundreds of "
    "thousands tens 3 12 1,200 2.5 million two twenty-one were was killed wounded dead "
    "arrested people soldiers and , . toll rose to man girl teen 17-year-old kills dies shot"
).split()


@given(st.lists(st.sampled_from(_COUNT_WORDS), max_size=14), st.booleans())
def test_any_word_sequence_reads_without_error(words: list[str], headline: bool) -> None:
    text = " ".join(words)
    for _kind, count in find_counts(text, headline=headline):
        assert count.value >= 0
        assert text[count.start : count.end] == count.text
