"""The day relative dates count from, and the dateline's country as a hint."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Analysis, Dateline, Document, Span
from sitrep.resolve.anchors import dateline_country, document_anchor
from sitrep.resolve.time_expressions import dateline_date


def _analysis(published: dt.date | None, date_text: str | None, place: str | None) -> Analysis:
    text = f"{place or 'X'}, {date_text or ''} (Reuters) - Troops fought rebels."
    date_span = (
        Span(text.index(date_text), text.index(date_text) + len(date_text), date_text)
        if date_text
        else None
    )
    place_span = Span(0, len(place), place) if place else None
    return Analysis(
        Document(id="d", text=text, published=published),
        dateline=Dateline(place=place_span, date_text=date_span),
    )


@pytest.mark.parametrize(
    ("published", "date_text", "anchor"),
    [
        (None, "March 4, 2024", dt.date(2024, 3, 4)),  # the dateline's full date
        (dt.date(2024, 3, 20), "March 4, 2024", dt.date(2024, 3, 4)),  # it wins over --published
        (dt.date(2024, 3, 20), "March 4", dt.date(2024, 3, 20)),  # no year: not enough alone
        (None, "March 4", None),  # nothing is invented
        (dt.date(2024, 3, 20), None, dt.date(2024, 3, 20)),
        (None, None, None),
    ],
)
def test_document_anchor(
    published: dt.date | None, date_text: str | None, anchor: dt.date | None
) -> None:
    assert document_anchor(_analysis(published, date_text, "KABUL")) == anchor


@pytest.mark.parametrize(
    ("place", "country"), [("KABUL", "AFG"), ("Nowhereville", None), (None, None)]
)
def test_dateline_country(place: str | None, country: str | None) -> None:
    lookup = {"KABUL": "AFG"}.get
    assert dateline_country(_analysis(None, None, place), lookup) == country


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("March 4, 2024", dt.date(2024, 3, 4)),
        ("3 JAN 90", dt.date(1990, 1, 3)),  # 1990 wire copy
        ("12 DEC 89", dt.date(1989, 12, 12)),
        ("5 Jan 24", dt.date(2024, 1, 5)),
        ("4 March", None),  # no year: could be any year
        ("3 FOO 90", None),
    ],
)
def test_dateline_date(text: str, day: dt.date | None) -> None:
    assert dateline_date(text) == day


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("KABUL, March 4, 2024 (Reuters) - Gunmen attacked a bus.", "Kabul"),
        ("CLANDESTINE, 15 NOV 89 (RADIO VENCEREMOS) -- GUERRILLAS ATTACKED A BUS.", None),
    ],
)
def test_the_dateline_place_stands_in_only_if_it_is_a_place(text: str, place: str | None) -> None:
    from sitrep import extract

    events = extract(text)
    assert events
    assert (events[0].location.name if events[0].location else None) == place
