"""Build sitrep's table of country words: names, demonyms and capitals by ISO code.

Run from the repository root (it needs the `resources` extra, which the
installed program does not)::

    pip install -e '.[resources]'
    python scripts/build_actors.py

It writes ``src/sitrep/data/actors/countries.tsv``, one row per country::

    iso3  names  demonyms  capitals

with ``|`` between the forms of a column. ``sitrep.resolve.actor_lexicon`` reads it: a bare
country name or capital speaks for the government ("Kabul said"), a demonym
gives an actor its country ("Kenyan troops").

Sources (facts only: names, codes, spellings):

* ``pycountry`` (ISO 3166, LGPL-2.1): every current alpha-3 code with its
  short, common and official names, and the withdrawn codes of states that
  1985-2005 news still names (USSR, Yugoslavia, Czechoslovakia, ...).
* ``countryinfo`` (MIT): capital, demonym and the English alternative
  spellings ("Republic of Kenya", "Congo-Kinshasa").
* ``src/sitrep/data/demonyms.tsv`` (written by the sitrep authors): the
  hand-checked forms; every one of them is kept, and wins over a derived form
  that another country also claims.
* the tables below: short forms news uses and the packages lack ("Britain",
  "Emirates"), other spellings of capitals ("Kiev", "Sanaa"), the historic
  states' words ("Soviets"), and Kosovo (XKX, a user-assigned code).

A form names one country only: a derived form two countries share
("Dominican") is left out of both, and one a curated row claims is left out
of every other row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from countryinfo import all_countries

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "sitrep" / "data"
OUT = DATA / "actors" / "countries.tsv"
CURATED = DATA / "demonyms.tsv"

HEADER = (
    "# Country words for sitrep's actor dictionary: names, demonyms and capitals by ISO alpha-3.\n"
    "# Built by scripts/build_actors.py from pycountry (ISO 3166, LGPL-2.1), countryinfo (MIT)\n"
    "# and src/sitrep/data/demonyms.tsv (sitrep authors); do not edit by hand, rebuild.\n"
    "# Historic and user-assigned codes: SUN YUG CSK DDR ZAR YMD SCG (ISO 3166-3), XKX (Kosovo).\n"
)
COLUMNS = ("iso3", "names", "demonyms", "capitals")

#: Withdrawn ISO codes (pycountry.historic_countries) of states that news of 1985-2005 names,
#: with the words news used for them. Their capitals are left out where the successor state
#: keeps them ("Moscow"): which state a capital means depends on the date, the resolver's call.
HISTORIC: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "SUN": (
        ("Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"),
        ("Soviet", "Soviets"),
        (),
    ),
    "YUG": (
        (
            "Yugoslavia",
            "Socialist Federal Republic of Yugoslavia",
            "Federal Republic of Yugoslavia",
            "SFRY",
            "FRY",
        ),
        ("Yugoslav", "Yugoslavs", "Yugoslavian", "Yugoslavians"),
        (),
    ),
    "CSK": (
        (
            "Czechoslovakia",
            "Czechoslovak Socialist Republic",
            "Czech and Slovak Federative Republic",
        ),
        ("Czechoslovak", "Czechoslovaks", "Czechoslovakian", "Czechoslovakians"),
        (),
    ),
    "DDR": (
        ("East Germany", "German Democratic Republic", "GDR"),
        ("East German", "East Germans"),
        ("East Berlin",),
    ),
    "ZAR": (
        ("Zaire", "Republic of Zaire"),
        ("Zairean", "Zaireans", "Zairian", "Zairians"),
        (),
    ),
    "YMD": (
        ("South Yemen", "People's Democratic Republic of Yemen"),
        ("South Yemeni", "South Yemenis"),
        (),
    ),
    "SCG": (("Serbia and Montenegro", "State Union of Serbia and Montenegro"), (), ()),
}

#: Codes outside ISO 3166-1 that the dictionary uses (Kosovo: the code the EU and IMF use).
USER_CODES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "XKX": (
        ("Kosovo", "Republic of Kosovo"),
        ("Kosovar", "Kosovars", "Kosovan", "Kosovans"),
        ("Pristina", "Prishtina"),
    ),
}

#: Short and former names news uses that neither package lists as an English name.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "ARE": ("UAE", "Emirates", "U.A.E."),
    "BIH": ("Bosnia", "Bosnia-Herzegovina"),
    "CIV": ("Ivory Coast",),
    "COD": ("DR Congo", "DRC", "D.R. Congo", "Congo-Kinshasa"),
    "COG": ("Congo-Brazzaville", "Congo Republic"),
    "CZE": ("Czechia",),
    "DEU": ("West Germany",),
    "GBR": ("Britain", "Great Britain", "UK", "U.K."),
    "MKD": ("Macedonia", "Former Yugoslav Republic of Macedonia", "FYROM"),
    "MMR": ("Burma",),
    "NLD": ("Holland",),
    "PSE": ("Palestinian territories", "Occupied Palestinian Territory"),
    "SWZ": ("Swaziland", "Eswatini"),
    "TLS": ("Timor-Leste", "East Timor"),
    "TUR": ("Türkiye", "Turkiye"),
    "USA": ("US", "U.S.", "USA", "U.S.A.", "America", "United States of America"),
    "VAT": ("Holy See", "Vatican"),
    "VNM": ("Viet Nam",),
}

#: Adjectives and plurals the packages lack (countryinfo has one adjective per country).
EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "DEU": ("West German", "West Germans"),
    "GBR": ("Brits",),
    "PRK": ("N. Korean",),
}

#: Capitals and seats of government in the spellings news uses, and metonyms of governments.
EXTRA_CAPITALS: dict[str, tuple[str, ...]] = {
    "BDI": ("Gitega", "Bujumbura"),
    "BGD": ("Dhaka", "Dacca"),
    "BRA": ("Brasilia",),
    "CHN": ("Peking", "Zhongnanhai"),
    "CIV": ("Abidjan", "Yamoussoukro"),
    "CMR": ("Yaounde",),
    "COL": ("Bogota",),
    "DEU": ("Bonn",),
    "ETH": ("Addis",),
    "FRA": ("Élysée", "Elysee"),
    "GBR": ("Downing Street", "Whitehall"),
    "IRN": ("Teheran",),
    "JAM": ("Kingston",),
    "ISR": ("Jerusalem",),
    "KAZ": ("Astana",),
    "MDA": ("Chisinau",),
    "MMR": ("Naypyidaw", "Nay Pyi Taw", "Naypyitaw", "Yangon", "Rangoon"),
    "PRY": ("Asuncion",),
    "PSE": ("Ramallah",),
    "RUS": ("Kremlin",),
    "SWZ": ("Mbabane",),
    "TCD": ("N'Djamena", "Ndjamena"),
    "TGO": ("Lome",),
    "TZA": ("Dar es Salaam",),
    "UKR": ("Kyiv", "Kiev"),
    "USA": ("Washington", "White House", "Pentagon"),
    "YEM": ("Sanaa", "Sana'a"),
}

#: Forms of demonyms.tsv that name a place rather than a state: left out of the table.
NOT_STATES = frozenset({"Gaza", "West Bank"})

#: Capitals of territories that are also common words, names or other places ("Victoria",
#: "Douglas", "Plymouth"): as a bare word they would make a person or a town a government.
#: (Kingston is here for Norfolk Island; EXTRA_CAPITALS gives it back to Jamaica.)
AMBIGUOUS_CAPITALS = frozenset(
    {
        "City of Victoria",
        "Diego Garcia",
        "Douglas",
        "Hamilton",
        "Jamestown",
        "Kingston",
        "Plymouth",
        "Saint-Denis",
        "Saint-Pierre",
        "Stanley",
        "The Bottom",
        "The Valley",
        "Victoria",
        "West Island",
    }
)

#: Words of other languages: a spelling with one is a native name, not an English one.
FOREIGN_WORDS = frozenset("de des del da do du di la le ya wa och og und e i".split())

#: countryinfo records of parts of a state (they carry the state's code).
SUBNATIONAL = frozenset({"Wales", "Scotland"})

#: Demonyms whose plural is not the adjective plus "s".
IRREGULAR_PLURAL = frozenset({"Motswana", "Mosotho", "Malagasy"})

#: English words that mark a spelling as an English (official) name, not a native one.
ENGLISH_NAME = re.compile(
    r"\b(Republic|Kingdom|State|States|Federation|Union|Commonwealth|Islands|Principality|"
    r"Sultanate|Emirates|Duchy|Confederation|Territory|Bailiwick|Coast|Congo|Timor|Verde|"
    r"Herzegovina|Britain|Korea|Bahamas|Gambia|Netherlands)\b"
)


@dataclass
class Row:
    """The words of one country, in a stable order (first found first)."""

    iso3: str
    names: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)

    def columns(self) -> tuple[list[str], list[str], list[str]]:
        """Names, demonyms and capitals."""
        return self.names, self.demonyms, self.capitals


def _add(target: list[str], forms: Iterable[str]) -> None:
    for form in forms:
        form = " ".join(form.split())
        if form and form not in target:
            target.append(form)


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is Latin-script, so an English text may use it."""
    return all("LATIN" in unicodedata.name(char, "") for char in text if char.isalpha())


