"""The store's schema, built by numbered migrations that the store records.

Each `Migration` has a version, a name and a function that takes the schema
from the version before it to its own. Opening a store applies, in one
transaction, every migration newer than the store's ``PRAGMA user_version``,
records each in the ``schema_migrations`` table (version, name, when) and moves
``user_version`` on. A new file runs them all; a store written by an older
sitrep runs the ones it lacks; a store written by a newer sitrep, or a SQLite
file that is not a sitrep store, is refused with a `StoreError`.

To change the schema, append a migration with the next version; never edit one
that has shipped, since stores in the field have already run it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.errors import StoreError
from sitrep.store import merged, reviews


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: `apply` takes a store at `version - 1` to `version`."""

    version: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _documents_events_rejections(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            title TEXT,
            url TEXT,
            outlet TEXT,
            published TEXT,
            origin TEXT,
            format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            passages TEXT NOT NULL,
            dateline TEXT
        );
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id),
            type TEXT NOT NULL,
            mode TEXT,
            status TEXT NOT NULL,
            date_start TEXT,
            date_end TEXT,
            place_name TEXT,
            place_country TEXT,
            actors_text TEXT NOT NULL,
            evidence_start INTEGER NOT NULL,
            record TEXT NOT NULL
        );
        CREATE INDEX events_type ON events(type);
        CREATE INDEX events_status ON events(status);
        CREATE INDEX events_date_start ON events(date_start);
        CREATE INDEX events_doc_id ON events(doc_id);
        CREATE TABLE rejections (
            doc_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            UNIQUE (doc_id, stage, reason, origin)
        )
        """,
    )


def _document_signatures(conn: sqlite3.Connection) -> None:
    """The MinHash signature of every document (`sitrep.merge.copies`), so that
    finding copies of an article reads bytes, not texts; stored documents get theirs now."""
    from sitrep.merge.copies import signature_bytes  # MinHash (numpy): only when needed

    _run(
        conn,
        """
        CREATE TABLE signatures (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            minhash BLOB
        )
        """,
    )
    rows = conn.execute("SELECT id, text FROM documents ORDER BY id").fetchall()
    conn.executemany(
        "INSERT INTO signatures (doc_id, minhash) VALUES (?, ?)",
        [(doc_id, signature_bytes(text)) for doc_id, text in rows],
    )


def _merged_events(conn: sqlite3.Connection) -> None:
    """Each event's merge profile and merged event (`sitrep.store.merged`); the
    groups of stored events are made when the store is opened."""
    _run(conn, merged.TABLES)


def _document_notes(conn: sqlite3.Connection) -> None:
    """What reading repaired or guessed in each document (`Document.notes`), as a JSON list."""
    conn.execute("ALTER TABLE documents ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'")


def _reviews(conn: sqlite3.Connection) -> None:
    """People's reviews beside the machine's events, and each event's review state
    (`sitrep.store.reviews`)."""
    _run(conn, reviews.TABLES)


#: Every migration, oldest first; a store's ``user_version`` is the last one it ran.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, events and rejections", _documents_events_rejections),
    Migration(2, "document signatures", _document_signatures),
    Migration(3, "merged events", _merged_events),
    Migration(4, "document notes", _document_notes),
    Migration(5, "reviews", _reviews),
)
LATEST = MIGRATIONS[-1].version

_RECORD = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied TEXT
)"""


def migrate(conn: sqlite3.Connection, path: str) -> list[Migration]:
    """Apply and record the migrations the store at `path` lacks; return them.

    Runs inside the caller's transaction, so a failed migration leaves the file
    as it was."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > LATEST:
        raise StoreError(
            f"store {path} has schema version {version}, newer than this sitrep"
            f" understands ({LATEST}); upgrade sitrep or use another file"
        )
    if version == 0 and conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(f"{path} is a SQLite database but not a sitrep store; choose another file")
    conn.execute(_RECORD)
    _record_earlier(conn, version)
    pending = [m for m in MIGRATIONS if m.version > version]
    for migration in pending:
        migration.apply(conn)
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
            (migration.version, migration.name, _now()),
        )
        # PRAGMA takes no parameters; the value is our own constant, not input.
        conn.execute(f"PRAGMA user_version = {migration.version}")
    return pending


def applied(conn: sqlite3.Connection) -> list[tuple[int, str, str | None]]:
    """The recorded migrations: (version, name, when applied; None when unknown)."""
    rows = conn.execute("SELECT version, name, applied FROM schema_migrations ORDER BY version")
    return [(int(v), str(n), a) for v, n, a in rows.fetchall()]


def _record_earlier(conn: sqlite3.Connection, version: int) -> None:
    """Record the migrations a store ran before sitrep kept this table (when unknown)."""
    conn.executemany(
        "INSERT OR IGNORE INTO schema_migrations (version, name, applied) VALUES (?, ?, NULL)",
        [(m.version, m.name) for m in MIGRATIONS if m.version <= version],
    )


def _run(conn: sqlite3.Connection, script: str) -> None:
    # One statement at a time: executescript would COMMIT the caller's transaction.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
