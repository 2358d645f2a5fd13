"""Build sitrep's packaged basemap: simplified country outlines for the HTML report.

Run from the repository root (it needs npm, and `pycountry` from the `resources` extra;
the installed program needs neither)::

    python scripts/build_basemap.py                               # runs `npm pack world-atlas@2`
    python scripts/build_basemap.py --source countries-50m.json   # no network

Source: Natural Earth 1:50m admin-0 countries (public domain) as TopoJSON in the npm
package ``world-atlas`` 2.x (ISC licence, Mike Bostock), file ``countries-50m.json``.
The TopoJSON is decoded by the small decoder below; each arc (a stretch of border or coast)
is simplified once with Douglas-Peucker, so neighbours keep meeting exactly; coordinates
are rounded to 1/100 degree.

It writes ``src/sitrep/data/basemap.json.gz``: gzip'd compact JSON with sorted keys, the
same bytes for the same input (gzip mtime 0)::

    {"source": "Natural Earth 1:50m via world-atlas 2.x", "version": "2.0.2",
     "precision": 100,
     "countries": [{"iso3": "SYR", "name": "Syria",
                    "bbox": [minlon, minlat, maxlon, maxlat],
                    "rings": [[lon0*100, lat0*100, dlon1, dlat1, dlon2, dlat2, ...], ...]},
                   ...]}

* ``version`` is the world-atlas version read (``unknown`` for a ``--source`` file with no
  ``package.json`` beside it).
* ``countries`` is sorted by ``iso3``: ISO 3166-1 alpha-3 from the feature's numeric id.
  Features without one get a user-assigned ``X..`` code (``XKX`` Kosovo, else "X" and
  letters of the name: ``XSO`` Somaliland) and keep their Natural Earth ``name``.
  Features sharing a code are merged (Australia and Ashmore and Cartier Is. are both 036).
* Each ring is a flat list of integers in units of 1/``precision`` degree: the first point
  absolute, every following point as the step from the one before. Rings are closed (the
  last point repeats the first). Outer rings and holes are all just "rings": the renderer
  fills them with the even-odd rule. Rings that simplification collapses are dropped, but
  every country keeps at least its largest ring.
* No ring crosses the antimeridian: rings that world-atlas keeps whole across it are cut
  at +-180 and Antarctica is closed along the bottom edge (-90), so a flat map draws no line
  across the globe. The bbox of a country on both sides (Russia, Fiji) therefore spans the
  whole width, and the USA's nearly does (the Aleutians).
* ``bbox`` is in degrees: the extent of the kept rings.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import pycountry

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "sitrep" / "data" / "basemap.json.gz"
PACKAGE = "world-atlas@2"
MEMBER = "package/countries-50m.json"
SOURCE = "Natural Earth 1:50m via world-atlas 2.x"
PRECISION = 100  # grid units per degree: 1/100 degree, about 1.1 km, no coarser than TOLERANCE
#: Douglas-Peucker tolerance in degrees: small enough that Lebanon, the Gaza Strip and the
#: West Bank keep their shape when the map is zoomed to them, large enough for a small file.
TOLERANCE = 0.01
MIN_RING_POINTS = 4  # a closed ring needs three distinct corners plus the closing point
#: Codes for features without an ISO 3166 code, where one is in wide use (EU, IMF, World Bank).
USER_ASSIGNED = {"Kosovo": "XKX"}

Point = tuple[float, float]
Ring = list[Point]
GridRing = list[tuple[int, int]]
Topology = dict[str, Any]


# --- reading the source ----------------------------------------------------------------


def fetch_topology() -> tuple[Topology, str]:
    """The TopoJSON and version of the newest world-atlas 2.x, fetched with `npm pack`."""
    with tempfile.TemporaryDirectory() as tmp:
        # npm pack only downloads the tarball: nothing is installed and no script runs.
        subprocess.run(
            ["npm", "pack", PACKAGE, "--pack-destination", tmp],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as archive:  # members are read, never extracted
            topology = json.load(_member(archive, MEMBER))
            version = str(json.load(_member(archive, "package/package.json"))["version"])
    return topology, version


def _member(archive: tarfile.TarFile, name: str) -> IO[bytes]:
    """A file object for one regular file of the archive."""
    handle = archive.extractfile(name)
    if handle is None:
        raise FileNotFoundError(f"{name} is not a file in the world-atlas package")
    return handle


def read_topology(path: Path) -> tuple[Topology, str]:
    """A local countries-50m.json; the version comes from a package.json beside it, if any."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    package = path.with_name("package.json")
    version = "unknown"
    if package.is_file():
        version = str(json.loads(package.read_text(encoding="utf-8")).get("version", version))
    return topology, version


