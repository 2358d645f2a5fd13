"""`sitrep.store.merged`: merged events kept in the store, updated as documents arrive,
on both backends (`targets`, `db_target`: SQLite, and PostgreSQL when a server is there)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import TEXT, make_analysis, make_event
from postgres_support import Targets
from sitrep.merge import MergedEvent, document_names, merge_events
from sitrep.model import Analysis, Count, Event, When
from sitrep.store import Store
from sitrep.store.filters import EventFilter
from sitrep.store.query import find_merged, find_merged_event

DAY = dt.date(2024, 3, 3)


def _event(doc: str, n: int, days: int, kind: str, killed: int) -> Event:
    when = When(start=DAY + dt.timedelta(days=days), end=DAY + dt.timedelta(days=days),
                precision="day", text=None, basis="relative")  # fmt: skip
    counts = (("killed", Count(killed, "exact", str(killed), 0, 1)),)
    return make_event(id=f"{doc}:e{n}", doc_id=doc, date=when, type=kind, counts=counts)


#: Ten documents of one or two events: the same attack told several times, the
#: same kind of attack a week later, and a protest.
DOCUMENTS = [
    make_analysis([_event(f"d{i}", 1, days, kind, killed)], doc_id=f"d{i}")
    for i, (days, kind, killed) in enumerate(
        [(0, "ASSAULT", 12), (1, "ASSAULT", 12), (0, "ASSAULT", 15), (8, "ASSAULT", 12),
         (9, "ASSAULT", 3), (0, "PROTEST", 0), (20, "ASSAULT", 12), (1, "PROTEST", 0),
         (30, "ASSAULT", 7), (8, "ASSAULT", 12)]
    )
]  # fmt: skip


def _merged_at_once(analyses: list[Analysis]) -> list[MergedEvent]:
    events = [e for a in analyses for e in a.events]
    names = {a.document.id: document_names(a.document.text, a.document.title) for a in analyses}
    return merge_events(events, context=names)


def _batch_groups(analyses: list[Analysis]) -> list[list[str]]:
    """The groups `merge_events` finds over everything at once."""
    return sorted(sorted(e.id for e in m.members) for m in _merged_at_once(analyses))


def _stored_groups(store: Store) -> list[list[str]]:
    ids = store.merged_ids(e.id for e in store.events())
    groups: dict[str, list[str]] = {}
    for event_id, merged in ids.items():
        groups.setdefault(merged, []).append(event_id)
    return sorted(sorted(members) for members in groups.values())


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(order=st.permutations(range(len(DOCUMENTS))), cuts=st.sets(st.integers(1, 9)))
def test_saving_in_any_order_and_batches_gives_the_groups_of_merging_at_once(
    targets: Targets, order: list[int], cuts: set[int]
) -> None:
    path = targets.new()  # a fresh store for each example
    bounds = [0, *sorted(cuts), len(order)]
    with Store.open(path) as store:
        for start, stop in itertools.pairwise(bounds):
            store.save([DOCUMENTS[i] for i in order[start:stop]])
        assert _stored_groups(store) == _batch_groups(DOCUMENTS)
        # Merged ids are those of batch merging too: the hash of the smallest member.
        stored = {m.id for m in find_merged(store, EventFilter())}
    assert stored == {m.id for m in _merged_at_once(DOCUMENTS)}


def test_the_groups_are_real_merges() -> None:
    groups = _batch_groups(DOCUMENTS)
    assert ["d0:e1", "d1:e1", "d2:e1"] in groups  # one attack, three reports
    assert ["d3:e1", "d4:e1", "d9:e1"] in groups  # the one a week later
    assert ["d5:e1", "d7:e1"] in groups  # the protest


def test_a_reprocessed_document_leaves_its_old_group(db_target: str) -> None:
    with Store.open(db_target) as store:
        store.save(DOCUMENTS)
        # d1 now says its attack was a fortnight later: it joins no one.
        moved = _event("d1", 1, 14, "ASSAULT", 12)
        changed = make_analysis([moved], doc_id="d1")
        store.save([changed])
        expected = _batch_groups([changed if a.document.id == "d1" else a for a in DOCUMENTS])
        assert _stored_groups(store) == expected
        assert ["d1:e1"] in expected


def test_one_merged_event_by_its_id_or_by_a_report(db_target: str) -> None:
    with Store.open(db_target) as store:
        store.save(DOCUMENTS)
        by_report = find_merged_event(store, "d1:e1")
        assert by_report is not None
        assert sorted(e.id for e in by_report.members) == ["d0:e1", "d1:e1", "d2:e1"]
        assert find_merged_event(store, by_report.id) == by_report
        assert find_merged_event(store, "nothing") is None


def test_a_filter_keeps_the_stored_merged_id(db_target: str) -> None:
    with Store.open(db_target) as store:
        store.save(DOCUMENTS)
        whole = find_merged_event(store, "d0:e1")
        only = find_merged(store, EventFilter(until=DAY))
    assert whole is not None
    (part,) = [m for m in only if m.type == "ASSAULT"]
    assert part.id == whole.id
    assert sorted(e.id for e in part.members) == ["d0:e1", "d2:e1"]


def test_copies_are_found_among_stored_documents(db_target: str) -> None:
    long_text = TEXT + " " + " ".join(f"word{i}" for i in range(60))
    first = make_analysis(doc_id="orig", text=long_text)
    copy = make_analysis(doc_id="copy", text=long_text)
    copy = dataclasses.replace(
        copy, document=dataclasses.replace(copy.document, published=DAY + dt.timedelta(days=1))
    )
    with Store.open(db_target) as store:
        store.save([first, copy])
        (merged,) = find_merged(store, EventFilter())
    (killed,) = [c for kind, c in merged.counts if kind == "killed"]
    assert {r.doc_id: r.copy for r in killed.reports} == {"orig": False, "copy": True}


def test_a_writer_merges_with_what_another_writer_changed(db_target: str) -> None:
    """Two writers on one store: one re-reads a document whose profile the other has read."""
    moved = make_analysis([_event("d1", 1, 14, "ASSAULT", 12)], doc_id="d1")
    later = make_analysis([_event("e", 1, 14, "ASSAULT", 12)], doc_id="e")
    with Store.open(db_target) as one, Store.open(db_target) as other:
        one.save(DOCUMENTS[:2])
        other.save([DOCUMENTS[2]])  # compares with d0 and d1: reads their profiles
        one.save([moved])  # d1 now tells of an attack a fortnight later
        other.save([later])  # must compare with d1 as it is now
        expected = _batch_groups([DOCUMENTS[0], moved, DOCUMENTS[2], later])
        assert ["d1:e1", "e:e1"] in expected
        assert _stored_groups(other) == expected
