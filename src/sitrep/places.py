"""The packaged gazetteer: is this name a place, and which place is it?

The data (`data/gazetteer.tsv.gz`) is built by `scripts/build_gazetteer.py`
from GeoNames-derived packages and our own curated file; docs/resources.md
says where each part comes from. It is read once per process into plain
tuples and a dictionary from normalised names to rows.

Names are matched after normalisation: accents removed, case folded,
apostrophes dropped, hyphens as spaces and a leading "the" or Arabic article
("al-", "el-", "ad-", ...) optional, so "Al-Mawsil", "al Mawsil" and "Mawsil"
meet. Among same-named places the choice prefers, in order: the country the
document is about (`country_hint`), countries over admin areas over regions
over cities, then larger populations. A name the gazetteer does not know
stays a name with precision `unknown`: it is never dropped and never guessed.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import math
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from .model import Place, PlaceBasis, PlacePrecision

_ARTICLES = re.compile(r"^(?:the|al|el|ad|ag|an|ar|as|ash|at|az|ech|ed|en|er|es|et)\s+")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb`'\u2032]")
_NON_WORD = re.compile(r"[^a-z0-9]+")

#: How a kind of gazetteer row reads as a precision of the event's place.
PRECISION_OF_KIND: dict[str, PlacePrecision] = {
    "country": "country", "admin1": "admin1", "region": "region", "city": "city",
    "district": "district", "camp": "point", "crossing": "point", "point": "point",
}  # fmt: skip
# A city outranks the admin area of the same name ("Idlib" is the city unless
# the text says "province"), and big areas outrank small towns.
_KIND_RANK = {"country": 4.0, "admin1": -0.5, "region": 3.0, "district": 1.0, "camp": 1.0,
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


class Gazetteer:
    """Place-name lookup and resolution over the packaged table (or any entries)."""

    def __init__(self, entries: list[GazetteerEntry], keys: list[tuple[int, str]]) -> None:
        """`keys` pairs a row of `entries` with a normalised name (`place_key`) it goes by."""
        self._entries = entries
        self._index: dict[str, list[int]] = {}
        for row, key in keys:
            self._index.setdefault(key, []).append(row)

    @classmethod
    def from_entries(cls, entries: list[tuple[GazetteerEntry, list[str]]]) -> Gazetteer:
        """A gazetteer from places and their alternate names (for tests and extensions)."""
        keys: list[tuple[int, str]] = []
        for row, (entry, aliases) in enumerate(entries):
            forms: dict[str, None] = {}  # ordered set: one index entry per distinct key
            for name in (entry.name, *aliases):
                key = place_key(name)
                forms.update(dict.fromkeys(form for form in (key, short_key(key)) if form))
            keys.extend((row, form) for form in forms)
        return cls([entry for entry, _ in entries], keys)

    def __len__(self) -> int:
        return len(self._entries)

    def candidates(self, name: str) -> list[GazetteerEntry]:
        """Every place that goes by `name` (after normalisation)."""
        key = place_key(name)
        rows = self._index.get(key) or self._index.get(short_key(key)) or []
        return [self._entries[r] for r in rows]

    def is_place_name(self, text: str) -> bool:
        """Whether a capitalised name is a well-known place (a country, area, big city or
        curated place)."""
        if not text[:1].isupper():
            return False
        return any(
            e.kind != "city" or e.population >= NOTABLE_POPULATION or e.geonames_id is None
            for e in self.candidates(text)
        )  # rows without a GeoNames id are our curated places: notable by choice

    def best(self, name: str, country_hint: str | None = None) -> GazetteerEntry | None:
        """The most likely place called `name`, or None when the gazetteer has none."""
        found = self.candidates(name)
        if not found:
            return None
        exact = place_key(name)
        return max(found, key=lambda e: _score(e, exact, country_hint))

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
        entry = self.best(name, country_hint)
        if entry is None:
            return Place(name=name, text=text, start=start, end=end, basis=basis)
        return Place(
            name=entry.name, text=text, start=start, end=end, country=entry.country,
            admin1=entry.admin1, lat=entry.lat, lon=entry.lon, geonames_id=entry.geonames_id,
            precision=PRECISION_OF_KIND.get(entry.kind, "unknown"), basis=basis,
        )  # fmt: skip


def _score(entry: GazetteerEntry, key: str, hint: str | None) -> float:
    score = _KIND_RANK.get(entry.kind, 0.0) + math.log10(entry.population + 10) / 2
    if hint and entry.country == hint:
        score += 5.0
    if place_key(entry.name) == key:
        score += 0.5  # the place's own name beats an alternate spelling of another
    return score


def _optional_float(value: str) -> float | None:
    return float(value) if value else None


def parse_gazetteer(text: str) -> Gazetteer:
    """A Gazetteer from the TSV text of `data/gazetteer.tsv.gz` (header line first)."""
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    next(reader)
    entries: list[GazetteerEntry] = []
    keys: list[tuple[int, str]] = []
    for ident, name, kind, country, admin1, lat, lon, population, key_field in reader:
        row = len(entries)
        entries.append(
            GazetteerEntry(
                geonames_id=int(ident) if ident else None, name=name, kind=kind,
                country=country or None, admin1=admin1 or None, lat=_optional_float(lat),
                lon=_optional_float(lon), population=int(population or 0),
            )
        )  # fmt: skip
        keys.extend((row, key) for key in key_field.split("|"))
    return Gazetteer(entries, keys)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer, read once per process."""
    data = resources.files("sitrep").joinpath("data", "gazetteer.tsv.gz").read_bytes()
    return parse_gazetteer(gzip.decompress(data).decode("utf-8"))
