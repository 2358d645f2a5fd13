"""Reviews: people's confirmations, rejections and corrections, kept beside the machine.

The machine's record of an event is never changed by a review. Each review is
one row of the ``reviews`` table (migration 5), never updated nor deleted:
who (``reviewer``), when (``at``, UTC), what (``action``: confirm, reject or
correct), what changed (``changes``: for a correction, each field's value
before and after, `sitrep.store.corrections`), a ``note``, and the evidence
sentence as it was when reviewed.

**The event key.** Reviews are attached to the event id, which is stable for
the same input: a hash of the document id, where the event's trigger starts in
the text and the machine's type (docs/schema.md). Re-reading a document, or
re-running extraction on it with the same sitrep, gives the same ids, so its
reviews stay attached. When a newer sitrep codes the document differently (other
words, another type) the old id is gone: its reviews are kept, and listed by
`sitrep reviews` as no longer attached, with their document and evidence.

**Reading.** An event's `ReviewState` folds its reviews, oldest first: the
reviewed event is the machine's with every change applied in order (a later
change of a field wins). Its state is ``rejected`` when the last review rejects
it; else ``corrected`` when any change is in effect; else ``confirmed``. Events
without reviews are ``unreviewed``. The store also keeps the state in the
``events.review`` column, and its filter columns (type, status, dates, place,
actors) follow the reviewed values, so filters select what reviewers decided.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sitrep.errors import ConfigError
from sitrep.model import Event
from sitrep.store.backend import Connection
from sitrep.store.corrections import apply_change, machine_value, normalise
from sitrep.store.filters import REVIEW_STATES

ACTIONS = ("confirm", "reject", "correct")
STATES = REVIEW_STATES
MAX_NOTE = 2000
MAX_REVIEWER = 100

TABLES = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    action TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    changes TEXT NOT NULL,
    note TEXT,
    evidence TEXT NOT NULL
);
CREATE INDEX reviews_event ON reviews(event_id);
ALTER TABLE events ADD COLUMN review TEXT;
CREATE INDEX events_review ON events(review)
"""


@dataclass(frozen=True, slots=True)
class Change:
    """One field a correction changed: its value before and after (JSON values)."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True, slots=True)
class Review:
    """One review of one event, as stored."""

    id: int
    event_id: str
    doc_id: str
    action: str
    reviewer: str
    at: str
    changes: tuple[Change, ...]
    note: str | None
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        """The public shape of a review (docs/serve.md)."""
        return {
            "id": self.id,
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "action": self.action,
            "reviewer": self.reviewer,
            "at": self.at,
            "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in self.changes],
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Everything reviewers said about one event, oldest review first."""

    reviews: tuple[Review, ...]

    @property
    def state(self) -> str:
        """confirmed, corrected or rejected (see the module docstring)."""
        if self.reviews[-1].action == "reject":
            return "rejected"
        return "corrected" if self.fields else "confirmed"

    @property
    def fields(self) -> tuple[str, ...]:
        """The change keys in effect (``counts.killed``, ``type``, ...), in first-change order."""
        return tuple(dict.fromkeys(c.field for r in self.reviews for c in r.changes))

    def reviewed(self, machine: Event) -> Event:
        """The machine's event with every change applied in order."""
        event = machine
        for review in self.reviews:
            for change in review.changes:
                event = apply_change(event, change.field, change.new)
        return event

    def to_dict(self, machine: Event) -> dict[str, Any]:
        """What a read says about the review: state, reviewed fields, the machine's values
        of those fields, and the history."""
        last = self.reviews[-1]
        return {
            "state": self.state,
            "fields": list(self.fields),
            "machine": {key: machine_value(machine, key) for key in self.fields},
            "reviewers": sorted({r.reviewer for r in self.reviews}),
            "last_reviewed": last.at,
            "note": last.note,
            "history": [r.to_dict() for r in self.reviews],
        }


def state_of(found: ReviewState | None) -> str:
    """The review state name of an event (unreviewed without reviews)."""
    return "unreviewed" if found is None else found.state


def add(
    conn: Connection,
    machine: Event,
    current: ReviewState | None,
    *,
    action: str,
    reviewer: str,
    fields: Mapping[str, Any] | None = None,
    note: str | None = None,
    at: dt.datetime | None = None,
) -> Review:
    """Store one review of `machine` (whose earlier reviews are `current`); the
    caller holds the transaction. Raise `ConfigError` for a bad action or value."""
    reviewer, note = _who_and_note(reviewer, note)
    if action not in ACTIONS:
        raise ConfigError(f"action {action!r} is unknown; actions: {', '.join(ACTIONS)}")
    changes: tuple[Change, ...] = ()
    if action == "correct":
        before = current.reviewed(machine) if current else machine
        wanted = normalise(before, fields or {})
        changes = tuple(Change(k, machine_value(before, k), v) for k, v in wanted.items())
    elif fields:
        raise ConfigError(f"only a correction takes fields; {action} takes a note at most")
    when = (at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    cursor = conn.execute(
        "INSERT INTO reviews (event_id, doc_id, action, reviewer, at, changes, note, evidence)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (machine.id, machine.doc_id, action, reviewer, when, _changes_json(changes), note,
         machine.evidence.text),
    )  # fmt: skip
    ident = int(cursor.fetchone()[0])
    return Review(ident, machine.id, machine.doc_id, action, reviewer, when, changes, note,
                  machine.evidence.text)  # fmt: skip


def _who_and_note(reviewer: str, note: str | None) -> tuple[str, str | None]:
    if not isinstance(reviewer, str) or not reviewer.strip() or len(reviewer) > MAX_REVIEWER:
        raise ConfigError(f"a review needs the reviewer's name (1 to {MAX_REVIEWER} characters)")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise ConfigError(f"note must be text of at most {MAX_NOTE} characters")
    return reviewer.strip(), (note.strip() or None) if note else None


def _changes_json(changes: Iterable[Change]) -> str:
    rows = [{"field": c.field, "old": c.old, "new": c.new} for c in changes]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


_COLUMNS = "id, event_id, doc_id, action, reviewer, at, changes, note, evidence"


def _review(row: tuple[Any, ...]) -> Review:
    ident, event_id, doc_id, action, reviewer, at, changes, note, evidence = row
    parsed = tuple(Change(c["field"], c["old"], c["new"]) for c in json.loads(changes))
    return Review(int(ident), event_id, doc_id, action, reviewer, at, parsed, note, evidence)


def states(conn: Connection, event_ids: list[str]) -> dict[str, ReviewState]:
    """The review states of those of `event_ids` that have reviews (few enough for one
    query: the store passes them in chunks)."""
    marks = ", ".join("?" for _ in event_ids)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM reviews WHERE event_id IN ({marks}) ORDER BY id", event_ids
    ).fetchall()
    found: dict[str, list[Review]] = {}
    for row in rows:
        review = _review(row)
        found.setdefault(review.event_id, []).append(review)
    return {ident: ReviewState(tuple(items)) for ident, items in found.items()}


def every_review(conn: Connection) -> list[tuple[Review, bool]]:
    """Every review, oldest first, and whether its event is still stored."""
    rows = conn.execute(
        f"SELECT {', '.join('r.' + c for c in _COLUMNS.split(', '))},"
        " EXISTS (SELECT 1 FROM events WHERE events.id = r.event_id)"
        " FROM reviews AS r ORDER BY r.id"
    ).fetchall()
    return [(_review(row[:-1]), bool(row[-1])) for row in rows]
