"""Time expressions in a sentence, resolved against the publication date.

News reports rarely give full dates. They say "on Monday", "last week" or
"two years ago", and leave the reader to count back from the day the report
appeared. This module does that counting, openly:

* `find_time_expressions` finds the words (regular expressions, case-insensitive).
  Where matches overlap, the longest wins ("earlier this week" over "this week",
  "March 3, 2024" over "in March"). Times of day ("10 a.m."), ages
  ("25-year-old") and bare numbers are never dates: every pattern needs a month,
  weekday, season or calendar word, and a hyphen next to a match rejects it.
  The word "may" written in lower case is taken as the verb, not the month.
* `resolve` turns one expression into a `model.When` against an anchor day
  (normally the publication date). Dates that carry their own year are basis
  `explicit`; anything computed from the anchor, including a year-less
  "March 3", is basis `relative`. Without an anchor such expressions stay
  unknown: no date is ever invented.
* `event_date` picks the expression nearest to an event's trigger word (on a
  tie the one after the trigger, as in "attacked ... on Monday") and resolves
  it; with no expression it falls back to the context date (re-labelled basis
  `context`; a context with no dates or that is itself only the publication day
  does not count), then to the publication day (basis `publication`, said
  openly), then to unknown.
* `timex_value` writes a resolved `When` as a TIMEX3-style value for evaluation.

Choices a newcomer should know:

* Weekdays. Past tense: "on Monday" (or bare "Monday") is the most recent Monday
  on or before the anchor, so a report published on a Monday about "Monday"
  means that same day, as wire stories write it. "last Monday" is strictly
  before the anchor. Future tense: the next such day on or after the anchor;
  "next Monday" is strictly after it. "this Monday" is the Monday of the
  anchor's own Monday-Sunday week, whatever the tense.
* A year-less "March 3" takes the anchor's year, moved back a year if a past
  event would then fall after the anchor (forward a year for a future one
  that would fall before it). "in March" works the same way for whole months.
  "last August" is the latest August before the anchor's month, "next March" the
  first March after it, "this March" the anchor year's.
* Weeks are Monday-Sunday (precision `week`), months whole months, years whole
  years. "earlier this week/month/year" runs from the start of that period to
  the day before the anchor (the anchor itself when the period starts there).
* Seasons are northern-hemisphere meteorological seasons: spring Mar-May,
  summer Jun-Aug, autumn/fall Sep-Nov, winter Dec-Feb. A winter is named by the
  year of its January ("winter 2024" is December 2023 - February 2024).
* Weekends (Saturday-Sunday) and spans such as "over the past three days" have
  precision `days`. Durations ("during four days of clashes", "for two weeks",
  "in the past week") are ranges that end at the anchor; "for two weeks" in
  future tense starts at the anchor instead.
* "N days ago" is that day; "N weeks ago" the Monday-Sunday week holding the day
  7N days back; "N months/years ago" that whole month/year.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sitrep.model import DateBasis, DatePrecision, When

Tense = Literal["past", "future"]


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One time expression found in text; `start`/`end` are document offsets."""

    text: str
    start: int
    end: int
    kind: str  # date, weekday, relative, duration, season, year, month


# start, end (inclusive), precision, basis; None from a resolver means "cannot tell".
_Range = tuple[dt.date, dt.date, DatePrecision, DateBasis]
_Resolver = Callable[[re.Match[str], dt.date | None, Tense], "_Range | None"]

DAY = dt.timedelta(days=1)

# ---------------------------------------------------------------- vocabulary

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?!\w)"
    # A full stop belongs to an abbreviation ("Mar.", "Sept."), not to "March." ending a sentence.
    r"(?:(?<=sept)\.|(?<![a-z]{4})(?<!may)\.)?"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?P<wd>" + "|".join(_WEEKDAYS) + r")"
_DAY_NO = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_NUMBER = r"(?P<n>\d{1,3}|an?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_SEASON_CODE = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}
_THIS = r"(?P<mod>(?:earlier|later)\s+this|last|this|next)"


