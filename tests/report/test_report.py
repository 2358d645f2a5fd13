"""`sitrep.report`: what the situation report shows, and that document text stays text."""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import TEXT, make_analysis, make_event
from sitrep.model import Attribution, Count, Event, Place, Source, Span, When
from sitrep.report import build_report, collect
from sitrep.report.basemap import Basemap, CountryShape
from sitrep.report.content import (
    actor_matrix,
    counts_label,
    date_label,
    date_uncertain,
    describe_filter,
    event_view,
    evidence_context,
    said_by,
)
from sitrep.report.render import render_report
from sitrep.report.svgmap import build_map, clip_ring, marker_radius
from sitrep.report.timeline import build_timeline, choose_unit, periods
from sitrep.store import Store
from sitrep.store.filters import EventFilter

DAY = dt.date(2024, 3, 3)
GENERATED = dt.datetime(2024, 3, 4, 12, 0, tzinfo=dt.UTC)


def _when(start: dt.date | None, end: dt.date | None, precision: str, basis: str) -> When:
    return When(start=start, end=end, precision=precision, text=None, basis=basis)  # type: ignore[arg-type]


def _place(
    precision: str, lat: float | None = 31.6, lon: float | None = 65.7, **kw: object
) -> Place:
    fields: dict[str, object] = {
        "name": "Kandahar",
        "text": "Kandahar",
        "start": 0,
        "end": 8,
        "country": "AFG",
        "lat": lat,
        "lon": lon,
        "precision": precision,
    }
    fields.update(kw)
    return Place(**fields)  # type: ignore[arg-type]


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("when", "label", "uncertain"),
    [
        (None, "unknown", True),
        (_when(DAY, DAY, "day", "explicit"), "2024-03-03", False),
        (_when(DAY, DAY, "day", "relative"), "2024-03-03", False),
        (_when(DAY, DAY, "day", "publication"), "2024-03-03, report date", True),
        (_when(DAY, DAY, "day", "context"), "2024-03-03, from context", True),
        (_when(dt.date(2024, 3, 1), dt.date(2024, 3, 31), "month", "explicit"),
         "2024-03-01 to 2024-03-31 (month)", True),
        (_when(DAY, dt.date(2024, 3, 5), "days", "relative"), "2024-03-03 to 2024-03-05 (days)",
         True),
        (_when(None, None, "unknown", "unknown"), "unknown", True),
    ],
)  # fmt: skip
def test_date_label_and_uncertainty(when: When | None, label: str, uncertain: bool) -> None:
    assert date_label(when) == label
    assert date_uncertain(when) is uncertain


@pytest.mark.parametrize(
    ("counts", "label"),
    [
        ((), ""),
        ((("killed", Count(12, "at_least", "", 0, 0)),), "killed ≥12"),
        ((("killed", Count(3, "exact", "", 0, 0)), ("wounded", Count(30, "about", "", 0, 0))),
         "killed 3; wounded ~30"),
    ],
)  # fmt: skip
def test_counts_label(counts: tuple[tuple[str, Count], ...], label: str) -> None:
    assert counts_label(make_event(counts=counts)) == label


@pytest.mark.parametrize(
    ("attribution", "outlet", "said"),
    [
        (Attribution("author"), "Reuters", "Reuters"),
        (Attribution("author"), None, "the author"),
        (Attribution("quoted", speaker="a police spokesman"), "Reuters",
         "a police spokesman (quoted by Reuters)"),
        (Attribution("quoted"), "AP", "an unnamed speaker (quoted by AP)"),
        (Attribution("reported", via="Al Jazeera"), "BBC", "Al Jazeera, relayed by BBC"),
        (Attribution("comment"), "FBIS", "editor's comment in FBIS"),
    ],
)  # fmt: skip
def test_said_by(attribution: Attribution, outlet: str | None, said: str) -> None:
    assert said_by(attribution, outlet) == said


def test_evidence_context_marks_each_field_and_keeps_every_character() -> None:
    event = make_event()
    segments, before, after = evidence_context(event, TEXT)
    joined = "".join(s.text for s in segments)
    assert joined == TEXT  # one paragraph, short: the whole text, nothing lost or doubled
    assert (before, after) == (False, False)
    roles = {s.role: s.text for s in segments if s.role}
    assert roles == {
        "actor": "Taliban fighters",
        "trigger": "attacked",
        "target": "a police checkpoint",
        "place": "Kandahar",
        "date": "on Sunday",
        "count": "at least 12 officers",
    }


