"""Reading the store one record at a time (`Store.iter_events`, `iter_grouped`,
`iter_documents`; `query.stream_events`, `stream_merged`): the same records as the
list reads, for every filter, so that exports of any size tell what the CLI tells."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.api import process
from sitrep.config import Settings
from sitrep.ingest.read import read_paths
from sitrep.store import EventFilter, Store
from sitrep.store.query import find_merged, stream_events, stream_merged

REPORTS = Path(__file__).resolve().parents[1] / "merge_reports"
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "sitrep" / "samples"

FILTERS = [
    EventFilter(),
    EventFilter(types=("ASSAULT",)),
    EventFilter(statuses=("occurred",), since=dt.date(2024, 1, 1)),
    EventFilter(place="COD"),
    EventFilter(limit=3),
    EventFilter(limit=0),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The merging reports (three outlets, one copy) and the samples, stored."""
    path = tmp_path_factory.mktemp("streams") / "sitrep.db"
    with Store.open(path) as opened:
        opened.save(process(read_paths([str(REPORTS), str(SAMPLES)]), settings=Settings()))
        yield opened


@pytest.mark.parametrize("flt", FILTERS)
def test_streamed_events_are_the_listed_events(store: Store, flt: EventFilter) -> None:
    assert list(stream_events(store, flt)) == store.events(flt)


@pytest.mark.parametrize("flt", FILTERS)
def test_streamed_merged_events_are_the_merged_events(store: Store, flt: EventFilter) -> None:
    streamed = list(stream_merged(store, flt))
    listed = find_merged(store, flt)
    if flt.limit is None:
        assert sorted(m.id for m in streamed) == sorted(m.id for m in listed)
        assert {m.id: m.to_dict() for m in streamed} == {m.id: m.to_dict() for m in listed}
    else:
        assert len(streamed) == min(flt.limit, len(find_merged(store, EventFilter())))


def test_a_merged_events_reports_come_together(store: Store) -> None:
    idents = [ident for ident, _ in store.iter_grouped()]
    runs = [ident for ident, _ in itertools.groupby(idents)]
    assert len(runs) == len(set(runs))  # each merged event is one run of rows
    assert len(idents) == store.events_count()


def test_the_copy_is_listed_but_not_counted(store: Store) -> None:
    battle = next(
        m for m in stream_merged(store, EventFilter()) if dict(m.counts).get("killed")
        and dict(m.counts)["killed"].high == 20
    )  # fmt: skip
    assert any(r.copy for r in dict(battle.counts)["killed"].reports)


def test_documents_one_at_a_time(store: Store) -> None:
    documents = list(store.iter_documents())
    assert [d.id for d in documents] == sorted(d.id for d in documents)
    assert store.documents(d.id for d in documents) == documents
