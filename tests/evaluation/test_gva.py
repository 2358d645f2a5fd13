"""The GVA scorer: reading incidents and articles, reducing events, comparing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from conftest import make_analysis, make_event
from sitrep.evaluation.core import Report
from sitrep.evaluation.gva import (
    Article,
    Guess,
    Incident,
    city_key,
    city_names,
    compare,
    guess,
    lead_event,
    read_articles,
    read_incidents,
)
from sitrep.model import Count, Place, When

INCIDENT = {
    "incident_uri": "7",
    "date": "March 2, 2024",
    "state": "Ohio",
    "city_or_county": "Springfield",
    "num_killed": 1,
    "num_injured": 2,
    "participants": [
        {"Status": " Killed", "Type": " Victim"},
        {"Status": " Injured, Arrested", "Type": " Subject-Suspect"},
        {"Status": " Unharmed, Arrested", "Type": " Subject-Suspect"},
        {"Status": " Injured", "Type": " Victim"},
        {"Type": " Victim"},
    ],
}
ARTICLE = {
    "doc_id": "abc123",
    "incident_uri": "7",
    "title": "Man shot dead",
    "dct": "2024-03-03",
    "uri": "http://example.org/a",
    "content": "A man was shot dead in Springfield on Saturday.",
}


def _write(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _incident(**overrides: object) -> Incident:
    fields: dict[str, object] = {
        "uri": "7",
        "date": dt.date(2024, 3, 2),
        "city": "Springfield",
        "state": "Ohio",
        "killed": 1,
        "injured": 2,
        "arrested": 0,
    }
    fields.update(overrides)
    return Incident(**fields)  # type: ignore[arg-type]


ARTICLE_RECORD = Article("abc123", "7", "Man shot dead", dt.date(2024, 3, 3), "text")


def _count(kind: str, value: int, start: int = 0) -> tuple[str, Count]:
    return kind, Count(value, "exact", str(value), start, start + 1)


def test_reader_counts_arrests_from_participant_status(tmp_path: Path) -> None:
    incident = read_incidents(_write(tmp_path / "i.jsonl", [INCIDENT]))["7"]
    assert (incident.killed, incident.injured, incident.arrested) == (1, 2, 2)


def test_reader_parses_the_incident_date(tmp_path: Path) -> None:
    incident = read_incidents(_write(tmp_path / "i.jsonl", [INCIDENT]))["7"]
    assert incident.date == dt.date(2024, 3, 2)


def test_reader_uses_the_article_dct_and_keeps_file_order(tmp_path: Path) -> None:
    rows = [ARTICLE, {**ARTICLE, "doc_id": "second", "dct": ""}]
    articles = read_articles(_write(tmp_path / "a.jsonl", rows))
    assert [a.doc_id for a in articles] == ["abc123", "second"]
    assert [a.published for a in articles] == [dt.date(2024, 3, 3), None]


def test_reader_limit_takes_the_first_articles(tmp_path: Path) -> None:
    rows = [ARTICLE, {**ARTICLE, "doc_id": "second"}]
    assert [a.doc_id for a in read_articles(_write(tmp_path / "a.jsonl", rows), 1)] == ["abc123"]


@pytest.mark.parametrize(
    ("gold", "predicted", "ok"),
    [
        ("Springfield", "Springfield", True),
        ("Chicago (Englewood)", "Englewood", True),
        ("Chicago (Englewood)", "Chicago", True),
        ("Pontotoc (county)", "Pontotoc County", True),
        ("Saint Louis", "St. Louis", True),
        ("Springfield", "Ohio", False),
    ],
)
def test_city_names_accept_variants(gold: str, predicted: str, ok: bool) -> None:
    assert (city_key(predicted) in city_names(gold)) is ok


def test_guess_takes_the_first_count_of_occurred_events() -> None:
    events = [
        make_event(id="e3", status="planned", counts=(_count("killed", 9, 0),)),
        make_event(id="e1", counts=(_count("killed", 1, 10), _count("wounded", 2, 12))),
        make_event(id="e2", counts=(_count("killed", 47, 50),)),  # a later background figure
    ]
    found = guess(make_analysis(events))
    assert found.counts == {"killed": 1, "injured": 2, "arrested": None}


def test_lead_event_has_most_casualties() -> None:
    small = make_event(id="small", counts=(_count("killed", 1),))
    big = make_event(id="big", counts=(_count("killed", 1), _count("wounded", 4)))
    lead = lead_event([small, big])
    assert lead is not None
    assert lead.id == "big"


def test_lead_event_falls_back_to_the_first_assault() -> None:
    other = make_event(id="protest", type="PROTEST", counts=())
    shooting = make_event(id="shot", counts=())
    lead = lead_event([other, shooting])
    assert lead is not None
    assert lead.id == "shot"


def test_guess_reads_date_and_city_of_the_lead_event() -> None:
    day = dt.date(2024, 3, 2)
    event = make_event(
        date=When(day, day, "day", "Saturday", "relative"),
        location=Place("Springfield", "Springfield", 0, 11, precision="city"),
    )
    found = guess(make_analysis([event]))
    assert (found.date, found.city) == ((day, day), "Springfield")


def _guess(**overrides: object) -> Guess:
    fields: dict[str, object] = {
        "counts": {"killed": 1, "injured": 2, "arrested": None},
        "count_sentences": {"killed": "", "injured": "", "arrested": ""},
        "date": (dt.date(2024, 3, 2), dt.date(2024, 3, 2)),
        "city": "Springfield",
        "lead_sentence": "A man was shot dead.",
    }
    fields.update(overrides)
    return Guess(**fields)  # type: ignore[arg-type]


def test_compare_all_right_when_nothing_found_and_gold_zero() -> None:
    report = Report("gva")
    compare(report, ARTICLE_RECORD, _incident(), _guess())
    assert report.metrics()["arrested.exact.acc"] == 1.0
    assert not report.errors


def test_compare_counts_off_by_one_within1_only() -> None:
    report = Report("gva")
    compare(
        report,
        ARTICLE_RECORD,
        _incident(),
        _guess(counts={"killed": 2, "injured": 2, "arrested": None}),
    )
    metrics = report.metrics()
    assert (metrics["killed.exact.acc"], metrics["killed.within1.acc"]) == (0.0, 1.0)
    assert [e.field for e in report.errors] == ["killed"]


def test_compare_date_range_is_right_but_not_the_day() -> None:
    report = Report("gva")
    week = (dt.date(2024, 2, 26), dt.date(2024, 3, 3))
    compare(report, ARTICLE_RECORD, _incident(), _guess(date=week))
    metrics = report.metrics()
    assert (metrics["date.acc"], metrics["date.day.acc"]) == (1.0, 0.0)


def test_compare_wrong_city_keeps_the_sentence() -> None:
    report = Report("gva")
    compare(report, ARTICLE_RECORD, _incident(), _guess(city="Dayton"))
    (error,) = report.errors
    assert (error.field, error.expected, error.got, error.text) == (
        "city",
        "Springfield",
        "Dayton",
        "A man was shot dead.",
    )


def test_compare_wrong_date_says_its_basis() -> None:
    report = Report("gva")
    day = (dt.date(2024, 3, 3), dt.date(2024, 3, 3))
    compare(report, ARTICLE_RECORD, _incident(), _guess(date=day, date_basis="publication"))
    (error,) = report.errors
    assert error.got == "2024-03-03/2024-03-03 (publication)"