def test_evidence_context_is_cut_at_paragraphs_and_says_so() -> None:
    text = "First paragraph, background.\n" + TEXT + "\nLast paragraph."
    shift = len("First paragraph, background.\n")
    event = _shifted(make_event(), shift)
    segments, before, after = evidence_context(event, text)
    assert "".join(s.text for s in segments) == TEXT
    assert (before, after) == (True, True)


def test_evidence_context_without_the_document_shows_the_evidence_alone() -> None:
    event = make_event()
    segments, before, after = evidence_context(event, "")
    assert "".join(s.text for s in segments) == event.evidence.text
    assert (before, after) == (False, False)


def _shifted(event: Event, by: int) -> Event:
    def span(s: Span) -> Span:
        return Span(s.start + by, s.end + by, s.text)

    place = event.location
    assert place is not None
    assert event.date is not None
    assert event.date.span is not None
    return dataclasses.replace(
        event,
        evidence=span(event.evidence),
        trigger=span(event.trigger),
        actors=tuple(dataclasses.replace(a, start=a.start + by, end=a.end + by) for a in event.actors),
        targets=tuple(dataclasses.replace(a, start=a.start + by, end=a.end + by) for a in event.targets),
        location=dataclasses.replace(place, start=place.start + by, end=place.end + by),
        date=dataclasses.replace(event.date, span=(event.date.span[0] + by, event.date.span[1] + by)),
        counts=tuple((k, dataclasses.replace(c, start=c.start + by, end=c.end + by)) for k, c in event.counts),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org/a", "http://example.org/a"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("http://[::1", None),  # malformed: shown as text, not a crash
        (None, None),
    ],
)
def test_only_web_addresses_become_links(url: str | None, link: str | None) -> None:
    event = make_event(source=Source(doc_id="doc-1", url=url))
    view = event_view(event, TEXT)
    assert view.source.url == link
    assert view.source.origin_url == url


def test_actor_matrix_counts_who_acted_on_whom() -> None:
    taliban, _police = make_event().actors[0], make_event().targets[0]
    army = dataclasses.replace(taliban, name="Afghan army")
    events = [
        make_event(id="a"),
        make_event(id="b"),
        make_event(id="c", actors=(army,), targets=(taliban,)),
        make_event(id="d", targets=()),
    ]
    matrix = actor_matrix(events)
    assert matrix.sources == ("Taliban", "Afghan army")
    assert matrix.targets == ("Afghan police", "Taliban")
    assert matrix.cells == ((2, 0), (0, 1))
    assert matrix.top[0] == ("Taliban", 4)


@pytest.mark.parametrize(
    ("flt", "said"),
    [
        (EventFilter(), ()),
        (EventFilter(types=("assault",), statuses=("Planned",)), ("type: ASSAULT", "status: planned")),
        (EventFilter(since=DAY, place="AFG", limit=0), ("since: 2024-03-03", "place: AFG", "at most: 0")),
    ],
)  # fmt: skip
def test_describe_filter(flt: EventFilter, said: tuple[str, ...]) -> None:
    assert describe_filter(flt) == said


# ---------------------------------------------------------------- timeline


@pytest.mark.parametrize(
    ("days", "unit"), [(0, "day"), (62, "day"), (63, "week"), (731, "week"), (732, "month")]
)
def test_timeline_unit(days: int, unit: str) -> None:
    assert choose_unit(days) == unit


@pytest.mark.parametrize(
    ("first", "last", "unit", "starts"),
    [
        (DAY, DAY, "day", [DAY]),
        (dt.date(2024, 3, 6), dt.date(2024, 3, 12), "week", [dt.date(2024, 3, 4), dt.date(2024, 3, 11)]),
        (dt.date(2023, 12, 31), dt.date(2024, 2, 1), "month",
         [dt.date(2023, 12, 1), dt.date(2024, 1, 1), dt.date(2024, 2, 1)]),
    ],
)  # fmt: skip
def test_timeline_periods(first: dt.date, last: dt.date, unit: str, starts: list[dt.date]) -> None:
    assert periods(first, last, unit) == starts


def test_timeline_draws_days_as_bars_and_ranges_across_their_span() -> None:
    events = [
        event_view(make_event(id="a"), TEXT),
        event_view(make_event(id="b", date=_when(DAY, DAY, "day", "publication")), TEXT),
        event_view(make_event(id="c", date=_when(dt.date(2024, 3, 1), dt.date(2024, 3, 10), "days", "relative")), TEXT),
        event_view(make_event(id="d", date=None), TEXT),
    ]  # fmt: skip
    timeline = build_timeline(events)
    assert timeline is not None
    assert timeline.unit == "day"
    assert timeline.undated == 1
    assert timeline.peak == 2
    assert sorted(b.uncertain for b in timeline.bars) == [False, True]
    (line,) = timeline.ranges
    assert line.uncertain
    assert line.x2 - line.x1 > 5 * (timeline.bars[0].w)  # ten days wide, a bar is one
    assert build_timeline([events[-1]]) is None


