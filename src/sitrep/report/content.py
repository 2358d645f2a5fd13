"""What the situation report says, as plain records, before any HTML is written.

`collect(store, flt)` reads the events that pass `flt` and everything the page
shows about them (the words around each piece of evidence, the sources, the
rejections) into a `ReportContent`. The renderer only lays it out, so every
decision about *what* is shown (labels, which dates are uncertain, which words
are highlighted) lives here and is tested without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from sitrep.merge import MergedEvent
from sitrep.model import Actor, Attribution, Event, Source, When
from sitrep.store import Store
from sitrep.store.filters import EventFilter
from sitrep.store.query import Reviewed, find_reviewed, merge_stored, ranked, summarize

#: How far the context shown around a piece of evidence reaches on either side
#: (in characters) when no paragraph break comes first.
CONTEXT_REACH = 320

#: Events whose date has one of these bases were not dated by their own words.
UNCERTAIN_DATE_BASES = frozenset({"context", "publication", "unknown"})

#: Places known at least this finely are drawn as points on the map; coarser ones
#: (admin1 areas, countries, regions) are drawn as areas or listed, never as points.
POINT_PRECISIONS = frozenset({"point", "district", "city", "admin2"})

#: Count kinds that size a marker on the map (people killed or hurt).
CASUALTY_KINDS = ("killed", "wounded")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of document text, and what it is evidence of (None for plain context)."""

    text: str
    role: str | None = None  # trigger, actor, target, place, date, count


@dataclass(frozen=True, slots=True)
class SourceView:
    """Where an event was read: the document and what is known about it."""

    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None  # only http(s) addresses; others are not links (javascript: ...)
    origin_url: str | None  # the address as given, shown as text


@dataclass(frozen=True, slots=True)
class EventView:
    """One row of the event list, with its evidence in context."""

    id: str
    doc_id: str
    type: str
    mode: str | None
    cameo: str | None
    status: str
    actors: str
    targets: str
    place: str
    place_precision: str
    country: str | None
    lat: float | None
    lon: float | None
    date_label: str
    date_sort: str  # ISO start date, "" when unknown, for sorting in the page
    date_start: dt.date | None
    date_end: dt.date | None
    date_uncertain: bool
    counts: str
    casualties: int
    said_by: str
    source: SourceView
    context: tuple[Segment, ...]
    clipped_before: bool
    clipped_after: bool
    confidence: float
    #: What reviewers did ("corrected: counts.killed", "confirmed"), "" when unreviewed.
    review: str = ""


@dataclass(frozen=True, slots=True)
class ActorMatrix:
    """Who acted against whom: counts of events from each row actor to each column actor."""

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]  # cells[i][j]: events by sources[i] on targets[j]
    top: tuple[tuple[str, int], ...]  # the most involved actors and their event counts


@dataclass(frozen=True, slots=True)
class Cover:
    """What the report covers, for its header."""

    events: int
    documents: int  # documents the listed events come from
    stored_documents: int
    first: dt.date | None
    last: dt.date | None
    undated: int
    countries: tuple[tuple[str, int], ...]
    by_type: tuple[tuple[str, int], ...]
    by_status: tuple[tuple[str, int], ...]
    filters: tuple[str, ...]
    rejections: tuple[tuple[str, int], ...]
    generated: str
    version: str


@dataclass(frozen=True, slots=True)
class DisputedField:
    """One field reports of one event disagree on: each value and who gives it."""

    field: str
    values: tuple[tuple[str, tuple[str, ...]], ...]  # (value, source labels)


@dataclass(frozen=True, slots=True)
class DisagreementView:
    """A merged event whose reports disagree, as the report shows it."""

    id: str
    type: str
    date: str
    place: str
    reports: int
    fields: tuple[DisputedField, ...]
    event_ids: tuple[str, ...]  # its member events, to link to the list


@dataclass(frozen=True, slots=True)
class ReportContent:
    """Everything the report shows."""

    title: str
    cover: Cover
    events: tuple[EventView, ...]
    matrix: ActorMatrix
    disagreements: tuple[DisagreementView, ...] = ()


