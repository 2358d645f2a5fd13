"""GeoWebNews and LGL: place-name recognition and resolution to coordinates.

Gold: `GWN.xml` (GeoWebNews, Gritta et al. 2019; 200 articles) and `lgl.xml`
(Local-Global Lexicon, Lieberman et al. 2010; 588 local news articles), each
toponym with character offsets into the article text and, mostly, coordinates.
Both corpora are scored separately, with the prefixes `gwn_` and `lgl_`; the
`limit` applies to each corpus.

Each article runs through the whole pipeline. sitrep's place mentions are
`Analysis.places`: the entities of the parse labelled GPE, LOC or FAC (after the
gazetteer's label corrections) that are used as places, each resolved with the
whole document as context (`place_context.resolve_mentions`), exactly as events
get their places.

* `<corpus>_names`: one-to-one matching of predicted and gold spans by
  character overlap;
* `<corpus>_161km`: over matched mentions with gold coordinates where sitrep
  gave coordinates, whether the great-circle (haversine) distance is within
  161 km (100 miles, the usual geocoding threshold);
* `<corpus>_resolved_161km`: the same over every matched mention with gold
  coordinates, a mention without coordinates counting wrong;
* `<corpus>_mean_km` / `<corpus>_median_km` (extras): the error distance.

GeoWebNews tells literal places from associative uses (metonyms, demonyms,
languages, non-literal modifiers). Only the literal subset is gold here, as an
event's place is always a literal place; a prediction on an associative
toponym is neither right nor wrong (it is skipped), while one on a labelled
non-toponym ("Louisiana Purchase", a homonymous person) is a false positive.
"""

from __future__ import annotations

import statistics
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitrep.api import make_document
from sitrep.config import Settings
from sitrep.evaluation.core import Report, run_pipeline, spans_overlap
from sitrep.model import CODED_KINDS, Analysis, Place, Result
from sitrep.resolve.gazetteer import haversine_km

#: GeoWebNews toponym `type` -> its role in this scorer. A fact about the
#: GeoWebNews annotation scheme (Gritta et al. 2019, table of toponym types):
#: "gold" are the literal types, "skip" the associative ones (the name is a
#: place name but does not denote a place here), "negative" the labelled
#: non-places. The `*_Expression` types are common nouns ("the church"), not
#: toponyms, and are dropped altogether.
GWN_TYPES: dict[str, str] = {
    "Literal": "gold",
    "Mixed": "gold",
    "Literal_Modifier": "gold",
    "Embedded_Literal": "gold",
    "Coercion": "gold",
    "Metonymic": "skip",
    "Demonym": "skip",
    "Language": "skip",
    "Non_Literal_Modifier": "skip",
    "Embedded_Non_Lit": "skip",
    "Homonym": "negative",
    "Non_Toponym": "negative",
}

#: spaCy entity labels that name places.

#: The accuracy threshold of geocoding papers: 100 miles.
THRESHOLD_KM = 161.0


@dataclass(frozen=True)
class Toponym:
    """One gold toponym: its span, its words, its kind and its coordinates if known."""

    start: int
    end: int
    name: str
    kind: str  # "gold", "skip" or "negative" (see GWN_TYPES); LGL toponyms are all "gold"
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Article:
    """One gold article: its text and toponyms with valid offsets."""

    doc_id: str
    title: str
    text: str
    toponyms: tuple[Toponym, ...]
    misaligned: int = 0  # gold toponyms dropped: offsets outside the text or wrong words


@dataclass(frozen=True)
class Mention:
    """One place mention found by sitrep, with the coordinates it resolved to."""

    start: int
    end: int
    text: str
    label: str
    name: str | None = None
    lat: float | None = None
    lon: float | None = None


# ---------------------------------------------------------------- reading gold


def _float(text: str | None) -> float | None:
    """A coordinate, or None when absent or empty."""
    return float(text) if text and text.strip() else None


def _aligned(text: str, start: int, end: int, words: str) -> bool:
    """Whether [start, end) lies inside `text` and holds `words`."""
    return 0 <= start < end <= len(text) and text[start:end] == words


def _gwn_toponym(node: ET.Element) -> Toponym | None:
    """A GeoWebNews toponym, or None for an expression (a common noun)."""
    kind = GWN_TYPES.get(node.findtext("type") or "")
    if kind is None:
        return None
    return Toponym(
        start=int(node.findtext("start") or -1),
        end=int(node.findtext("end") or -1),
        name=node.findtext("extractedName") or "",
        kind=kind,
        lat=_float(node.findtext("latitude")),
        lon=_float(node.findtext("longitude")),
    )


