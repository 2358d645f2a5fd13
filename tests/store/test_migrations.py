"""`sitrep.store.migrations`: numbered schema migrations, applied and recorded on open."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sitrep.errors import StoreError
from sitrep.store import Store, migrations
from sitrep.store.migrations import LATEST, MIGRATIONS, Migration


def _recorded(path: Path) -> list[tuple[int, str, str | None]]:
    with sqlite3.connect(path) as conn:
        return migrations.applied(conn)


def _version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_versions_count_up_from_one_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))
    assert len({m.name for m in MIGRATIONS}) == len(MIGRATIONS)


def test_a_new_store_runs_and_records_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    recorded = _recorded(path)
    assert [(v, n) for v, n, _ in recorded] == [(m.version, m.name) for m in MIGRATIONS]
    assert all(applied for _, _, applied in recorded)  # each with when it ran
    assert _version(path) == LATEST


def test_reopening_a_store_runs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    with sqlite3.connect(path, isolation_level=None) as conn:
        assert migrations.migrate(conn, str(path)) == []


def test_a_store_from_before_the_record_runs_only_what_it_lacks(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path, isolation_level=None) as conn:  # as sitrep 0.1 left it
        MIGRATIONS[0].apply(conn)
        conn.execute("PRAGMA user_version = 1")
    Store.open(path).close()
    recorded = _recorded(path)
    assert [v for v, _, _ in recorded] == list(range(1, LATEST + 1))
    assert recorded[0][2] is None  # ran before migrations were recorded: when is unknown
    assert all(applied for _, _, applied in recorded[1:])


def test_a_failing_migration_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    broken = Migration(LATEST + 1, "a broken step", lambda c: c.execute("CREATE TABLE events (x)"))
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    with pytest.raises(StoreError, match="already exists"):
        Store.open(path)
    assert _version(path) == LATEST
    assert [v for v, _, _ in _recorded(path)] == list(range(1, LATEST + 1))


def test_a_store_from_a_newer_sitrep_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(StoreError, match="upgrade sitrep"):
        Store.open(path)
