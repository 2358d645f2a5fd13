"""`sitrep.merge`: one event reported many times is one event with many sources."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_event
from sitrep import analyze
from sitrep.merge import (
    NO_NAMES,
    CountReport,
    DocumentNames,
    MergeSettings,
    Profile,
    count_range,
    document_names,
    merge_events,
)
from sitrep.merge.copies import CopyIndex, signature
from sitrep.merge.relation import shared_keys
from sitrep.model import Analysis, Count, Event, Place, When

DAY = dt.date(2024, 3, 3)
REPORTS = Path(__file__).parents[1] / "merge_reports"


def _event(ident: str, doc: str, **kw: object) -> Event:
    return make_event(id=ident, doc_id=doc, **kw)


def _when(day: dt.date, basis: str = "relative") -> When:
    return When(start=day, end=day, precision="day", text=None, basis=basis)  # type: ignore[arg-type]


def _killed(n: int) -> tuple[tuple[str, Count], ...]:
    return (("killed", Count(n, "exact", str(n), 0, 1)),)


def _groups(events: list[Event]) -> list[list[str]]:
    return sorted(sorted(e.id for e in m.members) for m in merge_events(events))


@pytest.mark.parametrize(
    ("other", "together"),
    [
        # The same attack told by another report: one event.
        ({}, True),
        ({"counts": _killed(14)}, True),
        # Another type is another event.
        ({"type": "PROTEST"}, False),
        # A week apart is another event; a day's slack is not.
        ({"date": _when(DAY + dt.timedelta(days=7))}, False),
        ({"date": _when(DAY + dt.timedelta(days=1))}, True),
        # An unstated day is within a week before the report's publication day.
        ({"date": _when(DAY + dt.timedelta(days=5), "publication")}, True),
        ({"date": _when(DAY + dt.timedelta(days=10), "publication")}, False),
        ({"date": _when(DAY - dt.timedelta(days=10), "publication")}, False),
        # Far apart, or in another country: another event.
        ({"location": Place("Herat", "Herat", 0, 5, country="AFG", lat=34.35, lon=62.2,
                            precision="city")}, False),
        ({"location": Place("Quetta", "Quetta", 0, 6, country="PAK", precision="country")}, False),
        # A dateline says where the report was filed, not the event: it blocks nothing.
        ({"location": Place("Kabul", "Kabul", 0, 5, country="AFG", lat=34.5, lon=69.2,
                            precision="city", basis="document")}, True),
    ],
)  # fmt: skip
def test_when_two_reports_are_one_event(other: dict[str, object], together: bool) -> None:
    first = _event("a", "doc-a", counts=_killed(12))
    second = _event("b", "doc-b", **({"counts": _killed(12)} | other))
    assert (len(_groups([first, second])) == 1) is together


def test_different_words_and_sides_are_not_one_event() -> None:
    first = _event("a", "doc-a")
    other = dataclasses.replace(
        make_event(), id="b", doc_id="doc-b", actors=(), targets=(), counts=(),
        evidence=dataclasses.replace(first.evidence, text="Protesters marched peacefully."),
    )  # fmt: skip
    assert len(_groups([first, other])) == 2


@settings(max_examples=30, deadline=None)
@given(st.permutations(list(range(6))))
def test_the_groups_do_not_depend_on_the_order_of_events(order: list[int]) -> None:
    events = [
        _event("a", "doc-a", counts=_killed(12)),
        _event("b", "doc-b", counts=_killed(15)),
        _event("c", "doc-c", date=_when(DAY + dt.timedelta(days=1))),
        _event("d", "doc-d", date=_when(DAY + dt.timedelta(days=9))),
        _event("e", "doc-e", date=_when(DAY + dt.timedelta(days=10))),
        _event("f", "doc-f", type="PROTEST"),
    ]
    merged = merge_events([events[i] for i in order])
    assert sorted(sorted(e.id for e in m.members) for m in merged) == [
        ["a", "b", "c"],
        ["d", "e"],
        ["f"],
    ]
    assert [m.id for m in merged] == [m.id for m in merge_events(events)]


@pytest.mark.parametrize(
    ("reports", "low", "best", "high"),
    [
        ([(12, "a", False)], 12, 12, 12),
        ([(12, "a", False), (15, "b", False), (20, "c", False)], 12, 15, 20),
        # Median of independent reports, the lower middle for an even number.
        ([(12, "a", False), (20, "b", False)], 12, 12, 20),
        # A copy is listed but not counted again.
        ([(12, "a", False), (12, "d", True), (20, "c", False)], 12, 12, 20),
        # One document counts once, with its highest figure (an updated toll).
        ([(3, "a", False), (5, "a", False), (20, "c", False)], 5, 5, 20),
    ],
)
def test_counts_across_sources(
    reports: list[tuple[int, str, bool]], low: int, best: int, high: int
) -> None:
    found = count_range(
        [
            CountReport(v, "exact", f"{doc}:{i}", doc, copy)
            for i, (v, doc, copy) in enumerate(reports)
        ]
    )
    assert (found.low, found.best, found.high) == (low, best, high)
    assert len(found.reports) == len(reports)


def test_disagreements_list_every_value_with_its_sources() -> None:
    merged = merge_events(
        [_event("a", "doc-a", counts=_killed(12)), _event("b", "doc-b", counts=_killed(12)),
         _event("c", "doc-c", counts=_killed(12), status="negated")]
    )  # fmt: skip
    (event,) = merged
    fields = {d.field: {c.value: c.doc_ids for c in d.values} for d in event.disagreements}
    assert fields == {"status": {"negated": ("doc-c",), "occurred": ("doc-a", "doc-b")}}
    assert event.status == "occurred"


# ---------------------------------------------------------------- reports written by us


@pytest.fixture(scope="module")
def battle() -> tuple[list[Event], dict[str, str], dict[str, DocumentNames]]:
    """Events, copies and document names of the five reports in tests/merge_reports."""
    events: list[Event] = []
    index = CopyIndex()
    context: dict[str, DocumentNames] = {}
    for path in sorted(REPORTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        analysis = analyze(text, doc_id=path.stem)
        assert isinstance(analysis, Analysis)
        events += analysis.events
        index.add(path.stem, signature(text), published=analysis.document.published)
        context[path.stem] = document_names(text)
    return events, {c.doc_id: c.original for c in index.copies()}, context


def test_three_outlets_one_copy_and_a_later_attack(
    battle: tuple[list[Event], dict[str, str], dict[str, DocumentNames]],
) -> None:
    events, copies, context = battle
    assert copies == {"d_syndicated_copy": "a_kivu_post"}
    merged = merge_events(events, copies=copies, context=context)
    tolls = [m for m in merged if dict(m.counts).get("killed")]
    by_docs = {tuple(sorted({e.doc_id for e in m.members})): m for m in tolls}
    battle_event = by_docs[
        ("a_kivu_post", "b_lakeside_radio", "c_great_lakes_monitor", "d_syndicated_copy")
    ]
    killed = dict(battle_event.counts)["killed"]
    # 12, 15 and about 20 from three outlets; the copy's 12 is listed, not counted again.
    assert (killed.low, killed.best, killed.high) == (12, 15, 20)
    assert [r.doc_id for r in killed.reports if r.copy] == ["d_syndicated_copy"]
    assert battle_event.location is not None
    assert battle_event.location.name == "Sake"
    assert (battle_event.start, battle_event.end) == (dt.date(2024, 3, 2), dt.date(2024, 3, 2))
    disputed = {d.field: [c.value for c in d.values] for d in battle_event.disagreements}
    assert disputed["killed"] == ["12", "15", "20"]
    # One outlet says the assault was ordered by M23 commanders, another that an
    # army offensive sparked it: both are listed, with their sources.
    assert disputed["cause"] == ["because of an army offensive", "ordered by M23 commanders"]
    # The attack eight days later in the same town is another event.
    later = by_docs[("e_week_later",)]
    assert dict(later.counts)["killed"].best == 4
    assert len(battle_event.sources) == 4


@pytest.mark.parametrize(
    ("first", "second", "disputed"),
    [
        # Two names for one side are not a dispute.
        ("Iraqi Security Forces", "security forces", False),
        # Two different sides are.
        ("M23", "Congolese army", True),
    ],
)
def test_actors_disagree_only_when_they_cannot_be_the_same_side(
    first: str, second: str, disputed: bool
) -> None:
    base = make_event().actors[0]
    one = _event("a", "doc-a", actors=(dataclasses.replace(base, name=first, id=None),))
    other = _event("b", "doc-b", actors=(dataclasses.replace(base, name=second, id=None),))
    (merged,) = merge_events([one, other])
    assert ("actors" in {d.field for d in merged.disagreements}) is disputed


def test_two_sentences_of_one_report_do_not_disagree() -> None:
    merged = merge_events(
        [_event("a", "doc-a", counts=_killed(3)), _event("b", "doc-a", counts=_killed(5))]
    )
    assert [m.disagreements for m in merged] == [()]


def _told_apart(evidence: str, doc_id: str, **kw: object) -> Event:
    """An event of `doc_id` whose sentence is `evidence`, with no actors, counts or place."""
    base = make_event()
    return _event(
        f"{doc_id}:e", doc_id, actors=(), targets=(), counts=(), location=None,
        evidence=dataclasses.replace(base.evidence, text=evidence), **kw,
    )  # fmt: skip


VIGIL = "Mourners gathered at Maple Street for Darnell Ruiz, shot near the Harbor Diner."
BURIAL = "Darnell Ruiz was buried on Maple Street near the Harbor Diner in Riverton."


@pytest.mark.parametrize(
    ("first", "second", "together"),
    [
        # Two sentences that share little, in documents that share their names.
        (("Police said it was a robbery.", "doc-a", VIGIL), ("He was shot twice.", "doc-b", BURIAL),
         True),
        # The same two sentences in documents about other people and places.
        (("Police said it was a robbery.", "doc-a", VIGIL),
         ("He was shot twice.", "doc-b", "Rosa Lind was shot at the Elm Court market in Dover."),
         False),
        # Within one document its names say nothing about two of its events.
        (("Police said it was a robbery.", "doc-a", VIGIL), ("He was shot twice.", "doc-a", VIGIL),
         False),
    ],
)  # fmt: skip
def test_documents_that_share_their_names_report_one_event(
    first: tuple[str, str, str], second: tuple[str, str, str], together: bool
) -> None:
    events = [_told_apart(sentence, doc) for sentence, doc, _ in (first, second)]
    if first[1] == second[1]:
        events[1] = dataclasses.replace(events[1], id=f"{second[1]}:f")
    # The shared key the hard rules ask for: a name of the two titles.
    context = {doc: document_names(text, "Riverton shooting") for _, doc, text in (first, second)}
    merged = merge_events(events, context=context)
    assert (len(merged) == 1) is together


@pytest.mark.parametrize(
    ("first_title", "second_evidence", "shared"),
    [
        # One report's title names what the other's sentence tells.
        ("Four shot at Haw River sports bar", "A gunman opened fire in Haw River on Sunday.",
         True),
        ("Four shot at Haw River sports bar", "A gunman opened fire in Dover on Sunday.", False),
    ],
)  # fmt: skip
def test_a_title_name_is_a_key_shared_with_the_other_reports_sentence(
    first_title: str, second_evidence: str, shared: bool
) -> None:
    first = Profile.of(
        _told_apart("Police said it was a robbery.", "doc-a"),
        MergeSettings(),
        document_names("", first_title),
    )
    second = Profile.of(_told_apart(second_evidence, "doc-b"), MergeSettings(), NO_NAMES)
    assert (not shared_keys(first).isdisjoint(shared_keys(second))) is shared


@pytest.mark.parametrize(
    ("title", "names"),
    [
        ("Man shot on Main Street - WXYZ News, Weather & Sports", {"^man", "^main", "^street"}),
        ("Two killed in Riverton | The Riverton Herald", {"^riverton"}),
        ("Ten killed in Kabul", {"^ten", "^kabul"}),
    ],
)
def test_a_titles_site_name_is_not_a_name_of_its_report(title: str, names: set[str]) -> None:
    assert document_names("", title).title == frozenset(names)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Capitalised at the start of a sentence, a function word is not a name.
        ("According to Sgt. Ruiz, she was shot. Anyone with information should call.",
         {"^sgt", "^ruiz"}),
        ("She said there were 4 shots. There was no one else.", {"^4"}),
        # A typographic apostrophe is the plain one: "It’s" is "It's", a function word.
        ("It’s unclear, Sheriff’s deputies said.", {"^sheriff's"}),
    ],
)  # fmt: skip
def test_a_function_word_starting_a_sentence_is_not_a_name(text: str, names: set[str]) -> None:
    assert document_names(text).text == frozenset(names)
