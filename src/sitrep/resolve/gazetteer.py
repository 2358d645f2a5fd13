"""The packaged gazetteer: is this name a place, and which place is it?

The data (`data/gazetteer.sqlite`) is built by `scripts/build_gazetteer.py`
from GeoNames-derived packages and our own curated file; docs/resources.md
says where each part comes from. It is a read-only SQLite database: table
`places` holds one row per place, table `names` pairs every normalised name
(`place_key`) with the rows it stands for. Opening it reads nothing, so every
process starts at once; lookups read a few pages each into SQLite's small page
cache (the OS caches the file once for all processes), and the places of
recently looked-up names are remembered per instance.

Names are matched after normalisation: accents removed, case folded,
apostrophes dropped, hyphens as spaces and a leading "the" or Arabic article
("al-", "el-", "ad-", ...) optional, so "Al-Mawsil", "al Mawsil" and "Mawsil"
meet. Among same-named places the choice prefers, in order: the country the
document is about (`country_hint`), countries over admin areas over regions
over cities, then larger populations. A name the gazetteer does not know
stays a name with precision `unknown`: it is never dropped and never guessed.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import math
import re
import sqlite3
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sitrep.model import Place, PlaceBasis, PlacePrecision

_ARTICLES = re.compile(r"^(?:the|al|el|ad|ag|an|ar|as|ash|at|az|ech|ed|en|er|es|et)\s+")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb`'\u2032]")
_NON_WORD = re.compile(r"[^a-z0-9]+")

#: How a kind of gazetteer row reads as a precision of the event's place.
PRECISION_OF_KIND: dict[str, PlacePrecision] = {
    "country": "country", "admin1": "admin1", "region": "region", "city": "city",
    "district": "district", "camp": "point", "crossing": "point", "point": "point",
}  # fmt: skip
#: How a kind of place ranks before any context: countries and regions outrank
#: towns. (A city also beats the area of its country that goes by the same name:
#: `cities_first`.)
KIND_RANK = {"country": 4.0, "admin1": -0.5, "region": 3.0, "district": 1.0, "camp": 1.0,
             "crossing": 1.0, "point": 1.0, "city": 0.0}  # fmt: skip
#: A city needs this many people before a bare capitalised name is taken for it
#: when the language model thought it was a person or organisation.
NOTABLE_POPULATION = 100_000


def place_key(name: str) -> str:
    """The normalised form names are matched by ("Al-Mawsil" -> "al mawsil")."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _APOSTROPHES.sub("", plain.casefold()).replace(".", "")  # "U.S." -> "us"
    return _NON_WORD.sub(" ", plain).strip()


def short_key(key: str) -> str:
    """The key without a leading article: "al mawsil" -> "mawsil"."""
    return _ARTICLES.sub("", key)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place of the gazetteer."""

    geonames_id: int | None
    name: str
    kind: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int


_SCHEMA = """
CREATE TABLE places (
    row INTEGER PRIMARY KEY, geonames_id INTEGER, name TEXT NOT NULL, kind TEXT NOT NULL,
    country TEXT, admin1 TEXT, lat REAL, lon REAL, population INTEGER NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (key, row))
    WITHOUT ROWID;