# --- decoding TopoJSON -----------------------------------------------------------------


def decode_arcs(topology: Topology) -> list[list[Point]]:
    """All arcs of the topology as absolute (lon, lat) points.

    A quantized topology (one with a ``transform``) stores each arc as integer steps from
    the previous position, starting from 0; a plain one stores absolute coordinates.
    """
    transform = topology.get("transform")
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        qx = qy = 0
        points = []
        for dx, dy, *_ in arc:
            qx, qy = qx + dx, qy + dy
            points.append((qx * sx + tx, qy * sy + ty))
        arcs.append(points)
    return arcs


def arc_points(arcs: Sequence[Sequence[Point]], index: int) -> list[Point]:
    """The points of arc `index`; a negative index ~i means arc i walked backwards."""
    return list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))


def stitch_ring(arcs: Sequence[Sequence[Point]], indices: Iterable[int]) -> Ring:
    """One closed ring from its arcs: each arc starts where the one before ends."""
    ring: Ring = []
    for index in indices:
        points = arc_points(arcs, index)
        ring.extend(points[1:] if ring else points)  # the joint is already there
    return ring


def geometry_rings(geometry: dict[str, Any], arcs: Sequence[Sequence[Point]]) -> list[Ring]:
    """All rings of a Polygon or MultiPolygon geometry, holes included, in one flat list
    (the renderer fills with the even-odd rule); other geometry types have no rings."""
    if geometry.get("type") == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [stitch_ring(arcs, ring) for polygon in polygons for ring in polygon]


# --- simplifying -----------------------------------------------------------------------


