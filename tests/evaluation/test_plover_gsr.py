"""The PLOVER gold-standard scorer: reader, tables and comparer on hand-made fixtures."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import TEXT, make_event
from sitrep.evaluation import core, plover_gsr
from sitrep.model import Actor, Event, Span
from sitrep.ontology import EVENT_TYPES, MODES, SECTORS

# A tiny file in the gold's own loose format: no brackets, trailing commas, a
# DOCUMENT record, "" for an empty target, a bare-string textInfo.
GOLD = """{
    "id": "X-DOCUMENT-0001",
    "event": "DOCUMENT",
    "eventText": "about this file",
},
{
    "id": "X-FIGHT-0001",
    "date": "2000-01-01",
    "source": [{"actorText": "Taliban fighters", "code": "AFG", "sector": "REBMOS"},],
    "target": [{"actorText": "police checkpoint", "code": "AFG", "sector": "COP"}],
    "event": "FIGHT",
    "mode": "firearms",
    "eventText": "attacked",
    "eventLoc": {"name": "Kandahar"},
    "dead": "12",
    "size": "Thousands",
    "text": "Taliban fighters attacked a police checkpoint in Kandahar.",
    "textInfo": {"markup": "(SRC: Taliban fighters) (EVT: attacked) a (TAR: police checkpoint)"},
},
{
    "id": "X-AGREE-0001",
    "date": "2001-02-03",
    "source": [{"actorText": "Japan", "code": "JAP"}, {"actorText": "UN", "code": "IGO", "sector": "GOV"}],
    "target": "",
    "event": "AGREE",
    "mode": "",
    "eventText": "agreed",
    "text": "Japan and the UN agreed.",
    "textInfo": "(SRC/TAR: Japan) and the (SRC/TAR: UN) (EVT: agreed).",
},
"""


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / plover_gsr.GOLD_FILE).write_text(GOLD, encoding="utf-8")
    return tmp_path


def test_reader_skips_documents_and_maps_vocabulary(gold_dir: Path) -> None:
    fight, agree = plover_gsr.read_gold(gold_dir)
    assert (fight.type, fight.plover_type, fight.mode) == ("ASSAULT", "FIGHT", "firearms")
    assert fight.sources == (plover_gsr.GoldActor("Taliban fighters", "AFG", "REB"),)
    assert fight.place == "Kandahar"
    assert fight.counts == (("killed", 12),)  # size has no sitrep count
    assert fight.published is None  # the placeholder date
    assert not fight.reciprocal
    assert agree.reciprocal
    assert agree.targets == ()
    assert agree.mode is None
    assert agree.sources == (
        plover_gsr.GoldActor("Japan", "JPN", None),  # JAP is not ISO-3
        plover_gsr.GoldActor("UN", None, "IGO"),  # the code names the sector
    )
    assert agree.published == dt.date(2001, 2, 3)


def test_reader_limit(gold_dir: Path) -> None:
    assert [r.id for r in plover_gsr.read_gold(gold_dir, limit=1)] == ["X-FIGHT-0001"]


def test_tables_speak_sitrep_vocabulary() -> None:
    assert set(plover_gsr.TYPE_MAP.values()) <= set(EVENT_TYPES)
    assert set(plover_gsr.SECTOR_MAP.values()) <= set(SECTORS)
    for (kind, _), mode in plover_gsr.MODE_MAP.items():
        assert mode in MODES[kind], (kind, mode)
    assert plover_gsr.TYPE_MAP["DISAPPROVE"] == plover_gsr.TYPE_MAP["INVESTIGATE"] == "ACCUSE"


def test_destroy_is_an_assault_for_sitrep() -> None:
    record = plover_gsr.gold_record(
        {"id": "c", "event": "COERCE", "mode": "destroy", "eventText": "x", "text": "x"}
    )
    assert (record.type, record.mode) == ("ASSAULT", "destroy")


def _spanned(event: Event, trigger: str, confidence: float) -> Event:
    start = TEXT.index(trigger)
    return dataclasses.replace(
        event, trigger=Span(start, start + len(trigger), trigger), confidence=confidence
    )


def test_choose_event_prefers_trigger_overlap_then_confidence() -> None:
    attack = _spanned(make_event(), "attacked", 0.5)
    killing = _spanned(make_event(type="COERCE"), "killing", 0.9)
    assert plover_gsr.choose_event([killing, attack], "attacked", TEXT) is attack
    assert plover_gsr.choose_event([attack, killing], "stormed", TEXT) is killing
    assert plover_gsr.choose_event([], "attacked", TEXT) is None


def test_compare_scores_type_roles_codes_place_and_counts(gold_dir: Path) -> None:
    fight = plover_gsr.read_gold(gold_dir)[0]
    report = core.Report("plover_gsr")
    got = plover_gsr.compare(report, fight, [make_event(mode="firearms")])
    assert got == "ASSAULT"
    assert report.accuracy("type").value == 1.0
    assert report.accuracy("mode").value == 1.0
    assert (report.tally("source_actor").tp, report.tally("target_actor").tp) == (1, 1)
    assert report.accuracy("source_country").value == 1.0
    assert report.accuracy("source_sector").value == 1.0
    assert report.accuracy("target_sector").value == 1.0
    assert report.accuracy("location").value == 1.0
    assert report.accuracy("killed").value == 1.0  # the value is compared, not the qualifier
    assert report.errors == []


def test_no_event_is_wrong_and_counts_every_gold_actor(gold_dir: Path) -> None:
    fight = plover_gsr.read_gold(gold_dir)[0]
    report = core.Report("plover_gsr")
    assert plover_gsr.compare(report, fight, []) == plover_gsr.NONE
    assert report.accuracy("type").value == 0.0
    assert report.tally("source_actor").fn == 1
    assert report.tally("target_actor").fn == 1
    assert "mode" not in report.accuracies  # mode is scored only when the type is right
    assert report.errors[0].got == plover_gsr.NONE


def test_reciprocal_gold_uses_actors_and_targets(gold_dir: Path) -> None:
    agree = plover_gsr.read_gold(gold_dir)[1]
    japan = Actor("Japan", "Japan", 0, 5, sector="GOV", country="JPN")
    un = Actor("United Nations", "the UN", 10, 16, sector="IGO", country=None)
    event = make_event(type="AGREE", actors=(japan,), targets=(un,))
    report = core.Report("plover_gsr")
    plover_gsr.compare(report, agree, [event])
    assert report.tally("source_actor").tp == 2
    assert "target_actor" not in report.tallies
    assert report.accuracy("source_country").total == 1  # the IGO has no country
    assert report.accuracy("source_sector").value == 1.0


def test_finish_adds_macro_f1_no_event_and_confusion() -> None:
    report = core.Report("plover_gsr")
    pairs = [("ASSAULT", "ASSAULT"), ("ASSAULT", "NONE"), ("ASSAULT", "NONE"), ("AGREE", "SUPPORT")]
    plover_gsr.finish(report, pairs)
    assert report.extra["no_event"] == 0.5
    assert 0 < report.extra["type.macro_f1"] < 1
    confusion = [n for n in report.notes if n.startswith("confusion")]
    assert confusion == [
        "confusion ASSAULT (3) -> NONE 2, ASSAULT 1",
        "confusion AGREE (1) -> SUPPORT 1",
    ]


def test_aerial_answers_for_heavy_weapons(gold_dir: Path) -> None:
    fight = dataclasses.replace(plover_gsr.read_gold(gold_dir)[0], mode="heavy-weapons")
    report = core.Report("plover_gsr")
    plover_gsr.compare(report, fight, [make_event(mode="aerial")])
    plover_gsr.compare(report, fight, [make_event(mode="firearms")])
    assert (report.accuracy("mode").correct, report.accuracy("mode").total) == (1, 2)
