"""Merged events kept in the store and updated as documents arrive.

The store keeps, for every event, its merge `Profile` (what comparing it with
another event needs: dates, place, names, the names of its document) and the id
of the merged event it belongs to. When a batch of documents is saved:

1. the groups that lost events, because a document was re-processed and its old
   events removed, are split again among their remaining members;
2. each new event is compared with the stored events of its type whose date
   windows overlap its own (`merge.link_new`), and with the other new events;
   the groups it matches are joined under one id.

Nothing else is read: no document text, no re-analysis. Because the "same event"
relation depends on the two events alone, the groups after any sequence of
updates are the groups `merge.merge_events` finds over everything at once, in
whatever order the documents came (`tests/store/test_merged.py` checks this).

A merged event's id is `merge.merged_id` of its members. The settings the groups
were made with are kept as a fingerprint; a store opened by a sitrep whose
settings or profiles differ is regrouped once, from its stored events.

Only `sitrep.store` calls this module; it runs inside the store's transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator

from sitrep.merge import (
    MergeSettings,
    Profile,
    components,
    document_names,
    link_new,
    merged_id,
)
from sitrep.model import Event, event_from_dict
from sitrep.store.backend import Connection

#: Raise when `Profile` or what it is made from changes: stores regroup on open.
PROFILE_VERSION = 2  # 2: a title name may match the other report's evidence (2026-12-06)

TABLES = """
CREATE TABLE merge_profiles (
    event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    first TEXT,
    last TEXT,
    profile TEXT NOT NULL,
    merged_id TEXT NOT NULL
);
CREATE INDEX merge_profiles_window ON merge_profiles(type, first);
CREATE INDEX merge_profiles_group ON merge_profiles(merged_id);
CREATE TABLE merge_settings (
    fingerprint TEXT NOT NULL
);
"""


def fingerprint(settings: MergeSettings) -> str:
    """What the stored groups depend on besides the events: settings and profile version."""
    content = json.dumps([PROFILE_VERSION, dataclasses.asdict(settings)], sort_keys=True)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]


def up_to_date(conn: Connection, settings: MergeSettings) -> bool:
    """Whether the stored groups were made with `settings` and this profile version."""
    row = conn.execute("SELECT fingerprint FROM merge_settings").fetchone()
    return row is not None and row[0] == fingerprint(settings)


def profiles_of(
    events: Iterable[Event], text: str, title: str | None, settings: MergeSettings
) -> list[Profile]:
    """The profiles of one document's events."""
    names = document_names(text, title)
    return [Profile.of(event, settings, names) for event in events]


def groups_of_document(conn: Connection, doc_id: str) -> set[str]:
    """The merged events that hold events of `doc_id` (before they are replaced)."""
    rows = conn.execute(
        "SELECT DISTINCT merged_id FROM merge_profiles JOIN events ON events.id = event_id"
        " WHERE events.doc_id = ?",
        (doc_id,),
    ).fetchall()
    return {str(mid) for (mid,) in rows}


def update(
    conn: Connection,
    new: list[Profile],
    broken: set[str],
    settings: MergeSettings,
    cache: ProfileCache,
) -> None:
    """Split the `broken` groups among their remaining members, then add `new`."""
    for group in sorted(broken):
        _split(conn, group, settings)
    for joined in link_new(new, lambda p: _neighbours(conn, p, cache), settings):
        members = [p.id for p in joined.new] + _member_ids(conn, joined.groups)
        ident = merged_id(members)
        for group in sorted(joined.groups):
            conn.execute(
                "UPDATE merge_profiles SET merged_id = ? WHERE merged_id = ?", (ident, group)
            )
        _insert(conn, [_row(p, ident) for p in joined.new])


def regroup_all(conn: Connection, settings: MergeSettings) -> None:
    """Recompute every profile and group from the stored events and documents."""
    conn.execute("DELETE FROM merge_profiles")
    profiles: list[Profile] = []
    for events, text, title in _stored_documents(conn):
        profiles += profiles_of(events, text, title, settings)
    rows = []
    for group in components(profiles, settings):
        ident = merged_id(profiles[i].id for i in group)
        rows += [_row(profiles[i], ident) for i in group]
    _insert(conn, rows)
    conn.execute("DELETE FROM merge_settings")
    conn.execute("INSERT INTO merge_settings (fingerprint) VALUES (?)", (fingerprint(settings),))


def merged_ids(conn: Connection, event_ids: list[str]) -> dict[str, str]:
    """The merged event id of each of `event_ids` that has one (few enough for one
    query: the store passes them in chunks)."""
    marks = ", ".join("?" for _ in event_ids)
    rows = conn.execute(
        f"SELECT event_id, merged_id FROM merge_profiles WHERE event_id IN ({marks})", event_ids
    ).fetchall()
    return {str(e): str(m) for e, m in rows}


