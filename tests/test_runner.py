"""`runner.run_paths`: what one run stores and counts, and that a second run changes nothing.

One folder holds a good report, an empty file and a binary file; the module
runs it once into a fresh store and keeps the summary and the store for the
tests (the language model loads once per process, so runs are shared).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sitrep.api import analyze
from sitrep.config import Settings
from sitrep.model import Analysis, Result
from sitrep.runner import RunSummary, run_paths
from sitrep.store import Store

REPORT = (
    "KABUL, March 4, 2024 (Reuters) - Troops shelled a village near Kandahar on Sunday, "
    "killing six civilians."
)


@dataclass
class Runs:
    """The two runs over the same folder, and the store they wrote to."""

    first: RunSummary
    second: RunSummary
    seen_first: list[Result]
    events_after_first: int
    events_after_second: int


def _folder(root: Path) -> Path:
    folder = root / "reports"
    folder.mkdir()
    (folder / "good.txt").write_text(REPORT, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02PK\x00\x00binary\x00" * 20)
    return folder


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Run the folder twice into one store."""
    root = tmp_path_factory.mktemp("runner")
    folder = _folder(root)
    settings = Settings(db=str(root / "sitrep.db"))
    seen: list[Result] = []
    with Store.open(settings.db) as store:
        first = run_paths([folder], settings=settings, store=store, on_result=seen.append)
        after_first = store.events_count()
        second = run_paths([folder], settings=settings, store=store)
        after_second = store.events_count()
    return Runs(first, second, seen, after_first, after_second)


def test_first_run_stores_the_good_document_and_its_events(runs: Runs) -> None:
    assert runs.first.read == 3
    assert runs.first.documents == 1
    assert runs.first.events > 0
    assert runs.first.events == runs.events_after_first
    assert runs.first.unchanged == 0


def test_first_run_counts_rejections_by_reason(runs: Runs) -> None:
    assert dict(runs.first.rejections) == {"empty": 1, "binary": 1}


@pytest.mark.parametrize("words", ["empty: 1", "binary: 1", "rejected:         2"])
def test_render_names_each_reason(runs: Runs, words: str) -> None:
    assert words in runs.first.render()


def test_render_names_the_database(runs: Runs) -> None:
    assert runs.first.db.endswith("sitrep.db")
    assert f"database:         {runs.first.db}" in runs.first.render()


def test_on_result_sees_every_processed_item(runs: Runs) -> None:
    analyses = [r for r in runs.seen_first if isinstance(r, Analysis)]
    assert len(runs.seen_first) == 3
    assert len(analyses) == 1
    assert sum(len(a.events) for a in analyses) == runs.first.events


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("read", 3),
        ("documents", 0),
        ("events", 0),
        # Only the one stored document is "unchanged"; the two rejections are
        # reported under rejected, not counted twice.
        ("unchanged", 1),
    ],
)
def test_second_run_stores_nothing_new(runs: Runs, field: str, expected: int) -> None:
    assert getattr(runs.second, field) == expected


def test_second_run_leaves_the_store_as_it_was(runs: Runs) -> None:
    assert runs.events_after_second == runs.events_after_first
    assert dict(runs.second.rejections) == {"empty": 1, "binary": 1}
    assert "documents stored: 0 (already stored, unchanged: 1)" in runs.second.render()


def test_empty_summary_renders_without_reasons() -> None:
    text = RunSummary().render()
    assert "rejected:         0" in text
    assert "(" not in text.splitlines()[-1]
    assert "database" not in text


def test_a_text_from_python_with_a_lone_surrogate_is_analysed_and_stored(tmp_path: Path) -> None:
    result = analyze(
        "Rebels shelled Goma \ud83d on Monday.", published="2024-03-04", doc_id="id-\udc00"
    )
    assert isinstance(result, Analysis)
    assert "\ufffd" in result.document.text
    assert result.document.id == "id-\ufffd"
    assert result.document.notes == ("text: 1 unpaired surrogate code point(s) replaced by U+FFFD",)
    with Store.open(tmp_path / "s.db") as store:
        assert store.save([result]).documents == 1
        (stored,) = store.documents([result.document.id])
    assert stored.notes == result.document.notes


