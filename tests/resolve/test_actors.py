"""`sitrep.resolve.actors`, end to end: who the actors are, in context."""

from __future__ import annotations

from pathlib import Path

import pytest
from resolve_helpers import analyzed

from sitrep import Settings
from sitrep.model import Analysis


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
        # (the actor's words run on through the body: docs/coding.md)
        ("A member of the Syrian parliament started a hunger strike on Sunday.",
         "member of the Syrian parliament", ("member of the Syrian parliament", "LEG", "SYR")),
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
    assert _actor(analyzed(text), words) == expected


def test_every_actor_mention_is_kept_even_outside_events() -> None:
    analysis = analyzed("The Syrian Observatory for Human Rights said the report was accurate.")
    names = {a.name for a in analysis.actors}
    assert "Syrian Observatory for Human Rights" in names


def test_a_users_actors_file_is_used(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "- {id: valley-guards, name: Valley Guards, sector: REB, country: KEN,"
        " aliases: [the Guards]}\n",
        encoding="utf-8",
    )
    text = "The Guards attacked a police post near Garissa on Monday."
    analysis = analyzed(text, Settings(actors_file=str(mine)))
    assert _actor(analysis, "Guards") == ("Valley Guards", "REB", "KEN")
