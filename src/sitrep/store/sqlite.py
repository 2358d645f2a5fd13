"""The store: documents, events and rejections in a SQLite file or a PostgreSQL database.

How it works, for a newcomer:

- ``Store.open(target)`` takes a file path (SQLite, the embedded default) or a
  ``postgresql://user:password@host:port/dbname`` URL (PostgreSQL, through
  psycopg 3). The same code and SQL serve both: `sitrep.store.backend` hides
  what differs (placeholders, column types, the write lock, the schema version).
- Opening creates the file or the tables if needed and applies the numbered
  schema migrations the store lacks (`sitrep.store.migrations`, which records
  them); a store written by a newer sitrep, or a database that is not a sitrep
  store, is refused with a `StoreError`. SQLite's journal runs in WAL mode so
  readers (the REST API) do not block a writer.
- ``save(results)`` writes a batch of pipeline results in ONE transaction: either
  all of it is stored or, on any error, none of it.
- Saving is idempotent. Each document is stored with a ``content_hash`` of
  everything we keep about it (text, metadata, passages, dateline, events).
  Saving the same analysis again changes nothing and counts as ``unchanged``.
  If the hash differs (the document was re-processed by a newer sitrep), the old
  document row and all its events are replaced, inside the same transaction.
  A rejection is stored once per (doc_id, stage, reason, origin); the first
  detail text is kept. So running the same input twice leaves identical tables.
- Each document also gets its MinHash signature (`sitrep.merge.copies`), so that
  finding copies of an article when events are merged reads bytes, not texts
  (`Store.copies`).
- Each event gets its merge profile and the id of the merged event it belongs
  to, updated in the same transaction as the save (`sitrep.store.merged`).
- Each event row keeps the full public record (``record``, JSON of
  `model.event_to_dict`) plus a few plain columns that exist only so filters can
  be done in SQL (type, status, dates, place, actor names).
- Writers take the store's one write lock per transaction (SQLite's, or a
  PostgreSQL advisory lock), so several processes or machines saving at once
  lose nothing, never store a document twice, and merge against every event
  committed before them.
- Every database error leaves this module as a `StoreError` naming the store.

Filters (`EventFilter`) are documented in `sitrep.store.filters`.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from sitrep.errors import NotFoundError, StoreError
from sitrep.merge.relation import MergeSettings, Profile
from sitrep.model import (
    Analysis,
    Document,
    Event,
    Rejected,
    event_from_dict,
)
from sitrep.store import backend, migrations, reviews
from sitrep.store import merged as groups
from sitrep.store import rows as records
from sitrep.store.filters import ORDER, EventFilter

#: The columns `rows.document_from` reads, in its order.
_DOCUMENT_COLUMNS = "id, text, title, url, outlet, published, origin, format, notes"

#: The settings the stored merged events are made with (`sitrep.merge`).
MERGING = MergeSettings()
#: How long a connection waits for another process's write lock before failing.
BUSY_TIMEOUT_MS = 60_000
#: Times a save is tried when the store is still locked after that wait.
SAVE_ATTEMPTS = 3


@dataclass
class _Merging:
    """What one save changes for merging: new events, and groups that lost events."""

    new: list[Profile] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Prepared:
    """What saving an analysis writes, computed before the write lock is taken: its
    content hash, document and event rows, MinHash signature and merge profiles."""

    doc_id: str
    digest: str
    document: tuple[Any, ...]
    events: list[tuple[Any, ...]]
    signature: bytes | None
    profiles: list[Profile]


def _prepared(result: Analysis | Rejected) -> _Prepared | Rejected:
    if isinstance(result, Rejected):
        return result
    from sitrep.merge.copies import signature_bytes  # MinHash (numpy): only when saving

    doc = result.document
    digest = records.content_hash(result)
    return _Prepared(
        doc_id=doc.id,
        digest=digest,
        document=records.document_row(result, digest),
        events=[records.event_row(doc.id, event) for event in result.events],
        signature=signature_bytes(doc.text),
        profiles=groups.profiles_of(result.events, doc.text, doc.title, MERGING),
    )


@dataclass(frozen=True)
class SaveCounts:
    """What one `Store.save` call wrote: new or replaced rows, and unchanged results.
    `replaced` counts the documents (among `documents`) that replaced an earlier
    version with the same id: a re-processed document, or a new text under an old id."""

    documents: int
    events: int
    rejections: int
    unchanged: int
    replaced: int = 0


class Store:
    """A sitrep store; open it with `Store.open`, close it (or use `with`)."""

    def __init__(self, conn: backend.Connection, path: str) -> None:
        """Wrap an open connection; use `Store.open` rather than calling this."""
        self._conn = conn
        self._path = backend.redact(path)
        self._profiles = groups.ProfileCache()

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, target: str | Path) -> Store:
        """Open (creating if needed) the store at `target`: a SQLite file path or a
        ``postgresql://`` URL."""
        name = str(target)
        try:
            conn = backend.connect(name)
        except backend.SQLITE.errors as exc:
            raise StoreError(_cannot_open(name, exc)) from exc
        try:
            _prepare(conn, name)
        except conn.dialect.errors as exc:
            conn.close()
            raise StoreError(_cannot_open(name, exc)) from exc
        except StoreError:
            conn.close()
            raise
        return cls(conn, name)

    @staticmethod
    def exists(target: str | Path) -> bool:
        """Whether a store is at `target` already (opening one that is not creates it)."""
        name = str(target)
        if not backend.is_url(name):
            return Path(name).exists()
        conn = backend.connect(name)
        try:
            return conn.version() > 0
        except conn.dialect.errors as exc:
            raise StoreError(_cannot_open(name, exc)) from exc
        finally:
            conn.close()

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._conn.dialect.name

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        """Turn any database error into a StoreError that names the store."""
        try:
            yield
        except self._conn.dialect.errors as exc:
            # One line: PostgreSQL's messages may carry DETAIL and HINT lines.
            message = " ".join(str(exc).split())
            raise StoreError(f"store {self._path}: could not {doing}: {message}") from exc

    # ------------------------------------------------------------ writing

    def save(self, results: Iterable[Analysis | Rejected]) -> SaveCounts:
        """Store a batch of results in one transaction; see the module docstring.

        Another process writing to the store is waited for (`BUSY_TIMEOUT_MS`), and a
        transaction that still finds the store locked is tried again, a few times."""
        # Everything that depends on the results alone is computed before the write
        # lock is taken, so that other writers wait only for the database work.
        batch = [_prepared(records.admitted(r)) for r in results]
        for attempt in range(1, SAVE_ATTEMPTS + 1):
            try:
                return self._save_once(batch)
            except StoreError as err:
                if attempt == SAVE_ATTEMPTS or not _is_busy(err.__cause__ or err):
                    raise
                time.sleep(attempt)  # the other writer is between transactions soon
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _save_once(self, results: list[_Prepared | Rejected]) -> SaveCounts:
        tally = {"documents": 0, "events": 0, "rejections": 0, "unchanged": 0, "replaced": 0}
        merging = _Merging()
        with self._guard("save results"):
            self._conn.begin_write()
            try:
                for result in results:
                    if isinstance(result, Rejected):
                        self._save_rejected(result, tally)
                    else:
                        self._save_analysis(result, tally, merging)
                if merging.broken:  # stored events were replaced: their profiles may differ
                    self._profiles.clear()
                groups.update(self._conn, merging.new, merging.broken, MERGING, self._profiles)
            except BaseException:
                self._profiles.clear()  # it may hold profiles of rows now rolled back
                self._conn.rollback()
                raise
            self._conn.commit()
        return SaveCounts(**tally)

    def _save_rejected(self, rejected: Rejected, tally: dict[str, int]) -> None:
        cur = self._conn.execute(
            "INSERT INTO rejections (doc_id, stage, reason, detail, origin)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                rejected.doc_id,
                rejected.stage,
                rejected.reason,
                rejected.detail,
                rejected.origin or "",
            ),
        )
        tally["rejections" if cur.rowcount else "unchanged"] += 1

    def _save_analysis(self, ready: _Prepared, tally: dict[str, int], merging: _Merging) -> None:
        doc_id, digest = ready.doc_id, ready.digest
        row = self._conn.execute(
            "SELECT content_hash FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is not None and row[0] == digest:
            tally["unchanged"] += 1
            return
        if row is not None:  # re-processed: the new version replaces the old one whole
            merging.broken |= groups.groups_of_document(self._conn, doc_id)
            # The old version may have been saved earlier in this same batch (two
            # files giving one id to two texts): its profiles are not to be linked.
            old = self._conn.execute("SELECT id FROM events WHERE doc_id = ?", (doc_id,))
            gone = {event_id for (event_id,) in old}
            merging.new = [p for p in merging.new if p.id not in gone]
            tally["replaced"] += 1
            self._conn.execute("DELETE FROM events WHERE doc_id = ?", (doc_id,))
            self._conn.execute("DELETE FROM signatures WHERE doc_id = ?", (doc_id,))
            self._conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        self._conn.execute(
            "INSERT INTO documents (id, text, title, url, outlet, published, origin, format,"
            " notes, content_hash, passages, dateline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ready.document,
        )
        self._conn.executemany(
            "INSERT INTO events (id, doc_id, type, mode, status, date_start, date_end,"
            " place_name, place_country, actors_text, evidence_start, record,"
            " place_fold, country_fold, actors_fold, evidence_fold)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ready.events,
        )
        self._index_reviewed([row[0] for row in ready.events])  # re-read: reviews stay attached
        self._conn.execute(
            "INSERT INTO signatures (doc_id, minhash) VALUES (?, ?)", (doc_id, ready.signature)
        )
        merging.new += ready.profiles
        tally["documents"] += 1
        tally["events"] += len(ready.events)

    # ------------------------------------------------------------ reading

    def events(self, flt: EventFilter | None = None) -> list[Event]:
        """The stored events that pass `flt` (all when None), in the documented order."""
        where, params = _where(flt or EventFilter(), self._conn.dialect)
        sql = "SELECT record FROM events" + where + " ORDER BY " + ORDER
        if flt is not None and flt.limit is not None:
            sql += " LIMIT ?"
            params.append(flt.limit)
        with self._guard("read events"):
            rows = self._conn.execute(sql, params).fetchall()
        return [event_from_dict(json.loads(record)) for (record,) in rows]

    def iter_events(self, flt: EventFilter | None = None) -> Iterator[Event]:
        """`events`, one at a time: rows are fetched a batch at a time, so that reading
        every event of a large store (an export) keeps memory flat."""
        where, params = _where(flt or EventFilter(), self._conn.dialect)
        sql = "SELECT record FROM events" + where + " ORDER BY " + ORDER
        if flt is not None and flt.limit is not None:
            sql += " LIMIT ?"
            params.append(flt.limit)
        for (record,) in self._stream(sql, params, "read events"):
            yield event_from_dict(json.loads(record))

    def iter_grouped(self, flt: EventFilter | None = None) -> Iterator[tuple[str, Event]]:
        """Each event passing `flt` (without its limit) with the id of the merged event
        holding it (`sitrep.store.merged`), the reports of one merged event together:
        merged events by the earliest date their reports give (unknown last), then id."""
        where, params = _where(flt or EventFilter(), self._conn.dialect)
        # The filter reads the events table alone (merge_profiles has a `type` too).
        sql = (
            "SELECT merged_id, record FROM ("
            " SELECT m.merged_id AS merged_id, e.record AS record, e.id AS eid,"
            " MIN(e.date_start) OVER (PARTITION BY m.merged_id) AS first"
            " FROM (SELECT id, record, date_start FROM events" + where + ") AS e"
            " JOIN merge_profiles AS m ON m.event_id = e.id"
            ") AS grouped ORDER BY first IS NULL, first, merged_id, eid"
        )
        for ident, record in self._stream(sql, params, "read merged events"):
            yield str(ident), event_from_dict(json.loads(record))

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document, in id order, one at a time."""
        sql = f"SELECT {_DOCUMENT_COLUMNS} FROM documents ORDER BY id"
        for row in self._stream(sql, [], "read documents"):
            yield records.document_from(row)

    def _stream(self, sql: str, params: list[Any], doing: str) -> Iterator[Any]:
        """The rows of one query, fetched a batch at a time (never all at once)."""
        with self._guard(doing):
            yield from self._conn.stream(sql, params)

    def documents_count(self) -> int:
        """How many documents are stored."""
        return self._scalar("SELECT COUNT(*) FROM documents")

    def events_count(self) -> int:
        """How many events are stored."""
        return self._scalar("SELECT COUNT(*) FROM events")

    def rejection_counts(self) -> dict[str, int]:
        """Stored rejections per reason code, by reason name."""
        with self._guard("count rejections"):
            rows = self._conn.execute(
                "SELECT reason, COUNT(*) FROM rejections GROUP BY reason ORDER BY reason"
            ).fetchall()
        return {str(reason): int(n) for reason, n in rows}

    def rejections(self) -> list[Rejected]:
        """Every stored rejection, ordered by document id, stage, reason and origin."""
        with self._guard("read rejections"):
            rows = self._conn.execute(
                "SELECT doc_id, stage, reason, detail, origin FROM rejections"
                " ORDER BY doc_id, stage, reason, origin"
            ).fetchall()
        return [
            Rejected(doc_id=d, stage=s, reason=r, detail=t, origin=o or None)
            for d, s, r, t, o in rows
        ]

    def documents(self, doc_ids: Iterable[str]) -> list[Document]:
        """The stored documents among `doc_ids`, in id order (unknown ids are skipped)."""
        found: list[Document] = []
        with self._guard("read documents"):
            for chunk in _chunks(sorted(set(doc_ids))):
                rows = self._conn.execute(
                    f"SELECT {_DOCUMENT_COLUMNS}"
                    f" FROM documents WHERE id IN ({_marks(tuple(chunk))}) ORDER BY id",
                    chunk,
                ).fetchall()
                found += [records.document_from(row) for row in rows]
        return found

    def publication_days(self, doc_ids: Iterable[str]) -> dict[str, dt.date | None]:
        """The publication day of each stored document among `doc_ids` (None: unknown)."""
        found: dict[str, dt.date | None] = {}
        with self._guard("read publication days"):
            for chunk in _chunks(sorted(set(doc_ids))):
                rows = self._conn.execute(
                    f"SELECT id, published FROM documents WHERE id IN ({_marks(tuple(chunk))})",
                    chunk,
                ).fetchall()
                found.update((str(d), dt.date.fromisoformat(p) if p else None) for d, p in rows)
        return found

    def signatures(self, doc_ids: Iterable[str]) -> dict[str, bytes | None]:
        """The stored MinHash signatures (`sitrep.merge.copies`) of the documents among
        `doc_ids`, as bytes; None for a text too short to have one. Documents
        stored by sitrep 0.1, before signatures were kept, are missing."""
        found: dict[str, bytes | None] = {}
        with self._guard("read signatures"):
            for chunk in _chunks(sorted(set(doc_ids))):
                marks = _marks(tuple(chunk))
                rows = self._conn.execute(
                    f"SELECT doc_id, minhash FROM signatures WHERE doc_id IN ({marks})", chunk
                ).fetchall()
                found.update((str(d), m) for d, m in rows)
        return found

    def copies(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Which of the stored documents among `doc_ids` copy which (`sitrep.merge.copies`),
        from their stored signatures: each copy's id mapped to its original's."""
        from sitrep.merge.copies import copies_among  # MinHash (numpy): only merging needs it

        wanted = set(doc_ids)
        return copies_among(self.signatures(wanted), self.publication_days(wanted))

    def merged_ids(self, event_ids: Iterable[str]) -> dict[str, str]:
        """The id of the merged event (`sitrep.store.merged`) holding each of `event_ids`."""
        found: dict[str, str] = {}
        with self._guard("read merged events"):
            for chunk in _chunks(sorted(set(event_ids))):
                found.update(groups.merged_ids(self._conn, chunk))
        return found

    def merged_members(self, ident: str) -> list[Event]:
        """All the reports of merged event `ident` (or of the one holding event
        `ident`), in id order; empty when there is none."""
        with self._guard("read a merged event"):
            records = groups.member_records(self._conn, ident)
        return [event_from_dict(json.loads(record)) for record in records]

    def document_text(self, doc_id: str) -> str | None:
        """The stored text of document `doc_id`, or None if there is no such document."""
        with self._guard("read a document"):
            row = self._conn.execute(
                "SELECT text FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        return None if row is None else str(row[0])

    def document_source(self, doc_id: str) -> tuple[str, str | None] | None:
        """The stored text and origin of document `doc_id`, or None if there is none."""
        with self._guard("read a document"):
            row = self._conn.execute(
                "SELECT text, origin FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        return None if row is None else (str(row[0]), row[1])

    def _scalar(self, sql: str) -> int:
        with self._guard("count rows"):
            return int(self._conn.execute(sql).fetchone()[0])

    # ------------------------------------------------------------ reviews

    def event(self, event_id: str) -> Event:
        """The machine's record of event `event_id`, rejected or not; `NotFoundError` if none."""
        with self._guard("read an event"):
            row = self._conn.execute(
                "SELECT record FROM events WHERE id = ?", (event_id,)
            ).fetchone()
        if row is None:
            raise NotFoundError(f"no event {event_id!r}")
        return event_from_dict(json.loads(row[0]))

    def review(self, event_id: str, action: str, **details: Any) -> reviews.Review:
        """Record a review of event `event_id` (`sitrep.store.reviews.add` takes `details`:
        reviewer, fields, note) in one transaction; return it as stored."""
        with self._guard("save a review"):
            self._conn.begin_write()
            try:
                machine = self.event(event_id)
                current = reviews.states(self._conn, [event_id]).get(event_id)
                saved = reviews.add(self._conn, machine, current, action=action, **details)
                self._index_reviewed([event_id])
            except BaseException:
                self._conn.rollback()
                raise
            self._conn.commit()
        return saved

    def review_states(self, event_ids: Iterable[str]) -> dict[str, reviews.ReviewState]:
        """The reviews of each of `event_ids` that has any."""
        found: dict[str, reviews.ReviewState] = {}
        with self._guard("read reviews"):
            for chunk in _chunks(sorted(set(event_ids))):
                found.update(reviews.states(self._conn, chunk))
        return found

    def reviews(self) -> list[tuple[reviews.Review, bool]]:
        """Every review, oldest first, and whether its event is still stored."""
        with self._guard("read reviews"):
            return reviews.every_review(self._conn)

    def _index_reviewed(self, event_ids: list[str]) -> None:
        """Point the filter columns of reviewed events among `event_ids` at their reviewed
        values and state; the `record` keeps the machine's values."""
        for chunk in _chunks(event_ids):
            for ident, state in reviews.states(self._conn, chunk).items():
                row = self._conn.execute(
                    "SELECT doc_id, record FROM events WHERE id = ?", (ident,)
                ).fetchone()
                if row is None:
                    continue
                shown = records.event_row(
                    str(row[0]), state.reviewed(event_from_dict(json.loads(row[1])))
                )
                self._conn.execute(
                    "UPDATE events SET type = ?, mode = ?, status = ?, date_start = ?,"
                    " date_end = ?, place_name = ?, place_country = ?, actors_text = ?,"
                    " place_fold = ?, country_fold = ?, actors_fold = ?, review = ? WHERE id = ?",
                    (*shown[2:10], *shown[12:15], state.state, ident),
                )


# ---------------------------------------------------------------- opening


def _cannot_open(target: str, exc: BaseException) -> str:
    shown = backend.redact(target)
    if _is_busy(exc):
        return (
            f"store {shown} is busy: another sitrep process kept it locked for more than "
            f"{BUSY_TIMEOUT_MS // 1000} s ({exc}). Try again when that run has finished."
        )
    if backend.is_url(target):
        return f"cannot open store {shown}: {' '.join(str(exc).split())}"
    return (
        f"cannot open store {shown}: {exc}. Give the path of a new or existing sitrep"
        " database file in a directory that exists and that you can write to."
    )


def _is_busy(exc: BaseException) -> bool:
    """Whether `exc` is SQLite saying another connection holds the lock."""
    return isinstance(exc, sqlite3.OperationalError) and (
        "locked" in str(exc) or "busy" in str(exc)
    )


def _prepare(conn: backend.Connection, path: str) -> None:
    """Set up the connection and create or check the schema.

    A store that is already current is only read here, so opening it to read
    (`sitrep events`, the report) never waits for a run that is writing to it."""
    if conn.is_sqlite:
        conn.raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")  # wait for a writer
        conn.raw.execute("PRAGMA foreign_keys = ON")
    if _is_current(conn):
        return
    if conn.is_sqlite:
        conn.raw.execute("PRAGMA journal_mode = WAL")  # cannot change inside a transaction
    # Check and create under the write lock, so two processes opening a new
    # store at once cannot both try to create the tables.
    conn.begin_write()
    try:
        _check_or_create(conn, path)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _is_current(conn: backend.Connection) -> bool:
    """Whether the store has every migration and its merged events are up to date."""
    return conn.version() == migrations.LATEST and groups.up_to_date(conn, MERGING)


def _check_or_create(conn: backend.Connection, path: str) -> None:
    migrations.migrate(conn, backend.redact(path))
    if not groups.up_to_date(conn, MERGING):  # new, or made by a sitrep that merged otherwise
        groups.regroup_all(conn, MERGING)


# ---------------------------------------------------------------- filters


def _where(flt: EventFilter, dialect: backend.Dialect) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for `flt` (rules in `sitrep.store.query`)."""
    clauses: list[str] = []
    params: list[Any] = []
    if flt.types:
        clauses.append(f"type IN ({_marks(flt.types)})")
        params.extend(t.upper() for t in flt.types)
    if flt.statuses:
        clauses.append(f"status IN ({_marks(flt.statuses)})")
        params.extend(s.lower() for s in flt.statuses)
    # ISO dates compare correctly as text; NULL comparisons are never true,
    # which is what leaves undated events out once a bound is given.
    if flt.since is not None:
        clauses.append("date_end >= ?")
        params.append(flt.since.isoformat())
    if flt.until is not None:
        clauses.append("date_start <= ?")
        params.append(flt.until.isoformat())
    if flt.place:
        clauses.append(f"({dialect.contains('place_fold')} OR country_fold = ?)")
        params.extend([records.fold(flt.place), records.fold(flt.place)])
    if flt.actor:
        clauses.append(dialect.contains("actors_fold"))
        params.append(records.fold(flt.actor))
    if flt.doc_ids:
        clauses.append(f"doc_id IN ({_marks(flt.doc_ids)})")
        params.extend(flt.doc_ids)
    if flt.q:
        clauses.append(dialect.contains("evidence_fold"))
        params.append(records.fold(flt.q))
    clauses.append(_review_clause(flt.reviews))
    if flt.after is not None:
        clauses.append(f"({ORDER}) > ({_marks(tuple(map(str, flt.after)))})")
        params.extend(flt.after)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _review_clause(states: tuple[str, ...]) -> str:
    """Which review states pass: those listed, else every one but rejected."""
    if not states:
        return "(review IS NULL OR review != 'rejected')"
    # The states were checked against reviews.STATES by EventFilter: quoting is safe.
    named = [f"'{s}'" for s in states if s != "unreviewed"]
    parts = (["review IS NULL"] if "unreviewed" in states else []) + (
        [f"review IN ({', '.join(named)})"] if named else []
    )
    return "(" + " OR ".join(parts) + ")"


def _chunks(values: list[str]) -> Iterator[list[str]]:
    """`values` in chunks small enough for one query (SQLite caps its parameters)."""
    for start in range(0, len(values), 500):
        yield values[start : start + 500]


def _marks(values: tuple[str, ...]) -> str:
    # Only the number of placeholders comes from the input, never a value.
    return ", ".join("?" for _ in values)
