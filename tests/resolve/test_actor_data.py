"""The packaged actor data is well formed: the YAML dictionaries, countries.tsv and its builder.

These tests read the files directly (not through sitrep.resolve.actor_lexicon), so that a broken
entry is reported by file and id, whatever the loader does with it.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

pycountry = pytest.importorskip("pycountry")

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "sitrep" / "data"
ACTORS = DATA / "actors"
FILES = ("organisations.yaml", "people.yaml")
KIND_OF_FILE = {"organisations.yaml": "organisation", "people.yaml": "person"}

SECTORS = frozenset("GOV MIL COP REB PTY OPP CVL ELI IGO NGO MED REL JUD LEG BUS CRM".split())
#: Codes outside ISO 3166-1 the data uses: withdrawn ISO 3166-3 codes of states that
#: 1985-2005 news names, and Kosovo's user-assigned code.
EXTRA_CODES = frozenset({"SUN", "YUG", "CSK", "DDR", "ZAR", "YMD", "SCG", "XKX"})
ENTRY_KEYS = frozenset({"id", "name", "kind", "sector", "country", "aliases", "parent"})
ENTRY_KEYS |= {"affiliations"}
AFFILIATION_KEYS = frozenset({"org", "role", "sector", "from", "until"})
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: Aliases two organisations really share in news; the resolver tells them apart by country.
SHARED_ALIASES = frozenset(
    {
        "cpc",  # Communist Party of China and the Coalition of Patriots for Change (CAR)
        "jem",  # Justice and Equality Movement (Sudan) and Jaish-e-Mohammed (Pakistan)
        "rsf",  # Rapid Support Forces (Sudan) and Reporters Without Borders
        "sla",  # South Lebanon Army and Sudan Liberation Movement/Army
        "sna",  # Somali National Army and Syrian National Army
        "uda",  # Ulster Defence Association and Kenya's United Democratic Alliance
    }
)

#: The organisations of the first, small table (actors_named.tsv), which the YAML replaced.
MIGRATED = (
    "Taliban",
    "al-Shabaab",
    "Islamic State",
    "Islamic State West Africa Province",
    "Boko Haram",
    "al-Qaeda",
    "al-Qaeda in the Arabian Peninsula",
    "Jama'at Nusrat al-Islam wal-Muslimin",
    "Hayat Tahrir al-Sham",
    "Syrian Democratic Forces",
    "Hamas",
    "Palestinian Islamic Jihad",
    "Hezbollah",
    "Houthis",
    "Rapid Support Forces",
    "Sudanese Armed Forces",
    "Wagner Group",
    "M23",
    "Allied Democratic Forces",
    "Kurdistan Workers' Party",
    "Tigray People's Liberation Front",
    "Fano",
    "National Liberation Army",
    "Revolutionary Armed Forces of Colombia",
    "Tehrik-i-Taliban Pakistan",
    "Arakan Army",
    "United Nations",
    "North Atlantic Treaty Organization",
    "African Union",
    "African Union Transition Mission in Somalia",
    "European Union",
    "Economic Community of West African States",
    "Intergovernmental Authority on Development",
    "International Committee of the Red Cross",
    "Médecins Sans Frontières",
    "Amnesty International",
    "Human Rights Watch",
    "International Criminal Court",
)


@functools.cache
def entries(name: str) -> list[dict[str, Any]]:
    """The entries of one YAML file."""
    loaded = yaml.safe_load((ACTORS / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, list), f"{name} is not a list of entries"
    assert all(isinstance(item, dict) for item in loaded), f"{name}: an entry is not a mapping"
    return loaded


def all_entries() -> list[dict[str, Any]]:
    """Entries of every file."""
    return [entry for name in FILES for entry in entries(name)]


def ids() -> set[str]:
    """Every id in the dictionary."""
    return {str(entry["id"]) for entry in all_entries()}


def is_country(code: object) -> bool:
    """An ISO 3166-1 alpha-3 code, or one of the extra codes we use."""
    if not isinstance(code, str) or len(code) != 3:
        return False
    return code in EXTRA_CODES or pycountry.countries.get(alpha_3=code) is not None


def alias_key(alias: str) -> str:
    """Aliases count as the same when they differ in case or spacing only."""
    return " ".join(alias.casefold().split())


@pytest.mark.parametrize("name", FILES)
def test_entries_have_the_required_keys(name: str) -> None:
    for entry in entries(name):
        missing = {"id", "name", "kind", "sector"} - set(entry)
        assert not missing, f"{name}: {entry.get('id')} lacks {sorted(missing)}"
        unknown = set(entry) - ENTRY_KEYS
        assert not unknown, f"{name}: {entry['id']} has unknown keys {sorted(unknown)}"
        assert isinstance(entry["name"], str), entry["id"]
        assert entry["name"].strip(), entry["id"]


@pytest.mark.parametrize("name", FILES)
def test_kind_and_sector_are_known(name: str) -> None:
    for entry in entries(name):
        assert entry["kind"] == KIND_OF_FILE[name], f"{name}: {entry['id']} kind {entry['kind']}"
        assert entry["sector"] in SECTORS, f"{name}: {entry['id']} sector {entry['sector']}"


def test_ids_are_unique_slugs() -> None:
    seen: dict[str, int] = defaultdict(int)
    for entry in all_entries():
        assert isinstance(entry["id"], str), entry["id"]
        assert SLUG.fullmatch(entry["id"]), entry["id"]
        seen[entry["id"]] += 1
    assert not [i for i, n in seen.items() if n > 1], "ids used twice"


@pytest.mark.parametrize("name", FILES)
def test_countries_are_alpha3_codes(name: str) -> None:
    for entry in entries(name):
        country = entry.get("country")
        assert country is None or is_country(country), f"{entry['id']}: country {country!r}"


def test_international_bodies_have_no_country() -> None:
    igos = [e for e in entries("organisations.yaml") if e["sector"] == "IGO"]
    assert igos
    assert [e["id"] for e in igos if e.get("country")] == []


def test_parents_exist() -> None:
    known = ids()
    for entry in all_entries():
        parent = entry.get("parent")
        assert parent is None or parent in known, f"{entry['id']}: parent {parent!r}"
        assert parent != entry["id"], entry["id"]


@pytest.mark.parametrize("name", FILES)
def test_affiliations_point_to_entries_with_ordered_dates(name: str) -> None:
    known = ids()
    for entry in entries(name):
        for aff in entry.get("affiliations") or []:
            where = f"{name}: {entry['id']} {aff}"
            assert isinstance(aff, dict), where
            assert set(aff) <= AFFILIATION_KEYS, where
            assert aff.get("org") in known, where
            assert aff.get("sector") is None or aff["sector"] in SECTORS, where
            start, end = aff.get("from"), aff.get("until")
            for day in (start, end):
                # A datetime would also pass isinstance(date); the data holds days only.
                assert day is None or type(day) is dt.date, where
            if start is not None and end is not None:
                assert start <= end, where


@pytest.mark.parametrize("name", FILES)
def test_aliases_are_distinct_strings(name: str) -> None:
    for entry in entries(name):
        aliases = entry.get("aliases") or []
        assert isinstance(aliases, list), entry["id"]
        assert all(isinstance(a, str) and a.strip() for a in aliases), entry["id"]
        keys = [alias_key(a) for a in aliases]
        assert len(keys) == len(set(keys)), f"{entry['id']}: an alias is listed twice"
        assert alias_key(entry["name"]) not in keys, f"{entry['id']}: the name is also an alias"


def test_shared_aliases_are_namesakes_or_allowed() -> None:
    owners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in all_entries():
        for alias in {alias_key(a) for a in [entry["name"], *(entry.get("aliases") or [])]}:
            owners[alias].append(entry)
    clashes = {
        alias: [e["id"] for e in found]
        for alias, found in owners.items()
        if len(found) > 1
        and alias not in SHARED_ALIASES
        and any(e["kind"] != "person" for e in found)
    }
    assert clashes == {}


def test_allowed_shared_aliases_are_still_shared() -> None:
    """An allow-list entry nobody needs any more is removed, so the list stays short."""
    counts: dict[str, int] = defaultdict(int)
    for entry in all_entries():
        for alias in {alias_key(a) for a in entry.get("aliases") or []}:
            counts[alias] += 1
    assert {a for a in SHARED_ALIASES if counts[a] < 2} == set()


@pytest.mark.parametrize("name", MIGRATED)
def test_first_table_is_migrated(name: str) -> None:
    names = {alias_key(e["name"]) for e in entries("organisations.yaml")}
    assert alias_key(name) in names


@pytest.mark.parametrize(
    ("name", "sectors", "minimum"),
    [
        ("organisations.yaml", {"REB", "CRM"}, 120),  # armed non-state groups
        ("organisations.yaml", {"MIL", "COP"}, 80),  # armies, police, security services
        ("organisations.yaml", {"IGO"}, 50),
        ("organisations.yaml", {"NGO"}, 25),
        ("organisations.yaml", {"PTY", "OPP"}, 80),
        ("organisations.yaml", {"MED"}, 15),
        ("organisations.yaml", {"CRM"}, 10),
        ("people.yaml", set(SECTORS), 300),
    ],
)
def test_minimum_counts(name: str, sectors: set[str], minimum: int) -> None:
    assert sum(e["sector"] in sectors for e in entries(name)) >= minimum


def test_most_people_have_a_dated_role() -> None:
    dated = [
        e for e in entries("people.yaml") if any(a.get("from") for a in e.get("affiliations") or [])
    ]
    assert len(dated) >= 250


@pytest.mark.parametrize(
    ("person", "day", "org", "role_sector"),
    [
        ("vladimir-putin", dt.date(2001, 1, 1), "gov-rus", "GOV"),
        ("vladimir-putin", dt.date(2010, 1, 1), "gov-rus", "GOV"),
        ("hafez-al-assad", dt.date(1995, 6, 1), "gov-syr", "GOV"),
        ("bashar-al-assad", dt.date(2005, 1, 1), "gov-syr", "GOV"),
        ("yasser-arafat", dt.date(1990, 1, 1), "plo", "REB"),
        ("ahmed-al-sharaa", dt.date(2020, 1, 1), "hts", "REB"),
        ("ahmed-al-sharaa", dt.date(2025, 6, 1), "gov-syr", "GOV"),
        ("mahmoud-abbas", dt.date(2010, 1, 1), "gov-pse", "GOV"),
        ("kofi-annan", dt.date(2000, 1, 1), "un", "IGO"),
    ],
)
def test_roles_hold_on_their_dates(person: str, day: dt.date, org: str, role_sector: str) -> None:
    entry = next(e for e in entries("people.yaml") if e["id"] == person)
    holding = [
        a
        for a in entry.get("affiliations") or []
        if (a.get("from") or dt.date.min) <= day <= (a.get("until") or dt.date.max)
    ]
    assert [(a["org"], a.get("sector")) for a in holding] == [(org, role_sector)]


def country_rows() -> list[list[str]]:
    """The data rows of countries.tsv, after the comment header and the column names."""
    lines = (ACTORS / "countries.tsv").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    assert body[0].split("\t") == ["iso3", "names", "demonyms", "capitals"]
    return [line.split("\t") for line in body[1:]]


def test_countries_table_rows_are_valid() -> None:
    rows = country_rows()
    assert len(rows) >= 200
    assert [r[0] for r in rows] == sorted({r[0] for r in rows}), "sorted, one row per code"
    for row in rows:
        assert len(row) == 4, row
        assert is_country(row[0]), row[0]
        assert row[1], f"{row[0]} has no name"
        assert all(row[1].split("|")), f"{row[0]} has an empty name"
        assert '"' not in "".join(row), row[0]


def test_a_country_word_names_one_country() -> None:
    owner: dict[str, str] = {}
    for iso3, *columns in country_rows():
        for form in (f for column in columns for f in column.split("|") if f):
            assert owner.setdefault(form.casefold(), iso3) == iso3, form


def test_every_country_of_an_entry_has_words() -> None:
    listed = {row[0] for row in country_rows()}
    used = {e["country"] for e in all_entries() if e.get("country")}
    assert used - listed == set()


@pytest.mark.parametrize(
    ("iso3", "column", "form"),
    [
        ("KEN", 2, "Kenyans"),
        ("SUN", 1, "Soviet Union"),
        ("SUN", 2, "Soviets"),
        ("YUG", 2, "Yugoslav"),
        ("ZAR", 1, "Zaire"),
        ("CIV", 1, "Ivory Coast"),
        ("MMR", 1, "Burma"),
        ("GBR", 1, "Britain"),
        ("ARE", 1, "Emirates"),
        ("COD", 1, "Congo-Kinshasa"),
        ("AFG", 3, "Kabul"),
        ("XKX", 1, "Kosovo"),
        ("PSE", 2, "Palestinians"),
    ],
)
def test_countries_table_has_news_forms(iso3: str, column: int, form: str) -> None:
    row = next(r for r in country_rows() if r[0] == iso3)
    assert form in row[column].split("|")


def test_countries_table_keeps_every_curated_form() -> None:
    words = {f for row in country_rows() for col in row[1:] for f in col.split("|")}
    curated = (DATA / "demonyms.tsv").read_text(encoding="utf-8").splitlines()
    forms = {
        form
        for line in curated
        if line and not line.startswith(("#", "iso3\t"))
        for form in line.split("\t")[1].split("|")
    }
    # Gaza and the West Bank are places, not a government: left out on purpose.
    assert forms - words == {"Gaza", "West Bank"}


def load_builder() -> ModuleType:
    """scripts/build_actors.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "build_actors", ROOT / "scripts" / "build_actors.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered first: its dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_build_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("countryinfo")
    builder = load_builder()
    first = builder.build(tmp_path / "a.tsv").read_bytes()
    second = builder.build(tmp_path / "b.tsv").read_bytes()
    assert first == second
    assert first.startswith(b"# ")
