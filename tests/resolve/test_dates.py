"""`sitrep.resolve.dates`, end to end: when, with the story a report tells as context."""

from __future__ import annotations

import pytest
from resolve_helpers import analyzed


@pytest.mark.parametrize(
    ("text", "trigger", "date_words", "basis"),
    [
        # An undated lead takes the date the report gives its story further down.
        (
            "A man was killed in a shooting in Elm Park.\n\n"
            "The shooting happened about 11 p.m. Saturday, police said.",
            "killed",
            "Saturday",
            "context",
        ),
        # A later paragraph goes on with the story told before it.
        (
            "Troops raided three villages on Tuesday.\n\n"
            "Two officers were wounded in the raids. A bombing last week killed three.",
            "wounded",
            "on Tuesday",
            "context",
        ),
        # A statement is dated when it was made: no story date for it.
        (
            "Troops raided three villages on Tuesday.\n\nThe ministry called for calm.",
            "called",
            None,
            "publication",
        ),
    ],
)
def test_an_undated_event_takes_the_date_of_its_story(
    text: str, trigger: str, date_words: str | None, basis: str
) -> None:
    (event,) = [e for e in analyzed(text).events if e.trigger.text.startswith(trigger)]
    assert event.date is not None
    assert event.date.basis == basis
    assert event.date.text == date_words
    if event.date.span is not None:
        assert text[slice(*event.date.span)] == date_words
