"""Every export format, read back by its own reader: GeoJSON by the rules of RFC 7946,
Parquet by pyarrow and DuckDB, the ACLED and UCDP tables by `csv` against their
column lists, PLOVER JSON by `json`; and every field each format keeps, round-tripped."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from export_helpers import events, store_path
from hypothesis import given, settings
from hypothesis import strategies as st
from test_writers import _events as events_strategy

from sitrep.errors import SitrepError, UsageError
from sitrep.export import ExportSummary, arrow, export_store
from sitrep.export.acled import ACLED_COLUMNS
from sitrep.export.ucdp import UCDP_COLUMNS, priogrid
from sitrep.model import Event, event_from_dict, event_to_dict
from sitrep.store import EventFilter, Store
from sitrep.store.query import find_merged


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_path(tmp_path_factory.mktemp("export"))


def export(db: Path, fmt: str, out: Path, **options: Any) -> ExportSummary:
    with Store.open(db) as store:
        return export_store(store, fmt, out, **options)


def by_id() -> dict[str, Event]:
    return {e.id: e for e in events().values()}


# ---------------------------------------------------------------- GeoJSON


def test_geojson_is_an_rfc7946_feature_collection(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    summary = export(db, "geojson", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"type", "features"}  # no "crs": RFC 7946 is WGS 84 only
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180
        assert -90 <= lat <= 90
        assert all(not isinstance(v, dict | list) for v in feature["properties"].values())
    keys = {tuple(f["properties"]) for f in data["features"]}
    assert len(keys) == 1  # the same flat properties on every feature: one table in a GIS
    # The protest has no place and the arrest no coordinates: counted, not written.
    assert summary.written == len(data["features"]) == 4
    assert dict(summary.left_out) == {"no coordinates": 2}


def test_geojson_keeps_the_point_and_the_fields(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    export(db, "geojson", out)
    features = {f["id"]: f for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    for ident, feature in features.items():
        event = by_id()[ident]
        assert event.location is not None
        assert feature["geometry"]["coordinates"] == [event.location.lon, event.location.lat]
        props = feature["properties"]
        assert props["type"] == event.type
        assert props["mode"] == event.mode
        assert props["status"] == event.status
        assert props["place"] == event.location.name
        assert props["place_precision"] == event.location.precision
        assert props["date_start"] == (event.date.start.isoformat() if event.date else None)
        assert props["killed"] == (c.value if (c := event.count("killed")) else None)
        assert props["evidence"] == event.evidence.text
        assert props["outlet"] == event.source.outlet
        assert props["confidence"] == event.confidence


def test_geojson_of_merged_events_has_low_best_high(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged.geojson"
    summary = export(db, "geojson", out, merged=True)
    assert summary.merged
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    attack = next(f["properties"] for f in features if f["properties"]["reports"] == 2)
    assert (attack["killed_low"], attack["killed_best"], attack["killed_high"]) == (12, 12, 15)
    assert attack["documents"] == 2
    assert attack["outlets"] == "Wire A; Wire B"
    assert attack["wounded_best"] is None


# ---------------------------------------------------------------- Parquet


def _iso(value: Any) -> Any:
    """Arrow's Python values in the JSON record's terms: dates as ISO text."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


