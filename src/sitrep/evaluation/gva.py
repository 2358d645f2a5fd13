"""Gun Violence Archive (SemEval-2018 Task 5): casualty counts, date and city per article.

Gold: `gva_incidents.jsonl` (one incident: date, city, killed, injured and
participants with a status) and `gva_articles.jsonl` (news pages reporting an
incident, linked by `incident_uri`; several articles per incident). Each
article is run through the whole pipeline on its raw page text, boilerplate
and all, with its headline as the first line (`page_text`: the gold set keeps
the two apart), and its events are reduced to one guess per field:

* counts: for each gold field (killed, injured, arrested) the *first* value of
  the mapped sitrep count kind among the article's *occurred* events, in text
  order: one article nearly always leads with its incident, while later
  figures are often background ("344 people were killed in the city last
  year") or other incidents; no count at all is read as 0;
* date and city: those of the *lead event*, the occurred event with the most
  killed + wounded, else the first occurred ASSAULT.

The publication day given to sitrep is the article's own `dct`; the incident
date is never used as an anchor, since that would hand sitrep the gold answer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.api import make_document
from sitrep.config import Settings
from sitrep.evaluation.core import Report, fold, run_pipeline
from sitrep.model import Analysis, CountKind, Event, Result

#: GVA outcome field -> the sitrep count kinds that report it. A fact about two
#: vocabularies: GVA says "injured" where sitrep says "wounded"; GVA "arrested"
#: is a police arrest, sitrep's "arrested" (not "captured", a military capture).
COUNT_KINDS: dict[str, tuple[CountKind, ...]] = {
    "killed": ("killed",),
    "injured": ("wounded",),
    "arrested": ("arrested",),
}

#: The event type of a shooting in PLOVER, used when no event carries a casualty.
SHOOTING_TYPE = "ASSAULT"


@dataclass(frozen=True)
class Incident:
    """One GVA incident: the gold answer for every article that reports it."""

    uri: str
    date: dt.date
    city: str
    state: str
    killed: int
    injured: int
    arrested: int


@dataclass(frozen=True)
class Article:
    """One news page about an incident, as crawled (raw text with boilerplate)."""

    doc_id: str
    incident_uri: str
    title: str
    published: dt.date | None
    content: str


@dataclass(frozen=True)
class Guess:
    """What sitrep says about one article, reduced to the gold fields."""

    counts: dict[str, int | None]  # gold field -> value, None when sitrep found none
    count_sentences: dict[str, str]  # gold field -> sentence that carried the count
    date: tuple[dt.date, dt.date] | None
    city: str | None
    lead_sentence: str
    date_basis: str = ""  # explicit, relative, context, publication: why a date is wrong


# ---------------------------------------------------------------- reading gold


def _day(text: str | None, fmt: str) -> dt.date | None:
    """A date in `fmt`, or None when absent or malformed."""
    if not text:
        return None
    try:
        return dt.datetime.strptime(text.strip(), fmt).date()
    except ValueError:
        return None


def _arrested(participants: Sequence[dict[str, str]]) -> int:
    """Participants whose status mentions an arrest ("Unharmed, Arrested", "Injured, Arrested")."""
    # Field values carry a leading space, hence the strip.
    return sum(
        "arrested" in [s.strip().lower() for s in p.get("Status", "").split(",")]
        for p in participants
    )


def read_incidents(path: Path) -> dict[str, Incident]:
    """Incidents by `incident_uri`; those without a readable date are dropped."""
    incidents: dict[str, Incident] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        day = _day(row.get("date"), "%B %d, %Y")
        if day is None:
            continue
        incidents[str(row["incident_uri"])] = Incident(
            uri=str(row["incident_uri"]),
            date=day,
            city=str(row.get("city_or_county") or "").strip(),
            state=str(row.get("state") or "").strip(),
            killed=int(row.get("num_killed") or 0),
            injured=int(row.get("num_injured") or 0),
            arrested=_arrested(row.get("participants") or []),
        )
    return incidents


def read_articles(path: Path, limit: int | None = None) -> list[Article]:
    """The first `limit` articles in file order."""
    articles: list[Article] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if limit is not None and len(articles) >= limit:
            break
        if not line.strip():
            continue
        row = json.loads(line)
        articles.append(
            Article(
                doc_id=str(row["doc_id"]),
                incident_uri=str(row["incident_uri"]),
                title=str(row.get("title") or ""),
                published=_day(row.get("dct"), "%Y-%m-%d"),
                content=str(row.get("content") or ""),
            )
        )
    return articles


# ---------------------------------------------------------------- reducing events


def _sentence_at(analysis: Analysis, offset: int) -> str:
    """The sentence of the parse that holds `offset`, or "" without a parse."""
    if analysis.parse is not None:
        for sent in analysis.parse.sentences:
            if sent.start <= offset < sent.end:
                return analysis.document.text[sent.start : sent.end]
    return ""


def _casualties(event: Event) -> int:
    """Killed plus wounded of one event (0 when it has neither)."""
    return sum(c.value for kind, c in event.counts if kind in ("killed", "wounded"))


def lead_event(events: Sequence[Event]) -> Event | None:
    """The occurred event with most casualties, else the first occurred ASSAULT."""
    occurred = [e for e in events if e.status == "occurred"]
    with_toll = [e for e in occurred if _casualties(e) > 0]
    if with_toll:
        # max() keeps the first of equals: the earliest report of the toll.
        return max(with_toll, key=_casualties)
    return next((e for e in occurred if e.type == SHOOTING_TYPE), None)


def guess(analysis: Analysis) -> Guess:
    """Reduce one article's events to the gold fields (see the module docstring)."""
    occurred = [e for e in analysis.events if e.status == "occurred"]
    counts: dict[str, int | None] = {}
    sentences: dict[str, str] = {}
    for gold_field, kinds in COUNT_KINDS.items():
        found = [c for e in occurred for kind, c in e.counts if kind in kinds]
        best = min(found, key=lambda c: c.start) if found else None  # the first mention
        counts[gold_field] = best.value if best else None
        sentences[gold_field] = _sentence_at(analysis, best.start) if best else ""
    lead = lead_event(analysis.events)
    date = None
    basis = ""
    city = None
    sentence = ""
    if lead is not None:
        when = lead.date
        if when is not None and when.start is not None and when.end is not None:
            date, basis = (when.start, when.end), when.basis
        city = lead.location.name if lead.location is not None else None
        sentence = lead.evidence.text
    return Guess(counts, sentences, date, city, sentence, basis)


