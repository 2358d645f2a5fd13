"""`sitrep.evaluation.gva_merge`: B-cubed scoring of merged GVA articles."""

from __future__ import annotations

import pytest

from conftest import make_analysis, make_event
from sitrep.evaluation.gva import Article
from sitrep.evaluation.gva_merge import ClusterRule, article_clusters, bcubed
from sitrep.merge import MergedEvent, merge_events
from sitrep.model import Analysis, Count, Rejected

GOLD = {"a": "x", "b": "x", "c": "y", "d": "y"}


@pytest.mark.parametrize(
    ("clusters", "precision", "recall"),
    [
        # Every article alone: perfectly precise, each finds half its incident.
        ({"a": "a", "b": "b", "c": "c", "d": "d"}, 1.0, 0.5),
        # Exactly the incidents.
        ({"a": "1", "b": "1", "c": "2", "d": "2"}, 1.0, 1.0),
        # Everything in one cluster: half precise, all found.
        ({"a": "1", "b": "1", "c": "1", "d": "1"}, 0.5, 1.0),
        # One wrong join: a with c.
        ({"a": "1", "b": "2", "c": "1", "d": "3"}, 0.75, 0.5),
    ],
)
def test_bcubed(clusters: dict[str, str], precision: float, recall: float) -> None:
    assert bcubed(clusters, GOLD) == pytest.approx((precision, recall))


def _article(doc: str) -> Article:
    return Article(doc_id=doc, incident_uri="1", title="", published=None, content="")


def test_articles_join_the_merged_event_of_their_lead_event() -> None:
    killed = (("killed", Count(2, "exact", "two", 0, 1)),)
    first = make_analysis([make_event(id="a:1", doc_id="a", counts=killed)], doc_id="a")
    second = make_analysis([make_event(id="b:1", doc_id="b", counts=killed)], doc_id="b")
    empty = make_analysis([], doc_id="c")
    rejected = Rejected("d", "read", "empty", "no text")
    results: list[Analysis | Rejected] = [first, second, empty, rejected]
    merged = merge_events([*first.events, *second.events])
    clusters = article_clusters([_article(d) for d in "abcd"], results, merged)
    assert clusters["a"] == clusters["b"] == merged[0].id
    assert (clusters["c"], clusters["d"]) == ("c", "d")  # no lead event: alone


def _two_shootings(
    shared_mentions: int,
) -> tuple[list[Analysis], list[MergedEvent], dict[str, str]]:
    """Page a leads with a toll no other page gives and tells page b's shooting
    `shared_mentions` times; page b tells only its shooting."""
    one_dead = (("killed", Count(1, "exact", "one", 0, 1)),)
    lead = make_event(id="a:1", doc_id="a", counts=(("killed", Count(5, "exact", "five", 0, 1)),),
                      actors=(), targets=())  # fmt: skip
    shared = [
        make_event(id=f"a:{2 + i}", doc_id="a", counts=one_dead) for i in range(shared_mentions)
    ]
    other = make_event(id="b:1", doc_id="b", counts=one_dead)
    results = [make_analysis([lead, *shared], doc_id="a"), make_analysis([other], doc_id="b")]
    merged = merge_events([lead, *shared, other])
    holder = {e.id: m.id for m in merged for e in m.members}
    assert holder["a:1"] != holder["b:1"] == holder["a:2"]
    return results, merged, holder


@pytest.mark.parametrize(
    ("rule", "shared_mentions", "page_a_joins"),
    [
        ("lead", 2, "a:1"),  # the event with the largest toll
        ("mentions", 1, "a:1"),  # one mention each: the lead's
        ("mentions", 2, "b:1"),  # the incident page a tells most about
        ("corroborated", 1, "b:1"),  # the one most pages report
    ],
)
def test_the_merged_event_an_article_joins(
    rule: ClusterRule, shared_mentions: int, page_a_joins: str
) -> None:
    results, merged, holder = _two_shootings(shared_mentions)
    clusters = article_clusters([_article("a"), _article("b")], results, merged, rule=rule)
    assert clusters["a"] == holder[page_a_joins]
    assert clusters["b"] == holder["b:1"]