def _norm(words: str | None) -> str:
    """Lower case with single spaces, for comparing modifiers."""
    return " ".join((words or "").lower().split())


def _number(word: str) -> int:
    """A count written as digits, a number word, or "a"/"an" (one)."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    return _NUMBER_WORDS.index(word) + 1


def _month_number(word: str) -> int:
    return ("jan feb mar apr may jun jul aug sep oct nov dec".split()).index(word[:3].lower()) + 1


# ---------------------------------------------------------------- calendar arithmetic


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _monday(day: dt.date) -> dt.date:
    return day - day.weekday() * DAY


def _week_of(day: dt.date) -> _Range:
    monday = _monday(day)
    return monday, monday + 6 * DAY, "week", "relative"


def _month_range(year: int, month: int, basis: DateBasis = "relative") -> _Range:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), "month", basis


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _year_range(year: int, basis: DateBasis = "relative") -> _Range:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year", basis


def _on_or_before(anchor: dt.date, weekday: int, *, strict: bool) -> dt.date:
    back = (anchor.weekday() - weekday) % 7
    return anchor - (back or (7 if strict else 0)) * DAY


def _on_or_after(anchor: dt.date, weekday: int, *, strict: bool) -> dt.date:
    ahead = (weekday - anchor.weekday()) % 7
    return anchor + (ahead or (7 if strict else 0)) * DAY


def _so_far(first: dt.date, anchor: dt.date) -> dt.date:
    """End of an "earlier this ..." range: the day before the anchor, never before `first`."""
    return max(first, anchor - DAY)


# ---------------------------------------------------------------- resolvers


def _iso(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    day = _safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
    return None if day is None else (day, day, "day", "explicit")


def _infer_year(anchor: dt.date, month: int, day: int, tense: Tense) -> int:
    """The anchor's year, moved so a past event is not after it (a future one not before)."""
    if tense == "past" and (month, day) > (anchor.month, anchor.day):
        return anchor.year - 1
    if tense == "future" and (month, day) < (anchor.month, anchor.day):
        return anchor.year + 1
    return anchor.year


