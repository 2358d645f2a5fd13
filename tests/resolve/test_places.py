"""`sitrep.resolve.places`, end to end: where, with the whole document as context."""

from __future__ import annotations

import pytest
from resolve_helpers import analyzed

from sitrep import extract


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # The words right after a name say which namesake it is.
        ("Police in Alexandria, Louisiana arrested two men on Friday.", "Alexandria",
         ("Alexandria", "USA", "Louisiana")),
        ("Protesters marched in Alexandria on Friday.", "Alexandria", ("Alexandria", "EGY", "Alexandria")),
        # A city beats the province named after it.
        ("Shelling hit Hama on Monday, killing four.", "Hama", ("Ḩamāh", "SYR", "Hama")),
    ],
)  # fmt: skip
def test_places_in_context(text: str, words: str, expected: tuple[str, str, str]) -> None:
    analysis = analyzed(text)
    found = [p for p in analysis.places if p.text == words]
    assert found, [p.text for p in analysis.places]
    assert (found[0].name, found[0].country, found[0].admin1) == expected


def test_an_event_takes_the_place_its_document_resolved() -> None:
    analysis = analyzed("Police in Alexandria, Louisiana arrested two men on Friday.")
    placed = [e.location for e in analysis.events if e.location is not None]
    assert placed
    assert {(p.name, p.country) for p in placed} == {("Alexandria", "USA")}
    police = [a for e in analysis.events for a in e.actors if a.text == "Police"]
    assert police
    assert police[0].country == "USA"  # the place the sentence puts the police in


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("KABUL, March 4, 2024 (Reuters) - Gunmen attacked a bus.", "Kabul"),
        ("CLANDESTINE, 15 NOV 89 (RADIO VENCEREMOS) -- GUERRILLAS ATTACKED A BUS.", None),
    ],
)
def test_the_dateline_place_stands_in_only_if_it_is_a_place(text: str, place: str | None) -> None:
    events = extract(text)
    assert events
    assert (events[0].location.name if events[0].location else None) == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # text from an archive that keeps only lower case: recased before parsing, the
        # town is a place again
        ("russian forces shelled kharkiv on sunday, ukrainian officials said.", "Kharkiv"),
        ("president william ruto met raila odinga in mombasa on friday.", "Mombasa"),
    ],
)
def test_a_report_in_lower_case_keeps_its_places(text: str, place: str) -> None:
    (event,) = analyzed(text).events
    assert event.location is not None
    assert event.location.name == place
