"""The store: documents, events, rejections and merged events, and the one read path.

- `sitrep.store.sqlite`: `Store`, the embedded SQLite backend;
- `sitrep.store.migrations`: the numbered, recorded schema migrations;
- `sitrep.store.merged`: merged events kept in the store as documents arrive;
- `sitrep.store.filters`: `EventFilter`, which events a query returns;
- `sitrep.store.query`: the read functions every face uses (CLI, API, report).
"""

from sitrep.store.filters import EventFilter
from sitrep.store.sqlite import SaveCounts, Store

__all__ = ["EventFilter", "SaveCounts", "Store"]
