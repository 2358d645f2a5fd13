"""`sitrep.store.migrations`: numbered schema migrations, applied and recorded on open,
on both backends (`db_target`: SQLite, and PostgreSQL when a server is there)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import make_analysis, make_event
from sitrep.errors import StoreError
from sitrep.model import Place
from sitrep.store import Store, backend, migrations
from sitrep.store.filters import EventFilter
from sitrep.store.migrations import LATEST, MIGRATIONS, Migration


def _recorded(target: str) -> list[tuple[int, str, str | None]]:
    conn = backend.connect(target)
    try:
        return migrations.applied(conn)
    finally:
        conn.close()


def _version(target: str) -> int:
    conn = backend.connect(target)
    try:
        return conn.version()
    finally:
        conn.close()


def test_versions_count_up_from_one_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))
    assert len({m.name for m in MIGRATIONS}) == len(MIGRATIONS)


def test_a_new_store_runs_and_records_every_migration(db_target: str) -> None:
    Store.open(db_target).close()
    recorded = _recorded(db_target)
    assert [(v, n) for v, n, _ in recorded] == [(m.version, m.name) for m in MIGRATIONS]
    assert all(applied for _, _, applied in recorded)  # each with when it ran
    assert _version(db_target) == LATEST


def test_reopening_a_store_runs_nothing(db_target: str) -> None:
    Store.open(db_target).close()
    conn = backend.connect(db_target)
    try:
        assert migrations.migrate(conn, db_target) == []
    finally:
        conn.close()


def test_a_store_from_before_the_record_runs_only_what_it_lacks(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = backend.connect(str(path))  # as sitrep 0.1 left it
    MIGRATIONS[0].apply(conn)
    conn.set_version(1)
    conn.close()
    Store.open(path).close()
    recorded = _recorded(str(path))
    assert [v for v, _, _ in recorded] == list(range(1, LATEST + 1))
    assert recorded[0][2] is None  # ran before migrations were recorded: when is unknown
    assert all(applied for _, _, applied in recorded[1:])


def test_a_failing_migration_leaves_the_store_as_it_was(
    db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_target).close()
    broken = Migration(LATEST + 1, "a broken step", lambda c: c.ddl("CREATE TABLE events (x TEXT)"))
    monkeypatch.setattr(migrations, "MIGRATIONS", (*MIGRATIONS, broken))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    with pytest.raises(StoreError, match="already exists"):
        Store.open(db_target)
    assert _version(db_target) == LATEST
    assert [v for v, _, _ in _recorded(db_target)] == list(range(1, LATEST + 1))


def test_a_store_from_a_newer_sitrep_is_refused(db_target: str) -> None:
    Store.open(db_target).close()
    conn = backend.connect(db_target)
    conn.execute(
        "INSERT INTO schema_migrations (version, name) VALUES (?, 'future')", (LATEST + 1,)
    )
    conn.set_version(LATEST + 1)
    conn.close()
    with pytest.raises(StoreError, match="upgrade sitrep"):
        Store.open(db_target)


def test_a_database_of_other_tables_is_refused(db_target: str) -> None:
    conn = backend.connect(db_target)
    conn.ddl("CREATE TABLE things (x TEXT)")
    conn.close()
    with pytest.raises(StoreError, match="not a sitrep store"):
        Store.open(db_target)


def test_folded_columns_are_filled_for_stored_events(tmp_path: Path) -> None:
    """Migration 6 on a store of version 5: the filters find its events, reviewed values too."""
    path = tmp_path / "old.db"
    event = make_event(location=Place(name="Çorum", text="Çorum", start=0, end=5, country="TUR"))
    with Store.open(path) as store:
        store.save([make_analysis(events=[event])])
        store.review(event.id, "correct", reviewer="ana",
                     fields={"location": {"name": "Çorum", "country": "SYR"}})  # fmt: skip
    with sqlite3.connect(path) as conn:
        for column in ("place_fold", "country_fold", "actors_fold", "evidence_fold"):
            conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
        conn.execute("DELETE FROM schema_migrations WHERE version = 6")
        conn.execute("PRAGMA user_version = 5")
    with Store.open(path) as store:
        for flt in (EventFilter(place="corum"), EventFilter(place="syr"),
                    EventFilter(actor="TALIBAN"), EventFilter(q="POLICE checkpoint")):  # fmt: skip
            assert [e.id for e in store.events(flt)] == [event.id], flt
        assert store.events(EventFilter(place="tur")) == []  # the reviewed country counts
    assert json.loads(json.dumps(_recorded(str(path))[-1][:2])) == [6, "folded filter columns"]