def member_records(conn: Connection, ident: str) -> list[str]:
    """The stored records (JSON) of the events of merged event `ident`, or of the one
    holding the event `ident`; empty when there is none."""
    rows = conn.execute(
        "SELECT record FROM events JOIN merge_profiles ON event_id = events.id"
        " WHERE merged_id = (SELECT merged_id FROM merge_profiles"
        " WHERE event_id = ? OR merged_id = ? LIMIT 1) ORDER BY events.id",
        (ident, ident),
    ).fetchall()
    return [str(record) for (record,) in rows]


# ---------------------------------------------------------------- inside


def _insert(conn: Connection, rows: list[tuple[str | None, ...]]) -> None:
    conn.executemany(
        "INSERT INTO merge_profiles (event_id, type, first, last, profile, merged_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )


def _row(profile: Profile, ident: str) -> tuple[str | None, ...]:
    first = profile.first.isoformat() if profile.first else None
    last = profile.last.isoformat() if profile.last else None
    record = json.dumps(profile.to_json(), ensure_ascii=False, separators=(",", ":"))
    return (profile.id, profile.type, first, last, record, ident)


class ProfileCache:
    """Stored profiles already read, by event id, so that a run saving many batches
    does not parse the same neighbours again and again. Forget everything whenever
    stored events are replaced or a save is rolled back. Each profile is kept with a
    hash of the record it was parsed from, so that a record another writer changed
    (another process re-reading the document) is parsed again, not taken from here."""

    def __init__(self, limit: int = 200_000) -> None:
        self._profiles: dict[str, tuple[int, Profile]] = {}
        self._limit = limit

    def get(self, event_id: str, record: str) -> Profile:
        """The profile of `event_id`, parsed from `record` unless already known."""
        key = hash(record)
        found = self._profiles.get(event_id)
        if found is None or found[0] != key:
            if len(self._profiles) >= self._limit:
                self._profiles.clear()  # bounded memory: start again
            found = self._profiles[event_id] = (key, Profile.from_json(json.loads(record)))
        return found[1]

    def clear(self) -> None:
        """Forget every profile."""
        self._profiles.clear()


def _neighbours(
    conn: Connection, profile: Profile, cache: ProfileCache
) -> Iterator[tuple[Profile, str]]:
    """Stored events of the profile's type whose windows overlap its own (the undated
    ones of its type when its own date is unknown)."""
    if profile.first is None or profile.last is None:
        rows = conn.execute(
            "SELECT event_id, profile, merged_id FROM merge_profiles"
            " WHERE type = ? AND first IS NULL",
            (profile.type,),
        )
    else:
        rows = conn.execute(
            "SELECT event_id, profile, merged_id FROM merge_profiles WHERE type = ?"
            " AND first <= ? AND last >= ?",
            (profile.type, profile.last.isoformat(), profile.first.isoformat()),
        )
    for event_id, record, group in rows.fetchall():
        yield cache.get(str(event_id), str(record)), str(group)


def _member_ids(conn: Connection, groups: Iterable[str]) -> list[str]:
    ids: list[str] = []
    for group in sorted(groups):
        rows = conn.execute(
            "SELECT event_id FROM merge_profiles WHERE merged_id = ?", (group,)
        ).fetchall()
        ids += [str(e) for (e,) in rows]
    return ids


def _split(conn: Connection, group: str, settings: MergeSettings) -> None:
    """Regroup what is left of `group` after some of its events were removed."""
    rows = conn.execute(
        "SELECT profile FROM merge_profiles WHERE merged_id = ?", (group,)
    ).fetchall()
    profiles = [Profile.from_json(json.loads(record)) for (record,) in rows]
    for part in components(profiles, settings):
        ids = [profiles[i].id for i in part]
        conn.executemany(
            "UPDATE merge_profiles SET merged_id = ? WHERE event_id = ?",
            [(merged_id(ids), e) for e in ids],
        )


def _stored_documents(
    conn: Connection,
) -> Iterator[tuple[list[Event], str, str | None]]:
    """Each stored document's events, text and title."""
    by_document: dict[str, list[Event]] = defaultdict(list)
    for doc_id, record in conn.execute("SELECT doc_id, record FROM events ORDER BY id"):
        by_document[str(doc_id)].append(event_from_dict(json.loads(record)))
    for doc_id in sorted(by_document):
        text, title = conn.execute(
            "SELECT text, title FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        yield by_document[doc_id], str(text), title
