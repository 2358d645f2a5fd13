"""TempEval-3 (TimeBank + AQUAINT, TimeML): finding and normalising time expressions.

Only `sitrep.resolve.time_expressions` is measured (no parser, so this is fast): the plain text of
each document's TEXT element is rebuilt from the XML with the gold TIMEX3
offsets, `find_time_expressions` runs over it, and every expression is resolved
against the document creation time (DCT) and written as a TIMEX3 value.

* `extraction` (the main figure): gold DATE timexes against sitrep's date-like
  expressions (every kind but `duration`), matched one to one by character
  overlap. A prediction that overlaps a gold timex of another type (DURATION,
  TIME, SET) or a skipped one is neither right nor wrong: a type disagreement,
  not a false alarm.
* `extraction_duration`: gold DURATION against sitrep's `duration` expressions;
  `extraction_any`: gold DATE + DURATION against every expression.
* `value`: over the gold DATEs found, whether sitrep's value equals the gold
  value; `value_all`: the same over all gold DATEs, a miss counting wrong.

Gold DATEs valued PRESENT_REF / PAST_REF / FUTURE_REF ("now", "recently") are
left out of every figure and counted in `extra["skipped_ref"]`: sitrep never
gives such values by design.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.config import Settings
from sitrep.evaluation.core import Report, Tally
from sitrep.resolve.time_expressions import (
    TimeExpression,
    find_time_expressions,
    resolve,
    timex_value,
)

#: TimeML reference values that have no calendar value; sitrep never produces them.
REF_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})

#: sitrep expression kind -> the TIMEX3 type it corresponds to. A fact about the
#: two vocabularies: sitrep's durations ("for two weeks") are TimeML DURATIONs;
#: every other kind (date, weekday, relative, season, year, month) names a DATE.
KIND_TO_TYPE: dict[str, str] = {
    "date": "DATE",
    "weekday": "DATE",
    "relative": "DATE",
    "season": "DATE",
    "year": "DATE",
    "month": "DATE",
    "duration": "DURATION",
}

_CONTEXT = 90  # characters each side of an expression shown in the error table


@dataclass(frozen=True)
class Timex:
    """One gold TIMEX3 in the plain text: [start, end), type and value."""

    tid: str
    type: str
    value: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class TimeDoc:
    """One TimeML document: its plain text, creation day and gold timexes."""

    name: str
    text: str
    dct: dt.date | None
    timexes: tuple[Timex, ...]


# ---------------------------------------------------------------- reading gold


def _walk(element: ET.Element, parts: list[str], found: list[Timex], at: int) -> int:
    """Append the text under `element` to `parts`, noting TIMEX3 spans; return the new offset."""
    if element.text:
        parts.append(element.text)
        at += len(element.text)
    for child in element:
        start = at
        at = _walk(child, parts, found, at)
        if child.tag == "TIMEX3":
            words = "".join(child.itertext())
            found.append(
                Timex(
                    tid=child.get("tid", ""),
                    type=child.get("type", ""),
                    value=child.get("value", ""),
                    text=words,
                    start=start,
                    end=at,
                )
            )
        if child.tail:
            parts.append(child.tail)
            at += len(child.tail)
    return at


def _dct(root: ET.Element) -> dt.date | None:
    """The creation day: the DCT's TIMEX3 value, its time of day dropped."""
    timex = root.find("DCT/TIMEX3")
    value = timex.get("value", "") if timex is not None else ""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_document(path: Path) -> TimeDoc:
    """Plain text of the TEXT element with the gold timexes at their offsets in it."""
    root = ET.parse(path).getroot()
    body = root.find("TEXT")
    parts: list[str] = []
    found: list[Timex] = []
    if body is not None:
        _walk(body, parts, found, 0)
    return TimeDoc(path.stem, "".join(parts), _dct(root), tuple(found))


def read_corpus(folder: Path, limit: int | None = None) -> list[TimeDoc]:
    """The first `limit` .tml files under `folder`, in sorted path order, each name once.

    The release repeats one TimeBank file in `testpipeline/`; a name seen before
    is skipped so that no document counts twice.
    """
    seen: set[str] = set()
    paths: list[Path] = []
    for path in sorted(folder.rglob("*.tml")):
        if path.name not in seen:
            seen.add(path.name)
            paths.append(path)
    return [read_document(p) for p in paths[:limit]]


# ---------------------------------------------------------------- comparing


