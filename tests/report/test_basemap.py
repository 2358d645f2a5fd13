"""The basemap: the packaged country outlines (`sitrep.report.basemap`) and the script that
builds them (`scripts/build_basemap.py`: TopoJSON decoding, simplifying, determinism)."""

from __future__ import annotations

import gzip
import importlib.util
import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from sitrep.report.basemap import Basemap, CountryShape, load_basemap

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_basemap.py"


@pytest.fixture(scope="module")
def build_basemap() -> ModuleType:
    """The build script, loaded from its file (scripts/ is not a package). It needs
    pycountry, which only the `resources` extra installs: skipped without it."""
    pytest.importorskip("pycountry")
    spec = importlib.util.spec_from_file_location("build_basemap", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Two unit squares side by side, (10, 20)-(11, 21) and (11, 20)-(12, 21), sharing the edge
# x = 11 (arc 0); the second square walks it backwards (~0, after its own arc 2). Quantized: lon = 10 + 0.5 qx,
# lat = 20 + 0.5 qy, arcs as steps. Arc 3 is a separate island square for a MultiPolygon.
TOPOLOGY: dict[str, Any] = {
    "type": "Topology",
    "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
    "arcs": [
        [[2, 0], [0, 2]],  # (11, 20) -> (11, 21)
        [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (11, 21) -> (10, 21) -> (10, 20) -> (11, 20)
        [[2, 0], [2, 0], [0, 2], [-2, 0]],  # (11, 20) -> (12, 20) -> (12, 21) -> (11, 21)
        [[20, 0], [2, 0], [0, 2], [-2, 0], [0, -2]],  # (20, 20) round to (20, 20)
    ],
    "objects": {
        "countries": {
            "type": "GeometryCollection",
            "geometries": [
                {
                    "type": "Polygon",
                    "arcs": [[2, ~0]],
                    "id": "422",
                    "properties": {"name": "Lebanon"},
                },
                {"type": "Polygon", "arcs": [[0, 1]], "id": "760", "properties": {"name": "Syria"}},
                {"type": "MultiPolygon", "arcs": [[[3]]], "properties": {"name": "Kosovo"}},
            ],
        }
    },
}
SQUARE_A = [(11.0, 20.0), (11.0, 21.0), (10.0, 21.0), (10.0, 20.0), (11.0, 20.0)]
SQUARE_B = [(11.0, 20.0), (12.0, 20.0), (12.0, 21.0), (11.0, 21.0), (11.0, 20.0)]
ISLAND = [(20.0, 20.0), (21.0, 20.0), (21.0, 21.0), (20.0, 21.0), (20.0, 20.0)]

# The last column is how far outside the outline (degrees) the point may be. Mogadishu is on
# the shore and Natural Earth's 1:50m coast runs straight past it, about 0.001 degrees (150 m)
# inland of this point: the unsimplified source puts it in the sea too.
CAPITALS = [
    ("SYR", "Damascus", 36.29, 33.51, 0.0),
    ("IRQ", "Baghdad", 44.36, 33.31, 0.0),
    ("UKR", "Kyiv", 30.52, 50.45, 0.0),
    ("SDN", "Khartoum", 32.53, 15.55, 0.0),
    ("SOM", "Mogadishu", 45.34, 2.04, 0.01),
    ("AFG", "Kabul", 69.17, 34.53, 0.0),
]
LEVANT = (34.0, 29.0, 39.0, 35.0)


@pytest.fixture(scope="module")
def basemap() -> Basemap:
    """The packaged basemap (cached per process by `load_basemap`)."""
    return load_basemap()


def inside_ring(lon: float, lat: float, ring: Sequence[tuple[float, float]]) -> bool:
    """Ray casting: does a ray east from the point cross the closed ring an odd number of times?"""
    crossings = 0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            crossings += 1
    return crossings % 2 == 1


def filled_at(shape: CountryShape, lon: float, lat: float) -> bool:
    """Whether the even-odd fill of all the shape's rings covers the point."""
    return sum(inside_ring(lon, lat, ring) for ring in shape.rings) % 2 == 1


def distance_to_outline(shape: CountryShape, lon: float, lat: float) -> float:
    """Degrees from the point to the nearest edge of any of the shape's rings."""
    best = float("inf")
    for ring in shape.rings:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            dx, dy = x1 - x0, y1 - y0
            t = ((lon - x0) * dx + (lat - y0) * dy) / (dx * dx + dy * dy or 1.0)
            t = max(0.0, min(1.0, t))
            best = min(best, ((x0 + t * dx - lon) ** 2 + (y0 + t * dy - lat) ** 2) ** 0.5)
    return best


# --- the packaged basemap --------------------------------------------------------------


def test_packaged_basemap_loads_once(basemap: Basemap) -> None:
    assert load_basemap() is basemap
    assert basemap.source == "Natural Earth 1:50m via world-atlas 2.x"
    assert len(basemap.countries) >= 170
    codes = [shape.iso3 for shape in basemap.countries]
    assert codes == sorted(set(codes))


def test_every_country_has_a_closed_ring_inside_its_bbox(basemap: Basemap) -> None:
    for shape in basemap.countries:
        assert shape.rings, shape.iso3
        west, south, east, north = shape.bbox
        assert -180 <= west <= east <= 180, shape.iso3
        assert -90 <= south <= north <= 90, shape.iso3
        for ring in shape.rings:
            assert ring[0] == ring[-1], shape.iso3
            assert all(west <= lon <= east and south <= lat <= north for lon, lat in ring)


@pytest.mark.parametrize(("iso3", "capital", "lon", "lat", "slack"), CAPITALS)
def test_capital_lies_in_its_country(
    basemap: Basemap, iso3: str, capital: str, lon: float, lat: float, slack: float
) -> None:
    shape = basemap.country(iso3)
    assert shape is not None, iso3
    west, south, east, north = shape.bbox
    assert west <= lon <= east, capital
    assert south <= lat <= north, capital
    if slack:
        assert filled_at(shape, lon, lat) or distance_to_outline(shape, lon, lat) <= slack
    else:
        assert any(inside_ring(lon, lat, ring) for ring in shape.rings), capital
        assert filled_at(shape, lon, lat), capital


@pytest.mark.parametrize(
    ("iso3", "found"),
    [("SYR", True), ("LBN", True), ("ISR", True), ("JOR", True), ("PSE", True),
     ("AUS", False), ("BRA", False), ("CHN", False), ("RUS", False)],
)  # fmt: skip
def test_within_the_levant(basemap: Basemap, iso3: str, found: bool) -> None:
    assert (iso3 in {shape.iso3 for shape in basemap.within(LEVANT)}) is found


def test_within_a_box_across_the_antimeridian(basemap: Basemap) -> None:
    codes = {shape.iso3 for shape in basemap.within((177.0, -19.0, -179.0, -16.0))}
    assert "FJI" in codes
    assert "SYR" not in codes


@pytest.mark.parametrize(("iso3", "name"), [("SYR", "Syria"), ("syr", "Syria"), ("XKX", "Kosovo")])
def test_country_lookup(basemap: Basemap, iso3: str, name: str) -> None:
    shape = basemap.country(iso3)
    assert shape is not None
    assert shape.name == name


def test_unknown_country_is_none(basemap: Basemap) -> None:
    assert basemap.country("ZZZ") is None


@pytest.mark.parametrize("iso3", ["RUS", "FJI", "USA", "ATA", "KIR"])
def test_no_ring_jumps_across_the_map(basemap: Basemap, iso3: str) -> None:
    """Rings are cut at +-180: only the map's bottom edge (Antarctica) may run across it."""
    shape = basemap.country(iso3)
    assert shape is not None
    for ring in shape.rings:
        for (x0, y0), (x1, y1) in itertools.pairwise(ring):
            assert abs(x1 - x0) <= 180 or y0 == y1 == -90.0, (iso3, x0, x1)


def test_countries_across_the_antimeridian_span_the_map(basemap: Basemap) -> None:
    for iso3 in ("RUS", "FJI"):
        shape = basemap.country(iso3)
        assert shape is not None
        assert (shape.bbox[0], shape.bbox[2]) == (-180.0, 180.0)


def test_basemap_lookup_works_on_a_hand_made_map() -> None:
    square = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0))
    shape = CountryShape(iso3="AAA", name="A", bbox=(0.0, 0.0, 1.0, 1.0), rings=(square,))
    basemap = Basemap(source="test", countries=(shape,))
    assert basemap.country("AAA") is shape
    assert basemap.within((0.5, 0.5, 2.0, 2.0)) == [shape]
    assert basemap.within((1.5, 1.5, 2.0, 2.0)) == []
    assert basemap == Basemap(source="test", countries=(shape,))


