"""The report's map: country outlines and event markers, as SVG shapes.

`build_map(events, basemap)` fits a window to the events that have a place on
the map and returns a `MapView` of plain shapes (path data and circles in pixel
coordinates) that the template writes as inline SVG, so the map shows with
scripts disabled and needs no tiles.

How places are drawn, by what is known of them:

- a point, district, city or admin2 area: a filled circle, one per place and
  event type, its area growing with the people killed and wounded there;
- a first-level area (province, governorate) or a region with a known centre
  (Donbas, Gaza Strip): a dashed ring at its centre, since we have no outline
  for it and a dot would claim too much;
- only a country: the country's outline is shaded, never a dot at its centre;
- a place without coordinates, or no place at all: counted under the map.

The projection is equirectangular, stretched by the cosine of the window's
middle latitude so shapes look right at regional scale (where reports cluster).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitrep.report.basemap import Basemap, CountryShape
from sitrep.report.content import POINT_PRECISIONS, EventView
from sitrep.report.palette import type_colour

WIDTH = 960
MIN_HEIGHT, MAX_HEIGHT = 380, 620
#: The window never gets narrower than this (degrees): one city should not
#: fill the map with nothing around it to say where it is.
MIN_SPAN = 4.0
#: Places known only this coarsely, with a centre, are drawn as dashed rings.
AREA_PRECISIONS = frozenset({"admin1", "region"})
PAD = 0.15  # share of the events' extent added on every side
#: Points closer than this (pixels) to the last kept one are dropped from outlines.
DETAIL = 0.7

Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
Ring = list[tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Outline:
    """A country as SVG path data, and how many events are known only to it."""

    iso3: str
    name: str
    d: str
    events: int = 0
    label: str = ""


@dataclass(frozen=True, slots=True)
class Marker:
    """Events of one type at one place."""

    x: float
    y: float
    r: float
    colour: str
    type: str
    place: str
    events: int
    casualties: int
    area: bool  # a first-level area's centre (drawn as a dashed ring), not a point
    event_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        """The hover text: what, where, how many."""
        what = f"{self.events} {self.type} event{'s' if self.events != 1 else ''}"
        hurt = f", {self.casualties} killed or wounded" if self.casualties else ""
        where = f"{self.place} (area)" if self.area else self.place
        return f"{what} at {where}{hurt}"


@dataclass(frozen=True, slots=True)
class MapView:
    """What the template draws: outlines, markers, and what could not be drawn."""

    width: int
    height: int
    outlines: tuple[Outline, ...]
    markers: tuple[Marker, ...]
    types: tuple[str, ...]  # the types on the map, for the legend
    country_only: int  # events shown by shading their country
    region_only: tuple[tuple[str, int], ...]  # places known only as a region
    unplaced: int  # events with no place at all, or one the gazetteer did not know
    source: str


def build_map(events: Sequence[EventView], basemap: Basemap) -> MapView:
    """Lay out the map of `events` over `basemap` (see the module docstring)."""
    points = [e for e in events if _drawn_at(e) is not None]
    by_country = Counter(e.country for e in events if _country_only(e) and e.country)
    shaded = {iso: n for iso, n in by_country.items() if basemap.country(iso)}
    window = _window(points, [basemap.country(iso) for iso in shaded])
    projection = Projection(window)
    outlines = tuple(
        _outline(shape, projection, shaded.get(shape.iso3, 0))
        for shape in basemap.within(projection.clip_box)
    )
    markers = _markers(points, projection)
    regions = Counter(e.place for e in events if e.place and _listed_only(e))
    drawn = len(points) + sum(shaded.values()) + sum(regions.values())
    return MapView(
        width=projection.width,
        height=projection.height,
        outlines=tuple(o for o in outlines if o.d),
        markers=markers,
        types=tuple(sorted({m.type for m in markers})),
        country_only=sum(shaded.values()),
        region_only=tuple(sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))),
        unplaced=len(events) - drawn,
        source=basemap.source,
    )


def _drawn_at(event: EventView) -> tuple[float, float] | None:
    """(lon, lat) if the event is drawn as a marker."""
    if event.lat is None or event.lon is None:
        return None
    if event.place_precision in POINT_PRECISIONS or event.place_precision in AREA_PRECISIONS:
        return event.lon, event.lat
    return None


def _country_only(event: EventView) -> bool:
    return event.place_precision == "country"


def _listed_only(event: EventView) -> bool:
    """Known as a region, or as a place without coordinates: listed, not drawn."""
    return _drawn_at(event) is None and event.place_precision not in ("country", "unknown")


# ---------------------------------------------------------------- fitting and projecting


def _window(points: Sequence[EventView], countries: Iterable[CountryShape | None]) -> Box:
    """The lon/lat box the map shows: the events' extent, padded, at least MIN_SPAN wide."""
    lons = [e.lon for e in points if e.lon is not None]
    lats = [e.lat for e in points if e.lat is not None]
    for shape in countries:
        if shape is not None:
            lons += [shape.bbox[0], shape.bbox[2]]
            lats += [shape.bbox[1], shape.bbox[3]]
    if not lons:
        return (-180.0, -60.0, 180.0, 80.0)  # nothing located: the inhabited world
    return _padded(min(lons), min(lats), max(lons), max(lats))


