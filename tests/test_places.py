"""`sitrep.places`: name normalisation, the packaged gazetteer, and choosing among namesakes."""

from __future__ import annotations

import pytest

from sitrep.places import Gazetteer, GazetteerEntry, load_gazetteer, place_key, short_key

MOSUL = 99072
KANDAHAR = 1138336
KABUL = 1138958


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The packaged gazetteer (cached per process by `load_gazetteer`)."""
    return load_gazetteer()


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Al-Mawsil", "al mawsil"),
        ("al Mawsil", "al mawsil"),
        ("Kandahār", "kandahar"),
        ("São Paulo", "sao paulo"),
        ("Ta'izz", "taizz"),
        ("Ta\u2019izz", "taizz"),
        ("Côte d'Ivoire", "cote divoire"),
        ("  Sana'a  ", "sanaa"),
        ("KABUL", "kabul"),
        ("Deir ez-Zor", "deir ez zor"),
    ],
)
def test_place_key_normalises(name: str, key: str) -> None:
    assert place_key(name) == key


@pytest.mark.parametrize(
    ("key", "short"),
    [("al mawsil", "mawsil"), ("the hague", "hague"), ("el fasher", "fasher"), ("kabul", "kabul")],
)
def test_short_key_drops_a_leading_article(key: str, short: str) -> None:
    assert short_key(key) == short


@pytest.mark.parametrize(
    ("name", "geonames_id", "country"),
    [
        ("Mosul", MOSUL, "IRQ"),
        ("Al-Mawsil", MOSUL, "IRQ"),
        ("al Mawsil", MOSUL, "IRQ"),
        ("Mawsil", MOSUL, "IRQ"),
        ("Kandahar", KANDAHAR, "AFG"),
        ("Qandahar", KANDAHAR, "AFG"),
        ("Kandahār", KANDAHAR, "AFG"),
        ("Kabul", KABUL, "AFG"),
    ],
)
def test_spelling_variants_resolve_to_one_place(
    gazetteer: Gazetteer, name: str, geonames_id: int, country: str
) -> None:
    place = gazetteer.resolve(name, text=name, start=0, end=len(name), basis="sentence")
    assert place.geonames_id == geonames_id
    assert place.country == country
    assert place.precision == "city"
    assert place.lat is not None
    assert place.lon is not None
    # The mention keeps the words of the text; the name is the gazetteer's.
    assert place.text == name


@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Syria", "SYR"), ("Afghanistan", "AFG"), ("Kenya", "KEN"), ("Iraq", "IRQ")],
)
def test_country_names_resolve_to_country_precision(
    gazetteer: Gazetteer, name: str, iso3: str
) -> None:
    place = gazetteer.resolve(name, text=name, start=5, end=5 + len(name), basis="document")
    assert place.precision == "country"
    assert place.country == iso3
    assert (place.start, place.end, place.basis) == (5, 5 + len(name), "document")


@pytest.mark.parametrize("name", ["Xyzzyville", "Qqqabad Minor"])
def test_unknown_names_keep_their_text(gazetteer: Gazetteer, name: str) -> None:
    place = gazetteer.resolve(name, text=name, start=0, end=len(name), basis="context")
    assert place.name == name
    assert place.precision == "unknown"
    assert (place.lat, place.lon, place.geonames_id, place.country) == (None, None, None, None)
    assert gazetteer.best(name) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kabul", True),
        ("Syria", True),
        ("Mosul", True),
        ("Monday", False),
        ("kabul", False),  # lower-case words are never taken for places
        ("syria", False),
        ("Xyzzyville", False),
        ("", False),
    ],
)
def test_is_place_name(gazetteer: Gazetteer, text: str, expected: bool) -> None:
    assert gazetteer.is_place_name(text) is expected


# ---------------------------------------------------------------- a tiny gazetteer


def _entry(ident: int, country: str, population: int, kind: str = "city") -> GazetteerEntry:
    return GazetteerEntry(
        geonames_id=ident,
        name="Fairview",
        kind=kind,
        country=country,
        admin1=None,
        lat=1.0,
        lon=2.0,
        population=population,
    )


@pytest.fixture
def namesakes() -> Gazetteer:
    """Three towns called Fairview; the American one is the biggest."""
    return Gazetteer.from_entries(
        [
            (_entry(1, "USA", 90_000), ["Fair View"]),
            (_entry(2, "KEN", 5_000), []),
            (_entry(3, "AFG", 800), ["Al-Fairview"]),
        ]
    )


@pytest.mark.parametrize(
    ("hint", "expected"),
    [(None, 1), ("USA", 1), ("KEN", 2), ("AFG", 3), ("FRA", 1)],
)
def test_country_hint_chooses_among_namesakes(
    namesakes: Gazetteer, hint: str | None, expected: int
) -> None:
    place = namesakes.resolve(
        "Fairview", text="Fairview", start=0, end=8, basis="sentence", country_hint=hint
    )
    assert place.geonames_id == expected


@pytest.mark.parametrize(
    ("alias", "ids"), [("Fair View", {1}), ("fairview", {1, 2, 3}), ("Nowhere", set())]
)
def test_candidates_go_by_name_and_alias(namesakes: Gazetteer, alias: str, ids: set[int]) -> None:
    assert {e.geonames_id for e in namesakes.candidates(alias)} == ids


def test_candidates_list_each_place_once(namesakes: Gazetteer) -> None:
    # "Al-Fairview" shortens to "fairview", the place's own key: still one candidate.
    assert len(namesakes.candidates("Fairview")) == 3


def test_small_namesakes_are_not_notable_place_names(namesakes: Gazetteer) -> None:
    # Cities under 100,000 people are not enough to call a bare name a place.
    assert len(namesakes) == 3
    assert not namesakes.is_place_name("Fairview")


def test_a_country_outranks_a_city_of_the_same_name() -> None:
    gaz = Gazetteer.from_entries(
        [
            (_entry(10, "USA", 2_000_000), []),
            (_entry(11, "FVW", 50_000, kind="country"), []),
        ]
    )
    best = gaz.best("Fairview")
    assert best is not None
    assert best.geonames_id == 11
