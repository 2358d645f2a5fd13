"""The one read path: what the CLI, the Python API and the report ask of the store.

`find_events`, `find_merged`, `find_merged_event` and `find_disagreements` take
a `Store` and an `EventFilter` (`sitrep.store.filters`, where the filter rules
are documented); `stream_events` and `stream_merged` give the same records one at
a time, for exports; `summarize` sums up a list of events for people.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sitrep.merge.record import MergedEvent, merged_event, sorted_merged
from sitrep.model import Event
from sitrep.store.filters import EventFilter
from sitrep.store.sqlite import Store


def find_events(store: Store, flt: EventFilter) -> list[Event]:
    """The events in `store` that pass `flt`, in the documented order."""
    return store.events(flt)


def find_merged(store: Store, flt: EventFilter) -> list[MergedEvent]:
    """The events passing `flt`, merged across reports (`sitrep.merge`).

    The groups are the store's (`sitrep.store.merged`), kept up to date as documents
    are saved. The filter applies to the reports, so a merged event holds the
    reports that pass it; `limit` applies to the merged events.
    """
    merged = merge_stored(store, store.events(dataclasses.replace(flt, limit=None)))
    return merged if flt.limit is None else merged[: flt.limit]


def stream_events(store: Store, flt: EventFilter) -> Iterator[Event]:
    """`find_events`, one event at a time, in the same order: for exports of any size."""
    return store.iter_events(flt)


def stream_merged(store: Store, flt: EventFilter) -> Iterator[MergedEvent]:
    """`find_merged`, one merged event at a time, holding only one merged event's
    reports in memory: for exports of any size.

    The merged events come by the earliest date their reports give (unknown last),
    then id. Copies of one article (`Store.copies`) are looked for among the reports
    of each merged event, which is where they could be counted twice.
    """
    grouped = itertools.groupby(store.iter_grouped(flt), key=lambda pair: pair[0])
    for count, (ident, pairs) in enumerate(grouped):
        if flt.limit is not None and count >= flt.limit:
            return
        members = [event for _, event in pairs]
        documents = {e.doc_id for e in members}
        copies = store.copies(documents) if len(documents) > 1 else {}
        yield merged_event(members, copies, ident)


def find_merged_event(store: Store, ident: str) -> MergedEvent | None:
    """The merged event `ident`, or the one holding the report with event id `ident`,
    with all its reports; None when the store has neither."""
    events = store.merged_members(ident)
    return merge_stored(store, events)[0] if events else None


def merge_stored(store: Store, events: list[Event]) -> list[MergedEvent]:
    """`events` read from `store`, grouped as the store groups them into merged events,
    with their counts taken over independent reports: copies of one article
    (`Store.copies`) are listed but not counted again."""
    groups: dict[str, tuple[str | None, list[Event]]] = {}
    known = store.merged_ids(e.id for e in events)
    for event in events:
        ident = known.get(event.id)  # None only for an event saved in this very moment
        groups.setdefault(ident or event.id, (ident, []))[1].append(event)
    copies = store.copies({e.doc_id for e in events})
    return sorted_merged(merged_event(members, copies, ident) for ident, members in groups.values())


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
