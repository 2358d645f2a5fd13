"""The one read path: what the CLI, the Python API, the report and the server ask of the store.

`find_events`, `find_reviewed`, `find_merged`, `find_merged_event` and
`find_disagreements` take a `Store` and an `EventFilter` (`sitrep.store.filters`,
where the filter rules are documented); `summarize` sums up a list of events for
people. Every read gives reviewed values (`sitrep.store.reviews`): the machine's
record with reviewers' corrections applied; `find_reviewed` gives both.
`stream_events`, `stream_reviewed` and `stream_merged` give the same records
one at a time, for exports of any size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sitrep.merge.record import MergedEvent, merged_event, sorted_merged
from sitrep.model import Event
from sitrep.store.filters import EventFilter
from sitrep.store.reviews import ReviewState, state_of
from sitrep.store.sqlite import Store


@dataclass(frozen=True, slots=True)
class Reviewed:
    """An event as reviewers left it (`event`), the machine's record, and the reviews."""

    event: Event
    machine: Event
    review: ReviewState | None

    @property
    def state(self) -> str:
        """unreviewed, confirmed, corrected or rejected."""
        return state_of(self.review)

    def to_dict(self) -> dict[str, Any]:
        """The reviewed public record with a ``review`` key (None when unreviewed)."""
        review = None if self.review is None else self.review.to_dict(self.machine)
        return self.event.to_dict() | {"review": review}


#: Events read and given their reviews at a time when streaming.
STREAM_CHUNK = 500


def find_events(store: Store, flt: EventFilter) -> list[Event]:
    """The events in `store` that pass `flt`, in the documented order, with reviewed values."""
    return [r.event for r in find_reviewed(store, flt)]


def find_reviewed(store: Store, flt: EventFilter) -> list[Reviewed]:
    """The events passing `flt` with their machine records and reviews."""
    return with_reviews(store, store.events(flt))


def with_reviews(store: Store, machine: list[Event]) -> list[Reviewed]:
    """The machine's `events` (read from `store`) with their reviews applied."""
    found = store.review_states(e.id for e in machine)
    return [
        Reviewed(state.reviewed(e) if (state := found.get(e.id)) else e, e, state) for e in machine
    ]


def find_merged(store: Store, flt: EventFilter) -> list[MergedEvent]:
    """The events passing `flt`, merged across reports (`sitrep.merge`).

    The groups are the store's (`sitrep.store.merged`), kept up to date as documents
    are saved. The filter applies to the reports, so a merged event holds the
    reports that pass it; `limit` applies to the merged events.
    """
    merged = merge_stored(store, find_events(store, dataclasses.replace(flt, limit=None)))
    return merged if flt.limit is None else merged[: flt.limit]


def stream_events(store: Store, flt: EventFilter) -> Iterator[Event]:
    """`find_events`, one event at a time, in the same order: for exports of any size."""
    return (r.event for r in stream_reviewed(store, flt))


def stream_reviewed(store: Store, flt: EventFilter) -> Iterator[Reviewed]:
    """`find_reviewed`, one event at a time (reviews read a chunk of events at once)."""
    events = store.iter_events(flt)
    while chunk := list(itertools.islice(events, STREAM_CHUNK)):
        yield from with_reviews(store, chunk)


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
        members = [r.event for r in with_reviews(store, [event for _, event in pairs])]
        documents = {e.doc_id for e in members}
        copies = store.copies(documents) if len(documents) > 1 else {}
        yield merged_event(members, copies, ident)


def find_merged_event(store: Store, ident: str) -> MergedEvent | None:
    """The merged event `ident`, or the one holding the report with event id `ident`,
    with all its reports but rejected ones; None when the store has neither."""
    members = with_reviews(store, store.merged_members(ident))
    events = [r.event for r in members if r.state != "rejected"]
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
