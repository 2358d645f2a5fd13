"""`sitrep.to_pandas`: the store's events (or merged events) as a DataFrame."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from export_helpers import events, store_path

import sitrep
from sitrep.errors import UsageError
from sitrep.store import EventFilter, Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_path(tmp_path_factory.mktemp("frames"))


def test_one_row_per_event_with_dotted_typed_columns(db: Path) -> None:
    frame = sitrep.to_pandas(db)
    assert isinstance(frame, pd.DataFrame)
    assert sorted(frame["id"]) == sorted(e.id for e in events().values())
    assert {"location.country", "counts.killed.value", "date.start", "source.outlet"} <= set(
        frame.columns
    )
    assert str(frame["counts.killed.value"].dtype) == "Int64"  # a missing count is NA, not NaN
    assert pd.api.types.is_datetime64_any_dtype(frame["date.start"])
    attack = frame.set_index("id").loc["doc-a:attack"]
    assert attack["counts.killed.value"] == 12
    assert attack["location.lat"] == pytest.approx(31.61332)
    assert [a["name"] for a in attack["actors"]] == ["Taliban"]
    assert frame.set_index("id").loc["doc-c:protest", "counts.killed.value"] is pd.NA


def test_merged_events_and_a_filter(db: Path) -> None:
    merged = sitrep.to_pandas(db, merged=True)
    assert len(merged) == 5
    attack = merged[merged["members"].map(len) == 2].iloc[0]
    assert (attack["counts.killed.low"], attack["counts.killed.high"]) == (12, 15)
    with Store.open(db) as store:
        talks = sitrep.to_pandas(store, flt=EventFilter(types=("CONSULT",)))
    assert list(talks["type"]) == ["CONSULT"]


def test_no_database_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(UsageError, match="no database at"):
        sitrep.to_pandas(missing)
    assert not missing.exists()


def test_without_pandas_it_says_how_to_install_it(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pandas", None)
    with pytest.raises(UsageError, match=r"pip install 'sitrep\[export\]'"):
        sitrep.to_pandas(db)
