"""`sitrep.resolve.anchors`: the day relative dates count from, and the dateline's country."""

from __future__ import annotations

import datetime as dt

import pytest

from sitrep.model import Analysis, Dateline, Document, Span
from sitrep.resolve.anchors import dateline_country, document_anchor


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