def _month_day(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    month = _month_number(m["month"])
    first = int(m["day"])
    last = int(m.groupdict().get("day2") or first)
    basis: DateBasis = "explicit"
    if m["year"]:
        year = int(m["year"])
    elif anchor is None:
        return None
    else:
        year, basis = _infer_year(anchor, month, first, tense), "relative"
    start, end = _safe_date(year, month, first), _safe_date(year, month, last)
    if start is None or end is None or end < start:
        return None
    return start, end, ("day" if start == end else "days"), basis


def _named_month(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    month = _month_number(m["month"])
    if m["year"]:
        return _month_range(int(m["year"]), month, "explicit")
    if anchor is None:
        return None
    year = anchor.year
    if tense == "past" and month > anchor.month:
        year -= 1
    elif tense == "future" and month < anchor.month:
        year += 1
    return _month_range(year, month)


def _modified_month(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    """ "last August": the latest August before the anchor's month; "next March": the
    first March after it; "this March": the anchor year's March."""
    if anchor is None:
        return None
    month = _month_number(m["month"])
    mod = _norm(m["mod"])
    if mod == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif mod == "this":
        year = anchor.year
    else:
        year = anchor.year if month < anchor.month else anchor.year - 1
    return _month_range(year, month)


def _in_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    return _year_range(int(m["year"]), "explicit")


def _weekday(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    target = _WEEKDAYS.index(m["wd"].lower())
    mod = _norm(m["mod"])
    if mod in ("last", "past", "this past"):
        day = _on_or_before(anchor, target, strict=True)
    elif mod == "next":
        day = _on_or_after(anchor, target, strict=True)
    elif mod == "this":
        day = _monday(anchor) + target * DAY
    elif tense == "future":
        day = _on_or_after(anchor, target, strict=False)
    else:
        day = _on_or_before(anchor, target, strict=False)
    return day, day, "day", "relative"


def _relative_day(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    words = _norm(m[0])
    if words == "overnight":  # the night that ends on the anchor day
        return anchor - DAY, anchor, "days", "relative"
    if "day before yesterday" in words:
        day = anchor - 2 * DAY
    elif words.startswith("yesterday") or words == "last night":
        day = anchor - DAY
    elif words.startswith("tomorrow"):
        day = anchor + DAY
    else:  # today, tonight, this morning, earlier today ...
        day = anchor
    return day, day, "day", "relative"


def _weekend(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    words = _norm(m[0])
    saturday = 5
    if words.startswith("last"):  # the weekend before the anchor's Monday-Sunday week
        start = _monday(anchor) - 2 * DAY
    elif words.startswith("next"):
        start = _monday(anchor) + 12 * DAY
    elif tense == "past" or "past" in words:  # the most recent weekend that has begun
        start = _on_or_before(anchor, saturday, strict=False)
    elif anchor.weekday() == 6:  # future, on a Sunday: the weekend still under way
        start = anchor - DAY
    else:
        start = _on_or_after(anchor, saturday, strict=False)
    return start, start + DAY, "days", "relative"


def _calendar_week(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    mod, monday = _norm(m["mod"]), _monday(anchor)
    sunday = monday + 6 * DAY
    if mod == "earlier this":
        return monday, _so_far(monday, anchor), "week", "relative"
    if mod == "later this":
        return min(anchor + DAY, sunday), sunday, "week", "relative"
    shift = {"last": -7, "this": 0, "next": 7}[mod]
    return _week_of(monday + shift * DAY)


def _calendar_month(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    mod = _norm(m["mod"])
    start, end, precision, basis = _month_range(anchor.year, anchor.month)
    if mod == "earlier this":
        return start, _so_far(start, anchor), precision, basis
    if mod == "later this":
        return min(anchor + DAY, end), end, precision, basis
    shift = {"last": -1, "this": 0, "next": 1}[mod]
    return _month_range(*_shift_month(anchor.year, anchor.month, shift))


def _calendar_year(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    mod = _norm(m["mod"])
    start, end, precision, basis = _year_range(anchor.year)
    if mod == "earlier this":
        return start, _so_far(start, anchor), precision, basis
    if mod == "later this":
        return min(anchor + DAY, end), end, precision, basis
    return _year_range(anchor.year + {"last": -1, "this": 0, "next": 1}[mod])


def _ago(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    n, unit = _number(m["n"]), m["unit"].lower()
    if unit == "day":
        day = anchor - n * DAY
        return day, day, "day", "relative"
    if unit == "week":
        return _week_of(anchor - 7 * n * DAY)
    if unit == "month":
        return _month_range(*_shift_month(anchor.year, anchor.month, -n))
    return _year_range(anchor.year - n)


def _season_range(season: str, label_year: int) -> tuple[dt.date, dt.date]:
    """The season named by `label_year` (a winter by the year of its January)."""
    first = _SEASON_START[season.lower()]
    year = label_year - 1 if first == 12 else label_year
    last_year, last_month = _shift_month(year, first, 2)
    return dt.date(year, first, 1), _month_range(last_year, last_month)[1]


def _explicit_season(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    start, end = _season_range(m["season"], int(m["year"]))
    return start, end, "season", "explicit"


def _relative_season(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    mod = _norm(m["mod"])
    years = range(anchor.year - 2, anchor.year + 3)
    seasons = [_season_range(m["season"], year) for year in years]  # in calendar order
    if mod in ("last", "past"):
        start, end = [s for s in seasons if s[1] < anchor][-1]
    elif mod == "next":
        start, end = next(s for s in seasons if s[0] > anchor)
    elif tense == "past":  # this/in: the current one, else the most recent
        start, end = [s for s in seasons if s[0] <= anchor][-1]
    else:  # future: the current one, else the coming one
        start, end = next(s for s in seasons if s[1] >= anchor)
    return start, end, "season", "relative"


_UNIT_PRECISION: dict[str, DatePrecision] = {
    "hour": "days",
    "day": "days",
    "week": "week",
    "month": "month",
    "year": "year",
}


def _span_length(anchor: dt.date, n: int, unit: str) -> int:
    """How many calendar days `n` units cover, counting the anchor day."""
    if unit == "hour":
        return math.ceil(n / 24) + 1  # "the past 24 hours" touches yesterday and today
    if unit in ("day", "week"):
        return n * (7 if unit == "week" else 1)
    months = n * (12 if unit == "year" else 1)
    year, month = _shift_month(anchor.year, anchor.month, -months)
    day = min(anchor.day, calendar.monthrange(year, month)[1])
    return (anchor - dt.date(year, month, day)).days


def _duration(m: re.Match[str], anchor: dt.date | None, tense: Tense) -> _Range | None:
    if anchor is None:
        return None
    n = _number(m["n"]) if m["n"] else 1
    unit = m["unit"].lower()
    length = max(1, _span_length(anchor, n, unit))  # "for 0 days" is still the one day
    # Only "for N weeks" can look ahead; "the past N days" always ends at the anchor.
    if tense == "future" and _norm(m[0]).startswith("for"):
        return anchor, anchor + (length - 1) * DAY, _UNIT_PRECISION[unit], "relative"
    return anchor - (length - 1) * DAY, anchor, _UNIT_PRECISION[unit], "relative"


# ---------------------------------------------------------------- the rules


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: str
    body: re.Pattern[str]  # the words alone, for resolve()
    search: re.Pattern[str]  # the words with guards around them, for finding
    resolver: _Resolver


def _rule(kind: str, body: str, resolver: _Resolver, after: str = "") -> _Rule:
    # The guards keep "25-year-old" and "2019-20" out and stop matches inside words.
    search = r"(?<![\w-])(?:" + body + r")(?![\w-])" + after
    return _Rule(kind, re.compile(body, re.IGNORECASE), re.compile(search, re.IGNORECASE), resolver)


_WEEKDAY_PREFIX = r"(?:" + _WEEKDAY + r",?\s+)?"
_UNIT = r"(?P<unit>hour|day|week|month|year)s?"

_RULES: tuple[_Rule, ...] = (
    _rule("date", r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})", _iso),
    _rule(
        "date",
        _WEEKDAY_PREFIX
        + _MONTH
        + r"\s+"
        + _DAY_NO
        + r"(?:\s*[-–]\s*(?P<day2>\d{1,2}))?(?:,?\s+"
        + _YEAR
        + r")?",
        _month_day,
    ),
    _rule(
        "date",
        _WEEKDAY_PREFIX + _DAY_NO + r"\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+" + _YEAR + r")?",
        _month_day,
    ),
    _rule(
        "month",
        r"(?:in|during|throughout)\s+(?:(?:early|late|mid)[\s-]+)?"
        + _MONTH
        + r"(?:,?\s+(?:of\s+)?"
        + _YEAR
        + r")?",
        _named_month,
    ),
    _rule(
        "month",
        r"(?:(?:early|late|mid)[\s-]+)?" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR,
        _named_month,
    ),
    _rule("month", r"(?P<mod>last|next|this(?:\s+past)?|past)\s+" + _MONTH, _modified_month),
    _rule("year", r"(?:in|during|throughout)\s+(?:(?:early|late|mid)[\s-]+)?" + _YEAR, _in_year),
    _rule(
        "weekday",
        r"(?:(?P<mod>on|last|next|this(?:\s+past)?|past)\s+)?" + _WEEKDAY + _PART_OF_DAY,
        _weekday,
    ),
    _rule(
        "relative",
        r"the\s+day\s+before\s+yesterday|(?:yesterday|tomorrow)" + _PART_OF_DAY + r"|today"
        r"|tonight|overnight|last\s+night|(?:earlier|later)\s+today"
        r"|(?:(?:early|late)\s+)?this\s+(?:morning|afternoon|evening)",
        _relative_day,
    ),
    _rule(
        "relative",
        r"(?:over|during|at|on|for)\s+the\s+(?:past\s+)?weekend|(?:last|this|next|past)\s+weekend",
        _weekend,
    ),
    _rule("relative", _THIS + r"\s+week", _calendar_week),
    _rule("relative", _THIS + r"\s+month", _calendar_month),
    _rule("relative", _THIS + r"\s+year", _calendar_year),
    _rule(
        "relative",
        _NUMBER + r"\s+(?P<unit>day|week|month|year)s?\s+ago",
        _ago,
    ),
    _rule(
        "season",
        r"(?:(?:in|during)\s+)?(?:the\s+)?" + _SEASON + r"\s+(?:of\s+)?" + _YEAR,
        _explicit_season,
    ),
    # "in the fall of Kabul" is not a season: no "of" after, unless a year (rule above).
    _rule(
        "season",
        r"(?P<mod>this|last|next|past|in\s+the|during\s+the|in|during)\s+" + _SEASON,
        _relative_season,
        after=r"(?!\s+of\b)",
    ),
    _rule(
        "duration",
        r"(?:over|in|during|for|within)\s+the\s+(?:past|last|previous)\s+(?:"
        + _NUMBER
        + r"\s+)?"
        + _UNIT,
        _duration,
    ),
    # "during four days of clashes": the words "of ..." must follow.
    _rule(
        "duration",
        r"(?:during|after|over|following|in)\s+" + _NUMBER + r"\s+" + _UNIT,
        _duration,
        after=r"(?=\s+of\b)",
    ),
    _rule(
        "duration",
        r"for\s+(?:(?:more|less)\s+than\s+|about\s+|nearly\s+|almost\s+)?"
        + _NUMBER
        + r"\s+"
        + _UNIT,
        _duration,
    ),
)


# ---------------------------------------------------------------- public API


def _plausible(m: re.Match[str]) -> bool:
    """Reject matches that cannot be dates: "may" the verb, day 31 of April, month 13."""
    groups = m.groupdict()
    if groups.get("month") == "may":  # lower-case "may" is the verb ("3 may have died")
        return False
    month = groups.get("month")
    if groups.get("mod") and month and month[0].islower():
        return False  # "the next march": the walk, not the month ("next March")
    if groups.get("mon"):
        return _safe_date(int(groups["year"]), int(groups["mon"]), int(groups["day"])) is not None
    if groups.get("day") and groups.get("month"):
        limit = calendar.monthrange(2000, _month_number(groups["month"]))[1]  # 2000: leap
        days = [int(d) for d in (groups["day"], groups.get("day2")) if d]
        return all(1 <= d <= limit for d in days)
    return True


def find_time_expressions(text: str, offset: int = 0) -> list[TimeExpression]:
    """All time expressions in `text`, in text order, without overlaps.

    `offset` is added to every position, so pass a sentence's start to get
    document offsets. Where two matches overlap the longer one is kept.
    """
    found = [
        (m.start(), m.end(), rule.kind)
        for rule in _RULES
        for m in rule.search.finditer(text)
        if _plausible(m)
    ]
    found.sort(key=lambda f: (f[0] - f[1], f[0]))  # longest first, then leftmost
    kept: list[tuple[int, int, str]] = []
    taken = bytearray(len(text))  # characters of kept matches: linear in a huge sentence
    for start, end, kind in found:
        if not any(taken[start:end]):
            kept.append((start, end, kind))
            taken[start:end] = b"\x01" * (end - start)
    return [TimeExpression(text[s:e], offset + s, offset + e, kind) for s, e, kind in sorted(kept)]


def _unknown(text: str | None, span: tuple[int, int] | None) -> When:
    return When(None, None, "unknown", text, "unknown", span)


def resolve(expression: TimeExpression, *, anchor: dt.date | None, tense: Tense = "past") -> When:
    """Resolve `expression` to a calendar range against `anchor` (the publication day).

    Returns an unknown `When` (no dates, basis `unknown`, the words kept) when
    the expression needs an anchor and there is none, or is not a real date.
    """
    span = (expression.start, expression.end)
    # Rules of the expression's own kind first; any rule after, for hand-made expressions.
    for rule in sorted(_RULES, key=lambda r: r.kind != expression.kind):
        match = rule.body.fullmatch(expression.text)
        if match is None:
            continue
        try:
            found = rule.resolver(match, anchor, tense)
        except (OverflowError, ValueError):  # "tomorrow" from 9999-12-31: off the calendar
            found = None
        if found is None:
            break
        start, end, precision, basis = found
        return When(start, end, precision, expression.text, basis, span)
    return _unknown(expression.text, span)


def _distance(expression: TimeExpression, trigger_start: int) -> tuple[int, int]:
    """How far an expression is from the trigger; on a tie the one after it wins."""
    if expression.start <= trigger_start < expression.end:
        return 0, 0
    if expression.start >= trigger_start:
        return expression.start - trigger_start, 0
    return trigger_start - expression.end, 1


def event_date(
    *,
    sentence_text: str,
    sentence_start: int,
    trigger_start: int,
    published: dt.date | None,
    context: When | None,
    tense: Tense,
) -> When:
    """When the event whose trigger starts at `trigger_start` happened.

    The time expression nearest the trigger wins (measured from the trigger's
    first character, so on a tie the expression after the trigger wins, the
    usual English order "attacked ... on Monday"); it is resolved against
    `published`. Without one: `context` re-labelled basis `context` (a context
    with no dates, or itself only the publication day, does not count); then the
    publication day with basis `publication`; then unknown.
    """
    expressions = find_time_expressions(sentence_text, sentence_start)
    if expressions:
        nearest = min(expressions, key=lambda e: _distance(e, trigger_start))
        return resolve(nearest, anchor=published, tense=tense)
    if context is not None and context.start is not None and context.basis != "publication":
        return dataclasses.replace(context, basis="context")
    if published is not None:
        return When(published, published, "day", None, "publication")
    return _unknown(None, None)


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def timex_value(when: When) -> str | None:
    """The TIMEX3-style value of a resolved `When`, or None when it is unknown.

    A day is "2024-03-04", a week "2024-W10", a weekend "2024-W09-WE", a month
    "2024-03", a season "2024-SP"/"SU"/"FA"/"WI" (a winter by its January's
    year), a year "2024". Ranges that are not calendar units (durations ending
    at the publication day) become durations: "P4D", "P2W", "P3M", "P1Y".
    """
    start, end = when.start, when.end
    if start is None or end is None or when.precision == "unknown":
        return None
    days = (end - start).days + 1
    if when.precision == "day" or days == 1:
        return start.isoformat()
    if when.precision == "days":
        if start.weekday() == 5 and days == 2:
            return f"{_iso_week(start)}-WE"
        return f"P{days}D"
    # A range inside one calendar unit names that unit ("earlier this week" is
    # still week 10); a longer one is a duration counted back from the anchor.
    if when.precision == "week":
        return _iso_week(start) if _iso_week(start) == _iso_week(end) else f"P{-(-days // 7)}W"
    if when.precision == "month":
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.year}-{start.month:02d}"
        return f"P{max(1, round(days / 30.44))}M"
    if when.precision == "season":
        return f"{end.year}-{_SEASON_CODE[start.month]}"
    if start.year == end.year:
        return str(start.year)
    return f"P{max(1, round(days / 365.25))}Y"


_WIRE_DATE = re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>\d{2})")


def dateline_date(text: str) -> dt.date | None:
    """The full date of a dateline, if it has one: "March 4, 2024", or "3 JAN 90".

    Two-digit years occur only in old wire datelines, where they are safe to read
    (1930-2029); in running text "3 January 90 people ..." they are not, so only
    datelines use this. A date without a year gives None: it could be any year.
    """
    wire = _WIRE_DATE.fullmatch(text.strip())
    if wire is not None:
        try:
            month = _month_number(wire["month"])
        except ValueError:
            return None
        short = int(wire["year"])
        return _safe_date((1900 if short >= 30 else 2000) + short, month, int(wire["day"]))
    for expression in find_time_expressions(text):
        when = resolve(expression, anchor=None)
        if when.precision == "day" and when.start is not None:
            return when.start
    return None