def clean_name(name: str) -> str | None:
    """An ISO or package name as news writes it, or None for an inverted or coded one."""
    name = name.strip()
    if name.startswith("the "):
        name = name[4:]
    # "Iran, Islamic Republic of" and "Holy See (Vatican City State)" are catalogue forms.
    if not name or "," in name or "(" in name or not is_latin(name) or '"' in name:
        return None
    return name


def english_spelling(spelling: str, codes: frozenset[str]) -> str | None:
    """A countryinfo alternative spelling worth keeping: an English name, not a code."""
    name = clean_name(spelling)
    if name is None or name.upper() in codes or not ENGLISH_NAME.search(name):
        return None
    if FOREIGN_WORDS.intersection(name.split()):
        return None
    return name


def plurals(demonym: str) -> list[str]:
    """The adjective and, where English adds an -s, the plural noun ("Kenyan", "Kenyans")."""
    forms = [demonym]
    regular = demonym not in IRREGULAR_PLURAL and "-" not in demonym
    if regular and demonym.endswith(("an", "en", "i", "ot", "er", "o", "ik", "ek", "ak")):
        forms.append(demonym + "s")
    return forms


def split_forms(value: object) -> list[str]:
    """countryinfo's capital or demonym field, which may be a list or 'A,B' / 'A / B'."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [part.strip() for item in items for part in re.split(r"[,/]", str(item)) if part.strip()]


def iso_rows() -> dict[str, Row]:
    """Rows for the current ISO codes, with pycountry's names."""
    rows: dict[str, Row] = {}
    for country in pycountry.countries:
        row = rows.setdefault(country.alpha_3, Row(country.alpha_3))
        for attr in ("common_name", "name", "official_name"):
            name = clean_name(getattr(country, attr, "") or "")
            if name:
                _add(row.names, [name])
    return rows


