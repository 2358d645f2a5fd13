"""Property: every offset in every event slices the document text to the words it names.

Documents are built at random from report-like sentences (with datelines,
headlines, quotes and repeats mixed in), run through the whole pipeline, and
each span of each event is checked against the text as read.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep import analyze
from sitrep.model import Analysis

SENTENCES = [
    "Troops fought Taliban militants in Kandahar over the weekend, officials said.",
    "At least six fighters were killed by an air strike on Sunday.",
    "Police arrested 14 men at a checkpoint near Mosul on Monday.",
    "Kenyan and Somali troops attacked an al-Shabaab camp outside Kismayo.",
    "At least 35 militants were killed, 80 wounded and 120 taken prisoner in four days of clashes.",
    "Teachers had planned a march for Friday, but it was called off.",
    "Release the prisoners by Friday or he may end the truce, the commander said.",
    "Reuters quoted the governor as saying that gunmen abducted 12 traders.",
    "The ministry rejects the accusations. [Comment: it has done so before.]",
    "Protesters rallied in Baghdad to demand jobs, and police fired tear gas.",
]
PARTS = st.sampled_from(
    [*SENTENCES, "KABUL, March 4, 2024 (Reuters) -", "Share this:", "\n\n", "By Jane Doe\n\n"]
)


def spans(event: Any) -> list[tuple[int, int, str]]:
    """Every (start, end, words) the event claims."""
    found = [
        (event.evidence.start, event.evidence.end, event.evidence.text),
        (event.trigger.start, event.trigger.end, event.trigger.text),
    ]
    found += [(a.start, a.end, a.text) for a in (*event.actors, *event.targets)]
    found += [(c.start, c.end, c.text) for _, c in event.counts]
    if event.location is not None:
        found.append((event.location.start, event.location.end, event.location.text))
    if event.date is not None and event.date.span is not None and event.date.text:
        found.append((*event.date.span, event.date.text))
    return found


@settings(max_examples=25, deadline=None)
@given(st.lists(PARTS, min_size=1, max_size=8))
def test_every_span_slices_the_text(parts: list[str]) -> None:
    text = " ".join(parts)
    result = analyze(text, published="2024-03-06")
    if not isinstance(result, Analysis):
        return  # an all-furniture text is rejected, with a reason (tested elsewhere)
    for event in result.events:
        for start, end, words in spans(event):
            assert 0 <= start <= end <= len(text)
            assert text[start:end] == words, (start, end, words)