# ---------------------------------------------------------------- comparing

_COUNTY = re.compile(r"\s*\(county\)\s*$", re.IGNORECASE)
_PART = re.compile(r"^(?P<main>[^(]+?)\s*\((?P<part>[^)]+)\)\s*$")


def city_key(name: str) -> str:
    """A name folded for comparison: accents, case, punctuation, "St." = "Saint"."""
    words = re.findall(r"[a-z0-9]+", fold(name))
    return " ".join("saint" if w in ("st", "ste") else w for w in words)


def city_names(gold: str) -> set[str]:
    """Every folded name that counts as the gold city.

    GVA writes a neighbourhood or suburb in brackets ("Chicago (Englewood)") and
    marks counties ("Pontotoc (county)"): either name of the first, and "Pontotoc"
    or "Pontotoc County" for the second, are right.
    """
    if _COUNTY.search(gold):
        base = _COUNTY.sub("", gold)
        return {city_key(base), city_key(base + " County")}
    part = _PART.match(gold)
    if part:
        return {city_key(part["main"]), city_key(part["part"])}
    return {city_key(gold)}


def compare(report: Report, article: Article, incident: Incident, found: Guess) -> None:
    """Score one article's guess against its incident."""
    item = f"{article.doc_id[:10]} (incident {incident.uri})"
    gold_counts = {
        "killed": incident.killed,
        "injured": incident.injured,
        "arrested": incident.arrested,
    }
    for name, expected in gold_counts.items():
        got = found.counts[name]
        value = 0 if got is None else got  # nothing reported reads as none
        report.accuracy(f"{name}.exact").add(value == expected)
        report.accuracy(f"{name}.within1").add(abs(value - expected) <= 1)
        if value != expected:
            text = found.count_sentences[name] or f"(no {name} count) {article.title}"
            report.error(name, item, expected, "none" if got is None else got, text)
    _compare_date(report, item, incident.date, found)
    _compare_city(report, item, incident.city, found)