# ---------------------------------------------------------------- map


SQUARE = ((60.0, 29.0), (75.0, 29.0), (75.0, 38.0), (60.0, 38.0))
AFG = CountryShape("AFG", "Afghanistan", (60.0, 29.0, 75.0, 38.0), (SQUARE,))
FAR = CountryShape("AUS", "Australia", (113.0, -44.0, 154.0, -10.0),
                   (((113.0, -44.0), (154.0, -44.0), (154.0, -10.0)),))  # fmt: skip
BASEMAP = Basemap(source="test shapes", countries=(AFG, FAR))


def test_clip_ring_keeps_the_part_inside() -> None:
    ring = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    clipped = clip_ring(ring, (5.0, -1.0, 20.0, 20.0))
    assert sorted(clipped) == [(5.0, 0.0), (5.0, 10.0), (10.0, 0.0), (10.0, 10.0)]
    assert clip_ring(ring, (50.0, 50.0, 60.0, 60.0)) == []


def test_map_draws_points_areas_and_countries_by_what_is_known() -> None:
    events = [
        make_event(id="city", location=_place("city")),
        make_event(id="city2", location=_place("city")),
        make_event(id="area", location=_place("admin1", lat=33.0, lon=68.0)),
        make_event(id="country", location=_place("country", lat=33.9, lon=67.7)),
        make_event(id="region", location=_place("region", lat=34.0, lon=66.0, name="Hazarajat")),
        make_event(id="nocoords", location=_place("city", lat=None, lon=None, name="Sahel")),
        make_event(id="nowhere", location=None),
        make_event(id="unknown", location=_place("unknown", lat=None, lon=None, name="Xyz")),
    ]
    view = build_map([event_view(e, TEXT) for e in events], BASEMAP)
    points = [m for m in view.markers if not m.area]
    areas = [m for m in view.markers if m.area]
    assert [m.event_ids for m in points] == [("city", "city2")]  # one marker per place and type
    assert sorted(m.event_ids for m in areas) == [("area",), ("region",)]
    assert view.country_only == 1
    assert [o.iso3 for o in view.outlines] == ["AFG"]  # Australia is far outside the window
    assert view.outlines[0].events == 1
    assert view.region_only == (("Sahel, AFG", 1),)
    assert view.unplaced == 2
    for marker in view.markers:
        assert 0 <= marker.x <= view.width
        assert 0 <= marker.y <= view.height


@pytest.mark.parametrize(
    ("casualties", "events", "bigger_than"), [(0, 1, 3.9), (10, 1, 9.0), (10_000, 50, 25.9)]
)
def test_marker_radius_grows_with_casualties_and_is_capped(
    casualties: int, events: int, bigger_than: float
) -> None:
    radius = marker_radius(casualties, events)
    assert bigger_than < radius <= 26.0


# ---------------------------------------------------------------- the page


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HOSTILE = (
    'Rebels <script>document.title="PWNED"</script> shelled the town. '
    '<img src=x onerror="document.title=\'PWNED\'"> "onerror=alert(1) </td></tr></table>'
)


def _hostile_store(tmp_path: Path) -> Path:
    trigger = HOSTILE.index("shelled")
    event = make_event(
        id='x"><script>alert(1)</script>',
        doc_id="doc-<b>",
        evidence=Span(0, len(HOSTILE), HOSTILE),
        trigger=Span(trigger, trigger + len("shelled"), "shelled"),
        actors=(dataclasses.replace(make_event().actors[0], name="<script>alert(2)</script>",
                                    start=0, end=6),),
        targets=(),
        counts=(),
        location=_place("city", name='"onerror=alert(3)', start=0, end=0),
        date=None,
        source=Source(doc_id="doc-<b>", title="<i>title</i><script>alert(4)</script>",
                      url="javascript:alert(5)", outlet='Outlet" onmouseover="alert(6)'),
    )  # fmt: skip
    analysis = make_analysis([event], doc_id="doc-<b>", text=HOSTILE)
    analysis = dataclasses.replace(
        analysis,
        document=dataclasses.replace(analysis.document, title=event.source.title, url=event.source.url),
    )  # fmt: skip
    db = tmp_path / "hostile.db"
    with Store.open(db) as store:
        store.save([analysis])
    return db


