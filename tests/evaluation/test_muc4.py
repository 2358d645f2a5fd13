"""The MUC-4 scorer: gold reading, the event-to-incident mapping and the comparer.

Tiny hand-written templates in the MUC slot format; no gold data, no spaCy.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from conftest import make_analysis, make_event
from sitrep.evaluation import muc4
from sitrep.evaluation.core import Report, Tally
from sitrep.model import Actor, Count, Event, Place, Source, Span, When

TEXT = "   LIMA, 5 MAR 90 (RADIO X) -- [TEXT] REBELS BOMBED A BRIDGE IN PUNO, KILLING TWO GUARDS."


def _template(**slots: list[str]) -> dict[str, list[str]]:
    """A gold template with plausible defaults, `slots` replacing some."""
    base = {
        "MESSAGE: TEMPLATE": ["1"],
        "INCIDENT: DATE": ["04 MAR 90"],
        "INCIDENT: LOCATION": ["PERU: PUNO (CITY)"],
        "INCIDENT: TYPE": ["BOMBING"],
        "INCIDENT: STAGE OF EXECUTION": ["ACCOMPLISHED"],
        "PERP: INDIVIDUAL ID": ['"REBELS"'],
        "PERP: ORGANIZATION ID": ["-"],
        "PHYS TGT: ID": ['"BRIDGE"'],
        "HUM TGT: NAME": ["-"],
        "HUM TGT: DESCRIPTION": ['"GUARDS"'],
        "HUM TGT: NUMBER": ['2: "GUARDS"'],
        "HUM TGT: EFFECT OF INCIDENT": ['DEATH: "GUARDS"'],
        "HUM TGT: TOTAL NUMBER": [";;; annotator comment"],
    }
    return base | slots


def _gold(**slots: list[str]) -> muc4.GoldTemplate:
    return muc4.parse_template(_template(**slots))


def _actor(text: str) -> Actor:
    return Actor(name=text.title(), text=text, start=0, end=len(text))


def _event(**overrides: object) -> Event:
    """An ASSAULT/explosives event in Puno on 4 March 1990 with two killed."""
    base = {
        "mode": "explosives",
        "actors": (_actor("REBELS"),),
        "targets": (_actor("A BRIDGE"), _actor("TWO GUARDS")),
        "location": Place(name="Puno", text="PUNO", start=0, end=4, precision="city"),
        "date": When(dt.date(1990, 3, 4), dt.date(1990, 3, 4), "day", "YESTERDAY", "relative"),
        "counts": (("killed", Count(2, "exact", "TWO GUARDS", 0, 10)),),
        "trigger": Span(0, 6, "BOMBED"),
        "source": Source(doc_id="doc-1", published=dt.date(1990, 3, 5)),  # the report's day
    }
    return make_event(**(base | overrides))


# ---------------------------------------------------------------- reading


def test_read_gold_orders_splits_and_limits(tmp_path: Path) -> None:
    parsed = tmp_path / "parsed"
    parsed.mkdir()
    for split in ("tst2", "dev", "tst1"):
        line = {"doc_id": f"{split}-1", "text": TEXT, "templates": []}
        (parsed / f"{split}.jsonl").write_text(json.dumps(line) + "\n")
    docs = muc4.read_gold(tmp_path)
    assert [d.doc_id for d in docs] == ["dev-1", "tst1-1", "tst2-1"]
    assert [d.doc_id for d in muc4.read_gold(tmp_path, limit=2)] == ["dev-1", "tst1-1"]
    assert docs[0].published == dt.date(1990, 3, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("   SAN SALVADOR, 3 JAN 90 -- [REPORT] X", dt.date(1990, 1, 3)),
        ("   PERTH (AUSTRALIA), JUNE 11 89 (AFP) -- [TEXT] X", dt.date(1989, 6, 11)),
        ("   TEGUCIGALPA, 7 FEB (REUTER) -- [TEXT] ON 3 MAR 90 X", None),
        ("   SAN SALVADOR, NO DATE -- [SPEECH] X", None),
    ],
)
def test_dateline_date(text: str, expected: dt.date | None) -> None:
    assert muc4.dateline_date(text) == expected


def test_template_slots() -> None:
    gold = _gold(
        **{
            "MESSAGE: TEMPLATE": ["2 (OPTIONAL)"],
            "INCIDENT: TYPE": ["BOMBING / ATTACK"],
            "PERP: ORGANIZATION ID": ['"SHINING PATH" / "SL"'],
            "HUM TGT: NAME": ['"JUAN PEREZ"'],
            "HUM TGT: DESCRIPTION": ['"MAYOR": "JUAN PEREZ"', '"GUARDS"'],
        }
    )
    assert gold.optional
    assert gold.types == ("BOMBING", "ATTACK")
    assert gold.perpetrators == (("REBELS",), ("SHINING PATH", "SL"))
    # The mayor is Juan Perez: one target with two alternatives, not two targets.
    assert gold.targets == (("JUAN PEREZ", "MAYOR"), ("GUARDS",), ("BRIDGE",))


@pytest.mark.parametrize(
    ("filler", "expected"),
    [
        ("30 DEC 89", [(dt.date(1989, 12, 30), dt.date(1989, 12, 30))]),
        ("- 08 JAN 90", [(dt.date.min, dt.date(1990, 1, 8))]),
        ("26 DEC 89 - 30 DEC 89", [(dt.date(1989, 12, 26), dt.date(1989, 12, 30))]),
        (
            "(- 29 MAR 89) / 30 MAR 89",
            [(dt.date.min, dt.date(1989, 3, 29)), (dt.date(1989, 3, 30), dt.date(1989, 3, 30))],
        ),
    ],
)
def test_gold_dates(filler: str, expected: list[tuple[dt.date, dt.date]]) -> None:
    assert muc4.parse_gold_dates(filler) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6", (6, 6)),
        ("6-8", (6, 8)),
        ("6-", (6, math.inf)),
        ("- 15", (1, 15)),
        ("~100", (80, 120)),
        ("PLURAL", (2, math.inf)),
        ("? 1 / PLURAL", (1, math.inf)),
    ],
)
def test_parse_number(value: str, expected: tuple[float, float]) -> None:
    assert muc4.parse_number(value) == expected


def test_casualties_join_numbers_to_effects() -> None:
    gold = _gold(
        **{
            "HUM TGT: DESCRIPTION": ['"GUARDS"', '"PEASANTS"', '"DRIVER"'],
            "HUM TGT: NUMBER": ['2: "GUARDS"', '3: "PEASANTS"', '1: "DRIVER"'],
            "HUM TGT: EFFECT OF INCIDENT": [
                'DEATH: "GUARDS"',
                '? DEATH: "PEASANTS"',
                'INJURY: "DRIVER"',
            ],
        }
    )
    assert gold.killed == (5, 5)
    assert gold.wounded == (1, 1)
    calm = _gold(**{"HUM TGT: EFFECT OF INCIDENT": ['NO INJURY OR DEATH: "-"']})
    assert calm.killed == (0, 0)
    assert calm.wounded == (0, 0)
    assert _gold(**{"HUM TGT: EFFECT OF INCIDENT": ["-"]}).killed is None


# ---------------------------------------------------------------- mapping


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"mode": "explosives"}, ("BOMBING", "ACCOMPLISHED")),
        ({"mode": "abduct"}, ("KIDNAPPING", "ACCOMPLISHED")),
        (
            {"mode": None, "counts": (("abducted", Count(3, "exact", "3", 0, 1)),)},
            ("KIDNAPPING", "ACCOMPLISHED"),
        ),
        ({"mode": "firearms", "status": "threatened"}, ("ATTACK", "THREATENED")),
        ({"mode": "destroy", "trigger": Span(0, 6, "BURNED")}, ("ARSON", "ACCOMPLISHED")),
        ({"mode": "destroy", "trigger": Span(0, 9, "DESTROYED")}, ("ATTACK", "ACCOMPLISHED")),
        ({"type": "THREATEN", "mode": "violence"}, ("ATTACK", "THREATENED")),
        ({"type": "COERCE", "mode": "seize"}, None),
        ({"mode": "firearms", "status": "negated"}, None),
    ],
)
def test_muc_type(overrides: dict[str, object], expected: tuple[str, str] | None) -> None:
    assert muc4.muc_type(_event(**overrides)) == expected


def test_incidents_merge_per_type_or_place() -> None:
    lima = Place(name="Lima", text="LIMA", start=0, end=4)
    events = [_event(), _event(location=lima), _event(mode="firearms"), _event(type="PROTEST")]
    assert sorted(i.type for i in muc4.incidents_of(events)) == ["ATTACK", "BOMBING"]
    assert len(muc4.incidents_of(events, by_place=True)) == 3


def _casualty(start: int, word: str = "WOUNDED") -> Event:
    """A casualty mention: an ASSAULT with no means and no doer, at `start`."""
    return _event(mode=None, actors=(), trigger=Span(start, start + len(word), word))


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        # "Two bombs exploded at the bank. A minor was wounded.": one BOMBING
        ([_event(), _casualty(50)], ["BOMBING"]),
        # told before the bombing it belongs to
        ([_casualty(0), _event(trigger=Span(50, 56, "BOMBED"))], ["BOMBING"]),
        # the nearest incident before it wins over one after it
        (
            [_event(mode="abduct"), _casualty(50), _event(trigger=Span(90, 96, "BOMBED"))],
            ["BOMBING", "KIDNAPPING"],
        ),
        # casualty mentions alone are an ATTACK
        ([_casualty(0), _casualty(40, "KILLED")], ["ATTACK"]),
        # a killing with a doer is an incident of its own
        ([_event(), _event(mode=None, trigger=Span(50, 56, "KILLED"))], ["ATTACK", "BOMBING"]),
    ],
)
def test_casualty_mentions_join_the_incident_told_nearest(
    events: list[Event], expected: list[str]
) -> None:
    assert sorted(i.type for i in muc4.incidents_of(events)) == expected


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        (
            Place(name="Panama", text="PANAMA", start=0, end=6, country="PAN", precision="country"),
            True,
        ),
        (
            Place(name="Peru", text="PERU", start=0, end=4, country="PER", precision="country"),
            False,
        ),
        # a town's name is too often a namesake abroad to rule an incident out on it
        (
            Place(
                name="San Jose", text="SAN JOSE", start=0, end=8, country="USA", precision="city"
            ),
            False,
        ),
    ],
)
def test_out_of_scope_outside_the_nine_countries(place: Place, expected: bool) -> None:
    assert muc4.out_of_scope(_event(location=place)) is expected


# ---------------------------------------------------------------- matching and comparing


def test_match_incidents_is_one_to_one_and_spares_optional() -> None:
    bombing = muc4.incidents_of([_event()])
    required = _gold()
    second = _gold(**{"MESSAGE: TEMPLATE": ["2"]})
    optional = _gold(**{"MESSAGE: TEMPLATE": ["3 (OPTIONAL)"]})
    pairs, extra, missed = muc4.match_incidents(bombing, [optional, required, second])
    assert [t.number for _, t in pairs] == ["1"]
    assert not extra
    assert [t.number for t in missed] == ["2"]
    pairs, extra, missed = muc4.match_incidents(bombing, [optional])
    assert len(pairs) == 1
    assert not missed


@pytest.mark.parametrize(
    ("place", "location", "expected"),
    [
        ("Puno", "PERU: PUNO (CITY)", True),
        (
            "San Luis de la Reina",
            "EL SALVADOR: SAN MIGUEL (DEPARTMENT): SAN LUIS DE LA REINA (TOWN)",
            True,
        ),
        ("San Miguel", "EL SALVADOR: SAN SALVADOR (CITY)", False),
        ("Peru", "PERU", True),
        (None, "PERU", False),
    ],
)
def test_place_in(place: str | None, location: str, expected: bool) -> None:
    assert muc4.place_in(place, location) is expected


def _doc(*templates: dict[str, list[str]]) -> muc4.GoldDocument:
    return muc4.parse_document({"doc_id": "D1", "text": TEXT, "templates": list(templates)})


def test_compare_document_scores_all_slots() -> None:
    report = Report("muc4")
    cases: dict[str, Tally] = {}
    muc4.compare_document(report, _doc(_template()), [_event(), _event()], cases)
    assert vars(report.tally("incident")) == {"tp": 1, "fp": 0, "fn": 0}
    assert vars(report.tally("perpetrator")) == {"tp": 1, "fp": 0, "fn": 0}
    assert vars(report.tally("target")) == {"tp": 2, "fp": 0, "fn": 0}
    for slot in ("location", "date", "killed"):
        assert vars(report.tally(slot)) == {"tp": 1, "fp": 0, "fn": 0}, slot
    assert report.tally("wounded").tp + report.tally("wounded").fp == 0
    assert report.accuracy("stage").value == 1.0
    assert cases["upper"].tp == 1
    assert not report.errors


def test_compare_document_errors_carry_expected_and_got() -> None:
    report = Report("muc4")
    wrong = _event(
        location=Place(name="Lima", text="LIMA", start=0, end=4),
        date=When(dt.date(1990, 2, 1), dt.date(1990, 2, 1), "day", "1 FEB", "explicit"),
        counts=(("killed", Count(9, "exact", "NINE", 0, 4)),),
    )
    muc4.compare_document(report, _doc(_template()), [wrong, _event(mode="abduct")], {})
    assert vars(report.tally("location")) == {"tp": 0, "fp": 1, "fn": 1}
    assert vars(report.tally("date")) == {"tp": 0, "fp": 1, "fn": 1}
    assert vars(report.tally("killed")) == {"tp": 0, "fp": 1, "fn": 1}
    assert vars(report.tally("incident")) == {"tp": 1, "fp": 1, "fn": 0}
    by_field = {e.field: e for e in report.errors}
    assert by_field["location"].expected == "PERU: PUNO (CITY)"
    assert by_field["location"].got == "Lima"
    assert by_field["incident"].got.startswith("KIDNAPPING")


def test_summarise_false_alarms_and_slot_mean() -> None:
    report = Report("muc4")
    empty = _doc()
    analysis = make_analysis(events=[_event()])
    muc4.compare_document(report, empty, analysis.events, {})
    muc4.summarise(report, [empty], [analysis], {})
    assert report.extra["false_alarm.rate"] == 1.0
    assert report.extra["slot_mean.f1"] == 0.0
    assert report.extra["docs.upper_case"] == 1.0


def test_zero_casualties_only_count_against_a_given_count() -> None:
    calm = _template(**{"HUM TGT: EFFECT OF INCIDENT": ['NO INJURY OR DEATH: "-"']})
    report = Report("muc4")
    muc4.compare_document(report, _doc(calm), [_event(counts=())], {})
    assert vars(report.tally("killed")) == {"tp": 0, "fp": 0, "fn": 0}
    report = Report("muc4")
    muc4.compare_document(report, _doc(calm), [_event()], {})
    assert vars(report.tally("killed")) == {"tp": 0, "fp": 1, "fn": 1}


def test_alternatives_without_words_are_dropped() -> None:
    gold = _gold(**{"PERP: INDIVIDUAL ID": ['"\\\\" / "ARMED MEN"']})
    assert gold.perpetrators == (("ARMED MEN",),)


@pytest.mark.parametrize(
    ("days_before", "basis", "in_scope"),
    [
        (10, "relative", True),
        (90, "explicit", False),  # "the bombing of 3 October" in a January report
        (90, "context", True),  # a carried date is too weak to exclude
    ],
)
def test_old_incidents_are_out_of_scope(days_before: int, basis: str, in_scope: bool) -> None:
    published = dt.date(1990, 1, 10)
    day = published - dt.timedelta(days=days_before)
    event = _event(
        date=When(day, day, "day", "3 OCTOBER", basis),  # type: ignore[arg-type]
        source=Source(doc_id="d", published=published),
    )
    assert (muc4.muc_type(event) is not None) is in_scope


@pytest.mark.parametrize(
    ("actor", "organisation_slot", "tally"),
    [
        # people of a resolved organisation answer both perpetrator slots
        (
            Actor("Shining Path", "MAOIST SHINING PATH GUERRILLAS", 0, 30, id="shining-path"),
            '"SHINING PATH"',
            {"tp": 2, "fp": 0, "fn": 0},
        ),
        # an alias of the organisation is one answer, whatever the gold has
        (Actor("Shining Path", "SENDERO", 0, 7, id="shining-path"), "-", {"tp": 1, "fp": 0, "fn": 0}),
        # words with no organisation behind them answer the individual slot only
        (Actor("Guerrillas", "SHINING PATH GUERRILLAS", 0, 23), '"SHINING PATH"',
         {"tp": 1, "fp": 0, "fn": 1}),
    ],
)  # fmt: skip
def test_people_of_an_organisation_answer_both_perpetrator_slots(
    actor: Actor, organisation_slot: str, tally: dict[str, int]
) -> None:
    report = Report("muc4")
    gold = _template(
        **{
            "PERP: INDIVIDUAL ID": ['"SHINING PATH GUERRILLAS" / "SENDERO"'],
            "PERP: ORGANIZATION ID": [organisation_slot],
        }
    )
    muc4.compare_document(report, _doc(gold), [_event(actors=(actor,))], {})
    assert vars(report.tally("perpetrator")) == tally
