"""Measuring sitrep against public gold data: one small scorer per gold set.

`run(name, data_dir, limit=..., settings=...)` scores one dataset and returns a
`core.Report`; `DATASETS` names them. Gold data is the user's (or the project's
`../shared/data`): the installed program never needs it, and nothing of it is
bundled. docs/evaluation.md describes each scorer, its mapping between
vocabularies and what its figures mean.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from sitrep.config import Settings
from sitrep.errors import ConfigError, UsageError
from sitrep.evaluation.core import Report

#: Dataset name -> the module (in this package) whose `score()` measures it.
DATASETS: dict[str, str] = {
    "plover_gsr": "plover_gsr",
    "muc4": "muc4",
    "gva": "gva",
    "tempeval3": "tempeval3",
    "geoparsing": "geoparsing",
    "wikievents": "wikievents",
    "rams": "rams",
    "re3d": "re3d",
    "gva_merge": "gva_merge",
    "conflibert_cameo": "conflibert_cameo",
}

#: Datasets scored from another set's folder (the merging of GVA reads `gva/`).
FOLDERS: dict[str, str] = {"gva_merge": "gva"}


def run(
    name: str, data_dir: Path, *, limit: int | None = None, settings: Settings | None = None
) -> Report:
    """Score dataset `name` from `data_dir` (the folder holding one folder per gold set)."""
    if name not in DATASETS:
        raise UsageError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")
    folder = data_dir / FOLDERS.get(name, name)
    if not folder.is_dir():
        raise ConfigError(
            f"no gold data for {name} at {folder}; pass --data DIR (the folder that holds "
            f"{name}/) or set SITREP_EVAL_DATA"
        )
    module = importlib.import_module(f".{DATASETS[name]}", __name__)
    try:
        report: Report = module.score(folder, limit=limit, settings=settings or Settings())
    except OSError as exc:  # a gold file is missing or unreadable: the data, not sitrep
        raise ConfigError(
            f"cannot read the {name} gold data in {folder}: {exc}; point --data at a "
            "complete copy (docs/evaluation.md lists the files each set needs)"
        ) from None
    if report.items == 0:
        raise ConfigError(f"no {name} gold items found in {folder}; is it the right folder?")
    return report


__all__ = ["DATASETS", "Report", "run"]