def normalise_gold(value: str) -> str:
    """A gold DATE value in the form sitrep can write.

    Three differences are only spelling: a time of day on a DATE ("1998-01-08TNI",
    "...T12:00") which sitrep never gives (its finest unit is the day); trailing
    unknown parts ("1968-XX", "1998-10-XX"), which AQUAINT writes where TimeBank
    writes the coarser unit ("1968", "1998-10"); and a one-digit ISO week
    ("1998-W9") that TimeBank sometimes writes.
    """
    day = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T.*", value)
    if day:
        return day[1]
    unknown = re.fullmatch(r"(\d{4}(?:-\d{2})?)(?:-XX)+", value)
    if unknown:
        return unknown[1]
    week = re.fullmatch(r"(\d{4})-W(\d)(-WE)?", value)
    if week:
        return f"{week[1]}-W0{week[2]}{week[3] or ''}"
    return value


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters shared by two [start, end) spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(
    gold: Sequence[Timex], predicted: Sequence[TimeExpression]
) -> list[tuple[Timex, TimeExpression | None]]:
    """Pair each gold timex with the unused prediction that overlaps it most (or None)."""
    unused = list(predicted)
    pairs: list[tuple[Timex, TimeExpression | None]] = []
    for timex in gold:
        span = (timex.start, timex.end)
        best = max(unused, key=lambda p: _overlap((p.start, p.end), span), default=None)
        if best is not None and _overlap((best.start, best.end), span) > 0:
            unused.remove(best)
            pairs.append((timex, best))
        else:
            pairs.append((timex, None))
    return pairs


def _tally(
    tally: Tally,
    gold: Sequence[Timex],
    predicted: Sequence[TimeExpression],
    every_gold: Sequence[Timex],
) -> list[TimeExpression]:
    """Fill `tally`; return the false alarms (predictions overlapping no gold timex at all)."""
    pairs = match(gold, predicted)
    hits = sum(p is not None for _, p in pairs)
    used = {id(p) for _, p in pairs if p is not None}
    alarms = [
        p
        for p in predicted
        if id(p) not in used
        and not any(_overlap((p.start, p.end), (t.start, t.end)) for t in every_gold)
    ]
    tally.add(tp=hits, fn=len(pairs) - hits, fp=len(alarms))
    return alarms


def _around(text: str, start: int, end: int) -> str:
    """The words around [start, end) with the expression in brackets."""
    left = text[max(0, start - _CONTEXT) : start]
    right = text[end : end + _CONTEXT]
    return f"{left}[{text[start:end]}]{right}"


def compare(report: Report, doc: TimeDoc, predicted: Sequence[TimeExpression]) -> None:
    """Score one document: extraction tallies, value accuracies, errors."""
    kept = [t for t in doc.timexes if t.value not in REF_VALUES]
    report.extra["skipped_ref"] = report.extra.get("skipped_ref", 0.0) + (
        len(doc.timexes) - len(kept)
    )
    dates = [t for t in kept if t.type == "DATE"]
    like_date = [p for p in predicted if KIND_TO_TYPE.get(p.kind) == "DATE"]
    like_duration = [p for p in predicted if KIND_TO_TYPE.get(p.kind) == "DURATION"]
    durations = [t for t in kept if t.type == "DURATION"]
    item = f"{doc.name} (dct {doc.dct})"
    for alarm in _tally(report.tally("extraction"), dates, like_date, doc.timexes):
        report.error(
            "extraction.fp", item, "no timex", alarm.text, _around(doc.text, alarm.start, alarm.end)
        )
    _tally(report.tally("extraction_duration"), durations, like_duration, doc.timexes)
    _tally(report.tally("extraction_any"), dates + durations, predicted, doc.timexes)
    for timex, found in match(dates, like_date):
        _compare_value(report, item, doc, timex, found)


def _compare_value(
    report: Report, item: str, doc: TimeDoc, timex: Timex, found: TimeExpression | None
) -> None:
    """Value accuracy of one gold DATE, its miss or wrong value kept as an error."""
    context = _around(doc.text, timex.start, timex.end)
    if found is None:
        report.accuracy("value_all").add(False)
        report.error("extraction.fn", item, f"{timex.text} = {timex.value}", "none", context)
        return
    got = timex_value(resolve(found, anchor=doc.dct))
    ok = got == normalise_gold(timex.value)
    report.accuracy("value").add(ok)
    report.accuracy("value_all").add(ok)
    if not ok:
        expected = f"{timex.text} = {timex.value}"
        report.error("value", item, expected, f"{found.text} = {got}", context)


# ---------------------------------------------------------------- scoring


def score(folder: Path, *, limit: int | None, settings: Settings) -> Report:
    """Score `sitrep.resolve.time_expressions` on the first `limit` TempEval-3 training
    documents (path order)."""
    del settings  # no pipeline: only the date functions are measured
    docs = read_corpus(folder / "Training", limit)
    report = Report("tempeval3", items=len(docs))
    report.extra["skipped_ref"] = 0.0
    for doc in docs:
        compare(report, doc, find_time_expressions(doc.text))
    report.extra["gold_timexes"] = float(sum(len(d.timexes) for d in docs))
    report.notes += [
        "text: the TEXT element rebuilt from the XML; anchor: the DCT's day; tense: past",
        "extraction = gold DATE vs sitrep non-duration expressions, by character overlap, one "
        "to one; a prediction overlapping a gold timex of another type is not a false alarm",
        "PRESENT_REF/PAST_REF/FUTURE_REF gold values are skipped (see skipped_ref)",
        "value: gold time of day on a DATE dropped (sitrep stops at the day); trailing -XX "
        "dropped (1968-XX = 1968); W9 read as W09",
    ]
    return report