def _compare_date(report: Report, item: str, gold: dt.date, found: Guess) -> None:
    """Range accuracy (gold day inside the guess) and exact-day accuracy."""
    inside = found.date is not None and found.date[0] <= gold <= found.date[1]
    exact = found.date is not None and found.date[0] == found.date[1] == gold
    report.accuracy("date").add(inside)
    report.accuracy("date.day").add(exact)
    if not inside:
        got = "none"
        if found.date is not None:
            got = "/".join(d.isoformat() for d in found.date) + f" ({found.date_basis})"
        report.error("date", item, gold.isoformat(), got, found.lead_sentence)


def _compare_city(report: Report, item: str, gold: str, found: Guess) -> None:
    """Folded city match, the bracketed and county variants allowed."""
    ok = found.city is not None and city_key(found.city) in city_names(gold)
    report.accuracy("city").add(ok)
    if not ok:
        report.error("city", item, gold, found.city or "none", found.lead_sentence)


# ---------------------------------------------------------------- scoring

_NO_EVENTS = Guess(
    counts=dict.fromkeys(COUNT_KINDS),
    count_sentences=dict.fromkeys(COUNT_KINDS, ""),
    date=None,
    city=None,
    lead_sentence="",
)


def _notes(report: Report) -> None:
    report.notes += [
        "anchor: each article's own dct (its publication day); the incident date is never used",
        "counts: first value per kind among occurred events, in text order; no count reads as 0; "
        "sitrep 'wounded' = GVA injured; arrested = participants whose status has 'Arrested'",
        "date/city: of the occurred event with most killed+wounded, else the first occurred "
        "ASSAULT; date.acc = incident day inside the range, date.day = exact single day",
        "city: folded, 'St.' = 'Saint'; 'X (Y)' accepts X or Y, 'X (county)' X or 'X County'",
        "rejected articles and articles without a lead event count as wrong (no answer)",
    ]


def _score_results(
    report: Report,
    articles: Sequence[Article],
    incidents: dict[str, Incident],
    results: Sequence[Result],
) -> None:
    """Compare every pipeline result with its incident."""
    rejected = 0
    events = 0
    for article, result in zip(articles, results, strict=True):
        if isinstance(result, Analysis):
            found = guess(result)
            events += len(result.events)
        else:
            found, rejected = _NO_EVENTS, rejected + 1
        compare(report, article, incidents[article.incident_uri], found)
    report.extra["rejected"] = float(rejected)
    report.extra["events_per_article"] = events / len(articles) if articles else 0.0


def page_text(article: Article) -> str:
    """The page as a reader sees it: its headline, a blank line, then its text.

    The gold set keeps the headline apart from the page text; many pages say the
    toll only in the headline ("Three dead, two wounded in shooting") above a body
    of site furniture. sitrep's cleaner marks the first line as the headline.
    """
    return f"{article.title}\n\n{article.content}" if article.title else article.content


def read_and_run(
    folder: Path, limit: int | None, settings: Settings
) -> tuple[dict[str, Incident], list[Article], list[Result]]:
    """The incidents, the first `limit` articles with a known incident, and sitrep's
    result for each article (run with the article's own publication day)."""
    incidents = read_incidents(folder / "gva_incidents.jsonl")
    articles = [
        a
        for a in read_articles(folder / "gva_articles.jsonl", limit)
        if a.incident_uri in incidents
    ]
    documents = [
        make_document(page_text(a), published=a.published, title=a.title, doc_id=a.doc_id)
        for a in articles
    ]
    return incidents, articles, run_pipeline(documents, settings)


def score(folder: Path, *, limit: int | None, settings: Settings) -> Report:
    """Score sitrep on the first `limit` GVA articles (file order)."""
    incidents, articles, results = read_and_run(folder, limit, settings)
    report = Report("gva", items=len(articles))
    _score_results(report, articles, incidents, results)
    _notes(report)
    return report
