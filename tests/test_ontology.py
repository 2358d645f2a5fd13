"""The PLOVER vocabulary as data: every mode has a CAMEO code or an honest None."""

from __future__ import annotations

import pytest

from sitrep.ontology import EVENT_TYPES, MODES, cameo_code, is_mode


def test_sixteen_types_each_with_modes() -> None:
    assert len(EVENT_TYPES) == 16
    assert set(MODES) == set(EVENT_TYPES)


@pytest.mark.parametrize(
    ("event_type", "mode", "code"),
    [
        ("ASSAULT", "aerial", "195"),
        ("ASSAULT", "abduct", "181"),
        ("ASSAULT", None, "190"),
        ("COERCE", "arrest", "173"),
        ("PROTEST", "demo", "141"),
        ("RETREAT", "resign", None),
        ("ASSAULT", "not-a-mode", None),
    ],
)
def test_cameo_codes(event_type: str, mode: str | None, code: str | None) -> None:
    assert cameo_code(event_type, mode) == code


def test_cameo_codes_are_numeric_strings() -> None:
    for modes in MODES.values():
        for code in modes.values():
            assert code is None or code.isdigit()


@pytest.mark.parametrize(
    ("event_type", "mode", "expected"),
    [("ASSAULT", "aerial", True), ("PROTEST", "aerial", False), ("AGREE", None, True)],
)
def test_is_mode(event_type: str, mode: str | None, expected: bool) -> None:
    assert is_mode(event_type, mode) is expected
