"""`sitrep.coding.attribution`: according to whom an event is reported."""

from __future__ import annotations

import pytest
from coding_helpers import code


@pytest.mark.parametrize(
    ("text", "kind", "speaker", "via"),
    [
        ("Rebels attacked the town, his aides said.", "quoted", "his aides", None),
        ("Officials said rebels attacked the town.", "quoted", "Officials", None),
        ("According to the governor, rebels attacked the town.", "quoted", "governor", None),
        ("Reuters reported that rebels attacked the town.", "reported", None, "Reuters"),
        (
            "Reuters quoted the governor as saying that rebels attacked the town.",
            "reported",
            "governor",
            "Reuters",
        ),
        ("Rebels attacked the town.", "author", None, None),
    ],
)
def test_attribution(text: str, kind: str, speaker: str | None, via: str | None) -> None:
    event = next(e for e in code(text) if e.type == "ASSAULT")
    assert (event.attribution.kind, event.attribution.speaker, event.attribution.via) == (
        kind,
        speaker,
        via,
    )
