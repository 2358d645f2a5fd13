"""The packaged basemap: country outlines for the report's map, read once per process.

The data (`data/basemap.json.gz`) is Natural Earth's 1:50m admin-0 countries (public
domain) from the npm package world-atlas 2.x, simplified and rebuilt by
`scripts/build_basemap.py` (docs/resources.md). It is gzip'd compact JSON::

    {"source": "Natural Earth 1:50m via world-atlas 2.x", "version": "2.0.2",
     "precision": 100,
     "countries": [{"iso3": "SYR", "name": "Syria",
                    "bbox": [minlon, minlat, maxlon, maxlat],
                    "rings": [[lon0*100, lat0*100, dlon1, dlat1, dlon2, dlat2, ...], ...]},
                   ...]}

Countries are sorted by ISO 3166-1 alpha-3 code; places without one carry a user-assigned
``X..`` code (``XKX`` Kosovo, ``XSO`` Somaliland, ...). A ring is a flat list of integers
in 1/``precision`` degree: the first point absolute, each following point as its step from
the one before. Rings are closed (the last point repeats the first) and are outer rings
and holes alike: draw them with the even-odd fill rule. No ring crosses the antimeridian,
so the map can be drawn flat; a country on both sides of it (Russia, Fiji) has a bbox
spanning the whole width, and Antarctica is closed along latitude -90.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class CountryShape:
    """One country's outline: closed (lon, lat) rings in degrees, to fill even-odd."""

    iso3: str
    name: str
    bbox: Box  # min lon, min lat, max lon, max lat
    rings: tuple[Ring, ...]


@dataclass(frozen=True, slots=True)
class Basemap:
    """All countries, sorted by code, with lookups by code and by area."""

    source: str
    countries: tuple[CountryShape, ...]
    # Built once in __post_init__: a frozen, slotted class has no room for a cached property.
    _by_iso3: dict[str, CountryShape] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_iso3", {shape.iso3: shape for shape in self.countries})

    def country(self, iso3: str) -> CountryShape | None:
        """The country with ISO 3166-1 alpha-3 code `iso3` (any case), if the map has it."""
        return self._by_iso3.get(iso3.upper())

    def within(self, bbox: Box) -> list[CountryShape]:
        """The countries whose bbox intersects `bbox` (min lon, min lat, max lon, max lat),
        edges touching included, in code order.

        A box with min lon > max lon is read as crossing the antimeridian: (170, -20, -170,
        -10) is 170..180 and -180..-170.
        """
        west, south, east, north = bbox
        return [
            shape
            for shape in self.countries
            if shape.bbox[1] <= north
            and south <= shape.bbox[3]
            and _overlap(shape.bbox[0], shape.bbox[2], west, east)
        ]


def _overlap(shape_west: float, shape_east: float, west: float, east: float) -> bool:
    """Whether a shape's longitude span meets the box's (which may wrap round at 180)."""
    if west <= east:
        return shape_west <= east and west <= shape_east
    return west <= shape_east or shape_west <= east


def _ring(flat: list[int], precision: float) -> Ring:
    """(lon, lat) points from a flat list: the first point absolute, then steps."""
    points = []
    x = y = 0
    for i in range(0, len(flat) - 1, 2):
        x += flat[i]
        y += flat[i + 1]
        points.append((x / precision, y / precision))
    return tuple(points)


def _country(record: dict[str, Any], precision: float) -> CountryShape:
    """One country record of the file as a shape in degrees."""
    west, south, east, north = (float(value) for value in record["bbox"])
    return CountryShape(
        iso3=str(record["iso3"]),
        name=str(record["name"]),
        bbox=(west, south, east, north),
        rings=tuple(_ring(ring, precision) for ring in record["rings"]),
    )


@functools.cache
def load_basemap() -> Basemap:
    """The packaged basemap, read and decoded once per process."""
    data = (resources.files("sitrep") / "data" / "basemap.json.gz").read_bytes()
    document = json.loads(gzip.decompress(data))
    precision = float(document["precision"])
    return Basemap(
        source=str(document["source"]),
        countries=tuple(_country(record, precision) for record in document["countries"]),
    )