def collect(
    store: Store,
    flt: EventFilter,
    *,
    title: str = "Situation report",
    generated: dt.datetime | None = None,
    version: str = "",
) -> ReportContent:
    """Read the events passing `flt` and what the report shows about them from `store`."""
    found = find_reviewed(store, flt)
    events = [r.event for r in found]
    documents = store.documents(e.doc_id for e in events)
    texts = {doc.id: doc.text for doc in documents}
    views = tuple(
        event_view(r.event, texts.get(r.event.doc_id, ""), review=review_label(r)) for r in found
    )
    cover = _cover(store, events, flt, generated or dt.datetime.now(dt.UTC), version)
    # The events already read are grouped as the store merged them: no second read.
    merged = merge_stored(store, events)
    disputes = tuple(disagreement_view(m) for m in merged if m.disagreements)
    return ReportContent(
        title=title, cover=cover, events=views, matrix=actor_matrix(events),
        disagreements=disputes,
    )  # fmt: skip


def disagreement_view(merged: MergedEvent) -> DisagreementView:
    """How the report shows one merged event whose reports disagree."""
    labels = {s.doc_id: _source_label(s) for s in merged.sources}
    fields = tuple(
        DisputedField(
            d.field,
            tuple((c.value, tuple(labels.get(doc, doc) for doc in c.doc_ids)) for c in d.values),
        )
        for d in merged.disagreements
    )
    when = merged.start.isoformat() if merged.start else "unknown"
    if merged.end and merged.end != merged.start:
        when += f" to {merged.end.isoformat()}"
    return DisagreementView(
        id=merged.id, type=merged.type, date=when,
        place=merged.location.name if merged.location else "",
        reports=len(merged.sources), fields=fields,
        event_ids=tuple(e.id for e in merged.members),
    )  # fmt: skip


def _source_label(source: Source) -> str:
    """A source as a reader knows it: outlet and date, else title, else the document id."""
    name = source.outlet or source.title or source.doc_id
    return f"{name}, {source.published.isoformat()}" if source.published else name


# ---------------------------------------------------------------- one event


def review_label(found: Reviewed) -> str:
    """What reviewers did to an event, for people: "", "confirmed", "corrected: counts.killed"."""
    if found.review is None:
        return ""
    fields = ", ".join(found.review.fields)
    return f"{found.state}: {fields}" if fields and found.state != "confirmed" else found.state


def event_view(event: Event, text: str, *, review: str = "") -> EventView:
    """The row shown for `event`, whose document's text is `text` ("" if unknown)."""
    place = event.location
    when = event.date
    segments, before, after = evidence_context(event, text)
    return EventView(
        id=event.id,
        doc_id=event.doc_id,
        type=event.type,
        mode=event.mode,
        cameo=event.cameo,
        status=event.status,
        actors=_names(event.actors),
        targets=_names(event.targets),
        place=place_label(event),
        place_precision=place.precision if place else "unknown",
        country=place.country if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        date_label=date_label(when),
        date_sort=when.start.isoformat() if when and when.start else "",
        date_start=when.start if when else None,
        date_end=(when.end or when.start) if when else None,
        date_uncertain=date_uncertain(when),
        counts=counts_label(event),
        casualties=casualties(event),
        said_by=said_by(event.attribution, event.source.outlet),
        source=_source_view(event),
        context=segments,
        clipped_before=before,
        clipped_after=after,
        confidence=event.confidence,
        review=review,
    )


def _names(actors: Sequence[Actor]) -> str:
    return "; ".join(_actor_label(a) for a in actors)


def _actor_label(actor: Actor) -> str:
    extra = "/".join(x for x in (actor.country, actor.sector) if x)
    return f"{actor.name} ({extra})" if extra else actor.name