def _as_record(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row back in the shape of `event_to_dict` (counts: only those present)."""
    record = _iso(row)
    record["counts"] = {k: c for k, c in record["counts"].items() if c is not None}
    return record


def test_parquet_round_trips_every_field(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export(db, "parquet", out).written == 6
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == 6
    for row in rows:
        event = by_id()[row["id"]]
        assert _as_record(row) == event_to_dict(event)
        assert event_from_dict(_as_record(row)).to_dict() == event.to_dict()


@settings(max_examples=60, deadline=None)
@given(st.lists(events_strategy, max_size=4))
def test_any_event_survives_parquet(found: list[Event]) -> None:
    buffer = io.BytesIO()
    pq.write_table(arrow.table((arrow.event_row(e) for e in found), arrow.event_schema()), buffer)
    rows = pq.read_table(io.BytesIO(buffer.getvalue())).to_pylist()
    assert [_as_record(row) for row in rows] == [event_to_dict(e) for e in found]


def test_parquet_columns_are_typed(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    export(db, "parquet", out)
    schema = pq.read_schema(out)
    assert str(schema.field("date").type.field("start").type) == "date32[day]"
    assert str(schema.field("confidence").type) == "double"
    assert str(schema.field("location").type.field("lat").type) == "double"
    assert str(schema.field("counts").type.field("killed").type.field("value").type) == "int64"


def test_duckdb_reads_the_parquet_file_as_it_is(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    export(db, "parquet", out)
    rows = duckdb.sql(
        f"SELECT id, location.country, counts.killed.value, date.start, len(actors)"
        f" FROM read_parquet('{out}') WHERE type = 'ASSAULT' ORDER BY id"
    ).fetchall()
    expected = sorted(
        (e.id, e.location.country if e.location else None,
         c.value if (c := e.count("killed")) else None,
         e.date.start if e.date else None, len(e.actors))
        for e in events().values() if e.type == "ASSAULT"
    )  # fmt: skip
    assert rows == expected


def test_parquet_of_merged_events(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged.parquet"
    export(db, "parquet", out, merged=True)
    with Store.open(db) as store:
        wanted = {m.id: m.to_dict() for m in find_merged(store, EventFilter())}
    rows = pq.read_table(out).to_pylist()
    assert {r["id"] for r in rows} == set(wanted)
    for row in rows:
        record = _iso(row)
        expected = wanted[row["id"]]
        assert record["members"] == expected["members"]
        assert [a["name"] for a in record["actors"]] == expected["actors"]
        assert record["date"] == expected["date"]
        assert record["cause"] == expected["cause"]
        assert [s["doc_id"] for s in record["sources"]] == [
            s["doc_id"] for s in expected["sources"]
        ]
        counts = {k: c for k, c in record["counts"].items() if c is not None}
        assert counts == expected["counts"]
        assert record["disagreements"] == expected["disagreements"]
    killed = duckdb.sql(
        f"SELECT counts.killed.low, counts.killed.best, counts.killed.high"
        f" FROM read_parquet('{out}') WHERE len(members) = 2"
    ).fetchall()
    assert killed == [(12, 12, 15)]


def test_every_table_into_a_folder(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    summary = export(db, "parquet", folder, tables="all")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["documents.parquet", "events.parquet", "merged.parquet", "rejections.parquet"]
    assert {Path(p).name: n for p, n in summary.files} == {
        "events.parquet": 6, "merged.parquet": 5, "documents.parquet": 4, "rejections.parquet": 0,
    }  # fmt: skip
    documents = duckdb.sql(f"SELECT id, published FROM '{folder / 'documents.parquet'}'")
    assert sorted(documents.fetchall()) == [
        (d, dt.date(2024, 3, 3)) for d in ("doc-a", "doc-b", "doc-c", "doc-d")
    ]
    joined = duckdb.sql(
        f"SELECT count(*) FROM '{folder / 'events.parquet'}' e"
        f" JOIN '{folder / 'documents.parquet'}' d ON e.doc_id = d.id"
    ).fetchall()
    assert joined == [(6,)]


def test_filtered_tables_hold_the_documents_of_the_chosen_events(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "talks"
    export(db, "parquet", folder, tables="all", flt=EventFilter(types=("CONSULT",)))
    assert pq.read_table(folder / "documents.parquet").column("id").to_pylist() == ["doc-d"]
    assert pq.read_table(folder / "events.parquet").num_rows == 1


# ---------------------------------------------------------------- ACLED


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_acled_columns_rows_and_what_is_left_out(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    summary = export(db, "acled", out)
    header, rows = _csv(out)
    assert tuple(header) == ACLED_COLUMNS
    assert {r["event_id_cnty"] for r in rows} == {
        "doc-a:attack", "doc-b:attack", "doc-c:strike", "doc-d:arrest",
    }  # fmt: skip
    assert dict(summary.left_out) == {"did not occur": 1, "no ACLED category": 1}
    attack = next(r for r in rows if r["event_id_cnty"] == "doc-a:attack")
    assert attack == attack | {
        "event_date": "2024-03-03", "year": "2024", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Taliban", "actor2": "Afghan police",
        "inter2": "1", "iso": "4", "country": "Afghanistan", "admin1": "Kandahar",
        "location": "Kandahar", "latitude": "31.61332", "longitude": "65.71013",
        "geo_precision": "1", "source": "Wire A", "fatalities": "12",
        "tags": "fatalities at least", "civilian_targeting": "",
    }  # fmt: skip
    assert attack["notes"] == events()["attack"].evidence.text


def test_acled_codes_civilians_precision_and_strategic_developments(
    db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "acled.csv"
    export(db, "acled", out)
    rows = {r["event_id_cnty"]: r for r in _csv(out)[1]}
    strike = rows["doc-c:strike"]
    assert (strike["event_type"], strike["sub_event_type"]) == (
        "Explosions/Remote violence", "Air/drone strike",
    )  # fmt: skip
    assert strike["civilian_targeting"] == "Civilian targeting"
    assert strike["inter2"] == "7"
    assert strike["time_precision"] == "3"  # known to the month
    assert strike["event_date"] == "2024-02-01"
    assert strike["geo_precision"] == "3"  # a province
    arrest = rows["doc-d:arrest"]
    assert (arrest["disorder_type"], arrest["sub_event_type"]) == (
        "Strategic developments", "Arrests",
    )  # fmt: skip
    assert (arrest["latitude"], arrest["geo_precision"]) == ("", "")  # no coordinates
    assert arrest["fatalities"] == "0"


def test_acled_keep_unmapped_writes_an_empty_type(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    summary = export(db, "acled", out, keep_unmapped=True)
    rows = {r["event_id_cnty"]: r for r in _csv(out)[1]}
    assert rows["doc-d:talks"]["event_type"] == rows["doc-d:talks"]["sub_event_type"] == ""
    assert dict(summary.left_out) == {"did not occur": 1}  # a plan is still no event


def test_acled_of_merged_events_takes_the_lowest_toll(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    export(db, "acled", out, merged=True)
    rows = _csv(out)[1]
    attack = next(r for r in rows if r["source"] == "Wire A; Wire B")
    assert attack["fatalities"] == "12"
    assert attack["tags"] == "fatalities reported 12 to 15"


# ---------------------------------------------------------------- UCDP


def test_ucdp_writes_lethal_merged_events_in_ged_columns(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "ged.csv"
    summary = export(db, "ucdp", out)
    assert summary.merged  # UCDP's unit is the event across its sources
    header, rows = _csv(out)
    assert tuple(header) == UCDP_COLUMNS
    assert dict(summary.left_out) == {"did not occur": 1, "nobody killed": 2}
    by_sources = {r["number_of_sources"]: r for r in rows}
    attack, strike = by_sources["2"], by_sources["1"]
    assert (attack["low"], attack["best"], attack["high"]) == ("12", "12", "15")
    assert attack["type_of_violence"] == "1"  # an armed group against the police
    assert (attack["side_a"], attack["side_b"]) == ("Afghan police", "Taliban")  # the state first
    assert attack["dyad_name"] == "Afghan police - Taliban"
    assert attack["deaths_unknown"] == "12"
    assert attack["source_office"] == "Wire A; Wire B"
    assert attack["source_original"] == "a police spokesman"
    assert (attack["date_prec"], attack["where_prec"]) == ("1", "1")
    assert attack["geom_wkt"] == "POINT (65.71013 31.61332)"
    assert attack["priogrid_gid"] == str(priogrid(31.61332, 65.71013))
    assert strike["type_of_violence"] == "3"
    assert (strike["side_b"], strike["deaths_civilians"], strike["deaths_unknown"]) == (
        "Civilians", "3", "0",
    )  # fmt: skip
    assert (strike["date_prec"], strike["where_prec"]) == ("4", "4")  # a month; a province
    for row in rows:  # GED's deaths by side always add up to best
        parts = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
        assert sum(int(row[p]) for p in parts) == int(row["best"])


@pytest.mark.parametrize(
    ("lat", "lon", "gid"),
    [(-89.75, -179.75, 1), (-89.75, 179.75, 720), (-89.25, -179.75, 721), (89.75, 179.75, 259200)],
)
def test_priogrid_numbers_half_degree_cells_row_by_row(lat: float, lon: float, gid: int) -> None:
    assert priogrid(lat, lon) == gid


# ---------------------------------------------------------------- PLOVER, JSON Lines, CSV


def test_plover_json_uses_the_specification_names(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.json"
    assert export(db, "plover", out).written == 6
    records = {r["id"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    attack = records["doc-a:attack"]
    event = events()["attack"]
    assert attack["event"] == "ASSAULT"
    assert attack["mode"] == event.mode
    assert attack["date"] == "2024-03-03"
    assert attack["source"] == [{"actorText": "Taliban fighters", "code": "AFG", "sector": "REB"}]
    assert attack["target"][0]["sector"] == "COP"
    assert attack["eventText"] == event.trigger.text
    assert attack["text"] == event.evidence.text
    assert attack["eventLoc"] == {"name": "Kandahar", "country code": "AFG"}
    assert attack["dead"] == 12
    assert "injured" not in attack
    assert attack["sitrep"]["status"] == "occurred"
    assert records["doc-c:protest"]["sitrep"]["status"] == "planned"
    assert all(None not in r.values() for r in records.values())


def test_jsonl_and_csv_are_streamed_too(db: Path, tmp_path: Path) -> None:
    export(db, "jsonl", tmp_path / "e.jsonl")
    lines = (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
    assert {event_from_dict(json.loads(line)) for line in lines} == set(events().values())
    assert export(db, "csv", tmp_path / "e.csv", flt=EventFilter(limit=2)).written == 2


# ---------------------------------------------------------------- streaming and files


def test_exports_never_read_the_whole_list(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every format reads the store one record at a time, not through `Store.events`."""

    def whole_list(*_: object) -> None:
        raise AssertionError("an export read every event at once")

    monkeypatch.setattr(Store, "events", whole_list)
    for fmt in ("jsonl", "csv", "geojson", "parquet", "acled", "ucdp", "plover"):
        export(db, fmt, tmp_path / f"out.{fmt}")
        export(db, fmt, tmp_path / f"merged.{fmt}", merged=fmt not in ("csv", "plover"))


def test_a_failed_export_leaves_the_old_file_and_no_partial_one(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "events.csv"
    out.write_text("the old export\n", encoding="utf-8")

    def broken(*_: object, **__: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("sitrep.export.files.write_csv", broken)
    with pytest.raises(SitrepError, match=f"cannot write {out}: disk full"):
        export(db, "csv", out)
    assert out.read_text(encoding="utf-8") == "the old export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]


@pytest.mark.parametrize(
    ("fmt", "options", "message"),
    [
        ("xml", {}, "unknown export format 'xml'; choose one of: jsonl, csv"),
        ("csv", {"merged": True}, "--merged cannot be written as csv"),
        ("plover", {"merged": True}, "--merged cannot be written as plover"),
        ("csv", {"tables": "all"}, "add --format parquet"),
        ("parquet", {"tables": "some"}, "--tables takes 'all'"),
        ("jsonl", {"keep_unmapped": True}, "acled and ucdp only"),
    ],
)
def test_bad_requests_name_the_fix(
    db: Path, tmp_path: Path, fmt: str, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError, match=message.replace("(", r"\(")):
        export(db, fmt, tmp_path / "out", **options)
    assert list(tmp_path.iterdir()) == []


def test_geojson_of_events_without_coordinates_is_refused(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "protests.geojson"
    with pytest.raises(UsageError, match="none of the 1 events has coordinates"):
        export(db, "geojson", out, flt=EventFilter(types=("PROTEST",)))
    assert not out.exists()
    nothing = export(db, "geojson", out, flt=EventFilter(types=("AID",)))
    assert nothing.written == 0  # no events chosen: an empty collection, not an error
    assert json.loads(out.read_text(encoding="utf-8"))["features"] == []


def test_parquet_without_pyarrow_says_how_to_install_it(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pyarrow", None)
    with pytest.raises(UsageError, match=r"pip install 'sitrep\[export\]'"):
        export(db, "parquet", tmp_path / "e.parquet")


def test_summary_says_what_was_left_out() -> None:
    summary = ExportSummary("a.csv", 3, left_out=(("no ACLED category", 2), ("no date", 1)))
    assert summary.render() == (
        "wrote 3 events to a.csv\nleft out 3 events (no ACLED category: 2, no date: 1)"
    )