def segment_distance2(point: Point, start: Point, end: Point) -> float:
    """Squared distance from `point` to the segment start-end (to `start` if it has no length)."""
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    ex, ey = ax + t * dx - px, ay + t * dy - py
    return ex * ex + ey * ey


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the points of the line that matter at `tolerance`; ends always kept.

    Iterative (an explicit stack) because long coastlines would exceed the recursion limit.
    Distances are to segments, not lines, so a closed arc (first point == last point) works:
    its first split is at the point farthest from the start.
    """
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    limit = tolerance * tolerance
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, worst = -1, limit
        for i in range(first + 1, last):
            distance = segment_distance2(points[i], points[first], points[last])
            if distance > worst:
                farthest, worst = i, distance
        if farthest >= 0:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def to_grid(ring: Sequence[Point]) -> GridRing:
    """The ring in 1/PRECISION degree units, without points that rounding made repeat."""
    grid: GridRing = []
    for lon, lat in ring:
        point = (round(lon * PRECISION), round(lat * PRECISION))
        if not grid or grid[-1] != point:
            grid.append(point)
    return grid


def ring_area(ring: Sequence[Point]) -> float:
    """Unsigned planar area in square degrees (shoelace); only used to rank rings."""
    total = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


# --- the antimeridian ------------------------------------------------------------------


def unwrap(points: Sequence[Point]) -> list[Point]:
    """The points with continuous longitudes: a step of more than 180 degrees is read as
    crossing the antimeridian, so 179.9 -> -179.9 becomes 179.9 -> 180.1."""
    result: list[Point] = []
    shift = 0.0
    for lon, lat in points:
        if result:
            shift -= 360 * round((lon + shift - result[-1][0]) / 360)  # 0 unless |step| > 180
        result.append((lon + shift, lat))
    return result


def clip_half(ring: Sequence[Point], edge: float, *, keep_east: bool) -> Ring:
    """Sutherland-Hodgman against the meridian `edge`: the part of the open ring east
    (`keep_east`) or west of it, with new corners where its edges cross the meridian."""

    def inside(point: Point) -> bool:
        return point[0] >= edge if keep_east else point[0] <= edge

    result: Ring = []
    for i, current in enumerate(ring):
        previous = ring[i - 1]  # for i == 0 the last point: the ring is open
        if inside(current) != inside(previous):
            (x0, y0), (x1, y1) = previous, current
            result.append((edge, y0 + (edge - x0) * (y1 - y0) / (x1 - x0)))
        if inside(current):
            result.append(current)
    return result


def cut_antimeridian(ring: Sequence[Point]) -> list[Ring]:
    """The closed ring as closed rings within -180..180, which a flat map can draw.

    world-atlas keeps a few rings whole across +-180 for spherical renderers (Chukotka,
    Wrangel Island, a Fiji island), and Antarctica's coast winds once round the South Pole.
    Drawn flat, they would put lines across the whole map. So: unwrap the longitudes, close
    a ring that winds round a pole along the map's top or bottom edge, cut the result into
    360-degree windows and move each piece back into -180..180.
    """
    open_ring = unwrap(ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring)
    if not open_ring:
        return []
    end = unwrap([open_ring[-1], ring[0]])[-1]  # the first point again, after unwrapping
    if abs(end[0] - open_ring[0][0]) > 180:  # it winds round a pole
        pole = -90.0 if sum(lat for _, lat in open_ring) < 0 else 90.0
        open_ring += [end, (end[0], pole), (open_ring[0][0], pole)]
    west, east = min(lon for lon, _ in open_ring), max(lon for lon, _ in open_ring)
    if west >= -180 and east <= 180:
        return [[*open_ring, open_ring[0]]]
    pieces = []
    for window in range(math.floor((west + 180) / 360), math.ceil((east - 180) / 360) + 1):
        shift = 360 * window
        piece = clip_half(open_ring, shift - 180, keep_east=True)
        piece = clip_half(piece, shift + 180, keep_east=False)
        if len(piece) >= 3:
            moved = [(lon - shift, lat) for lon, lat in piece]
            pieces.append([*moved, moved[0]])
    return pieces


def flat_rings(geometry: dict[str, Any], arcs: Sequence[Sequence[Point]]) -> list[Ring]:
    """The geometry's rings, cut at the antimeridian."""
    return [piece for ring in geometry_rings(geometry, arcs) for piece in cut_antimeridian(ring)]


# --- countries -------------------------------------------------------------------------


def feature_code(feature: dict[str, Any], taken: set[str]) -> str:
    """ISO 3166-1 alpha-3 for the feature's numeric id, else a stable user-assigned X.. code."""
    raw = feature.get("id")
    if raw is not None and str(raw).isdigit():
        country = pycountry.countries.get(numeric=f"{int(raw):03d}")
        if country is not None:
            return str(country.alpha_3)
    name = str(feature.get("properties", {}).get("name", ""))
    known = pycountry.countries.get(name=name) if name else None
    if known is not None:
        return str(known.alpha_3)
    if name in USER_ASSIGNED:
        return USER_ASSIGNED[name]
    # "X" + the first letter + a later letter of the name ("Somaliland" -> XSO): ISO 3166
    # leaves X.. codes to users, so they never clash with a real country.
    letters = [c for c in name.upper() if "A" <= c <= "Z"] or ["X", "X"]
    for second in letters[1:] or letters:
        code = f"X{letters[0]}{second}"
        if code not in taken:
            return code
    raise ValueError(f"no free X.. code for {name!r}")


def grid_area2(ring: Sequence[tuple[int, int]]) -> int:
    """Twice the unsigned area of a closed grid ring (0 for one lying along a line)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)))


def keep_rings(original: Sequence[Ring], simplified: Sequence[Ring]) -> list[GridRing]:
    """The simplified rings worth drawing, on the grid; never none while the country has any.

    A ring that collapsed (fewer than MIN_RING_POINTS points, or no area left) is dropped.
    If all did (Vatican, Monaco, atolls), the largest original ring is kept unsimplified.
    """
    grids = [to_grid(ring) for ring in simplified]
    kept = [grid for grid in grids if len(grid) >= MIN_RING_POINTS and grid_area2(grid) > 0]
    if not kept and original:
        kept.append(to_grid(max(original, key=ring_area)))
    return kept


def encode_ring(ring: Sequence[tuple[int, int]]) -> list[int]:
    """Flat integers: the first point absolute, then each point's step from the previous."""
    flat = [ring[0][0], ring[0][1]]
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        flat += [x1 - x0, y1 - y0]
    return flat