def place_label(event: Event) -> str:
    """The place as a reader wants it: name, country and how precise it is."""
    place = event.location
    if place is None:
        return ""
    parts = [place.name]
    if place.admin1 and place.admin1 != place.name:
        parts.append(place.admin1)
    if place.country and place.country != place.name:
        parts.append(place.country)
    return ", ".join(parts)


def date_label(when: When | None) -> str:
    """A day, or a range with its precision; and where the date came from if not the text."""
    if when is None or (when.start is None and when.end is None):
        return "unknown"
    start = when.start or when.end
    end = when.end or when.start
    assert start is not None
    assert end is not None
    label = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
    if start != end or when.precision not in ("day", "unknown"):
        label += f" ({when.precision})"
    if when.basis == "publication":
        label += ", report date"
    elif when.basis == "context":
        label += ", from context"
    return label


def date_uncertain(when: When | None) -> bool:
    """Whether the date is less than a day stated in the event's own words."""
    if when is None or when.start is None:
        return True
    return when.precision != "day" or when.basis in UNCERTAIN_DATE_BASES


def counts_label(event: Event) -> str:
    """E.g. "killed ≥12; wounded ~30": each count with its qualifier."""
    marks = {"exact": "", "at_least": "≥", "more_than": ">", "about": "~", "up_to": "≤",
             "fewer_than": "<"}  # fmt: skip
    return "; ".join(f"{kind} {marks[c.qualifier]}{c.value}" for kind, c in event.counts)


def casualties(event: Event) -> int:
    """People killed or wounded, by the event's own counts (0 if none given)."""
    return sum(c.value for kind, c in event.counts if kind in CASUALTY_KINDS)


def said_by(attribution: Attribution, outlet: str | None) -> str:
    """Whose voice the event is reported in, for a reader."""
    author = outlet or "the author"
    if attribution.kind == "quoted":
        return f"{attribution.speaker or 'an unnamed speaker'} (quoted by {author})"
    if attribution.kind == "reported":
        return f"{attribution.via or 'another outlet'}, relayed by {author}"
    if attribution.kind == "comment":
        who = f" by {attribution.speaker}" if attribution.speaker else ""
        return f"editor's comment{who} in {author}"
    return author


def _source_view(event: Event) -> SourceView:
    source = event.source
    return SourceView(
        doc_id=source.doc_id,
        title=source.title,
        outlet=source.outlet,
        published=source.published.isoformat() if source.published else None,
        url=source.url if _is_web_address(source.url) else None,
        origin_url=source.url,
    )


def _is_web_address(url: str | None) -> bool:
    # Only http(s) addresses become links: a document may carry "javascript:..."
    try:
        return url is not None and urlsplit(url.strip()).scheme.lower() in ("http", "https")
    except ValueError:  # a malformed address (bad port, brackets) is shown as text
        return False


# ---------------------------------------------------------------- evidence in context


def evidence_context(event: Event, text: str) -> tuple[tuple[Segment, ...], bool, bool]:
    """The words around the event's evidence, split where its fields were read.

    Returns the segments and whether text was left out before and after. The
    window runs from the paragraph break before the evidence (or CONTEXT_REACH
    characters, cut at a space) to the paragraph break after it. Without the
    document text the evidence sentence stands alone.
    """
    evidence = event.evidence
    if not text or text[evidence.start : evidence.end] != evidence.text:
        return segments(evidence.text, evidence.start, field_marks(event)), False, False
    start, end = _window(text, evidence.start, evidence.end)
    runs = segments(text[start:end], start, field_marks(event))
    return runs, start > 0, end < len(text)


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    floor = max(0, start - CONTEXT_REACH)
    brk = text.rfind("\n", floor, start)
    if brk >= 0:
        left = brk + 1
    elif floor == 0:
        left = 0
    else:
        space = text.find(" ", floor, start)
        left = space + 1 if space >= 0 else floor
    ceiling = min(len(text), end + CONTEXT_REACH)
    brk = text.find("\n", end, ceiling)
    if brk >= 0:
        right = brk
    elif ceiling == len(text):
        right = ceiling
    else:
        space = text.rfind(" ", end, ceiling)
        right = space if space >= 0 else ceiling
    return left, right


