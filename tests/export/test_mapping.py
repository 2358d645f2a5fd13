"""The packaged PLOVER -> ACLED and UCDP tables: complete, in the target vocabularies,
checked at load, decided as documented in docs/export.md."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from conftest import make_event
from sitrep.errors import ConfigError
from sitrep.export.mapping import _rule, side_kind, table
from sitrep.model import Actor
from sitrep.ontology import MODES, SECTORS

ROOT = Path(__file__).resolve().parents[2]

#: ACLED's event types and their sub-event types (ACLED codebook).
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb",
        "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    },
}  # fmt: skip
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
KINDS = ("state", "nonstate", "civilian", "unknown")
SECTOR_OF = {"state": "MIL", "nonstate": "REB", "civilian": "CVL", "unknown": None}


def side(kind: str) -> tuple[Actor, ...]:
    sector = SECTOR_OF[kind]
    return () if sector is None else (Actor("side", "side", 0, 4, sector, None),)


@pytest.mark.parametrize("name", ["acled", "ucdp"])
def test_every_type_mode_and_pair_of_sides_meets_a_row(name: str) -> None:
    mapping = table(name)
    for kind, modes in MODES.items():
        for mode, actors, targets in itertools.product(modes, KINDS, KINDS):
            rule = mapping.rule_for(kind, mode, side(actors), side(targets))
            assert rule.why or rule.category, f"{name} row {rule.line} gives no reason"


def test_acled_categories_are_acleds_own() -> None:
    for rule in table("acled").rules:
        if not rule.category:
            assert rule.why, f"acled.csv row {rule.line}: no category and no reason"
            continue
        values = dict(rule.category)
        assert values["sub_event_type"] in ACLED[values["event_type"]], rule
        assert values["disorder_type"] == DISORDER[values["event_type"]], rule


def test_ucdp_types_of_violence_are_1_2_or_3() -> None:
    for rule in table("ucdp").rules:
        assert dict(rule.category).get("type_of_violence", "") in {"", "1", "2", "3"}


@pytest.mark.parametrize(
    ("kind", "mode", "actors", "targets", "expected"),
    [
        ("ASSAULT", "aerial", "state", "civilian", "Air/drone strike"),
        ("ASSAULT", "firearms", "nonstate", "state", "Armed clash"),
        ("ASSAULT", None, "unknown", "state", "Armed clash"),  # unidentified gunmen
        ("ASSAULT", "firearms", "state", "civilian", "Attack"),
        ("ASSAULT", "abduct", "nonstate", "civilian", "Abduction/forced disappearance"),
        ("ASSAULT", "abduct", "nonstate", "state", None),  # captured in fighting
        ("ASSAULT", None, "state", "unknown", None),  # whom? battle or attack on civilians
        ("PROTEST", "riot", "civilian", "unknown", "Violent demonstration"),
        ("PROTEST", "demo", "civilian", "state", "Peaceful protest"),
        ("PROTEST", "boycott", "civilian", "unknown", None),
        ("COERCE", "seize", "nonstate", "unknown", "Non-state actor overtakes territory"),
        ("COERCE", "seize", "state", "nonstate", "Government regains territory"),
        ("COERCE", "arrest", "state", "civilian", "Arrests"),
        ("COERCE", "censor", "state", "civilian", None),
        ("AGREE", "ceasefire", "state", "state", "Agreement"),
        ("AGREE", "sign", "state", "nonstate", "Agreement"),
        ("AGREE", "sign", "state", "state", None),  # diplomacy
        ("RETREAT", "release", "nonstate", "civilian", "Agreement"),
        ("RETREAT", "withdraw", "state", "unknown", "Non-violent transfer of territory"),
        ("THREATEN", "violence", "nonstate", "state", None),
        ("MOBILIZE", "troops", "state", "unknown", "Other"),
    ],
)
def test_acled_decisions(
    kind: str, mode: str | None, actors: str, targets: str, expected: str | None
) -> None:
    rule = table("acled").rule_for(kind, mode, side(actors), side(targets))
    assert dict(rule.category).get("sub_event_type") == expected


@pytest.mark.parametrize(
    ("actors", "targets", "expected"),
    [
        ("state", "nonstate", "1"),
        ("nonstate", "state", "1"),
        ("state", "state", "1"),
        ("nonstate", "nonstate", "2"),
        ("state", "civilian", "3"),
        ("nonstate", "civilian", "3"),
        ("civilian", "civilian", None),  # a mob: not organised armed force
        ("unknown", "state", None),
    ],
)
def test_ucdp_types_of_violence(actors: str, targets: str, expected: str | None) -> None:
    rule = table("ucdp").rule_for("ASSAULT", "firearms", side(actors), side(targets))
    assert dict(rule.category).get("type_of_violence") == expected


def test_only_assault_is_ucdp_violence() -> None:
    for kind in MODES:
        rule = table("ucdp").rule_for(kind, None, side("state"), side("nonstate"))
        assert bool(rule.category) == (kind == "ASSAULT")


@pytest.mark.parametrize(
    ("sectors", "kind"),
    [
        (("MIL",), "state"),
        (("CVL", "REB"), "nonstate"),
        (("REB", "COP"), "state"),  # the most armed kind of the side
        (("MED",), "civilian"),
        (("IGO", "UNK"), "unknown"),
        ((), "unknown"),
    ],
)
def test_the_kind_of_a_side(sectors: tuple[str, ...], kind: str) -> None:
    actors = [Actor("a", "a", 0, 1, sector) for sector in sectors]
    assert side_kind(actors) == kind


def test_every_sector_has_a_kind() -> None:
    for sector in SECTORS:
        assert side_kind([Actor("a", "a", 0, 1, sector)]) in KINDS


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"type": "ATTACK", "mode": "*"}, "acled.csv row 9: unknown type 'ATTACK'"),
        ({"type": "ASSAULT", "mode": "drone"}, "acled.csv row 9: 'drone' is no mode of ASSAULT"),
        ({"actors": "rebels"}, "acled.csv row 9: actors 'rebels'; choose from"),
    ],
)
def test_a_bad_row_fails_naming_the_file_and_row(row: dict[str, str], message: str) -> None:
    good = {"type": "ASSAULT", "mode": "*", "actors": "*", "targets": "*",
            "event_type": "Battles", "why": ""}  # fmt: skip
    with pytest.raises(ConfigError, match=message):
        _rule("acled.csv", 9, good | row, ("event_type",))


@pytest.mark.parametrize("name", ["acled", "ucdp"])
def test_docs_print_each_table_as_packaged(name: str) -> None:
    docs = (ROOT / "docs" / "export.md").read_text(encoding="utf-8")
    assert table(name).markdown() in docs, f"docs/export.md: reprint the {name} table"


def test_an_event_meets_its_row_by_its_own_sides() -> None:
    event = make_event(type="ASSAULT", mode="aerial")
    rule = table("acled").rule_for(event.type, event.mode, event.actors, event.targets)
    assert dict(rule.category)["event_type"] == "Explosions/Remote violence"