def _padded(west: float, south: float, east: float, north: float) -> Box:
    pad_x = max((east - west) * PAD, (MIN_SPAN - (east - west)) / 2, 0.0)
    pad_y = max((north - south) * PAD, (MIN_SPAN - (north - south)) / 2, 0.0)
    return (
        max(-180.0, west - pad_x),
        max(-85.0, south - pad_y),
        min(180.0, east + pad_x),
        min(85.0, north + pad_y),
    )


class Projection:
    """Degrees to pixels for one window, with the window widened to the map's shape."""

    def __init__(self, window: Box, width: int = WIDTH) -> None:
        west, south, east, north = window
        self.stretch = math.cos(math.radians((south + north) / 2))
        natural = width * (north - south) / max((east - west) * self.stretch, 1e-9)
        self.width = width
        self.height = int(min(MAX_HEIGHT, max(MIN_HEIGHT, natural)))
        # Widen the shorter side about the centre so nothing is squashed.
        wanted = self.height / width  # height per width, in projected units
        lon_span, lat_span = east - west, north - south
        if lat_span < wanted * lon_span * self.stretch:
            grow = (wanted * lon_span * self.stretch - lat_span) / 2
            south, north = south - grow, north + grow
        else:
            grow = (lat_span / (wanted * self.stretch) - lon_span) / 2
            west, east = west - grow, east + grow
        self.west, self.north = west, north
        self.scale = width / ((east - west) * self.stretch)
        self.box: Box = (west, south, east, north)
        # Outlines are clipped a little outside the view so no clip edge shows.
        margin_x, margin_y = (east - west) * 0.1, (north - south) * 0.1
        self.clip_box: Box = (west - margin_x, south - margin_y, east + margin_x, north + margin_y)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel (x, y) of a point; y grows downwards."""
        return (
            (lon - self.west) * self.stretch * self.scale,
            (self.north - lat) * self.scale,
        )


# ---------------------------------------------------------------- outlines


def _outline(shape: CountryShape, projection: Projection, events: int) -> Outline:
    parts = []
    for ring in shape.rings:
        clipped = clip_ring(list(ring), projection.clip_box)
        path = _path(clipped, projection)
        if path:
            parts.append(path)
    label = shape.name
    if events:
        label += f": {events} event{'s' if events != 1 else ''} placed only in this country"
    return Outline(iso3=shape.iso3, name=shape.name, d="".join(parts), events=events, label=label)


def _path(ring: Ring, projection: Projection) -> str:
    """SVG path data of a closed ring, dropping points that would not show."""
    kept: list[tuple[float, float]] = []
    for lon, lat in ring:
        x, y = projection(lon, lat)
        if kept and abs(x - kept[-1][0]) < DETAIL and abs(y - kept[-1][1]) < DETAIL:
            continue
        kept.append((x, y))
    if len(kept) < 3:
        return ""
    # Relative steps in tenths of a pixel are about a third shorter than absolute
    # points; rounding each point (not each step) keeps errors from adding up.
    ticks = [(round(x * 10), round(y * 10)) for x, y in kept]
    steps = [v for a, b in itertools.pairwise(ticks) for v in (b[0] - a[0], b[1] - a[1])]
    return f"M{_numbers(ticks[0])}l{_numbers(steps)}z"


def _numbers(values: Sequence[int]) -> str:
    """Tenths as SVG numbers, separated by a space unless a minus sign does it."""
    out: list[str] = []
    for value in values:
        text = _tenths(value)
        out.append(text if not out or text.startswith("-") else f" {text}")
    return "".join(out)


def _tenths(n: int) -> str:
    """`n` tenths as the shortest decimal: 15 -> 1.5, 20 -> 2, -3 -> -.3."""
    whole, tenth = divmod(abs(n), 10)
    sign = "-" if n < 0 else ""
    if tenth == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def clip_ring(ring: Ring, box: Box) -> Ring:
    """The part of a closed ring inside `box` (Sutherland–Hodgman, one edge at a time).

    A ring wholly outside comes back empty. Clipping can leave zero-width runs
    along the box's edge; they are outside the view (see `Projection.clip_box`).
    """
    west, south, east, north = box
    # Each edge: which coordinate (0 lon, 1 lat), its value, and which side is in.
    for axis, bound, keep_above in ((0, west, True), (0, east, False),
                                    (1, south, True), (1, north, False)):  # fmt: skip
        if not ring:
            break
        ring = _clip_edge(ring, axis, bound, keep_above)
    return ring


def _clip_edge(ring: Ring, axis: int, bound: float, keep_above: bool) -> Ring:
    def inside(point: tuple[float, float]) -> bool:
        return point[axis] >= bound if keep_above else point[axis] <= bound

    out: Ring = []
    previous = ring[-1]
    for point in ring:
        if inside(point) != inside(previous):
            out.append(_crossing(previous, point, axis, bound))
        if inside(point):
            out.append(point)
        previous = point
    return out


def _crossing(
    a: tuple[float, float], b: tuple[float, float], axis: int, bound: float
) -> tuple[float, float]:
    """Where segment a-b meets the line `axis` = `bound`."""
    t = (bound - a[axis]) / (b[axis] - a[axis])
    other = 1 - axis
    value = a[other] + t * (b[other] - a[other])
    return (bound, value) if axis == 0 else (value, bound)


# ---------------------------------------------------------------- markers


def _markers(points: Sequence[EventView], projection: Projection) -> tuple[Marker, ...]:
    """One marker per place and type; the biggest first so small ones stay on top."""
    groups: dict[tuple[float, float, str, bool], list[EventView]] = defaultdict(list)
    for event in points:
        assert event.lon is not None
        assert event.lat is not None
        area = event.place_precision in AREA_PRECISIONS
        groups[(round(event.lon, 2), round(event.lat, 2), event.type, area)].append(event)
    markers = []
    for (lon, lat, event_type, area), group in groups.items():
        x, y = projection(lon, lat)
        hurt = sum(e.casualties for e in group)
        markers.append(
            Marker(
                x=round(x, 1),
                y=round(y, 1),
                r=marker_radius(hurt, len(group), area),
                colour=type_colour(event_type),
                type=event_type,
                place=group[0].place,
                events=len(group),
                casualties=hurt,
                area=area,
                event_ids=tuple(e.id for e in group),
            )
        )
    return tuple(sorted(markers, key=lambda m: (-m.r, m.type, m.x, m.y)))


def marker_radius(casualties: int, events: int, area: bool = False) -> float:
    """Pixels: area grows with the people killed or wounded, a little with the events."""
    if area:
        return 16.0
    return round(min(26.0, 4.0 + 1.8 * math.sqrt(casualties) + 0.8 * math.sqrt(events - 1)), 1)
