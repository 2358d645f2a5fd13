"""Writing events out (`sitrep export`, docs/export.md).

- `sitrep.export.files`: `export_store`, the one entry point, and `ExportSummary`;
- `sitrep.export.writers`: JSON Lines and flat CSV;
- `sitrep.export.geojson`, `.arrow` (Parquet), `.acled`, `.ucdp`, `.plover`: the other formats;
- `sitrep.export.mapping`: the packaged PLOVER -> ACLED and UCDP tables;
- `sitrep.export.frames`: `to_pandas`.
"""

from sitrep.export.files import FORMATS, ExportSummary, check_request, export_store
from sitrep.export.frames import to_pandas
from sitrep.export.writers import CSV_COLUMNS, row, write_csv, write_jsonl

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "ExportSummary",
    "check_request",
    "export_store",
    "row",
    "to_pandas",
    "write_csv",
    "write_jsonl",
]