# --- the build script ------------------------------------------------------------------


def test_decoder_stitches_shared_and_reversed_arcs(build_basemap: ModuleType) -> None:
    arcs = build_basemap.decode_arcs(TOPOLOGY)
    lebanon, syria, kosovo = TOPOLOGY["objects"]["countries"]["geometries"]
    assert build_basemap.geometry_rings(syria, arcs) == [SQUARE_A]
    assert build_basemap.geometry_rings(lebanon, arcs) == [SQUARE_B]
    assert build_basemap.geometry_rings(kosovo, arcs) == [ISLAND]


def test_decoder_reads_an_unquantized_topology(build_basemap: ModuleType) -> None:
    plain = {"arcs": [[[10.0, 20.0], [11.5, 20.0]], [[11.5, 20.0], [11.5, 21.0], [10.0, 20.0]]]}
    arcs = build_basemap.decode_arcs(plain)
    ring = build_basemap.geometry_rings({"type": "Polygon", "arcs": [[0, 1]]}, arcs)
    assert ring == [[(10.0, 20.0), (11.5, 20.0), (11.5, 21.0), (10.0, 20.0)]]
    assert build_basemap.arc_points(arcs, ~0) == [(11.5, 20.0), (10.0, 20.0)]


@pytest.mark.parametrize(
    ("points", "tolerance", "expected"),
    [
        ([(0, 0), (1, 0), (2, 0)], 0.01, [(0, 0), (2, 0)]),  # collinear midpoint goes
        ([(0, 0), (1, 0.005), (2, 0)], 0.01, [(0, 0), (2, 0)]),  # within tolerance goes
        ([(0, 0), (1, 1), (2, 0)], 0.01, [(0, 0), (1, 1), (2, 0)]),  # a corner stays
        ([(0, 0), (1, 0), (2, 0), (3, 1)], 0.01, [(0, 0), (2, 0), (3, 1)]),
        ([(5, 5), (6, 5)], 1.0, [(5, 5), (6, 5)]),  # too short to simplify
        ([(0, 0), (1, 0), (1, 1), (0, 0)], 0.01, [(0, 0), (1, 0), (1, 1), (0, 0)]),  # closed
    ],
)
def test_simplify_keeps_ends_and_drops_what_does_not_show(
    build_basemap: ModuleType,
    points: list[tuple[float, float]],
    tolerance: float,
    expected: list[tuple[float, float]],
) -> None:
    simplified = build_basemap.simplify(points, tolerance)
    assert simplified == expected
    assert (simplified[0], simplified[-1]) == (points[0], points[-1])


