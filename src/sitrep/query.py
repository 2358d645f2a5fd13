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

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.errors import ConfigError
from sitrep.model import Event

if TYPE_CHECKING:  # the store imports this module; only type-check the other way round
    from sitrep.merge import MergedEvent
    from sitrep.store import Store


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


def find_events(store: Store, flt: EventFilter) -> list[Event]:
    """The events in `store` that pass `flt`, in the documented order."""
    return store.events(flt)


def find_merged(store: Store, flt: EventFilter) -> list[MergedEvent]:
    """The events passing `flt`, merged across reports (`sitrep.merge`).

    The groups are the store's (`sitrep.mergestore`), kept up to date as documents
    are saved. The filter applies to the reports, so a merged event holds the
    reports that pass it; `limit` applies to the merged events.
    """
    merged = merge_stored(store, store.events(dataclasses.replace(flt, limit=None)))
    return merged if flt.limit is None else merged[: flt.limit]


def find_merged_event(store: Store, ident: str) -> MergedEvent | None:
    """The merged event `ident`, or the one holding the report with event id `ident`,
    with all its reports; None when the store has neither."""
    events = store.merged_members(ident)
    return merge_stored(store, events)[0] if events else None


def merge_stored(store: Store, events: list[Event]) -> list[MergedEvent]:
    """`events` read from `store`, grouped as the store groups them into merged events,
    with their counts taken over independent reports: copies of one article (from
    the stored signatures, `sitrep.dedupe`) are listed but not counted again."""
    from sitrep.merge import merged_event, sorted_merged

    groups: dict[str, tuple[str | None, list[Event]]] = {}
    known = store.merged_ids(e.id for e in events)
    for event in events:
        ident = known.get(event.id)  # None only for an event saved in this very moment
        groups.setdefault(ident or event.id, (ident, []))[1].append(event)
    copies = _copies(store, {e.doc_id for e in events})
    return sorted_merged(merged_event(members, copies, ident) for ident, members in groups.values())


def _copies(store: Store, doc_ids: set[str]) -> dict[str, str]:
    """Which of `doc_ids` copy which (`sitrep.dedupe`), from the stored signatures."""
    from sitrep.dedupe import CopyIndex, Signature, signature  # MinHash: only merging needs it

    index = CopyIndex()
    stored = store.signatures(doc_ids)
    for doc_id, published in sorted(store.publication_days(doc_ids).items()):
        if doc_id in stored:
            data = stored[doc_id]
            known = Signature.from_bytes(data) if data is not None else None
        else:  # stored by sitrep 0.1, before signatures were kept
            known = signature(store.document_text(doc_id) or "")
        index.add(doc_id, known, published=published)
    return {c.doc_id: c.original for c in index.copies()}


def find_disagreements(store: Store, flt: EventFilter) -> list[MergedEvent]:
    """The merged events whose reports disagree on something (`find_merged`)."""
    return [m for m in find_merged(store, flt) if m.disagreements]


@dataclass(frozen=True)
class Summary:
    """Counts over a list of events: by type, by status, documents and date range."""

    events: int
    documents: int
    by_type: tuple[tuple[str, int], ...]
    by_status: tuple[tuple[str, int], ...]
    first: dt.date | None
    last: dt.date | None
    undated: int

    def render(self) -> str:
        """A short text block for people, e.g. at the end of a CLI run."""
        lines = [f"{self.events} events from {self.documents} documents"]
        if self.first and self.last:
            lines.append(f"dates: {self.first.isoformat()} to {self.last.isoformat()}")
        if self.undated:
            lines.append(f"undated: {self.undated}")
        if self.by_type:
            lines.append("by type: " + _pairs(self.by_type))
        if self.by_status:
            lines.append("by status: " + _pairs(self.by_status))
        return "\n".join(lines)


def _pairs(pairs: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{name} {n}" for name, n in pairs)


def ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    """(name, count) pairs, most frequent first, ties by name (stable between runs)."""
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def summarize(events: Iterable[Event]) -> Summary:
    """Count `events` by type and status, their documents and their date range."""
    types: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    docs: set[str] = set()
    days: list[dt.date] = []
    undated = 0
    total = 0
    for event in events:
        total += 1
        types[event.type] += 1
        statuses[event.status] += 1
        docs.add(event.doc_id)
        known = [d for d in (event.date.start, event.date.end) if d] if event.date else []
        days.extend(known)
        undated += not known
    return Summary(
        events=total,
        documents=len(docs),
        by_type=ranked(types),
        by_status=ranked(statuses),
        first=min(days, default=None),
        last=max(days, default=None),
        undated=undated,
    )