def grid_bbox(rings: Sequence[Sequence[tuple[int, int]]]) -> list[float]:
    """[min lon, min lat, max lon, max lat] of the kept rings, in degrees."""
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return [value / PRECISION for value in (min(xs), min(ys), max(xs), max(ys))]


def check_flat(rings: Sequence[Sequence[tuple[int, int]]], code: str) -> None:
    """Refuse rings a flat map would draw across the globe (a safety net for the cut); only
    the map's bottom or top edge may be that long (Antarctica is closed along it)."""
    limit, pole = 180 * PRECISION, 90 * PRECISION
    for ring in rings:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            along_edge = y0 == y1 and abs(y0) == pole
            if abs(x1) > limit or (abs(x1 - x0) > limit and not along_edge):
                raise ValueError(f"{code}: a ring crosses the antimeridian ({x0} -> {x1})")


Part = tuple[str, list[Ring], list[Ring]]  # a feature's name, rings, simplified rings


def country_records(topology: Topology, tolerance: float) -> list[dict[str, Any]]:
    """One record per country code, sorted by code, in the output format."""
    # Unwrapped first, so that Douglas-Peucker never measures across a 360-degree jump.
    arcs = [unwrap(arc) for arc in decode_arcs(topology)]
    # Each arc is simplified once, so a border shared by two countries stays the same line
    # in both (simplifying whole rings would open slivers and overlaps along borders).
    thin = [simplify(arc, tolerance) for arc in arcs]
    features = sorted(
        topology["objects"]["countries"]["geometries"],
        key=lambda f: (str(f.get("id") or ""), str(f.get("properties", {}).get("name", ""))),
    )  # a fixed order, so invented codes and merges do not depend on the file's order
    groups: dict[str, list[Part]] = {}
    for feature in features:
        code = feature_code(feature, set(groups))
        name = str(feature.get("properties", {}).get("name", code))
        groups.setdefault(code, []).append(
            (name, flat_rings(feature, arcs), flat_rings(feature, thin))
        )
    return [country_record(code, parts) for code, parts in sorted(groups.items())]


def country_record(code: str, parts: Sequence[Part]) -> dict[str, Any]:
    """One country from its features (Australia and Ashmore and Cartier Is. share 036):
    the name of the largest feature, the rings of all."""
    name = max(parts, key=lambda part: sum(ring_area(ring) for ring in part[1]))[0]
    original = [ring for part in parts for ring in part[1]]
    rings = keep_rings(original, [ring for part in parts for ring in part[2]])
    if not rings:
        raise ValueError(f"{code} ({name}) has no geometry")
    check_flat(rings, code)
    return {
        "iso3": code,
        "name": name,
        "bbox": grid_bbox(rings),
        "rings": [encode_ring(ring) for ring in rings],
    }


def build(topology: Topology, version: str, tolerance: float = TOLERANCE) -> bytes:
    """The gzip'd basemap file: the same bytes for the same input."""
    document = {
        "source": SOURCE,
        "version": version,
        "precision": PRECISION,
        "countries": country_records(topology, tolerance),
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: Sequence[str] | None = None) -> None:
    """Build the basemap file and print what it holds."""
    parser = argparse.ArgumentParser(description="Build sitrep's packaged basemap.")
    parser.add_argument("--source", type=Path, help="a local countries-50m.json (skips npm)")
    parser.add_argument("--output", type=Path, default=OUT, help="where to write the .json.gz")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE, help="in degrees")
    args = parser.parse_args(argv)
    topology, version = read_topology(args.source) if args.source else fetch_topology()
    data = build(topology, version, args.tolerance)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    countries = json.loads(gzip.decompress(data))["countries"]
    rings = sum(len(country["rings"]) for country in countries)
    points = sum(len(ring) // 2 for country in countries for ring in country["rings"])
    print(
        f"wrote {args.output}: world-atlas {version}, {len(countries)} countries, "
        f"{rings} rings, {points} points, {len(data) / 1024:.0f} KB",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
