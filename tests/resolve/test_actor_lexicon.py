"""`sitrep.resolve.actor_lexicon`: canonical name, sector and country of actor phrases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.resolve.actor_lexicon import (
    ActorInfo,
    ActorLexicon,
    CountryNames,
    countries_from_tsv,
    entries_from_yaml,
    load_actor_lexicon,
    phrase_key,
)

SMALL = """
- id: blue-front
  name: Blue Front
  kind: organisation
  sector: REB
  country: RUR
  aliases: [BF, Front Bleu]
- id: ruritania-army
  name: Royal Ruritanian Army
  sector: MIL
  country: RUR
  aliases: [RRA]
- id: anna-novak
  name: Anna Novak
  kind: person
  sector: ELI
  country: RUR
  aliases: [Novak]
  affiliations:
    - {org: blue-front, role: commander, sector: REB, from: 1990-01-01, until: 1999-12-31}
    - {role: President, sector: GOV, from: 2004-06-01}
- id: piotr-novak
  name: Piotr Novak
  kind: person
  sector: ELI
  country: GRA
  aliases: [Novak]
  affiliations:
    - {role: Prime Minister, sector: GOV, from: 2000-01-01, until: 2003-12-31}
"""
COUNTRIES = [
    CountryNames("RUR", ("Ruritania",), ("Ruritanian", "Ruritanians"), ("Strelsau",)),
    CountryNames("GRA", ("Graustark",), ("Graustarkian", "Graustarkians"), ("Edelweiss",)),
]
GENERIC = {"militiaman": "REB", "minister": "GOV", "police": "COP", "protester": "CVL",
           "soldier": "MIL", "group": "", "lawmaker": "LEG", "judge": "JUD",
           "spokesman": "GOV"}  # fmt: skip


@pytest.fixture(scope="module")
def small() -> ActorLexicon:
    """A made-up dictionary: two countries, two organisations, two namesakes."""
    generic = {k: v for k, v in GENERIC.items() if v}
    return ActorLexicon(entries_from_yaml(SMALL, "test"), generic, COUNTRIES)


def _describe(lexicon: ActorLexicon, text: str, **kw: object) -> ActorInfo:
    head = text.split()[-1].rstrip("s").casefold()
    return lexicon.describe(text, head_lemma=head, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kw", "expected"),
    [
        # A named actor wins over the generic head word; aliases and possessives.
        ("Blue Front militiamen", {}, ActorInfo("Blue Front", "REB", "RUR", "blue-front")),
        ("the BF's fighters", {}, ActorInfo("Blue Front", "REB", "RUR", "blue-front")),
        ("RRA soldiers", {}, ActorInfo("Royal Ruritanian Army", "MIL", "RUR", "ruritania-army")),
        # A demonym gives the country, the head word the sector.
        ("Ruritanian lawmakers", {}, ActorInfo("Ruritanian lawmakers", "LEG", "RUR")),
        # State actors take the document's country; others do not.
        ("police", {"country_hint": "GRA"}, ActorInfo("police", "COP", "GRA")),
        ("protesters", {"country_hint": "GRA"}, ActorInfo("protesters", "CVL", None)),
        # A place the sentence puts the actor in gives its country.
        ("protesters", {"place_country": "GRA"}, ActorInfo("protesters", "CVL", "GRA")),
        # An ethnic group lives where the text puts it, not where its name comes from.
        ("ethnic Ruritanians", {"place_country": "GRA"}, ActorInfo("ethnic Ruritanians", "CVL", "GRA")),
        # A bare country or capital speaks for its government; a plural demonym is its people.
        ("Ruritania", {}, ActorInfo("Ruritania", "GOV", "RUR")),
        ("Strelsau", {}, ActorInfo("Strelsau", "GOV", "RUR")),
        ("Ruritanians", {}, ActorInfo("Ruritanians", "CVL", "RUR")),
        ("Ruritanian", {}, ActorInfo("Ruritanian", None, "RUR")),
        # A misspelt country word still gives the country.
        ("Ruritannia", {}, ActorInfo("Ruritannia", "GOV", "RUR")),
        ("Graustarkain troops", {}, ActorInfo("Graustarkain troops", None, "GRA")),
        # Nothing is guessed for words the dictionary does not know.
        ("the group", {"country_hint": "GRA"}, ActorInfo("the group", None, None)),
    ],
)  # fmt: skip
def test_describe(
    small: ActorLexicon, text: str, kw: dict[str, object], expected: ActorInfo
) -> None:
    assert _describe(small, text, **kw) == expected


@pytest.mark.parametrize(
    ("text", "day", "place", "sector", "ident"),
    [
        # The affiliation holding on the report's date gives the sector.
        ("Anna Novak", dt.date(1995, 5, 1), None, "REB", "anna-novak"),
        ("Anna Novak", dt.date(2002, 5, 1), None, "ELI", "anna-novak"),
        ("President Anna Novak", dt.date(2010, 1, 1), None, "GOV", "anna-novak"),
        # Without a date, the latest affiliation.
        ("Anna Novak", None, None, "GOV", "anna-novak"),
        # "former", "ousted" make a person an individual elite.
        ("former President Anna Novak", dt.date(2010, 1, 1), None, "ELI", "anna-novak"),
        # Namesakes: the one in office on the date, else the one of the phrase's country.
        ("Novak", dt.date(2001, 1, 1), None, "GOV", "piotr-novak"),
        ("Novak", dt.date(2008, 1, 1), None, "GOV", "anna-novak"),
        ("Novak", dt.date(1980, 1, 1), "GRA", "ELI", "piotr-novak"),
        # "X's fighters" are the body X leads on the day, not X.
        ("Anna Novak's fighters", dt.date(1995, 5, 1), None, "REB", "blue-front"),
        # ... and stay X when X leads nothing the dictionary knows then.
        ("Anna Novak's aides", dt.date(2002, 5, 1), None, "ELI", "anna-novak"),
    ],
)  # fmt: skip
def test_people_by_date(
    small: ActorLexicon, text: str, day: dt.date | None, place: str | None, sector: str, ident: str
) -> None:
    info = small.describe(text, head_lemma=text.split()[-1], on=day, place_country=place)
    assert (info.sector, info.id) == (sector, ident)


@pytest.mark.parametrize(
    ("text", "key"),
    [("the Taliban's fighters", "taliban fighters"), ("Al-Shabaab", "al shabaab"),
     ("U.S. troops", "u.s troops"), ("The group", "group")],
)  # fmt: skip
def test_phrase_key(text: str, key: str) -> None:
    assert phrase_key(text) == key


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {id: x}", "needs at least `id` and `name`"),
        ("- {id: x, name: X, sector: ZZZ}", "unknown sector 'ZZZ'"),
        ("- {id: x, name: X, kind: thing}", "kind must be organisation or person"),
        ("- {id: x, name: X, affiliations: [{role: r, from: soon}]}", "'soon' is not a date"),
        ("id: x", "must be a YAML list"),
        ("- [unclosed", "is not valid YAML"),
    ],
)
def test_bad_dictionary_files_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        entries_from_yaml(text, "mine.yaml")


def test_countries_from_tsv() -> None:
    text = "# comment\niso3\tnames\tdemonyms\tcapitals\nKEN\tKenya\tKenyan|Kenyans\tNairobi\n"
    assert countries_from_tsv(text) == [
        CountryNames("KEN", ("Kenya",), ("Kenyan", "Kenyans"), ("Nairobi",))
    ]


# ---------------------------------------------------------------- the packaged dictionary


@pytest.fixture(scope="module")
def packaged() -> ActorLexicon:
    """The packaged dictionary (cached per process by `load_actor_lexicon`)."""
    return load_actor_lexicon()


@pytest.mark.parametrize(
    ("text", "head", "sector", "country"),
    [
        ("Kenyan lawmakers", "lawmaker", "LEG", "KEN"),
        ("Afghan police", "police", "COP", "AFG"),
        ("Taliban fighters", "fighter", "REB", "AFG"),
        ("HTS", "HTS", "REB", "SYR"),
        ("Kenya", "Kenya", "GOV", "KEN"),
        ("Kabul", "Kabul", "GOV", "AFG"),
        ("Liberians", "Liberian", "CVL", "LBR"),
        ("Ethopia", "Ethopia", "GOV", "ETH"),
        ("Israeli tanks", "tank", "MIL", "ISR"),
        ("Vladimir Putin", "Putin", "GOV", "RUS"),
        ("the European Community", "Community", "IGO", None),
    ],
)
def test_packaged_dictionary(
    packaged: ActorLexicon, text: str, head: str, sector: str, country: str | None
) -> None:
    info = packaged.describe(text, head_lemma=head)
    assert (info.sector, info.country) == (sector, country)


def test_a_users_file_extends_and_overrides(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- {id: local-militia, name: Valley Guards, sector: REB, country: KEN,"
        " aliases: [the Guards]}\n",
        encoding="utf-8",
    )
    lexicon = load_actor_lexicon(str(mine))
    info = lexicon.describe("the Guards", head_lemma="guard")
    assert (info.name, info.sector, info.country) == ("Valley Guards", "REB", "KEN")
    assert len(lexicon) == len(load_actor_lexicon()) + 1


def test_a_missing_users_file_fails_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_actor_lexicon(str(tmp_path / "nope.yaml"))