def derived_rows(rows: dict[str, Row]) -> dict[str, Row]:
    """countryinfo's English spellings, capitals and demonyms for the ISO rows."""
    codes = frozenset(
        code for country in pycountry.countries for code in (country.alpha_2, country.alpha_3)
    )
    derived: dict[str, Row] = {}
    infos = sorted(
        (country.info() for country in all_countries()), key=lambda i: str(i.get("name"))
    )
    for info in infos:
        iso3 = str((info.get("ISO") or {}).get("alpha3") or "")
        if iso3 not in rows or info.get("name") in SUBNATIONAL:
            continue
        row = derived.setdefault(iso3, Row(iso3))
        spellings = [str(info.get("name") or ""), *(info.get("altSpellings") or [])]
        _add(row.names, [n for n in (english_spelling(s, codes) for s in spellings) if n])
        name = clean_name(str(info.get("name") or ""))
        if name and name.upper() not in codes:
            _add(row.names, [name])
        capitals = split_forms(info.get("capital"))
        _add(row.capitals, [c for c in capitals if is_latin(c) and c not in AMBIGUOUS_CAPITALS])
        for demonym in split_forms(info.get("demonym")):
            # countryinfo gives some territories their own name ("Gibraltar") as demonym.
            if demonym != info.get("name"):
                _add(row.demonyms, plurals(demonym))
    return derived


def curated_rows(rows: dict[str, Row], derived: dict[str, Row]) -> dict[str, Row]:
    """demonyms.tsv and the tables above, each form in its column."""
    curated: dict[str, Row] = {}
    for iso3, forms in read_curated():
        row = curated.setdefault(iso3, Row(iso3))
        names = set(EXTRA_NAMES.get(iso3, ()))
        capitals = set(EXTRA_CAPITALS.get(iso3, ()))
        for source in (rows.get(iso3), derived.get(iso3)):
            names |= set(source.names if source else ())
            capitals |= set(source.capitals if source else ())
        for index, form in enumerate(f for f in forms if f not in NOT_STATES):
            _place(row, form, names if index else {form}, capitals)
    _add_tables(curated)
    return curated


