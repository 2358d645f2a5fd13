"""The date stage: when each event happened.

`DateResolver` resolves the time expression nearest the trigger against the
report's date: a full date in its dateline ("KABUL, March 4, 2024
(Reuters) -"), else the publication date, else carries the previous
event's date in the passage, else takes the date the report gives for the
same story elsewhere (the next event of its type and status dated in the
report's own words, `with_story_dates`), else stands in the publication date
and says so (basis `publication`), else leaves the date unknown. The rules
that find and read time expressions are in `sitrep.resolve.time_expressions`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sitrep.model import (
    Analysis,
    Event,
    When,
)
from sitrep.resolve.anchors import PHYSICAL_TYPES, document_anchor
from sitrep.resolve.time_expressions import event_date


class DateResolver:
    """Stage: the date of every event, with its precision and basis."""

    name = "dates.rules.v1"
    requires = frozenset({"events", "parse"})
    provides = frozenset({"events.date"})

    def __call__(self, analysis: Analysis) -> Analysis:
        """Date every event of one document."""
        parse = analysis.parse
        if parse is None or not analysis.events:
            return analysis
        text = analysis.document.text
        published = document_anchor(analysis)
        dated: list[Event] = []
        carried: dict[int, When] = {}  # passage -> the last date read from its text
        for event in analysis.events:
            sentence = parse.sentences[parse.sentence_at(event.trigger.start)]
            when = event_date(
                sentence_text=text[sentence.start : sentence.end],
                sentence_start=sentence.start,
                trigger_start=event.trigger.start,
                published=published,
                context=carried.get(sentence.passage),
                tense="future" if event.status == "planned" else "past",
            )
            if when.basis in {"explicit", "relative"}:
                carried[sentence.passage] = when
            dated.append(dataclasses.replace(event, date=when))
        return dataclasses.replace(analysis, events=tuple(with_story_dates(dated)))


def with_story_dates(events: Sequence[Event]) -> list[Event]:
    """Events (in text order) with the publication stand-in replaced by a date the
    report gives for the same story, where it gives one.

    A report goes on with its story across paragraphs ("Two officers were wounded
    in the raids"), and often leads with an undated event ("A man was killed in a
    shooting in Elm Park") that it dates further down ("The shooting happened about
    11 p.m. Saturday"). A physical event (`PHYSICAL_TYPES`) whose date would be the
    publication day takes the date of the last physical event of its status before
    it that is dated in the report's own words; with none, that of the next such
    event of its own type. The basis says `context`; the date expression and its
    offsets are that event's, so the reader sees where the date came from.
    """
    # One pass each way, so a long document costs no more than its events: the last
    # dated physical event before each one (by status), the next after it (by type).
    last: dict[str, When] = {}
    before: list[When | None] = []
    for event in events:
        before.append(last.get(event.status))
        if _dated_in_own_words(event) and event.date is not None:
            last[event.status] = event.date
    following: dict[tuple[str, str], When] = {}
    after: list[When | None] = []
    for event in reversed(events):
        after.append(following.get((event.type, event.status)))
        if _dated_in_own_words(event) and event.date is not None:
            following[(event.type, event.status)] = event.date
    after.reverse()
    out = list(events)
    for i, event in enumerate(events):
        if event.date is None or event.date.basis != "publication":
            continue
        if event.type not in PHYSICAL_TYPES:
            continue  # statements are dated by when they were made, not by the story
        story = before[i] or after[i]
        if story is not None:
            out[i] = dataclasses.replace(event, date=dataclasses.replace(story, basis="context"))
    return out


def _dated_in_own_words(event: Event) -> bool:
    """A physical event whose date comes from its own sentence's words."""
    return (
        event.type in PHYSICAL_TYPES
        and event.date is not None
        and event.date.basis in {"explicit", "relative"}
    )
