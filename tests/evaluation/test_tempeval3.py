"""The TempEval-3 scorer: rebuilding TimeML text, matching, normalising values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitrep.evaluation.core import Report
from sitrep.evaluation.tempeval3 import (
    TimeDoc,
    Timex,
    compare,
    match,
    normalise_gold,
    read_corpus,
    read_document,
)
from sitrep.resolve.time_expressions import TimeExpression, find_time_expressions

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TOY1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-06" functionInDocument="CREATION_TIME">20240306</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1" class="OCCURRENCE">attacked</EVENT> the town <TIMEX3 tid="t1" type="DATE" value="2024-03-04">on Monday</TIMEX3> and <TIMEX3 tid="t2" type="DATE" value="PRESENT_REF">now</TIMEX3> hold it, after fighting <TIMEX3 tid="t3" type="DURATION" value="P2W">for two weeks</TIMEX3>.
</TEXT>
</TimeML>
"""


def _doc(tmp_path: Path) -> TimeDoc:
    path = tmp_path / "TOY1.tml"
    path.write_text(TML, encoding="utf-8")
    return read_document(path)


def test_reader_rebuilds_text_and_offsets(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    assert [doc.text[t.start : t.end] for t in doc.timexes] == [
        "on Monday",
        "now",
        "for two weeks",
    ]
    assert "<EVENT" not in doc.text
    assert "attacked the town" in doc.text


def test_reader_takes_the_dct_day(tmp_path: Path) -> None:
    assert _doc(tmp_path).dct == dt.date(2024, 3, 6)


def test_corpus_reads_each_file_name_once(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "TOY1.tml").write_text(TML, encoding="utf-8")
    assert len(read_corpus(tmp_path)) == 1


@pytest.mark.parametrize(
    ("gold", "expected"),
    [
        ("1998-01-08TNI", "1998-01-08"),
        ("1998-01-08T12:00", "1998-01-08"),
        ("1968-XX", "1968"),
        ("1998-10-XX", "1998-10"),
        ("1998-W9", "1998-W09"),
        ("1998-W9-WE", "1998-W09-WE"),
        ("1998-Q1", "1998-Q1"),
    ],
)
def test_normalise_gold_only_spelling(gold: str, expected: str) -> None:
    assert normalise_gold(gold) == expected


def test_match_pairs_by_overlap_one_to_one() -> None:
    gold = [Timex("t1", "DATE", "2024", "this year", 10, 19)]
    guesses = [TimeExpression("in this year", 7, 19, "relative")]
    assert match(gold, guesses) == [(gold[0], guesses[0])]
    assert match(gold, [TimeExpression("today", 30, 35, "relative")]) == [(gold[0], None)]


def test_compare_on_toy_document(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    report = Report("tempeval3")
    compare(report, doc, find_time_expressions(doc.text))
    metrics = report.metrics()
    assert (metrics["extraction.p"], metrics["extraction.r"]) == (1.0, 1.0)
    assert metrics["value.acc"] == 1.0
    assert metrics["extraction_duration.r"] == 1.0
    assert report.extra["skipped_ref"] == 1


def test_compare_keeps_wrong_value_with_context() -> None:
    text = "They met on Monday."
    doc = TimeDoc(
        "X", text, dt.date(2024, 3, 6), (Timex("t1", "DATE", "2024-02-26", "Monday", 12, 18),)
    )
    report = Report("tempeval3")
    compare(report, doc, find_time_expressions(text))
    (error,) = report.errors
    assert (error.field, error.expected, error.got) == (
        "value",
        "Monday = 2024-02-26",
        "on Monday = 2024-03-04",
    )
    assert "[on Monday]" not in error.text
    assert "[Monday]" in error.text


def test_compare_counts_a_miss_in_value_all_only() -> None:
    text = "It began in 1990 and ended."
    doc = TimeDoc("X", text, dt.date(2024, 3, 6), (Timex("t1", "DATE", "1990", "1990", 12, 16),))
    report = Report("tempeval3")
    compare(report, doc, [])
    assert report.accuracies["value_all"].total == 1
    assert "value" not in report.accuracies
    assert report.errors[0].field == "extraction.fn"
