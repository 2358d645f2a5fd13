"""Stored events as a pandas DataFrame: `sitrep.to_pandas`.

The DataFrame is the Parquet table (`sitrep.export.arrow`) with its structs spread
into dotted columns (``location.country``, ``counts.killed.value``, ``date.start``),
as the CSV names them; lists (actors, targets, members, sources) stay lists of
dicts. Dates are datetime64 columns, integers nullable ``Int64``, so an unknown
count is missing, not a float NaN standing in for a number.

pandas and pyarrow are optional (``pip install 'sitrep[export]'``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitrep.errors import UsageError
from sitrep.export import arrow
from sitrep.store.filters import EventFilter
from sitrep.store.query import stream_events, stream_merged
from sitrep.store.sqlite import Store


def to_pandas(
    db: str | Path | Store, *, merged: bool = False, flt: EventFilter | None = None
) -> Any:
    """The events of the store `db` (a path or an open `Store`) passing `flt` as a
    pandas DataFrame, one row per event, or per merged event with `merged`.

    Raises UsageError when pandas or pyarrow is missing or there is no store at `db`
    (asking never creates one)."""
    pa = arrow.pyarrow()
    pandas = _pandas()
    if isinstance(db, Store):
        return _frame(db, merged, flt or EventFilter(), pa, pandas)
    if not Path(db).is_file():
        raise UsageError(f"no database at {db}; run `sitrep run PATH --db {db}`")
    with Store.open(db) as store:
        return _frame(store, merged, flt or EventFilter(), pa, pandas)


def _pandas() -> Any:
    try:
        import pandas  # late: an optional dependency
    except ImportError:
        raise UsageError(f"to_pandas needs pandas: {arrow.INSTALL}") from None
    return pandas


def _frame(store: Store, merged: bool, flt: EventFilter, pa: Any, pandas: Any) -> Any:
    if merged:
        rows = (arrow.merged_row(m) for m in stream_merged(store, flt))
        table = arrow.table(rows, arrow.merged_schema())
    else:
        table = arrow.table((arrow.event_row(e) for e in stream_events(store, flt)),
                            arrow.event_schema())  # fmt: skip
    while any(pa.types.is_struct(field.type) for field in table.schema):
        table = table.flatten()  # one level of structs at a time: location.name, ...

    def dtype(kind: Any) -> Any:
        return pandas.Int64Dtype() if pa.types.is_integer(kind) else None

    return table.to_pandas(types_mapper=dtype, date_as_object=False)