def _place(row: Row, form: str, names: set[str], capitals: set[str]) -> None:
    """A demonyms.tsv form goes to names if a source names the country so (the row's first
    form always does; "Myanmar's" goes with "Myanmar"), to capitals if one gives it as the
    capital, else to demonyms."""
    if form in names or form.removesuffix("'s") in names:
        _add(row.names, [form])
    elif form in capitals:
        _add(row.capitals, [form])
    else:
        _add(row.demonyms, [form])


def _add_tables(curated: dict[str, Row]) -> None:
    """The historic states, Kosovo and the extra names, demonyms and capitals."""
    for iso3, words in (HISTORIC | USER_CODES).items():
        row = curated.setdefault(iso3, Row(iso3))
        for column, forms in zip(row.columns(), words, strict=True):
            _add(column, forms)
    for index, table in enumerate((EXTRA_NAMES, EXTRA_DEMONYMS, EXTRA_CAPITALS)):
        for iso3, extra in table.items():
            _add(curated.setdefault(iso3, Row(iso3)).columns()[index], extra)


def read_curated() -> list[tuple[str, list[str]]]:
    """(iso3, forms) from demonyms.tsv, in file order."""
    found: list[tuple[str, list[str]]] = []
    lines = [line for line in CURATED.read_text("utf-8").splitlines() if line.strip()]
    for line in lines:
        if line.startswith("#") or line.startswith("iso3\t"):
            continue
        iso3, forms = line.split("\t", 1)
        found.append((iso3, [form.strip() for form in forms.split("|") if form.strip()]))
    return found


def merge(rows: dict[str, Row], curated: dict[str, Row], derived: dict[str, Row]) -> list[Row]:
    """One row per code: curated forms first, then ISO and countryinfo forms nobody else claims."""
    owner: dict[str, str] = {}
    for row in curated.values():
        for form in (f for column in row.columns() for f in column):
            if owner.setdefault(form.casefold(), row.iso3) != row.iso3:
                raise ValueError(
                    f"{form!r} is curated for both {owner[form.casefold()]} and {row.iso3}"
                )
    claims: dict[str, set[str]] = {}
    for source in (rows, derived):
        for row in source.values():
            for form in (f for column in row.columns() for f in column):
                claims.setdefault(form.casefold(), set()).add(row.iso3)

    def free(form: str, iso3: str) -> bool:
        key = form.casefold()
        return owner.get(key, iso3) == iso3 and (key in owner or claims[key] == {iso3})

    merged: list[Row] = []
    for iso3 in sorted(set(rows) | set(curated)):
        row = Row(iso3)
        for source in (curated, rows, derived):
            part = source.get(iso3)
            if part is None:
                continue
            curated_part = source is curated
            for mine, theirs in zip(row.columns(), part.columns(), strict=True):
                _add(mine, [f for f in theirs if curated_part or free(f, iso3)])
        _tidy(row)
        if row.names:
            merged.append(row)
    return merged


def _tidy(row: Row) -> None:
    """A form in one column only: a name is not also a capital ("Singapore") or demonym."""
    names = {n.casefold() for n in row.names}
    row.demonyms[:] = [d for d in row.demonyms if d.casefold() not in names]
    taken = names | {d.casefold() for d in row.demonyms}
    row.capitals[:] = [c for c in row.capitals if c.casefold() not in taken]


def table() -> str:
    """The text of countries.tsv."""
    rows = iso_rows()
    derived = derived_rows(rows)
    merged = merge(rows, curated_rows(rows, derived), derived)
    lines = [HEADER + "\t".join(COLUMNS)]
    lines += ["\t".join([r.iso3, *("|".join(c) for c in r.columns())]) for r in merged]
    return "\n".join(lines) + "\n"


def build(out: Path = OUT) -> Path:
    """Write the table to `out` (the packaged file by default) and return the path."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(table(), encoding="utf-8")
    return out


def main() -> None:
    """Rebuild the packaged table and say how big it is."""
    path = build()
    rows = path.read_text("utf-8").count("\n") - HEADER.count("\n") - 1
    print(f"wrote {path.relative_to(ROOT)}: {rows} countries")


if __name__ == "__main__":
    main()
