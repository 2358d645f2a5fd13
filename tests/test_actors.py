"""`sitrep.actors`: canonical name, sector and country of actor phrases."""

from __future__ import annotations

import pytest

from sitrep.actors import ActorInfo, ActorLexicon, load_actor_lexicon


@pytest.fixture(scope="module")
def lexicon() -> ActorLexicon:
    """The packaged lexicon (cached per process by `load_actor_lexicon`)."""
    return load_actor_lexicon()


@pytest.mark.parametrize(
    ("text", "head", "hint", "expected"),
    [
        # A demonym gives the country, the head word the sector.
        ("Kenyan lawmakers", "lawmaker", None, ActorInfo("Kenyan lawmakers", "LEG", "KEN")),
        ("Afghan police", "police", None, ActorInfo("Afghan police", "COP", "AFG")),
        # A named actor wins over the generic head word.
        ("Taliban fighters", "fighter", None, ActorInfo("Taliban", "REB", "AFG")),
        ("the Taliban's fighters", "fighter", None, ActorInfo("Taliban", "REB", "AFG")),
        ("HTS", "HTS", None, ActorInfo("Hayat Tahrir al-Sham", "REB", "SYR")),
        ("Hayat Tahrir al-Sham", "Sham", None, ActorInfo("Hayat Tahrir al-Sham", "REB", "SYR")),
        # State actors take the document's country; others do not.
        ("police", "police", None, ActorInfo("police", "COP", None)),
        ("police", "police", "AFG", ActorInfo("police", "COP", "AFG")),
        ("soldiers", "soldier", "SYR", ActorInfo("soldiers", "MIL", "SYR")),
        ("protesters", "protester", "AFG", ActorInfo("protesters", "CVL", None)),
        # Nothing is guessed for a word the lexicon does not know.
        ("the group", "group", None, ActorInfo("the group", None, None)),
        ("the group", "group", "AFG", ActorInfo("the group", None, None)),
        # A bare country or capital speaks for its government.
        ("Kenya", "Kenya", None, ActorInfo("Kenya", "GOV", "KEN")),
        ("Kabul", "Kabul", None, ActorInfo("Kabul", "GOV", "AFG")),
    ],
)
def test_describe(
    lexicon: ActorLexicon, text: str, head: str, hint: str | None, expected: ActorInfo
) -> None:
    assert lexicon.describe(text, head_lemma=head, country_hint=hint) == expected


@pytest.mark.parametrize(
    ("text", "iso3"),
    [("Kenyan", "KEN"), ("in Afghanistan", "AFG"), ("Syrian", "SYR"), ("the group", None)],
)
def test_country_of(lexicon: ActorLexicon, text: str, iso3: str | None) -> None:
    assert lexicon.country_of(text) == iso3


def test_a_small_lexicon_follows_the_same_rules() -> None:
    lexicon = ActorLexicon(
        named={"blue front": ActorInfo("Blue Front", "REB", "ZZZ")},
        generic={"militiaman": "REB", "minister": "GOV"},
        countries={"ruritanian": "RUR", "ruritania": "RUR"},
    )
    assert lexicon.describe("Blue Front gunmen", head_lemma="gunman") == ActorInfo(
        "Blue Front", "REB", "ZZZ"
    )
    assert lexicon.describe("Ruritanian militiamen", head_lemma="x") == ActorInfo(
        "Ruritanian militiamen", "REB", "RUR"
    )
    assert lexicon.describe("Ruritania", head_lemma="Ruritania") == ActorInfo(
        "Ruritania", "GOV", "RUR"
    )
