"""`sitrep export` for every format: what it prints, and one clear line and exit code 2
(never a traceback, never a file) for a request that cannot be met."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from export_helpers import store_path

from sitrep.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(store_path(tmp_path_factory.mktemp("cli")))


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["export", *args])


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--format", "geojson"], "wrote 4 events to {out}\nleft out 2 events (no coordinates: 2)"),
        (["--format", "parquet"], "wrote 6 events to {out}"),
        (["--format", "plover"], "wrote 6 events to {out}"),
        (["--format", "acled"],
         "wrote 4 events to {out}\nleft out 2 events (did not occur: 1, no ACLED category: 1)"),
        (["--format", "acled", "--keep-unmapped"],
         "wrote 5 events to {out}\nleft out 1 events (did not occur: 1)"),
        (["--format", "acled", "--merged"], "wrote 3 merged events to {out}"),
        (["--format", "ucdp"], "wrote 2 merged events to {out}"),
        (["--format", "jsonl", "--merged", "--type", "ASSAULT"], "wrote 2 merged events to {out}"),
    ],
)  # fmt: skip
def test_export_writes_and_tells(db: str, tmp_path: Path, args: list[str], said: str) -> None:
    out = tmp_path / "out"
    result = invoke("--db", db, "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(said.format(out=out))
    assert out.stat().st_size > 0


def test_every_table_into_a_folder(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    result = invoke("--db", db, "--format", "parquet", "--tables", "all", "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert f"wrote 6 rows to {folder / 'events.parquet'}" in result.stderr
    assert len(list(folder.glob("*.parquet"))) == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "unknown export format 'xml'; choose one of: jsonl, csv, geojson"),
        (["--format", "csv", "--merged"], "--merged cannot be written as csv"),
        (["--format", "csv", "--tables", "all"], "--tables all writes Parquet files"),
        (["--format", "jsonl", "--keep-unmapped"], "--keep-unmapped applies to"),
        (["--format", "geojson", "--type", "PROTEST"], "none of the 1 events has coordinates"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(
    db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    result = invoke("--db", db, "-o", str(out), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"sitrep: error: {message}")
    assert result.stderr.count("\n") == 1  # one line
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # exited, did not crash
    assert list(tmp_path.iterdir()) == []


def test_a_store_with_no_coordinates_at_all(tmp_path: Path) -> None:
    """A store whose places were never resolved to points cannot make a map."""
    db = tmp_path / "plain.db"
    result = CliRunner().invoke(
        main, ["run", str(Path(__file__).parents[1] / "merge_reports"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    # Strip the coordinates from every stored record.
    with sqlite3.connect(db) as conn:
        for ident, record in conn.execute("SELECT id, record FROM events").fetchall():
            data = json.loads(record)
            if data["location"]:
                data["location"] |= {"lat": None, "lon": None}
            conn.execute("UPDATE events SET record = ? WHERE id = ?", (json.dumps(data), ident))
    out = tmp_path / "map.geojson"
    result = invoke("--db", str(db), "--format", "geojson", "-o", str(out))
    assert result.exit_code == 2
    assert "has coordinates" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_folder_is_no_file(db: str, tmp_path: Path) -> None:
    result = invoke("--db", db, "--format", "csv", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr


def test_an_unwritable_place_is_a_message_not_a_traceback(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = invoke("--db", db, "--format", "csv", "-o", str(folder / "events.csv"))
    finally:
        folder.chmod(0o700)
    if result.exit_code == 0:  # pragma: no cover - running as root ignores permissions
        pytest.skip("needs POSIX permissions (not root)")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"sitrep: error: cannot write {folder / 'events.csv'}")
    assert "Traceback" not in result.output
