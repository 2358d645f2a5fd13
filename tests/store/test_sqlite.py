"""The store: filters, idempotent saving, replacement, rejections, errors.

Tests taking `db_target` run once per backend (SQLite, and PostgreSQL when a
server is there: tests/postgres_support.py); the others are about SQLite files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import TEXT, make_analysis, make_event
from sitrep.errors import ConfigError, StoreError
from sitrep.model import Actor, Analysis, Event, Place, Rejected, When
from sitrep.store import SaveCounts, Store, backend
from sitrep.store import sqlite as sqlite_store
from sitrep.store.filters import EventFilter
from sitrep.store.migrations import LATEST
from sitrep.store.query import find_events, summarize


def _when(start: dt.date | None, end: dt.date | None = None) -> When | None:
    if start is None and end is None:
        return None
    return When(start=start, end=end or start, precision="day", text=None, basis="explicit")


def _place(name: str, country: str) -> Place:
    return Place(name=name, text=name, start=0, end=len(name), country=country, precision="city")


def _actor(name: str, text: str = "") -> Actor:
    return Actor(name=name, text=text or name, start=0, end=len(text or name))


def _event(
    event_id: str,
    doc_id: str,
    kind: str,
    status: str,
    when: When | None,
    place: Place | None,
    actor: Actor,
    evidence_start: int = 30,
    targets: tuple[Actor, ...] = (),
) -> Event:
    base = make_event(id=event_id, doc_id=doc_id)
    return dataclasses.replace(
        base,
        type=kind,
        status=status,
        date=when,
        location=place,
        actors=(actor,),
        targets=targets,
        evidence=dataclasses.replace(base.evidence, start=evidence_start),
    )


MARCH = dt.date(2024, 3, 1)
# Five events in three documents, chosen so each filter keeps a different set.
E1 = _event(
    "a:1",
    "a",
    "ASSAULT",
    "occurred",
    _when(MARCH.replace(day=3)),
    _place("Kandahar", "AFG"),
    _actor("Taliban", "Taliban fighters"),
    targets=(_actor("Afghan police", "a police checkpoint"),),
)
E2 = _event(
    "a:2",
    "a",
    "FIGHT",
    "planned",
    _when(MARCH.replace(day=10), MARCH.replace(day=12)),
    _place("Kabul", "AFG"),
    _actor("Afghan Army"),
    evidence_start=200,
)
E3 = _event("b:1", "b", "PROTEST", "occurred", None, _place("Peshawar", "PAK"), _actor("Students"))
E4 = _event(
    "c:1",
    "c",
    "ASSAULT",
    "threatened",
    _when(dt.date(2024, 2, 20)),
    None,
    _actor("Islamic State"),
    targets=(_actor("Shiite worshippers"),),
)
E5 = _event(
    "c:2",
    "c",
    "PROTEST",
    "occurred",
    _when(MARCH.replace(day=5)),
    _place("Çorum", "TUR"),
    _actor("Ärzte ohne Grenzen"),
)
ALL = (E4, E1, E5, E2, E3)  # the documented order: by date, undated last


def _analyses() -> list[Analysis]:
    return [
        make_analysis(events=[E1, E2], doc_id="a"),
        make_analysis(events=[E3], doc_id="b"),
        make_analysis(events=[E5, E4], doc_id="c"),
    ]


@pytest.fixture
def store(db_target: str) -> Iterator[Store]:
    with Store.open(db_target) as opened:
        yield opened


@pytest.fixture
def filled(store: Store) -> Store:
    store.save(_analyses())
    return store


def _ids(events: list[Event]) -> list[str]:
    return [e.id for e in events]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (EventFilter(), ALL),
        (EventFilter(types=("assault",)), (E4, E1)),
        (EventFilter(types=("FIGHT", "protest")), (E5, E2, E3)),
        (EventFilter(statuses=("OCCURRED",)), (E1, E5, E3)),
        (EventFilter(statuses=("planned", "threatened")), (E4, E2)),
        (EventFilter(since=MARCH.replace(day=5)), (E5, E2)),
        (EventFilter(until=MARCH.replace(day=3)), (E4, E1)),
        # E2 runs 10-12 March: a window touching only its last day still keeps it.
        (EventFilter(since=MARCH.replace(day=12), until=MARCH.replace(day=20)), (E2,)),
        (EventFilter(since=MARCH.replace(day=13)), ()),
        (EventFilter(place="kand"), (E1,)),
        (EventFilter(place="afg"), (E1, E2)),
        (EventFilter(place="ÇORUM"), (E5,)),
        (EventFilter(place="AF"), ()),  # a country code must match whole
        (EventFilter(actor="taliban"), (E1,)),
        (EventFilter(actor="police checkpoint"), (E1,)),  # the words of a target
        (EventFilter(actor="ÄRZTE"), (E5,)),
        (EventFilter(actor="state"), (E4,)),
        (EventFilter(actor="fighters afghan"), ()),  # no match across two names
        (EventFilter(types=("ASSAULT",), place="AFG"), (E1,)),
        (EventFilter(limit=2), (E4, E1)),
        (EventFilter(limit=0), ()),
        (EventFilter(actor="'; DROP TABLE events; --"), ()),
    ],
)
def test_filters(filled: Store, flt: EventFilter, expected: tuple[Event, ...]) -> None:
    assert _ids(find_events(filled, flt)) == _ids(list(expected))
    assert filled.events_count() == len(ALL)  # the odd filters changed nothing


def test_events_round_trip_equal_to_what_was_saved(filled: Store) -> None:
    assert filled.events() == list(ALL)
    assert filled.events(None) == filled.events(EventFilter())


def test_order_within_a_document_follows_evidence(store: Store) -> None:
    later = make_event(id="d:1", doc_id="d", evidence=make_event().evidence)
    earlier = dataclasses.replace(
        later, id="d:2", evidence=dataclasses.replace(later.evidence, start=1)
    )
    store.save([make_analysis(events=[later, earlier], doc_id="d")])
    assert _ids(store.events()) == ["d:2", "d:1"]


def _dump(target: str) -> dict[str, list[tuple[Any, ...]]]:
    conn = backend.connect(target)
    try:
        return {
            table: [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3")]
            for table in ("documents", "events", "rejections", "merge_profiles")
        }
    finally:
        conn.close()


REJECTED = Rejected("bad.txt", "read", "binary", "NUL bytes at offset 12", "in/bad.txt")


def test_saving_twice_changes_nothing(db_target: str) -> None:
    path = db_target
    batch = [*_analyses(), REJECTED]
    with Store.open(path) as store:
        first = store.save(batch)
    before = _dump(path)
    with Store.open(path) as store:
        second = store.save(batch)
    assert first == SaveCounts(documents=3, events=5, rejections=1, unchanged=0)
    assert second == SaveCounts(documents=0, events=0, rejections=0, unchanged=4)
    assert _dump(path) == before


def test_changed_document_replaces_its_events(filled: Store) -> None:
    newer = make_event(id="a:9", doc_id="a", type="FIGHT")
    counts = filled.save([make_analysis(events=[newer], doc_id="a", text="A newer text.")])
    assert counts == SaveCounts(documents=1, events=1, rejections=0, unchanged=0, replaced=1)
    assert filled.documents_count() == 3
    assert filled.document_text("a") == "A newer text."
    assert _ids(filled.events()) == ["c:1", "a:9", "c:2", "b:1"]


def test_same_document_twice_in_one_batch_is_stored_once(store: Store) -> None:
    counts = store.save([make_analysis(), make_analysis()])
    assert counts == SaveCounts(documents=1, events=1, rejections=0, unchanged=1)


@pytest.mark.parametrize(
    ("batch", "counts", "stored"),
    [
        ([REJECTED, REJECTED], {"binary": 1}, 1),
        # a different detail for the same key does not make a second row
        ([REJECTED, dataclasses.replace(REJECTED, detail="other words")], {"binary": 1}, 1),
        (
            [
                REJECTED,
                dataclasses.replace(REJECTED, origin=None),
                dataclasses.replace(REJECTED, origin=None),
                Rejected("x.jsonl:3", "read", "malformed", "not a JSON object"),
            ],
            {"binary": 2, "malformed": 1},
            3,
        ),
    ],
)
def test_rejections_are_counted_once(
    store: Store, batch: list[Rejected], counts: dict[str, int], stored: int
) -> None:
    result = store.save(batch)
    assert result.rejections == stored
    assert result.unchanged == len(batch) - stored
    assert store.rejection_counts() == counts
    assert len(store.rejections()) == stored
    assert set(store.rejections()) <= set(batch)  # origin None comes back as None


def test_document_text(filled: Store) -> None:
    assert filled.document_text("b") == make_analysis(doc_id="b").document.text
    assert filled.document_text("missing") is None


def _failing_batch() -> Iterator[Analysis]:
    yield make_analysis(doc_id="ok")
    raise RuntimeError("stage crashed mid-batch")


def test_failed_save_rolls_back(store: Store) -> None:
    with pytest.raises(RuntimeError):
        store.save(_failing_batch())
    assert store.documents_count() == 0
    clash = make_analysis(events=[make_event(id="same")], doc_id="x")
    other = make_analysis(events=[make_event(id="same")], doc_id="y")
    with pytest.raises(StoreError, match="could not save results") as caught:
        store.save([clash, other])  # two documents claim one event id
    assert "\n" not in str(caught.value)  # one line, whatever the database says
    assert (store.documents_count(), store.events_count()) == (0, 0)


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=str(tmp_path)) as caught:
        Store.open(tmp_path)  # a directory
    assert "directory that exists" in str(caught.value)
    with pytest.raises(StoreError, match="missing"):
        Store.open(tmp_path / "missing" / "s.db")


def test_foreign_or_newer_database_is_refused(tmp_path: Path) -> None:
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE things (x)")
    with pytest.raises(StoreError, match="not a sitrep store"):
        Store.open(foreign)
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="upgrade sitrep"):
        Store.open(newer)


def test_schema_version_and_wal(tmp_path: Path) -> None:
    Store.open(tmp_path / "s.db").close()
    Store.open(tmp_path / "s.db").close()  # reopening an existing store works
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def _make_old(path: Path, version: int) -> None:
    """Turn a new store into one as sitrep 0.1 (version 1) or 0.2 (version 2) left it."""
    with sqlite3.connect(path) as conn:
        for column in ("place_fold", "country_fold", "actors_fold", "evidence_fold"):
            conn.execute(f"ALTER TABLE events DROP COLUMN {column}")  # migration 6
        conn.execute("DROP TABLE reviews")  # migration 5
        conn.execute("DROP INDEX events_review")
        conn.execute("ALTER TABLE events DROP COLUMN review")
        conn.execute("ALTER TABLE documents DROP COLUMN notes")  # kept since version 4
        conn.execute("DROP TABLE merge_profiles")
        conn.execute("DROP TABLE merge_settings")
        conn.execute("DROP TABLE schema_migrations")  # kept since sitrep 0.3
        if version == 1:
            conn.execute("DROP TABLE signatures")
        conn.execute(f"PRAGMA user_version = {version}")


def test_a_version_1_store_gains_signatures_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        store.save([make_analysis()])
        signed = store.signatures(["doc-1"])
    _make_old(path, 1)
    with Store.open(path) as store:
        assert store.events_count() == 1
        # stored before signatures were kept: the migration computes the same bytes
        assert store.signatures(["doc-1"]) == signed
        store.save([make_analysis(doc_id="doc-2")])
        assert set(store.signatures(["doc-1", "doc-2"])) == {"doc-1", "doc-2"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (LATEST,)


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_store_gets_its_events_merged_when_opened(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        store.save([make_analysis(), make_analysis(doc_id="doc-2")])
        before = store.merged_ids(e.id for e in store.events())
    _make_old(path, version)
    with Store.open(path) as store:
        after = store.merged_ids(e.id for e in store.events())
    assert after == before
    assert len(set(after.values())) == 1  # the two reports of one attack are one event


def test_each_document_keeps_its_signature(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.save([make_analysis()])
        (data,) = store.signatures(["doc-1", "nope"]).values()
    # The conftest text is too short (under 30 words) to be told apart from another.
    assert data is None


def test_closed_store_raises_store_error(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    store.close()
    with pytest.raises(StoreError):
        store.events_count()


@pytest.mark.parametrize(
    "kwargs",
    [{"limit": -1}, {"since": dt.date(2024, 3, 2), "until": dt.date(2024, 3, 1)}],
)
def test_bad_filters_are_config_errors(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        EventFilter(**kwargs)


def test_summarize() -> None:
    summary = summarize(ALL)
    assert summary.events == 5
    assert summary.documents == 3
    assert summary.by_type == (("ASSAULT", 2), ("PROTEST", 2), ("FIGHT", 1))
    assert summary.by_status == (("occurred", 3), ("planned", 1), ("threatened", 1))
    assert (summary.first, summary.last, summary.undated) == (
        dt.date(2024, 2, 20),
        dt.date(2024, 3, 12),
        1,
    )
    assert summary.render().splitlines() == [
        "5 events from 3 documents",
        "dates: 2024-02-20 to 2024-03-12",
        "undated: 1",
        "by type: ASSAULT 2, PROTEST 2, FIGHT 1",
        "by status: occurred 3, planned 1, threatened 1",
    ]
    assert summarize([]).render() == "0 events from 0 documents"


# ---------------------------------------------------------------- one id, two texts; locks


def test_two_texts_with_one_id_in_one_batch_keep_the_later(db_target: str) -> None:
    # Two JSON Lines files give id "a" to an article and its corrected version.
    first = make_analysis(doc_id="a")
    newer = make_event(id="a:9", doc_id="a", type="FIGHT")
    second = make_analysis(events=[newer], doc_id="a", text=TEXT.replace("12", "14"))
    with Store.open(db_target) as store:
        counts = store.save([first, make_analysis(doc_id="b"), second])
        assert counts.replaced == 1
        assert store.documents_count() == 2
        assert store.document_text("a") == second.document.text
        assert {e.id for e in store.events()} == {"a:9", "b:e1"}
        # every stored event has its merge profile, and no profile outlives its event
        assert set(store.merged_ids(["a:9", "b:e1", "a:e1"])) == {"a:9", "b:e1"}


def test_a_reader_opens_and_reads_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store.open(path) as store:
        store.save([make_analysis()])
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # another run, in the middle of saving a batch
        with Store.open(path) as reader:  # would wait for the lock if opening wrote
            assert reader.events_count() == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_store_busy_past_the_wait_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    Store.open(path).close()
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(sqlite_store, "SAVE_ATTEMPTS", 2)
    monkeypatch.setattr(sqlite_store.time, "sleep", lambda _s: None)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with Store.open(path) as store, pytest.raises(StoreError, match="locked"):
            store.save([make_analysis()])
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# ---------------------------------------------------------------- NUL characters


@pytest.mark.parametrize(
    ("document", "why"),
    [
        ({"text": TEXT.replace(" - ", " \x00- ")}, "its text contain"),
        ({"title": "Attack\x00"}, "its title contain"),
        ({"url": "https://example.org/\x00", "outlet": "Reu\x00ters"}, "its url and outlet"),
    ],
)
def test_a_document_with_nul_characters_is_a_binary_rejection_on_every_backend(
    store: Store, document: dict[str, str], why: str
) -> None:
    # PostgreSQL text cannot hold U+0000: both backends refuse such a document alike.
    analysis = make_analysis(doc_id="nul")
    analysis = dataclasses.replace(
        analysis, document=dataclasses.replace(analysis.document, **document)
    )
    counts = store.save([analysis, make_analysis()])
    assert (counts.documents, counts.rejections) == (1, 1)
    (rejected,) = store.rejections()
    assert (rejected.doc_id, rejected.stage, rejected.reason) == ("nul", "store", "binary")
    assert why in rejected.detail


def test_a_rejection_keeps_its_text_with_nul_characters_replaced(store: Store) -> None:
    store.save([Rejected("x\x00.jsonl:1", "read", "malformed", "bad \x00 line", "x\x00.jsonl")])
    assert store.rejections() == [
        Rejected("x\ufffd.jsonl:1", "read", "malformed", "bad \ufffd line", "x\ufffd.jsonl")
    ]
