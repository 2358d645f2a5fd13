"""Time expressions found in sentences and resolved against the publication date."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal

import pytest

from sitrep.model import When
from sitrep.resolve.time_expressions import (
    TimeExpression,
    dateline_date,
    event_date,
    find_time_expressions,
    resolve,
    timex_value,
)

D = dt.date
WED = D(2024, 3, 6)  # a Wednesday; its Monday-Sunday week is 4-10 March (ISO week 10)
SUN = D(2024, 3, 10)
MON = D(2024, 3, 4)
JAN2 = D(2024, 1, 2)
P: Literal["past"] = "past"
F: Literal["future"] = "future"


def _sentence(phrase: str, tense: str) -> str:
    """A report sentence with the time words after its trigger word ("attack...")."""
    verb = "attacked" if tense == P else "will attack"
    return f"Rebels {verb} the base {phrase}".rstrip() + "."


def _trigger(sentence: str) -> int:
    return sentence.index("attack")


def _range(expected: str) -> tuple[dt.date | None, dt.date | None]:
    """ "2024-03-02 2024-03-03" is a range, one date a single day, "" no date."""
    days = [dt.date.fromisoformat(d) for d in expected.split()]
    return (days[0], days[-1]) if days else (None, None)


# (time words, published, tense, expected "start [end]", precision, basis)
CASES = [
    # explicit dates: they need no publication date
    ("on 2024-03-03", WED, P, "2024-03-03", "day", "explicit"),
    ("on March 3, 2024", WED, P, "2024-03-03", "day", "explicit"),
    ("on 3 March 2024", WED, P, "2024-03-03", "day", "explicit"),
    ("on the 3rd of March 2023", WED, P, "2023-03-03", "day", "explicit"),
    ("on March 3, 2024", None, P, "2024-03-03", "day", "explicit"),
    # month and day without a year: the year comes from the publication date
    ("on March 3", WED, P, "2024-03-03", "day", "relative"),
    ("on Mar. 3", WED, P, "2024-03-03", "day", "relative"),
    ("on March 4-5", WED, P, "2024-03-04 2024-03-05", "days", "relative"),
    ("on December 30", JAN2, P, "2023-12-30", "day", "relative"),  # year roll-over
    ("on March 3", WED, F, "2025-03-03", "day", "relative"),
    ("on January 5", D(2023, 12, 30), F, "2024-01-05", "day", "relative"),
    # weekdays (past: on or before the publication day; "last": strictly before)
    ("on Monday", WED, P, "2024-03-04", "day", "relative"),
    ("Monday night", WED, P, "2024-03-04", "day", "relative"),
    ("on Wednesday", WED, P, "2024-03-06", "day", "relative"),
    ("on Thursday", WED, P, "2024-02-29", "day", "relative"),
    ("last Tuesday", WED, P, "2024-03-05", "day", "relative"),
    ("last Wednesday", WED, P, "2024-02-28", "day", "relative"),
    ("on Monday, March 4", WED, P, "2024-03-04", "day", "relative"),
    ("on Friday", WED, F, "2024-03-08", "day", "relative"),
    ("on Wednesday", WED, F, "2024-03-06", "day", "relative"),
    ("next Friday", WED, F, "2024-03-08", "day", "relative"),
    ("next Wednesday", WED, F, "2024-03-13", "day", "relative"),
    ("this Friday", WED, F, "2024-03-08", "day", "relative"),
    # days around the publication day
    ("yesterday", WED, P, "2024-03-05", "day", "relative"),
    ("today", WED, P, "2024-03-06", "day", "relative"),
    ("tonight", WED, F, "2024-03-06", "day", "relative"),
    ("this morning", WED, P, "2024-03-06", "day", "relative"),
    ("last night", WED, P, "2024-03-05", "day", "relative"),
    ("overnight", WED, P, "2024-03-05 2024-03-06", "days", "relative"),
    # weekends
    ("over the weekend", WED, P, "2024-03-02 2024-03-03", "days", "relative"),
    ("last weekend", WED, P, "2024-03-02 2024-03-03", "days", "relative"),
    ("this weekend", WED, F, "2024-03-09 2024-03-10", "days", "relative"),
    ("over the weekend", SUN, P, "2024-03-09 2024-03-10", "days", "relative"),
    ("last weekend", SUN, P, "2024-03-02 2024-03-03", "days", "relative"),
    # weeks: Monday to Sunday
    ("last week", WED, P, "2024-02-26 2024-03-03", "week", "relative"),
    ("this week", WED, P, "2024-03-04 2024-03-10", "week", "relative"),
    ("next week", WED, F, "2024-03-11 2024-03-17", "week", "relative"),
    ("earlier this week", WED, P, "2024-03-04 2024-03-05", "week", "relative"),
    ("earlier this week", MON, P, "2024-03-04", "week", "relative"),
    # months
    ("last month", WED, P, "2024-02-01 2024-02-29", "month", "relative"),
    ("last month", D(2024, 1, 15), P, "2023-12-01 2023-12-31", "month", "relative"),
    ("this month", WED, P, "2024-03-01 2024-03-31", "month", "relative"),
    ("earlier this month", WED, P, "2024-03-01 2024-03-05", "month", "relative"),
    ("in March", WED, P, "2024-03-01 2024-03-31", "month", "relative"),
    ("in April", WED, P, "2023-04-01 2023-04-30", "month", "relative"),
    ("in April", WED, F, "2024-04-01 2024-04-30", "month", "relative"),
    ("in March 2023", WED, P, "2023-03-01 2023-03-31", "month", "explicit"),
    ("last August", WED, P, "2023-08-01 2023-08-31", "month", "relative"),
    ("last February", WED, P, "2024-02-01 2024-02-29", "month", "relative"),
    ("last March", WED, P, "2023-03-01 2023-03-31", "month", "relative"),
    ("this past January", WED, P, "2024-01-01 2024-01-31", "month", "relative"),
    ("next March", WED, F, "2025-03-01 2025-03-31", "month", "relative"),
    ("next June", WED, F, "2024-06-01 2024-06-30", "month", "relative"),
    ("this June", WED, F, "2024-06-01 2024-06-30", "month", "relative"),
    ("in March 2023", None, P, "2023-03-01 2023-03-31", "month", "explicit"),
    # seasons: meteorological, northern hemisphere
    ("this spring", WED, P, "2024-03-01 2024-05-31", "season", "relative"),
    ("this summer", WED, P, "2023-06-01 2023-08-31", "season", "relative"),
    ("this summer", WED, F, "2024-06-01 2024-08-31", "season", "relative"),
    ("last summer", WED, P, "2023-06-01 2023-08-31", "season", "relative"),
    ("this autumn", WED, P, "2023-09-01 2023-11-30", "season", "relative"),
    ("this fall", WED, P, "2023-09-01 2023-11-30", "season", "relative"),
    ("this winter", WED, P, "2023-12-01 2024-02-29", "season", "relative"),
    ("in the autumn of 2022", None, P, "2022-09-01 2022-11-30", "season", "explicit"),
    # years
    ("in 2019", WED, P, "2019-01-01 2019-12-31", "year", "explicit"),
    ("in 2019", None, P, "2019-01-01 2019-12-31", "year", "explicit"),
    ("last year", WED, P, "2023-01-01 2023-12-31", "year", "relative"),
    ("this year", WED, P, "2024-01-01 2024-12-31", "year", "relative"),
    # "... ago"
    ("two years ago", WED, P, "2022-01-01 2022-12-31", "year", "relative"),
    ("three days ago", WED, P, "2024-03-03", "day", "relative"),
    ("3 days ago", WED, P, "2024-03-03", "day", "relative"),
    ("twenty days ago", WED, P, "2024-02-15", "day", "relative"),
    ("a week ago", WED, P, "2024-02-26 2024-03-03", "week", "relative"),
    ("two months ago", WED, P, "2024-01-01 2024-01-31", "month", "relative"),
    # durations: ranges that end at the publication day
    ("during four days of clashes", WED, P, "2024-03-03 2024-03-06", "days", "relative"),
    ("over the past three days", WED, P, "2024-03-04 2024-03-06", "days", "relative"),
    ("in the past week", WED, P, "2024-02-29 2024-03-06", "week", "relative"),
    ("for two weeks", WED, P, "2024-02-22 2024-03-06", "week", "relative"),
    ("in the past 24 hours", WED, P, "2024-03-05 2024-03-06", "days", "relative"),
    ("for two weeks", WED, F, "2024-03-06 2024-03-19", "week", "relative"),
    # never the publication date silently
    ("", WED, P, "2024-03-06", "day", "publication"),
    ("at 10 a.m.", WED, P, "2024-03-06", "day", "publication"),
    ("with a 25-year-old gunman", WED, P, "2024-03-06", "day", "publication"),
    ("", None, P, "", "unknown", "unknown"),
    # needs a publication date and has none: unknown, never invented
    ("on Monday", None, P, "", "unknown", "unknown"),
    ("last week", None, P, "", "unknown", "unknown"),
    ("on March 3", None, P, "", "unknown", "unknown"),
]
FIELDS = ("phrase", "published", "tense", "expected", "precision", "basis")


@pytest.mark.parametrize(FIELDS, CASES)
def test_event_date(
    phrase: str,
    published: dt.date | None,
    tense: Literal["past", "future"],
    expected: str,
    precision: str,
    basis: str,
) -> None:
    sentence = _sentence(phrase, tense)
    when = event_date(
        sentence_text=sentence,
        sentence_start=0,
        trigger_start=_trigger(sentence),
        published=published,
        context=None,
        tense=tense,
    )
    assert (when.start, when.end) == _range(expected)
    assert (when.precision, when.basis) == (precision, basis)


@pytest.mark.parametrize(FIELDS, CASES)
def test_span_slices_the_words_out_of_the_document(
    phrase: str,
    published: dt.date | None,
    tense: Literal["past", "future"],
    expected: str,
    precision: str,
    basis: str,
) -> None:
    preamble = "KABUL, March 6 (Reuters) - Fighting went on.\n"
    sentence = _sentence(phrase, tense)
    document = preamble + sentence
    when = event_date(
        sentence_text=sentence,
        sentence_start=len(preamble),
        trigger_start=len(preamble) + _trigger(sentence),
        published=published,
        context=None,
        tense=tense,
    )
    if basis == "publication" or (basis == "unknown" and when.text is None):
        assert (when.text, when.span) == (None, None)
    else:
        assert when.span is not None
        assert document[when.span[0] : when.span[1]] == when.text
        assert when.text is not None
        assert when.text in phrase


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two were killed at 10 a.m. on the road.", []),
        ("A 25-year-old man was among the dead.", []),
        ("Gunmen killed 25 people and wounded 2024 others.", []),
        ("Three may have died in the blast.", []),
        ("After the fall of Kabul, many fled.", []),
        ("The 2019-20 season was quiet.", []),
        ("Troops returned on Monday, March 4.", [("Monday, March 4", "date")]),
        ("They left in March.", [("in March", "month")]),
        ("Talks ended on Mar. 3.", [("Mar. 3", "date")]),
        ("In May 2021 and last week", [("In May 2021", "month"), ("last week", "relative")]),
        ("earlier this week", [("earlier this week", "relative")]),
        ("in the summer of 2021", [("in the summer of 2021", "season")]),
        ("FIGHTING ERUPTED YESTERDAY", [("YESTERDAY", "relative")]),
        ("during four days of clashes", [("during four days", "duration")]),
        ("over the past three days", [("over the past three days", "duration")]),
        ("He was killed last August.", [("last August", "month")]),
        ("The next march is on Friday.", [("on Friday", "weekday")]),
    ],
)
def test_find_time_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e.text, e.kind) for e in find_time_expressions(text)] == expected


def test_find_offsets_are_shifted_by_offset() -> None:
    (found,) = find_time_expressions("Clashes erupted on Monday.", offset=100)
    assert (found.start, found.end) == (116, 125)
    assert found.text == "on Monday"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the nearest expression to the trigger wins
        ("On Monday police said rebels attacked the base on Tuesday.", "on Tuesday"),
        ("On Monday rebels attacked the base, police said on Tuesday evening.", "On Monday"),
        # equal distance either side: the one after the trigger wins
        ("Monday, then attack Friday", "Friday"),
    ],
)
def test_nearest_expression_to_trigger(sentence: str, expected: str) -> None:
    when = event_date(
        sentence_text=sentence,
        sentence_start=0,
        trigger_start=_trigger(sentence),
        published=WED,
        context=None,
        tense="past",
    )
    assert when.text == expected


CONTEXT = When(D(2024, 3, 2), D(2024, 3, 3), "days", "over the weekend", "relative", (10, 26))


RELABELLED = dataclasses.replace(CONTEXT, basis="context")
PUBLISHED = When(WED, WED, "day", None, "publication")


@pytest.mark.parametrize(
    ("context", "published", "expected"),
    [
        (CONTEXT, WED, RELABELLED),
        (CONTEXT, None, RELABELLED),
        # a context without dates, or itself only the publication day, is no context
        (When(None, None, "unknown", "on Monday", "unknown", (3, 12)), WED, PUBLISHED),
        (PUBLISHED, WED, PUBLISHED),
        (None, WED, PUBLISHED),
        (None, None, When(None, None, "unknown", None, "unknown")),
    ],
)
def test_context_fallback(context: When | None, published: dt.date | None, expected: When) -> None:
    when = event_date(
        sentence_text="Rebels attacked the base.",
        sentence_start=40,
        trigger_start=47,
        published=published,
        context=context,
        tense="past",
    )
    assert when == expected


def test_expression_in_sentence_beats_context() -> None:
    when = event_date(
        sentence_text="Rebels attacked the base yesterday.",
        sentence_start=0,
        trigger_start=7,
        published=WED,
        context=CONTEXT,
        tense="past",
    )
    assert (when.start, when.basis) == (D(2024, 3, 5), "relative")


@pytest.mark.parametrize(
    ("expression", "anchor", "expected"),
    [
        (
            TimeExpression("on Monday", 5, 14, "weekday"),
            None,
            When(None, None, "unknown", "on Monday", "unknown", (5, 14)),
        ),
        (
            TimeExpression("February 30", 0, 11, "date"),
            WED,
            When(None, None, "unknown", "February 30", "unknown", (0, 11)),
        ),
        (
            TimeExpression("soon", 0, 4, "relative"),
            WED,
            When(None, None, "unknown", "soon", "unknown", (0, 4)),
        ),
        (
            TimeExpression("2024-03-03", 0, 10, "date"),
            None,
            When(D(2024, 3, 3), D(2024, 3, 3), "day", "2024-03-03", "explicit", (0, 10)),
        ),
        # a hand-made expression with the wrong kind still resolves
        (
            TimeExpression("yesterday", 0, 9, "date"),
            WED,
            When(D(2024, 3, 5), D(2024, 3, 5), "day", "yesterday", "relative", (0, 9)),
        ),
    ],
)
def test_resolve(expression: TimeExpression, anchor: dt.date | None, expected: When) -> None:
    assert resolve(expression, anchor=anchor) == expected


@pytest.mark.parametrize(
    ("when", "value"),
    [
        (When(D(2024, 3, 4), D(2024, 3, 4), "day", "Monday", "relative"), "2024-03-04"),
        (When(D(2024, 3, 4), D(2024, 3, 10), "week", "this week", "relative"), "2024-W10"),
        (When(D(2024, 3, 4), D(2024, 3, 5), "week", "earlier this week", "relative"), "2024-W10"),
        (When(D(2024, 3, 2), D(2024, 3, 3), "days", "the weekend", "relative"), "2024-W09-WE"),
        (When(D(2024, 3, 3), D(2024, 3, 6), "days", "four days", "relative"), "P4D"),
        (When(D(2024, 2, 22), D(2024, 3, 6), "week", "for two weeks", "relative"), "P2W"),
        (When(D(2024, 3, 1), D(2024, 3, 31), "month", "this month", "relative"), "2024-03"),
        (When(D(2024, 3, 1), D(2024, 5, 31), "season", "this spring", "relative"), "2024-SP"),
        (When(D(2023, 6, 1), D(2023, 8, 31), "season", "last summer", "relative"), "2023-SU"),
        (When(D(2023, 9, 1), D(2023, 11, 30), "season", "this fall", "relative"), "2023-FA"),
        (When(D(2023, 12, 1), D(2024, 2, 29), "season", "this winter", "relative"), "2024-WI"),
        (When(D(2022, 1, 1), D(2022, 12, 31), "year", "two years ago", "relative"), "2022"),
        (When(D(2024, 2, 29), D(2024, 3, 6), "week", "in the past week", "relative"), "P1W"),
        (When(D(2024, 3, 7), D(2024, 3, 31), "month", "later this month", "relative"), "2024-03"),
        (When(D(2023, 3, 7), D(2024, 3, 6), "month", "the last 12 months", "relative"), "P12M"),
        (When(D(2024, 1, 1), D(2024, 3, 5), "year", "earlier this year", "relative"), "2024"),
        (When(D(2022, 3, 7), D(2024, 3, 6), "year", "the past two years", "relative"), "P2Y"),
        (When(None, None, "unknown", "on Monday", "unknown"), None),
    ],
)
def test_timex_value(when: When, value: str | None) -> None:
    assert timex_value(when) == value


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
    ("phrase", "published", "tense"),
    [
        ("yesterday", D.min, "past"),
        ("last week", D.min, "past"),
        ("last year", D.min, "past"),
        ("three years ago", D(2, 6, 1), "past"),
        ("tomorrow", D.max, "future"),
        ("next year", D.max, "future"),
        ("next month", D(9999, 12, 15), "future"),
        ("in the past three days", D.min, "past"),
    ],
)
def test_a_day_off_the_calendar_is_unknown_not_an_error(
    phrase: str, published: dt.date, tense: Literal["past", "future"]
) -> None:
    # Years 1 and 9999 are the ends of the calendar a date can hold.
    found = find_time_expressions(f"The attack came {phrase}.")
    assert found, phrase
    when = resolve(found[0], anchor=published, tense=tense)
    assert (when.start, when.end, when.basis) == (None, None, "unknown")
    assert when.text == found[0].text
