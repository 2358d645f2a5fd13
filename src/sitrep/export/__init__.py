"""Writing events out: JSON Lines and CSV (`sitrep.export.writers`)."""

from sitrep.export.writers import CSV_COLUMNS, row, write_csv, write_jsonl

__all__ = ["CSV_COLUMNS", "row", "write_csv", "write_jsonl"]