def _lgl_toponym(node: ET.Element) -> Toponym:
    """An LGL toponym; its coordinates are those of its GeoNames entry, if it has one."""
    tag = node.find("gaztag")
    return Toponym(
        start=int(node.findtext("start") or -1),
        end=int(node.findtext("end") or -1),
        name=node.findtext("phrase") or "",
        kind="gold",
        lat=None if tag is None else _float(tag.findtext("lat")),
        lon=None if tag is None else _float(tag.findtext("lon")),
    )


def _article(node: ET.Element, doc_id: str, toponyms: list[Toponym]) -> Article:
    """An Article, dropping toponyms whose offsets do not point at their words."""
    text = node.findtext("text") or ""
    good = tuple(t for t in toponyms if _aligned(text, t.start, t.end, t.name))
    return Article(
        doc_id=doc_id,
        title=(node.findtext("title") or "").strip(),
        text=text,
        toponyms=good,
        misaligned=len(toponyms) - len(good),
    )


def read_gwn(path: Path, limit: int | None = None) -> list[Article]:
    """The first `limit` GeoWebNews articles, expressions left out."""
    articles: list[Article] = []
    for node in ET.parse(path).getroot().iter("article"):
        if limit is not None and len(articles) >= limit:
            break
        found = [_gwn_toponym(t) for t in node.iterfind("toponyms/toponym")]
        toponyms = [t for t in found if t is not None]
        articles.append(_article(node, f"gwn-{node.get('file', len(articles))}", toponyms))
    return articles


def read_lgl(path: Path, limit: int | None = None) -> list[Article]:
    """The first `limit` LGL articles."""
    articles: list[Article] = []
    for node in ET.parse(path).getroot().iter("article"):
        if limit is not None and len(articles) >= limit:
            break
        toponyms = [_lgl_toponym(t) for t in node.iterfind("toponyms/toponym")]
        articles.append(_article(node, f"lgl-{node.get('docid', len(articles))}", toponyms))
    return articles


# ---------------------------------------------------------------- sitrep's mentions


def mentions(places: Sequence[Place]) -> list[Mention]:
    """sitrep's place mentions (`Analysis.places`), as resolved with the document's context."""
    return [
        Mention(
            p.start,
            p.end,
            p.text,
            p.precision,
            name=p.name if p.lat is not None and p.lon is not None else None,
            lat=p.lat,
            lon=p.lon,
        )
        for p in places
    ]


def coded_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """The [start, end) spans of the passages the pipeline parses."""
    return [(p.start, p.end) for p in analysis.passages if p.kind in CODED_KINDS]


# ---------------------------------------------------------------- comparing


def context(text: str, start: int, end: int, size: int = 100) -> str:
    """The words around [start, end), the mention marked with [[ ]], for the error table."""
    left = max(0, start - size)
    right = min(len(text), end + size)
    return f"{text[left:start]}[[{text[start:end]}]]{text[end:right]}"


def _where(mention: Mention) -> str:
    return f"{mention.name} ({mention.lat:.2f}, {mention.lon:.2f})"


def compare_article(
    report: Report,
    prefix: str,
    article: Article,
    found: Sequence[Mention],
    distances: list[float],
) -> None:
    """Score one article's mentions; error distances are appended to `distances`."""
    gold = [t for t in article.toponyms if t.kind == "gold"]
    names = report.tally(f"{prefix}_names")
    unused = list(gold)
    for mention in found:
        span = (mention.start, mention.end)
        hit = next((t for t in unused if spans_overlap(span, (t.start, t.end))), None)
        if hit is not None:
            unused.remove(hit)
            names.add(tp=1)
            _compare_point(report, prefix, article, hit, mention, distances)
            continue
        if any(
            t.kind == "skip" and spans_overlap(span, (t.start, t.end)) for t in article.toponyms
        ):
            report.extra[f"{prefix}_associative_skipped"] = (
                report.extra.get(f"{prefix}_associative_skipped", 0.0) + 1
            )
            continue
        names.add(fp=1)
        report.error(
            f"{prefix}_names", article.doc_id, "none", f"{mention.text} ({mention.label})",
            context(article.text, mention.start, mention.end),
        )  # fmt: skip
    for toponym in unused:
        names.add(fn=1)
        report.error(
            f"{prefix}_names", article.doc_id, toponym.name, "none",
            context(article.text, toponym.start, toponym.end),
        )  # fmt: skip


