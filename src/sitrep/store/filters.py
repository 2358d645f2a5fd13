"""Asking the store for events, and summing up what came back.

`EventFilter` says which events to return; `Store.events` turns it into one
parameterised SQL query (values are never pasted into the SQL text). The rules,
all combined with AND:

- ``types``: the event type is any of those listed. Matching ignores case; the
  listed values are upper-cased, as event types are stored upper-case (ASSAULT).
- ``statuses``: the status is any of those listed, lower-cased (occurred, planned).
- ``since`` / ``until``: keep events whose date range [start, end] overlaps
  [since, until]; an open end of the filter is unbounded. An event with only one
  of start/end known counts as that single day. Events with no known date are
  left out as soon as either bound is given (we cannot say they fall inside).
- ``place``: case-insensitive substring of the place name, or (ignoring case)
  exactly the place's country code (``AFG`` matches every place in Afghanistan).
- ``actor``: case-insensitive substring of any actor or target name or of the
  words the text used for it.
- ``doc_ids``: the event was read from any of these documents.
- ``q``: case-insensitive substring of the evidence sentence's text.
- ``reviews``: the review state is any of those listed (unreviewed, confirmed,
  corrected, rejected; `sitrep.store.reviews`). Empty means every state but
  rejected: rejected events are left out unless asked for. Type, status, date,
  place and actor filters see the reviewed values.
- ``after``: only events after this position of the order (`cursor_key` of the
  last event of the previous page), for pagination that stays right while
  events are added.
- ``limit``: at most this many events (after ordering); None means all.

Empty tuples and None mean "no condition". Results are ordered by start date
(unknown dates last), then document id, then where the evidence starts in the
document, then event id, so the same store and filter always give the same list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sitrep.errors import ConfigError
from sitrep.model import Event

#: Review states a filter may ask for (`sitrep.store.reviews` says what each means).
REVIEW_STATES = ("unreviewed", "confirmed", "corrected", "rejected")

#: The order of events, as SQL over the store's columns (`cursor_key` gives the same
#: values for an event).
#: (The same SQL in SQLite and PostgreSQL, whose row comparison needs integers, not booleans.)
ORDER = "CAST(date_start IS NULL AS INTEGER), COALESCE(date_start, ''), doc_id, evidence_start, id"


@dataclass(frozen=True)
class EventFilter:
    """Which events to return; see the module docstring for the exact rules."""

    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    place: str | None = None
    actor: str | None = None
    limit: int | None = None
    q: str | None = None
    doc_ids: tuple[str, ...] = ()
    reviews: tuple[str, ...] = ()
    after: tuple[Any, ...] | None = None

    def __post_init__(self) -> None:
        # Caught here, a bad value names the option; in SQL it would be silently
        # odd (a negative LIMIT means "no limit" to SQLite).
        if self.limit is not None and self.limit < 0:
            raise ConfigError(f"limit must be 0 or more, not {self.limit}")
        unknown = [s for s in self.reviews if s not in REVIEW_STATES]
        if unknown:
            raise ConfigError(
                f"review state {unknown[0]!r} is unknown; states: {', '.join(REVIEW_STATES)}"
            )
        if self.since and self.until and self.since > self.until:
            raise ConfigError(
                f"since ({self.since.isoformat()}) is after until ({self.until.isoformat()});"
                " swap them"
            )


def cursor_key(event: Event) -> tuple[int, str, str, int, str]:
    """Where `event` stands in the order of events (`ORDER`), as `after` takes it."""
    when = event.date
    day = (when.start or when.end) if when else None
    return (int(day is None), day.isoformat() if day else "", event.doc_id,
            event.evidence.start, event.id)  # fmt: skip
