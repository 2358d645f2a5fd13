"""Actor and place resolution through the whole pipeline: who and where, in context."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep import Settings, analyze
from sitrep.model import Analysis


def _analysis(text: str, settings: Settings | None = None) -> Analysis:
    result = analyze(text, published="2024-03-06", settings=settings)
    assert isinstance(result, Analysis)
    return result


def _actor(analysis: Analysis, words: str) -> tuple[str, str | None, str | None]:
    found = [a for a in analysis.actors if a.text == words]
    assert found, [a.text for a in analysis.actors]
    return found[0].name, found[0].sector, found[0].country


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        # A place the phrase puts its actor in, or names, gives the country.
        ("Rebels in the Ivory Coast dismissed an appeal from the president on Wednesday.",
         "Rebels", ("Rebels", "REB", "CIV")),
        ("Darfur rebels attacked a convoy on Monday.", "Darfur rebels", ("Darfur rebels", "REB", "SDN")),
        # Civilians are of the country their sentence is in.
        ("Hundreds of students protested in Jakarta on Monday.", "students", ("students", "CVL", "IDN")),
        # The body a member belongs to says who the member is.
        ("A member of the Syrian parliament started a hunger strike on Sunday.", "member",
         ("member", "LEG", "SYR")),
        # Named actors and people from the dictionary.
        ("Taliban fighters attacked a checkpoint in Kandahar on Sunday.", "Taliban fighters",
         ("Taliban", "REB", "AFG")),
        ("Vladimir Putin met the Chinese president in Moscow on Monday.", "Vladimir Putin",
         ("Vladimir Putin", "GOV", "RUS")),
    ],
)  # fmt: skip
def test_actors_in_context(
    text: str, words: str, expected: tuple[str, str | None, str | None]
) -> None:
    assert _actor(_analysis(text), words) == expected


def test_every_actor_mention_is_kept_even_outside_events() -> None:
    analysis = _analysis("The Syrian Observatory for Human Rights said the report was accurate.")
    names = {a.name for a in analysis.actors}
    assert "Syrian Observatory for Human Rights" in names


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
    analysis = _analysis(text)
    found = [p for p in analysis.places if p.text == words]
    assert found, [p.text for p in analysis.places]
    assert (found[0].name, found[0].country, found[0].admin1) == expected


def test_an_event_takes_the_place_its_document_resolved() -> None:
    analysis = _analysis("Police in Alexandria, Louisiana arrested two men on Friday.")
    placed = [e.location for e in analysis.events if e.location is not None]
    assert placed
    assert {(p.name, p.country) for p in placed} == {("Alexandria", "USA")}
    police = [a for e in analysis.events for a in e.actors if a.text == "Police"]
    assert police
    assert police[0].country == "USA"  # the place the sentence puts the police in


def test_a_users_actors_file_is_used(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- {id: valley-guards, name: Valley Guards, sector: REB, country: KEN,"
        " aliases: [the Guards]}\n",
        encoding="utf-8",
    )
    text = "The Guards attacked a police post near Garissa on Monday."
    analysis = _analysis(text, Settings(actors_file=str(mine)))
    assert _actor(analysis, "Guards") == ("Valley Guards", "REB", "KEN")


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
    (event,) = [e for e in _analysis(text).events if e.trigger.text.startswith(trigger)]
    assert event.date is not None
    assert event.date.basis == basis
    assert event.date.text == date_words
    if event.date.span is not None:
        assert text[slice(*event.date.span)] == date_words
