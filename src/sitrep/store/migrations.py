"""The store's schema, built by numbered migrations that the store records.

Each `Migration` has a version, a name and a function that takes the schema
from the version before it to its own. Opening a store applies, in one
transaction, every migration newer than the store's version, records each in
the ``schema_migrations`` table (version, name, when) and moves the version on
(SQLite also keeps it in ``PRAGMA user_version``; PostgreSQL reads it from the
table: `sitrep.store.backend`). A new store runs them all; a store written by
an older sitrep runs the ones it lacks; a store written by a newer sitrep, or a
database that is not a sitrep store, is refused with a `StoreError`. The same
migrations, written once, build both backends' schema.

To change the schema, append a migration with the next version; never edit one
that has shipped, since stores in the field have already run it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from sitrep.errors import StoreError
from sitrep.store import merged, reviews
from sitrep.store.backend import Connection


@dataclass(frozen=True, slots=True)
class Migration:
    """One step of the schema: `apply` takes a store at `version - 1` to `version`."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _documents_events_rejections(conn: Connection) -> None:
    conn.ddl(
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


def _document_signatures(conn: Connection) -> None:
    """The MinHash signature of every document (`sitrep.merge.copies`), so that
    finding copies of an article reads bytes, not texts; stored documents get theirs now."""
    from sitrep.merge.copies import signature_bytes  # MinHash (numpy): only when needed

    conn.ddl(
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


def _merged_events(conn: Connection) -> None:
    """Each event's merge profile and merged event (`sitrep.store.merged`); the
    groups of stored events are made when the store is opened."""
    conn.ddl(merged.TABLES)


def _document_notes(conn: Connection) -> None:
    """What reading repaired or guessed in each document (`Document.notes`), as a JSON list."""
    conn.ddl("ALTER TABLE documents ADD COLUMN notes TEXT NOT NULL DEFAULT '[]'")


def _reviews(conn: Connection) -> None:
    """People's reviews beside the machine's events, and each event's review state
    (`sitrep.store.reviews`)."""
    conn.ddl(reviews.TABLES)


def _folded_columns(conn: Connection) -> None:
    """Case- and accent-folded copies of the filtered columns (place, country, actors,
    evidence), computed in Python when saving, so that SQLite and PostgreSQL compare
    the same strings; stored events get theirs now (reviewed values where reviewed)."""
    from sitrep.model import event_from_dict
    from sitrep.store.rows import folded_columns

    conn.ddl(
        """
        ALTER TABLE events ADD COLUMN place_fold TEXT;
        ALTER TABLE events ADD COLUMN country_fold TEXT;
        ALTER TABLE events ADD COLUMN actors_fold TEXT NOT NULL DEFAULT '';
        ALTER TABLE events ADD COLUMN evidence_fold TEXT NOT NULL DEFAULT ''
        """
    )
    rows = conn.execute("SELECT id, record FROM events ORDER BY id").fetchall()
    states = {}
    for start in range(0, len(rows), 500):
        states.update(reviews.states(conn, [str(r[0]) for r in rows[start : start + 500]]))
    updates = []
    for ident, record in rows:
        machine = event_from_dict(json.loads(record))
        state = states.get(str(ident))
        shown = state.reviewed(machine) if state else machine
        updates.append((*folded_columns(shown, machine), ident))
    conn.executemany(
        "UPDATE events SET place_fold = ?, country_fold = ?, actors_fold = ?, evidence_fold = ?"
        " WHERE id = ?",
        updates,
    )


#: Every migration, oldest first; a store's ``user_version`` is the last one it ran.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, events and rejections", _documents_events_rejections),
    Migration(2, "document signatures", _document_signatures),
    Migration(3, "merged events", _merged_events),
    Migration(4, "document notes", _document_notes),
    Migration(5, "reviews", _reviews),
    Migration(6, "folded filter columns", _folded_columns),
)
LATEST = MIGRATIONS[-1].version

_RECORD = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied TEXT
)"""


def migrate(conn: Connection, path: str) -> list[Migration]:
    """Apply and record the migrations the store at `path` lacks; return them.

    Runs inside the caller's transaction, so a failed migration leaves the file
    as it was."""
    version = conn.version()
    if version > LATEST:
        raise StoreError(
            f"store {path} has schema version {version}, newer than this sitrep"
            f" understands ({LATEST}); upgrade sitrep or use another file"
        )
    if version == 0 and conn.has_tables():
        if conn.is_sqlite:
            raise StoreError(
                f"{path} is a SQLite database but not a sitrep store; choose another file"
            )
        raise StoreError(
            f"{path} holds tables that are not a sitrep store; choose another database or"
            " schema (add ?options=-csearch_path%3DNAME to the URL)"
        )
    conn.ddl(_RECORD)
    _record_earlier(conn, version)
    pending = [m for m in MIGRATIONS if m.version > version]
    for migration in pending:
        migration.apply(conn)
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
            (migration.version, migration.name, _now()),
        )
        conn.set_version(migration.version)
    return pending


def applied(conn: Connection) -> list[tuple[int, str, str | None]]:
    """The recorded migrations: (version, name, when applied; None when unknown)."""
    rows = conn.execute("SELECT version, name, applied FROM schema_migrations ORDER BY version")
    return [(int(v), str(n), a) for v, n, a in rows.fetchall()]


def _record_earlier(conn: Connection, version: int) -> None:
    """Record the migrations a store ran before sitrep kept this table (when unknown)."""
    conn.executemany(
        "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, NULL)"
        " ON CONFLICT DO NOTHING",
        [(m.version, m.name) for m in MIGRATIONS if m.version <= version],
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
