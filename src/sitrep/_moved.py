"""Old module paths that still import, with a DeprecationWarning naming the new one.

sitrep 0.3 put its modules in one package per stage (docs/architecture.md).
Code written against the flat layout (``from sitrep.query import find_merged``)
keeps working: importing an old path warns and gives the module at its new path,
the very same module object. The aliases go in sitrep 0.4.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

#: Old module path -> where the module lives now.
MOVED: dict[str, str] = {
    "sitrep.actors": "sitrep.resolve.actor_lexicon",
    "sitrep.clean": "sitrep.ingest.clean",
    "sitrep.dates": "sitrep.resolve.time_expressions",
    "sitrep.dedupe": "sitrep.merge.copies",
    "sitrep.mergestore": "sitrep.store.merged",
    "sitrep.placecontext": "sitrep.resolve.place_context",
    "sitrep.places": "sitrep.resolve.gazetteer",
    "sitrep.query": "sitrep.store.query",
    "sitrep.read": "sitrep.ingest.read",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds the old paths of `MOVED` and loads each as its new module."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """A spec for an old path, loaded by this object; None for any other name."""
        if fullname not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        """The module at its new path (imported if need be), after the warning."""
        new = MOVED[spec.name]
        warnings.warn(
            f"{spec.name} has moved to {new}; import it from there"
            " (the old path goes in sitrep 0.4)",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(new)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the new module was executed when it was imported."""


def install_moved_module_aliases() -> None:
    """Let the old module paths import (once per process)."""
    if not any(isinstance(finder, _MovedModules) for finder in sys.meta_path):
        sys.meta_path.append(_MovedModules())
