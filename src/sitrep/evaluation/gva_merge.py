"""Gun Violence Archive: do merged events group the articles of one incident?

Gold: the GVA articles with their `incident_uri` (several articles per incident)
and the incidents' killed and injured counts (see `gva.py`). Every article runs
through the whole pipeline with its own publication day; then *all* events of
all articles are merged with `sitrep.merge.merge_events`, as `sitrep events
--merged` does. An article belongs to the merged event that holds most of its
occurred ASSAULT events: the incident it tells most about (on a tie, or with no such
event, the one holding its lead event, `gva.lead_event`); an article whose events
merged with nothing stands alone.

* `bcubed.p` / `.r` / `.f1`: B-cubed precision and recall of that clustering of
  articles against the incidents (Bagga and Baldwin 1998): for each article, the
  share of its cluster that reports its incident, and the share of its
  incident's articles that its cluster holds, averaged over articles.
* `singletons.f1` (extra): the same F1 if every article stood alone, the
  baseline merging has to beat.
* `bcubed_lead.*` (extra): the same with each article in the merged event of its
  lead event (the event with most casualties), the figure reported before
  2026-12-06.
* `bcubed_corroborated.*` (extra, a diagnostic): the same with each article in
  the merged event with most reports, from any article, among those holding its
  occurred ASSAULT events: how much recall the choice of one event per page
  costs, apart from merging itself.
* `merged_killed.acc` / `merged_injured.acc`: per incident, the merged event
  holding most of its articles; its `best` count (median of independent
  reports; none = 0) against the incident's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from sitrep.config import Settings
from sitrep.evaluation.core import Report
from sitrep.evaluation.gva import Article, Incident, lead_event, read_and_run
from sitrep.merge import MergedEvent, document_names, merge_events
from sitrep.model import Analysis, Event, Result


def bcubed(clusters: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float]:
    """B-cubed (precision, recall) of `clusters` (item -> cluster) against `gold`."""
    members: dict[str, set[str]] = defaultdict(set)
    truth: dict[str, set[str]] = defaultdict(set)
    for item, cluster in clusters.items():
        members[cluster].add(item)
        truth[gold[item]].add(item)
    precision = recall = 0.0
    for item, cluster in clusters.items():
        shared = len(members[cluster] & truth[gold[item]])
        precision += shared / len(members[cluster])
        recall += shared / len(truth[gold[item]])
    n = len(clusters) or 1
    return precision / n, recall / n


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


#: How an article is placed in a merged event (see `article_clusters`).
ClusterRule = Literal["mentions", "lead", "corroborated"]


def article_clusters(
    articles: Sequence[Article],
    results: Sequence[Result],
    merged: Sequence[MergedEvent],
    *,
    rule: ClusterRule = "mentions",
) -> dict[str, str]:
    """Article doc id -> the merged event the article reports (else its own id).

    `mentions` (the scored figure): the merged event that holds most of the
    article's occurred ASSAULT events, the incident it tells most about; on a tie,
    or with none, the one holding its lead event (`gva.lead_event`). `lead`: the
    one holding its lead event. `corroborated` (a diagnostic): the one with the
    most reports, from any article, among those holding its occurred ASSAULT
    events. An article whose events merged with nothing stands alone either way.
    """
    holder = {e.id: m.id for m in merged for e in m.members}
    reports = {m.id: len(m.members) for m in merged}
    clusters: dict[str, str] = {}
    for article, result in zip(articles, results, strict=True):
        events = result.events if isinstance(result, Analysis) else ()
        lead = lead_event(events)
        cluster = holder.get(lead.id, article.doc_id) if lead else article.doc_id
        assaults = [holder[e.id] for e in events if e.type == "ASSAULT" and e.status == "occurred"
                    and e.id in holder]  # fmt: skip
        if rule == "corroborated" and assaults:
            cluster = max(assaults, key=lambda m: (reports[m], m))
        elif rule == "mentions" and assaults:
            told = Counter(assaults)
            most = max(told.values())
            if told.get(cluster, 0) < most:
                cluster = next(m for m in assaults if told[m] == most)  # the first told
        clusters[article.doc_id] = cluster
    return clusters


def _merged_counts(
    report: Report,
    articles: Sequence[Article],
    incidents: Mapping[str, Incident],
    clusters: Mapping[str, str],
    merged: Sequence[MergedEvent],
) -> None:
    by_id = {m.id: m for m in merged}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        votes[article.incident_uri][clusters[article.doc_id]] += 1
    for uri, counter in sorted(votes.items()):
        cluster = min(counter, key=lambda c: (-counter[c], c))
        event = by_id.get(cluster)
        counts = dict(event.counts) if event else {}
        for field, kind in (("killed", "killed"), ("injured", "wounded")):
            found = counts[kind].best if kind in counts else 0
            expected = getattr(incidents[uri], field)
            ok = found == expected
            report.accuracy(f"merged_{field}").add(ok)
            if not ok:
                report.error(f"merged_{field}", uri, str(expected), str(found),
                             _evidence(event))  # fmt: skip


def _evidence(event: MergedEvent | None) -> str:
    return event.members[0].evidence.text if event else "(no merged event)"


def score(folder: Path, *, limit: int | None, settings: Settings) -> Report:
    """Cluster the first `limit` GVA articles (file order) and score the clusters."""
    incidents, articles, results = read_and_run(folder, limit, settings)
    events: list[Event] = [e for r in results if isinstance(r, Analysis) for e in r.events]
    context = {a.doc_id: document_names(a.content, a.title) for a in articles}
    merged = merge_events(events, context=context)
    clusters = article_clusters(articles, results, merged)
    gold = {a.doc_id: a.incident_uri for a in articles}
    report = Report("gva_merge", items=len(articles))
    p, r = bcubed(clusters, gold)
    # B-cubed is an average over articles, not a count of hits: kept as figures.
    report.extra |= {"bcubed.p": p, "bcubed.r": r, "bcubed.f1": _f1(p, r)}
    p0, r0 = bcubed({a: a for a in gold}, gold)
    report.extra["singletons.f1"] = _f1(p0, r0)
    for rule in ("lead", "corroborated"):
        pr, rr = bcubed(article_clusters(articles, results, merged, rule=rule), gold)
        report.extra |= {f"bcubed_{rule}.p": pr, f"bcubed_{rule}.r": rr,
                         f"bcubed_{rule}.f1": _f1(pr, rr)}  # fmt: skip
    report.extra["clusters"] = float(len(set(clusters.values())))
    report.extra["incidents"] = float(len(set(gold.values())))
    report.extra["events"] = float(len(events))
    report.extra["merged_events"] = float(len(merged))
    _merged_counts(report, articles, incidents, clusters, merged)
    report.notes += [
        "all events of all articles are merged (sitrep.merge defaults); an article joins the "
        "merged event holding most of its occurred ASSAULT events (on a tie, or with none, the "
        "one holding its lead event, gva.lead_event), else stands alone",
        "bcubed: B-cubed precision/recall of articles against incident_uri; singletons.f1 is "
        "the score of leaving every article alone; bcubed_lead: the same with each article in "
        "the merged event of its lead event (the figure before 2026-12-06)",
        "bcubed_corroborated (a diagnostic, not the target figure): the same with each article "
        "in the merged event with most reports among those of its occurred ASSAULT events",
        "merged_*: per incident, the merged event holding most of its articles; its best count "
        "(median of independent reports, none = 0) against the incident's",
    ]
    return report