def test_a_ring_across_the_antimeridian_is_cut_in_two(build_basemap: ModuleType) -> None:
    ring = [(179.0, 0.0), (-179.0, 0.0), (-179.0, 1.0), (179.0, 1.0), (179.0, 0.0)]
    pieces = build_basemap.cut_antimeridian(ring)
    spans = sorted((min(x for x, _ in p), max(x for x, _ in p)) for p in pieces)
    assert spans == [(-180.0, -179.0), (179.0, 180.0)]
    assert all(piece[0] == piece[-1] for piece in pieces)


def test_a_ring_round_the_pole_is_closed_along_the_edge(build_basemap: ModuleType) -> None:
    ring = [(-180.0, -70.0), (-60.0, -65.0), (60.0, -65.0), (179.0, -70.0), (-180.0, -70.0)]
    (piece,) = build_basemap.cut_antimeridian(ring)
    assert (180.0, -90.0) in piece
    assert (-180.0, -90.0) in piece
    assert all(
        abs(x1 - x0) <= 180 or y0 == y1 == -90 for (x0, y0), (x1, y1) in itertools.pairwise(piece)
    )


def test_a_collapsed_country_keeps_its_largest_ring(build_basemap: ModuleType) -> None:
    small = [(0.0, 0.0), (0.004, 0.0), (0.004, 0.004), (0.0, 0.0)]
    large = [(5.0, 5.0), (5.03, 5.0), (5.03, 5.03), (5.0, 5.0)]
    kept = build_basemap.keep_rings([small, large], [small, large[:2] + large[-1:]])
    assert kept == [[(500, 500), (503, 500), (503, 503), (500, 500)]]


@pytest.mark.parametrize(
    ("feature", "taken", "code"),
    [
        ({"id": "760", "properties": {"name": "Syria"}}, set(), "SYR"),
        ({"id": 4, "properties": {"name": "Afghanistan"}}, set(), "AFG"),
        ({"properties": {"name": "Kosovo"}}, set(), "XKX"),
        ({"id": "-99", "properties": {"name": "Somaliland"}}, set(), "XSO"),
        ({"properties": {"name": "Somaliland"}}, {"XSO"}, "XSM"),
        ({"properties": {"name": "N. Cyprus"}}, set(), "XNC"),
    ],
)
def test_feature_codes(
    build_basemap: ModuleType, feature: dict[str, Any], taken: set[str], code: str
) -> None:
    assert build_basemap.feature_code(feature, taken) == code


def test_build_is_deterministic_and_in_the_documented_format(
    build_basemap: ModuleType, tmp_path: Path
) -> None:
    source = tmp_path / "countries-50m.json"
    source.write_text(json.dumps(TOPOLOGY), encoding="utf-8")
    first, second = tmp_path / "one.json.gz", tmp_path / "two.json.gz"
    build_basemap.main(["--source", str(source), "--output", str(first)])
    build_basemap.main(["--source", str(source), "--output", str(second)])
    assert first.read_bytes() == second.read_bytes()

    document = json.loads(gzip.decompress(first.read_bytes()))
    assert document["source"] == "Natural Earth 1:50m via world-atlas 2.x"
    assert document["version"] == "unknown"  # no package.json beside the source
    assert document["precision"] == 100
    countries = document["countries"]
    assert [c["iso3"] for c in countries] == ["LBN", "SYR", "XKX"]
    syria = countries[1]
    assert syria["name"] == "Syria"
    assert syria["bbox"] == [10.0, 20.0, 11.0, 21.0]
    # First point absolute in 1/100 degree, then steps; the ring closes on its start.
    assert syria["rings"] == [[1100, 2000, 0, 100, -100, 0, 0, -100, 100, 0]]
    assert countries[2]["name"] == "Kosovo"
