"""The report's timeline: events per day, week or month by type, as SVG shapes.

Events dated to one day are stacked in bars, one colour per type. An event whose
day was not stated in its own words (taken from the report's date or from
nearby sentences) is drawn pale with a dashed edge: the reader sees at once how
much of a peak rests on uncertain dates. Events dated only to a range (a week, a
month, "between Monday and Wednesday") are drawn below the bars as lines over
their whole range, never as a bar on their first day.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sitrep.ontology import EVENT_TYPES
from sitrep.report.content import EventView
from sitrep.report.palette import OTHER_COLOUR, type_colour

WIDTH = 960
LEFT, RIGHT = 40, 12
BAR_AREA = 150  # pixels of height for the tallest bar
AXIS = 22
ROW = 13  # pixels per range line
MAX_RANGES = 14
MAX_TICKS = 10


@dataclass(frozen=True, slots=True)
class Bar:
    """Part of a stacked bar: events of one type in one period."""

    x: float
    y: float
    w: float
    h: float
    colour: str
    uncertain: bool
    label: str


@dataclass(frozen=True, slots=True)
class Range:
    """Events dated to the same range, drawn across it."""

    x1: float
    x2: float
    y: float
    colour: str
    uncertain: bool
    label: str


@dataclass(frozen=True, slots=True)
class Tick:
    """An axis label."""

    x: float
    label: str


@dataclass(frozen=True, slots=True)
class TimelineView:
    """What the template draws."""

    width: int
    height: int
    unit: str  # day, week or month
    baseline: float  # y of the time axis
    peak: int  # the tallest bar's number of events
    bars: tuple[Bar, ...]
    ranges: tuple[Range, ...]
    ticks: tuple[Tick, ...]
    more_ranges: int  # range groups not drawn (beyond MAX_RANGES)
    undated: int


def build_timeline(events: Sequence[EventView]) -> TimelineView | None:
    """Lay out the timeline of `events`; None if none of them has a known date."""
    dated = [e for e in events if e.date_start is not None]
    if not dated:
        return None
    first = min(e.date_start for e in dated if e.date_start)
    last = max((e.date_end or e.date_start) for e in dated if e.date_start)
    unit = choose_unit((last - first).days)
    bins = periods(first, last, unit)
    scale = _Scale(bins[0], _next(bins[-1], unit))
    days = [e for e in dated if e.date_end in (None, e.date_start)]
    spans = [e for e in dated if e.date_end not in (None, e.date_start)]
    bars, peak = _bars(days, unit, scale)
    ranges, more = _ranges(spans, scale, top=BAR_AREA + AXIS + 8)
    height = BAR_AREA + AXIS + 8 + ROW * len(ranges) + (ROW if more else 0) + 4
    return TimelineView(
        width=WIDTH,
        height=height,
        unit=unit,
        baseline=float(BAR_AREA),
        peak=peak,
        bars=bars,
        ranges=ranges,
        ticks=_ticks(bins, unit, scale),
        more_ranges=more,
        undated=len(events) - len(dated),
    )


def choose_unit(span_days: int) -> str:
    """Days for two months or less, weeks up to two years, then months."""
    if span_days <= 62:
        return "day"
    if span_days <= 731:
        return "week"
    return "month"


def period_start(day: dt.date, unit: str) -> dt.date:
    """The first day of the period (day, ISO week from Monday, month) holding `day`."""
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(start: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return start + dt.timedelta(days=7)
    if unit == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def periods(first: dt.date, last: dt.date, unit: str) -> list[dt.date]:
    """The starts of every period from the one holding `first` to the one holding `last`."""
    out = [period_start(first, unit)]
    while (following := _next(out[-1], unit)) <= last:
        out.append(following)
    return out


class _Scale:
    """Days to pixels across the plot."""

    def __init__(self, start: dt.date, stop: dt.date) -> None:
        self.start = start
        self.per_day = (WIDTH - LEFT - RIGHT) / max(1, (stop - start).days)

    def __call__(self, day: dt.date) -> float:
        return LEFT + (day - self.start).days * self.per_day


def _bars(days: Sequence[EventView], unit: str, scale: _Scale) -> tuple[tuple[Bar, ...], int]:
    stacks: dict[dt.date, Counter[tuple[str, bool]]] = defaultdict(Counter)
    for event in days:
        assert event.date_start is not None  # only dated events reach here
        stacks[period_start(event.date_start, unit)][(event.type, event.date_uncertain)] += 1
    peak = max((sum(s.values()) for s in stacks.values()), default=0)
    per_event = BAR_AREA / max(peak, 1)
    order = {t: i for i, t in enumerate(EVENT_TYPES)}
    bars = []
    for start, stack in sorted(stacks.items()):
        x1, x2 = scale(start), scale(_next(start, unit))
        gap = min(2.0, (x2 - x1) * 0.15)
        y = float(BAR_AREA)
        for (event_type, uncertain), n in sorted(
            stack.items(), key=lambda kv: (kv[0][1], order.get(kv[0][0], 99), kv[0][0])
        ):
            h = n * per_event
            y -= h
            bars.append(
                Bar(
                    x=round(x1 + gap / 2, 1),
                    y=round(y, 1),
                    w=round(max(1.0, x2 - x1 - gap), 1),
                    h=round(h, 1),
                    colour=type_colour(event_type),
                    uncertain=uncertain,
                    label=_bar_label(start, unit, event_type, n, uncertain),
                )
            )
    return tuple(bars), peak


def _bar_label(start: dt.date, unit: str, event_type: str, n: int, uncertain: bool) -> str:
    when = start.isoformat() if unit == "day" else f"{unit} of {start.isoformat()}"
    doubt = ", date not stated in the event's words" if uncertain else ""
    return f"{when}: {n} {event_type}{doubt}"


def _ranges(spans: Sequence[EventView], scale: _Scale, top: float) -> tuple[tuple[Range, ...], int]:
    groups: dict[tuple[dt.date, dt.date, bool], list[str]] = defaultdict(list)
    for event in spans:
        assert event.date_start is not None
        assert event.date_end is not None
        groups[(event.date_start, event.date_end, event.date_uncertain)].append(event.type)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0][0], kv[0][1], kv[0][2]))
    shown = sorted(ordered[:MAX_RANGES], key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))
    ranges = []
    for row, ((start, end, uncertain), types) in enumerate(shown):
        kinds = sorted(set(types))
        colour = type_colour(kinds[0]) if len(kinds) == 1 else OTHER_COLOUR
        n = len(types)
        ranges.append(
            Range(
                x1=round(scale(start), 1),
                x2=round(scale(end + dt.timedelta(days=1)), 1),
                y=top + row * ROW,
                colour=colour,
                uncertain=uncertain,
                label=f"{n} event{'s' if n != 1 else ''} ({', '.join(kinds)}) dated only to "
                f"{start.isoformat()} to {end.isoformat()}",
            )
        )
    return tuple(ranges), max(0, len(ordered) - MAX_RANGES)


def _ticks(bins: list[dt.date], unit: str, scale: _Scale) -> tuple[Tick, ...]:
    every = max(1, math.ceil(len(bins) / MAX_TICKS))
    ticks = []
    for i, start in enumerate(bins[::every]):
        with_year = i == 0 or (start.month == 1 and (unit == "month" or start.day <= 7))
        fmt = "%b %Y" if unit == "month" else ("%d %b %Y" if with_year else "%d %b")
        ticks.append(Tick(x=round(scale(start), 1), label=start.strftime(fmt).lstrip("0")))
    return tuple(ticks)
