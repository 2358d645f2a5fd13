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
- ``limit``: at most this many events (after ordering); None means all.

Empty tuples and None mean "no condition". Results are ordered by start date
(unknown dates last), then document id, then where the evidence starts in the
document, then event id, so the same store and filter always give the same list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sitrep.errors import ConfigError


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

    def __post_init__(self) -> None:
        # Caught here, a bad value names the option; in SQL it would be silently
        # odd (a negative LIMIT means "no limit" to SQLite).
        if self.limit is not None and self.limit < 0:
            raise ConfigError(f"limit must be 0 or more, not {self.limit}")
        if self.since and self.until and self.since > self.until:
            raise ConfigError(
                f"since ({self.since.isoformat()}) is after until ({self.until.isoformat()});"
                " swap them"
            )
