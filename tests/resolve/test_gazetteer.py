"""`sitrep.resolve.gazetteer`: name normalisation, the packaged gazetteer, and choosing among namesakes."""

from __future__ import annotations

import pickle
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from importlib import resources

import pytest

from sitrep.resolve.gazetteer import Gazetteer, GazetteerEntry, load_gazetteer, place_key, short_key

MOSUL = 99072
KANDAHAR = 1138336
KABUL = 1138958
IDLIB = 169389
SPRINGFIELD_MISSOURI = 4409896
SPRINGFIELD_QUEENSLAND = 9957703


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


@pytest.mark.parametrize(
    ("name", "hint", "geonames_id", "precision"),
    [
        ("Mosul", None, MOSUL, "city"),
        ("Kandahar", "AFG", KANDAHAR, "city"),
        ("Kabul", None, KABUL, "city"),
        # The city outranks the governorate of the same name (the text must say "province").
        ("Idlib", None, IDLIB, "city"),
        ("Idlib", "SYR", IDLIB, "city"),
        # Many Springfields: the biggest without a hint, the document's country's with one.
        ("Springfield", None, SPRINGFIELD_MISSOURI, "city"),
        ("Springfield", "USA", SPRINGFIELD_MISSOURI, "city"),
        ("Springfield", "AUS", SPRINGFIELD_QUEENSLAND, "city"),
        ("Springfield", "FRA", SPRINGFIELD_MISSOURI, "city"),
    ],
)
def test_namesakes_of_the_packaged_gazetteer(
    gazetteer: Gazetteer, name: str, hint: str | None, geonames_id: int, precision: str
) -> None:
    place = gazetteer.resolve(
        name, text=name, start=0, end=len(name), basis="sentence", country_hint=hint
    )
    assert (place.geonames_id, place.precision) == (geonames_id, precision)


def test_idlib_is_both_a_city_and_a_governorate(gazetteer: Gazetteer) -> None:
    found = gazetteer.candidates("Idlib")
    assert {(e.kind, e.country) for e in found} == {("city", "SYR"), ("admin1", "SYR")}


@pytest.mark.parametrize(
    ("geonames_id", "name", "country"),
    [(MOSUL, "Mosul", "IRQ"), (KABUL, "Kabul", "AFG"), (IDLIB, "Idlib", "SYR")],
)
def test_by_id_finds_a_place_by_its_geonames_id(
    gazetteer: Gazetteer, geonames_id: int, name: str, country: str
) -> None:
    entry = gazetteer.by_id(geonames_id)
    assert entry is not None
    assert (entry.geonames_id, entry.name, entry.country) == (geonames_id, name, country)
    assert entry in gazetteer.candidates(name)


@pytest.mark.parametrize("geonames_id", [0, -1, 999_999_999])
def test_by_id_of_an_unknown_id_is_none(gazetteer: Gazetteer, geonames_id: int) -> None:
    assert gazetteer.by_id(geonames_id) is None


def test_the_packaged_gazetteer_is_a_sqlite_file() -> None:
    data = resources.files("sitrep") / "data"
    with (data / "gazetteer.sqlite").open("rb") as file:
        assert file.read(16) == b"SQLite format 3\x00"
    assert not (data / "gazetteer.tsv.gz").is_file()  # the old format is gone


@pytest.mark.parametrize(
    "query",
    [
        "SELECT row FROM names WHERE key = 'kabul'",
        "SELECT row FROM places WHERE geonames_id = 1138958",
    ],
)
def test_lookups_search_an_index(query: str) -> None:
    resource = resources.files("sitrep") / "data" / "gazetteer.sqlite"
    with resources.as_file(resource) as path:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            plan = " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {query}"))
        finally:
            db.close()
    assert plan.startswith("SEARCH"), plan  # not SCAN: no lookup reads the whole table


def test_the_packaged_gazetteer_is_loaded_once(gazetteer: Gazetteer) -> None:
    assert load_gazetteer() is gazetteer
    assert len(gazetteer) > 90_000


def test_the_packaged_gazetteer_pickles_as_a_reference(gazetteer: Gazetteer) -> None:
    data = pickle.dumps(gazetteer)
    assert len(data) < 200  # the file is reopened by the receiver, never copied
    assert pickle.loads(data) is gazetteer  # the same process has it open already


def test_lookups_from_several_threads_agree(gazetteer: Gazetteer) -> None:
    names = ["Mosul", "Kabul", "Springfield", "Idlib", "Xyzzyville", "Aleppo"] * 20
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(gazetteer.best, names))
    assert found == [gazetteer.best(name) for name in names]


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


def test_a_small_gazetteer_finds_places_by_id(namesakes: Gazetteer) -> None:
    entry = namesakes.by_id(2)
    assert entry is not None
    assert entry.country == "KEN"
    assert namesakes.by_id(4) is None


def test_a_small_gazetteer_survives_pickling(namesakes: Gazetteer) -> None:
    copy = pickle.loads(pickle.dumps(namesakes))
    assert copy is not namesakes
    assert len(copy) == 3
    assert copy.candidates("Fair View") == namesakes.candidates("Fair View")
    assert [copy.best("Fairview", hint) for hint in ("KEN", "AFG", None)] == [
        namesakes.best("Fairview", hint) for hint in ("KEN", "AFG", None)
    ]


# ---------------------------------------------------------------- curated places