def _compare_point(
    report: Report,
    prefix: str,
    article: Article,
    gold: Toponym,
    mention: Mention,
    distances: list[float],
) -> None:
    """Distance accuracy of one matched mention that has gold coordinates."""
    if gold.lat is None or gold.lon is None:
        return
    expected = f"{gold.name} ({gold.lat:.2f}, {gold.lon:.2f})"
    where = context(article.text, gold.start, gold.end)
    if mention.lat is None or mention.lon is None:
        report.accuracy(f"{prefix}_resolved_161km").add(False)
        report.error(f"{prefix}_161km", article.doc_id, expected, "no coordinates", where)
        return
    km = haversine_km(gold.lat, gold.lon, mention.lat, mention.lon)
    distances.append(km)
    ok = km <= THRESHOLD_KM
    report.accuracy(f"{prefix}_161km").add(ok)
    report.accuracy(f"{prefix}_resolved_161km").add(ok)
    if not ok:
        got = f"{_where(mention)}, {km:.0f} km off"
        report.error(f"{prefix}_161km", article.doc_id, expected, got, where)


def outside_coded(article: Article, coded: Sequence[tuple[int, int]]) -> int:
    """Gold toponyms that lie in no parsed passage (headlines, furniture): sure misses."""
    return sum(
        1
        for t in article.toponyms
        if t.kind == "gold" and not any(spans_overlap((t.start, t.end), c) for c in coded)
    )


# ---------------------------------------------------------------- scoring


def score_corpus(
    report: Report,
    prefix: str,
    articles: Sequence[Article],
    results: Sequence[Result],
) -> None:
    """Compare every article of one corpus with sitrep's result for it."""
    distances: list[float] = []
    outside = rejected = 0
    for article, result in zip(articles, results, strict=True):
        if isinstance(result, Analysis) and result.parse is not None:
            found = mentions(result.places)
            outside += outside_coded(article, coded_spans(result))
        else:
            found = []
            rejected += 1
            outside += sum(t.kind == "gold" for t in article.toponyms)
        compare_article(report, prefix, article, found, distances)
    report.tally(f"{prefix}_names")  # present even for an empty corpus
    report.extra[f"{prefix}_outside_coded"] = float(outside)
    report.extra[f"{prefix}_misaligned_gold"] = float(sum(a.misaligned for a in articles))
    report.extra[f"{prefix}_rejected"] = float(rejected)
    report.extra[f"{prefix}_articles"] = float(len(articles))
    if distances:
        report.extra[f"{prefix}_mean_km"] = statistics.fmean(distances)
        report.extra[f"{prefix}_median_km"] = statistics.median(distances)


def _notes(report: Report) -> None:
    report.notes += [
        "mentions: Analysis.places (parse entities labelled GPE/LOC/FAC used as places), "
        "resolved with the document as context; a span overlap matches one gold toponym",
        "the pipeline parses only coded passages (no headlines, furniture): gold toponyms "
        "outside them are misses, counted in *_outside_coded; LGL texts open with the title",
        "GeoWebNews gold = literal toponyms (Literal, Mixed, Literal_Modifier, Embedded_Literal, "
        "Coercion); predictions on metonyms, demonyms, languages and non-literal modifiers are "
        "skipped (*_associative_skipped), on Homonym/Non_Toponym they are false positives",
        "*_161km: great-circle distance <= 161 km over matched mentions with gold and sitrep "
        "coordinates; *_resolved_161km counts a mention without coordinates as wrong",
        "gold toponyms whose offsets do not point at their words (negative offsets in one "
        "GWN article) are dropped: *_misaligned_gold",
        "LGL also marks adjectival uses ('American', 'Georgian') as toponyms; spaCy labels "
        "them NORP, so they are misses by construction",
    ]


def score(folder: Path, *, limit: int | None, settings: Settings) -> Report:
    """Score sitrep on the first `limit` articles of GeoWebNews and of LGL."""
    corpora = {
        "gwn": read_gwn(folder / "GWN.xml", limit),
        "lgl": read_lgl(folder / "lgl.xml", limit),
    }
    documents = [
        make_document(a.text, title=a.title or None, doc_id=a.doc_id)
        for articles in corpora.values()
        for a in articles
    ]
    results = run_pipeline(documents, settings)  # one run, one pool of workers
    report = Report("geoparsing", items=len(documents))
    offset = 0
    for prefix, articles in corpora.items():
        part = results[offset : offset + len(articles)]
        score_corpus(report, prefix, articles, part)
        offset += len(articles)
    _notes(report)
    return report
