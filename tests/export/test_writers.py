"""Export: JSON Lines and CSV output, and reading a record back with event_from_dict."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import make_event
from sitrep.export import CSV_COLUMNS, row, write_csv, write_jsonl
from sitrep.model import (
    Actor,
    Attribution,
    Count,
    Event,
    Place,
    Source,
    Span,
    When,
    event_from_dict,
    event_to_dict,
)

SECOND = make_event(
    id="doc-1:e2",
    actors=(
        Actor("Taliban", "Taliban fighters", 30, 46, "REB", "AFG"),
        Actor("Haqqani network", "Haqqani fighters", 0, 16, None, "PAK"),
    ),
    targets=(),
    location=None,
    date=None,
    counts=(
        ("killed", Count(3, "exact", "three", 0, 5)),
        ("wounded", Count(20, "about", "about 20", 6, 14)),
    ),
    attribution=Attribution("quoted", speaker="a police spokesman", via="Reuters"),
    evidence=Span(5, 30, 'He said: "three dead",\nmore hurt'),
)


def test_jsonl_lines_parse_to_the_records() -> None:
    out = io.StringIO()
    events = [make_event(), SECOND]
    assert write_jsonl(events, out) == 2
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == [e.to_dict() for e in events]
    assert [event_from_dict(json.loads(line)) for line in lines] == events


def test_jsonl_keeps_non_ascii_and_empty_input() -> None:
    out = io.StringIO()
    write_jsonl([make_event(mode="Çatışma")], out)
    assert "Çatışma" in out.getvalue()
    assert write_jsonl([], io.StringIO()) == 0


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_header_and_rows() -> None:
    out = io.StringIO(newline="")
    assert write_csv([make_event(), SECOND], out) == 2
    text = out.getvalue()
    assert tuple(text.splitlines()[0].split(",")) == CSV_COLUMNS
    rows = _read_csv(text)
    assert rows == [row(make_event()), row(SECOND)]  # quoted line breaks survive


def test_csv_of_nothing_is_the_header() -> None:
    out = io.StringIO()
    assert write_csv([], out) == 0
    assert out.getvalue() == ",".join(CSV_COLUMNS) + "\n"


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            make_event(),
            {
                "id": "doc-1:e1",
                "doc_id": "doc-1",
                "type": "ASSAULT",
                "mode": "armed attack",
                "cameo": "180",
                "status": "occurred",
                "actors": "Taliban",
                "actor_countries": "AFG",
                "actor_sectors": "REB",
                "targets": "Afghan police",
                "target_countries": "AFG",
                "target_sectors": "COP",
                "place": "Kandahar",
                "country": "AFG",
                "admin1": "Kandahar",
                "lat": "31.61332",
                "lon": "65.71013",
                "place_precision": "city",
                "place_basis": "sentence",
                "date_start": "2024-03-03",
                "date_end": "2024-03-03",
                "date_precision": "day",
                "date_basis": "relative",
                "date_text": "on Sunday",
                "killed": "12",
                "count_qualifiers": "killed:at_least",
                "attribution": "author",
                "evidence_start": "30",
                "evidence_end": "144",
                "confidence": "0.85",
            },
        ),
        (
            SECOND,
            {
                "actors": "Taliban; Haqqani network",
                "actor_countries": "AFG; PAK",
                "actor_sectors": "REB; ",  # lined up with actors; the second is unknown
                "targets": "",
                "place": "",
                "lat": "",
                "date_start": "",
                "date_precision": "",
                "killed": "3",
                "wounded": "20",
                "displaced": "",
                "count_qualifiers": "wounded:about",  # exact counts are not listed
                "attribution": "quoted",
                "speaker": "a police spokesman",
                "via": "Reuters",
                "evidence": 'He said: "three dead",\nmore hurt',
            },
        ),
    ],
)
def test_row_values(event: Event, expected: dict[str, str]) -> None:
    cells = row(event)
    assert tuple(cells) == CSV_COLUMNS
    assert {key: cells[key] for key in expected} == expected


# ---------------------------------------------------------------- round trip

_text = st.text(max_size=12)
_opt_text = st.none() | _text
_offset = st.integers(min_value=0, max_value=10_000)
_day = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
_coordinate = st.floats(min_value=-180, max_value=180, allow_nan=False)

_actors = st.builds(
    Actor,
    name=_text,
    text=_text,
    start=_offset,
    end=_offset,
    sector=st.none() | st.sampled_from(["GOV", "MIL", "REB"]),
    country=st.none() | st.sampled_from(["AFG", "PAK"]),
    id=_opt_text,
)
_places = st.builds(
    Place,
    name=_text,
    text=_text,
    start=_offset,
    end=_offset,
    country=_opt_text,
    admin1=_opt_text,
    lat=st.none() | _coordinate,
    lon=st.none() | _coordinate,
    geonames_id=st.none() | st.integers(min_value=1, max_value=10**8),
    precision=st.sampled_from(["point", "city", "unknown"]),
    basis=st.sampled_from(["sentence", "context", "document"]),
)
_whens = st.builds(
    When,
    start=st.none() | _day,
    end=st.none() | _day,
    precision=st.sampled_from(["day", "month", "unknown"]),
    text=_opt_text,
    basis=st.sampled_from(["explicit", "publication", "unknown"]),
    span=st.none() | st.tuples(_offset, _offset),
)
_counts = st.builds(
    Count,
    value=st.integers(min_value=0, max_value=10**6),
    qualifier=st.sampled_from(["exact", "at_least", "about"]),
    text=_text,
    start=_offset,
    end=_offset,
)
_spans = st.builds(Span, start=_offset, end=_offset, text=_text)
_events = st.builds(
    Event,
    id=_text,
    doc_id=_text,
    type=st.sampled_from(["ASSAULT", "FIGHT", "PROTEST"]),
    mode=_opt_text,
    cameo=_opt_text,
    status=st.sampled_from(["occurred", "planned", "denied"]),
    actors=st.lists(_actors, max_size=3).map(tuple),
    targets=st.lists(_actors, max_size=3).map(tuple),
    location=st.none() | _places,
    date=st.none() | _whens,
    # Kinds are unique in a record (they are the keys of its `counts` object).
    counts=st.dictionaries(
        st.sampled_from(["killed", "wounded", "arrested", "displaced"]), _counts
    ).map(lambda d: tuple(d.items())),
    attribution=st.builds(
        Attribution, kind=st.sampled_from(["author", "quoted"]), speaker=_opt_text, via=_opt_text
    ),
    source=st.builds(Source, doc_id=_text, title=_opt_text, published=st.none() | _day),
    evidence=_spans,
    trigger=_spans,
    confidence=st.floats(min_value=0, max_value=1),
)


@given(_events)
def test_event_from_dict_inverts_event_to_dict(event: Event) -> None:
    record = event_to_dict(event)
    assert event_from_dict(record) == event
    # ... also after a trip through JSON text, as in a .jsonl file or the store.
    assert event_from_dict(json.loads(json.dumps(record))) == event


@pytest.mark.parametrize(
    "event",
    [
        make_event(),
        SECOND,
        make_event(date=When(None, None, "unknown", None, "unknown")),
        make_event(counts=()),
        dataclasses.replace(SECOND, source=Source("doc-1")),
    ],
)
def test_event_from_dict_table(event: Event) -> None:
    assert event_from_dict(event_to_dict(event)) == event