def _curated_rows() -> list[list[str]]:
    """The rows of the packaged places_extra.tsv (comments and header skipped), padded to 9."""
    text = (resources.files("sitrep") / "data" / "places_extra.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return [(line.split("\t") + [""] * 9)[:9] for line in lines[1:]]


@pytest.mark.parametrize(
    ("name", "hint", "kind", "country", "lat", "lon"),
    [
        ("Sheikh Maqsoud", None, "district", "SYR", 36.228, 37.155),
        ("Sheikh Maqsood", None, "district", "SYR", 36.228, 37.155),
        ("Jobar", None, "district", "SYR", 33.527, 36.330),
        ("Bab Amr", None, "district", "SYR", 34.713, 36.692),
        ("Rimal", None, "district", "PSE", 31.518, 34.448),
        ("Tel al-Hawa", None, "district", "PSE", 31.503, 34.438),
        ("al-Mawasi", None, "district", "PSE", 31.355, 34.265),
        # Without a hint "Zeitoun" is Żejtun in Malta (an alternate name of a town of 11,000).
        ("Zeitoun", "PSE", "district", "PSE", 31.490, 34.455),
        ("Beach camp", None, "camp", "PSE", 31.532, 34.447),
        ("Nur Shams", None, "camp", "PSE", 32.316, 35.062),
        ("Al-Shifa Hospital", None, "point", "PSE", 31.524, 34.446),
        ("Deir al-Balah", None, "city", "PSE", 31.418, 34.349),
        ("Dahiyeh", None, "district", "LBN", 33.853, 35.510),
        ("Dahieh", None, "district", "LBN", 33.853, 35.510),
        ("Sabra and Shatila", None, "camp", "LBN", 33.862, 35.498),
        ("Ain al-Hilweh", None, "camp", "LBN", 33.544, 35.380),
        ("Kadhimiya", None, "district", "IRQ", 33.380, 44.340),
        ("Ain al-Asad", None, "point", "IRQ", 33.800, 42.441),
        ("Dasht-i-Barchi", None, "district", "AFG", 34.505, 69.090),
        ("Hamar Weyne", None, "district", "SOM", 2.034, 45.343),
        ("Hodan", None, "district", "SOM", 2.030, 45.310),
        ("Zamzam", None, "camp", "SDN", 13.480, 25.300),
        ("Hagadera", None, "camp", "KEN", -0.005, 40.370),
        ("Azraq camp", None, "camp", "JOR", 31.910, 36.580),
        ("King Hussein Bridge", None, "crossing", "JOR", 31.873, 35.541),
        ("Wagah", None, "crossing", "PAK", 31.605, 74.573),
        ("Bab al-Salam", None, "crossing", "SYR", 36.640, 37.080),
        ("Rojava", None, "region", "SYR", 36.500, 40.500),
        ("Liptako-Gourma", None, "region", None, 14.500, 0.500),
        ("North Kivu", None, "admin1", "COD", -0.490, 29.280),
        ("Kharkiv region", None, "admin1", "UKR", 49.580, 36.350),
        # Without a hint "Borno" is Borna in Saxony (an alternate name of a town of 18,000).
        ("Borno", "NGA", "admin1", "NGA", 11.660, 12.950),
        ("Cite Soleil", None, "district", "HTI", 18.580, -72.330),
        ("Zaporizhzhia nuclear plant", None, "point", "UKR", 47.512, 34.585),
        ("Humera", None, "city", "ETH", 14.300, 36.615),
    ],
)
def test_curated_places_resolve_to_their_rows(
    gazetteer: Gazetteer,
    name: str,
    hint: str | None,
    kind: str,
    country: str | None,
    lat: float,
    lon: float,
) -> None:
    entry = gazetteer.best(name, hint)
    assert entry is not None
    assert (entry.kind, entry.country, entry.geonames_id) == (kind, country, None)
    assert entry.lat is not None
    assert entry.lon is not None
    # Within about 2 km of the curated centre.
    assert abs(entry.lat - lat) < 0.02
    assert abs(entry.lon - lon) < 0.02


@pytest.mark.parametrize("row", _curated_rows(), ids=lambda row: row[1])
def test_every_curated_row_is_well_formed(row: list[str]) -> None:
    _, name, kind, country, admin1, lat, lon, population, _ = row
    assert name
    assert country == "" or (len(country) == 3 and country.isascii() and country.isupper())
    assert -90 <= float(lat) <= 90
    assert -180 <= float(lon) <= 180
    # The kind is one the gazetteer reads as a precision.
    entry = GazetteerEntry(
        geonames_id=None,
        name=name,
        kind=kind,
        country=country or None,
        admin1=admin1 or None,
        lat=float(lat),
        lon=float(lon),
        population=int(population or 0),
    )
    place = Gazetteer.from_entries([(entry, [])]).resolve(
        name, text=name, start=0, end=len(name), basis="sentence"
    )
    assert place.precision != "unknown"


def test_place_name_words_are_the_words_of_notable_names_only() -> None:
    big = GazetteerEntry(7, "San Salvador", "city", "SLV", None, 13.7, -89.2, 500_000)
    small = GazetteerEntry(8, "Smallton", "city", "USA", None, 40.0, -90.0, 800)
    area = GazetteerEntry(9, "Upper Nile", "admin1", "SSD", None, 9.0, 32.0, 0)
    gazetteer = Gazetteer.from_entries([(big, ["Al-Salvador"]), (small, []), (area, [])])
    words = gazetteer.place_name_words()
    assert {"san", "salvador", "al", "upper", "nile"} <= words
    assert "smallton" not in words  # not notable: `is_place_name` says no to it
    assert gazetteer.place_name_words() is words  # read once
    # a word is asked about as the gazetteer keys it: "al-salvador" is "al salvador"
    assert gazetteer.is_place_word("al-salvador")
    assert gazetteer.is_place_word("nile")
    assert not gazetteer.is_place_word("smallton")
