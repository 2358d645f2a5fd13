"""The public API: what `import sitrep` offers, and every import path the docs give.

`sitrep.__all__` is pinned here, so adding or removing a public name is a
deliberate change of this file (and a CHANGELOG line). Every dotted `sitrep.`
path and every `from sitrep... import ...` line in README.md and docs/ must
resolve, so the docs cannot promise a name the code no longer has. Old module
paths of the flat layout still import, with a DeprecationWarning (`sitrep._moved`).
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import sitrep
from sitrep._moved import MOVED

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FILE_NAMES = {"sitrep.db", "sitrep.toml"}  # files the docs name, not modules

PUBLIC = [
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


def test_the_public_names_are_pinned() -> None:
    assert sorted(sitrep.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(sitrep, name) is not None


def resolve(path: str) -> Any:
    """The object at dotted `path`: the longest importable module, then attributes."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", DeprecationWarning)  # no doc may use an old path
                found: Any = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(path)


def documented_paths() -> list[tuple[str, str]]:
    """(file, dotted path) for every `sitrep.` path and every `from sitrep... import` name."""
    found: set[tuple[str, str]] = set()
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in re.finditer(r"\bfrom (sitrep[\w.]*) import ([\w, ]+)", text):
            found |= {(doc.name, f"{match[1]}.{n.strip()}") for n in match[2].split(",")}
        for match in re.finditer(r"(?<![\w/.-])sitrep(?:\.[A-Za-z_]\w*)+", text):
            if match[0] not in FILE_NAMES:
                found.add((doc.name, match[0]))
    return sorted(found)


@pytest.mark.parametrize(("doc", "path"), documented_paths())
def test_every_documented_path_resolves(doc: str, path: str) -> None:
    if path.endswith(".__main__"):  # importing it would run the command: find it only
        assert importlib.util.find_spec(path) is not None
    else:
        resolve(path)


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_module_path_warns_and_gives_the_new_module(
    old: str, new: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, old, raising=False)  # warned once per process
    with pytest.warns(DeprecationWarning, match=re.escape(new)):
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)


def test_the_old_paths_of_the_docs_before_0_3_still_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "sitrep.query", raising=False)
    with pytest.warns(DeprecationWarning, match="sitrep.store.query"):
        from sitrep.query import find_disagreements, find_merged, find_merged_event
    assert find_merged.__module__ == "sitrep.store.query"
    assert callable(find_disagreements)
    assert callable(find_merged_event)