def test_two_workers_read_inputs_from_the_callers_thread(tmp_path: Path) -> None:
    # The reader consults the store (same text already stored?) through a SQLite
    # connection that works only in the thread that opened it.
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"r{i}.txt").write_text(f"Police arrested {i + 2} protesters in Nairobi.")
    settings = Settings(workers=2, batch_size=1, published=None)
    with Store.open(tmp_path / "s.db") as store:
        summary = run_paths([folder], settings=settings, store=store)
        assert (summary.documents, store.documents_count()) == (3, 3)


def test_a_json_lines_text_with_a_nul_character_is_counted_as_rejected(
    tmp_path: Path, db_target: str
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "n", "text": "Troops shelled the town.\\u0000"}\n'
                    '{"id": "ok", "text": "Troops shelled the town on Monday."}\n',
                    encoding="utf-8")  # fmt: skip
    with Store.open(db_target) as store:
        summary = run_paths([feed], settings=Settings(db=db_target), store=store)
        assert (summary.read, summary.documents, summary.unchanged) == (2, 1, 0)
        assert summary.rejections == {"binary": 1}
        assert [r.doc_id for r in store.rejections()] == ["n"]
    if db_target.startswith("postgresql://"):  # the summary names the store, not its password
        assert ":***@" in summary.render()


# ---------------------------------------------------------------- versions of one id

ORIGINAL = (
    '{"id": "a1", "text": "Troops shelled a village near Kandahar, killing six civilians."}\n'
)
CORRECTED = (
    '{"id": "a1", "text": "Troops shelled a village near Kandahar, killing nine civilians."}\n'
)


def _store_after(tmp_path: Path, runs: list[list[str]], files: dict[str, str]) -> dict[str, object]:
    """Write `files`, make each run over the named files, and say what the store holds."""
    folder = tmp_path / "feeds"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    with Store.open(tmp_path / "versions.db") as store:
        for names in runs:
            run_paths([folder / n for n in names], settings=Settings(), store=store)
        (doc,) = store.documents(["a1"])
        rejections = sorted((r.reason, _name(r.origin)) for r in store.rejections())
    return {"origin": _name(doc.origin), "text": doc.text, "rejected": rejections}


def _name(origin: str | None) -> str:
    """The file name of an origin, without its folder or line number."""
    return Path((origin or "").rpartition(":")[0]).name


LATER_WINS = {
    "origin": "2024-03-12.jsonl",
    "text": CORRECTED.split('"text": "')[1].split('"}')[0],
    "rejected": [("superseded", "2024-03-11.jsonl")],
}
FEEDS = {"2024-03-11.jsonl": ORIGINAL, "2024-03-12.jsonl": CORRECTED}


@pytest.mark.parametrize(
    "runs",
    [
        [["2024-03-11.jsonl", "2024-03-12.jsonl"]],  # one run over both feeds
        [["2024-03-12.jsonl", "2024-03-11.jsonl"]],  # the same, named in the other order
        [["2024-03-11.jsonl", "2024-03-12.jsonl"]] * 3,  # run again: nothing changes
        [["2024-03-11.jsonl"], ["2024-03-12.jsonl"]],  # the correction comes a day later
        [["2024-03-12.jsonl"], ["2024-03-11.jsonl"]],  # an old feed read after the new one
        [["2024-03-12.jsonl"], ["2024-03-11.jsonl", "2024-03-12.jsonl"]],
    ],
)
def test_of_two_texts_under_one_id_the_later_feed_is_stored_in_every_run_order(
    tmp_path: Path, runs: list[list[str]]
) -> None:
    assert _store_after(tmp_path, runs, FEEDS) == LATER_WINS


def test_an_edited_file_replaces_what_it_gave_before(tmp_path: Path) -> None:
    _store_after(tmp_path, [["feed.jsonl"]], {"feed.jsonl": ORIGINAL})
    after = _store_after(tmp_path, [["feed.jsonl"]], {"feed.jsonl": CORRECTED})
    assert after == {**LATER_WINS, "origin": "feed.jsonl", "rejected": []}