def field_marks(event: Event) -> list[tuple[int, int, str]]:
    """Where each field of `event` was read: (start, end, role) in document offsets."""
    marks = [(event.trigger.start, event.trigger.end, "trigger")]
    marks += [(a.start, a.end, "actor") for a in event.actors]
    marks += [(a.start, a.end, "target") for a in event.targets]
    if event.location is not None:
        marks.append((event.location.start, event.location.end, "place"))
    if event.date is not None and event.date.span is not None:
        marks.append((event.date.span[0], event.date.span[1], "date"))
    marks += [(c.start, c.end, "count") for _, c in event.counts]
    return marks


def segments(window: str, offset: int, marks: list[tuple[int, int, str]]) -> tuple[Segment, ...]:
    """Cut `window` (starting at document offset `offset`) into plain and marked runs.

    Marks outside the window or overlapping an earlier mark are skipped, so every
    character appears exactly once and the runs join back into `window`.
    """
    out: list[Segment] = []
    cursor = 0
    for start, end, role in sorted(marks):
        lo, hi = start - offset, end - offset
        if lo < cursor or hi > len(window) or hi <= lo:
            continue
        if lo > cursor:
            out.append(Segment(window[cursor:lo]))
        out.append(Segment(window[lo:hi], role))
        cursor = hi
    if cursor < len(window):
        out.append(Segment(window[cursor:]))
    return tuple(out)


# ---------------------------------------------------------------- actors


def actor_matrix(events: Iterable[Event], size: int = 10) -> ActorMatrix:
    """The `size` most involved actors and who acted against whom among them."""
    involved: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for event in events:
        sources = {a.name for a in event.actors}
        targets = {a.name for a in event.targets}
        involved.update(sources | targets)
        pairs.update((s, t) for s in sources for t in targets if s != t)
    top = ranked(involved)[:size]
    chosen = {name for name, _ in top}
    as_source: Counter[str] = Counter()
    as_target: Counter[str] = Counter()
    for (s, t), n in pairs.items():
        if s in chosen and t in chosen:
            as_source[s] += n
            as_target[t] += n
    row_names = tuple(name for name, _ in ranked(as_source))
    col_names = tuple(name for name, _ in ranked(as_target))
    cells = tuple(tuple(pairs[(s, t)] for t in col_names) for s in row_names)
    return ActorMatrix(sources=row_names, targets=col_names, cells=cells, top=tuple(top))


# ---------------------------------------------------------------- the header


def _cover(
    store: Store, events: list[Event], flt: EventFilter, generated: dt.datetime, version: str
) -> Cover:
    summary = summarize(events)
    countries = Counter(e.location.country for e in events if e.location and e.location.country)
    return Cover(
        events=summary.events,
        documents=summary.documents,
        stored_documents=store.documents_count(),
        first=summary.first,
        last=summary.last,
        undated=summary.undated,
        countries=ranked(countries),
        by_type=summary.by_type,
        by_status=summary.by_status,
        filters=describe_filter(flt),
        rejections=tuple(sorted(store.rejection_counts().items())),
        generated=generated.strftime("%Y-%m-%d %H:%M UTC"),
        version=version,
    )


def describe_filter(flt: EventFilter) -> tuple[str, ...]:
    """The filter's conditions in words, one per condition (empty: every event)."""
    said: list[tuple[str, Callable[[EventFilter], object]]] = [
        ("type", lambda f: ", ".join(t.upper() for t in f.types)),
        ("status", lambda f: ", ".join(s.lower() for s in f.statuses)),
        ("since", lambda f: f.since.isoformat() if f.since else ""),
        ("until", lambda f: f.until.isoformat() if f.until else ""),
        ("place", lambda f: f.place or ""),
        ("actor", lambda f: f.actor or ""),
        ("at most", lambda f: "" if f.limit is None else str(f.limit)),
    ]
    return tuple(f"{name}: {value}" for name, get in said if (value := get(flt)))