CREATE INDEX places_by_geonames_id ON places (geonames_id);
"""
# Columns in the order of GazetteerEntry's fields, so a result row is its arguments.
_COLUMNS = "places.geonames_id, name, kind, country, admin1, lat, lon, population"
_BY_KEY = f"SELECT {_COLUMNS} FROM names JOIN places USING (row) WHERE key = ? ORDER BY row"
_BY_ID = f"SELECT {_COLUMNS} FROM places WHERE geonames_id = ? ORDER BY row LIMIT 1"
# The keys of the places `is_place_name` accepts (the same test, in SQL).
_NOTABLE_KEYS = (
    "SELECT key FROM names JOIN places USING (row) "
    "WHERE kind != 'city' OR population >= ? OR geonames_id IS NULL"
)
# How many normalised names each gazetteer remembers the places of: a full cache is
# about 25 MB, and 10,000 names from news text fill a few MB.
_CACHED_KEYS = 50_000


class Gazetteer:
    """Place-name lookup and resolution over the packaged database (or any entries)."""

    def __init__(self, db: sqlite3.Connection, *, packaged: bool = False) -> None:
        """A gazetteer over a database with the tables `_write_tables` makes; `packaged`
        says it is the file `load_gazetteer` opens (so pickling reopens that file)."""
        self._db = db
        self._packaged = packaged
        self._size: int | None = None
        self._place_name_words: frozenset[str] | None = None
        # Per instance, so each gazetteer's cache dies with it; misses are cached too.
        self._lookup: Callable[[str], tuple[GazetteerEntry, ...]] = functools.lru_cache(
            maxsize=_CACHED_KEYS
        )(self._query)
        self._in_place_names: Callable[[str], bool] = functools.lru_cache(maxsize=_CACHED_KEYS)(
            self._words_in_place_names
        )

    @classmethod
    def from_entries(cls, entries: list[tuple[GazetteerEntry, list[str]]]) -> Gazetteer:
        """A gazetteer from places and their alternate names (for tests and extensions)."""
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _write_tables(db, [(entry, _keys_of(entry.name, aliases)) for entry, aliases in entries])
        return cls(db)

    def __reduce__(self) -> tuple[Callable[..., Gazetteer], tuple[bytes, ...]]:
        # The packaged file is reopened, not copied; a small in-memory one travels whole.
        if self._packaged:
            return load_gazetteer, ()
        return _from_image, (self._db.serialize(),)

    def __len__(self) -> int:
        if self._size is None:
            self._size = int(self._db.execute("SELECT count(*) FROM places").fetchone()[0])
        return self._size

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """Every place that goes by `name` (after normalisation)."""
        return list(self._lookup(place_key(name)))

    def by_id(self, geonames_id: int) -> GazetteerEntry | None:
        """The place with this GeoNames id, or None when the gazetteer has none."""
        row = self._db.execute(_BY_ID, (geonames_id,)).fetchone()
        return _entry(row) if row is not None else None

    def knows(self, name: str) -> bool:
        """Whether any place goes by `name`."""
        return bool(self.candidates(name))

    def is_place_name(self, text: str) -> bool:
        """Whether a capitalised name is a well-known place (a country, area, big city or
        curated place)."""
        if not text[:1].isupper():
            return False
        return any(
            e.kind != "city" or e.population >= NOTABLE_POPULATION or e.geonames_id is None
            for e in self.candidates(text)
        )  # rows without a GeoNames id are our curated places: notable by choice

    def is_place_word(self, word: str) -> bool:
        """Whether every word of `word`'s normalised form ("al-mawsil": "al", "mawsil")
        occurs in a name `is_place_name` accepts: a phrase with any other word is none."""
        return self._in_place_names(word)

    def _words_in_place_names(self, word: str) -> bool:
        names = self.place_name_words()
        return all(part in names for part in place_key(word).split())

    def place_name_words(self) -> frozenset[str]:
        """Every word of the normalised names `is_place_name` accepts ("san", "salvador"),
        read from the database the first time it is asked for."""
        if self._place_name_words is None:
            rows = self._db.execute(_NOTABLE_KEYS, (NOTABLE_POPULATION,))
            self._place_name_words = frozenset(w for (key,) in rows for w in key.split())
        return self._place_name_words

    def best(self, name: str, country_hint: str | None = None) -> GazetteerEntry | None:
        """The most likely place called `name`, or None when the gazetteer has none."""
        found = self.candidates(name)
        if not found:
            return None
        exact = place_key(name)
        return max(cities_first(found), key=lambda e: _score(e, exact, country_hint))

    def country_of(self, name: str) -> str | None:
        """The ISO3 country of the most likely place called `name`, if known."""
        entry = self.best(name)
        return entry.country if entry is not None else None

    def resolve(
        self,
        name: str,
        *,
        text: str,
        start: int,
        end: int,
        basis: PlaceBasis,
        country_hint: str | None = None,
    ) -> Place:
        """The Place for a mention at [start, end); precision `unknown` if not found."""
        return place_of(self.best(name, country_hint), text, start, end, basis)

    def _query(self, key: str) -> tuple[GazetteerEntry, ...]:
        # The full key first; only if nothing goes by it, the key without its article.
        return self._places_by_key(key) or self._places_by_key(short_key(key))

    def _places_by_key(self, key: str) -> tuple[GazetteerEntry, ...]:
        return tuple(_entry(row) for row in self._db.execute(_BY_KEY, (key,)))


def prior(entry: GazetteerEntry, key: str) -> float:
    """How likely a namesake is before any context: kind, then size, then own name."""
    score = KIND_RANK.get(entry.kind, 0.0) + math.log10(entry.population + 10) / 2
    if place_key(entry.name) == key:
        score += 0.5  # the place's own name beats an alternate spelling of another
    return score


#: The Earth's mean radius (IUGG), for great-circle distances.
EARTH_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two points given in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def cities_first(options: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """The namesakes without a first-level area that is named after its own big city:
    "Idlib" and "Hama" are the cities unless the text says "province"."""
    seats = {
        (e.country, place_key(e.admin1))
        for e in options
        if e.kind == "city" and e.admin1 and e.population >= NOTABLE_POPULATION
    }
    return [e for e in options if e.kind != "admin1" or (e.country, place_key(e.name)) not in seats]


def _score(entry: GazetteerEntry, key: str, hint: str | None) -> float:
    return prior(entry, key) + (5.0 if hint and entry.country == hint else 0.0)


def place_of(
    entry: GazetteerEntry | None, text: str, start: int, end: int, basis: PlaceBasis
) -> Place:
    """The Place of the words [start, end) resolved to `entry` (None: unknown, kept as a name)."""
    if entry is None:
        return Place(name=text, text=text, start=start, end=end, basis=basis)
    return Place(
        name=entry.name, text=text, start=start, end=end, country=entry.country,
        admin1=entry.admin1, lat=entry.lat, lon=entry.lon, geonames_id=entry.geonames_id,
        precision=PRECISION_OF_KIND.get(entry.kind, "unknown"), basis=basis,
    )  # fmt: skip


def _keys_of(name: str, aliases: Iterable[str]) -> list[str]:
    """The distinct normalised names (with and without article) a place is found by."""
    forms: dict[str, None] = {}  # ordered set: one index entry per distinct key
    for variant in (name, *aliases):
        key = place_key(variant)
        forms.update(dict.fromkeys(form for form in (key, short_key(key)) if form))
    return list(forms)


def _write_tables(
    db: sqlite3.Connection, places: Iterable[tuple[GazetteerEntry, Iterable[str]]]
) -> None:
    """Create the gazetteer's tables in the empty database `db` and fill them with `places`,
    each with its normalised names; rows are numbered in the order given, which is the
    order of candidates (and so decides ties among namesakes). Also used by the build script.
    """
    listed = list(places)
    with db:
        db.executescript(_SCHEMA)
        db.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((row, *_fields(entry)) for row, (entry, _) in enumerate(listed)),
        )
        db.executemany(
            "INSERT INTO names VALUES (?, ?)",
            ((key, row) for row, (_, keys) in enumerate(listed) for key in dict.fromkeys(keys)),
        )


def _fields(entry: GazetteerEntry) -> tuple[int | str | float | None, ...]:
    return (
        entry.geonames_id, entry.name, entry.kind, entry.country, entry.admin1, entry.lat,
        entry.lon, entry.population,
    )  # fmt: skip


def _entry(row: tuple[Any, ...]) -> GazetteerEntry:
    """The place of a result row (columns in field order). Kinds, countries and admin1
    names repeat across thousands of places: interned, a full lookup cache holds one copy
    of each (about a quarter less memory)."""
    ident, name, kind, country, admin1, lat, lon, population = row
    return GazetteerEntry(
        ident, name, sys.intern(kind), _interned(country), _interned(admin1), lat, lon, population
    )


def _interned(text: str | None) -> str | None:
    return sys.intern(text) if text is not None else None


def _from_image(image: bytes) -> Gazetteer:
    """A gazetteer over an in-memory copy of a serialised database (for unpickling)."""
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.deserialize(image)
    return Gazetteer(db)


def _open_read_only(path: Path) -> sqlite3.Connection:
    """The database at `path`, read-only and immutable (so SQLite takes no locks)."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"  # as_uri escapes '?', '#', '%'
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


# Holds the packaged file open for the process: when sitrep is imported from a zip,
# `as_file` extracts a temporary copy, which must outlive the connection to it.
_OPEN_FILES = contextlib.ExitStack()
atexit.register(_OPEN_FILES.close)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, opened once per process (this reads no places yet)."""
    resource = resources.files("sitrep") / "data" / "gazetteer.sqlite"
    path = _OPEN_FILES.enter_context(resources.as_file(resource))
    db = _open_read_only(path)
    _OPEN_FILES.callback(db.close)  # closed before a temporary copy is deleted
    return Gazetteer(db, packaged=True)
