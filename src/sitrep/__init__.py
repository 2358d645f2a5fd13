"""sitrep: structured, sourced PLOVER event data from conflict reporting.

The library is the product; the `sitrep` command is a thin face over it::

    import sitrep

    for event in sitrep.extract("Troops shelled Kandahar on Monday.", published="2024-03-06"):
        print(event.type, event.status, event.location, event.date)

`extract` returns `Event` records (docs/schema.md); `analyze` returns everything
read from one text (passages, parse, events) or a `Rejected`; `read_paths`
reads files, folders and stdin; `run_paths` reads, extracts and stores;
`to_pandas` gives a store's events as a pandas DataFrame (docs/export.md).
"""

from sitrep._moved import install_moved_module_aliases
from sitrep.api import analyze, build_pipeline, extract, make_document, process, sample_reports_dir
from sitrep.config import Settings, load_settings
from sitrep.errors import (
    ConfigError,
    NotFoundError,
    PipelineError,
    Reason,
    SitrepError,
    StoreError,
    UsageError,
)
from sitrep.export import to_pandas
from sitrep.ingest.read import read_paths
from sitrep.model import Analysis, Document, Event, Rejected, event_from_dict
from sitrep.runner import RunSummary, run_paths
from sitrep.store import Store
from sitrep.store.filters import EventFilter
from sitrep.store.query import summarize
from sitrep.version import __version__

# Old module paths (before the packages of 0.3) still import, with a DeprecationWarning.
install_moved_module_aliases()

__all__ = [
    "Analysis",
    "ConfigError",
    "Document",
    "Event",
    "EventFilter",
    "NotFoundError",
    "PipelineError",
    "Reason",
    "Rejected",
    "RunSummary",
    "Settings",
    "SitrepError",
    "Store",
    "StoreError",
    "UsageError",
    "__version__",
    "analyze",
    "build_pipeline",
    "event_from_dict",
    "extract",
    "load_settings",
    "make_document",
    "process",
    "read_paths",
    "run_paths",
    "sample_reports_dir",
    "summarize",
    "to_pandas",
]