def test_document_markup_is_shown_as_text_and_never_runs(tmp_path: Path) -> None:
    with Store.open(_hostile_store(tmp_path)) as store:
        page = build_report(store, generated=GENERATED)
    parsed = _Tags()
    parsed.feed(page)
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert len(scripts) == 1  # ours, at the end of the page
    handlers = [
        (tag, name) for tag, attrs in parsed.tags for name in attrs if name.startswith("on")
    ]
    assert handlers == []
    links = [attrs.get("href") or "" for tag, attrs in parsed.tags if tag == "a"]
    assert not [h for h in links if "javascript" in h.lower()]
    assert "img" not in [tag for tag, _ in parsed.tags]
    text = "".join(parsed.text)
    assert '<script>document.title="PWNED"</script>' in text  # shown, as text
    assert "<i>title</i><script>alert(4)</script>" in text
    assert "javascript:alert(5)" in text  # the address is shown, not linked
    assert "Content-Security-Policy" in page


def _sample_store(tmp_path: Path) -> Path:
    days = [dt.date(2024, 3, d) for d in (1, 2, 2, 5)]
    analyses = []
    for i, day in enumerate(days):
        doc = f"doc-{i}"
        event = make_event(
            id=f"{doc}:e1", doc_id=doc,
            date=dataclasses.replace(make_event().date, start=day, end=day),  # type: ignore[type-var]
            status="occurred" if i else "planned",
            source=Source(doc_id=doc, title="Attack", url=f"https://example.org/{doc}"),
        )  # fmt: skip
        analyses.append(make_analysis([event], doc_id=doc))
    db = tmp_path / "s.db"
    with Store.open(db) as store:
        store.save(analyses)
    return db


def test_report_holds_map_timeline_events_and_actors(tmp_path: Path) -> None:
    with Store.open(_sample_store(tmp_path)) as store:
        content = collect(store, EventFilter(), generated=GENERATED, version="9.9")
        page = render_report(content, BASEMAP)
    for marker in ('<svg class="map"', '<svg class="timeline"', '<table class="events"',
                   '<table class="matrix"', "2024-03-04 12:00 UTC by sitrep 9.9"):  # fmt: skip
        assert marker in page
    for event in content.events:
        assert f'id="ev-{event.id}"' in page
    assert page.count("<details>") == 4
    assert page.count('<mark class="trigger"') == 4 + 1  # four events and the key to colours
    assert 'class="event status-planned"' in page
    assert content.cover.first == dt.date(2024, 3, 1)
    assert content.cover.last == dt.date(2024, 3, 5)
    assert "https://example.org/doc-0" in page


def test_report_with_no_events_still_renders(tmp_path: Path) -> None:
    with Store.open(tmp_path / "empty.db") as store:
        page = render_report(collect(store, EventFilter(), generated=GENERATED), BASEMAP)
    assert "No events match." in page
    assert "None of these events has a known date." in page


def test_filters_reach_the_report(tmp_path: Path) -> None:
    with Store.open(_sample_store(tmp_path)) as store:
        content = collect(store, EventFilter(statuses=("planned",)), generated=GENERATED)
    assert [e.status for e in content.events] == ["planned"]
    assert content.cover.filters == ("status: planned",)
    assert content.cover.stored_documents == 4


def test_disagreements_between_sources_are_shown_side_by_side(tmp_path: Path) -> None:
    analyses = []
    for doc, killed, outlet in (("doc-a", 12, "Kivu Post"), ("doc-b", 15, "Lakeside Radio")):
        count = Count(killed, "exact", str(killed), 0, 1)
        event = make_event(
            id=f"{doc}:e1", doc_id=doc, counts=(("killed", count),),
            source=Source(doc_id=doc, outlet=outlet, published=DAY),
        )  # fmt: skip
        analyses.append(make_analysis([event], doc_id=doc))
    with Store.open(tmp_path / "d.db") as store:
        store.save(analyses)
        content = collect(store, EventFilter(), generated=GENERATED)
    (dispute,) = content.disagreements
    assert dispute.reports == 2
    killed = next(f for f in dispute.fields if f.field == "killed")
    assert killed.values == (
        ("12", ("Kivu Post, 2024-03-03",)),
        ("15", ("Lakeside Radio, 2024-03-03",)),
    )
    page = render_report(content, BASEMAP)
    assert '<section id="disagreements">' in page
    assert "<strong>12</strong>" in page
    assert "<strong>15</strong>" in page
